"""Bring your own voice: config.toml's ``voice_command`` (and ``voice_model``) speaks every cue;
a phrase it fails on is spoken by the next engine (or the shipped clip), with one notice, and a
workout never stops for it. A stand-in script plays the engine: no model, no real speech."""

from __future__ import annotations

import array
import shutil
import sys
import wave
from pathlib import Path

import pytest

from helpers import STUB_SAMPLE, stub_engines
from trainertui import voice
from trainertui.audio import Clips
from trainertui.paths import config_file
from trainertui.settings import SoundSettings, load_settings

OWN_SAMPLE = 3000
REAL_SOX = shutil.which("sox")  # before the tests narrow PATH; scripts/system-deps.sh installs it

#: The stand-in engine. Its behaviour is its first argument; then either "--out FILE" (else the
#: WAV goes to standard output), "--text TEXT" (else the text is read from standard input) and
#: "--model FILE". Each call adds "MODE|TEXT|MODEL" to calls.log beside the script.
ENGINE = """\
import io, sys, time, wave
args = sys.argv[1:]
mode = args.pop(0)
def opt(name):
    return args[args.index(name) + 1] if name in args else None
text = opt("--text")
if text is None:
    text = sys.stdin.read()
with open(LOG, "a") as log:
    log.write(f"{mode}|{text}|{opt('--model')}\\n")
if mode == "fail":
    sys.exit("boom")
if mode == "hang":
    time.sleep(30)
rate = 16000 if mode == "16k" else 22050
sample = 0 if mode == "silent" else SAMPLE
buffer = io.BytesIO()
if mode == "garbage":
    data = b"this is not a wav file"
else:
    with wave.open(buffer, "wb") as clip:
        clip.setnchannels(1); clip.setsampwidth(2); clip.setframerate(rate)
        clip.writeframes(sample.to_bytes(2, "little", signed=True) * (rate // 10))
    data = buffer.getvalue()
out = opt("--out")
if out is None:
    sys.stdout.buffer.write(data)
else:
    with open(out, "wb") as f:
        f.write(data)
"""


@pytest.fixture
def bin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """All of PATH: the stand-in engine ``myvoice``, and whatever stub_engines adds."""
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "myvoice"
    body = ENGINE.replace("LOG", repr(str(tmp_path / "own.log"))).replace("SAMPLE", str(OWN_SAMPLE))
    script.write_text(f"#!{sys.executable}\n{body}")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(folder))
    return folder


def own_calls(tmp_path: Path) -> list[str]:
    log = tmp_path / "own.log"
    return log.read_text().splitlines() if log.exists() else []


def clip_of(sample: int) -> bytes:
    return array.array("h", [sample] * 2205).tobytes()


def clips(tmp_path: Path, command: str, model: str | None = None) -> Clips:
    return Clips(100, sounds=tmp_path / "sounds", cache=tmp_path / "cache", voice_command=command, voice_model=model)


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """A shipped clip for "Run now" (every sample 500)."""
    folder = tmp_path / "sounds" / "voice"
    folder.mkdir(parents=True)
    with wave.open(str(folder / "run-now.wav"), "wb") as clip:
        clip.setnchannels(1), clip.setsampwidth(2), clip.setframerate(22050)
        clip.writeframes(clip_of(500))
    return folder


def test_the_command_gets_the_text_and_the_file_to_write(bin_dir, tmp_path):
    stub_engines(bin_dir, "sox")
    own = clips(tmp_path, "myvoice ok --text {text} --out {out}")
    assert own.render(["Touch your toes"]) == []
    assert own.words("Touch your toes") == clip_of(OWN_SAMPLE)
    assert own_calls(tmp_path) == ["ok|Touch your toes|None"]


def test_without_placeholders_the_text_goes_in_on_stdin_and_the_wav_comes_out_on_stdout(bin_dir, tmp_path):
    stub_engines(bin_dir, "sox")
    own = clips(tmp_path, "myvoice ok")
    assert own.render(["Touch your toes"]) == []
    assert own.words("Touch your toes") == clip_of(OWN_SAMPLE)
    assert own_calls(tmp_path) == ["ok|Touch your toes|None"]


def test_a_piper_like_command_with_a_model_converted_by_sox(bin_dir, tmp_path):
    assert REAL_SOX, "sox is needed (scripts/system-deps.sh installs it)"
    (bin_dir / "sox").symlink_to(REAL_SOX)
    model = tmp_path / "voice.onnx"
    model.write_bytes(b"a model")
    own = clips(tmp_path, "myvoice 16k --model {model} --out {out}", str(model))
    assert own.render(["Touch your toes"]) == []
    frames = own.words("Touch your toes")
    assert frames is not None and len(frames) > 0  # 16 kHz made 22050 Hz by sox
    assert own_calls(tmp_path) == [f"16k|Touch your toes|{model}"]


def test_it_speaks_the_shipped_phrases_too_and_only_once(bin_dir, tmp_path, shipped):
    stub_engines(bin_dir, "sox", "flite")
    own = clips(tmp_path, "myvoice ok --text {text} --out {out}")
    assert own.render(["Run now", "Touch your toes", "Run now"]) == []
    assert own.words("Run now") == clip_of(OWN_SAMPLE)
    assert own.words("Touch your toes") == clip_of(OWN_SAMPLE)
    assert len(own_calls(tmp_path)) == 2

    again = clips(tmp_path, "myvoice ok --text {text} --out {out}")
    assert again.render(["Run now", "Touch your toes"]) == []
    assert len(own_calls(tmp_path)) == 2  # from the cache
    assert again.words("Run now") == clip_of(OWN_SAMPLE)


def test_a_new_model_or_command_speaks_again(bin_dir, tmp_path):
    stub_engines(bin_dir, "sox")
    model = tmp_path / "voice.onnx"
    model.write_bytes(b"one")
    command = "myvoice ok --model {model} --text {text} --out {out}"
    assert clips(tmp_path, command, str(model)).render(["Touch your toes"]) == []
    assert clips(tmp_path, command, str(model)).render(["Touch your toes"]) == []
    assert len(own_calls(tmp_path)) == 1
    model.write_bytes(b"a different model")
    assert clips(tmp_path, command, str(model)).render(["Touch your toes"]) == []
    assert len(own_calls(tmp_path)) == 2
    assert clips(tmp_path, command + " --fast", str(model)).render(["Touch your toes"]) == []
    assert len(own_calls(tmp_path)) == 3


@pytest.mark.parametrize(
    ("mode", "error"),
    [
        ("fail", "myvoice failed: boom"),
        ("garbage", "the speech clip is not a valid WAV file: file does not start with RIFF id"),
        ("silent", "the speech clip is silent"),
    ],
)
def test_a_broken_command_falls_back_once_with_a_notice(bin_dir, tmp_path, shipped, mode, error):
    stub_engines(bin_dir, "sox", "flite")
    own = clips(tmp_path, f"myvoice {mode} --text {{text}} --out {{out}}")
    problems = own.render(["Run now", "Touch your toes", "Well done"])
    assert problems == [f"your voice command failed on 'Run now' ({error}); the shipped voice speaks instead"]
    assert len(own_calls(tmp_path)) == 1  # not asked again this time
    assert own.words("Run now") == clip_of(500)
    assert own.words("Touch your toes") == clip_of(STUB_SAMPLE["flite"])
    assert own.words("Well done") == clip_of(STUB_SAMPLE["flite"])


def test_a_command_that_hangs_is_given_up_on(bin_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(voice, "TIMEOUT_S", 1)
    stub_engines(bin_dir, "sox", "espeak-ng")
    own = clips(tmp_path, "myvoice hang --text {text} --out {out}")
    assert own.render(["Touch your toes"]) == [
        "your voice command failed on 'Touch your toes' (myvoice took longer than 1 s); espeak-ng speaks instead"
    ]
    assert own.words("Touch your toes") == clip_of(STUB_SAMPLE["espeak-ng"])


def test_with_every_engine_broken_the_tone_plays(bin_dir, tmp_path):
    stub_engines(bin_dir, "sox", "flite", failing=["flite"])
    own = clips(tmp_path, "myvoice fail --text {text} --out {out}")
    assert own.render(["Touch your toes"]) == [
        "your voice command failed on 'Touch your toes' (myvoice failed: boom); flite speaks instead",
        "no spoken prompt for 'Touch your toes': flite failed: it broke; its tone plays instead",
    ]
    assert own.words("Touch your toes") is None


def test_flite_failing_on_a_phrase_hands_it_to_espeak(bin_dir, tmp_path):
    stub_engines(bin_dir, "sox", "flite", "espeak-ng", failing=["flite"])
    plain = Clips(100, sounds=tmp_path / "sounds", cache=tmp_path / "cache")
    assert plain.render(["Touch your toes", "Reach up"]) == [
        "flite could not say 'Touch your toes' (flite failed: it broke); espeak-ng speaks instead"
    ]
    assert plain.words("Touch your toes") == clip_of(STUB_SAMPLE["espeak-ng"])
    assert plain.words("Reach up") == clip_of(STUB_SAMPLE["espeak-ng"])


@pytest.mark.parametrize(
    ("command", "model", "why"),
    [
        ("nosuchvoice --out {out}", None, "'nosuchvoice' is not found"),
        ("myvoice ok --model {model} --out {out}", "/nowhere/voice.onnx", "its model /nowhere/voice.onnx is not there"),
    ],
)
def test_a_voice_that_cannot_run_here_is_passed_over_and_check_audio_says_why(bin_dir, tmp_path, command, model, why):
    stub_engines(bin_dir, "sox", "flite")
    own = clips(tmp_path, command, model)
    assert own.render(["Touch your toes"]) == []
    assert own.words("Touch your toes") == clip_of(STUB_SAMPLE["flite"])
    assert own_calls(tmp_path) == []
    engine, what = voice.engine_choice(own.own)
    assert engine == voice.FLITE
    assert what.startswith("flite (rms); your voice (") and what.endswith(f" is set, but {why}")


def test_engine_choice_names_the_voice_that_speaks(bin_dir, tmp_path):
    model = tmp_path / "v.onnx"
    model.write_bytes(b"m")
    own = voice.own_engine("myvoice ok --model {model} --out {out}", str(model))
    assert voice.engine_choice(own) == (
        voice.OWN,
        f"your voice (myvoice ok --model {{model}} --out {{out}}, model {model})",
    )


def test_a_placeholder_in_the_text_is_not_substituted(tmp_path):
    own = voice.own_engine("myvoice --text {text} --out {out}")
    assert own.command("say {out}", tmp_path / "o.wav") == [
        "myvoice",
        "--text",
        "say {out}",
        "--out",
        str(tmp_path / "o.wav"),
    ]


# --- config.toml -----------------------------------------------------------------------------


def test_the_voice_settings_load(isolated_dirs):
    isolated_dirs.mkdir()
    config_file().write_text(
        '[sound]\nvoice_command = "piper --model {model} --output_file {out}"\nvoice_model = "~/v.onnx"\n'
    )
    settings = load_settings()
    assert settings.problems == ()
    assert settings.sound == SoundSettings(
        voice_command="piper --model {model} --output_file {out}", voice_model="~/v.onnx"
    )
    assert voice.own_engine("piper --model {model}", "~/v.onnx").model == Path("~/v.onnx").expanduser()


@pytest.mark.parametrize(
    ("lines", "problem"),
    [
        (
            'voice_command = "piper --voice {voice} --output_file {out}"',
            "line 2: sound.voice_command should be a command whose placeholders are {text}, {out}, {model}"
            " ({voice} is not one), not 'piper --voice {voice} --output_file {out}'",
        ),
        (
            'voice_command = "piper --model {model}"',
            "line 2: sound.voice_command uses {model}, but sound.voice_model is not set",
        ),
        (
            "voice_command = 3",
            "line 2: sound.voice_command should be a command such as"
            ' "piper --model {model} --output_file {out}", not 3',
        ),
        (
            'voice_command = "piper \'unclosed"',
            'line 2: sound.voice_command should be a command line (No closing quotation), not "piper \'unclosed"',
        ),
        (
            "voice_model = false",
            "line 2: sound.voice_model should be a file's path, without control characters, not False",
        ),
        (
            'voice_command = "piper \\u001b]0;owned\\u0007 --output_file {out}"',
            "line 2: sound.voice_command should be a command line without control characters (it has U+001B ESC),"
            " not 'piper \\x1b]0;owned\\x07 --output_file {out}'",
        ),
        (
            'voice_model = "/voices/\\u202eexr.onnx"',
            "line 2: sound.voice_model should be a file's path, without control characters,"
            " not '/voices/\\u202eexr.onnx'",
        ),
    ],
)
def test_a_wrong_voice_setting_is_one_line_and_the_rest_still_apply(isolated_dirs, lines, problem):
    isolated_dirs.mkdir()
    config_file().write_text(f"[sound]\n{lines}\nvolume = 30\n")
    settings = load_settings()
    assert settings.problems == (f"{config_file()} {problem}",)
    assert settings.sound.volume == 30
    assert settings.sound.voice_command is None

"""Which engine speaks a user routine's own words: flite, else espeak-ng, else none (tones
only), and the cache keeps each engine's clips apart. Stand-in engines on PATH, no speech."""

from __future__ import annotations

import array
import wave
from pathlib import Path

import pytest

from helpers import STUB_SAMPLE, stub_engines
from trainertui import voice
from trainertui.audio import Clips


@pytest.fixture
def bin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder that is all of PATH; put stand-ins in it with stub_engines."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    return folder


def samples(path: Path) -> set[int]:
    with wave.open(str(path), "rb") as clip:
        return set(array.array("h", clip.readframes(clip.getnframes())))


def calls(bin_dir: Path) -> list[str]:
    log = bin_dir.parent / "calls.log"
    return log.read_text().split() if log.exists() else []


@pytest.mark.parametrize(
    ("programs", "engine", "why"),
    [
        (("flite", "sox", "espeak-ng"), "flite", "flite (rms)"),
        (("flite", "sox"), "flite", "flite (rms)"),
        (("espeak-ng", "sox"), "espeak-ng", "espeak-ng (flite is not installed)"),
        (("espeak-ng",), "espeak-ng", "espeak-ng (flite is not installed)"),
        (
            ("flite", "espeak-ng"),
            "espeak-ng",
            "espeak-ng (flite is installed but sox, which converts its speech, is not)",
        ),
        (("sox",), None, "none, tones only (neither flite nor espeak-ng is installed)"),
        (
            ("flite",),
            None,
            "none, tones only (flite is installed but sox, which converts its speech, is not,"
            " and espeak-ng is not installed)",
        ),
        ((), None, "none, tones only (neither flite nor espeak-ng is installed)"),
    ],
)
def test_the_engine_is_flite_then_espeak_then_none(bin_dir, programs, engine, why):
    stub_engines(bin_dir, *programs)
    assert voice.runtime_engine() == engine
    assert voice.engine_choice() == (engine, why)


@pytest.mark.parametrize(
    ("programs", "engine"), [(("flite", "sox", "espeak-ng"), "flite"), (("espeak-ng",), "espeak-ng")]
)
def test_render_uses_the_runtime_engine(bin_dir, tmp_path, programs, engine):
    stub_engines(bin_dir, *programs)
    voice.render("Touch your toes", tmp_path / "out.wav")
    assert samples(tmp_path / "out.wav") == {STUB_SAMPLE[engine]}


def test_render_without_an_engine_says_so(bin_dir, tmp_path):
    with pytest.raises(voice.VoiceError, match="^neither flite nor espeak-ng is installed$"):
        voice.render("Touch your toes", tmp_path / "out.wav")
    stub_engines(bin_dir, "flite")
    with pytest.raises(voice.VoiceError, match=r"^sox is not installed \(flite's speech needs converting\)$"):
        voice.render("Touch your toes", tmp_path / "out.wav", voice.FLITE)


def test_the_flite_command_is_the_shipped_clips_voice(tmp_path):
    assert voice.engine_command(voice.FLITE, "-3 to go", tmp_path / "o.wav") == [
        "flite",
        "-voice",
        "rms",
        "--setf",
        "duration_stretch=0.95",
        "-t",
        "-3 to go",
        "-o",
        str(tmp_path / "o.wav"),
    ]


def test_flite_renders_into_its_own_cache_folder_once(bin_dir, tmp_path):
    stub_engines(bin_dir, "flite", "sox", "espeak-ng")
    clips = Clips(100, sounds=tmp_path / "sounds", cache=tmp_path / "cache")
    assert clips.render(["Touch your toes"]) == []
    clip = tmp_path / "cache" / "flite-rms-0.95" / "touch-your-toes.wav"
    assert samples(clip) == {STUB_SAMPLE["flite"]}
    assert clips.words("Touch your toes") == array.array("h", [STUB_SAMPLE["flite"]] * 2205).tobytes()
    assert calls(bin_dir) == ["flite", "sox"]

    again = Clips(100, sounds=tmp_path / "sounds", cache=tmp_path / "cache")
    assert again.render(["Touch your toes"]) == [] and again.has_words("Touch your toes")
    assert calls(bin_dir) == ["flite", "sox"]  # from the cache: no engine run


def test_an_espeak_render_is_not_reused_once_flite_is_installed(bin_dir, tmp_path):
    stub_engines(bin_dir, "espeak-ng")
    cache = tmp_path / "cache"
    before = Clips(100, sounds=tmp_path / "sounds", cache=cache)
    assert before.render(["Touch your toes"]) == []
    assert samples(cache / "espeak-ng-en-gb-150" / "touch-your-toes.wav") == {STUB_SAMPLE["espeak-ng"]}
    # An older trainertui kept its espeak-ng clips at the top of the cache folder.
    (cache / "touch-your-toes.wav").write_bytes((cache / "espeak-ng-en-gb-150" / "touch-your-toes.wav").read_bytes())

    stub_engines(bin_dir, "flite", "sox")
    after = Clips(100, sounds=tmp_path / "sounds", cache=cache)
    # Until flite has said it, espeak-ng's words are better than a tone...
    assert after.words("Touch your toes") == array.array("h", [STUB_SAMPLE["espeak-ng"]] * 2205).tobytes()
    assert after.render(["Touch your toes"]) == []
    # ...and once it has, flite's are played.
    after = Clips(100, sounds=tmp_path / "sounds", cache=cache)
    assert after.words("Touch your toes") == array.array("h", [STUB_SAMPLE["flite"]] * 2205).tobytes()


def test_with_no_engine_the_words_are_tones_even_with_old_renders(bin_dir, tmp_path):
    stub_engines(bin_dir, "espeak-ng")
    cache = tmp_path / "cache"
    assert Clips(100, sounds=tmp_path / "sounds", cache=cache).render(["Touch your toes"]) == []
    (bin_dir / "espeak-ng").unlink()
    clips = Clips(100, sounds=tmp_path / "sounds", cache=cache)
    assert clips.words("Touch your toes") is None
    assert clips.render(["Touch your toes"]) == [
        "no spoken prompt for 'Touch your toes': neither flite nor espeak-ng is installed; its tone plays instead"
    ]


def test_a_failing_engine_is_a_problem_not_a_crash(bin_dir, tmp_path):
    stub_engines(bin_dir, "flite", "sox", failing=["flite"])
    clips = Clips(100, sounds=tmp_path / "sounds", cache=tmp_path / "cache")
    assert clips.render(["Touch your toes"]) == [
        "no spoken prompt for 'Touch your toes': flite failed: it broke; its tone plays instead"
    ]
    assert clips.words("Touch your toes") is None
    assert not list((tmp_path / "cache").rglob("*.wav"))


def test_a_shipped_phrase_never_asks_which_engine(bin_dir, tmp_path, monkeypatch):
    (tmp_path / "sounds" / "voice").mkdir(parents=True)
    with wave.open(str(tmp_path / "sounds" / "voice" / "run-now.wav"), "wb") as clip:
        clip.setnchannels(1), clip.setsampwidth(2), clip.setframerate(22050), clip.writeframes(bytes(100))
    monkeypatch.setattr(voice, "engines", lambda own=None: pytest.fail("asked which engine"))
    clips = Clips(100, sounds=tmp_path / "sounds", cache=tmp_path / "cache")
    assert clips.render(["Run now"]) == [] and clips.words("Run now") == bytes(100)

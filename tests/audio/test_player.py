"""The player against a real ALSA device that writes what it is given to files."""

from __future__ import annotations

import array

import pytest

from audio_helpers import frames, tone, words
from trainertui import voice
from trainertui.audio import Clips, NullPlayer, SimpleAudioPlayer, make_player, silence_alsa_errors
from trainertui.model import Cue
from trainertui.settings import SoundSettings

RUN_NOW = Cue(10, "start", "Run now", 1, "run")
TICK = Cue(7, "countdown", "3", 0)
HALFWAY = Cue(60, "halfway", "Halfway", 1)
ONE_MINUTE = Cue(120, "remaining", "One minute left", 1)
FINISH = Cue(180, "finish", "Workout complete, well done", 2)


def played(player, *cues: Cue) -> None:
    for cue in cues:
        player.play(cue)
    player.wait()


def test_each_cue_is_one_sound_words_first_on_a_change_and_the_bell_first_otherwise(alsa_capture):
    player = make_player(SoundSettings(volume=100))
    assert isinstance(player, SimpleAudioPlayer)
    played(player, RUN_NOW, TICK, HALFWAY, ONE_MINUTE, FINISH)
    probe, *cues = alsa_capture()
    assert probe == bytes(440)  # the device check: 10 ms of silence
    assert cues == [
        words("run-now") + tone("run"),
        tone("tick"),
        tone("halfway") + words("halfway"),
        words("one-minute-left"),
        words("workout-complete-well-done") + tone("finish"),
    ]


def test_the_lead_is_the_length_of_the_words(alsa_capture):
    player = make_player(SoundSettings())
    assert player.lead_s(RUN_NOW) == pytest.approx(len(words("run-now")) / 2 / 22050)
    assert 0.3 < player.lead_s(RUN_NOW) < 1.2
    assert player.lead_s(TICK) == player.lead_s(HALFWAY) == 0


def test_volume_scales_the_samples(alsa_capture):
    player = make_player(SoundSettings(volume=50))
    played(player, TICK)
    full = array.array("h", tone("tick"))
    assert alsa_capture()[1] == array.array("h", [int(x * 0.5) for x in full]).tobytes()


def test_voice_off_plays_tones_and_needs_no_lead(alsa_capture):
    player = make_player(SoundSettings(voice=False, volume=100))
    played(player, RUN_NOW, ONE_MINUTE)
    assert alsa_capture()[1:] == [tone("run"), tone("halfway")]
    assert player.lead_s(RUN_NOW) == 0


def test_tones_off_speaks_and_the_countdown_is_silent(alsa_capture):
    player = make_player(SoundSettings(tones=False, volume=100))
    played(player, TICK, RUN_NOW)
    assert alsa_capture()[1:] == [words("run-now")]


def test_both_off_is_no_player_at_all(alsa_capture):
    player = make_player(SoundSettings(voice=False, tones=False))
    assert isinstance(player, NullPlayer) and "both off" in player.reason
    assert alsa_capture() == []


def test_the_apps_player_imports_and_opens_nothing_until_the_first_workout_loads(alsa_capture):
    """make_player(probe=False), as the app makes it: simpleaudio and ctypes are imported, and
    the device opened, by the first load (on the thread that loads a workout's sounds)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from trainertui.audio import make_player\n"
        "from trainertui.settings import SoundSettings\n"
        "player = make_player(SoundSettings(voice=False), probe=False)\n"
        "print(sorted(m for m in ('ctypes', 'simpleaudio') if m in sys.modules), flush=True)\n"
        "input()\n"  # the test looks at the capture folder here
        "print(player.load([]))\n"
        "player.wait()\n"
        "print(sorted(m for m in ('ctypes', 'simpleaudio') if m in sys.modules))\n"
    )
    with subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as child:
        assert child.stdout is not None and child.stdin is not None
        assert child.stdout.readline() == "[]\n"
        assert alsa_capture() == []  # no stream yet
        out, err = child.communicate("\n", timeout=60)
    assert child.returncode == 0, err
    assert out.splitlines() == ["[]", "['ctypes', 'simpleaudio']"]
    assert alsa_capture() == [bytes(2 * 220)]  # 10 ms of silence at 22,050 Hz


def test_a_missing_simpleaudio_is_said_at_once_by_check_audio_and_as_the_workout_loads(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def without_simpleaudio(name, *args, **kwargs):
        if name == "simpleaudio":
            raise ImportError("No module named 'simpleaudio'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_simpleaudio)
    reason = "sound off: simpleaudio is not installed (No module named 'simpleaudio')"
    probed = make_player(SoundSettings())
    assert isinstance(probed, NullPlayer) and probed.reason == reason and not probed.device_failed
    from trainertui.audio import CueOutput

    cues = CueOutput(make_player(SoundSettings(voice=False), probe=False))
    assert cues.load([RUN_NOW]) == [reason[:1].upper() + reason[1:]] and cues.off_reason == reason


def test_a_missing_device_gives_the_reason_and_not_a_word_on_stderr(no_device, capfd):
    player = make_player(SoundSettings())
    assert isinstance(player, NullPlayer)
    assert player.reason == "sound off: no audio device (No such device)"
    player.play(RUN_NOW)  # and a NullPlayer is safe to use
    out, err = capfd.readouterr()
    assert "ALSA" not in err and err == ""


def test_without_the_silencer_alsa_would_have_written_to_the_terminal(no_device, tmp_path):
    """The reason silence_alsa_errors exists, shown in a fresh process (it is process-wide)."""
    import subprocess
    import sys

    code = (
        "import simpleaudio\ntry:\n    simpleaudio.play_buffer(bytes(440), 1, 2, 22050)\nexcept Exception:\n    pass\n"
    )
    loud = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    quiet = subprocess.run(
        [sys.executable, "-c", "from trainertui.audio import silence_alsa_errors\nsilence_alsa_errors()\n" + code],
        capture_output=True,
        text=True,
    )
    assert "ALSA lib" in loud.stderr
    assert quiet.stderr == ""
    silence_alsa_errors()  # (and calling it again in this process is harmless)


def test_a_user_routines_words_are_rendered_once_into_the_cache(alsa_capture, tmp_path, monkeypatch):
    cue = Cue(30, "start", "Touch your toes", 1, "stretch")
    clips = Clips(100)
    assert clips.engine == voice.FLITE  # the test machine has flite and sox (scripts/system-deps.sh)
    player = make_player(SoundSettings(volume=100), clips)
    assert player.load([cue]) == []
    cached = clips.cache / voice.cache_key(voice.FLITE) / f"{voice.slug('Touch your toes')}.wav"
    assert cached.exists()
    played(player, cue)
    assert alsa_capture()[1] == frames(cached) + tone("exercise")

    # Next time it comes from the cache: no engine is run.
    monkeypatch.setattr(voice, "render", lambda *args: pytest.fail("rendered again"))
    again = make_player(SoundSettings(volume=100), Clips(100))
    assert again.load([cue]) == []
    assert again.lead_s(cue) == pytest.approx(len(frames(cached)) / 2 / 22050)


def test_without_an_engine_a_user_routines_words_fall_back_to_the_tone(alsa_capture, monkeypatch):
    monkeypatch.setattr(voice, "engines", lambda own=None: [])
    cue = Cue(30, "start", "Touch your toes", 1, "stretch")
    player = make_player(SoundSettings(volume=100))
    problems = player.load([cue])
    assert problems == [
        "no spoken prompt for 'Touch your toes': neither flite nor espeak-ng is installed; its tone plays instead"
    ]
    played(player, cue)
    assert alsa_capture()[1] == tone("exercise")
    assert player.lead_s(cue) == 0

"""CueOutput: the mute switch, remembering it, and a player that fails being replaced by
silence with one sentence to show; and the app's player, which opens the device only as the
first workout loads. Plain Python: no screen, no sound card."""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest

from helpers import FakeBackend, RecordingPlayer, Stream
from trainertui.audio import CueOutput, NullPlayer, SimpleAudioPlayer, SoundSystem, make_player, what_to_check
from trainertui.model import Cue
from trainertui.settings import SoundSettings
from trainertui.tones import RATE

RUN = Cue(0, "start", "Run now", 0, "run")


class BrokenPlayer(RecordingPlayer):
    """Fails like a device unplugged mid-workout, on the calls named in ``failing``."""

    def __init__(self, *failing: str) -> None:
        super().__init__()
        self.failing = set(failing)

    def _maybe_fail(self, name: str) -> None:
        if name in self.failing:
            raise RuntimeError("Error opening PCM device. -- CODE: -19 -- MSG: No such device")

    def play(self, cue: Cue) -> None:
        self._maybe_fail("play")
        super().play(cue)

    def stop(self) -> None:
        self._maybe_fail("stop")
        super().stop()

    def load(self, cues: object) -> list[str]:  # type: ignore[override]
        self._maybe_fail("load")
        return ["no spoken prompt for 'Squat': neither flite nor espeak-ng is installed; its tone plays instead"]

    def lead_s(self, cue: Cue) -> float:
        self._maybe_fail("lead")
        return 0.7


def test_cues_play_unless_muted_and_muting_silences_what_plays():
    player = RecordingPlayer()
    cues = CueOutput(player)
    assert cues.play(RUN) is None and player.texts == ["Run now"]
    assert cues.set_muted(True) is None
    assert cues.muted and player.stops == 1
    cues.play(RUN)
    assert player.texts == ["Run now"]
    cues.set_muted(False)
    cues.play(RUN)
    assert player.texts == ["Run now", "Run now"]


def test_each_change_of_the_switch_is_remembered_and_a_problem_returned():
    remembered: list[bool] = []

    def remember(muted: bool) -> str | None:
        remembered.append(muted)
        return "could not save /x/config.toml: Permission denied" if muted else None

    cues = CueOutput(RecordingPlayer(), remember_mute=remember)
    assert cues.set_muted(True) == "could not save /x/config.toml: Permission denied"
    assert cues.set_muted(False) is None
    assert remembered == [True, False]


def test_a_player_that_fails_is_replaced_by_silence_and_says_so_once():
    cues = CueOutput(BrokenPlayer("play"))
    assert cues.off_reason == ""
    told = cues.play(RUN)
    assert told == "Sound off: no audio device (No such device)"
    assert isinstance(cues.player, NullPlayer) and cues.off_reason == "sound off: no audio device (No such device)"
    assert cues.play(RUN) is None  # silence from now on, and nothing more to tell


def test_failures_while_loading_or_asking_a_lead_fall_back_too():
    cues = CueOutput(BrokenPlayer("lead"))
    assert cues.lead_s(RUN) == 0.0 and isinstance(cues.player, NullPlayer)
    loading = CueOutput(BrokenPlayer("load"))
    assert loading.load([RUN]) == ["Sound off: no audio device (No such device)"]
    fine = CueOutput(BrokenPlayer())
    assert fine.load([RUN]) == [
        "no spoken prompt for 'Squat': neither flite nor espeak-ng is installed; its tone plays instead"
    ]
    assert fine.lead_s(RUN) == 0.7


def test_a_player_that_fails_to_stop_is_replaced_too():
    cues = CueOutput(BrokenPlayer("stop"))
    assert cues.set_muted(True) == "Sound off: no audio device (No such device)"
    assert cues.muted and cues.off_reason.startswith("sound off:")
    cues.close()  # a NullPlayer closes quietly


# --- what check-audio says to check when the device does not open ---------------------------


def test_a_running_sound_server_without_alsas_plugin_is_named_first():
    lines = what_to_check(
        "sound off: no audio device", SoundSystem(cards=("HDA Intel",), server_socket="/run/user/1000/pulse/native")
    )
    assert lines[0] == "tried: ALSA's 'default' device"
    assert "libasound2-plugins" in lines[1] and "pipewire-alsa" in lines[1]


def test_a_card_the_user_may_not_open_points_at_the_audio_group():
    lines = what_to_check("sound off: no audio device", SoundSystem(cards=("HDA Intel",), dev_snd_usable=False))
    assert any("'audio' group" in line and "usermod -aG audio" in line for line in lines)
    member = what_to_check(
        "sound off: no audio device", SoundSystem(cards=("HDA Intel",), dev_snd_usable=False, in_audio_group=True)
    )
    assert not any("'audio' group" in line for line in member)


def test_no_card_and_no_server_says_so_and_a_busy_card_says_who_shares():
    assert any("no sound card" in line for line in what_to_check("sound off: x", SoundSystem()))
    busy = what_to_check("sound off: the audio device is busy (x)", SoundSystem(cards=("USB",), pulse_plugin=True))
    assert any("another program holds the card" in line for line in busy)
    assert not any("no sound card" in line or "plugin" in line for line in busy)


def test_the_file_that_defines_default_is_named():
    lines = what_to_check("sound off: x", SoundSystem(cards=("USB",), asoundrc="/home/p/.asoundrc"))
    assert lines[0] == "tried: ALSA's 'default' device, as /home/p/.asoundrc defines it"
    assert "check: /home/p/.asoundrc, which sets what 'default' means" in lines


# --- the app's player: the device opened by the first load, not before the menu -----------


@pytest.fixture
def simpleaudio_as(monkeypatch: pytest.MonkeyPatch) -> Callable[[FakeBackend], None]:
    """Make ``import simpleaudio`` give a fake; make_player's changes to the environment
    (the cue streams' event role) are put back after the test."""
    for name in ("PULSE_PROP", "PIPEWIRE_PROPS"):
        monkeypatch.setenv(name, "")

    def use(backend: FakeBackend) -> None:
        monkeypatch.setitem(sys.modules, "simpleaudio", backend)

    return use


def test_the_app_opens_the_device_as_the_first_workout_loads_and_once(simpleaudio_as):
    """make_player(probe=False), the app's: nothing is played on the way to the menu; the
    first load plays the moment of silence that checks the device, and no later load again."""
    backend = FakeBackend()
    simpleaudio_as(backend)
    player = make_player(SoundSettings(voice=False), probe=False)
    assert isinstance(player, SimpleAudioPlayer) and backend.streams == []
    cues = CueOutput(player)
    assert cues.load([RUN]) == [] and cues.load([RUN]) == []
    assert [s.frames for s in backend.streams] == [bytes(2 * (RATE * 10 // 1000))]


def test_a_device_that_will_not_open_is_told_as_the_first_workout_loads_and_it_goes_on_silent(simpleaudio_as):
    class Absent(FakeBackend):
        def play_buffer(self, frames: bytes, channels: int, width: int, rate: int) -> Stream:
            raise RuntimeError("Error opening PCM device. -- CODE: -2 -- MSG: No such file or directory")

    simpleaudio_as(Absent())
    cues = CueOutput(make_player(SoundSettings(voice=False), probe=False))
    assert cues.off_reason == ""  # not known until a workout needs the device
    assert cues.load([RUN]) == ["Sound off: no audio device (No such file or directory)"]
    assert cues.off_reason == "sound off: no audio device (No such file or directory)"
    assert isinstance(cues.player, NullPlayer) and cues.play(RUN) is None

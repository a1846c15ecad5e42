"""WorkoutDesktop's rules, with fakes for keep-awake and the media players (the real ones are
tested against D-Bus fakes in tests/desktop)."""

from __future__ import annotations

from trainertui.workout_desktop import AFTER_WORDS_S, WorkoutDesktop


class Awake:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def hold(self) -> None:
        self.calls.append("hold")

    def release(self) -> None:
        self.calls.append("release")

    def close(self) -> None:
        self.calls.append("close")


class Paused:
    def __init__(self, log: list[str]) -> None:
        self.log = log

    def resume(self) -> None:
        self.log.append("resume")


class Music:
    def __init__(self) -> None:
        self.log: list[str] = []

    def pause_playing(self) -> Paused:
        self.log.append("pause")
        return Paused(self.log)

    def close(self) -> None:
        self.log.append("close")


def test_held_exactly_while_running():
    awake = Awake()
    desktop = WorkoutDesktop(keep_awake=awake)  # type: ignore[arg-type]
    desktop.follow(running=True, resting=False)
    desktop.follow(running=True, resting=True)  # a change of step: still one hold
    desktop.follow(running=False, resting=True)
    desktop.follow(running=False, resting=True)
    desktop.follow(running=True, resting=False)
    desktop.ended()
    desktop.close()
    assert awake.calls == ["hold", "release", "hold", "release", "close"]


def test_overlapping_cues_pause_once_and_resume_after_the_last():
    music = Music()
    desktop = WorkoutDesktop(music=music, pause_music="cues")  # type: ignore[arg-type]
    desktop.follow(running=True, resting=False)
    assert desktop.words(10.0, 1.0) == 11.0 + AFTER_WORDS_S
    assert desktop.words(10.5, 2.0) == 12.5 + AFTER_WORDS_S
    desktop.words_over(11.0 + AFTER_WORDS_S)  # the first cue's timer: a later one pushed it back
    assert music.log == ["pause"]
    desktop.words_over(12.5 + AFTER_WORDS_S)
    assert music.log == ["pause", "resume"]
    desktop.words_over(20.0)  # nothing paused: nothing to resume
    assert music.log == ["pause", "resume"]


def test_pausing_the_workout_gives_the_music_back_at_once():
    music = Music()
    desktop = WorkoutDesktop(music=music, pause_music="cues")  # type: ignore[arg-type]
    desktop.words(0.0, 3.0)
    desktop.follow(running=False, resting=False)
    assert music.log == ["pause", "resume"]


def test_rests_pause_for_the_rest_and_cues_then_do_nothing():
    music = Music()
    desktop = WorkoutDesktop(music=music, pause_music="rests")  # type: ignore[arg-type]
    desktop.follow(running=True, resting=False)
    assert desktop.words(0.0, 1.0) is None
    desktop.follow(running=True, resting=True)
    desktop.follow(running=True, resting=True)  # the 3-2-1 of the same rest, a checkpoint
    assert music.log == ["pause"]
    desktop.follow(running=True, resting=False)
    assert music.log == ["pause", "resume"]


def test_changing_the_setting_gives_back_what_the_old_one_paused():
    music = Music()
    desktop = WorkoutDesktop(music=music, pause_music="rests")  # type: ignore[arg-type]
    desktop.follow(running=True, resting=True)
    desktop.set_pause_music("off")
    assert music.log == ["pause", "resume"]
    desktop.follow(running=True, resting=True)
    assert music.log == ["pause", "resume"]


def test_off_and_no_players_do_nothing():
    music = Music()
    off = WorkoutDesktop(music=music, pause_music="off")  # type: ignore[arg-type]
    off.follow(running=True, resting=True)
    assert off.words(0.0, 1.0) is None and music.log == []
    nothing = WorkoutDesktop()
    nothing.follow(running=True, resting=True)
    assert nothing.words(0.0, 1.0) is None
    nothing.close()


def test_the_finish_words_keep_the_music_paused_until_they_end():
    """The screen lets the finish's "Well done" play out: the end of the workout releases
    keep-awake and a rest's pause at once, but the words' pause waits for its timer (or the
    app's exit)."""
    awake, music = Awake(), Music()
    desktop = WorkoutDesktop(keep_awake=awake, music=music, pause_music="cues")  # type: ignore[arg-type]
    desktop.follow(running=True, resting=False)
    until = desktop.words(100.0, 2.0)
    desktop.ended()
    assert awake.calls == ["hold", "release"]
    assert music.log == ["pause"]
    assert until is not None
    desktop.words_over(until)
    assert music.log == ["pause", "resume"]
    desktop.words(200.0, 2.0)  # another finish, then the app leaves before the timer
    desktop.ended()
    desktop.close()
    assert music.log == ["pause", "resume", "pause", "resume", "close"]


def test_the_end_gives_back_a_rests_pause_at_once():
    music = Music()
    desktop = WorkoutDesktop(music=music, pause_music="rests")  # type: ignore[arg-type]
    desktop.follow(running=True, resting=True)
    desktop.ended()
    assert music.log == ["pause", "resume"]


def test_settle_waits_for_both_threads():
    waited: list[float] = []

    class Waits:
        def wait(self, timeout_s: float) -> bool:
            waited.append(timeout_s)
            return True

    desktop = WorkoutDesktop(keep_awake=Waits(), music=Waits())  # type: ignore[arg-type]
    assert desktop.settle(1.0)
    assert len(waited) == 2 and all(0 <= t <= 1.0 for t in waited)
    assert WorkoutDesktop().settle(1.0)

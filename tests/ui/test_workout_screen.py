"""The workout screen driven by keys and a FakeClock: what a person sees and hears."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from helpers import RecordingPlayer, programme_of, screen_text, session_of
from trainertui.audio import NullPlayer
from trainertui.catalogue import Catalogue
from trainertui.clock import ScaledClock
from trainertui.ui.app import TrainerApp
from trainertui.ui.commands import StartSessionCommands
from trainertui.ui.screens.dialogs import ConfirmDialog
from trainertui.ui.screens.summary import SummaryScreen
from trainertui.ui.screens.workout import WorkoutScreen
from trainertui.ui.widgets.big_text import BigFigure, BigWord
from trainertui.workout import State

# warm-up 10 s, run 60 s, walk 30 s, an 8-rep exercise, cool-down 10 s: 110 s planned.
PROGRAMME = programme_of(session_of(("warmup", 10), ("run", 60), ("walk", 30), ("exercise", None), ("cooldown", 10)))


def text(screen, selector: str) -> str:
    widget = screen.query_one(selector)  # a Static, or the PlainLine of the times
    return "" if widget.has_class("-empty") else str(widget.render())


def shown(screen) -> dict[str, str]:
    return {
        "banner": text(screen, "#banner"),
        "word": screen.query_one("#kind", BigWord).text,
        "digits": screen.query_one("#countdown", BigFigure).text,
        "target": screen.query_one("#target", BigWord).text,
        "detail": text(screen, "#detail"),
        "prompt": text(screen, "#prompt"),
        "callout": text(screen, "#callout"),
        "next": text(screen, "#next"),
        "position": text(screen, "#position"),
        "times": text(screen, "#times"),
        "sound": text(screen, "#sound"),
    }


def footer_actions(screen) -> set[str]:
    """The actions the Footer offers now (check_action decides Pause or Resume, Done or not)."""
    return {binding.action for _, binding, enabled, _ in screen.app.active_bindings.values() if enabled}


@pytest.fixture
def app(make_app):
    return make_app(Catalogue([PROGRAMME]), start=(PROGRAMME, PROGRAMME.sessions[0]))


async def advance(pilot, clock, seconds: float) -> None:
    clock.advance(seconds)
    pilot.app.screen.sync()
    await pilot.pause()


async def test_starts_at_once_and_counts_down_through_the_steps(app, clock, player):
    async with app.run_test() as pilot:
        screen = app.screen
        assert isinstance(screen, WorkoutScreen)
        assert screen.workout.state is State.RUNNING
        assert shown(screen) == {
            "word": "WARM UP",
            "banner": "WARM UP · warmup 0",
            "digits": "00:10",
            "target": "",
            "detail": "",
            "prompt": "",
            "callout": "",
            "next": "Next: RUN · run 1 · 01:00",
            "position": "Step 1 of 5",
            "times": "00:00 done · 01:50 left",
            "sound": "",
        }
        assert screen.has_class("-warmup")
        await advance(pilot, clock, 10.25)  # into the run
        assert shown(screen)["banner"] == "RUN · run 1"
        assert shown(screen)["digits"] == "01:00"  # 59.75 s left shows as a whole 60
        assert screen.has_class("-run") and not screen.has_class("-warmup")
        await advance(pilot, clock, 30)
        assert shown(screen)["digits"] == "00:30"
        assert shown(screen)["times"] == "00:40 done · 01:10 left"
        await advance(pilot, clock, 30)  # 70.25 s: the walk
        assert shown(screen)["banner"] == "WALK · walk 2"
        assert shown(screen)["next"] == "Next: EXERCISE · exercise 3 · 8 reps"
        assert shown(screen)["position"] == "Step 3 of 5"
        assert player.texts[:5] == ["Warm up", "3", "2", "1", "Run now"]


async def test_the_screen_changes_only_when_the_shown_second_does(app, clock):
    async with app.run_test() as pilot:
        screen = app.screen
        await advance(pilot, clock, 12.25)
        before = screen._view
        await advance(pilot, clock, 0.5)  # 12.75 s: still 58 s left on the run... shown as 00:58
        assert screen._view == before
        await advance(pilot, clock, 0.5)
        assert screen._view != before


async def test_space_pauses_and_resumes_and_the_footer_follows(app, clock, player):
    async with app.run_test() as pilot:
        screen = app.screen
        await advance(pilot, clock, 20)
        assert {"pause", "skip", "back", "stop"} <= footer_actions(screen)
        assert "resume" not in footer_actions(screen)
        await pilot.press("space")
        assert screen.workout.state is State.PAUSED
        assert screen.has_class("-paused")
        assert shown(screen)["prompt"] == "Paused · press Space to resume"
        assert shown(screen)["word"] == "PAUSED" and shown(screen)["banner"] == "RUN · run 1"
        assert "resume" in footer_actions(screen) and "pause" not in footer_actions(screen)
        assert player.stops >= 1  # whatever was being said stops
        await advance(pilot, clock, 600)  # ten minutes on pause change nothing
        assert shown(screen)["digits"] == "00:50"
        assert screen.cue_timer_deadline is None  # no cue can fall due while paused
        await pilot.press("space")
        assert not screen.has_class("-paused")
        assert shown(screen)["prompt"] == "" and shown(screen)["word"] == "RUN"
        assert screen.cue_timer_deadline == screen.workout.next_cue_at() == clock.monotonic() + 47
        await advance(pilot, clock, 10)
        assert shown(screen)["digits"] == "00:40"


async def test_skip_and_back(app, clock, player):
    async with app.run_test() as pilot:
        screen = app.screen
        await pilot.press("n")
        assert shown(screen)["banner"] == "RUN · run 1"
        assert shown(screen)["digits"] == "01:00"
        assert player.texts[-1] == "Run now"
        await pilot.press("right")
        assert shown(screen)["banner"] == "WALK · walk 2"
        await advance(pilot, clock, 5)
        await pilot.press("pageup")  # 5 s in: back restarts the walk
        assert (shown(screen)["banner"], shown(screen)["digits"]) == ("WALK · walk 2", "00:30")
        await pilot.press("left")  # straight away again: back to the run
        assert (shown(screen)["banner"], shown(screen)["digits"]) == ("RUN · run 1", "01:00")
        assert player.texts[-1] == "Run now"  # said again: the run starts over
        assert screen.cue_timer_deadline == clock.monotonic() + 57  # re-armed for its "3"


async def test_a_rep_step_waits_for_enter(app, clock):
    async with app.run_test() as pilot:
        screen = app.screen
        await advance(pilot, clock, 100.5)
        assert shown(screen)["banner"] == "EXERCISE · exercise 3"
        assert (shown(screen)["digits"], shown(screen)["target"]) == ("8", "reps")  # the target, large
        assert shown(screen)["prompt"] == "Press Enter when done"
        assert "done" in footer_actions(screen)
        await advance(pilot, clock, 45)  # the time spent is the small figure; the workout waits
        assert shown(screen)["detail"] == "00:45 so far"
        assert screen.workout.status().index == 3
        await pilot.press("enter")
        assert shown(screen)["banner"] == "COOL DOWN · cooldown 4"
        assert shown(screen)["digits"] == "00:10"
        assert "done" not in footer_actions(screen)


async def test_quit_asks_first_and_holds_the_workout_still(app, clock):
    async with app.run_test() as pilot:
        screen = app.screen
        await advance(pilot, clock, 20)
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmDialog)
        assert screen.workout.state is State.PAUSED
        clock.advance(30)
        await pilot.press("n")  # keep going: it resumes where it was
        assert app.screen is screen
        assert screen.workout.state is State.RUNNING
        assert shown(screen)["digits"] == "00:50"
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # escape in the dialog means no
        assert app.screen is screen
        await pilot.press("q", "y")
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert not summary.summary.completed
        assert summary.query_one("#outcome", Static).render().plain == "Stopped early: a partial workout"


async def test_ctrl_q_during_a_workout_asks_too(app):
    async with app.run_test() as pilot:
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmDialog)
        assert app.is_running


async def test_finishing_shows_the_summary_then_the_menu(app, clock, player):
    async with app.run_test() as pilot:
        await advance(pilot, clock, 100)
        await pilot.press("enter")  # the rep step
        await advance(pilot, clock, 10)
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert summary.summary.completed
        assert summary.query_one("#outcome", Static).render().plain == "✔ Workout complete"
        assert player.texts[-1] == "Workout complete, well done"
        await pilot.press("escape")  # skips the check-in (Enter would move to its next field)
        assert type(app.screen).__name__ == "MenuScreen"


async def test_a_laptop_sleep_pauses_and_says_so(app, clock):
    async with app.run_test() as pilot:
        screen = app.screen
        await advance(pilot, clock, 20)
        clock.advance(0.25)
        clock.sleep_wall(192)  # suspended: wall time jumped, monotonic time stood still
        screen.sync()
        await pilot.pause()
        assert screen.workout.state is State.PAUSED
        assert shown(screen)["prompt"] == "Paused: the computer slept for 3 min 12 s"
        await pilot.press("space")
        assert shown(screen)["prompt"] == ""


async def test_small_wall_clock_jitter_is_not_a_sleep(app, clock):
    async with app.run_test() as pilot:
        screen = app.screen
        clock.sleep_wall(2)  # e.g. NTP nudging the clock
        await advance(pilot, clock, 1)
        assert screen.workout.state is State.RUNNING


async def test_mute_stops_cues_and_the_footer_says_unmute(app, clock, player):
    async with app.run_test() as pilot:
        screen = app.screen
        await pilot.press("m")
        assert app.muted and "unmute" in footer_actions(screen)
        assert shown(screen)["sound"] == "Cues muted · m to unmute"
        played = len(player.played)
        await advance(pilot, clock, 11)
        assert len(player.played) == played  # the 3-2-1 and "Run now" fell due, silently
        await pilot.press("m")
        assert shown(screen)["sound"] == ""
        await advance(pilot, clock, 56.5)  # 67.5 s: 2.5 s left in the run
        assert player.texts[-1] == "3"


async def test_announcements_are_shown_in_words_for_a_few_seconds(make_app, clock, player):
    programme = programme_of(session_of(("run", 240), ("walk", 60)))
    app = make_app(Catalogue([programme]), start=(programme, programme.sessions[0]))
    async with app.run_test() as pilot:
        screen = app.screen
        await advance(pilot, clock, 120)
        assert player.texts[-1] == "Halfway"
        assert shown(screen)["callout"] == "Halfway"
        await advance(pilot, clock, 3.5)
        assert shown(screen)["callout"] == "Halfway"
        await advance(pilot, clock, 0.5)  # 4 s after it was said
        assert shown(screen)["callout"] == ""
        await advance(pilot, clock, 56)
        assert player.texts[-1] == "One minute left"
        assert shown(screen)["callout"] == "One minute left"
        await advance(pilot, clock, 10)
        assert shown(screen)["callout"] == ""


async def test_help_lists_every_workout_key(app):
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = screen_text(app)
        for description in ("Pause", "Resume", "Skip", "Back", "Done", "Mute", "Quit"):
            assert description in help_text
        await pilot.press("escape")
        assert isinstance(app.screen, WorkoutScreen)


class BrokenPlayer(RecordingPlayer):
    def play(self, cue) -> None:
        raise OSError("the sound card went away")

    def stop(self) -> None:
        raise OSError("the sound card went away")

    def close(self) -> None:
        pass


async def test_a_failing_player_is_dropped_and_the_workout_goes_on(clock):
    app = TrainerApp(
        Catalogue([PROGRAMME]),
        clock=clock,
        player=BrokenPlayer(),
        tick_s=None,
        start=(PROGRAMME, PROGRAMME.sessions[0]),
    )
    async with app.run_test(notifications=True) as pilot:
        await advance(pilot, clock, 11)
        assert isinstance(app.player, NullPlayer)
        assert [n.message for n in app._notifications] == ["Sound off: the sound card went away"]
        assert shown(app.screen)["sound"] == "sound off: the sound card went away"
        await pilot.press("space", "space")
        await advance(pilot, clock, 30)
        assert shown(app.screen)["digits"] == "00:29"


async def test_a_rehearsal_runs_fast_and_says_so_on_the_summary(clock):
    rehearsal = ScaledClock(30, clock)
    app = TrainerApp(
        Catalogue([PROGRAMME]),
        clock=rehearsal,
        player=RecordingPlayer(),
        tick_s=None,
        start=(PROGRAMME, PROGRAMME.sessions[0]),
    )
    async with app.run_test() as pilot:
        await advance(pilot, clock, 20.5 / 30)  # 20.5 s of workout in about two thirds of a second
        assert shown(app.screen)["digits"] == "00:50"
        await pilot.press("n", "n", "enter")  # past the run, the walk and the rep step
        await advance(pilot, clock, 10 / 30)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.pause()
        assert "Rehearsal" in screen_text(app) and "at 30× speed" in screen_text(app)


async def test_the_palette_offers_no_other_session_during_a_workout(app):
    async with app.run_test():
        assert StartSessionCommands(app.screen)._choices() == []
        menu = app.screen_stack[-2]
        assert [text for text, _, _ in StartSessionCommands(menu)._choices()] == ["Start Test programme: Session s1"]


async def test_ctrl_c_opens_the_stop_question_and_a_second_one_says_its_keys(app):
    """Not Textual's "press ctrl+q to quit" toast: the app's own question, and its answers."""
    async with app.run_test(notifications=True) as pilot:
        screen = app.screen
        await pilot.press("ctrl+c")
        assert isinstance(app.screen, ConfirmDialog)
        assert screen.workout.state is State.PAUSED
        await pilot.press("ctrl+c")
        assert isinstance(app.screen, ConfirmDialog)
        messages = [n.message for n in app._notifications]
        assert messages == ["Press y: Stop, or n: Keep going."]
        await pilot.press("y")
        assert isinstance(app.screen, SummaryScreen)
        assert app.is_running


async def test_a_stopped_process_pauses_the_workout_and_says_so(app, clock):
    """Ctrl+Z or SIGSTOP: the real clock leaves the stopped time out (clock.py), as a laptop's
    sleep does; the screen pauses the workout and says why, and none of it counts."""
    async with app.run_test() as pilot:
        screen = app.screen
        await advance(pilot, clock, 20)
        clock.advance(0.5)
        clock.stop_process(125)  # stopped for 2 min 5 s, then continued
        screen.sync()
        await pilot.pause()
        assert screen.workout.state is State.PAUSED
        assert shown(screen)["prompt"] == "Paused: trainertui was suspended for 2 min 5 s"  # where PAUSED says why
        assert screen.workout.status().active_s == 20.5
        await pilot.press("space")
        assert "suspended" not in shown(screen)["prompt"]


async def test_ctrl_z_pauses_first_and_says_it_was_suspended_when_it_comes_back(app, clock):
    async with app.run_test() as pilot:
        screen = app.screen
        await advance(pilot, clock, 20)
        screen.action_pause()  # what Ctrl+Z does before it suspends
        clock.stop_process(60)
        screen.sync()
        await pilot.pause()
        assert shown(screen)["prompt"] == "Paused: trainertui was suspended for 1 min"


async def test_ctrl_z_without_a_shell_to_come_back_to_is_explained(app):
    async with app.run_test(notifications=True) as pilot:
        screen = app.screen
        await pilot.press("ctrl+z")
        assert app.screen is screen and screen.workout.state is State.RUNNING
        [notice] = app._notifications
        assert notice.message.startswith("Ctrl+Z would stop trainertui with no shell here to bring it back")

"""The app and its history: what is recorded, what the menu then says, and resuming."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList, Static

from helpers import programme_of, screen_text, session_of
from trainertui.catalogue import Catalogue
from trainertui.clock import ScaledClock
from trainertui.history import CheckIn, History, HistoryError
from trainertui.progress import progress
from trainertui.ui.app import TrainerApp
from trainertui.ui.screens.dialogs import ConfirmDialog
from trainertui.ui.screens.menu import MenuScreen
from trainertui.ui.screens.summary import SummaryScreen
from trainertui.ui.screens.workout import WorkoutScreen
from trainertui.workout import State

# Three sessions of warm-up 10 s, run 60 s, walk 30 s: 100 s each.
PLAN = programme_of(
    *(session_of(("warmup", 10), ("run", 60), ("walk", 30), sid=f"r{n}") for n in (1, 2, 3)),
    pid="plan",
    name="Test plan",
)


@pytest.fixture
def history(tmp_path):
    with History.open(tmp_path / "history.sqlite3") as opened:
        yield opened


@pytest.fixture
def make(clock, player, history):
    def factory(**kwargs) -> TrainerApp:
        kwargs.setdefault("tick_s", None)
        kwargs.setdefault("history", history)
        return TrainerApp(Catalogue([PLAN]), clock=kwargs.pop("clock", clock), player=player, **kwargs)

    return factory


async def settle(pilot) -> None:
    """Let the Recorder's writer thread finish, and the App hear what it says."""
    assert pilot.app.recorder.wait(10)
    await pilot.pause()
    await pilot.pause()


async def advance(pilot, clock, seconds: float) -> None:
    clock.advance(seconds)
    if isinstance(pilot.app.screen, WorkoutScreen):
        pilot.app.screen.sync()
    await pilot.pause()
    await settle(pilot)


def session_labels(app) -> list[str]:
    sessions = app.screen.query_one("#sessions", OptionList)
    return [str(sessions.get_option_at_index(i).prompt) for i in range(sessions.option_count)]


async def test_a_finished_run_is_recorded_once_and_next_moves_on(make, clock, history):
    app = make()
    async with app.run_test() as pilot:
        assert isinstance(app.screen, MenuScreen)
        assert session_labels(app)[0].endswith("next")
        await pilot.press("tab", "enter")  # the highlighted (next) session: r1
        assert isinstance(app.screen, WorkoutScreen)
        await advance(pilot, clock, 100)
        assert isinstance(app.screen, SummaryScreen)
        assert "Saved to your history." in screen_text(app)
        (record,) = history.records()
        assert (record.session_id, record.completed, record.steps_done, record.steps_total) == ("r1", True, 3, 3)
        assert record.active_s == 100
        assert history.checkpoint() is None  # the workout's checkpoint goes with it
        await pilot.press("escape")  # no check-in
        assert isinstance(app.screen, MenuScreen)
        labels = session_labels(app)
        assert labels[0].startswith("✓") and labels[1].endswith("next")
        assert "1 of 3 done" in screen_text(app)


async def test_a_check_in_is_added_to_the_record(make, clock, history):
    app = make(start=(PLAN, PLAN.sessions[0]))
    async with app.run_test() as pilot:
        await advance(pilot, clock, 100)
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        summary.dismiss(CheckIn(effort=7, pain=2, pain_where="upper back"))
        await pilot.pause()
        await settle(pilot)
    assert history.records()[0].checkin == CheckIn(effort=7, pain=2, pain_where="upper back")


async def test_quitting_halfway_records_a_partial_run_that_does_not_count_as_done(make, clock, history):
    app = make(start=(PLAN, PLAN.sessions[0]))
    async with app.run_test() as pilot:
        await advance(pilot, clock, 40)
        await pilot.press("q", "y")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        (record,) = history.records()
        assert (record.completed, record.steps_done, record.active_s) == (False, 1, 40)
        await pilot.press("escape")
        assert session_labels(app)[0].endswith("next")  # r1 is still the one to do
    assert progress(history, PLAN).completed_count == 0


async def test_a_false_start_is_not_recorded(make, clock, history):
    app = make(start=(PLAN, PLAN.sessions[0]))
    async with app.run_test() as pilot:
        await advance(pilot, clock, 3)
        await pilot.press("q", "y")
        await settle(pilot)
        assert "not recorded" in screen_text(app)
    assert history.records() == [] and history.checkpoint() is None


async def test_a_rehearsal_is_not_recorded(make, clock, history):
    app = make(clock=ScaledClock(50, clock), start=(PLAN, PLAN.sessions[0]))
    async with app.run_test() as pilot:
        await advance(pilot, clock, 2.1)
        assert isinstance(app.screen, SummaryScreen)
    assert history.records() == [] and history.checkpoint() is None


async def test_a_checkpoint_follows_each_step_and_each_pause(make, clock, history):
    app = make(start=(PLAN, PLAN.sessions[1]))
    async with app.run_test() as pilot:
        await advance(pilot, clock, 0)
        first = history.checkpoint()
        assert (first.session_id, first.step_index) == ("r2", 0)
        await advance(pilot, clock, 25)  # into the run
        assert history.checkpoint().step_index == 1
        assert history.checkpoint().step_elapsed_s == 15
        await advance(pilot, clock, 5)
        assert history.checkpoint().step_elapsed_s == 15  # not written on every tick
        await advance(pilot, clock, 30)
        assert history.checkpoint().step_elapsed_s == 50  # but once a minute: 60 s active
        await advance(pilot, clock, 5)
        await pilot.press("space")
        await settle(pilot)
        assert history.checkpoint().step_elapsed_s == 55  # pausing writes where it stopped


async def interrupted(make, clock, history) -> None:
    """A run of r2 left 35 s into its run step, as a crash or a closed terminal leaves it."""
    app = make(start=(PLAN, PLAN.sessions[1]))
    async with app.run_test() as pilot:
        await advance(pilot, clock, 45)
        await pilot.press("space")
        await settle(pilot)
        assert history.checkpoint().position_s == 45
        app.recorder.checkpoint()  # what SIGTERM and SIGHUP do before leaving
    # The app ended without the workout ending: no row, the checkpoint stays.
    assert history.records() == []


async def test_after_an_interruption_the_next_start_offers_to_resume_it(make, clock, history):
    await interrupted(make, clock, history)
    app = make()
    async with app.run_test() as pilot:
        assert isinstance(app.screen, ConfirmDialog)
        assert "Resume Test plan Session r2 from 00:45?" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WorkoutScreen)
        status = screen.workout.status()
        assert (status.index, status.step_elapsed_s, status.active_s) == (1, 35, 45)
        assert status.state is State.PAUSED  # it waits for Space, not mid-stride
        await pilot.press("space")
        await advance(pilot, clock, 55)
        assert isinstance(app.screen, SummaryScreen)
    (record,) = history.records()
    assert (record.session_id, record.completed, record.active_s, record.steps_done) == ("r2", True, 100, 3)
    assert history.checkpoint() is None


async def test_declining_to_resume_records_it_as_partial(make, clock, history):
    await interrupted(make, clock, history)
    app = make()
    async with app.run_test() as pilot:
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, MenuScreen)
    (record,) = history.records()
    assert (record.session_id, record.completed, record.active_s) == ("r2", False, 45)
    assert history.checkpoint() is None


async def test_a_failed_save_is_said_and_the_summary_still_shows(make, clock, history, monkeypatch):
    def full_disk(entry):
        raise HistoryError(f"could not save the workout to {history.path}: database or disk is full")

    monkeypatch.setattr(history, "record", full_disk)
    app = make(start=(PLAN, PLAN.sessions[0]))
    async with app.run_test(notifications=True) as pilot:
        await advance(pilot, clock, 100)
        assert isinstance(app.screen, SummaryScreen)
        assert "Workout complete" in screen_text(app)
        assert "Not saved yet: could not save the workout" in screen_text(app)
        assert app.screen.query_one("#saved-note", Static).has_class("-warning")
        assert not app._notifications  # said on the summary, not a second time in a toast
        await pilot.press("escape")
        assert isinstance(app.screen, MenuScreen)
    assert history.count() == 0 and app.recorder.unsaved == 1  # kept, for the next start
    monkeypatch.undo()
    again = make()
    async with again.run_test() as pilot:
        await settle(pilot)
        [record] = history.records()
        assert record.completed and history.checkpoint() is None


async def test_h_opens_the_history(make, clock, history):
    app = make(start=(PLAN, PLAN.sessions[0]))
    async with app.run_test() as pilot:
        await advance(pilot, clock, 100)
        await pilot.press("escape")
        await pilot.press("h")
        assert type(app.screen).__name__ == "HistoryScreen"
        assert "Session r1" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, MenuScreen)


async def test_a_long_history_opens_with_the_newest_and_the_older_follow(make, history):
    from datetime import UTC, datetime, timedelta

    from trainertui.history import Entry
    from trainertui.ui.app import HISTORY_FIRST

    start = datetime(2024, 1, 1, 7, tzinfo=UTC)
    history.record_many(
        Entry(
            "plan",
            "Test plan",
            "r1",
            "Session r1",
            start + timedelta(days=n),
            start + timedelta(days=n, minutes=2),
            100,
            100.0,
            3,
            0,
            3,
            True,
        )
        for n in range(700)
    )
    app = make()
    async with app.run_test() as pilot:
        await pilot.press("h")
        screen = app.screen
        assert screen.total == 700 and HISTORY_FIRST < 700
        await app.workers.wait_for_complete()
        for _ in range(100):
            await pilot.pause()
            if not screen.rows_pending and len(screen.records) == 700:
                break
        table = screen.query_one("#history-table")
        assert table.row_count == 700
        assert screen.sub_title == "700 workouts"
        # The newest read first and the older read after join up: none twice, none missing.
        assert [r.id for r in screen.records] == [r.id for r in history.records()]


async def test_starting_another_workout_first_records_the_interrupted_one(make, clock, history):
    await interrupted(make, clock, history)
    app = make(start=(PLAN, PLAN.sessions[2]))  # `trainertui run`: no resume question
    async with app.run_test() as pilot:
        await advance(pilot, clock, 5)
        assert history.checkpoint().session_id == "r3"
    (record,) = history.records()
    assert (record.session_id, record.completed, record.active_s) == ("r2", False, 45)


async def test_skipping_through_a_run_is_recorded_as_partial_and_next_stays(make, clock, history):
    app = make(start=(PLAN, PLAN.sessions[0]))
    async with app.run_test() as pilot:
        await pilot.press("n", "n", "n")  # every step skipped: the end is reached
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert "Counted as partial: 1 of 1 run skipped (0% of the work done; 80% counts)" in screen_text(app)
        assert "Workout complete" not in screen_text(app)
        await pilot.press("escape")
        assert session_labels(app)[0].endswith("next")  # r1 is still the one to do
    [record] = history.records()
    assert not record.completed and record.steps_skipped == 3


async def test_without_a_history_the_summary_says_not_saved_and_why_and_offers_no_check_in(make, clock):
    problem = "cannot open /data/history.sqlite3: attempt to write a readonly database"
    app = make(history=None, history_problem=problem, start=(PLAN, PLAN.sessions[0]))
    async with app.run_test(size=(100, 30)) as pilot:
        await advance(pilot, clock, 100)
        screen = app.screen
        assert isinstance(screen, SummaryScreen) and not screen.asks_checkin
        note = screen.query_one("#saved-note", Static)
        assert note.render().plain == f"Not saved: there is no history ({problem})." and note.has_class("-warning")
        assert "Not saved: there is no history" in screen_text(app)
        assert "How hard did that feel?" not in screen_text(app)
        await pilot.press("enter")
        assert isinstance(app.screen, MenuScreen)


async def test_a_busy_history_says_so_on_the_summary_then_saved_with_the_check_in(make, clock, history, monkeypatch):
    real_record = history.record

    def busy(entry):
        raise HistoryError(f"could not save the workout to {history.path}: database is locked", busy=True)

    monkeypatch.setattr(history, "record", busy)
    app = make(start=(PLAN, PLAN.sessions[0]))
    async with app.run_test(size=(100, 30)) as pilot:
        await advance(pilot, clock, 100)
        assert isinstance(app.screen, SummaryScreen)
        assert "Not saved yet: the history file is busy" in screen_text(app)
        await pilot.press("8", "enter")
        monkeypatch.setattr(history, "record", real_record)
        app.recorder.retry()  # what the App's timer does every few seconds
        await settle(pilot)
        assert "Saved to your history." in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
    [record] = history.records()
    assert record.completed and record.checkin == CheckIn(effort=8)


async def test_a_second_window_does_not_offer_the_running_workout_and_cannot_start_another(make, clock, history):
    """The first window's workout holds the lock; its checkpoint is not "interrupted"."""
    from trainertui.workout_lock import WorkoutLock

    await interrupted(make, clock, history)  # a checkpoint, as a running workout leaves
    first = WorkoutLock.beside(history.path)
    assert first.acquire() is None  # the first window, still running it
    try:
        app = make()
        async with app.run_test(notifications=True) as pilot:
            assert isinstance(app.screen, MenuScreen)  # no "Resume ...?"
            [notice] = [n.message for n in app._notifications]
            assert notice.startswith("A workout is running in another trainertui window (pid ")
            await pilot.press("tab", "enter")
            assert isinstance(app.screen, MenuScreen)
            assert len(app._notifications) == 2
        assert history.records() == [] and history.checkpoint() is not None
    finally:
        first.release()
    app = make()  # the first window has gone: now it is interrupted, and offered
    async with app.run_test() as pilot:
        assert isinstance(app.screen, ConfirmDialog)


MINE = """\
name: Mine
sessions:
  - id: m1
    title: Mine one
    steps:
      - warmup: 60s
      - run: 120s
      - walk: 60s
"""


async def interrupted_from_file(make, clock, path) -> None:
    """`trainertui run ./mine.yaml`, left 90 s in: a file the menu does not know."""
    from trainertui.routines import load_programme

    path.write_text(MINE)
    programme = load_programme(path)
    app = make(start=(programme, programme.sessions[0]))
    async with app.run_test() as pilot:
        await advance(pilot, clock, 90)
        await pilot.press("space")
        await settle(pilot)


async def test_a_routine_run_from_a_file_is_resumed_from_that_file(make, clock, history, tmp_path):
    path = tmp_path / "mine.yaml"
    await interrupted_from_file(make, clock, path)
    key = history.checkpoint().key
    app = make()
    async with app.run_test() as pilot:
        assert isinstance(app.screen, ConfirmDialog)
        assert "Resume Mine one from 01:30?" in screen_text(app)
        await pilot.press("y")
        screen = app.screen
        assert isinstance(screen, WorkoutScreen) and screen.programme.path == path
        assert screen.workout.status().step_elapsed_s == 30
        await pilot.press("space")  # a resumed workout waits, paused, for Space
        await advance(pilot, clock, 150)
        assert isinstance(app.screen, SummaryScreen)
    [record] = history.records()
    assert (record.programme_id, record.completed, record.active_s, record.key) == ("mine", True, 240, key)


async def test_a_routine_file_changed_since_is_recorded_as_partial_and_said(make, clock, history, tmp_path):
    path = tmp_path / "mine.yaml"
    await interrupted_from_file(make, clock, path)
    path.write_text(MINE.replace("120s", "100s"))
    app = make()
    async with app.run_test(notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MenuScreen)
        assert [n.message for n in app._notifications] == [
            "Recorded the interrupted Mine one as a partial workout: its routine file has changed since."
        ]
    [record] = history.records()
    assert not record.completed and history.checkpoint() is None

"""The Recorder: what a workout leaves in the history, with a FakeClock and a history file in a
temporary folder; no screen. Each answer is a value (an Ending, a Notice, a Read), not text to
be matched."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from helpers import programme_of, session_of
from trainertui.clock import FakeClock, ScaledClock
from trainertui.history import HISTORY_FILE, CheckIn, History
from trainertui.recording import (
    MIN_RECORDED_S,
    Ending,
    Notice,
    Recorder,
    Saved,
    checkpoint_from_workout,
    entry_from_checkpoint,
    resume_from_checkpoint,
)
from trainertui.timeline import compile_session
from trainertui.workout import Workout

PLAN = programme_of(session_of(("warmup", 60), ("run", 120), ("walk", 60), sid="a"), session_of(("run", 30), sid="b"))


@pytest.fixture
def history(tmp_path: Path):
    opened = History.open(tmp_path / HISTORY_FILE)
    yield opened
    opened.close()


def started(recorder: Recorder, clock: FakeClock, session_index: int = 0) -> Workout:
    workout = Workout(compile_session(PLAN.sessions[session_index]), clock)
    recorder.begin(PLAN, workout)
    workout.start()
    return workout


def test_a_finished_workout_is_one_row_and_its_checkpoint_goes(history, clock):
    recorder = Recorder(history, clock)
    workout = started(recorder, clock)
    clock.advance(90)
    assert recorder.checkpoint() is None and history.checkpoint() is not None
    clock.advance(200)
    ending = recorder.finish(workout.summary())
    assert ending.saved is Saved.RECORDED and ending.note == "Saved to your history." and not ending.failed
    [record] = history.records()
    assert (record.id, record.session_id, record.completed, record.active_s) == (ending.record_id, "a", True, 240)
    # It ended when its last step did, not when someone asked (the clock ran on 50 s more).
    assert record.ended == datetime.fromtimestamp(clock.wall() - 50, UTC)
    assert history.checkpoint() is None
    assert ending.takes_checkin


def test_the_check_in_goes_to_that_row(history, clock):
    recorder = Recorder(history, clock)
    workout = started(recorder, clock)
    clock.advance(240)
    ending = recorder.finish(workout.summary())
    assert ending.record_id is not None
    assert recorder.check_in(ending.record_id, CheckIn(effort=7, pain=2, pain_where="upper back")) is None
    [record] = history.records()
    assert record.checkin == CheckIn(7, 2, "upper back", "")


def test_a_false_start_is_not_recorded_and_leaves_no_checkpoint(history, clock):
    recorder = Recorder(history, clock)
    workout = started(recorder, clock)
    clock.advance(MIN_RECORDED_S - 1)
    recorder.checkpoint()
    workout.stop()
    ending = recorder.finish(workout.summary())
    assert ending == Ending(Saved.FALSE_START, note="Stopped within seconds: not recorded.")
    assert not ending.takes_checkin
    assert history.count() == 0 and history.checkpoint() is None


def test_a_stop_after_the_false_start_window_is_a_partial_row(history, clock):
    recorder = Recorder(history, clock)
    workout = started(recorder, clock)
    clock.advance(MIN_RECORDED_S + 1)
    workout.stop()
    assert recorder.finish(workout.summary()).saved is Saved.RECORDED
    assert [r.completed for r in history.records()] == [False]


def test_a_rehearsal_is_never_recorded_nor_checkpointed(history):
    clock = ScaledClock(30, FakeClock())
    recorder = Recorder(history, clock)
    assert recorder.rehearsing
    workout = Workout(compile_session(PLAN.sessions[0]), clock)
    recorder.begin(PLAN, workout)
    workout.start()
    assert recorder.checkpoint() is None and history.checkpoint() is None
    workout.stop()
    ending = recorder.finish(workout.summary())
    assert ending == Ending(Saved.REHEARSAL) and not ending.takes_checkin
    assert history.count() == 0


def test_without_a_history_nothing_is_written_and_nothing_fails(clock):
    recorder = Recorder(None, clock)
    workout = started(recorder, clock)
    clock.advance(240)
    assert recorder.checkpoint() is None
    assert recorder.finish(workout.summary()) == Ending(Saved.NO_HISTORY)
    assert recorder.interrupted().value is None and recorder.record_interrupted() is None
    assert recorder.progress([PLAN]).value == {}
    overview = recorder.overview(10)
    assert overview.value is None and overview.problem is not None and "off" in overview.problem


def test_a_failed_save_is_an_ending_that_says_so_and_keeps_the_checkpoint(history, clock, monkeypatch):
    recorder = Recorder(history, clock)
    workout = started(recorder, clock)
    clock.advance(100)
    recorder.checkpoint()
    clock.advance(140)

    def full(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("trainertui.history._insert", full)
    ending = recorder.finish(workout.summary())
    assert ending.saved is Saved.FAILED and ending.failed and ending.record_id is None
    assert ending.note.startswith("Could not save the workout to ") and ending.note.endswith("database or disk is full")
    assert not ending.takes_checkin
    assert history.checkpoint() is not None  # what was done can still be recovered at the next start


def test_checkpoints_follow_the_running_workout_and_stop_when_it_ends(history, clock):
    recorder = Recorder(history, clock)
    assert recorder.checkpoint() is None  # nothing running yet
    workout = started(recorder, clock)
    clock.advance(75)
    workout.pause()
    recorder.checkpoint()
    saved = history.checkpoint()
    assert saved is not None and (saved.step_index, saved.position_s) == (1, 75)
    workout.resume()
    clock.advance(400)
    assert workout.summary().completed
    recorder.checkpoint()  # finished: not saved again
    assert history.checkpoint() == saved


def test_an_interrupted_workout_can_be_resumed_or_recorded_as_partial(history, clock):
    first = Recorder(history, clock)
    workout = started(first, clock)
    clock.advance(100)
    first.checkpoint()  # and then the process is killed

    again = Recorder(history, FakeClock(start=5000))
    found = again.interrupted()
    assert found.problem is None and found.value is not None
    resume = resume_from_checkpoint(found.value)
    assert (resume.step, resume.into_s, resume.active_s) == (1, 40, 100)
    notice = again.record_interrupted()
    assert notice == Notice(f"Recorded the interrupted {found.value.session_title} as a partial workout.")
    [record] = history.records()
    assert not record.completed and record.active_s == 100 and history.checkpoint() is None
    assert again.record_interrupted() is None  # nothing left to record
    assert entry_from_checkpoint(found.value).completed is False
    assert checkpoint_from_workout(PLAN, workout).step_index == 1


def test_progress_and_overview_come_from_the_history_at_the_clocks_now(history, clock):
    recorder = Recorder(history, clock)
    workout = started(recorder, clock, session_index=1)
    clock.advance(30)
    recorder.finish(workout.summary())
    progress = recorder.progress([PLAN])
    assert progress.problem is None and progress.value[PLAN.id].done == {"b"}
    overview = recorder.overview(10)
    assert overview.value is not None
    records, stats, total, now = overview.value
    assert total == 1 and len(records) == 1 and stats.week_active_s == 30
    assert now == datetime.fromtimestamp(clock.wall())
    assert recorder.older(0).value == records and recorder.older(1).value == []


def test_a_read_error_is_a_problem_with_a_default_never_an_exception(history, clock):
    recorder = Recorder(history, clock)
    history.close()  # every read now fails inside sqlite3
    for read, default in ((recorder.interrupted(), None), (recorder.progress([PLAN]), {}), (recorder.older(0), [])):
        assert read.value == default and read.problem is not None and str(history.path) in read.problem
    notice = recorder.record_interrupted()
    assert notice is not None and notice.error

"""The Recorder: what a workout leaves in the history, with a FakeClock and a history file in a
temporary folder; no screen. Each answer is a value (an Ending, a Notice, a Read), not text to
be matched."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from msgspec.structs import replace

from helpers import T0, programme_of, session_of
from trainertui.clock import FakeClock, ScaledClock
from trainertui.history import HISTORY_FILE, CheckIn, Checkpoint, History, HistoryError
from trainertui.journal import Journal
from trainertui.recording import (
    MIN_RECORDED_S,
    Ending,
    Notice,
    Recorder,
    Resumable,
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
    assert (record.key, record.session_id, record.completed, record.active_s) == (ending.key, "a", True, 240)
    assert len(ending.key) == 32 and ending.counted and ending.verdict == ""
    # It ended when its last step did, not when someone asked (the clock ran on 50 s more).
    assert record.ended == datetime.fromtimestamp(clock.wall() - 50, UTC)
    assert history.checkpoint() is None
    assert ending.takes_checkin


def test_the_check_in_goes_to_that_row(history, clock):
    recorder = Recorder(history, clock)
    workout = started(recorder, clock)
    clock.advance(240)
    ending = recorder.finish(workout.summary())
    assert ending.takes_checkin
    assert recorder.check_in(ending.key, CheckIn(effort=7, pain=2, pain_where="upper back")) is None
    [record] = history.records()
    assert record.checkin == CheckIn(7, 2, "upper back", "")


def test_a_false_start_is_not_recorded_and_leaves_no_checkpoint(history, clock):
    recorder = Recorder(history, clock)
    workout = started(recorder, clock)
    clock.advance(MIN_RECORDED_S - 1)
    recorder.checkpoint()
    workout.stop()
    ending = recorder.finish(workout.summary())
    assert ending == Ending(Saved.FALSE_START, note="Stopped within seconds: not recorded.", counted=False)
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
    assert ending == Ending(Saved.REHEARSAL, counted=False) and not ending.takes_checkin
    assert history.count() == 0


def test_without_a_history_nothing_is_written_and_nothing_fails(clock):
    recorder = Recorder(None, clock, unavailable="cannot open /nowhere/history.sqlite3: Permission denied")
    workout = started(recorder, clock)
    clock.advance(240)
    assert recorder.checkpoint() is None
    ending = recorder.finish(workout.summary())
    assert ending.saved is Saved.NO_HISTORY and ending.failed
    assert ending.note == "Not saved: there is no history (cannot open /nowhere/history.sqlite3: Permission denied)."
    assert not ending.takes_checkin  # nowhere to keep one: none is offered
    assert recorder.claim() is None
    assert recorder.interrupted().value is None and recorder.record_interrupted() is None
    assert recorder.progress([PLAN]).value == {}
    overview = recorder.overview(10)
    assert overview.value is None and overview.problem is not None and "off" in overview.problem


def test_a_failed_save_is_kept_and_written_when_it_can_be(history, clock, monkeypatch):
    told: list[object] = []
    recorder = Recorder(history, clock, told=told.append)
    workout = started(recorder, clock)
    clock.advance(100)
    recorder.checkpoint()
    clock.advance(140)

    def full(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("trainertui.history._insert", full)
    ending = recorder.finish(workout.summary())
    assert ending.saved is Saved.WAITING and ending.failed and ending.takes_checkin
    assert ending.note.startswith("Not saved yet: could not save the workout to ")
    assert "database or disk is full. It is kept in " in ending.note and ending.note.endswith("at the next start.")
    assert told == [ending]
    assert history.checkpoint() is not None and history.count() == 0
    assert recorder.unsaved == 1 and len(list(recorder.journal.folder.glob("*.json"))) == 1
    monkeypatch.undo()  # the disk has room again
    recorder.retry()
    [record] = history.records()
    assert record.key == ending.key and history.checkpoint() is None
    assert told[-1] == Ending(Saved.RECORDED, ending.key, "Saved to your history.")
    assert recorder.unsaved == 0 and not list(recorder.journal.folder.glob("*.json"))


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

    told: list[object] = []
    again = Recorder(history, FakeClock(start=5000), told=told.append)
    found = again.interrupted()
    assert found.problem is None and found.value is not None
    resume = resume_from_checkpoint(found.value)
    assert (resume.step, resume.into_s, resume.active_s, resume.outcomes, resume.work_done_s) == (1, 40, 100, "d", 0)
    assert again.record_interrupted() is None  # nothing went wrong at once
    assert told == [Notice(f"Recorded the interrupted {found.value.session_title} as a partial workout.")]
    [record] = history.records()
    assert not record.completed and record.active_s == 100 and history.checkpoint() is None
    assert again.record_interrupted() is None and len(told) == 1  # nothing left to record
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


# --- progress is earned (docs/history.md) --------------------------------------------------

RUNS = programme_of(
    session_of(("warmup", 60), *[step for _ in range(8) for step in (("run", 60), ("walk", 90))], sid="runs"),
    session_of(("exercise", None), ("rest", 30), ("exercise", None), ("rest", 30), ("exercise", None), sid="reps"),
    pid="runs",
)


def run_through(recorder: Recorder, clock: FakeClock, session: int, plan: list[str]) -> Workout:
    """Go through the session step by step: "do" a timed step to its end, "skip" it, or mark an
    untimed one "done"."""
    workout = Workout(compile_session(RUNS.sessions[session]), clock)
    recorder.begin(RUNS, workout)
    workout.start()
    for action in plan:
        step = workout.status().interval
        assert step is not None
        if action == "skip":
            workout.skip()
        elif step.step.timed:
            clock.advance(step.step.duration_s or 0)
        else:
            clock.advance(20)
            workout.mark_done()
    assert workout.summary().completed
    return workout


def test_skipping_every_step_reaches_the_end_but_is_recorded_as_partial(history, clock):
    recorder = Recorder(history, clock)
    workout = run_through(recorder, clock, 0, ["skip"] * 17)
    ending = recorder.finish(workout.summary())
    assert ending.saved is Saved.RECORDED and not ending.counted
    assert ending.verdict == "Counted as partial: 8 of 8 runs skipped (0% of the work done; 80% counts)"
    [record] = history.records()
    assert not record.completed
    assert recorder.progress([RUNS]).value["runs"].done == frozenset()  # "next" does not move on


def test_two_of_eight_runs_skipped_is_partial_and_one_is_done(history, clock):
    recorder = Recorder(history, clock)
    two = ["do"] + ["skip", "do"] * 2 + ["do", "do"] * 6
    ending = recorder.finish(run_through(recorder, clock, 0, two).summary())
    assert not ending.counted
    assert ending.verdict == "Counted as partial: 2 of 8 runs skipped (75% of the work done; 80% counts)"
    one = ["do", "skip", "do"] + ["do", "do"] * 7
    ending = recorder.finish(run_through(recorder, clock, 0, one).summary())
    assert ending.counted and ending.verdict == ""  # 7 of 8 runs: 87.5%
    assert [r.completed for r in history.records()] == [True, False]


def test_rep_steps_count_by_being_marked_done(history, clock):
    recorder = Recorder(history, clock)
    ending = recorder.finish(run_through(recorder, clock, 1, ["done", "do", "skip", "do", "done"]).summary())
    assert not ending.counted
    assert ending.verdict == "Counted as partial: 1 of 3 exercises skipped (67% of the work done; 80% counts)"
    ending = recorder.finish(run_through(recorder, clock, 1, ["done", "skip", "done", "skip", "done"]).summary())
    assert ending.counted  # skipping the rests is fine: they are not the work


def test_the_rule_holds_for_a_rehearsal_too(clock):
    """Nothing is recorded, but the summary still tells the truth."""
    recorder = Recorder(None, ScaledClock(30, clock))
    workout = Workout(compile_session(RUNS.sessions[0]), recorder.clock)
    recorder.begin(RUNS, workout)
    workout.start()
    for _ in range(17):
        workout.skip()
    ending = recorder.finish(workout.summary())
    assert not ending.counted and ending.verdict.startswith("Counted as partial: 8 of 8 runs skipped")


# --- a finished workout is never lost, and is in the history once ---------------------------


def test_a_busy_file_keeps_the_workout_and_the_check_in_reaches_its_row(history, clock, monkeypatch):
    told: list[object] = []
    recorder = Recorder(history, clock, told=told.append)
    workout = started(recorder, clock)
    clock.advance(240)
    real_record = history.record

    def busy(entry: object) -> int:
        raise HistoryError(f"could not save the workout to {history.path}: database is locked", busy=True)

    monkeypatch.setattr(history, "record", busy)
    ending = recorder.finish(workout.summary())
    assert ending.saved is Saved.WAITING and ending.takes_checkin
    assert ending.note == (
        "Not saved yet: the history file is busy (another program is using it). "
        "It will be saved when the file is free, or at the next start."
    )
    assert recorder.check_in(ending.key, CheckIn(effort=6, note="windy")) is None
    kept = Journal.beside(history.path).entries()[0]
    assert [(e.key, e.checkin) for e in kept] == [(ending.key, CheckIn(effort=6, note="windy"))]
    monkeypatch.setattr(history, "record", real_record)  # the other program lets go
    recorder.retry()
    [record] = history.records()
    assert (record.key, record.completed, record.checkin) == (ending.key, True, CheckIn(effort=6, note="windy"))
    assert recorder.ending(ending.key) == replace(ending, saved=Saved.RECORDED, note="Saved to your history.")
    assert Journal.beside(history.path).entries() == ([], [])
    recorder.retry()  # nothing left: nothing written again
    assert history.count() == 1


def test_a_check_in_after_the_row_is_written_updates_that_row(history, clock):
    recorder = Recorder(history, clock)
    workout = started(recorder, clock)
    clock.advance(240)
    ending = recorder.finish(workout.summary())
    recorder.check_in(ending.key, CheckIn(pain=2, pain_where="calf"))
    [record] = history.records()
    assert record.checkin == CheckIn(pain=2, pain_where="calf") and history.count() == 1


def test_what_a_killed_run_kept_is_written_at_the_next_start_once(history, clock):
    """The workout was kept, then the app was killed before (or after) its row was committed:
    the next start writes it, and a row already committed is not written twice."""
    first = Recorder(history, clock, writer=Stalled())  # its writes never run: killed first
    workout = started(first, clock)
    clock.advance(240)
    first.checkpoint()
    ending = first.finish(workout.summary())
    assert ending.saved is Saved.SAVING and ending.note == "Saving…"
    committed = Recorder(history, clock, writer=Stalled())
    done = started(committed, clock, session_index=1)
    clock.advance(30)
    kept = committed.finish(done.summary())
    history.record(Journal.beside(history.path).entries()[0][1])  # committed, then killed
    assert history.count() == 1

    told: list[object] = []
    again = Recorder(history, FakeClock(start=9000), told=told.append)
    assert again.interrupted().value is None  # its checkpoint is of a workout that ended
    assert again.recover() == []
    assert sorted(r.key for r in history.records()) == sorted([ending.key, kept.key])
    assert history.checkpoint() is None and Journal.beside(history.path).entries() == ([], [])
    assert len(told) == 2 and all(isinstance(n, Notice) and n.text.startswith("Saved Session ") for n in told)
    assert again.recover() == [] and history.count() == 2


def test_a_damaged_journal_file_is_moved_aside_and_said(history, clock):
    folder = Journal.beside(history.path).folder
    folder.mkdir()
    (folder / ("0" * 32 + ".json")).write_text("{not json")
    problems = Recorder(history, clock).recover()
    assert len(problems) == 1 and problems[0].error and "is not a saved workout" in problems[0].text
    assert (folder / ("0" * 32 + ".json.broken")).exists()


def test_a_checkpoint_from_before_keys_is_recorded_once_however_often_asked(history, clock):
    writer = Stalled()
    recorder = Recorder(history, clock, writer=writer)
    history.save_checkpoint(
        Checkpoint("test", "Test programme", "a", "Session a", T0, T0, 1, 5.0, 65.0, 65.0, 240, 1, 0, 3)
    )
    recorder.record_interrupted()
    recorder.record_interrupted()  # before the first was written
    writer.run()
    assert history.count() == 1 and history.checkpoint() is None
    again = Recorder(history, clock)  # a second window, with what the first one kept
    again.recover()
    assert history.count() == 1


# --- one owner of a running workout ---------------------------------------------------------


def test_only_one_recorder_at_a_time_may_run_a_workout(history, clock):
    first, second = Recorder(history, clock), Recorder(history, clock)
    assert first.claim() is None and first.claim() is None  # its own again: fine
    refused = second.claim()
    assert refused is not None and f"pid {os.getpid()}" in refused and "another trainertui window" in refused
    workout = started(first, clock)
    clock.advance(240)
    first.finish(workout.summary())  # the workout is kept: the lock goes
    assert second.claim() is None


# --- resuming a routine run from a file by path ---------------------------------------------

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


def interrupted_from_file(history: History, clock: FakeClock, path: Path) -> Checkpoint:
    from trainertui.routines import load_programme

    programme = load_programme(path)
    recorder = Recorder(history, clock)
    workout = Workout(compile_session(programme.sessions[0]), clock)
    recorder.begin(programme, workout)
    workout.start()
    clock.advance(90)
    recorder.checkpoint()
    checkpoint = history.checkpoint()
    assert checkpoint is not None
    return checkpoint


def test_a_routine_run_by_path_can_be_resumed_while_its_file_is_unchanged(history, clock, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(MINE)
    checkpoint = interrupted_from_file(history, clock, path)
    assert checkpoint.routine_path == str(path.resolve()) and len(checkpoint.routine_sha256) == 64
    found = Recorder(history, clock).resumable(checkpoint, lambda programme_id: None)  # not in the catalogue
    assert isinstance(found, Resumable)
    assert (found.programme.path, found.session.id, found.resume.step, found.key) == (path, "m1", 1, checkpoint.key)


@pytest.mark.parametrize(
    ("change", "why"),
    [("edit", "its routine file has changed since"), ("delete", "is gone")],
)
def test_a_routine_file_changed_or_gone_is_recorded_as_partial(history, clock, tmp_path, change, why):
    path = tmp_path / "mine.yaml"
    path.write_text(MINE)
    checkpoint = interrupted_from_file(history, clock, path)
    if change == "edit":
        path.write_text(MINE.replace("120s", "90s"))
    else:
        path.unlink()
    told: list[object] = []
    recorder = Recorder(history, clock, told=told.append)
    found = recorder.resumable(checkpoint, lambda programme_id: None)
    assert isinstance(found, str) and found.endswith(why)
    recorder.record_interrupted(found)
    assert told == [Notice(f"Recorded the interrupted Mine one as a partial workout: {found}.")]
    assert [r.completed for r in history.records()] == [False]


class Stalled:
    """A Writer whose jobs run only when told (``run``); never, when the process is killed
    before its writes happen."""

    def __init__(self) -> None:
        self.jobs: list[Callable[[], None]] = []

    def submit(self, job: Callable[[], None]) -> None:
        self.jobs.append(job)

    def run(self) -> None:
        jobs, self.jobs = self.jobs, []
        for job in jobs:
            job()

    def wait(self, timeout_s: float) -> bool:
        return not self.jobs

    def stop(self) -> None:
        pass


def test_a_journal_that_cannot_be_written_leaves_the_workout_for_this_run_only(history, clock, tmp_path):
    """A read-only folder for the journal: the row is still written; if it could not be, the
    summary would say the workout is not kept (FAILED) and offer no check-in."""
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the journal's folder would go")
    recorder = Recorder(history, clock, journal=Journal(blocked / "journal"))
    workout = started(recorder, clock)
    clock.advance(240)
    ending = recorder.finish(workout.summary())
    assert ending.saved is Saved.RECORDED and history.count() == 1


def test_not_written_and_not_kept_is_said_plainly_and_takes_no_check_in(history, clock, tmp_path, monkeypatch):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the journal's folder would go")

    def full(entry: object) -> int:
        raise HistoryError(f"could not save the workout to {history.path}: database or disk is full")

    monkeypatch.setattr(history, "record", full)
    recorder = Recorder(history, clock, journal=Journal(blocked / "journal"))
    workout = started(recorder, clock)
    clock.advance(240)
    ending = recorder.finish(workout.summary())
    assert ending.saved is Saved.FAILED and not ending.takes_checkin
    assert ending.note.startswith("Not saved: could not save the workout to ")
    assert ending.note.endswith("and it could not be kept for later. trainertui will try again while it is open.")
    monkeypatch.undo()
    recorder.retry()  # while the app is open, it still has it
    assert history.count() == 1

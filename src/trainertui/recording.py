"""The logbook between running workouts and the history store.

The app hands a ``Recorder`` every moment that matters (a workout begins, moves on, ends, gets
its check-in; an interrupted one is found at start-up) and shows whatever comes back. The
rules live here, in plain Python, so they are tested without a screen or a real disk:

- a finished or stopped workout becomes one row; a false start (stopped within seconds with no
  step done) is not recorded, and nor is a ``--speed`` rehearsal;
- a running workout is checkpointed, so a crash or a closed terminal can be resumed; a
  checkpoint is either resumed or recorded as a partial workout, never silently replaced;
- nothing here raises for a history problem: each call returns what happened, with the one
  sentence to show when something went wrong.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, TypeVar

from trainertui.advice import NO_ADVICE, Advice, advise
from trainertui.clock import Clock, local_now
from trainertui.history import CheckIn, Checkpoint, Entry, History, HistoryError, Record
from trainertui.model import Programme, Session
from trainertui.progress import DEFAULT_PER_WEEK, MIN_RECORDED_S, Progress, Stats, progress_all, stats
from trainertui.workout import Resume, State, Summary, Workout

T = TypeVar("T")


class Saved(enum.Enum):
    """What became of a workout that ended."""

    RECORDED = "recorded"  # one row in the history
    FALSE_START = "false start"  # stopped within seconds: nothing to record
    REHEARSAL = "rehearsal"  # --speed: practice, never recorded
    FAILED = "failed"  # the write failed; the checkpoint is kept, so nothing is lost
    NO_HISTORY = "no history"  # the app runs without a history file


@dataclass(frozen=True, slots=True)
class Ending:
    """The answer to ``Recorder.finish``: what happened, the new row, and what to tell."""

    saved: Saved
    record_id: int | None = None
    #: One sentence for the summary screen ("" when there is nothing to say).
    note: str = ""

    @property
    def failed(self) -> bool:
        return self.saved is Saved.FAILED

    @property
    def takes_checkin(self) -> bool:
        """Whether a check-in has somewhere to go. Without a history file the form is still
        offered (nothing is written, as before); a rehearsal, a false start or a failed save
        has no row to add it to."""
        return self.saved in (Saved.RECORDED, Saved.NO_HISTORY)


@dataclass(frozen=True, slots=True)
class Read(Generic[T]):
    """A value read from the history, or the default and the sentence saying why not."""

    value: T
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class Notice:
    """Something to tell the person; ``error`` when it went wrong."""

    text: str
    error: bool = False


def worth_recording(summary: Summary) -> bool:
    return summary.completed or summary.steps_done > 0 or summary.active_s >= MIN_RECORDED_S


class Recorder:
    """Records the workouts of one app run into ``history`` (None: the app has none)."""

    def __init__(self, history: History | None, clock: Clock) -> None:
        self.history = history
        self.clock = clock
        self._live: tuple[Programme, Workout] | None = None

    @property
    def rehearsing(self) -> bool:
        """A --speed run is practice: not recorded, and never offered for resuming."""
        return self.clock.rate != 1

    # --- the workout that is running ------------------------------------------------------

    def begin(self, programme: Programme, workout: Workout) -> None:
        """``workout`` is the one running now: checkpoints and the end are about it."""
        self._live = (programme, workout)

    def checkpoint(self) -> str | None:
        """Save where the running workout is (at each change of step, pause, every minute, and
        on the way out), so it can be resumed. Returns a problem, or None."""
        if self._live is None or self.history is None or self.rehearsing:
            return None
        programme, workout = self._live
        if workout.state not in (State.RUNNING, State.PAUSED):
            return None
        return self._write(self.history.save_checkpoint, checkpoint_from_workout(programme, workout))

    def finish(self, summary: Summary) -> Ending:
        """The running workout ended (finished or stopped): record it before anything else
        can go wrong, and say what happened."""
        live, self._live = self._live, None
        if self.history is None:
            return Ending(Saved.NO_HISTORY)
        if self.rehearsing:
            return Ending(Saved.REHEARSAL)
        if live is None:  # pragma: no cover - the app always begins before it finishes
            raise RuntimeError("finish() without begin()")
        programme, workout = live
        if not worth_recording(summary):
            self._write(self.history.clear_checkpoint)
            return Ending(Saved.FALSE_START, note="Stopped within seconds: not recorded.")
        try:
            record_id = self.history.record(entry_from_summary(programme, workout.timeline.session, summary))
        except HistoryError as error:  # "could not save the workout to PATH: disk full"
            return Ending(Saved.FAILED, note=_sentence(str(error)))
        return Ending(Saved.RECORDED, record_id, "Saved to your history.")

    def check_in(self, record_id: int, checkin: CheckIn) -> str | None:
        """Add the check-in to the workout's row; returns a problem, or None."""
        if self.history is None:
            return None
        return self._write(self.history.set_checkin, record_id, checkin)

    # --- a workout an earlier run left behind ------------------------------------------------

    def interrupted(self) -> Read[Checkpoint | None]:
        """The checkpoint an interrupted workout left, if any."""
        if self.history is None:
            return Read(None)
        return self._read(self.history.checkpoint, None)

    def record_interrupted(self) -> Notice | None:
        """Record an interrupted workout as partial (it is not being resumed, or a new workout
        is about to replace its checkpoint). Returns what to tell the person, or None."""
        if self.history is None or self.rehearsing:
            return None
        found = self.interrupted()
        if found.problem is not None:
            return Notice(found.problem, error=True)
        if found.value is None:
            return None
        problem = self._write(self.history.record, entry_from_checkpoint(found.value))
        if problem is not None:
            return Notice(problem, error=True)
        return Notice(f"Recorded the interrupted {found.value.session_title} as a partial workout.")

    # --- what the menu and the history screen show -------------------------------------------

    def progress(self, programmes: Sequence[Programme]) -> Read[dict[str, Progress]]:
        if self.history is None:
            return Read({})
        history = self.history
        return self._read(lambda: progress_all(history, programmes), {})

    def advice(self, programmes: Sequence[Programme], progress: dict[str, Progress]) -> Read[Advice]:
        """What the menu advises, from the same progress it shows (``progress``)."""
        if self.history is None:
            return Read(NO_ADVICE)
        history, now = self.history, local_now(self.clock)
        return self._read(lambda: advise(history, programmes, progress, now), NO_ADVICE)

    def answer(self, record_id: int, answer: str) -> str | None:
        """Keep the answer to "repeat it before moving on?"; returns a problem, or None."""
        if self.history is None:
            return None
        return self._write(self.history.set_answer, record_id, answer)

    def overview(
        self, newest: int, programmes: Sequence[Programme] = ()
    ) -> Read[tuple[list[Record], Stats, int, datetime] | None]:
        """The newest ``newest`` workouts, the figures, how many there are in all, and the
        "now" they were worked out at: what the history screen opens with. ``programmes``
        give the streak their own numbers a week."""
        if self.history is None:
            return Read(None, "History is off: the history file could not be opened.")
        history, now = self.history, local_now(self.clock)
        per_week = per_week_of(programmes)
        return self._read(
            lambda: (history.records(limit=newest), stats(history, now, per_week), history.count(), now), None
        )

    def figures(self, programmes: Sequence[Programme] = ()) -> Read[Stats | None]:
        """The history screen's figures again, after a workout was changed or deleted."""
        if self.history is None:
            return Read(None)
        history, now = self.history, local_now(self.clock)
        return self._read(lambda: stats(history, now, per_week_of(programmes)), None)

    # --- changing the history ------------------------------------------------------------------

    def change_checkin(self, record_id: int, checkin: CheckIn) -> Read[Record | None]:
        """Add, change or clear (an empty CheckIn) a past workout's check-in; the workout as
        it now is, or None and the problem."""
        if self.history is None:
            return Read(None, "History is off: the history file could not be opened.")
        history = self.history

        def change() -> Record | None:
            history.set_checkin(record_id, checkin)
            return history.record_by_id(record_id)

        return self._read(change, None)

    def delete(self, record_id: int) -> str | None:
        """Delete a past workout (the person confirmed); returns a problem, or None."""
        if self.history is None:
            return "History is off: the history file could not be opened."
        return self._write(self.history.delete, record_id)

    def older(self, skip: int) -> Read[list[Record]]:
        """Every workout but the newest ``skip`` (slow with a long history: from a thread)."""
        if self.history is None:
            return Read([])
        history = self.history
        return self._read(lambda: history.records()[skip:], [])

    # --- plumbing -------------------------------------------------------------------------

    def _write(self, call: Callable[..., object], *args: object) -> str | None:
        try:
            call(*args)
        except HistoryError as error:
            return str(error)
        return None

    def _read(self, call: Callable[[], T], default: T) -> Read[T]:
        try:
            return Read(call())
        except HistoryError as error:
            return Read(default, str(error))


def per_week_of(programmes: Sequence[Programme]) -> dict[str, int]:
    """Each programme's own workouts a week for the streak, by id (DEFAULT_PER_WEEK if unsaid)."""
    return {p.id: p.sessions_per_week or DEFAULT_PER_WEEK for p in programmes}


def _sentence(text: str) -> str:
    """A lower-case message from below ("could not save ...") shown on its own."""
    return text[:1].upper() + text[1:]


# --- conversions --------------------------------------------------------------------------


def _utc(wall: float) -> datetime:
    return datetime.fromtimestamp(wall, UTC)


def entry_from_summary(programme: Programme, session: Session, summary: Summary) -> Entry:
    return Entry(
        programme_id=programme.id,
        programme_name=programme.name,
        session_id=session.id,
        session_title=session.title,
        started=_utc(summary.started_wall),
        ended=_utc(summary.ended_wall),
        planned_s=summary.planned_s,
        active_s=summary.active_s,
        steps_done=summary.steps_done,
        steps_skipped=summary.steps_skipped,
        steps_total=summary.steps_total,
        completed=summary.completed,
    )


def checkpoint_from_workout(programme: Programme, workout: Workout) -> Checkpoint:
    status, summary = workout.status(), workout.summary()
    session = workout.timeline.session
    return Checkpoint(
        programme_id=programme.id,
        programme_name=programme.name,
        session_id=session.id,
        session_title=session.title,
        started=_utc(summary.started_wall),
        updated=_utc(workout.clock.wall()),
        step_index=status.index,
        step_elapsed_s=status.step_elapsed_s,
        position_s=status.position_s,
        active_s=status.active_s,
        planned_s=summary.planned_s,
        steps_done=summary.steps_done,
        steps_skipped=summary.steps_skipped,
        steps_total=summary.steps_total,
    )


def entry_from_checkpoint(checkpoint: Checkpoint) -> Entry:
    """An interrupted workout that will not be resumed: partial, ended when last seen."""
    return Entry(
        programme_id=checkpoint.programme_id,
        programme_name=checkpoint.programme_name,
        session_id=checkpoint.session_id,
        session_title=checkpoint.session_title,
        started=checkpoint.started,
        ended=checkpoint.updated,
        planned_s=checkpoint.planned_s,
        active_s=checkpoint.active_s,
        steps_done=checkpoint.steps_done,
        steps_skipped=checkpoint.steps_skipped,
        steps_total=checkpoint.steps_total,
        completed=False,
    )


def resume_from_checkpoint(checkpoint: Checkpoint) -> Resume:
    return Resume(
        step=checkpoint.step_index,
        into_s=checkpoint.step_elapsed_s,
        active_s=checkpoint.active_s,
        started_wall=checkpoint.started.timestamp(),
        steps_done=checkpoint.steps_done,
        steps_skipped=checkpoint.steps_skipped,
    )

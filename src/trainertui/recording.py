"""The logbook between running workouts and the history store.

The app hands a ``Recorder`` every moment that matters (a workout begins, moves on, ends, gets
its check-in; an interrupted one is found at start-up) and shows whatever comes back. The
rules live here, in plain Python, so they are tested without a screen or a real disk:

- a finished or stopped workout becomes one row, exactly once: it is kept in the journal
  (journal.py) before anything else, written to the history off the UI thread (a ``Writer``),
  tried again while the file is busy, and at the next start if the app ended first; its key
  makes a second write of the same workout a no-op. A false start (stopped within seconds with
  no step done) is not recorded, and nor is a ``--speed`` rehearsal;
- a session counts as done only when it reached its end and most of its work was done
  (``counts_as_done``); otherwise it is recorded as partial, and the summary says why;
- a running workout is checkpointed, so a crash or a closed terminal can be resumed; a
  checkpoint is either resumed or recorded as a partial workout, never silently replaced, and
  only the window holding the workout lock (workout_lock.py) runs a workout;
- nothing here raises for a history problem: each call returns what happened, with the one
  sentence to show when something went wrong, and what happens later on the writer's thread
  is told through ``told`` (an ``Ending`` that changed, or a ``Notice``).
"""

from __future__ import annotations

import enum
import threading
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from msgspec import Struct
from msgspec.structs import replace

from trainertui.advice import NO_ADVICE, Advice, advise
from trainertui.clock import Clock, local_now
from trainertui.history import CheckIn, Checkpoint, Entry, History, HistoryError, Record
from trainertui.journal import Journal, JournalError
from trainertui.model import KINDS, Programme, Session
from trainertui.progress import DEFAULT_PER_WEEK, MIN_RECORDED_S, Progress, Stats, progress_all, stats
from trainertui.workout_lock import WorkoutLock
from trainertui.writer import InlineWriter, Writer

if TYPE_CHECKING:
    from trainertui.workout import Resume, Summary, Workout

# workout.py (the running workout: what a Recorder is handed when one starts) and hashlib are
# imported where they are used, not on the way to the menu's first frame (docs/performance.md).

#: The share of a session's work that has to be done for it to count as done.
DONE_SHARE = 0.8

T = TypeVar("T")


class Saved(enum.Enum):
    """What became of a workout that ended."""

    SAVING = "saving"  # kept in the journal; the row is being written
    RECORDED = "recorded"  # one row in the history
    WAITING = "waiting"  # not written yet (the file is busy, or failing): kept, and tried again
    FAILED = "failed"  # not written, and it could not be kept either: tried while the app runs
    FALSE_START = "false start"  # stopped within seconds: nothing to record
    REHEARSAL = "rehearsal"  # --speed: practice, never recorded
    NO_HISTORY = "no history"  # the app runs without a history file: nothing is saved


class Ending(Struct, frozen=True):
    """The answer to ``Recorder.finish``, and what ``told`` says when it changes: what became
    of the workout, its key (for the check-in), what to tell, and whether it counts."""

    saved: Saved
    key: str = ""
    #: One sentence about saving for the summary screen ("" when there is nothing to say).
    note: str = ""
    #: Whether the session counts as done (``counts_as_done``), and if not, why, in a line.
    counted: bool = True
    verdict: str = ""

    @property
    def failed(self) -> bool:
        """Shown as a warning: nothing was saved, or not yet."""
        return self.saved in (Saved.WAITING, Saved.FAILED, Saved.NO_HISTORY)

    @property
    def takes_checkin(self) -> bool:
        """Whether a check-in has somewhere to go: a row, or a kept workout that will be one.
        A rehearsal, a false start, no history, or a workout that could not even be kept has
        nowhere to put it, so none is offered."""
        return self.saved in (Saved.SAVING, Saved.RECORDED, Saved.WAITING)


class Read(Struct, Generic[T], frozen=True):
    """A value read from the history, or the default and the sentence saying why not."""

    value: T
    problem: str | None = None


class Notice(Struct, frozen=True):
    """Something to tell the person; ``error`` when it went wrong."""

    text: str
    error: bool = False


class Resumable(Struct, frozen=True):
    """An interrupted workout that can be carried on: its routine, and where it got to."""

    programme: Programme
    session: Session
    resume: Resume
    key: str


def worth_recording(summary: Summary) -> bool:
    return summary.completed or summary.steps_done > 0 or summary.active_s >= MIN_RECORDED_S


def counts_as_done(summary: Summary) -> tuple[bool, str]:
    """Whether a session counts as done, and if not, why, in one line.

    Done means it reached its end *and* at least ``DONE_SHARE`` of its work was done: of the
    timed steps that count (runs and exercises; every step in a session that has neither),
    the seconds actually done, and of the untimed (rep) ones, those marked done rather than
    skipped. Skipping through a session to its end reaches the end, but is not doing it.
    """
    if not summary.completed:
        return False, ""
    work = summary.work
    timed_short = work.timed_s > 0 and work.timed_done_s + 1e-6 < DONE_SHARE * work.timed_s
    untimed_short = work.untimed > 0 and work.untimed_done < DONE_SHARE * work.untimed
    if not (timed_short or untimed_short):
        return True, ""
    skipped = [f"{n} of {of} {_kind_words(kind, of)} skipped" for kind, n, of in work.skipped if n]
    share = work.timed_done_s / work.timed_s if timed_short else work.untimed_done / work.untimed
    why = " and ".join(skipped) or "not enough of the work done"
    return False, f"Counted as partial: {why} ({share:.0%} of the work done; {DONE_SHARE:.0%} counts)"


def _kind_words(kind: str, count: int) -> str:
    """ "run"/"runs", "exercise"/"exercises", "stretch"/"stretches": from the kind's own name."""
    word = (KINDS[kind].default_name or kind).lower() if kind in KINDS else kind
    if count == 1:
        return word
    return word + ("es" if word.endswith(("ch", "sh", "s", "x")) else "s")


class Recorder:
    """Records the workouts of one app run into ``history`` (None: the app has none, and
    ``unavailable`` says why)."""

    def __init__(
        self,
        history: History | None,
        clock: Clock,
        *,
        unavailable: str = "",
        writer: Writer | None = None,
        told: Callable[[Ending | Notice], None] | None = None,
        journal: Journal | None = None,
        lock: WorkoutLock | None = None,
    ) -> None:
        """
        Args:
            writer: where the writes run; the app's is a ``worker.Worker`` (a thread of its
                own). The default runs each at once, on the caller's thread.
            told: called (on the writer's thread) with what became of a write done later: an
                ``Ending`` of a finished workout whose state changed, or a ``Notice``.
            journal, lock: beside the history file unless given.
        """
        self.history = history
        self.clock = clock
        self.unavailable = unavailable
        self._writer: Writer = writer or InlineWriter()
        self._told = told or (lambda update: None)
        self.journal = journal or (Journal.beside(history.path) if history is not None else None)
        self.lock = lock or (WorkoutLock.beside(history.path) if history is not None else None)
        self._live: tuple[Programme, Workout, str, tuple[str, str]] | None = None
        # Shared with the writer's thread, under _guard.
        self._guard = threading.Lock()
        self._pending: dict[str, Entry] = {}  # key -> what is still to be written
        self._written: dict[str, Entry] = {}  # key -> written in this run (a check-in may follow)
        self._endings: dict[str, Ending] = {}  # key -> the workout's Ending, for those that end here
        self._journal_problems: dict[str, str] = {}
        self._saved_notices: dict[str, Notice] = {}  # key -> what to say when it is written
        self._failing: set[str] = set()  # keys whose failure has been told
        self._flush_queued = False
        self._checkpoint: Checkpoint | None = None
        self._checkpoint_queued = False
        self._checkpoint_failing = False

    @property
    def rehearsing(self) -> bool:
        """A --speed run is practice: not recorded, and never offered for resuming."""
        return self.clock.rate != 1

    # --- owning a workout --------------------------------------------------------------------

    def claim(self) -> str | None:
        """Take the workout lock before starting (or offering to resume) a workout. Returns
        None when this window may run one, or the sentence saying which window does."""
        if self.lock is None or self.rehearsing:
            return None
        holder = self.lock.acquire()
        if holder is None:
            return None
        return f"A workout is running in another trainertui window ({holder}); finish it there first."

    def release(self) -> None:
        """No workout runs here any more (the resume offer was declined)."""
        if self.lock is not None and self._live is None:
            self.lock.release()

    # --- the workout that is running ------------------------------------------------------

    def begin(self, programme: Programme, workout: Workout, key: str = "") -> None:
        """``workout`` is the one running now: checkpoints and the end are about it. ``key`` is
        the interrupted workout's when it is resumed."""
        self._live = (programme, workout, key or new_key(), _fingerprint(programme))

    def checkpoint(self) -> None:
        """Save where the running workout is (at each change of step, pause, every minute, and
        on the way out), so it can be resumed. Only the newest one waiting is written; a
        problem is told once, until a checkpoint is written again."""
        if self._live is None or self.history is None or self.rehearsing:
            return
        from trainertui.workout import State

        programme, workout, key, routine = self._live
        if workout.state not in (State.RUNNING, State.PAUSED):
            return
        checkpoint = checkpoint_from_workout(programme, workout, key=key, routine=routine)
        with self._guard:
            self._checkpoint, queued = checkpoint, self._checkpoint_queued
            self._checkpoint_queued = True
        if not queued:
            self._writer.submit(self._write_checkpoint)

    def finish(self, summary: Summary) -> Ending:
        """The running workout ended (finished or stopped): keep it before anything else can go
        wrong, have it written, and say what happened (``told`` says what happens next)."""
        live, self._live = self._live, None
        counted, verdict = counts_as_done(summary)
        try:
            if self.history is None:
                note = "Not saved: there is no history" + (f" ({self.unavailable})." if self.unavailable else ".")
                return Ending(Saved.NO_HISTORY, note=note, counted=counted, verdict=verdict)
            if self.rehearsing:
                return Ending(Saved.REHEARSAL, counted=counted, verdict=verdict)
            if live is None:  # pragma: no cover - the app always begins before it finishes
                raise RuntimeError("finish() without begin()")
            programme, workout, key, _ = live
            if not worth_recording(summary):
                self._writer.submit(self._clear_checkpoint)
                note = "Stopped within seconds: not recorded."
                return Ending(Saved.FALSE_START, note=note, counted=counted, verdict=verdict)
            entry = entry_from_summary(programme, workout.timeline.session, summary, key=key, completed=counted)
            with self._guard:
                self._endings[key] = Ending(Saved.SAVING, key, "Saving…", counted, verdict)
                self._keep(entry)
            self._flush_soon()
            with self._guard:
                return self._endings[key]
        finally:
            if self.lock is not None:
                self.lock.release()

    def check_in(self, key: str, checkin: CheckIn) -> str | None:
        """Add the check-in to the workout's row (or to the kept workout, if its row is not
        written yet); returns a problem, or None."""
        if self.history is None:
            return None
        with self._guard:
            entry = self._pending.get(key) or self._written.get(key)
            if entry is None:
                return f"could not save the check-in: no workout {key} in this run"
            self._keep(replace(entry, checkin=checkin))
            problem = self._journal_problems.get(key)
        self._flush_soon()
        return problem

    # --- writes that wait for the file --------------------------------------------------------

    def recover(self) -> list[Notice]:
        """At start-up: write the workouts an earlier run kept but could not write (the file
        was busy, or the app was closed or killed first). Returns problems reading them."""
        if self.history is None or self.journal is None:
            return []
        entries, problems = self.journal.entries()
        with self._guard:
            for entry in entries:
                if entry.key not in self._pending:
                    self._pending[entry.key] = entry
                    ended = entry.ended.astimezone()
                    self._saved_notices[entry.key] = Notice(
                        f"Saved {entry.session_title} ({entry.programme_name}) from {ended:%H:%M on %a %d %b}, "
                        "which could not be saved then."
                    )
        if entries:
            self._flush_soon()
        return [Notice(_sentence(problem), error=True) for problem in problems]

    def retry(self) -> None:
        """Try the unwritten workouts again (the app calls this every few seconds)."""
        with self._guard:
            waiting = bool(self._pending)
        if waiting:
            self._flush_soon()

    @property
    def unsaved(self) -> int:
        """How many workouts wait to be written."""
        with self._guard:
            return len(self._pending)

    def ending(self, key: str) -> Ending | None:
        with self._guard:
            return self._endings.get(key)

    def wait(self, timeout: float) -> bool:
        """Wait for the writes asked for so far (on the way out, and in tests)."""
        return self._writer.wait(timeout)

    def close(self, timeout: float) -> bool:
        """Stop writing (what is not written yet stays in the journal) and let go of the lock;
        False if the writes asked for did not finish within ``timeout``."""
        self._writer.stop()
        done = self._writer.wait(timeout)
        if self.lock is not None:
            self.lock.release()
        return done

    # --- a workout an earlier run left behind ------------------------------------------------

    def interrupted(self) -> Read[Checkpoint | None]:
        """The checkpoint an interrupted workout left, if any. One whose workout has its row,
        or is kept to be written, is not interrupted: it ended."""
        if self.history is None:
            return Read(None)
        found = self._read(self.history.checkpoint, None)
        checkpoint = found.value
        if checkpoint is None or not checkpoint.key:
            return found
        with self._guard:
            ended = checkpoint.key in self._pending or checkpoint.key in self._written
        if ended or (self.journal is not None and self.journal.has(checkpoint.key)):
            return Read(None)
        history = self.history
        written = self._read(lambda: history.recorded(checkpoint.key), False)
        if written.problem is not None:
            return Read(None, written.problem)
        return Read(None) if written.value else found

    def resumable(self, checkpoint: Checkpoint, find: Callable[[str], Programme | None]) -> Resumable | str:
        """The interrupted workout's routine, if it can be carried on; otherwise why not.
        ``find`` looks a programme up by id (the catalogue). One run from a file by path is
        read from that path, and only while the file is what it was."""
        programme: Programme | None
        if checkpoint.routine_path:
            path = Path(checkpoint.routine_path)
            if _sha256(path) != checkpoint.routine_sha256:
                return "its routine file has changed since" if path.exists() else f"{path} is gone"
            programme = _load(path)
            if programme is None:
                return f"{path} can no longer be read"
        else:
            programme = find(checkpoint.programme_id)
        session = programme.session(checkpoint.session_id) if programme is not None else None
        if programme is None or session is None:
            return "its routine is no longer there"
        if not 0 <= checkpoint.step_index < len(session.steps):
            return "its routine has changed since"
        return Resumable(programme, session, resume_from_checkpoint(checkpoint), checkpoint.key)

    def record_interrupted(self, why: str = "") -> Notice | None:
        """Record an interrupted workout as partial (it is not being resumed, or a new workout
        is about to replace its checkpoint). Returns a problem found at once, or None; that it
        was recorded is told when it is (``why`` is added to that sentence)."""
        if self.history is None or self.rehearsing:
            return None
        found = self.interrupted()
        if found.problem is not None:
            return Notice(found.problem, error=True)
        checkpoint = found.value
        if checkpoint is None:
            return None
        entry = entry_from_checkpoint(checkpoint, key=checkpoint.key or _key_of(checkpoint))
        said = f"Recorded the interrupted {checkpoint.session_title} as a partial workout"
        with self._guard:
            if entry.key in self._pending:
                return None
            self._saved_notices[entry.key] = Notice(f"{said}: {why}." if why else f"{said}.")
            self._keep(entry)
        self._flush_soon()
        return None

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

    def _history(self) -> History:
        assert self.history is not None
        return self.history

    def _keep(self, entry: Entry) -> None:
        """Under _guard: ``entry`` is to be written; keep it in the journal until it is."""
        self._pending[entry.key] = entry
        if self.journal is None:
            return
        try:
            self.journal.put(entry)
        except JournalError as error:
            self._journal_problems[entry.key] = str(error)
        else:
            self._journal_problems.pop(entry.key, None)

    def _flush_soon(self) -> None:
        with self._guard:
            queued, self._flush_queued = self._flush_queued, True
        if not queued:
            self._writer.submit(self._flush)

    def _flush(self) -> None:
        """On the writer's thread: write what is pending, oldest first, until one fails (the
        file is busy: the rest would wait the same)."""
        with self._guard:
            self._flush_queued = False
            pending = list(self._pending.values())
        for entry in pending:
            try:
                self._history().record(entry)
            except HistoryError as error:
                self._not_written(entry, error)
                return
            self._was_written(entry)

    def _was_written(self, entry: Entry) -> None:
        key = entry.key
        with self._guard:
            if self._pending.get(key) is not entry:  # a check-in came meanwhile: written next
                return
            del self._pending[key]
            self._written[key] = entry
            self._failing.discard(key)
            removed = self._remove_kept(key)
            ending = self._endings.get(key)
            if ending is not None:
                ending = self._endings[key] = replace(ending, saved=Saved.RECORDED, note="Saved to your history.")
            notice = self._saved_notices.pop(key, None)
        if ending is not None:
            self._told(ending)
        if notice is not None:
            self._told(notice)
        if removed is not None:
            self._told(Notice(_sentence(removed), error=True))

    def _remove_kept(self, key: str) -> str | None:
        if self.journal is None:
            return None
        try:
            self.journal.remove(key)
        except JournalError as error:  # harmless: written again at the next start, as the same row
            return str(error)
        return None

    def _not_written(self, entry: Entry, error: HistoryError) -> None:
        key = entry.key
        with self._guard:
            kept = key not in self._journal_problems and self.journal is not None
            ending = self._endings.get(key)
            if ending is not None:
                ending = self._endings[key] = replace(
                    ending, saved=Saved.WAITING if kept else Saved.FAILED, note=_waiting_note(error, kept, self)
                )
            first = key not in self._failing
            self._failing.add(key)
        if ending is not None:
            self._told(ending)
        elif first:
            self._told(Notice(_sentence(str(error)) + ("; it will be tried again." if kept else "."), error=True))

    def _clear_checkpoint(self) -> None:
        self._write(self._history().clear_checkpoint)

    def _write_checkpoint(self) -> None:
        with self._guard:
            checkpoint, self._checkpoint_queued = self._checkpoint, False
        if checkpoint is None:
            return
        problem = self._write(self._history().save_checkpoint, checkpoint)
        if problem is None:
            self._checkpoint_failing = False
        elif not self._checkpoint_failing:
            self._checkpoint_failing = True
            self._told(Notice(_sentence(problem), error=True))

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


def _waiting_note(error: HistoryError, kept: bool, recorder: Recorder) -> str:
    if not kept:
        return f"Not saved: {error}, and it could not be kept for later. trainertui will try again while it is open."
    if error.busy:
        return (
            "Not saved yet: the history file is busy (another program is using it). "
            "It will be saved when the file is free, or at the next start."
        )
    folder = recorder.journal.folder if recorder.journal is not None else "the journal"
    return f"Not saved yet: {error}. It is kept in {folder} and will be saved when it can be, or at the next start."


def _sentence(text: str) -> str:
    """A lower-case message from below ("could not save ...") shown on its own."""
    return text[:1].upper() + text[1:]


def new_key() -> str:
    return uuid.uuid4().hex


def _key_of(checkpoint: Checkpoint) -> str:
    """A key for a checkpoint from before keys: the same for the same checkpoint, so recording
    it twice (two calls before the first is written) is still one row."""
    import hashlib

    name = f"{checkpoint.programme_id}\0{checkpoint.session_id}\0{checkpoint.started.isoformat()}"
    return hashlib.sha256(name.encode()).hexdigest()[:32]


def _fingerprint(programme: Programme) -> tuple[str, str]:
    """(path, SHA-256) of a routine that is not bundled: a resume reads it again from there."""
    if programme.bundled or programme.path is None:
        return "", ""
    path = programme.path.resolve()
    return str(path), _sha256(path)


def _sha256(path: Path) -> str:
    import hashlib

    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _load(path: Path) -> Programme | None:
    from trainertui.routines import RoutineError, load_programme

    try:
        return load_programme(path)
    except (RoutineError, OSError):
        return None


# --- conversions --------------------------------------------------------------------------


def _utc(wall: float) -> datetime:
    return datetime.fromtimestamp(wall, UTC)


def entry_from_summary(
    programme: Programme, session: Session, summary: Summary, *, key: str = "", completed: bool | None = None
) -> Entry:
    """``completed``: whether the session counts as done (``counts_as_done``, by default)."""
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
        completed=counts_as_done(summary)[0] if completed is None else completed,
        key=key,
    )


def checkpoint_from_workout(
    programme: Programme, workout: Workout, *, key: str = "", routine: tuple[str, str] = ("", "")
) -> Checkpoint:
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
        key=key,
        routine_path=routine[0],
        routine_sha256=routine[1],
        outcomes=workout.outcome_letters(),
        work_done_s=workout.work_before_s(),
    )


def entry_from_checkpoint(checkpoint: Checkpoint, key: str = "") -> Entry:
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
        key=key or checkpoint.key,
    )


def resume_from_checkpoint(checkpoint: Checkpoint) -> Resume:
    from trainertui.workout import Resume

    return Resume(
        step=checkpoint.step_index,
        into_s=checkpoint.step_elapsed_s,
        active_s=checkpoint.active_s,
        started_wall=checkpoint.started.timestamp(),
        steps_done=checkpoint.steps_done,
        steps_skipped=checkpoint.steps_skipped,
        outcomes=checkpoint.outcomes,
        work_done_s=checkpoint.work_done_s,
    )

"""The store of workout history, check-ins and the resume checkpoint: one SQLite file.

Stdlib ``sqlite3`` only, and no Textual, so the CLI can read it quickly and tests need no app.
What the rows mean (progress, the streak, weekly figures) is worked out in progress.py.

Why it is built this way:

- A row is written once, when a workout ends, and the checkpoint only at step changes and on
  pause: nothing per tick. Each write is one short ``BEGIN IMMEDIATE`` transaction, so a second
  process waits for the write lock (``busy_timeout``) instead of failing half-way, and a kill
  between writes leaves every committed row intact. WAL lets readers carry on meanwhile.
- The schema version lives in ``PRAGMA user_version``; ``MIGRATIONS[i]`` upgrades version ``i``
  to ``i + 1`` in its own transaction. A file from a newer trainertui is left alone.
- A file that is not a usable database is moved aside (kept, never deleted) and a fresh one
  started, with a one-line ``notice`` for the person: losing the ability to record workouts
  because an old file is damaged would be worse.
- Times are stored as ISO-8601 UTC text to the whole second: fixed width, so ``ORDER BY ended``
  is time order, and exports read "2026-11-26T07:30:00+00:00" rather than carrying microseconds
  nobody needs for a workout. The value types carry aware UTC datetimes; callers convert to local
  time for display.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from msgspec import Struct

from trainertui.paths import data_dir

HISTORY_FILE = "history.sqlite3"
SCHEMA_VERSION = 4
BUSY_TIMEOUT_MS = 5000

#: ``MIGRATIONS[i]`` takes a file from schema version ``i`` to ``i + 1``. Never edit a shipped
#: entry (files in the wild are at that version); append a new one and bump SCHEMA_VERSION.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 0 -> 1: one row per workout.
    (
        """CREATE TABLE workouts (
            id INTEGER PRIMARY KEY,
            programme_id TEXT NOT NULL,
            programme_name TEXT NOT NULL,
            session_id TEXT NOT NULL,
            session_title TEXT NOT NULL,
            started TEXT NOT NULL,
            ended TEXT NOT NULL,
            planned_s INTEGER NOT NULL,
            active_s REAL NOT NULL,
            steps_done INTEGER NOT NULL,
            steps_skipped INTEGER NOT NULL,
            steps_total INTEGER NOT NULL,
            completed INTEGER NOT NULL CHECK (completed IN (0, 1))
        )""",
        "CREATE INDEX workouts_ended ON workouts (ended)",
        "CREATE INDEX workouts_programme ON workouts (programme_id, completed)",
    ),
    # 1 -> 2: the check-in after a workout, and the checkpoint a crashed workout resumes from.
    (
        "ALTER TABLE workouts ADD COLUMN effort INTEGER CHECK (effort BETWEEN 1 AND 10)",
        "ALTER TABLE workouts ADD COLUMN pain INTEGER CHECK (pain BETWEEN 0 AND 10)",
        "ALTER TABLE workouts ADD COLUMN pain_where TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE workouts ADD COLUMN note TEXT NOT NULL DEFAULT ''",
        """CREATE TABLE checkpoint (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            programme_id TEXT NOT NULL,
            programme_name TEXT NOT NULL,
            session_id TEXT NOT NULL,
            session_title TEXT NOT NULL,
            started TEXT NOT NULL,
            updated TEXT NOT NULL,
            step_index INTEGER NOT NULL,
            step_elapsed_s REAL NOT NULL,
            position_s REAL NOT NULL,
            active_s REAL NOT NULL,
            planned_s INTEGER NOT NULL,
            steps_done INTEGER NOT NULL,
            steps_skipped INTEGER NOT NULL,
            steps_total INTEGER NOT NULL
        )""",
    ),
    # 2 -> 3: the answer to "repeat it before moving on?", kept on the workout it was asked
    # about (so it lapses by itself with the next workout, and goes when that row is deleted);
    # an index for each programme's latest workout (the menu's advice) and one for a
    # workout's identity (what an import compares).
    (
        "ALTER TABLE workouts ADD COLUMN answer TEXT NOT NULL DEFAULT '' CHECK (answer IN ('', 'repeat', 'go on'))",
        "CREATE INDEX workouts_programme_ended ON workouts (programme_id, ended)",
        "CREATE INDEX workouts_identity ON workouts (started, programme_id, session_id)",
    ),
    # 3 -> 4: a key per workout, so a row written again (from the journal, after a crash
    # between its commit and the journal's clean-up) is the same row; the checkpoint carries
    # the key, the routine file run by path (and its fingerprint), and what the steps before
    # the current one came to, so the progress rule holds across a resume.
    (
        "ALTER TABLE workouts ADD COLUMN key TEXT",
        "CREATE UNIQUE INDEX workouts_key ON workouts (key)",
        "ALTER TABLE checkpoint ADD COLUMN key TEXT",
        "ALTER TABLE checkpoint ADD COLUMN routine_path TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE checkpoint ADD COLUMN routine_sha256 TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE checkpoint ADD COLUMN outcomes TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE checkpoint ADD COLUMN work_done_s REAL",
    ),
)
assert len(MIGRATIONS) == SCHEMA_VERSION

# SQLite's primary result codes that mean "this file is damaged or not a database at all".
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26
_SQLITE_HEADER = b"SQLite format 3\x00"

_WORKOUT_COLUMNS = (
    "id, programme_id, programme_name, session_id, session_title, started, ended, planned_s, active_s, "
    "steps_done, steps_skipped, steps_total, completed, effort, pain, pain_where, note, answer, coalesce(key, '')"
)
#: What ``Record.answer`` may hold: none yet, or the person's answer to "repeat it?".
ANSWERS = ("", "repeat", "go on")
#: The columns of ``History.export``, which ``trainertui history --csv/--json`` prints.
EXPORT_FIELDS = (
    "id",
    "started",
    "ended",
    "programme_id",
    "programme",
    "session_id",
    "session",
    "planned_s",
    "active_s",
    "steps_done",
    "steps_skipped",
    "steps_total",
    "completed",
    "effort",
    "pain",
    "pain_where",
    "note",
)
_CHECKPOINT_COLUMNS = (
    "programme_id, programme_name, session_id, session_title, started, updated, step_index, step_elapsed_s, "
    "position_s, active_s, planned_s, steps_done, steps_skipped, steps_total, "
    "coalesce(key, ''), routine_path, routine_sha256, outcomes, work_done_s"
)
_CHECKPOINT_STORED = _CHECKPOINT_COLUMNS.replace("coalesce(key, '')", "key")


class HistoryError(Exception):
    """One line for the person: names the file and the problem. The app shows it and goes on.

    ``busy`` says the file was locked by another process for longer than ``busy_timeout``:
    nothing is wrong with it, and trying again later will do."""

    def __init__(self, message: str, *, busy: bool = False) -> None:
        super().__init__(message)
        self.busy = busy


class _Unreadable(HistoryError):
    """The file is not a usable SQLite database; ``open`` moves it aside and starts again."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"cannot open {path}: {reason}")
        self.reason = reason


class CheckIn(Struct, frozen=True):
    """How a workout felt. Everything is optional: one key skips the check-in."""

    effort: int | None = None  # 1-10
    pain: int | None = None  # 0-10
    pain_where: str = ""  # e.g. "upper back"
    note: str = ""

    def __post_init__(self) -> None:
        if self.effort is not None and not 1 <= self.effort <= 10:
            raise ValueError(f"effort is 1 to 10, got {self.effort}")
        if self.pain is not None and not 0 <= self.pain <= 10:
            raise ValueError(f"pain is 0 to 10, got {self.pain}")

    @property
    def empty(self) -> bool:
        return self.effort is None and self.pain is None and not self.pain_where and not self.note


class Entry(Struct, frozen=True):
    """What the app records when a workout ends (finished or not). Datetimes must be aware;
    they are kept to the whole second."""

    programme_id: str
    programme_name: str
    session_id: str
    session_title: str
    started: datetime
    ended: datetime
    planned_s: int
    active_s: float
    steps_done: int
    steps_skipped: int
    steps_total: int
    completed: bool
    checkin: CheckIn | None = None
    #: Names the workout across writes: recording the same key twice leaves one row (the
    #: journal may write a workout again after a crash). "" for rows from before keys.
    key: str = ""


class Record(Entry, frozen=True, kw_only=True):
    """A stored Entry. Its datetimes are UTC; ``checkin`` is None when nothing was filled in.
    Its own fields are keyword-only, so a positional figure never lands in ``id``."""

    id: int = 0
    #: The answer given in the menu to "repeat it before moving on?" about this workout
    #: (one of ANSWERS); "" when it was not asked or not answered.
    answer: str = ""


class Imported(Struct, frozen=True):
    """What ``History.import_entries`` did: workouts added, and those already there."""

    added: int
    already: int


class Checkpoint(Struct, frozen=True):
    """A workout in progress, so that a crash or a closed terminal can be resumed from here."""

    programme_id: str
    programme_name: str
    session_id: str
    session_title: str
    started: datetime
    updated: datetime
    step_index: int
    step_elapsed_s: float
    position_s: float
    active_s: float
    planned_s: int
    steps_done: int
    steps_skipped: int
    steps_total: int
    #: The workout's key (``Entry.key``): its row, when it is written, has the same one.
    key: str = ""
    #: A routine file run by path, and the SHA-256 of what was read: resumable only while
    #: the file is still there unchanged. "" for a bundled or catalogued programme.
    routine_path: str = ""
    routine_sha256: str = ""
    #: ``Resume.outcomes`` and ``Resume.work_done_s``: "" and None in checkpoints from before.
    outcomes: str = ""
    work_done_s: float | None = None


def default_path() -> Path:
    return data_dir() / HISTORY_FILE


class History:
    """The open history file. Safe to share between threads, so the app can write from a
    thread of its own; several processes may use the same file at once.

    Reads and writes go through two connections, each with its own lock: a write waiting for
    another process's lock (``busy_timeout``) holds only the writing one, so the screen can go
    on reading meanwhile (WAL readers do not wait for writers).
    """

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        """Use ``History.open``: it configures, checks and migrates the connection."""
        self.path = path
        self.notice: str | None = None
        self._conn = connection
        self._lock = threading.Lock()
        self._write_conn: sqlite3.Connection | None = None
        self._write_lock = threading.Lock()

    @classmethod
    def open(cls, path: Path | None = None) -> History:
        """Open (creating if needed) the history file, moving an unreadable one aside.

        Raises HistoryError for anything the person has to fix (permissions, a full disk, a file
        from a newer trainertui).
        """
        path = Path(path) if path is not None else default_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise HistoryError(f"cannot open {path}: {error.strerror or error}") from error
        identity = _identity(path)
        try:
            return cls(path, _connect(path))
        except _Unreadable as unreadable:
            moved = _move_aside(path, identity)
            history = cls(path, _connect(path))
            if moved is not None:
                history.notice = (
                    f"{path.name} was unreadable ({unreadable.reason}); "
                    f"moved it to {moved.name} and started a new history"
                )
            return history

    def close(self) -> None:
        """Close both connections. A write still waiting for the file is left to the end of
        the process rather than waited for (what it was writing is kept elsewhere)."""
        with self._lock:
            self._conn.close()
        if self._write_lock.acquire(timeout=0.5):
            try:
                if self._write_conn is not None:
                    self._write_conn.close()
                    self._write_conn = None
            finally:
                self._write_lock.release()

    def __enter__(self) -> History:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    # --- workouts ---------------------------------------------------------------------------

    def record(self, entry: Entry) -> int:
        """Store a finished or abandoned workout and drop its checkpoint; returns the row id.

        An entry with a key already stored is not stored again: its row gets the entry's
        check-in (if it has one) and keeps everything else, so writing it twice is harmless."""
        with self._writing("save the workout") as conn:
            return _insert(conn, entry)

    def recorded(self, key: str) -> bool:
        """Whether the workout with this key has its row."""
        return bool(self._read("SELECT 1 FROM workouts WHERE key = ?", (key,)))

    def record_many(self, entries: Iterable[Entry]) -> list[int]:
        """``record`` for many entries in one transaction (imports, tests, benchmarks)."""
        with self._writing("save the workouts") as conn:
            return [_insert(conn, entry) for entry in entries]

    def set_checkin(self, record_id: int, checkin: CheckIn) -> None:
        """The check-in comes after the row is written, so a skipped or crashed check-in loses
        nothing but itself."""
        with self._writing("save the check-in") as conn:
            changed = conn.execute(
                "UPDATE workouts SET effort = ?, pain = ?, pain_where = ?, note = ? WHERE id = ?",
                (checkin.effort, checkin.pain, checkin.pain_where, checkin.note, record_id),
            ).rowcount
        if changed != 1:
            raise HistoryError(f"could not save the check-in to {self.path}: no workout {record_id}")

    def set_answer(self, record_id: int, answer: str) -> None:
        """Keep the answer to "repeat it before moving on?" on the workout it was about."""
        if answer not in ANSWERS:
            raise ValueError(f"answer is one of {ANSWERS}, got {answer!r}")
        with self._writing("save the answer") as conn:
            changed = conn.execute("UPDATE workouts SET answer = ? WHERE id = ?", (answer, record_id)).rowcount
        if changed != 1:
            raise HistoryError(f"could not save the answer to {self.path}: no workout {record_id}")

    def delete(self, record_id: int) -> None:
        """Remove one workout (the person asked, and confirmed). A row already gone is not an
        error: another trainertui may have deleted it first, and the result is the same."""
        with self._writing("delete the workout") as conn:
            conn.execute("DELETE FROM workouts WHERE id = ?", (record_id,))

    def record_by_id(self, record_id: int) -> Record | None:
        rows = self._read(f"SELECT {_WORKOUT_COLUMNS} FROM workouts WHERE id = ?", (record_id,))
        return _record(rows[0]) if rows else None

    def import_entries(self, entries: Sequence[tuple[int | None, Entry]]) -> Imported:
        """Add workouts read from an export, in one transaction: all of them or none.

        A workout's identity is its programme, session and start time (to the second): two
        workouts of the same session cannot start in the same second, and all three survive an
        export unchanged. One already in the history (or earlier in the same file) is skipped,
        so importing a file twice adds nothing. The file's ids are kept where they are free
        (so a history moved into an empty one exports exactly as it was) and new ones given
        otherwise; nothing refers to ids across files.
        """
        with self._writing("import the workouts") as conn:
            seen: set[tuple[str, str, str]] = set()
            fresh: list[tuple[int | None, Entry]] = []
            for wanted_id, entry in entries:
                identity = (utc_text(entry.started), entry.programme_id, entry.session_id)
                if (
                    identity in seen
                    or conn.execute(
                        "SELECT 1 FROM workouts WHERE started = ? AND programme_id = ? AND session_id = ?", identity
                    ).fetchone()
                ):
                    seen.add(identity)
                    continue
                seen.add(identity)
                fresh.append((wanted_id, entry))
            taken = {row[0] for row in conn.execute("SELECT id FROM workouts")}
            later: list[Entry] = []
            for wanted_id, entry in fresh:
                if wanted_id is not None and wanted_id > 0 and wanted_id not in taken:
                    taken.add(wanted_id)
                    _insert(conn, entry, wanted_id, clear_checkpoint=False)
                else:
                    later.append(entry)
            for entry in later:  # after every kept id is placed, so a new id cannot take one
                _insert(conn, entry, clear_checkpoint=False)
        return Imported(added=len(fresh), already=len(entries) - len(fresh))

    def records(self, limit: int | None = None) -> list[Record]:
        """Newest first (by end time)."""
        sql = f"SELECT {_WORKOUT_COLUMNS} FROM workouts ORDER BY ended DESC, id DESC"
        rows = self._read(sql + " LIMIT ?", (limit,)) if limit is not None else self._read(sql)
        return [_record(row) for row in rows]

    def count(self) -> int:
        return int(self._read("SELECT count(*) FROM workouts")[0][0])

    def export(self, completed_as: tuple[Any, Any] = (0, 1)) -> list[tuple[Any, ...]]:
        """Every workout, oldest first, as plain values in EXPORT_FIELDS order: times as ISO-8601
        UTC text, ``active_s`` to a tenth of a second, ``completed`` as ``completed_as[0]`` or
        ``[1]`` (CSV wants "false"/"true"), a missing score None. Straight from SQL, and ready
        to write: building 10,000 Records, or even new tuples, just to print them would take
        most of ``trainertui history --csv``'s time."""
        return self._read(
            "SELECT id, started, ended, programme_id, programme_name, session_id, session_title, planned_s, "
            "round(active_s, 1), steps_done, steps_skipped, steps_total, CASE completed WHEN 1 THEN ? ELSE ? END, "
            "effort, pain, pain_where, note FROM workouts ORDER BY ended, id",
            (completed_as[1], completed_as[0]),
        )

    # --- the checkpoint -----------------------------------------------------------------------

    def save_checkpoint(self, checkpoint: Checkpoint) -> None:
        """Replace the one checkpoint there is: only one workout runs at a time."""
        c = checkpoint
        values = (
            c.programme_id,
            c.programme_name,
            c.session_id,
            c.session_title,
            utc_text(c.started),
            utc_text(c.updated),
            c.step_index,
            c.step_elapsed_s,
            c.position_s,
            c.active_s,
            c.planned_s,
            c.steps_done,
            c.steps_skipped,
            c.steps_total,
            c.key or None,
            c.routine_path,
            c.routine_sha256,
            c.outcomes,
            c.work_done_s,
        )
        with self._writing("save the checkpoint") as conn:
            conn.execute(
                f"INSERT OR REPLACE INTO checkpoint (id, {_CHECKPOINT_STORED}) "
                f"VALUES (1, {', '.join('?' * len(values))})",
                values,
            )

    def checkpoint(self) -> Checkpoint | None:
        rows = self._read(f"SELECT {_CHECKPOINT_COLUMNS} FROM checkpoint WHERE id = 1")
        if not rows:
            return None
        row = list(rows[0])
        row[4], row[5] = from_utc_text(row[4]), from_utc_text(row[5])
        return Checkpoint(*row)

    def clear_checkpoint(self) -> None:
        with self._writing("clear the checkpoint") as conn:
            conn.execute("DELETE FROM checkpoint")

    # --- what progress.py derives its views from ----------------------------------------------

    def completed_sessions(self, programme_ids: Sequence[str]) -> list[tuple[str, str]]:
        """(programme id, session id) of every session completed at least once, in the order
        of each one's latest completion, oldest first."""
        if not programme_ids:
            return []
        rows = self._read(
            "SELECT programme_id, session_id, max(ended) AS last FROM workouts "
            f"WHERE completed = 1 AND programme_id IN ({', '.join('?' * len(programme_ids))}) "
            "GROUP BY programme_id, session_id ORDER BY last, session_id",
            list(programme_ids),
        )
        return [(programme_id, session_id) for programme_id, session_id, _ in rows]

    def timeline_rows(self) -> list[tuple[str, float, int, int | None, str, str]]:
        """(ended as stored UTC text, active seconds, completed (0/1), pain or None, where,
        programme id) for every workout, in time order: the raw material of the weekly figures
        and the pain chart."""
        return self._read(
            "SELECT ended, active_s, completed, pain, pain_where, programme_id FROM workouts ORDER BY ended"
        )

    def latest_workouts(self, programme_ids: Sequence[str], min_active_s: float) -> dict[str, Record]:
        """Each programme's latest workout, leaving out false starts (partial, no step done,
        under ``min_active_s``: the recorder does not keep those, but an older file or an
        import may have them). One indexed look-up a programme: the menu asks at start-up."""
        found: dict[str, Record] = {}
        for programme_id in programme_ids:
            rows = self._read(
                f"SELECT {_WORKOUT_COLUMNS} FROM workouts WHERE programme_id = ? "
                "AND (completed = 1 OR steps_done > 0 OR active_s >= ?) ORDER BY ended DESC, id DESC LIMIT 1",
                (programme_id, min_active_s),
            )
            if rows:
                found[programme_id] = _record(rows[0])
        return found

    def pain_checkins(self, limit: int) -> list[tuple[str, int | None, str]]:
        """(ended as stored UTC text, pain or None, where) of the latest ``limit`` check-ins
        that say anything about pain, newest first."""
        return self._read(
            "SELECT ended, pain, pain_where FROM workouts WHERE pain IS NOT NULL OR pain_where != '' "
            "ORDER BY ended DESC, id DESC LIMIT ?",
            (limit,),
        )

    def totals_by_programme(self) -> list[tuple[str, int, float]]:
        """(programme name, workouts, active seconds), by name."""
        return self._read(
            "SELECT programme_name, count(*), total(active_s) FROM workouts "
            "GROUP BY programme_name ORDER BY programme_name"
        )

    # --- plumbing ---------------------------------------------------------------------------

    @contextmanager
    def _writing(self, what: str) -> Iterator[sqlite3.Connection]:
        """One short write transaction. BEGIN IMMEDIATE takes the write lock up front, so a
        second process waits for it (busy_timeout) rather than failing after it has read."""
        with self._write_lock:
            try:
                conn = self._writer()
                conn.execute("BEGIN IMMEDIATE")
                yield conn
                conn.execute("COMMIT")
            except sqlite3.Error as error:
                self._rollback()
                code = getattr(error, "sqlite_errorcode", 0)
                busy = isinstance(code, int) and code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED)
                raise HistoryError(f"could not {what} to {self.path}: {error}", busy=busy) from error
            except BaseException:
                self._rollback()
                raise

    def _writer(self) -> sqlite3.Connection:
        """The writing connection, opened at the first write (the file is already migrated)."""
        if self._write_conn is None:
            conn = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
            )
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            self._write_conn = conn
        return self._write_conn

    def _rollback(self) -> None:
        """SQLite rolls some failures back by itself; a failing ROLLBACK must not hide the error."""
        try:
            if self._write_conn is not None and self._write_conn.in_transaction:
                self._write_conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as error:
                raise HistoryError(f"could not read {self.path}: {error}") from error


def _insert(
    conn: sqlite3.Connection, entry: Entry, record_id: int | None = None, *, clear_checkpoint: bool = True
) -> int:
    """``record_id`` None lets SQLite pick the id. An imported workout leaves the checkpoint
    alone: it is not the one running here."""
    checkin = entry.checkin or CheckIn()
    key = entry.key or None
    # Only a clash of keys is let pass (ON CONFLICT names it): OR IGNORE would also swallow a
    # failed CHECK, losing a bad row without a word.
    cursor = conn.execute(
        "INSERT INTO workouts (id, programme_id, programme_name, session_id, session_title, started, ended, "
        "planned_s, active_s, steps_done, steps_skipped, steps_total, completed, effort, pain, pain_where, note, "
        "key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
        (
            record_id,
            entry.programme_id,
            entry.programme_name,
            entry.session_id,
            entry.session_title,
            utc_text(entry.started),
            utc_text(entry.ended),
            entry.planned_s,
            float(entry.active_s),
            entry.steps_done,
            entry.steps_skipped,
            entry.steps_total,
            int(entry.completed),
            checkin.effort,
            checkin.pain,
            checkin.pain_where,
            checkin.note,
            key,
        ),
    )
    if cursor.rowcount == 1:
        assert cursor.lastrowid is not None
        row_id = cursor.lastrowid
    else:  # written before: the same workout
        row_id = int(conn.execute("SELECT id FROM workouts WHERE key = ?", (key,)).fetchone()[0])
        if entry.checkin is not None and not entry.checkin.empty:
            conn.execute(
                "UPDATE workouts SET effort = ?, pain = ?, pain_where = ?, note = ? WHERE id = ?",
                (checkin.effort, checkin.pain, checkin.pain_where, checkin.note, row_id),
            )
    # The checkpoint is this workout's when it has its key; one from before keys, when it is for
    # the same session (one runs at a time).
    if clear_checkpoint:
        conn.execute(
            "DELETE FROM checkpoint WHERE (key IS NOT NULL AND key = ?) "
            "OR (key IS NULL AND programme_id = ? AND session_id = ?)",
            (key, entry.programme_id, entry.session_id),
        )
    return row_id


def _record(row: Sequence[Any]) -> Record:
    (
        id_,
        programme_id,
        programme_name,
        session_id,
        session_title,
        started,
        ended,
        planned_s,
        active_s,
        steps_done,
        steps_skipped,
        steps_total,
        completed,
        effort,
        pain,
        pain_where,
        note,
        answer,
        key,
    ) = row
    empty = effort is None and pain is None and not pain_where and not note  # most rows: skip building one
    return Record(
        programme_id,
        programme_name,
        session_id,
        session_title,
        from_utc_text(started),
        from_utc_text(ended),
        planned_s,
        active_s,
        steps_done,
        steps_skipped,
        steps_total,
        bool(completed),
        None if empty else CheckIn(effort, pain, pain_where, note),
        key=key,
        id=id_,
        answer=answer,
    )


def utc_text(moment: datetime) -> str:
    """Whole seconds, fixed width, so that text order is time order."""
    if moment.utcoffset() is None:
        raise ValueError(f"history times must be timezone-aware, got {moment!r}")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def from_utc_text(text: str) -> datetime:
    return datetime.fromisoformat(text)


# --- opening ----------------------------------------------------------------------------------


def _connect(path: Path) -> sqlite3.Connection:
    """A configured, checked, migrated connection. Raises _Unreadable for a damaged file and
    HistoryError for everything else."""
    _check_header(path)
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as error:
        raise _classify(path, error) from error
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        # Before anything that writes (journal_mode does): a newer file must stay as it is.
        version = _user_version(conn)
        if version > SCHEMA_VERSION:
            raise HistoryError(f"{path} was written by a newer trainertui (schema {version}); not touching it")
        _use_wal(conn)
        problems = [row[0] for row in conn.execute("PRAGMA quick_check(1)")]
        if problems != ["ok"]:
            raise _Unreadable(path, "database disk image is malformed")
        _migrate(conn)
    except BaseException as error:
        conn.close()
        if isinstance(error, sqlite3.Error):
            raise _classify(path, error) from error
        raise
    return conn


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch a new file to WAL (it stays so). The switch needs every other connection to let go
    for a moment, and SQLite reports that clash at once rather than through busy_timeout, so two
    trainertuis creating the file together retry here for as long as busy_timeout would wait."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")  # where WAL is impossible, the old mode stays
            return
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode & 0xFF != _SQLITE_BUSY or time.monotonic() > deadline:
                raise
            time.sleep(0.005)


def _check_header(path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite sees it: given a garbage main file, SQLite
    deletes the -wal and -shm beside it, and those are to be kept with it."""
    try:
        with path.open("rb") as file:
            head = file.read(len(_SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError as error:
        raise HistoryError(f"cannot open {path}: {error.strerror or error}") from error
    if head and head != _SQLITE_HEADER:
        raise _Unreadable(path, "file is not a database")


def _classify(path: Path, error: sqlite3.Error) -> HistoryError:
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return _Unreadable(path, str(error))
    return HistoryError(f"cannot open {path}: {error}")


def _user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _migrate(conn: sqlite3.Connection) -> None:
    """Each step in its own transaction, re-reading the version inside it: two processes
    opening an old file at once must not both apply the same step."""
    while _user_version(conn) < SCHEMA_VERSION:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = _user_version(conn)
            if version < SCHEMA_VERSION:
                for statement in MIGRATIONS[version]:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _move_aside(path: Path, identity: tuple[int, int] | None) -> Path | None:
    """Rename the damaged file (and its -wal/-shm) to ``<name>.broken-YYYYMMDD-HHMMSS``.

    Returns None without moving anything when the file is no longer the one found damaged:
    another trainertui starting at the same moment has already moved it and made a new one.
    """
    if identity is None or _identity(path) != identity:
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.broken-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.broken-{stamp}-{n}")
    try:
        os.replace(path, target)
        for suffix in ("-wal", "-shm"):
            companion = Path(f"{path}{suffix}")
            if companion.exists():
                os.replace(companion, f"{target}{suffix}")
    except OSError as error:
        raise HistoryError(
            f"cannot open {path}: it is unreadable and could not be moved aside ({error.strerror or error})"
        ) from error
    return target

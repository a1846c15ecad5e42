"""The history survives what happens to real files: two writers at once, damaged files, write
errors and a process killed mid-write. Real processes and real SQLite files; no sleeping."""

from __future__ import annotations

import functools
import inspect
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from msgspec.structs import replace

from trainertui.history import HISTORY_FILE, CheckIn, Entry, History, HistoryError

T0 = datetime(2026, 1, 5, 7, 0, tzinfo=UTC)

# A child process's side of the tests: the same Entry for the same (tag, n), so the parent can
# check each row field by field.
CHILD_PRELUDE = """
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from trainertui.history import CheckIn, Checkpoint, Entry, History

T0 = datetime(2026, 1, 5, 7, 0, tzinfo=timezone.utc)

def entry(tag, n):
    ended = T0 + timedelta(minutes=n)
    return Entry(tag, "Programme " + tag, f"s{n}", f"Session {n}", ended - timedelta(seconds=n + 1), ended,
                 1800, n + 0.5, n % 7, 1, 7, n % 2 == 0, CheckIn(effort=n % 10 + 1, note=f"{tag} {n}"))

history = History.open(Path(sys.argv[1]))
tag = sys.argv[2]
"""


def expected(tag: str, n: int) -> Entry:
    ended = T0 + timedelta(minutes=n)
    return Entry(
        tag,
        "Programme " + tag,
        f"s{n}",
        f"Session {n}",
        ended - timedelta(seconds=n + 1),
        ended,
        1800,
        n + 0.5,
        n % 7,
        1,
        7,
        n % 2 == 0,
        CheckIn(effort=n % 10 + 1, note=f"{tag} {n}"),
    )


def as_entry(record: Entry) -> Entry:
    return Entry(**{name: getattr(record, name) for name in Entry.__struct_fields__})


def child(code: str, *argv: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD_PRELUDE + code, *argv],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


# --- (a) two writers ---------------------------------------------------------------------------

WRITER = """
print("ready", flush=True)
sys.stdin.readline()  # the parent says go to both at once
for n in range(200):
    history.record(entry(tag, n))
history.close()
"""


def test_two_processes_recording_200_workouts_each_at_once_lose_nothing(tmp_path):
    path = tmp_path / HISTORY_FILE
    writers = [child(WRITER, str(path), tag) for tag in ("A", "B")]  # both open (and migrate) at once
    for writer in writers:
        assert writer.stdout is not None
        assert writer.stdout.readline() == "ready\n", writer.communicate(timeout=60)[1]
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err

    with History.open(path) as history:
        records = history.records()
    assert len(records) == 400
    assert len({r.id for r in records}) == 400
    assert sorted((r.programme_id, int(r.session_id[1:])) for r in records) == sorted(
        (tag, n) for tag in "AB" for n in range(200)
    )
    assert all(as_entry(r) == expected(r.programme_id, int(r.session_id[1:])) for r in records)


# --- (b) damaged files -------------------------------------------------------------------------

NOTICE = re.compile(
    r"history\.sqlite3 was unreadable \((file is not a database|database disk image is malformed)\); "
    r"moved it to (history\.sqlite3\.broken-\d{8}-\d{6}) and started a new history"
)


def truncated_database(folder: Path) -> bytes:
    scratch = folder / "scratch.sqlite3"
    with History.open(scratch) as history:
        history.record_many(expected("T", n) for n in range(3000))
    data = scratch.read_bytes()
    scratch.unlink()
    return data[: len(data) // 2]


@pytest.mark.parametrize("kind", ["random bytes", "text", "truncated database"])
def test_an_unreadable_file_is_moved_aside_kept_and_a_new_history_started(tmp_path, kind):
    path = tmp_path / HISTORY_FILE
    original = {
        "random bytes": lambda: random.Random(5).randbytes(16384),
        "text": lambda: b"These are my workouts:\nMonday: ran 5k\n" * 40,
        "truncated database": lambda: truncated_database(tmp_path),
    }[kind]()
    path.write_bytes(original)

    with History.open(path) as history:
        assert history.notice is not None
        match = NOTICE.fullmatch(history.notice)
        assert match, history.notice
        kept = tmp_path / match.group(2)
        assert kept.read_bytes() == original
        assert history.count() == 0
        record_id = history.record(expected("new", 1))
    with History.open(path) as reopened:
        assert reopened.notice is None and [r.id for r in reopened.records()] == [record_id]


def test_the_wal_and_shm_beside_an_unreadable_file_are_kept_with_it(tmp_path):
    path = tmp_path / HISTORY_FILE
    parts = {suffix: random.Random(suffix).randbytes(4096) for suffix in ("", "-wal", "-shm")}
    for suffix, data in parts.items():
        Path(f"{path}{suffix}").write_bytes(data)
    with History.open(path) as history:
        assert history.notice is not None
        kept = tmp_path / NOTICE.fullmatch(history.notice).group(2)  # type: ignore[union-attr]
    for suffix, data in parts.items():
        assert Path(f"{kept}{suffix}").read_bytes() == data


def test_a_second_damaged_file_in_the_same_second_does_not_replace_the_first(tmp_path):
    path = tmp_path / HISTORY_FILE
    for text in (b"first", b"second"):
        path.write_bytes(text)
        History.open(path).close()
    kept = sorted(p.read_bytes() for p in tmp_path.glob(f"{HISTORY_FILE}.broken-*"))
    assert kept == [b"first", b"second"]


def test_an_empty_file_is_an_empty_database_not_a_damaged_one(tmp_path):
    path = tmp_path / HISTORY_FILE
    path.touch()
    with History.open(path) as history:
        assert history.notice is None and history.count() == 0
    assert not list(tmp_path.glob("*.broken-*"))


# --- (c) errors on open and on write -----------------------------------------------------------


def test_a_folder_that_cannot_be_made_is_a_history_error_naming_the_path(tmp_path):
    (tmp_path / "data").write_text("a file where the folder should be")
    path = tmp_path / "data" / HISTORY_FILE
    with pytest.raises(HistoryError, match=re.escape(f"cannot open {path}: ")):
        History.open(path)


def test_a_folder_in_place_of_the_file_is_a_history_error_and_is_not_moved(tmp_path):
    path = tmp_path / HISTORY_FILE
    path.mkdir()
    with pytest.raises(HistoryError, match=re.escape(f"cannot open {path}: ")):
        History.open(path)
    assert path.is_dir()


class FailingWrites(sqlite3.Connection):
    """A connection whose writes fail like a dying disk, once ``error`` is set."""

    error: str | None = None

    def execute(self, sql, parameters=(), /):  # type: ignore[override]
        if FailingWrites.error and sql.lstrip().startswith(("INSERT", "UPDATE", "DELETE")):
            raise sqlite3.OperationalError(FailingWrites.error)
        return super().execute(sql, parameters)


def test_a_disk_error_on_write_is_a_history_error_and_earlier_rows_stay_readable(tmp_path, monkeypatch):
    monkeypatch.setattr(sqlite3, "connect", functools.partial(sqlite3.connect, factory=FailingWrites))
    monkeypatch.setattr(FailingWrites, "error", None)
    path = tmp_path / HISTORY_FILE
    history = History.open(path)
    first = history.record(expected("A", 1))

    FailingWrites.error = "disk I/O error"
    with pytest.raises(HistoryError) as error:
        history.record(expected("A", 2))
    assert str(error.value) == f"could not save the workout to {path}: disk I/O error"
    with pytest.raises(HistoryError, match=re.escape(str(path))):
        history.set_checkin(first, CheckIn(effort=5))
    assert [r.id for r in history.records()] == [first]
    assert not history._conn.in_transaction

    FailingWrites.error = None  # the disk recovers: the same History carries on
    history.record(expected("A", 3))
    history.close()
    monkeypatch.undo()
    with History.open(path) as reopened:
        assert [r.session_id for r in reopened.records()] == ["s3", "s1"]


def test_a_full_disk_is_a_history_error_and_nothing_half_written(tmp_path):
    path = tmp_path / HISTORY_FILE
    with History.open(path) as history:
        history.record(expected("A", 1))
        writer = history._writer()  # writes have a connection of their own
        pages = writer.execute("PRAGMA page_count").fetchone()[0]
        writer.execute(f"PRAGMA max_page_count = {pages}")  # as if the disk had just filled up
        big = replace(expected("A", 2), checkin=CheckIn(note="x" * 200_000))
        with pytest.raises(
            HistoryError, match=re.escape(f"could not save the workout to {path}: database or disk is full")
        ):
            history.record(big)
        assert history.count() == 1
        writer.execute("PRAGMA max_page_count = 1000000")
        history.record(big)
        assert history.count() == 2


# --- (d) killed mid-write ----------------------------------------------------------------------

KILLED = """
from trainertui.history import Checkpoint
for n in range(100_000):
    e = entry(tag, n)
    history.save_checkpoint(Checkpoint(e.programme_id, e.programme_name, e.session_id, e.session_title,
                                       e.started, e.ended, 3, 1.5, 100.0, 99.0, 1800, 2, 0, 7))
    record_id = history.record(e)
    print(record_id, n, flush=True)
"""


def test_a_process_killed_in_a_loop_of_writes_leaves_a_clean_file_with_every_committed_row(tmp_path):
    path = tmp_path / HISTORY_FILE
    writer = child(KILLED, str(path), "K")
    assert writer.stdout is not None
    committed: dict[int, int] = {}
    while len(committed) < 50:
        line = writer.stdout.readline()
        assert line, writer.stderr.read() if writer.stderr else ""
        record_id, n = map(int, line.split())
        committed[record_id] = n
    os.kill(writer.pid, signal.SIGKILL)
    assert writer.wait(timeout=60) == -signal.SIGKILL

    check = sqlite3.connect(path)
    assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    check.close()
    with History.open(path) as history:
        assert history.notice is None
        records = {r.id: r for r in history.records()}
        resume = history.checkpoint()
    for record_id, n in committed.items():
        assert as_entry(records[record_id]) == expected("K", n)
    # Rows are workouts 0..m-1 with nothing missing; a checkpoint left behind is the one in progress.
    ns = sorted(int(r.session_id[1:]) for r in records.values())
    assert ns == list(range(len(ns)))
    assert resume is None or resume.session_id == f"s{len(ns)}"


# --- (e) another process holds the file: nothing waits on it, nothing is lost --------------------

HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")  # a long transaction: a backup tool, a sync client, a second app
print("locked", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
print("released", flush=True)
sys.stdin.readline()
"""


def holder(path: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stdout.readline() == "locked\n"
    return process


def say(process: subprocess.Popen[str], line: str = "go") -> None:
    assert process.stdin is not None
    process.stdin.write(line + "\n")
    process.stdin.flush()


def finished_workout(recorder, clock):
    """Three minutes of a two-step session, checkpointed on the way: the same workout here and,
    from its source, in a child process."""
    from trainertui.model import Programme, Session, Step
    from trainertui.timeline import compile_session
    from trainertui.workout import Workout

    session = Session("a", "Session a", (Step("warmup", "Warm-up", 60), Step("run", "Run", 120)))
    plan = Programme("test", "Test programme", (session,))
    workout = Workout(compile_session(session), clock)
    recorder.begin(plan, workout)
    workout.start()
    clock.advance(60)
    recorder.checkpoint()
    clock.advance(120)
    return workout.summary()


FINISHED_WORKOUT = inspect.getsource(finished_workout)


def test_a_workout_ending_while_another_process_holds_the_file_waits_for_it_without_blocking(tmp_path, monkeypatch):
    """The file is locked across the workout's end (BEGIN EXCLUSIVE in another process): the
    caller (the UI thread) does not wait for it, the workout is kept and said to be waiting,
    and once the lock goes it is written, once."""
    import threading
    import time

    from trainertui.clock import FakeClock
    from trainertui.recording import Ending, Recorder, Saved
    from trainertui.worker import Worker

    monkeypatch.setattr("trainertui.history.BUSY_TIMEOUT_MS", 300)  # the real wait is 5 s
    path = tmp_path / HISTORY_FILE
    History.open(path).close()
    with History.open(path) as history:
        told: list[Ending] = []
        changed = threading.Event()

        def tell(update):
            told.append(update)
            changed.set()

        clock = FakeClock()
        recorder = Recorder(history, clock, writer=Worker("history"), told=tell)
        summary = finished_workout(recorder, clock)
        assert recorder.wait(10) and history.checkpoint() is not None
        lock = holder(path)
        began = time.perf_counter()
        ending = recorder.finish(summary)
        took = time.perf_counter() - began
        assert ending.saved is Saved.SAVING and ending.takes_checkin
        assert took < 0.25, f"finish() waited {took:.3f} s for the locked file"  # the 0.3 s lock wait is elsewhere
        assert changed.wait(10) and told == [replace(ending, saved=Saved.WAITING, note=told[0].note)]
        assert told[0].note.startswith("Not saved yet: the history file is busy")
        assert recorder.check_in(ending.key, CheckIn(effort=8)) is None
        assert history.count() == 0  # reads go on while the file is locked (WAL)

        say(lock)
        assert lock.stdout is not None and lock.stdout.readline() == "released\n"
        changed.clear()
        recorder.retry()
        assert changed.wait(10) and told[-1].saved is Saved.RECORDED
        assert recorder.wait(10)
        [record] = history.records()
        assert (record.key, record.completed, record.checkin) == (ending.key, True, CheckIn(effort=8))
        assert history.checkpoint() is None
        say(lock)
        lock.wait(10)
        assert recorder.close(5)


KEPT_THEN_KILLED = (
    FINISHED_WORKOUT
    + """
import time
import trainertui.history
trainertui.history.BUSY_TIMEOUT_MS = 60_000  # it would wait a minute for the file: killed first
from trainertui.clock import FakeClock
from trainertui.recording import Recorder
from trainertui.worker import Worker
clock = FakeClock()
recorder = Recorder(history, clock, writer=Worker("history"))
summary = finished_workout(recorder, clock)
recorder.wait(10)
print("checkpointed", flush=True)
sys.stdin.readline()  # the parent has locked the file
ending = recorder.finish(summary)
print(ending.saved.value, ending.key, flush=True)
time.sleep(60)
"""
)


def test_a_workout_kept_while_the_file_was_locked_is_written_once_after_a_kill(tmp_path):
    """Killed while the write waits for the file: the next start writes it, exactly once."""
    from trainertui.clock import FakeClock
    from trainertui.recording import Recorder

    path = tmp_path / HISTORY_FILE
    History.open(path).close()
    app = child(KEPT_THEN_KILLED, str(path), "X")
    assert app.stdout is not None
    assert app.stdout.readline() == "checkpointed\n", app.communicate(timeout=30)
    lock = holder(path)
    say(app)
    line = app.stdout.readline()
    assert line.startswith("saving "), app.communicate(timeout=30)
    key = line.split()[1]
    os.kill(app.pid, signal.SIGKILL)
    assert app.wait(timeout=30) == -signal.SIGKILL
    say(lock)
    say(lock)
    lock.wait(10)

    with History.open(path) as history:
        assert history.count() == 0 and history.checkpoint() is not None
        again = Recorder(history, FakeClock())
        assert again.interrupted().value is None  # not offered for resuming: it ended
        assert again.recover() == []
        [record] = history.records()
        assert (record.key, record.completed) == (key, True) and history.checkpoint() is None
        Recorder(history, FakeClock()).recover()
        assert history.count() == 1


LOCK_HOLDER = """
import sys, time
from pathlib import Path
from trainertui.workout_lock import WorkoutLock
lock = WorkoutLock(Path(sys.argv[1]).parent / "workout.lock")
assert lock.acquire() is None
print("held", flush=True)
time.sleep(60)
"""


def test_the_workout_lock_of_a_killed_process_blocks_no_one(tmp_path):
    from trainertui.workout_lock import Holder, WorkoutLock

    owner = child(LOCK_HOLDER, str(tmp_path / HISTORY_FILE), "L")
    assert owner.stdout is not None and owner.stdout.readline() == "held\n", owner.communicate(timeout=30)
    mine = WorkoutLock(tmp_path / "workout.lock")
    found = mine.acquire()
    assert isinstance(found, Holder) and found.pid == owner.pid and not mine.held
    os.kill(owner.pid, signal.SIGKILL)
    assert owner.wait(timeout=30) == -signal.SIGKILL
    assert (tmp_path / "workout.lock").exists()  # the file stays; its lock went with the process
    assert mine.acquire() is None and mine.held
    mine.release()

"""Only one trainertui at a time owns a running workout.

Why: the history keeps one checkpoint, for one running workout. A second window that offered
to "resume" the workout running in the first gave two timers for one workout, and one of the
two records was lost. So the window running a workout holds an OS lock on a file beside the
history (``fcntl.flock``), and writes its pid and terminal into it for the others to show.

An OS lock, not a pid file: it is released by the kernel when its process ends however it
ends (a crash, ``kill -9``, a closed terminal), so a stale lock never blocks anyone, and there
is no pid to check for reuse. The file itself stays; only the lock on it matters.
"""

from __future__ import annotations

import fcntl
import os
import sys
from pathlib import Path

from msgspec import Struct

FILE = "workout.lock"


class Holder(Struct, frozen=True):
    """Who holds the lock, as far as its file says (it may not have written it yet)."""

    pid: int | None
    tty: str

    def __str__(self) -> str:
        where = [f"pid {self.pid}"] if self.pid is not None else []
        if self.tty:
            where.append(self.tty)
        return ", ".join(where) or "pid unknown"


class WorkoutLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @classmethod
    def beside(cls, history_path: Path) -> WorkoutLock:
        return cls(history_path.parent / FILE)

    @property
    def held(self) -> bool:
        """Whether this process holds it (through this object)."""
        return self._fd is not None

    def acquire(self) -> Holder | None:
        """Take the lock without waiting. None when it is ours now (or already was); otherwise
        who holds it. A lock file that cannot be opened at all does not stop a workout: the
        history it guards cannot be written either, and that is said elsewhere."""
        if self._fd is not None:
            return None
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            return holder
        except OSError:  # a file system without locks: nothing to coordinate with
            os.close(fd)
            return None
        self._fd = fd
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()} {_tty()}\n".encode(), 0)
        except OSError:
            pass
        return None

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            os.ftruncate(fd, 0)
        except OSError:
            pass
        os.close(fd)  # closing drops the lock


def _holder(fd: int) -> Holder:
    try:
        text = os.pread(fd, 4096, 0).decode(errors="replace")
    except OSError:
        text = ""
    pid_text, _, tty = text.strip().partition(" ")
    return Holder(int(pid_text) if pid_text.isdigit() else None, tty.strip())


def _tty() -> str:
    """The terminal this process runs in, e.g. /dev/pts/3 ("" without one)."""
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        try:
            return os.ttyname(stream.fileno())
        except (OSError, ValueError, AttributeError):
            continue
    return ""

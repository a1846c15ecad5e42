"""Where the history's writes run: the ``Writer`` the Recorder hands them to.

Why not on the UI thread: a write waits for the file's lock (``busy_timeout``, up to 5 s) when
another process holds it. On the UI thread that froze the screen at every change of step and
at the end of a workout. So the Recorder only ever *submits* its writes. The app gives it a
``worker.Worker`` (one daemon thread, jobs in order, the same as keep-awake and music use);
tests give it an ``InlineWriter``, which runs each job at once, so the Recorder's rules are
tested without threads or waiting.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

Job = Callable[[], None]


class Writer(Protocol):
    def submit(self, job: Job) -> object:
        """Run ``job`` after every job submitted before it (it must not raise)."""

    def wait(self, timeout_s: float) -> bool:
        """Wait until every job submitted so far has run; False if ``timeout_s`` passed first."""

    def stop(self) -> None:
        """Run what is queued, then take no more jobs. Returns at once."""


class InlineWriter:
    """Runs each job at once, on the caller's thread."""

    def submit(self, job: Job) -> bool:
        job()
        return True

    def wait(self, timeout_s: float) -> bool:
        return True

    def stop(self) -> None:
        pass

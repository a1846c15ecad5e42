"""One daemon thread that runs jobs in order: how the desktop's answers are waited for off the UI thread.

A workout must never wait for the desktop, so keep-awake and music hand every D-Bus call to a
``Worker`` and return at once. Jobs run one after another, so a release always follows its
hold and a resume its pause. Importing this costs nothing the app has not paid already.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable


class Worker:
    """Runs jobs one after another on a daemon thread that starts with the first job.

    Jobs never raise out of here (an exception would be printed over the screen by Python's
    thread hook): whatever escapes a job is kept in ``last_error`` for doctor and tests. The
    thread is a daemon so that a bus that never answers cannot keep the app from exiting;
    whatever it held, the bus and the kernel release when the process ends.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.last_error: str | None = None
        self._jobs: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._stopped = False

    def submit(self, job: Callable[[], None]) -> bool:
        """Queue ``job``; False (and the job dropped) once the worker is stopped."""
        with self._lock:
            if self._stopped:
                return False
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=f"trainertui-{self.name}", daemon=True)
                self._thread.start()
            self._jobs.put(job)
            return True

    def stop(self) -> None:
        """Run what is queued, then end the thread. Returns at once."""
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
            if self._thread is not None:
                self._jobs.put(None)

    def wait(self, timeout_s: float) -> bool:
        """Block until every job queued so far has run (doctor, tests, the end of the app);
        False if that took longer than ``timeout_s``."""
        done = threading.Event()
        with self._lock:
            thread, stopped = self._thread, self._stopped
            if thread is None:
                return True
            if not stopped:
                self._jobs.put(done.set)
        if stopped:
            thread.join(timeout_s)
            return not thread.is_alive()
        return done.wait(timeout_s)

    def _run(self) -> None:
        # Let the thread that started us return first: the first job imports jeepney, and holding
        # the GIL for that would keep the caller (the UI) waiting for Python's 5 ms switch interval.
        time.sleep(0.001)
        while True:
            job = self._jobs.get()
            if job is None:
                return
            try:
                job()
            except BaseException as error:  # noqa: BLE001 - see the class docstring
                self.last_error = f"{type(error).__name__}: {error}"

"""The laptop stays awake while a workout runs: no blanking, locking or suspending for idleness.

The app calls ``hold()`` when a workout starts or resumes, ``release()`` when it pauses, ends
or is stopped, and ``close()`` on the way out. All three return at once: one background thread
does the D-Bus work (inhibitors.py: the ScreenSaver on the session bus, logind on the system
bus) and makes the desktop follow the latest call, so hold twice is one inhibitor, release
with nothing held does nothing, and a burst of pause/resume settles on the last. A crash or
kill -9 needs nothing from us: the desktop drops what a vanished connection held.

With no bus (SSH, a server, a container) nothing happens and nothing is printed; ``status()``
says why, for doctor. Making a KeepAwake costs nothing: no thread, no socket and no D-Bus
library until the first ``hold()``.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from trainertui.worker import Worker

if TYPE_CHECKING:
    from trainertui.inhibitors import Inhibitors

APP_NAME = "trainertui"
REASON = "A workout is running"
TIMEOUT_S = 1.0


class KeepAwake:
    """Asks the desktop to stay awake while held. Safe to call from the UI thread: nothing blocks."""

    def __init__(
        self, enabled: bool = True, *, app_name: str = APP_NAME, reason: str = REASON, timeout_s: float = TIMEOUT_S
    ) -> None:
        self.enabled = enabled
        self.app_name = app_name
        self.reason = reason
        self.timeout_s = timeout_s
        self._lock = threading.Lock()
        self._want = False
        self._closed = False
        self._holding = False
        self._status = (
            "keep-awake: not tried yet (it starts with a workout)"
            if enabled
            else "keep-awake off: keep_awake = false in config.toml"
        )
        self._worker = Worker("keep-awake")
        self._inhibitors: Inhibitors | None = None  # the worker's

    def hold(self) -> None:
        """A workout is running: keep the screen on and the machine awake."""
        self._want_held(True)

    def release(self) -> None:
        """Paused, finished, stopped: the desktop may sleep again."""
        self._want_held(False)

    def close(self) -> None:
        """Release whatever is held and end the thread; the object is not used again."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._want = False
        self._worker.submit(self._shut_down)
        self._worker.stop()

    def status(self) -> str:
        """One line: what keeps the machine awake here, or why nothing can."""
        with self._lock:
            return self._status

    def holding(self) -> bool:
        """Whether an inhibitor is held right now (as far as the worker has got)."""
        with self._lock:
            return self._holding

    def wait(self, timeout_s: float = 5.0) -> bool:
        """Block until the calls made so far have reached the desktop (doctor, tests)."""
        return self._worker.wait(timeout_s)

    @property
    def last_error(self) -> str | None:
        """A bug in here, caught so that it could not reach the screen."""
        return self._worker.last_error

    def _want_held(self, held: bool) -> None:
        with self._lock:
            if self._closed or not self.enabled or self._want == held:
                return
            self._want = held
        self._worker.submit(self._follow)

    # --- the worker thread ----------------------------------------------------------------

    def _follow(self) -> None:
        with self._lock:
            want = self._want
        if self._inhibitors is None:
            from trainertui.inhibitors import Inhibitors

            self._inhibitors = Inhibitors(self.app_name, self.reason, self.timeout_s)
        status = self._inhibitors.take() if want else None
        if not want:
            self._inhibitors.give_back()
        with self._lock:
            self._status = status or self._status
            self._holding = self._inhibitors.held

    def _shut_down(self) -> None:
        if self._inhibitors is not None:
            self._inhibitors.close()
        with self._lock:
            self._holding = False

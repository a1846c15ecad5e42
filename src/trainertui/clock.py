"""Where time comes from. Everything that needs "now" is handed a Clock.

``monotonic()`` drives the workout; ``wall()`` is only for timestamps and for noticing that
the laptop slept (Linux's monotonic clock stops during suspend, wall time does not).

A stopped process (Ctrl+Z, SIGTSTP, SIGSTOP) is made to look the same: the real clock leaves
the time it spent stopped out of ``monotonic()`` (the app tells it when the process continues),
so a workout counts none of it, and the screen's sleep check pauses it and says so.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    #: Clock seconds per real second: 1 for the real clock, N for ``--speed N``. A UI that
    #: arms a real timer for a clock deadline divides the wait by it.
    rate: float

    @property
    def stopped_s(self) -> float:
        """Clock seconds this process spent stopped, all left out of ``monotonic()``."""
        ...

    def monotonic(self) -> float: ...

    def wall(self) -> float: ...


def local_now(clock: Clock) -> datetime:
    """The clock's wall time as a naive local datetime: what "today" and "this week" are
    judged from. Naive on purpose: converting it to aware local time later gives each date its
    own DST offset (a fixed offset taken now would shift last winter's weeks by an hour)."""
    return datetime.fromtimestamp(clock.wall())


class MonotonicClock:
    """The real clock, less the time the process spent stopped."""

    rate = 1.0

    def __init__(self) -> None:
        self.stopped_s = 0.0
        self._last_read = time.monotonic()
        self._stopping_at: float | None = None

    def monotonic(self) -> float:
        now = time.monotonic()
        self._last_read = now
        return now - self.stopped_s

    def wall(self) -> float:
        return time.time()

    def stopping(self) -> None:
        """The process is about to stop (SIGTSTP): this is the moment its time stops."""
        self._stopping_at = time.monotonic()

    def continued(self) -> None:
        """The process was stopped and goes on (SIGCONT). It stopped at the moment ``stopping``
        was told, or, for a SIGSTOP (which cannot be caught), when the clock was last read: a
        running workout reads it at least once a second, so that is at most a second early.

        Only plain assignments of floats: this runs in a signal handler, between any two
        bytecodes of the main thread, and must not leave the clock half-changed."""
        now = time.monotonic()
        since = self._stopping_at if self._stopping_at is not None else self._last_read
        self._stopping_at = None
        self.stopped_s += max(0.0, now - since)


class FakeClock:
    """A clock that moves only when told to: tests advance it instead of sleeping."""

    rate = 1.0

    def __init__(self, start: float = 1000.0, wall_start: float = 1_767_254_400.0) -> None:
        self._now = start
        self._wall_offset = wall_start - start
        self.stopped_s = 0.0

    def monotonic(self) -> float:
        return self._now

    def wall(self) -> float:
        return self._now + self._wall_offset

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("time only goes forward")
        self._now += seconds

    def sleep_wall(self, seconds: float) -> None:
        """Model a laptop suspend: wall time jumps, monotonic time does not."""
        self._wall_offset += seconds

    def stop_process(self, seconds: float) -> None:
        """Model the process being stopped (Ctrl+Z, SIGSTOP) and continued, as MonotonicClock
        shows it: wall time jumps, monotonic time does not, and ``stopped_s`` says why."""
        self._wall_offset += seconds
        self.stopped_s += seconds


class ScaledClock:
    """Real time sped up by ``speed``, for rehearsing a routine (``--speed 30``)."""

    def __init__(self, speed: float, base: Clock | None = None) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self._base = base or MonotonicClock()
        self._speed = speed
        self.rate = speed * self._base.rate
        self._origin = self._base.monotonic()
        self._wall_origin = self._base.wall()

    @property
    def stopped_s(self) -> float:
        return self._base.stopped_s * self._speed

    def monotonic(self) -> float:
        return self._origin + (self._base.monotonic() - self._origin) * self._speed

    def stopping(self) -> None:
        if isinstance(self._base, (MonotonicClock, ScaledClock)):
            self._base.stopping()

    def continued(self) -> None:
        if isinstance(self._base, (MonotonicClock, ScaledClock)):
            self._base.continued()

    def wall(self) -> float:
        return self._wall_origin + (self._base.wall() - self._wall_origin) * self._speed

"""Where time comes from. Everything that needs "now" is handed a Clock.

``monotonic()`` drives the workout; ``wall()`` is only for timestamps and for noticing that
the laptop slept (Linux's monotonic clock stops during suspend, wall time does not).
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    #: Clock seconds per real second: 1 for the real clock, N for ``--speed N``. A UI that
    #: arms a real timer for a clock deadline divides the wait by it.
    rate: float

    def monotonic(self) -> float: ...

    def wall(self) -> float: ...


def local_now(clock: Clock) -> datetime:
    """The clock's wall time as a naive local datetime: what "today" and "this week" are
    judged from. Naive on purpose: converting it to aware local time later gives each date its
    own DST offset (a fixed offset taken now would shift last winter's weeks by an hour)."""
    return datetime.fromtimestamp(clock.wall())


class MonotonicClock:
    """The real clock."""

    rate = 1.0

    def monotonic(self) -> float:
        return time.monotonic()

    def wall(self) -> float:
        return time.time()


class FakeClock:
    """A clock that moves only when told to: tests advance it instead of sleeping."""

    rate = 1.0

    def __init__(self, start: float = 1000.0, wall_start: float = 1_767_254_400.0) -> None:
        self._now = start
        self._wall_offset = wall_start - start

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

    def monotonic(self) -> float:
        return self._origin + (self._base.monotonic() - self._origin) * self._speed

    def wall(self) -> float:
        return self._wall_origin + (self._base.wall() - self._wall_origin) * self._speed

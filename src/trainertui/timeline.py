"""Compile a Session into absolute offsets and a cue schedule. Pure: no clock, no I/O.

All times are *planned* seconds from the start of the session. Untimed (rep-based) steps take
no planned time: the steps after one start at the same planned offset, and the running
workout shifts them by however long the person actually took.

The cue rules, in one place:

* every step starts with a ``start`` cue (its ``say`` text, or a phrase for its kind);
* ``countdown`` cues "3", "2", "1" in the last three seconds of a timed step, before every
  change including the finish (only the ones that fall inside the step);
* ``halfway`` in timed steps of at least 2 minutes, except warm-ups and cool-downs;
* ``remaining`` "One minute left" in runs of at least 3 minutes, and "Five minutes to go" in
  runs longer than 10 minutes;
* ``finish`` when the last step ends.

A halfway or remaining cue that would land within CUE_GAP_S of another cue is dropped, so
announcements never talk over each other in user routines with odd lengths.
"""

from __future__ import annotations

from collections import Counter

from msgspec import Struct

from trainertui.model import KINDS, WORK_KINDS, Cue, Session, Step

HALFWAY_MIN_S = 120
ONE_MINUTE_MIN_S = 180
FIVE_MINUTES_MIN_S = 601
COUNTDOWN_FROM = 3
CUE_GAP_S = 10
NO_HALFWAY_KINDS = frozenset({"warmup", "cooldown"})

FINISH_TEXT = "Workout complete, well done"


class Interval(Struct, frozen=True):
    """A step placed in time: its position in the session and when it starts."""

    index: int
    step: Step
    start_s: int

    @property
    def end_s(self) -> int:
        return self.start_s + (self.step.duration_s or 0)


class Timeline(Struct, frozen=True):
    """A session compiled to seconds: every interval, every cue and the total length."""

    session: Session
    intervals: tuple[Interval, ...]
    cues: tuple[Cue, ...]
    duration_s: int
    starts: tuple[int, ...]

    def seconds_by_kind(self) -> Counter[str]:
        totals: Counter[str] = Counter()
        for interval in self.intervals:
            totals[interval.step.kind] += interval.step.duration_s or 0
        return totals

    @property
    def work_s(self) -> int:
        """Planned seconds of running or exercising: the part that makes you sweat."""
        by_kind = self.seconds_by_kind()
        return sum(by_kind[k] for k in WORK_KINDS)


def start_text(step: Step) -> str:
    phrase = step.say or KINDS[step.kind].start_phrase or step.name
    return f"{phrase}, {step.side} side" if step.side else phrase


def compile_session(session: Session) -> Timeline:
    intervals: list[Interval] = []
    offset = 0
    for index, step in enumerate(session.steps):
        intervals.append(Interval(index, step, offset))
        offset += step.duration_s or 0
    starts = tuple(i.start_s for i in intervals)
    return Timeline(session, tuple(intervals), _cues(intervals, offset), offset, starts)


def _cues(intervals: list[Interval], total: int) -> tuple[Cue, ...]:
    fixed: list[Cue] = []
    extra: list[Cue] = []
    for interval in intervals:
        step, start, end = interval.step, interval.start_s, interval.end_s
        fixed.append(Cue(start, "start", start_text(step), interval.index, step.kind))
        if not step.timed:
            continue
        duration = step.duration_s or 0
        for n in range(COUNTDOWN_FROM, 0, -1):
            if end - n > start:
                fixed.append(Cue(end - n, "countdown", str(n), interval.index))
        if duration >= HALFWAY_MIN_S and step.kind not in NO_HALFWAY_KINDS:
            extra.append(Cue(start + duration / 2, "halfway", "Halfway", interval.index))
        if step.kind == "run" and duration >= FIVE_MINUTES_MIN_S:
            extra.append(Cue(end - 300, "remaining", "Five minutes to go", interval.index))
        if step.kind == "run" and duration >= ONE_MINUTE_MIN_S:
            extra.append(Cue(end - 60, "remaining", "One minute left", interval.index))
    fixed.append(Cue(total, "finish", FINISH_TEXT, len(intervals)))

    kept = list(fixed)
    for cue in sorted(extra, key=lambda c: c.kind != "remaining"):  # time-left calls win over halfway
        if all(abs(cue.at_s - other.at_s) >= CUE_GAP_S for other in kept):
            kept.append(cue)
    return tuple(sorted(kept, key=lambda c: (c.at_s, c.step)))

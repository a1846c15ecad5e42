"""The running workout: a state machine over a Clock. Pure Python, no Textual, no sound.

Why it cannot drift: the workout never counts ticks. Each step is anchored at its *scheduled*
offset in the timeline, and one number, ``shift``, says how far the whole schedule has been
moved by pauses, skips, going back and time spent on untimed steps. The planned position at
any moment is ``now - started - shift``; asking late, or rarely, changes nothing.

Every control is a jump: skip, back and "done" move the schedule so that step ``j`` starts at
the moment of the jump (or of the pause, when paused). Pause freezes the position; resume adds
the paused time to ``shift``. An untimed step freezes the position at its start until
``mark_done``; that time counts as active, not paused.

The workout also keeps what was actually done of each timed step (the planned seconds the
position moved through it while running), so a session whose steps were skipped can be told
from one that was done: ``Work`` in the ``Summary``, which recording.py judges.

Cues may be given a *lead*: a spoken "Run now" has to start before the change so that it ends
on it. A lead only ever brings a cue forward into a timed stretch the schedule will run through
on its own; after a skip, a "done" or at the very start there is nothing to run ahead of, and the
cue sounds at once.
"""

from __future__ import annotations

import enum
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator

from msgspec import Struct

from trainertui.clock import Clock
from trainertui.model import WORK_KINDS, Cue
from trainertui.timeline import Interval, Timeline

BACK_RESTART_AFTER_S = 3.0
#: The most a cue is brought forward, whatever the lead asked for.
MAX_LEAD_S = 4.0
_EPS = 1e-6  # float slack, so a cue fired by a timer at its exact deadline is due


class State(enum.Enum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"


class Outcome(enum.Enum):
    DONE = "done"
    SKIPPED = "skipped"


class Status(Struct, frozen=True):
    """Where the workout is at one moment: everything a screen needs to draw it."""

    state: State
    index: int
    interval: Interval | None
    waiting: bool
    step_elapsed_s: float
    step_left_s: float | None
    position_s: float
    remaining_s: float
    active_s: float


class Work(Struct, frozen=True):
    """How much of a session's work was done: the facts its progress is judged on
    (``recording.counts_as_done``).

    The steps that count are the work steps (``model.KINDS[kind].work``: runs, exercises); a
    session with none (all stretches, say) counts all its steps. Timed ones count by the
    seconds actually done (pauses and skipped parts are not), untimed (rep) ones by being
    marked done rather than skipped.
    """

    timed_s: int = 0
    timed_done_s: float = 0.0
    untimed: int = 0
    untimed_done: int = 0
    #: (kind, skipped, of) for each kind of step that counts, in the session's order.
    skipped: tuple[tuple[str, int, int], ...] = ()


class Summary(Struct, frozen=True):
    """What happened, for the summary screen and the history."""

    steps_total: int
    steps_done: int
    steps_skipped: int
    completed: bool
    planned_s: int
    active_s: float
    started_wall: float
    ended_wall: float
    work: Work = Work()


class Resume(Struct, frozen=True):
    """Where an interrupted workout got to, to carry on from there (from a saved checkpoint).

    ``outcomes`` is one letter per step before ``step`` (``d`` done, ``s`` skipped, ``-`` not
    known) and ``work_done_s`` the seconds done of the counted timed steps before it. A
    checkpoint from before they were kept has neither: the steps before count as done, and the
    step counts come from ``steps_done`` and ``steps_skipped``.
    """

    step: int
    into_s: float
    active_s: float
    started_wall: float
    steps_done: int
    steps_skipped: int
    outcomes: str = ""
    work_done_s: float | None = None


_LETTERS = {Outcome.DONE: "d", Outcome.SKIPPED: "s", None: "-"}
_FROM_LETTER = {letter: outcome for outcome, letter in _LETTERS.items()}


class Workout:
    def __init__(self, timeline: Timeline, clock: Clock, lead: Callable[[Cue], float] | None = None) -> None:
        """``lead(cue)`` says how many seconds before its moment a cue should be handed out
        (the player knows how long its words take); at most MAX_LEAD_S is used."""
        if not timeline.intervals:
            raise ValueError("a workout needs at least one step")
        self.timeline = timeline
        self.clock = clock
        self._state = State.READY
        self.completed = False
        self._n = len(timeline.intervals)
        self._starts = timeline.starts + (timeline.duration_s,)
        self._cue_steps = [cue.step for cue in timeline.cues]
        self._fire_at = [cue.at_s - self._lead(cue, lead) for cue in timeline.cues]
        self._fired: set[int] = set()  # cues at or after _next_cue already handed out early
        self._prior_active = 0.0
        self._prior_done = 0
        self._prior_skipped = 0
        self._index = 0
        self._outcomes: list[Outcome | None] = [None] * self._n
        kinds = [interval.step.kind for interval in timeline.intervals]
        #: The steps whose doing decides whether the session counts (see ``Work``).
        self._counts = [kind in WORK_KINDS for kind in kinds] if WORK_KINDS & set(kinds) else [True] * self._n
        #: Planned seconds done of each timed step, and where the current visit of the current
        #: step began (a skip or back leaves a step; going back to it adds to what it had).
        self._done_s = [0.0] * self._n
        self._entered_at = 0.0
        self._prior_work_s = 0.0
        #: Steps before this index were done in an interrupted run (``Resume``); ``_known[i]``
        #: says whether that run's outcome for step i was kept.
        self._restored = 0
        self._known = [False] * self._n
        self._started = 0.0
        self._started_wall = 0.0
        self._ended_wall = 0.0
        self._ended: float | None = None
        self._shift = 0.0
        self._paused_at: float | None = None
        self._paused_total = 0.0
        self._waiting = False
        self._wait_active_start = 0.0
        self._next_cue = 0

    @property
    def state(self) -> State:
        self._now_synced()
        return self._state

    # --- controls -----------------------------------------------------------------------

    def start(self, resume: Resume | None = None) -> None:
        """Begin, or carry on from ``resume``: its step starts ``into_s`` seconds in, and the
        earlier steps and active time count as they did before the interruption."""
        if self._state is not State.READY:
            return
        self._started = self.clock.monotonic()
        self._started_wall = self.clock.wall()
        self._state = State.RUNNING
        if resume is not None and 0 <= resume.step < self._n:
            self._started_wall = resume.started_wall
            self._prior_active = resume.active_s
            self._jump(resume.step, None)
            self._restore(resume)
            if self.timeline.intervals[resume.step].step.timed:
                duration = self.timeline.intervals[resume.step].step.duration_s or 0
                into_s = min(max(0.0, resume.into_s), duration)
                self._shift -= into_s
                self._done_s[resume.step] = into_s
                self._entered_at += into_s
                # What fell due before that point was heard before; the step's name is said again.
                into = self._position(self._started)
                cues = self.timeline.cues
                self._mark_fired(
                    i for i in self._pending(into) if cues[i].at_s < into - _EPS and cues[i].kind != "start"
                )
        self._sync(self._started)

    def pause(self) -> bool:
        now = self._now_synced()
        if self._state is not State.RUNNING:
            return False
        self._paused_at = now
        self._state = State.PAUSED
        return True

    def resume(self) -> bool:
        if self._state is not State.PAUSED or self._paused_at is None:
            return False
        now = self.clock.monotonic()
        paused_for = now - self._paused_at
        self._paused_total += paused_for
        if not self._waiting:
            self._shift += paused_for
        self._paused_at = None
        self._state = State.RUNNING
        self._sync(now)
        return True

    def toggle_pause(self) -> bool:
        return self.resume() if self._state is State.PAUSED else self.pause()

    def skip(self) -> bool:
        """Go to the next step now; skipping the last step finishes the workout."""
        self._now_synced()
        if not self._active:
            return False
        self._jump(self._index + 1, Outcome.SKIPPED)
        return True

    def back(self) -> bool:
        """Restart the current step, or go to the previous one if it began under 3 s ago."""
        self._now_synced()
        if not self._active:
            return False
        into = self._step_elapsed(self._ref())
        target = self._index if into > BACK_RESTART_AFTER_S or self._index == 0 else self._index - 1
        self._jump(target, None)
        return True

    def mark_done(self) -> bool:
        """Finish an untimed (rep-based) step."""
        self._now_synced()
        if not self._active or not self._waiting:
            return False
        self._jump(self._index + 1, Outcome.DONE)
        return True

    def stop(self) -> None:
        """End early (the person quit): what was done so far stands, the rest does not."""
        now = self._now_synced()
        if self._state in (State.RUNNING, State.PAUSED):
            self._finish(self._ref(now), completed=False)
            self._next_cue = len(self.timeline.cues)  # nothing more is announced after quitting
            self._fired.clear()

    # --- questions ----------------------------------------------------------------------

    def status(self) -> Status:
        now = self._now_synced()
        ref = self._ref(now)
        position = self._position(ref)
        interval = self.timeline.intervals[self._index] if self._index < self._n else None
        left = None
        if interval is not None and interval.step.timed:
            left = max(0.0, interval.end_s - position)
        return Status(
            state=self._state,
            index=self._index,
            interval=interval,
            waiting=self._waiting,
            step_elapsed_s=self._step_elapsed(ref) if interval else 0.0,
            step_left_s=left,
            position_s=position,
            remaining_s=max(0.0, self.timeline.duration_s - position),
            active_s=self._active_s(ref),
        )

    def due_cues(self) -> list[Cue]:
        """Cues that fell due since the last call, in the order they fall due (lead
        included). Skipped-over cues never fire."""
        now = self._now_synced()
        if self._state is State.READY:
            return []
        position = self._position(self._ref(now))
        due = [i for i in self._pending(position) if self._fire_at[i] <= position + _EPS]
        due.sort(key=lambda i: (self._fire_at[i], i))
        self._mark_fired(due)
        return [self.timeline.cues[i] for i in due]

    def next_cue_at(self) -> float | None:
        """Monotonic time the next cue falls due, or None while nothing can (paused, waiting)."""
        self._now_synced()
        if self._state is not State.RUNNING:
            return None
        fire_at = min((self._fire_at[i] for i in self._pending()), default=None)
        return None if fire_at is None else self._started + self._shift + fire_at

    def summary(self) -> Summary:
        ref = self._ref(self._now_synced())
        return Summary(
            steps_total=self._n,
            steps_done=self._prior_done + self._outcomes.count(Outcome.DONE),
            steps_skipped=self._prior_skipped + self._outcomes.count(Outcome.SKIPPED),
            completed=self.completed,
            planned_s=self.timeline.duration_s,
            active_s=self._active_s(ref),
            started_wall=self._started_wall,
            ended_wall=self._ended_wall if self._state is State.FINISHED else self.clock.wall(),
            work=self.work(),
        )

    @property
    def outcomes(self) -> tuple[Outcome | None, ...]:
        return tuple(self._outcomes)

    def outcome_letters(self) -> str:
        """The outcomes of the steps before the current one, as ``Resume.outcomes`` takes them."""
        self._now_synced()
        return "".join(_LETTERS[outcome] for outcome in self._outcomes[: self._index])

    def work_before_s(self) -> float:
        """Seconds done of the counted timed steps before the current one (``Resume.work_done_s``)."""
        self._now_synced()
        return self._prior_work_s + sum(
            done for i, done in enumerate(self._done_s[: self._index]) if self._counts[i] and i >= self._restored
        )

    def work(self) -> Work:
        """What has been done of the steps that count, so far."""
        ref = self._ref(self._now_synced())
        done_s = list(self._done_s)
        if self._index < self._n and self._active:  # the step under way, up to now
            done_s[self._index] = self._credited(self._index, self._position(ref))
        timed_s = timed_done = 0.0
        untimed = untimed_done = 0
        skipped: dict[str, list[int]] = {}
        for i, interval in enumerate(self.timeline.intervals):
            if not self._counts[i]:
                continue
            step = interval.step
            tally = skipped.setdefault(step.kind, [0, 0])
            tally[1] += 1
            if self._outcomes[i] is Outcome.SKIPPED:
                tally[0] += 1
            if step.timed:
                timed_s += step.duration_s or 0
                if i >= self._restored:
                    timed_done += done_s[i]
            else:
                untimed += 1
                untimed_done += self._outcomes[i] is Outcome.DONE or (i < self._restored and not self._known[i])
        return Work(
            timed_s=int(timed_s),
            timed_done_s=self._prior_work_s + timed_done,
            untimed=untimed,
            untimed_done=untimed_done,
            skipped=tuple((kind, counts[0], counts[1]) for kind, counts in skipped.items()),
        )

    # --- internals ----------------------------------------------------------------------

    def _restore(self, resume: Resume) -> None:
        """Carry over what the interrupted run did before the step it resumes at."""
        self._restored = resume.step
        if len(resume.outcomes) == resume.step and set(resume.outcomes) <= set(_FROM_LETTER):
            for i, letter in enumerate(resume.outcomes):
                self._outcomes[i] = _FROM_LETTER[letter]
                self._known[i] = letter != "-"
        else:  # an older checkpoint kept only the counts
            self._prior_done, self._prior_skipped = resume.steps_done, resume.steps_skipped
        if resume.work_done_s is not None:
            self._prior_work_s = resume.work_done_s
        else:  # not kept: what came before counts as done
            self._prior_work_s = float(
                sum(
                    interval.step.duration_s or 0
                    for interval in self.timeline.intervals[: resume.step]
                    if self._counts[interval.index]
                )
            )

    def _credited(self, index: int, position: float) -> float:
        """What step ``index`` has to its credit if the position has reached ``position``."""
        interval = self.timeline.intervals[index]
        if not interval.step.timed:
            return self._done_s[index]
        return min(float(interval.step.duration_s or 0), self._done_s[index] + max(0.0, position - self._entered_at))

    def _leave_step(self, position: float) -> None:
        """The current step's visit ends at ``position``: add what was done in it."""
        if self._index < self._n:
            self._done_s[self._index] = self._credited(self._index, position)

    @property
    def _active(self) -> bool:
        return self._state in (State.RUNNING, State.PAUSED)

    def _now_synced(self) -> float:
        now = self.clock.monotonic()
        if self._active:
            self._sync(now)
        return now

    def _ref(self, now: float | None = None) -> float:
        """The moment the schedule is frozen at: end, pause, or now."""
        if self._ended is not None:
            return self._ended
        if self._paused_at is not None:
            return self._paused_at
        return self.clock.monotonic() if now is None else now

    def _position(self, ref: float) -> float:
        if self._state is State.READY:
            return 0.0
        if self._waiting:
            return float(self._starts[self._index])
        return ref - self._started - self._shift

    def _active_s(self, ref: float) -> float:
        if self._state is State.READY:
            return 0.0
        return self._prior_active + max(0.0, ref - self._started - self._paused_total)

    def _step_elapsed(self, ref: float) -> float:
        if self._waiting:
            return self._active_s(ref) - self._wait_active_start
        return max(0.0, self._position(ref) - self._starts[self._index])

    def _lead(self, cue: Cue, lead: Callable[[Cue], float] | None) -> float:
        """How far ``cue`` may be brought forward. Only cues on a change of step have a lead,
        and none when the step before waits for the person (the change comes when they say)."""
        if lead is None or cue.step == 0 or cue.at_s != self._starts[cue.step]:
            return 0.0
        before = self.timeline.intervals[cue.step - 1].step
        if not before.timed:
            return 0.0
        return min(max(0.0, lead(cue)), MAX_LEAD_S, float(before.duration_s or 0))

    def _pending(self, until: float | None = None) -> Iterator[int]:
        """Cues not yet handed out that the schedule reaches on its own: those that may fall
        due by planned position ``until``, or (None) the next one to fall due and any a lead
        brings forward past it."""
        if self._state is State.READY:
            return
        cues, reachable, horizon = self.timeline.cues, self._reachable_index(), until
        for i in range(self._next_cue, len(cues)):
            cue = cues[i]
            if cue.step > reachable or (horizon is not None and cue.at_s - MAX_LEAD_S > horizon + _EPS):
                return
            if i in self._fired:
                continue
            yield i
            if until is None:
                horizon = self._fire_at[i] if horizon is None else min(horizon, self._fire_at[i])

    def _mark_fired(self, fired: Iterable[int]) -> None:
        self._fired.update(fired)
        while self._next_cue in self._fired:
            self._fired.discard(self._next_cue)
            self._next_cue += 1

    def _reachable_index(self) -> int:
        """The furthest step the schedule reaches on its own: up to the next untimed step."""
        for index in range(self._index, self._n):
            if not self.timeline.intervals[index].step.timed:
                return index
        return self._n

    def _sync(self, now: float) -> None:
        """Move the current index up to the planned position (steps whose end has passed)."""
        ref = self._ref(now)
        while self._index < self._n and not self._waiting:
            interval = self.timeline.intervals[self._index]
            if not interval.step.timed:
                self._waiting = True
                began = self._started + self._shift + interval.start_s
                self._wait_active_start = self._active_s(max(began, self._started))
                return
            if ref - self._started - self._shift + _EPS < interval.end_s:
                return
            self._leave_step(float(interval.end_s))
            self._outcomes[self._index] = Outcome.DONE
            self._index += 1
            self._entered_at = float(interval.end_s)
        if self._index >= self._n:
            self._finish(self._started + self._shift + self.timeline.duration_s, completed=True)

    def _jump(self, target: int, outcome: Outcome | None) -> None:
        """Make step ``target`` start at the frozen-or-current moment; forget cues before it."""
        if self._state is not State.READY:
            self._leave_step(self._position(self._ref()))
        if target > self._index:
            self._outcomes[self._index] = outcome
        else:
            self._outcomes[target:] = [None] * (self._n - target)
        self._shift = self._ref() - self._started - self._starts[target]
        first = bisect_left(self._cue_steps, target)  # cue steps never decrease
        if target > self._index:  # going on: what was heard early (a start cue) is not said again
            self._next_cue = max(first, self._next_cue)
            self._fired = {i for i in self._fired if i >= self._next_cue}
        else:  # going back: all of it again
            self._next_cue, self._fired = first, set()
        self._index = target
        self._entered_at = float(self._starts[target])
        self._waiting = False
        self._sync(self.clock.monotonic())

    def _finish(self, at: float, *, completed: bool) -> None:
        if not completed:
            self._leave_step(self._position(at))
        self.completed = completed
        self._state = State.FINISHED
        self._ended = at
        self._waiting = False
        self._paused_at = None
        # The wall clock now, less how long ago the end was: ``_started_wall`` is the start of the
        # whole workout, which for a resumed one was in an earlier run (and monotonic time does
        # not carry across runs).
        self._ended_wall = self.clock.wall() - max(0.0, self.clock.monotonic() - at)

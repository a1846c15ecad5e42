"""The workout screen: a big countdown of the current step, and the keys to steer it.

The screen keeps no time of its own. Each redraw asks the Workout where it is and turns the
answer into a ``View`` of plain strings; widgets are touched only where the View changed.
Redraws are one-shot timers set for just after the shown second turns over, so the countdown
flips within milliseconds of the true second and the app wakes about once a second. Cues are
fired by another one-shot timer armed for the next cue's deadline, and each redraw fires any
that are due as a backstop, so a late timer never loses a cue.

Both timers are asyncio's ``call_later``, not Textual's ``set_timer``: a Textual timer counts
its delay from when its own task first runs, and at a change of step that task waits behind
the restyle for the new kind, so the first cue after each change was that late
(bench/cue_timing.py found it; docs/performance.md has the figures). ``call_later`` counts from
the moment it is called.
"""

from __future__ import annotations

import asyncio
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Digits, Footer, Header, Static

from trainertui.audio import CueOutput
from trainertui.clock import Clock
from trainertui.durations import format_clock, format_words
from trainertui.model import Programme
from trainertui.timeline import Interval, Timeline
from trainertui.ui.kinds import ALL_KIND_CLASSES, kind_class, kind_rules, kind_word, own_label, step_length
from trainertui.ui.messages import WorkoutMoved
from trainertui.ui.screens.dialogs import ConfirmDialog
from trainertui.ui.small_terminal import mark_small
from trainertui.ui.widgets.interval_strip import IntervalStrip
from trainertui.ui.widgets.progress_line import ProgressLine
from trainertui.workout import Resume, State, Status, Summary, Workout

#: Wall time running ahead of monotonic time by more than this between two redraws means
#: the computer was asleep (Linux stops the monotonic clock during suspend).
SLEEP_THRESHOLD_S = 5.0

#: Cue kinds whose words stay on screen until the step changes.
CALLOUT_CUES = frozenset({"halfway", "remaining"})

#: How long after a shown second turns over the redraw is set for: float rounding and timer
#: jitter must not land it just before the boundary, where it would redraw nothing.
REDRAW_SLACK_S = 0.005

#: Besides every change of step and every pause, a running workout is checkpointed this often.
CHECKPOINT_EVERY_S = 60

#: Lines that take no room when they have nothing to say.
OPTIONAL_LINES = frozenset({"detail", "callout", "tip", "sound"})


@dataclass(frozen=True, slots=True)
class View:
    """Everything the screen shows, as text: two equal Views draw the same screen."""

    kind: str
    banner: str
    digits: str
    detail: str
    tip: str
    callout: str
    next: str
    position: str
    times: str
    progress: int
    strip: tuple[int, int]
    sound: str
    paused: bool
    waiting: bool


class WorkoutScreen(Screen[Summary]):
    """Runs one session. Dismisses with the workout's Summary when it ends or is stopped."""

    #: Each kind's colour, from the one table of kinds. App-level CSS (a screen's CSS is, unlike
    #: DEFAULT_CSS), so these beat app.tcss's plain #banner; its paused rules are more specific.
    CSS = kind_rules(
        lambda kind, colour: (
            f"WorkoutScreen.-{kind} #banner {{ background: {colour}; color: $text; }}\n"
            f"WorkoutScreen.-{kind} #countdown {{ color: {colour}; }}"
        )
    )

    BINDINGS = [
        Binding("space", "pause", "Pause", id="pause"),
        Binding("space", "resume", "Resume", id="resume"),
        Binding("enter", "done", "Done", id="done"),
        Binding("n,right", "skip", "Skip", id="skip"),
        Binding("b,left", "back", "Back", id="back"),
        Binding("m", "mute", "Mute", id="mute"),
        Binding("m", "unmute", "Unmute", id="unmute"),
        Binding("q,escape", "stop", "Quit", id="quit"),
    ]

    #: Below these sizes the screen gets the -narrow and -short classes (see app.tcss).
    NARROW_BELOW, SHORT_BELOW = 60, 18

    #: Mirrors of the workout's state, so the Footer follows it (Pause/Resume, Done).
    running: reactive[bool] = reactive(False, bindings=True)
    waiting: reactive[bool] = reactive(False, bindings=True)

    def __init__(
        self,
        programme: Programme,
        workout: Workout,
        cues: CueOutput,
        *,
        tick_s: float | None,
        resume: Resume | None = None,
    ) -> None:
        """
        Args:
            programme: what the session belongs to (its name is the title).
            workout: the running workout, built by the App; the screen starts it on mount.
            cues: where due cues go, and the mute switch.
            tick_s: the shortest gap between redraws; None arms no timers (tests call sync()).
            resume: where an interrupted workout got to, to carry on from there.
        """
        super().__init__()
        self.programme = programme
        self.workout = workout
        self.cues = cues
        self.resume = resume
        self._moved_key: tuple[int, State, int] | None = None
        self.timeline: Timeline = workout.timeline
        self.clock: Clock = workout.clock
        self._tick_s = tick_s
        self._view: View | None = None
        self._cue_timer: asyncio.TimerHandle | None = None
        self._redraw_timer: asyncio.TimerHandle | None = None
        #: The clock time the cue timer is armed for (None: nothing can fall due).
        self.cue_timer_deadline: float | None = None
        self._callout = ""
        self._callout_step = -1
        self._notice = ""
        self._last_seen: tuple[float, float] | None = None
        self._dismissed = False
        self._ordinals = _ordinals(self.timeline)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="body"):
            yield Static(id="banner")
            with Center():
                yield Digits(id="countdown")
            yield Static(id="detail")
            yield Static(id="callout")
            yield Static(id="tip")
            yield Static(id="next")
            with Horizontal(id="where"):
                yield Static(id="position")
                yield IntervalStrip(self.timeline, id="strip")
            with Horizontal(id="overall"):
                yield ProgressLine(self.timeline.duration_s, id="progress")
                yield Static(id="times")
            yield Static(id="sound")
        yield Footer()

    def on_resize(self, event: events.Resize) -> None:
        mark_small(self, event.size, narrow_below=self.NARROW_BELOW, short_below=self.SHORT_BELOW)

    def on_mount(self) -> None:
        session = self.timeline.session
        self.title = self.programme.name
        self.sub_title = session.title
        self.workout.start(self.resume)
        self.sync()

    # --- time ---------------------------------------------------------------------------

    def sync(self) -> None:
        """Catch up with the clock: notice a sleep, fire due cues, redraw what changed, and set
        the timer for the next redraw.

        Called by that timer, after every key, and by tests after moving a FakeClock. It must
        not raise: an exception in a timer callback would end the app mid-workout.
        """
        if self._dismissed:  # a last timer tick can arrive while the screen is being removed
            return
        self._notice_sleep()
        self._fire_due_cues()
        status = self.workout.status()
        self.running = status.state is State.RUNNING
        self.waiting = status.waiting
        self._forget_stale_words(status)
        self._apply(self._make_view(status))
        moved_key = (status.index, status.state, int(status.active_s // CHECKPOINT_EVERY_S))
        if moved_key != self._moved_key and status.state is not State.FINISHED:
            self._moved_key = moved_key
            self.post_message(WorkoutMoved())
        if status.state is State.FINISHED:
            self._finish()
        else:
            self._arm_redraw(status)

    def _arm_redraw(self, status: Status) -> None:
        """Wake just after the shown second changes: at least every second (so a sleep is
        noticed promptly) but never sooner than ``tick_s``, and not at all in tests (None)."""
        if self._redraw_timer is not None:
            self._redraw_timer.cancel()
            self._redraw_timer = None
        if self._tick_s is None:
            return
        delay = 1.0
        if status.state is State.RUNNING:
            counting = status.step_elapsed_s if status.waiting else status.position_s
            delay = (1.0 - counting % 1.0) / self.clock.rate + REDRAW_SLACK_S
        delay = max(self._tick_s, min(1.0, delay))
        self._redraw_timer = self._later(delay, self.sync)

    def _notice_sleep(self) -> None:
        now, wall = self.clock.monotonic(), self.clock.wall()
        if self._last_seen is not None:
            last_now, last_wall = self._last_seen
            slept = (wall - last_wall) - (now - last_now)
            if slept > SLEEP_THRESHOLD_S and self.workout.pause():
                self._notice = f"Paused: the computer slept for {format_words(slept)}"
                self._stop_sound()
        self._last_seen = (now, wall)

    def _fire_due_cues(self) -> None:
        if self._dismissed:
            return
        for cue in self.workout.due_cues():
            if cue.kind in CALLOUT_CUES:
                self._callout, self._callout_step = cue.text, cue.step
            self._told(self.cues.play(cue))
        self._arm_cue_timer()

    def _arm_cue_timer(self) -> None:
        """One timer, set for the next cue's deadline; re-armed after every change."""
        if self._cue_timer is not None:
            self._cue_timer.cancel()
            self._cue_timer = None
        deadline = self.workout.next_cue_at()
        self.cue_timer_deadline = deadline
        if deadline is None or self._tick_s is None:
            return
        delay = max(0.0, (deadline - self.clock.monotonic()) / self.clock.rate)
        self._cue_timer = self._later(delay, self._fire_due_cues)

    def _later(self, delay: float, callback: Callable[[], None]) -> asyncio.TimerHandle:
        return asyncio.get_running_loop().call_later(delay, callback)

    def _stop_sound(self) -> None:
        self._told(self.cues.stop())

    def _told(self, failure: str | None) -> None:
        """The cue output says once when sound fails; the workout goes on in silence."""
        if failure is not None:
            self.notify(failure, severity="warning", timeout=8)

    def _finish(self) -> None:
        if self._dismissed:
            return
        self._dismissed = True
        self._stop_timers()
        self.dismiss(self.workout.summary())

    def on_unmount(self) -> None:
        """Leaving without finishing (the app quits or is killed): the loop's own timers would
        otherwise fire on a screen that has gone."""
        self._dismissed = True
        self._stop_timers()

    def _stop_timers(self) -> None:
        for timer in (self._cue_timer, self._redraw_timer):
            if timer is not None:
                timer.cancel()

    # --- drawing ------------------------------------------------------------------------

    def _forget_stale_words(self, status: Status) -> None:
        """A call-out belongs to its step, and a sleep notice to the pause it caused."""
        if status.interval is None or self._callout_step != status.interval.index:
            self._callout = ""
        if status.state is not State.PAUSED:
            self._notice = ""

    def _make_view(self, status: Status) -> View:
        interval = status.interval
        if interval is None:  # finished: keep the last step on screen for the moment it shows
            interval = self.timeline.intervals[-1]
        step = interval.step
        index = interval.index
        if status.waiting:
            digits = format_clock(status.step_elapsed_s)
            target = f"{step.reps} reps" if step.reps else "At your own pace"
            detail = f"{target} · press Enter when done"
        else:
            digits = format_clock(math.ceil(status.step_left_s or 0.0))
            detail = ""
        paused = status.state is State.PAUSED
        callout = (self._notice or "PAUSED · press Space to resume") if paused else self._callout
        n = len(self.timeline.intervals)
        return View(
            kind=step.kind,
            banner=self._banner(interval),
            digits=digits,
            detail=detail,
            tip=step.tip,
            callout=callout,
            next=self._next_text(index),
            position=f"Step {index + 1} of {n}",
            times=f"{format_clock(status.active_s)} done · {format_clock(math.ceil(status.remaining_s))} left",
            progress=int(status.position_s),
            strip=(index, int(status.step_elapsed_s)),
            sound=self.cues.off_reason or ("Cues muted · m to unmute" if self.cues.muted else ""),
            paused=paused,
            waiting=status.waiting,
        )

    def _banner(self, interval: Interval) -> str:
        step = interval.step
        count, total = self._ordinals[interval.index]
        of = f" {count} of {total}" if total > 1 else ""
        return " · ".join(part for part in (kind_word(step.kind), own_label(step)) if part) + of

    def _next_text(self, index: int) -> str:
        if index + 1 >= len(self.timeline.intervals):
            return "Next: finish"
        step = self.timeline.intervals[index + 1].step
        return "Next: " + " · ".join(p for p in (kind_word(step.kind), own_label(step), step_length(step)) if p)

    def _apply(self, view: View) -> None:
        old = self._view
        self._view = view
        if old is None or old.kind != view.kind:
            self.remove_class(*ALL_KIND_CLASSES)
            self.add_class(kind_class(view.kind))
        if old is None or old.paused != view.paused:
            self.set_class(view.paused, "-paused")
        if old is None or old.waiting != view.waiting:
            self.set_class(view.waiting, "-waiting")
        for name in ("banner", "detail", "callout", "tip", "next", "position", "times", "sound"):
            value = getattr(view, name)
            if old is None or getattr(old, name) != value:
                widget = self.query_one(f"#{name}", Static)
                # The times change every second; a new layout is needed only if their width does.
                resized = name != "times" or old is None or len(old.times) != len(value)
                widget.update(value, layout=resized)
                if name in OPTIONAL_LINES:
                    widget.set_class(not value, "-empty")
        if old is None or old.digits != view.digits:
            self.query_one("#countdown", Digits).update(view.digits)
        if old is None or old.progress != view.progress:
            self.query_one("#progress", ProgressLine).show(view.progress)
        if old is None or old.strip != view.strip:
            self.query_one("#strip", IntervalStrip).show(*view.strip)

    # --- keys ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pause":
            return self.running
        if action == "resume":
            return not self.running
        if action == "done":
            return self.waiting
        if action == "mute":
            return not self.cues.muted
        if action == "unmute":
            return self.cues.muted
        return True

    # Every control is followed by sync(), which fires what fell due and re-arms the cue timer.

    def action_pause(self) -> None:
        self.workout.pause()
        self._stop_sound()
        self.sync()

    def action_resume(self) -> None:
        self.workout.resume()
        self.sync()

    def action_skip(self) -> None:
        self.workout.skip()
        self.sync()

    def action_back(self) -> None:
        self.workout.back()
        self.sync()

    def action_done(self) -> None:
        self.workout.mark_done()
        self.sync()

    def action_mute(self) -> None:
        self._set_muted(True)

    def action_unmute(self) -> None:
        self._set_muted(False)

    def _set_muted(self, muted: bool) -> None:
        problem = self.cues.set_muted(muted)
        self.notify("Cues muted" if muted else "Cues on", timeout=2)
        if problem:
            self.notify(problem, severity="warning", timeout=8)
        self.refresh_bindings()
        self.sync()

    def action_stop(self) -> None:
        """Ask before ending early; the workout holds still while the question is open."""
        if self.workout.state is State.FINISHED:
            return
        was_running = self.workout.pause()
        self._stop_sound()
        self.sync()

        def answered(stop: bool | None) -> None:
            if stop:
                self.workout.stop()
            elif was_running:
                self.workout.resume()
            self.sync()

        self.app.push_screen(
            ConfirmDialog("Stop this workout?", "It will count as a partial workout.", yes="Stop", no="Keep going"),
            answered,
        )


def _ordinals(timeline: Timeline) -> list[tuple[int, int]]:
    """For each step, (n, of) among the steps with the same kind and label: "Run 3 of 8"."""
    keys = [(i.step.kind, i.step.label) for i in timeline.intervals]
    totals = Counter(keys)
    seen: Counter[tuple[str, str]] = Counter()
    result = []
    for key in keys:
        seen[key] += 1
        result.append((seen[key], totals[key]))
    return result

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

The screen is built to be read from a mat or a treadmill 1-3 m away: the time left is drawn
as large as the space allows (``BigFigure``), the step's kind is a big word and tints the whole
workout area, each change of step flashes the area for half a second, and the last three
seconds of a step are inverted. Those moments come from the Workout's own answer (how far
into the step, how much is left), like everything else on the View, so a snapshot taken with
a FakeClock is always the same; one more one-shot timer ends the flash. The terminal's window
title follows the step and the time left (``ui/terminal_title.py``). docs/app.md has the layout
rules: what gives way first as the terminal shrinks.
"""

from __future__ import annotations

import asyncio
import math
from collections import Counter
from collections.abc import Callable

from msgspec import Struct
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Header, Static

from trainertui.audio import CueOutput
from trainertui.clock import Clock
from trainertui.durations import format_clock, format_words
from trainertui.metronome import PREROLL_S, Metronome
from trainertui.model import KINDS, Programme
from trainertui.recording import worth_recording
from trainertui.timeline import Interval, Timeline
from trainertui.ui.kinds import ALL_KIND_CLASSES, kind_class, kind_rules, kind_word, own_label, step_length
from trainertui.ui.messages import ChangeMetronome, CyclePauseMusic, WorkoutMoved
from trainertui.ui.screens.dialogs import ConfirmDialog
from trainertui.ui.small_terminal import mark_small
from trainertui.ui.terminal_title import TerminalTitle
from trainertui.ui.widgets.big_text import BigFigure, BigWord
from trainertui.ui.widgets.block_font import FIGURE_CHARS
from trainertui.ui.widgets.interval_strip import IntervalStrip
from trainertui.ui.widgets.key_footer import KeyFooter
from trainertui.ui.widgets.plain_line import PlainLine
from trainertui.ui.widgets.progress_line import ProgressLine
from trainertui.ui.workout_layout import GIVE_WAY, TALL_FROM, Parts, plan, word_scale
from trainertui.workout import Resume, State, Status, Summary, Workout

#: Wall time running ahead of monotonic time by more than this between two redraws means
#: the computer was asleep (Linux stops the monotonic clock during suspend), or trainertui
#: was stopped (Ctrl+Z, SIGSTOP: the clock leaves that time out too, see clock.py).
SLEEP_THRESHOLD_S = 5.0

#: Cue kinds whose words are shown for a few seconds after they are said.
CALLOUT_CUES = frozenset({"halfway", "remaining"})

#: How long a passing call-out ("Halfway") stays on screen, in workout seconds.
CALLOUT_SHOW_S = 4.0

#: How long the workout area flashes at each change of step: long enough to catch from the
#: corner of an eye, short enough not to hide the new step's figures.
FLASH_S = 0.5

#: The last seconds of a timed step, drawn inverted so the change coming is seen, not only heard.
FINAL_S = 3

#: How long after a shown second turns over the redraw is set for: float rounding and timer
#: jitter must not land it just before the boundary, where it would redraw nothing.
REDRAW_SLACK_S = 0.005

#: Besides every change of step and every pause, a running workout is checkpointed this often.
CHECKPOINT_EVERY_S = 60

#: Lines that take no room when they have nothing to say.
OPTIONAL_LINES = frozenset({"detail", "prompt", "callout", "tip", "sound"})

#: The plain lines of the View, each drawn by the Static with that id (the times, which change
#: every second, by a PlainLine).
TEXT_LINES = ("banner", "detail", "prompt", "callout", "tip", "next", "position", "sound")


class View(Struct, frozen=True):
    """Everything the screen shows, as text: two equal Views draw the same screen."""

    kind: str
    #: The big word at the top: the step's kind, or PAUSED.
    word: str
    banner: str
    #: The big figure: the time left, or a rep step's target.
    digits: str
    #: Under the figure, in big words: "8-10 reps" for a timed step, "reps" for a rep step.
    target: str
    detail: str
    prompt: str
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
    final: bool
    flash: bool
    title: str


class WorkoutScreen(Screen[Summary]):
    """Runs one session. Dismisses with the workout's Summary when it ends or is stopped."""

    #: Its layout, scoped to the screen and parsed when it is first shown (not before the menu).
    DEFAULT_CSS = """
    /* Read from 1-3 m away: the countdown takes every row the rest leaves (1fr) and draws itself
       as large as that allows; the rest gives way as the terminal shrinks, least needed first
       (ui/workout_layout.py: margins, big target words, the tip, the big kind word), and below 60
       columns the totals beside the bar and the Footer's lesser keys. docs/app.md has the reasons. */
    #body { height: 1fr; padding: 0 1; }
    #body > * { height: auto; }
    #kind { margin: 1 0 0 0; }
    #kind, #target { text-style: bold; }
    #banner { width: 1fr; height: 1; text-align: center; text-style: bold; background: $panel; margin: 1 0 0 0; }
    #body > #countdown { height: 1fr; min-height: 1; }
    WorkoutScreen #countdown { color: $foreground; }
    #target { color: $text; }
    #detail { text-align: center; color: $text-muted; height: auto; }
    #prompt { text-align: center; text-style: bold; background: $warning; color: $text; margin: 0 4; }
    #callout { text-align: center; text-style: bold; background: $boost; margin: 0 8; }
    #body .-empty { display: none; }
    #tip { text-align: center; color: $text-muted; text-style: italic; height: auto; margin: 0 2 1 2; }
    #next { text-align: center; height: auto; text-style: bold; }
    #where { height: 1; margin: 1 0 0 0; }
    #position { width: auto; padding: 0 1 0 0; color: $text-muted; }
    #strip { width: 1fr; }
    #overall { height: 1; }
    #progress { width: 1fr; }
    #times { width: auto; padding: 0 0 0 1; color: $text-muted; }
    #sound { text-align: center; color: $text-muted; height: auto; }

    /* Each kind's tint, the flash, the last seconds and paused come from model.KINDS: see the
       screen's CSS. The prompt (paused, press Enter) and the call-outs grow on a tall terminal. */
    WorkoutScreen.-tall #prompt, WorkoutScreen.-tall #callout { height: 3; content-align: center middle; }
    WorkoutScreen.-tall #kind { margin: 2 0 0 0; }
    WorkoutScreen.-tall #tip { margin: 1 2; }

    /* What gives way so the countdown keeps its size, in this order (ui/workout_layout.py). */
    WorkoutScreen.-no-margins #kind, WorkoutScreen.-no-margins #banner, WorkoutScreen.-no-margins #where { margin: 0; }
    WorkoutScreen.-no-margins #tip { margin: 0 2; }
    WorkoutScreen.-no-tip #tip { display: none; }
    WorkoutScreen.-no-word #kind { display: none; }
    WorkoutScreen.-narrow #times { display: none; }
    /* A narrow Footer keeps what a new user needs: pause, done, quit and the list of keys. */
    WorkoutScreen.-narrow KeyFooter .-action-skip, WorkoutScreen.-narrow KeyFooter .-action-back,
    WorkoutScreen.-narrow KeyFooter .-action-mute, WorkoutScreen.-narrow KeyFooter .-action-unmute,
    WorkoutScreen.-narrow KeyFooter .-action-metronome,
    WorkoutScreen.-narrow KeyFooter .-command-palette { display: none; }
    """

    #: Each kind's colour, from the one table of kinds: the whole workout area is tinted with
    #: it, the big word and the banner take it, the last seconds invert the figures in it and a
    #: change of step floods the area with it. Paused takes the tint away and dims the figures.
    #: App-level CSS (a screen's CSS is, unlike DEFAULT_CSS), so these beat the layout above.
    CSS = kind_rules(
        lambda kind, colour: (
            f"WorkoutScreen.-{kind} #body {{ background: {colour} 18%; }}\n"
            f"WorkoutScreen.-{kind} #kind {{ color: {colour}-lighten-1; }}\n"
            f"WorkoutScreen.-{kind} #banner {{ background: {colour}; color: $text; }}\n"
            f"WorkoutScreen.-{kind} #countdown.-final {{ background: {colour}; color: $background; }}\n"
            f"WorkoutScreen.-{kind}.-flash #body {{ background: {colour}; }}\n"
            f"WorkoutScreen.-{kind}.-paused #body {{ background: $surface; }}\n"
            f"WorkoutScreen.-{kind}.-paused #kind {{ color: $warning; }}\n"
            f"WorkoutScreen.-{kind}.-paused #banner {{ background: $surface-lighten-2; color: $text-muted; }}\n"
            f"WorkoutScreen.-{kind}.-paused #countdown {{ color: $text-disabled; }}"
        )
    )

    #: A presenter's clicker sends PageDown and PageUp, and "b" or "." for its blank-screen
    #: button: those skip, go back and pause. "b" pauses (it used to go back) so that a clicker
    #: can never restart a step by accident.
    BINDINGS = [
        Binding("space,b,full_stop", "pause", "Pause", id="pause"),
        Binding("space,b,full_stop", "resume", "Resume", id="resume"),
        Binding("enter", "done", "Done", id="done"),
        Binding("n,right,pagedown", "skip", "Skip", id="skip"),
        Binding("left,pageup", "back", "Back", id="back"),
        Binding("m", "mute", "Mute", id="mute"),
        Binding("m", "unmute", "Unmute", id="unmute"),
        Binding("c", "metronome", "Clicks", tooltip="Stride metronome: clicks on or off (remembered)", id="clicks"),
        Binding("u", "pause_music", "Music makes way: off, for spoken cues, for rests", show=False, id="music"),
        Binding("q,escape", "stop", "Quit", id="quit"),
        Binding("ctrl+c", "stop", "Quit", show=False),
    ]

    #: Below NARROW_BELOW columns the screen gets -narrow (see DEFAULT_CSS); what gives way as the
    #: terminal gets shorter is decided by ui/workout_layout.py instead of -short.
    NARROW_BELOW, SHORT_BELOW = 60, 0

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
        metronome: Metronome | None = None,
    ) -> None:
        """
        Args:
            programme: what the session belongs to (its name is the title).
            workout: the running workout, built by the App; the screen starts it on mount.
            cues: where due cues go, and the mute switch.
            tick_s: the shortest gap between redraws; None arms no timers (tests call sync()).
            resume: where an interrupted workout got to, to carry on from there.
            metronome: the stride metronome's switch (default: the programme's own choice).
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
        self._flash_timer: asyncio.TimerHandle | None = None
        self._click_timer: asyncio.TimerHandle | None = None
        self.metronome = metronome or Metronome(programme.metronome)
        #: Whether any step of the session has a cadence (the c key is offered only then).
        self.has_cadence = any(i.step.cadence is not None for i in self.timeline.intervals)
        #: The passing call-out: its words, its step, and the planned second it was due.
        self._callout = ""
        self._callout_step = -1
        self._callout_at = 0.0
        self._notice = ""
        self._title: TerminalTitle | None = None
        self._fitted: tuple[int, int, Parts] | None = None
        self._last_seen: tuple[float, float, float] | None = None
        self._dismissed = False
        self._ordinals = _ordinals(self.timeline)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="body"):
            yield BigWord(id="kind")
            yield Static(id="banner", markup=False)
            yield BigFigure(id="countdown")
            yield BigWord(id="target")
            yield Static(id="detail", markup=False)
            yield Static(id="prompt", markup=False)
            yield Static(id="callout", markup=False)
            yield Static(id="tip", markup=False)
            yield Static(id="next", markup=False)
            with Horizontal(id="where"):
                yield Static(id="position", markup=False)
                yield IntervalStrip(self.timeline, id="strip")
            with Horizontal(id="overall"):
                yield ProgressLine(self.timeline.duration_s, id="progress")
                yield PlainLine(id="times")
            yield Static(id="sound", markup=False)
        yield KeyFooter()

    def on_resize(self, event: events.Resize) -> None:
        before = self.classes
        mark_small(self, event.size, narrow_below=self.NARROW_BELOW, short_below=self.SHORT_BELOW, update=False)
        self.set_class(event.size.height >= TALL_FROM, "-tall", update=False)
        self._fit()
        self._restyle_if_changed(before)

    def _restyle_if_changed(self, before: frozenset[str]) -> None:
        """Restyle once for all of a redraw's changes to the screen's classes: each change of a
        class of the screen restyles every widget on it (about 10 ms at 80x24), and a change
        of step makes up to five (docs/performance.md)."""
        if self.classes != before:
            self.update_node_styles()

    def _fit(self) -> None:
        """Decide what gives way so the countdown keeps its size (ui/workout_layout.py); done
        on a resize and when the step brings other parts, never on a plain tick. Sets the
        screen's classes without restyling: the caller restyles once."""
        view = self._view
        if view is None:
            return
        width, height = self.app.size
        parts = Parts(
            word=view.word,
            target=view.target,
            detail=bool(view.detail),
            prompt=bool(view.prompt),
            callout=bool(view.callout),
            tip=view.tip,
            sound=bool(view.sound),
        )
        if (width, height, parts) == self._fitted:
            return
        self._fitted = (width, height, parts)
        give_way = plan(width, height, parts)
        for name in GIVE_WAY:
            self.set_class(name in give_way, name, update=False)
        scale = word_scale(height)
        self.query_one("#kind", BigWord).max_scale = scale
        self.query_one("#target", BigWord).max_scale = 0 if "-plain-target" in give_way else scale

    def on_mount(self) -> None:
        session = self.timeline.session
        self.title = self.programme.name
        self.sub_title = session.title
        if self.clock.rate != 1:
            self.sub_title += f" · REHEARSAL at {self.clock.rate:g}× (not saved)"
        self._title = TerminalTitle(self.app)
        self._title.save()
        self.workout.start(self.resume)
        if self.resume is not None:  # back after a crash or a closed terminal: not mid-stride
            self.workout.pause()
            self._notice = "Resumed where you left off · press Space to go on"
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
        self._follow_clicks(status)
        self.running = status.state is State.RUNNING
        self.waiting = status.waiting
        self._forget_stale_words(status)
        self._apply(self._make_view(status))
        moved_key = (status.index, status.state, int(status.active_s // CHECKPOINT_EVERY_S))
        if moved_key != self._moved_key and status.state is not State.FINISHED:
            self._moved_key = moved_key
            resting = status.interval is not None and status.interval.step.kind == "rest"
            self.post_message(WorkoutMoved(running=self.running, resting=resting))
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
        self._arm_flash_end(status)

    def _arm_flash_end(self, status: Status) -> None:
        """The flash of a change of step ends half a second in: one more redraw, then."""
        if self._flash_timer is not None:
            self._flash_timer.cancel()
            self._flash_timer = None
        if self._tick_s is None or self._view is None or not self._view.flash:
            return
        delay = (FLASH_S - status.step_elapsed_s) / self.clock.rate + REDRAW_SLACK_S
        self._flash_timer = self._later(max(0.0, delay), self.sync)

    def _notice_sleep(self) -> None:
        now, wall, stopped = self.clock.monotonic(), self.clock.wall(), self.clock.stopped_s
        if self._last_seen is not None:
            last_now, last_wall, last_stopped = self._last_seen
            slept = (wall - last_wall) - (now - last_now)
            suspended = stopped - last_stopped > slept / 2
            # A Ctrl+Z pauses before it suspends: say why it is paused all the same.
            if slept > SLEEP_THRESHOLD_S and (
                self.workout.pause() or (suspended and self.workout.state is State.PAUSED)
            ):
                gone = stopped - last_stopped if suspended else slept
                what = "trainertui was suspended" if suspended else "the computer slept"
                self._notice = f"Paused: {what} for {format_words(gone)}"
                self._stop_sound()
        self._last_seen = (now, wall, stopped)

    def _fire_due_cues(self) -> None:
        if self._dismissed:
            return
        for cue in self.workout.due_cues():
            if cue.kind in CALLOUT_CUES:
                self._callout, self._callout_step, self._callout_at = cue.text, cue.step, cue.at_s
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

    def _follow_clicks(self, status: Status) -> None:
        """Start, carry on or stop the metronome's click track (metronome.py), and arm a timer
        for the end of the track. Clicks only sound at the real pace (not in a rehearsal)."""
        if self._click_timer is not None:
            self._click_timer.cancel()
            self._click_timer = None
        interval = status.interval
        now = self.clock.monotonic()
        order = self.metronome.follow(
            now=now,
            index=status.index,
            cadence=interval.step.cadence if interval is not None else None,
            into_s=status.step_elapsed_s,
            left_s=status.step_left_s,
            running=status.state is State.RUNNING and self.clock.rate == 1 and not self._dismissed,
            audible=not self.cues.muted,
        )
        if order.stop:
            self._told(self.cues.stop_clicks())
        if order.track is not None:
            self._told(self.cues.play_clicks(order.track))
        due, callback = order.next_at, self._clicks_due
        lead_at = self._lead_in_at(status, now)
        if lead_at is not None and (due is None or lead_at < due):
            due, callback = lead_at, self._count_in
        if due is not None and self._tick_s is not None:
            self._click_timer = self._later(max(0.0, due - now), callback)

    def _lead_in_at(self, status: Status, now: float) -> float | None:
        """When to start the next step's clicks, if it has a beat: PREROLL_S before it begins,
        so its first click falls on the change (the track starts in silence)."""
        after = self._next_interval(status)
        if after is None or status.step_left_s is None or not self.metronome.on or self.cues.muted:
            return None
        if status.state is not State.RUNNING or self.clock.rate != 1 or self.metronome.playing_step == after.index:
            return None
        return now + max(0.0, status.step_left_s - PREROLL_S)

    def _next_interval(self, status: Status) -> Interval | None:
        if status.interval is None or status.index + 1 >= len(self.timeline.intervals):
            return None
        after = self.timeline.intervals[status.index + 1]
        return after if after.step.cadence is not None else None

    def _count_in(self) -> None:
        if self._dismissed:
            return
        status = self.workout.status()
        after = self._next_interval(status)
        if after is not None and after.step.cadence is not None and status.step_left_s is not None:
            order = self.metronome.lead_in(
                now=self.clock.monotonic(),
                index=after.index,
                cadence=after.step.cadence,
                in_s=status.step_left_s,
                left_s=after.step.duration_s,
            )
            if order.track is not None:
                self._told(self.cues.play_clicks(order.track))
        self._follow_clicks(status)

    def _clicks_due(self) -> None:
        if not self._dismissed:
            self._follow_clicks(self.workout.status())

    def _later(self, delay: float, callback: Callable[[], None]) -> asyncio.TimerHandle:
        return asyncio.get_running_loop().call_later(delay, callback)

    def _stop_sound(self) -> None:
        """Silence the cues and the clicks (pause, sleep, the quit question)."""
        self._told(self.cues.stop())
        self.metronome.stopped()

    def _told(self, failure: str | None) -> None:
        """The cue output says once when sound fails; the workout goes on in silence."""
        if failure is not None:
            self.notify(failure, severity="warning", timeout=8)

    def _finish(self) -> None:
        if self._dismissed:
            return
        self._dismissed = True
        self._stop_timers()
        self._stop_clicks()
        self._restore_title()
        self.dismiss(self.workout.summary())

    def on_unmount(self) -> None:
        """Leaving without finishing (the app quits or is killed): the loop's own timers would
        otherwise fire on a screen that has gone, and the window title is given back."""
        self._dismissed = True
        self._stop_timers()
        if self.metronome.playing:
            self.metronome.stopped()
            self.cues.stop_clicks()  # the screen is going: nothing to tell on it
        self._restore_title()

    def _stop_clicks(self) -> None:
        if self.metronome.playing:
            self.metronome.stopped()
            self._told(self.cues.stop_clicks())

    def _restore_title(self) -> None:
        if self._title is not None:
            self._title.restore()

    def _stop_timers(self) -> None:
        for timer in (self._cue_timer, self._redraw_timer, self._flash_timer, self._click_timer):
            if timer is not None:
                timer.cancel()

    # --- drawing ------------------------------------------------------------------------

    def _forget_stale_words(self, status: Status) -> None:
        """A call-out shows for a few seconds of its own step, and a sleep notice for the pause
        it caused."""
        stale = status.interval is None or self._callout_step != status.interval.index
        if stale or status.position_s - self._callout_at >= CALLOUT_SHOW_S:
            self._callout = ""
        if status.state is not State.PAUSED:
            self._notice = ""

    def _make_view(self, status: Status) -> View:
        interval = status.interval
        if interval is None:  # finished: keep the last step on screen for the moment it shows
            interval = self.timeline.intervals[-1]
        step = interval.step
        index = interval.index
        paused = status.state is State.PAUSED
        running = status.state is State.RUNNING
        left = math.ceil(status.step_left_s or 0.0)
        if status.waiting:
            digits, target = _rep_target(step.reps, step.side)
            detail = f"{format_clock(status.step_elapsed_s)} so far"
            prompt = "Press Enter when done"
            shown_time = step.reps + " reps" if step.reps else format_clock(status.step_elapsed_s)
        else:
            digits = format_clock(left)
            target = f"{step.reps} reps" if step.reps else ""
            detail = prompt = ""
            shown_time = digits
        if paused:
            prompt = self._notice or "Paused · press Space to resume"
        word = kind_word(step.kind)
        n = len(self.timeline.intervals)
        position = status.position_s
        return View(
            kind=step.kind,
            word="PAUSED" if paused else word,
            banner=" · ".join(p for p in (self._banner(interval), self.metronome.label(step.cadence)) if p),
            digits=digits,
            target=target,
            detail=detail,
            prompt=prompt,
            tip=step.tip,
            callout="" if paused else self._callout,
            next=self._next_text(index),
            position=f"Step {index + 1} of {n}",
            # Planned time both sides, so the two always add up to the session (going back
            # does not make "done" grow); the time actually spent is on the summary.
            times=f"{format_clock(position)} done · {format_clock(math.ceil(status.remaining_s))} left",
            progress=int(position),
            strip=(index, int(status.step_elapsed_s)),
            sound=self.cues.off_reason or ("Cues muted · m to unmute" if self.cues.muted else ""),
            paused=paused,
            waiting=status.waiting,
            final=running and not status.waiting and step.timed and 0 < left <= FINAL_S,
            flash=running and status.step_elapsed_s < FLASH_S,
            title=f"{'PAUSED ' if paused else ''}{word} {shown_time} · {self.app.title}",
        )

    def _banner(self, interval: Interval) -> str:
        """ "RUN · Stride out 3 of 8": counted only where the count means something (the runs
        of a Couch to 5K session, the rounds of a circuit), never for rests and walks."""
        step = interval.step
        count, total = self._ordinals[interval.index]
        of = ""
        kind = KINDS.get(step.kind)
        if total > 1 and kind is not None and kind.work:
            of = f" {count} of {total}" if step.kind == "run" else f" · round {count} of {total}"
        return " · ".join(part for part in (kind_word(step.kind), own_label(step)) if part) + of

    def _next_text(self, index: int) -> str:
        if index + 1 >= len(self.timeline.intervals):
            return "Next: finish"
        step = self.timeline.intervals[index + 1].step
        return "Next: " + " · ".join(p for p in (kind_word(step.kind), own_label(step), step_length(step)) if p)

    def _apply(self, view: View) -> None:
        old = self._view
        self._view = view
        before = self.classes
        if old is None or old.kind != view.kind:
            self.remove_class(*ALL_KIND_CLASSES, update=False)
            self.add_class(kind_class(view.kind), update=False)
        for flag in ("paused", "waiting", "flash"):
            if old is None or getattr(old, flag) != getattr(view, flag):
                self.set_class(getattr(view, flag), f"-{flag}", update=False)
        if old is None or old.final != view.final:  # on the countdown alone: restyling it is cheap
            self.query_one("#countdown").set_class(view.final, "-final")
        for name in TEXT_LINES:
            value = getattr(view, name)
            if old is None or getattr(old, name) != value:
                widget = self.query_one(f"#{name}", Static)
                widget.update(value)
                if name in OPTIONAL_LINES:
                    widget.set_class(not value, "-empty")
        if old is None or old.times != view.times:
            self.query_one("#times", PlainLine).update(view.times)  # a new layout only for a new width
        for name, attribute in (("kind", "word"), ("countdown", "digits"), ("target", "target")):
            value = getattr(view, attribute)
            if old is None or getattr(old, attribute) != value:
                big = self.query_one(f"#{name}", BigFigure if name == "countdown" else BigWord)
                big.update(value)
                big.set_class(not value, "-empty")
        if old is None or old.progress != view.progress:
            self.query_one("#progress", ProgressLine).show(view.progress)
        if old is None or old.strip != view.strip:
            self.query_one("#strip", IntervalStrip).show(*view.strip)
        if self._title is not None and (old is None or old.title != view.title):
            self._title.show(view.title)
        self._fit()
        self._restyle_if_changed(before)

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
        if action == "metronome":
            return self.has_cadence
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

    def action_pause_music(self) -> None:
        self.post_message(CyclePauseMusic())

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

    def action_metronome(self) -> None:
        """The c key: the stride metronome on or off, remembered for the programme (the App
        saves it)."""
        on = self.metronome.toggle()
        status = self.workout.status()
        cadence = status.interval.step.cadence if status.interval is not None else None
        said = "Clicks on" if on else "Clicks off"
        if on and cadence is not None:
            said += f" · {cadence} steps a minute"
        elif on:
            said += " · in the steps with a beat"
        if on and self.cues.muted:
            said += " (cues are muted: m to hear them)"
        self.notify(said, timeout=2)
        self.post_message(ChangeMetronome(self.programme.id, on))
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
            ConfirmDialog("Stop this workout?", self._what_stopping_means(), yes="Stop", no="Keep going"),
            answered,
        )

    def _what_stopping_means(self) -> str:
        """The same rule the Recorder applies (recording.worth_recording), so the dialog never
        promises a partial workout that will not be recorded."""
        if self.clock.rate != 1:
            return "This is a rehearsal: nothing is saved."
        if not worth_recording(self.workout.summary()):
            return "Stopped this soon, it will not be recorded."
        return "It will count as a partial workout."


def _rep_target(reps: str, side: str) -> tuple[str, str]:
    """A rep step's (big figure, words under it): ("8-10", "reps · left"); a target that is not
    a figure ("5 forward, 5 back") is the big text itself."""
    side_words = f"{side} side" if side else ""
    if reps and set(reps) <= FIGURE_CHARS:
        return reps, " · ".join(p for p in ("reps", side) if p)
    return reps or "At your own pace", side_words


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

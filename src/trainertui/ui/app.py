"""The application: owns the catalogue, the clock, the cue output and the recorder, and moves
between screens.

Data goes down, requests come up (docs/architecture.md): screens get what they show as
constructor arguments, post messages (``ui/messages.py``) to ask for something, and dismiss
with their result; what to do with it is decided here, so screens never touch storage. The
history bookkeeping itself (what is recorded, checkpoints, the interrupted workout,
rehearsals, progress) is the plain-Python ``Recorder`` in recording.py; this class only shows
what it answers. Its writes run on a thread of its own, so a history file locked by another
program never freezes the screen; what becomes of them later comes back as a message. A
session's sounds are read in a thread worker before its workout screen appears, so its first
cue is ready on time.
"""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import FrameType
from typing import TYPE_CHECKING, Any, cast

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import get_current_worker

from trainertui.advice import Advice
from trainertui.audio import CueOutput, NullPlayer, Player
from trainertui.catalogue import Catalogue
from trainertui.clock import Clock, MonotonicClock, ScaledClock
from trainertui.durations import format_clock
from trainertui.history import CheckIn, Checkpoint, History
from trainertui.model import Programme, Session
from trainertui.progress import DEFAULT_PER_WEEK, Progress
from trainertui.recording import Ending, Notice, Recorder, Saved
from trainertui.settings import PAUSE_MUSIC_CHOICES, PauseMusic, save_metronome, save_muted, save_setting
from trainertui.text import visible_prose
from trainertui.ui.commands import StartSessionCommands
from trainertui.ui.messages import (
    AnswerAdvice,
    ChangeCheckIn,
    ChangeMetronome,
    ChooseEquipment,
    CyclePauseMusic,
    DeleteWorkout,
    StartSession,
    WorkoutMoved,
)
from trainertui.ui.screens.menu import MenuScreen
from trainertui.worker import Worker
from trainertui.workout_desktop import WorkoutDesktop

if TYPE_CHECKING:
    from trainertui.timeline import Timeline
    from trainertui.ui.screens.history import HistoryScreen
    from trainertui.workout import Resume, Summary

# The summary, history and help screens are imported when first shown, not at start-up:
# the menu is what has to appear quickly (bench/app_bench.py measures it).

#: The shortest gap between two redraws of a running workout. The screen redraws just after
#: each shown second turns over, so this only matters at --speed, where seconds fly by.
TICK_S = 0.25


#: Workouts read before the history screen opens; the older ones follow from a worker.
HISTORY_FIRST = 200

#: How often the app checks that its terminal is still there.
TERMINAL_CHECK_S = 2.0

#: The exit status when the terminal went away: what a shell reports for a SIGHUP death.
EXIT_TERMINAL_LOST = 128 + signal.SIGHUP

#: How often workouts the history file would not take are tried again.
RETRY_S = 10.0

#: On the way out, how long a last checkpoint may wait for a busy history file (an older
#: checkpoint, at most a minute old, stands in for it), and how long the writer may finish.
LEAVE_WAIT_S = 2.0


class RecorderSaid(Message):
    """Something the Recorder's writer thread has to tell: an Ending that changed (the row is
    written, or must wait), or a Notice."""

    def __init__(self, update: Ending | Notice) -> None:
        super().__init__()
        self.update = update


def _have_terminal() -> bool:
    """Whether this process still has a controlling terminal."""
    try:
        os.close(os.open("/dev/tty", os.O_RDONLY | os.O_NOCTTY))
    except OSError:
        return False
    return True


class TrainerApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "trainertui"
    COMMANDS = App.COMMANDS | {StartSessionCommands}
    BINDINGS = [
        Binding("question_mark", "help", "Keys", id="help"),
        Binding("ctrl+z", "suspend", "Suspend (fg brings it back; a workout pauses)", show=False, id="suspend"),
    ]

    def __init__(
        self,
        catalogue: Catalogue,
        *,
        clock: Clock | None = None,
        player: Player | None = None,
        tick_s: float | None = TICK_S,
        start: tuple[Programme, Session] | None = None,
        muted: bool = False,
        equipment: Mapping[str, str] | None = None,
        metronome: Mapping[str, bool] | None = None,
        remember: bool = False,
        notices: Sequence[str] = (),
        history: History | None = None,
        history_problem: str = "",
        show_history: bool = False,
        desktop: WorkoutDesktop | None = None,
    ) -> None:
        """
        Args:
            catalogue: the programmes to offer, and the files that failed to load.
            clock: where time comes from; tests pass a FakeClock.
            player: where cues go; None plays nothing.
            tick_s: the shortest gap between redraws; None starts no timers at all, and
                tests call ``WorkoutScreen.sync()`` after moving the clock.
            start: a session to start at once (``trainertui run``); the menu is beneath it.
            muted: start with cues muted (the m key toggles it).
            equipment: each programme's chosen equipment, by programme id (config.toml).
            metronome: each programme's stride metronome, on or off, by programme id (config.toml).
            remember: save the person's choices (mute, equipment, metronome) to config.toml.
            notices: problems found on the way in (a broken config.toml), shown once.
            history: where workouts are recorded; None records nothing (most tests).
            history_problem: why there is no history (the summary says so).
            show_history: open on the history screen (``trainertui history``).
            desktop: keep-awake and music (workout_desktop.py); None: neither (most tests).
        """
        super().__init__()
        self.catalogue = catalogue
        self.clock = clock or MonotonicClock()
        self.desktop = desktop or WorkoutDesktop()
        self.cues = CueOutput(
            player or NullPlayer(),
            muted=muted,
            remember_mute=save_muted if remember else None,
            on_words=self._words_spoken,
        )
        self.equipment = dict(equipment or {})
        self.metronome_choices = dict(metronome or {})  # programme id -> the metronome on or off, as last chosen
        self._remember = remember
        self.recorder = Recorder(
            history, self.clock, unavailable=history_problem, writer=Worker("history"), told=self._recorder_told
        )
        self._signals: dict[int, object] = {}
        self._stopped_by_tstp = False
        self._told_saved: dict[str, Saved] = {}  # what was last said of each workout's saving
        self.tick_s = tick_s
        self._start = start
        self._notices = tuple(notices)
        self._show_history = show_history

    @property
    def history(self) -> History | None:
        return self.recorder.history

    @property
    def player(self) -> Player:
        return self.cues.player

    @property
    def muted(self) -> bool:
        return self.cues.muted

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification is literal text: they carry routine names, file names and config
        values, so markup is never read (``markup`` is accepted and ignored) and control
        characters are shown as escapes (ui/literal.py)."""
        super().notify(
            visible_prose(message), title=visible_prose(title), severity=severity, timeout=timeout, markup=False
        )

    def on_mount(self) -> None:
        self.call_after_refresh(gc.enable)  # cli.run_app turns it off for the start-up
        self._catch_signals(True)
        if not self.is_headless and _have_terminal():
            self.set_interval(TERMINAL_CHECK_S, self._exit_without_terminal, name="terminal-check")
        self.set_interval(RETRY_S, self.recorder.retry, name="history-retry")
        for problem in self.recorder.recover():
            self._tell(problem)
        progress = self._progress()
        self.push_screen(MenuScreen(self.catalogue, progress, self.equipment, advice=self._advice(progress)))
        for notice in self._notices:
            self.notify(notice, severity="warning", timeout=10)
        if self._start is not None:
            self.start_workout(*self._start)
        else:
            self._offer_resume()
            if self._show_history:
                self.action_history()

    def on_unmount(self) -> None:
        self._catch_signals(False)
        self.desktop.close()
        self.cues.close()
        self.recorder.close(LEAVE_WAIT_S)

    # --- leaving ------------------------------------------------------------------------

    def _catch_signals(self, catch: bool) -> None:
        """`kill` (SIGTERM), a hang-up (SIGHUP) or an interrupt (SIGINT: Ctrl+C itself is a key
        to Textual, so this one comes from outside) ends the app the way `q` would, with a fresh
        checkpoint, so the terminal is given back as it was; left to the default, Python dies in
        the alternate screen with mouse reporting on.

        A stop (SIGTSTP, SIGSTOP) and the SIGCONT after it are told to the clock, so the time
        stopped is not counted (clock.py); Textual's driver keeps its own handlers for them,
        which leave and re-enter the terminal's application mode, and is called first.

        Only possible on the main thread, where a real run is."""
        if threading.current_thread() is not threading.main_thread():
            return
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            if catch:
                loop.add_signal_handler(signum, self._leave)
            else:
                loop.remove_signal_handler(signum)
        if self.is_headless or not isinstance(self.clock, (MonotonicClock, ScaledClock)):
            return
        if catch:
            self._chain(signal.SIGTSTP, self._stopping)
            self._chain(signal.SIGCONT, self._continued)
        else:
            for number, previous in self._signals.items():
                signal.signal(number, previous)  # type: ignore[arg-type]
            self._signals.clear()

    def _chain(self, signum: int, first: Callable[[], bool]) -> None:
        """Put ``first`` before the handler already there (Textual's driver's), which runs
        after it if it answers True."""
        previous = signal.getsignal(signum)
        self._signals[signum] = previous

        def handler(number: int, frame: FrameType | None) -> None:
            if first() and callable(previous):
                previous(number, frame)

        signal.signal(signum, handler)

    def _stopping(self) -> bool:
        """SIGTSTP, in a signal handler: tell the clock (a float assignment), nothing else. The
        driver then leaves application mode and stops the process."""
        self._stopped_by_tstp = True
        clock = self.clock
        if isinstance(clock, (MonotonicClock, ScaledClock)):
            clock.stopping()
        return True

    def _continued(self) -> bool:
        """SIGCONT, in a signal handler: tell the clock; the workout screen's next redraw sees
        the gap and pauses the workout, like after a laptop sleep.

        The driver's own handler re-enters application mode, right after a SIGTSTP, which left
        it. After a SIGSTOP (which cannot be caught, so nothing left it) that started a second
        input thread and a second writer, one more at every stop. Instead, application mode is
        left and entered again from the event loop, as ``App.suspend`` does: a shell that took
        the terminal back meanwhile set it to its own modes (keys would wait for Enter) and
        wrote over the screen."""
        clock = self.clock
        if isinstance(clock, (MonotonicClock, ScaledClock)):
            clock.continued()
        after_tstp, self._stopped_by_tstp = self._stopped_by_tstp, False
        if not after_tstp and self._loop is not None:
            self._loop.call_soon_threadsafe(self._reenter_application_mode)
        return after_tstp

    def _reenter_application_mode(self) -> None:
        driver = self._driver
        if driver is None or not driver.can_suspend:
            return
        driver.suspend_application_mode()
        driver.resume_application_mode()
        self.refresh(layout=True)

    def _leave(self) -> None:
        self.recorder.checkpoint()  # on the way out: a problem saving it cannot be shown any more
        self.recorder.wait(LEAVE_WAIT_S)
        if _have_terminal():
            self.exit()
        else:
            self._terminal_lost()

    def _exit_without_terminal(self) -> None:
        """If the terminal went away and no SIGHUP reached us (run under make, or an SSH link
        that dropped), Textual's input thread spins at 100% of a core reading a dead terminal
        (Textualize/textual#6690). Leave instead of running on as an orphan."""
        if not _have_terminal():
            self._terminal_lost()

    def _terminal_lost(self) -> None:
        """Nothing can be drawn or restored any more, and Textual's orderly shutdown can hang
        for ever writing to the dead terminal (seen here: both threads stuck on a lock). Do
        what needs no screen, then end the process at once, as the hang-up would have."""
        self.recorder.checkpoint()
        self.recorder.close(LEAVE_WAIT_S)
        self.cues.close()
        os._exit(EXIT_TERMINAL_LOST)

    # --- workouts -----------------------------------------------------------------------

    def on_start_session(self, message: StartSession) -> None:
        self.start_workout(message.programme, message.session)

    def on_choose_equipment(self, message: ChooseEquipment) -> None:
        self.equipment[message.programme_id] = message.equipment_id
        if self._remember:
            keys = ("programmes", message.programme_id, "equipment")
            self._tell_problem(save_setting(keys, message.equipment_id, "the equipment choice"))

    def on_change_metronome(self, message: ChangeMetronome) -> None:
        self.metronome_choices[message.programme_id] = message.on
        if self._remember:
            self._tell_problem(save_metronome(message.programme_id, message.on))

    def start_workout(
        self, programme: Programme, session: Session, resume: Resume | None = None, key: str = ""
    ) -> None:
        """Start ``session`` as done with the programme's chosen equipment (every way in: the
        menu, the palette, ``trainertui run``, resuming; ``resume``: carry on the interrupted
        workout ``key``), unless a workout runs in another window: one window owns a running
        workout (workout_lock.py)."""
        from trainertui.timeline import compile_session

        refused = self.recorder.claim()
        if refused is not None:
            self.notify(refused, severity="warning", timeout=10)
            return
        kit = programme.equipment_named(self.equipment.get(programme.id))
        if kit is not None:
            session = session.using(kit.id)
        if resume is None:  # its checkpoint would replace an interrupted one's: record that first
            self._tell(self.recorder.record_interrupted(), refresh=True)
        timeline = compile_session(session)
        if self.cues.loaded(timeline.cues):
            self._begin(programme, timeline, resume=resume, key=key)
        else:
            self._load_sounds(programme, timeline, resume, key)

    @work(thread=True, exclusive=True, group="sounds", exit_on_error=False)
    def _load_sounds(self, programme: Programme, timeline: Timeline, resume: Resume | None, key: str) -> None:
        """Read (and for a user routine's own words, render) the session's sounds off the UI
        thread; the workout screen appears when they are ready."""
        clicks = any(interval.step.cadence is not None for interval in timeline.intervals)
        problems = self.cues.load(timeline.cues, clicks=clicks)
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._begin, programme, timeline, problems, resume, key)

    def _begin(
        self,
        programme: Programme,
        timeline: Timeline,
        problems: list[str] | None = None,
        resume: Resume | None = None,
        key: str = "",
    ) -> None:
        from trainertui.metronome import Metronome
        from trainertui.ui.screens.workout import WorkoutScreen
        from trainertui.workout import Workout

        for problem in problems or ():
            self.notify(problem, severity="warning", timeout=8)
        session = timeline.session
        workout = Workout(timeline, self.clock, lead=self.cues.lead_s)
        self.recorder.begin(programme, workout, key)

        def ended(summary: Summary | None) -> None:
            if summary is not None:
                self._ended(programme, session, summary)

        on = self.metronome_choices.get(programme.id, programme.metronome)
        screen = WorkoutScreen(
            programme, workout, self.cues, tick_s=self.tick_s, resume=resume, metronome=Metronome(on)
        )
        self.push_screen(screen, ended)

    def on_workout_moved(self, message: WorkoutMoved) -> None:
        self.recorder.checkpoint()  # written by the Recorder's thread; a problem comes back told
        self.desktop.follow(message.running, message.resting)

    # --- the desktop: awake while a workout runs, music making way (workout_desktop.py) ----

    def _words_spoken(self, seconds: float) -> None:
        """A cue started speaking (CueOutput, on this thread): music makes way until it ends.
        Sound plays in real time, also in a rehearsal, so this is timed on the real clock."""
        until = self.desktop.words(time.monotonic(), seconds)
        if until is not None:
            self.set_timer(until - time.monotonic(), lambda: self.desktop.words_over(time.monotonic()))

    def on_cycle_pause_music(self, message: CyclePauseMusic) -> None:
        choices = PAUSE_MUSIC_CHOICES
        choice = cast(PauseMusic, choices[(choices.index(self.desktop.pause_music) + 1) % len(choices)])
        self.desktop.set_pause_music(choice)
        said = {
            "off": "Music: left playing",
            "cues": "Music: paused while a cue speaks",
            "rests": "Music: paused for each rest",
        }[choice]
        music = self.desktop.music
        if choice != "off" and (music is None or music.problem is not None):
            # music.problem: why the last attempt found no players (no session bus ...)
            said += " (no media players can be reached here" + (f": {music.problem})" if music else ")")
        self.notify(said, timeout=3)
        if self._remember:
            self._tell_problem(save_setting(("sound", "pause_music"), choice, "the music setting"))

    def _ended(self, programme: Programme, session: Session, summary: Summary) -> None:
        """Keep the workout first (it must not be lost to anything that happens later), then
        show the summary with its check-in, and add the check-in when it is given. The row is
        written meanwhile; the summary is told when it is (``on_recorder_said``)."""
        from trainertui.ui.screens.summary import SummaryScreen

        self.desktop.ended()
        ending = self.recorder.finish(summary)

        def checked_in(checkin: CheckIn | None) -> None:
            if checkin is not None and ending.takes_checkin:
                self._tell_problem(self.recorder.check_in(ending.key, checkin))

        self.push_screen(SummaryScreen(programme, session, summary, speed=self.clock.rate, ending=ending), checked_in)
        self._refresh_progress()
        for screen in self.screen_stack:  # back at the menu, the programme just used is the one shown
            if isinstance(screen, MenuScreen):
                screen.select_programme(programme.id)

    def _recorder_told(self, update: Ending | Notice) -> None:
        """From the Recorder's writer thread (or this one): hand it to the App's queue."""
        try:
            self.post_message(RecorderSaid(update))
        except RuntimeError:  # the app has gone: what could not be written is in the journal
            pass

    def on_recorder_said(self, message: RecorderSaid) -> None:
        from trainertui.ui.screens.summary import SummaryScreen

        update = message.update
        if isinstance(update, Notice):
            self._tell(update, refresh=True)
            return
        shown = False
        for screen in self.screen_stack:
            if isinstance(screen, SummaryScreen) and screen.ending.key == update.key:
                screen.show_ending(update)
                shown = True
        told, self._told_saved[update.key] = self._told_saved.get(update.key), update.saved
        if not update.failed:
            self._refresh_progress()
        elif not shown and told is not update.saved:  # its summary has gone: say it once
            self.notify(update.note, severity="error", timeout=15)

    # --- history ------------------------------------------------------------------------

    def _progress(self) -> dict[str, Progress]:
        read = self.recorder.progress(self.catalogue.programmes)
        self._tell_problem(read.problem)
        return read.value

    def _advice(self, progress: dict[str, Progress]) -> Advice:
        read = self.recorder.advice(self.catalogue.programmes, progress)
        self._tell_problem(read.problem)
        return read.value

    def _refresh_progress(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, MenuScreen):
                progress = self._progress()
                screen.show_progress(progress, self._advice(progress))

    def on_answer_advice(self, message: AnswerAdvice) -> None:
        """Kept on the workout asked about, so the menu does not ask again."""
        problem = self.recorder.answer(message.record_id, message.answer)
        self._tell_problem(problem)
        if problem is None:
            self._refresh_progress()

    def _offer_resume(self) -> None:
        """A checkpoint left behind means the last workout was interrupted: carry on, or
        record it as partial. Nothing is lost either way. A checkpoint of a workout running in
        another window is that window's: it is not offered here."""
        from trainertui.recording import Resumable

        found = self.recorder.interrupted()
        self._tell_problem(found.problem)
        checkpoint = found.value
        if checkpoint is None:
            return
        from trainertui.ui.screens.dialogs import ConfirmDialog  # only then: not on the way to the menu

        refused = self.recorder.claim()
        if refused is not None:
            self.notify(refused, severity="warning", timeout=10)
            return
        resumable = self.recorder.resumable(checkpoint, self.catalogue.get)

        def answered(resume: bool | None) -> None:
            if resume and isinstance(resumable, Resumable):
                self.start_workout(resumable.programme, resumable.session, resumable.resume, resumable.key)
                return
            self._tell(self.recorder.record_interrupted(), refresh=True)
            self.recorder.release()

        if not isinstance(resumable, Resumable):  # the routine went away or changed: keep what was done
            self._tell(self.recorder.record_interrupted(resumable), refresh=True)
            self.recorder.release()
            return
        self.push_screen(
            ConfirmDialog(
                f"Resume {_resume_name(checkpoint)} from {format_clock(checkpoint.position_s)}?",
                f"It was interrupted at {checkpoint.updated.astimezone():%H:%M on %a %d %b}. "
                "If you don't resume it, it is recorded as a partial workout.",
                yes="Resume",
                no="Record as partial",
                yes_variant="success",
            ),
            answered,
        )

    def action_history(self) -> None:
        from trainertui.ui.screens.history import HistoryScreen

        read = self.recorder.overview(HISTORY_FIRST, self.catalogue.programmes)
        if read.value is None:
            self.notify(read.problem or "", severity="warning" if self.history is None else "error", timeout=10)
            return
        newest, figures, total, now = read.value
        per_week = {p.name: p.sessions_per_week or DEFAULT_PER_WEEK for p in self.catalogue.programmes}
        screen = HistoryScreen(newest, figures, total, now=now, per_week=per_week)
        self.push_screen(screen)
        if total > len(newest):
            self._read_older(screen, len(newest))

    @work(thread=True, group="history", exit_on_error=False)
    def _read_older(self, screen: HistoryScreen, skip: int) -> None:
        """The rest of a long history, off the UI thread; the screen adds it as it can."""
        read = self.recorder.older(skip)
        if read.problem is not None:
            self.call_from_thread(self._tell_problem, read.problem)
        else:
            self.call_from_thread(screen.add_older, read.value)

    def on_change_check_in(self, message: ChangeCheckIn) -> None:
        """A past workout's check-in, from its row in the history."""
        from trainertui.ui.screens.history import HistoryScreen
        from trainertui.ui.screens.workout_detail import WorkoutDetail

        read = self.recorder.change_checkin(message.record_id, message.checkin)
        if read.value is None:
            self._tell_problem(read.problem)
            return
        for screen in self.screen_stack:
            if isinstance(screen, HistoryScreen):
                screen.show_record(read.value)
            elif isinstance(screen, WorkoutDetail):
                screen.show(read.value)
        self._history_changed()
        self.notify("Check-in saved.", timeout=3)

    def on_delete_workout(self, message: DeleteWorkout) -> None:
        from trainertui.ui.screens.history import HistoryScreen

        problem = self.recorder.delete(message.record_id)
        if problem is not None:
            self._tell_problem(problem)
            return
        for screen in self.screen_stack:
            if isinstance(screen, HistoryScreen):
                screen.forget_record(message.record_id)
        self._history_changed()
        self.notify("Workout deleted.", timeout=3)

    def _history_changed(self) -> None:
        """The figures, the charts, progress and advice follow a changed or deleted workout."""
        from trainertui.ui.screens.history import HistoryScreen

        read = self.recorder.figures(self.catalogue.programmes)
        self._tell_problem(read.problem)
        if read.value is not None:
            for screen in self.screen_stack:
                if isinstance(screen, HistoryScreen):
                    screen.show_stats(read.value)
        self._refresh_progress()

    def _tell(self, notice: Notice | None, *, refresh: bool = False) -> None:
        if notice is None:
            return
        self.notify(notice.text, severity="error" if notice.error else "information", timeout=10 if notice.error else 6)
        if refresh and not notice.error:
            self._refresh_progress()

    def _tell_problem(self, problem: str | None) -> None:
        """A history problem is told, never raised: the workout itself goes on."""
        if problem is not None:
            self.notify(problem, severity="error", timeout=15)

    # --- keys ---------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, MenuScreen):  # not over a running workout
            yield SystemCommand("History", "Every workout, the streak and the weekly minutes (h)", self.action_history)

    def action_help(self) -> None:
        from trainertui.ui.screens.dialogs import HelpScreen
        from trainertui.ui.screens.history import HistoryScreen
        from trainertui.ui.screens.summary import SummaryScreen
        from trainertui.ui.screens.workout import WorkoutScreen
        from trainertui.ui.screens.workout_detail import WorkoutDetail

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(
            HelpScreen(
                [
                    ("During a workout", WorkoutScreen.BINDINGS),
                    (
                        "After a workout (the check-in)",
                        [b for b in SummaryScreen.BINDINGS if isinstance(b, Binding) and b.id != "menu"],
                    ),
                    (
                        "In the menu",
                        [
                            *MenuScreen.BINDINGS,
                            Binding("tab", "", "Next list"),
                            Binding("ctrl+p", "", "Command palette: start any session, the history"),
                        ],
                    ),
                    ("In the history", HistoryScreen.BINDINGS),
                    ("A workout in the history", WorkoutDetail.BINDINGS),
                    ("Everywhere", self.BINDINGS),
                ]
            )
        )

    def action_suspend(self) -> None:
        """Ctrl+Z: pause a running workout, save where it is, and give the terminal back to the
        shell as a terminal's own Ctrl+Z would (SIGTSTP to the whole foreground job, so `make
        run` stops too); `fg` brings it back, paused. Without a shell to come back to (the app
        leads its own session, as when a terminal runs it directly), it would stop for good:
        then it says so instead."""
        from trainertui.ui.screens.workout import WorkoutScreen

        if os.getpgrp() == os.getsid(0) or self.is_headless:
            self.notify(
                "Ctrl+Z would stop trainertui with no shell here to bring it back (run it from a shell "
                "for that). Space pauses a workout.",
                severity="warning",
                timeout=8,
            )
            return
        if isinstance(self.screen, WorkoutScreen):
            self.screen.action_pause()
            self.recorder.checkpoint()
            self.recorder.wait(LEAVE_WAIT_S)
            # The pause's WorkoutMoved would be read after `fg`: a stopped process would keep the
            # laptop awake (and the music paused) until then. Let go now, and wait until the
            # desktop has heard it (each call has its own timeout).
            self.desktop.follow(running=False, resting=False)
            self.desktop.settle(LEAVE_WAIT_S)
        self.app_suspend_signal.publish(self)
        os.killpg(os.getpgrp(), signal.SIGTSTP)

    async def action_quit(self) -> None:
        """Ctrl+Q during a workout asks first, like ``q`` does; elsewhere it quits."""
        from trainertui.ui.screens.workout import WorkoutScreen

        if isinstance(self.screen, WorkoutScreen):
            self.screen.action_stop()
        else:
            self.exit()


def _resume_name(checkpoint: Checkpoint) -> str:
    """ "Couch to 5K Week 3, Run 2": the programme too, unless the title already says it."""
    if checkpoint.session_title.startswith(checkpoint.programme_name):
        return checkpoint.session_title
    return f"{checkpoint.programme_name} {checkpoint.session_title}"

"""The application: owns the catalogue, the clock and the player, and moves between screens.

Screens report back by dismissing with a result; what to do with it (show the summary, and
save it) is decided here, so screens never touch storage. A session's sounds are read in a
thread worker before its workout screen appears, so its first cue is ready on time.

History: a workout is written once, when it ends (one row), and its check-in added when the
person gives it. While it runs, a checkpoint is saved at each change of step and each pause,
so after a crash, a kill or a closed terminal the next start offers to resume it.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive
from textual.worker import get_current_worker

from trainertui import settings
from trainertui.audio import NullPlayer, Player
from trainertui.catalogue import Catalogue
from trainertui.clock import Clock, MonotonicClock, local_now
from trainertui.durations import format_clock
from trainertui.history import CheckIn, Checkpoint, History, HistoryError
from trainertui.model import Cue, Programme, Session
from trainertui.progress import Progress, progress_all, stats
from trainertui.ui.commands import StartSessionCommands
from trainertui.ui.screens.menu import MenuScreen

if TYPE_CHECKING:
    from trainertui.timeline import Timeline
    from trainertui.ui.screens.history import HistoryScreen
    from trainertui.ui.screens.workout import WorkoutScreen
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
    BINDINGS = [Binding("question_mark", "help", "Keys", id="help")]

    muted: reactive[bool] = reactive(False, init=False)

    def __init__(
        self,
        catalogue: Catalogue,
        *,
        clock: Clock | None = None,
        player: Player | None = None,
        tick_s: float | None = TICK_S,
        start: tuple[Programme, Session] | None = None,
        muted: bool = False,
        remember_mute: bool = False,
        notices: Sequence[str] = (),
        history: History | None = None,
        show_history: bool = False,
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
            remember_mute: save each change of ``muted`` to config.toml.
            notices: problems found on the way in (a broken config.toml), shown once.
            history: where workouts are recorded; None records nothing (most tests).
            show_history: open on the history screen (``trainertui history``).
        """
        super().__init__()
        self.catalogue = catalogue
        self.clock = clock or MonotonicClock()
        self.player: Player = player or NullPlayer()
        self.tick_s = tick_s
        self._start = start
        self.set_reactive(TrainerApp.muted, muted)
        self._remember_mute = remember_mute
        self._notices = tuple(notices)
        self.history = history
        self._show_history = show_history

    def on_mount(self) -> None:
        self._catch_signals(True)
        if not self.is_headless and _have_terminal():
            self.set_interval(TERMINAL_CHECK_S, self._exit_without_terminal, name="terminal-check")
        self.push_screen(MenuScreen(self.catalogue, self.progress()))
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
        self._guarded(self.player.close)

    # --- leaving ------------------------------------------------------------------------

    def _catch_signals(self, catch: bool) -> None:
        """`kill` (SIGTERM) or a hang-up (SIGHUP) ends the app the way `q` would, so the
        terminal is given back as it was; left to the default, Python dies in the alternate
        screen with mouse reporting on. Only possible on the main thread, where a real run is."""
        if threading.current_thread() is not threading.main_thread():
            return
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGHUP):
            if catch:
                loop.add_signal_handler(signum, self._leave)
            else:
                loop.remove_signal_handler(signum)

    def _leave(self) -> None:
        self._save_checkpoint()
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
        self._save_checkpoint()
        self._guarded(self.player.close)
        os._exit(EXIT_TERMINAL_LOST)

    # --- workouts -----------------------------------------------------------------------

    def start_workout(self, programme: Programme, session: Session, resume: Resume | None = None) -> None:
        from trainertui.timeline import compile_session

        if resume is None:
            self._record_interrupted()
        timeline = compile_session(session)
        if self.player.loaded(timeline.cues):
            self._begin(programme, timeline, resume=resume)
        else:
            self._load_sounds(programme, timeline, resume)

    @work(thread=True, exclusive=True, group="sounds", exit_on_error=False)
    def _load_sounds(self, programme: Programme, timeline: Timeline, resume: Resume | None) -> None:
        """Read (and for a user routine's own words, render) the session's sounds off the UI
        thread; the workout screen appears when they are ready."""
        problems: list[str] = []
        try:
            problems = self.player.load(timeline.cues)
        except Exception as error:  # noqa: BLE001 - a broken sound file must not stop a workout
            self.call_from_thread(self._sound_failed, error)
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._begin, programme, timeline, problems, resume)

    def _begin(
        self, programme: Programme, timeline: Timeline, problems: list[str] | None = None, resume: Resume | None = None
    ) -> None:
        from trainertui.ui.screens.workout import WorkoutScreen
        from trainertui.workout import Workout

        for problem in problems or ():
            self.notify(problem, severity="warning", timeout=8)
        session = timeline.session
        workout = Workout(timeline, self.clock, lead=self.player.lead_s)

        def ended(summary: Summary | None) -> None:
            if summary is not None:
                self._ended(programme, session, summary)

        self.push_screen(WorkoutScreen(programme, workout, tick_s=self.tick_s, resume=resume), ended)

    @property
    def rehearsing(self) -> bool:
        """A --speed run is practice: not recorded, and never offered for resuming."""
        return self.clock.rate != 1

    def _ended(self, programme: Programme, session: Session, summary: Summary) -> None:
        """Record the workout first (it must not be lost to anything that happens later), then
        show the summary with its check-in, and add the check-in when it is given."""
        from trainertui.recording import entry_from_summary, worth_recording
        from trainertui.ui.screens.summary import SummaryScreen

        record_id: int | None = None
        note = ""
        if self.history is not None and not self.rehearsing:
            if worth_recording(summary):
                try:
                    record_id = self.history.record(entry_from_summary(programme, session, summary))
                    note = "Saved to your history."
                except HistoryError as error:  # "could not save the workout to PATH: disk full"
                    note = _sentence(str(error))
                    self.notify(note, severity="error", timeout=15)
            else:
                self._write(self.history.clear_checkpoint)
                note = "Stopped within seconds: not recorded."

        def checked_in(checkin: CheckIn | None) -> None:
            if checkin is not None and record_id is not None and self.history is not None:
                self._write(self.history.set_checkin, record_id, checkin)

        self.push_screen(
            SummaryScreen(
                programme,
                session,
                summary,
                speed=self.clock.rate,
                saved_note=note,
                checkin=record_id is not None or self.history is None,
            ),
            checked_in,
        )
        self._refresh_progress()

    # --- history ------------------------------------------------------------------------

    def progress(self) -> dict[str, Progress]:
        if self.history is None:
            return {}
        try:
            return progress_all(self.history, self.catalogue.programmes)
        except HistoryError as error:
            self.notify(str(error), severity="error", timeout=10)
            return {}

    def _refresh_progress(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, MenuScreen):
                screen.show_progress(self.progress())

    def _write(self, call: Callable[..., object], *args: object) -> bool:
        """A history write that fails is told, never raised: the workout itself goes on."""
        try:
            call(*args)
        except HistoryError as error:
            self.notify(str(error), severity="error", timeout=15)
            return False
        return True

    def on_workout_screen_moved(self, message: WorkoutScreen.Moved) -> None:
        self._save_checkpoint(message.screen)

    def _save_checkpoint(self, screen: WorkoutScreen | None = None) -> None:
        from trainertui.recording import checkpoint_from_workout
        from trainertui.ui.screens.workout import WorkoutScreen
        from trainertui.workout import State

        screen = screen or next((s for s in self.screen_stack if isinstance(s, WorkoutScreen)), None)
        if screen is None or self.history is None or self.rehearsing:
            return
        if screen.workout.state in (State.RUNNING, State.PAUSED):
            self._write(self.history.save_checkpoint, checkpoint_from_workout(screen.programme, screen.workout))

    def _interrupted(self) -> Checkpoint | None:
        """The checkpoint an interrupted workout left, if any (a read error is told, not raised)."""
        if self.history is None:
            return None
        try:
            return self.history.checkpoint()
        except HistoryError as error:
            self.notify(str(error), severity="error", timeout=10)
            return None

    def _record_interrupted(self) -> None:
        """A new workout's checkpoint would replace an interrupted one's (``trainertui run``
        skips the resume question): record that one as partial first, so it is not lost."""
        from trainertui.recording import entry_from_checkpoint

        if self.history is None or self.rehearsing:
            return
        checkpoint = self._interrupted()
        if checkpoint is not None and self._write(self.history.record, entry_from_checkpoint(checkpoint)):
            self.notify(f"Recorded the interrupted {checkpoint.session_title} as a partial workout.", timeout=6)
            self._refresh_progress()

    def _offer_resume(self) -> None:
        """A checkpoint left behind means the last workout was interrupted: carry on, or
        record it as partial. Nothing is lost either way."""
        from trainertui.recording import resume_from_checkpoint
        from trainertui.ui.screens.dialogs import ConfirmDialog

        checkpoint = self._interrupted()
        if checkpoint is None:
            return
        programme = self.catalogue.get(checkpoint.programme_id)
        session = programme.session(checkpoint.session_id) if programme is not None else None

        def answered(resume: bool | None) -> None:
            if resume and programme is not None and session is not None:
                self.start_workout(programme, session, resume_from_checkpoint(checkpoint))
                return
            self._record_interrupted()

        if session is None:  # the routine went away: keep what was done
            answered(False)
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

        if self.history is None:
            self.notify("History is off: the history file could not be opened.", severity="warning")
            return
        now = local_now(self.clock)
        try:
            newest, figures, total = (
                self.history.records(limit=HISTORY_FIRST),
                stats(self.history, now),
                self.history.count(),
            )
        except HistoryError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        screen = HistoryScreen(newest, figures, total, now=now)
        self.push_screen(screen)
        if total > len(newest):
            self._read_older(screen, len(newest))

    @work(thread=True, group="history", exit_on_error=False)
    def _read_older(self, screen: HistoryScreen, skip: int) -> None:
        """The rest of a long history, off the UI thread; the screen adds it as it can."""
        assert self.history is not None
        try:
            older = self.history.records()[skip:]
        except HistoryError as error:
            self.call_from_thread(self.notify, str(error), severity="error", timeout=10)
            return
        self.call_from_thread(screen.add_older, older)

    # --- cues ---------------------------------------------------------------------------

    def play_cue(self, cue: Cue) -> None:
        if not self.muted:
            self._guarded(self.player.play, cue)

    def stop_sound(self) -> None:
        self._guarded(self.player.stop)

    @property
    def sound_off(self) -> str:
        """Why there is no sound ("sound off: no audio device"), or "" when there is."""
        return getattr(self.player, "reason", None) or ""

    def _guarded(self, call: Callable[..., None], *args: object) -> None:
        """Sound is never worth a lost workout: a player that fails is replaced by silence,
        and the person is told once."""
        try:
            call(*args)
        except Exception as error:  # noqa: BLE001 - any failure of an optional backend
            self._sound_failed(error)

    def _sound_failed(self, error: Exception) -> None:
        from trainertui.audio import device_problem

        self.player = NullPlayer(f"sound off: {device_problem(error)}")
        self.notify(_sentence(self.sound_off), severity="warning", timeout=8)

    def watch_muted(self, muted: bool) -> None:
        if muted:
            self.stop_sound()
        self.notify("Cues muted" if muted else "Cues on", timeout=2)
        if self._remember_mute:
            problem = settings.save_muted(muted)
            if problem:
                self.notify(problem, severity="warning", timeout=8)

    # --- keys ---------------------------------------------------------------------------

    def action_help(self) -> None:
        from trainertui.ui.screens.dialogs import HelpScreen
        from trainertui.ui.screens.history import HistoryScreen
        from trainertui.ui.screens.summary import SummaryScreen
        from trainertui.ui.screens.workout import WorkoutScreen

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
                            Binding("ctrl+p", "", "Command palette: start any session"),
                        ],
                    ),
                    ("In the history", HistoryScreen.BINDINGS),
                    ("Everywhere", self.BINDINGS),
                ]
            )
        )

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


def _sentence(text: str) -> str:
    """A lower-case message from below ("sound off: ...") shown on its own."""
    return text[:1].upper() + text[1:]

"""The application: owns the catalogue, the clock and the player, and moves between screens.

Screens report back by dismissing with a result; what to do with it (show the summary, and
later save it) is decided here, so screens never touch storage. A session's sounds are read
in a thread worker before its workout screen appears, so its first cue is ready on time.
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
from trainertui.clock import Clock, MonotonicClock
from trainertui.model import Cue, Programme, Session
from trainertui.ui.commands import StartSessionCommands
from trainertui.ui.screens.menu import MenuScreen

if TYPE_CHECKING:
    from trainertui.timeline import Timeline
    from trainertui.workout import Summary

# The workout, summary and help screens are imported when first shown, not at start-up:
# the menu is what has to appear quickly (bench/app_bench.py measures it).

#: The shortest gap between two redraws of a running workout. The screen redraws just after
#: each shown second turns over, so this only matters at --speed, where seconds fly by.
TICK_S = 0.25


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

    def on_mount(self) -> None:
        self._catch_signals(True)
        if not self.is_headless and _have_terminal():
            self.set_interval(TERMINAL_CHECK_S, self._exit_without_terminal, name="terminal-check")
        self.push_screen(MenuScreen(self.catalogue))
        for notice in self._notices:
            self.notify(notice, severity="warning", timeout=10)
        if self._start is not None:
            self.start_workout(*self._start)

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
        self._guarded(self.player.close)
        os._exit(EXIT_TERMINAL_LOST)

    # --- workouts -----------------------------------------------------------------------

    def start_workout(self, programme: Programme, session: Session) -> None:
        from trainertui.timeline import compile_session

        timeline = compile_session(session)
        if self.player.loaded(timeline.cues):
            self._begin(programme, timeline)
        else:
            self._load_sounds(programme, timeline)

    @work(thread=True, exclusive=True, group="sounds", exit_on_error=False)
    def _load_sounds(self, programme: Programme, timeline: Timeline) -> None:
        """Read (and for a user routine's own words, render) the session's sounds off the UI
        thread; the workout screen appears when they are ready."""
        problems: list[str] = []
        try:
            problems = self.player.load(timeline.cues)
        except Exception as error:  # noqa: BLE001 - a broken sound file must not stop a workout
            self.call_from_thread(self._sound_failed, error)
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._begin, programme, timeline, problems)

    def _begin(self, programme: Programme, timeline: Timeline, problems: list[str] | None = None) -> None:
        from trainertui.ui.screens.summary import SummaryScreen
        from trainertui.ui.screens.workout import WorkoutScreen
        from trainertui.workout import Workout

        for problem in problems or ():
            self.notify(problem, severity="warning", timeout=8)
        session = timeline.session
        workout = Workout(timeline, self.clock, lead=self.player.lead_s)

        def ended(summary: Summary | None) -> None:
            if summary is not None:
                self.push_screen(SummaryScreen(programme, session, summary, speed=self.clock.rate))

        self.push_screen(WorkoutScreen(programme, workout, tick_s=self.tick_s), ended)

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
        self.notify(self.sound_off[:1].upper() + self.sound_off[1:], severity="warning", timeout=8)

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
        from trainertui.ui.screens.workout import WorkoutScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen([
            ("During a workout", WorkoutScreen.BINDINGS),
            ("In the menu", [*MenuScreen.BINDINGS, Binding("tab", "", "Next list"),
                             Binding("ctrl+p", "", "Command palette: start any session")]),
            ("Everywhere", self.BINDINGS),
        ]))

    async def action_quit(self) -> None:
        """Ctrl+Q during a workout asks first, like ``q`` does; elsewhere it quits."""
        from trainertui.ui.screens.workout import WorkoutScreen

        if isinstance(self.screen, WorkoutScreen):
            self.screen.action_stop()
        else:
            self.exit()

"""Music makes way: pause the person's media players for a cue or a rest, then play exactly those again.

Off by default (``[sound] pause_music`` in config.toml: "off", "cues", "rests"). The app asks
``pause_playing()`` when a spoken cue starts (or a rest step, for "rests") and calls
``resume()`` on what it got back when the cue has played out (or the rest ends). Both return
at once: one background thread per ``MediaPlayers`` does the MPRIS calls (mpris.py), in order,
so a resume always comes after its pause. The rules are about being no worse than not pausing:
Pause only to players that say Playing, Play only to players we paused that still say Paused
(a player that ignored Pause never gets a stray Play), playerctld skipped, one call per
player, a short timeout on every call, and nothing at all without a session bus.

The app keeps one ``PausedPlayers`` at a time: a cue that comes while music is already paused
should push the resume back, not pause again (that second pause would find nothing playing,
and the first resume would start the music under the second cue).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from trainertui.worker import Worker

if TYPE_CHECKING:
    from trainertui.desktop_bus import Bus
    from trainertui.mpris import MediaPlayer

TIMEOUT_S = 0.5


class MediaPlayers:
    """The desktop's media players, paused and resumed from a background thread."""

    def __init__(self, timeout_s: float = TIMEOUT_S) -> None:
        self.timeout_s = timeout_s
        #: Why the last attempt could not reach the players (no session bus ...), or None.
        self.problem: str | None = None
        self._worker = Worker("music")
        self._bus: Bus | None = None  # the worker's

    def pause_playing(self) -> PausedPlayers:
        """Pause every player that is playing; returns at once. Keep the result to resume them."""
        paused = PausedPlayers(self)
        if not self._worker.submit(lambda: self._pause(paused)):
            paused._done.set()
        return paused

    def close(self) -> None:
        """End the thread (after what is queued) and hang up; returns at once."""
        self._worker.submit(self._hang_up)
        self._worker.stop()

    def wait(self, timeout_s: float = 5.0) -> bool:
        """Block until what was asked so far has been done (tests, the end of the app)."""
        return self._worker.wait(timeout_s)

    @property
    def last_error(self) -> str | None:
        return self._worker.last_error

    # --- the worker thread ----------------------------------------------------------------

    def _pause(self, paused: PausedPlayers) -> None:
        from trainertui.desktop_bus import BusError
        from trainertui.mpris import pause_playing

        try:
            paused._players = pause_playing(self._connect(), self.timeout_s)
        except BusError as error:
            self.problem = str(error)
            self._hang_up()
        finally:
            paused._done.set()

    def _resume(self, paused: PausedPlayers) -> None:
        if not paused._players:
            return
        from trainertui.desktop_bus import BusError
        from trainertui.mpris import play_if_paused

        try:
            paused.resumed = play_if_paused(self._connect(), paused._players, self.timeout_s)
        except BusError as error:
            self.problem = str(error)
            self._hang_up()

    def _connect(self) -> Bus:
        from trainertui.desktop_bus import Bus

        if self._bus is None or self._bus.closed:
            self._bus = Bus("session", timeout_s=self.timeout_s)
        self.problem = None
        return self._bus

    def _hang_up(self) -> None:
        if self._bus is not None:
            self._bus.close()
            self._bus = None


class PausedPlayers:
    """The players one ``pause_playing()`` paused, filled in by the worker."""

    def __init__(self, owner: MediaPlayers) -> None:
        self._owner = owner
        self._players: tuple[MediaPlayer, ...] = ()
        self._done = threading.Event()
        self._resume_asked = False
        #: The players that were sent Play (filled in by the worker on resume).
        self.resumed: tuple[MediaPlayer, ...] = ()

    @property
    def players(self) -> tuple[MediaPlayer, ...]:
        """The players that said Playing and answered Pause (empty until the pause has been
        done; see ``wait``). Whether each really paused is asked again on resume."""
        return self._players

    def resume(self) -> None:
        """Play again what was paused and still is; returns at once. Only the first call counts."""
        if self._resume_asked:
            return
        self._resume_asked = True
        self._owner._worker.submit(lambda: self._owner._resume(self))

    def wait(self, timeout_s: float = 5.0) -> bool:
        """Block until the pause has been done (tests)."""
        return self._done.wait(timeout_s)


def visible_players(timeout_s: float = TIMEOUT_S) -> tuple[list[MediaPlayer], str | None]:
    """For doctor, on the caller's thread: the players, or the reason none can be seen."""
    from trainertui.desktop_bus import Bus, BusError
    from trainertui.mpris import find_players

    try:
        bus = Bus("session", timeout_s=timeout_s)
    except BusError as error:
        return [], str(error)
    try:
        return find_players(bus, timeout_s), None
    except BusError as error:
        return [], str(error)
    finally:
        bus.close()

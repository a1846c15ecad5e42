"""What the desktop does while a workout runs: the laptop stays awake, and music makes way.

The App tells a ``WorkoutDesktop`` what the workout is doing (``follow``: at every start,
pause, resume and change of step; ``ended``: finished or stopped) and when a cue speaks
(``words``). From that it holds the keep-awake inhibitor exactly while a workout runs and,
when ``[sound] pause_music`` asks for it, pauses the person's media players for each spoken
cue ("cues") or for the whole of each rest step ("rests"), then plays exactly those again.

Plain Python with no timers of its own: ``words`` answers when the music may come back, the
App sets a timer for then and calls ``words_over``. Everything it calls returns at once
(keep_awake.py and music.py do their D-Bus work on threads of their own).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainertui.keep_awake import KeepAwake
    from trainertui.music import MediaPlayers, PausedPlayers
    from trainertui.settings import PauseMusic

#: Music comes back this long after the words end, so the last syllable is not under it.
AFTER_WORDS_S = 0.3


class WorkoutDesktop:
    def __init__(
        self,
        keep_awake: KeepAwake | None = None,
        music: MediaPlayers | None = None,
        pause_music: PauseMusic = "off",
    ) -> None:
        self.keep_awake = keep_awake
        self.music = music
        self.pause_music: PauseMusic = pause_music
        self._running = False
        self._for_words: PausedPlayers | None = None
        self._words_end_s = 0.0
        self._for_rest: PausedPlayers | None = None

    def follow(self, running: bool, resting: bool) -> None:
        """The workout started, paused, resumed or changed step; ``resting``: the step now is
        a rest. A pause silences the cues (the workout screen stops them), so the music a cue
        paused comes back with it."""
        self._hold(running)
        if not running:
            self._give_back_words()
        if running and resting and self.pause_music == "rests" and self.music is not None:
            if self._for_rest is None:
                self._for_rest = self.music.pause_playing()
        else:
            self._give_back_rest()

    def words(self, now_s: float, seconds: float) -> float | None:
        """A cue starts speaking now for ``seconds``: pause the music (once, however many cues
        overlap) and answer when it may play again, or None when nothing was paused."""
        if self.pause_music != "cues" or self.music is None or seconds <= 0:
            return None
        if self._for_words is None:
            self._for_words = self.music.pause_playing()
        self._words_end_s = max(self._words_end_s, now_s + seconds + AFTER_WORDS_S)
        return self._words_end_s

    def words_over(self, now_s: float) -> None:
        """The App's timer from ``words``: play again, unless a later cue pushed it back."""
        if now_s >= self._words_end_s:
            self._give_back_words()

    def set_pause_music(self, pause_music: PauseMusic) -> None:
        """The person changed the setting mid-workout: give back what the old one paused."""
        self.pause_music = pause_music
        self._give_back_words()
        if pause_music != "rests":
            self._give_back_rest()

    def ended(self) -> None:
        """The workout finished or was stopped: the desktop may sleep, the music plays again.
        Music paused for words still being spoken (the finish's "Well done", which the screen
        lets play out) stays paused until the App's timer from ``words`` says they are over;
        a stop silenced the cues at its question, which already gave that music back."""
        self._hold(False)
        self._give_back_rest()

    def settle(self, timeout_s: float) -> bool:
        """Block until the desktop has been told what was asked so far (the App calls it before
        Ctrl+Z stops the process, which would stop these threads with an inhibitor held)."""
        deadline = time.monotonic() + timeout_s
        settled = True
        for part in (self.keep_awake, self.music):
            if part is not None:
                settled = part.wait(max(0.0, deadline - time.monotonic())) and settled
        return settled

    def close(self) -> None:
        """The app is leaving: release and resume everything, then end the threads."""
        self.ended()
        self._give_back_words()
        if self.keep_awake is not None:
            self.keep_awake.close()
        if self.music is not None:
            self.music.close()

    def _hold(self, running: bool) -> None:
        if running != self._running and self.keep_awake is not None:
            if running:
                self.keep_awake.hold()
            else:
                self.keep_awake.release()
        self._running = running

    def _give_back_rest(self) -> None:
        if self._for_rest is not None:
            self._for_rest.resume()
            self._for_rest = None

    def _give_back_words(self) -> None:
        if self._for_words is not None:
            self._for_words.resume()
            self._for_words = None
        self._words_end_s = 0.0

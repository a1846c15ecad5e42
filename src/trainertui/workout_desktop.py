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
        a rest."""
        if running != self._running and self.keep_awake is not None:
            if running:
                self.keep_awake.hold()
            else:
                self.keep_awake.release()
        self._running = running
        if not running:
            self._give_back_words()
        if running and resting and self.pause_music == "rests" and self.music is not None:
            if self._for_rest is None:
                self._for_rest = self.music.pause_playing()
        elif self._for_rest is not None:
            self._for_rest.resume()
            self._for_rest = None

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
        if self._for_rest is not None and pause_music != "rests":
            self._for_rest.resume()
            self._for_rest = None

    def ended(self) -> None:
        """The workout finished or was stopped: the desktop may sleep, the music plays again."""
        self.follow(running=False, resting=False)

    def close(self) -> None:
        """The app is leaving: release and resume everything, then end the threads."""
        self.ended()
        if self.keep_awake is not None:
            self.keep_awake.close()
        if self.music is not None:
            self.music.close()

    def _give_back_words(self) -> None:
        if self._for_words is not None:
            self._for_words.resume()
            self._for_words = None
        self._words_end_s = 0.0

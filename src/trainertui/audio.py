"""How cues become heard: the Player seam.

The workout decides *when* a cue is due and the screen decides *that* it is handed on; a
Player only makes it heard. Keeping that one small protocol means the sound backend can be
swapped (terminal bell now, real audio later, a recording double in tests) without touching
a screen.
"""

from __future__ import annotations

from typing import Protocol

from trainertui.model import Cue


class Player(Protocol):
    def play(self, cue: Cue) -> None:
        """Start making ``cue`` heard and return at once; a newer cue may cut an older one."""

    def stop(self) -> None:
        """Silence whatever is playing (mute, pause, quit)."""

    def close(self) -> None:
        """Release the device; the player is not used again."""


class NullPlayer:
    """Plays nothing: for machines without sound, and for `--silent`."""

    def play(self, cue: Cue) -> None:
        pass

    def stop(self) -> None:
        pass

    def close(self) -> None:
        pass

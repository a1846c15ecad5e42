"""The cue sink until real audio arrives: the terminal bell.

Many terminals flash instead of beeping, and some do neither, so the workout screen also
shows every announcement in words. Cues are played on the UI thread, where ``App.bell``
must be called.
"""

from __future__ import annotations

from typing import Any

from textual.app import App

from trainertui.model import Cue


class BellPlayer:
    def __init__(self, app: App[Any]) -> None:
        self._app = app

    def play(self, cue: Cue) -> None:
        self._app.bell()

    def stop(self) -> None:
        pass

    def close(self) -> None:
        pass

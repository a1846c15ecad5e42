"""The command palette's "Start <session>" entries, one for every session of every programme."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from trainertui.durations import format_span
from trainertui.model import Programme, Session
from trainertui.ui.screens.menu import MenuScreen

if TYPE_CHECKING:
    from trainertui.ui.app import TrainerApp


class StartSessionCommands(Provider):
    def _choices(self) -> list[tuple[str, Programme, Session]]:
        if not isinstance(self.screen, MenuScreen):  # not in the middle of another workout
            return []
        app = cast("TrainerApp", self.app)
        return [
            (f"Start {programme.name}: {session.title}", programme, session)
            for programme in app.catalogue.programmes
            for session in programme.sessions
        ]

    async def discover(self) -> Hits:
        app = cast("TrainerApp", self.app)
        for text, programme, session in self._choices()[:8]:
            yield DiscoveryHit(text, partial(app.start_workout, programme, session))

    async def search(self, query: str) -> Hits:
        app = cast("TrainerApp", self.app)
        matcher = self.matcher(query)
        for text, programme, session in self._choices():
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(text),
                    partial(app.start_workout, programme, session),
                    help=f"{format_span(session.planned_s)} · {len(session.steps)} steps",
                )

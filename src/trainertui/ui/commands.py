"""The command palette's "Start <session>" entries, one for every session of every programme.

Offered only on the menu (not in the middle of another workout); choosing one posts the same
``StartSession`` request the menu's Enter does, so the App alone decides how a workout starts.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from trainertui.durations import format_span
from trainertui.model import Programme, Session
from trainertui.ui.literal import literal
from trainertui.ui.messages import StartSession
from trainertui.ui.screens.menu import MenuScreen


class StartSessionCommands(Provider):
    def _choices(self) -> list[tuple[str, Programme, Session]]:
        screen = self.screen
        if not isinstance(screen, MenuScreen):
            return []
        return [
            (f"Start {programme.name}: {session.title}", programme, session)
            for programme in screen.catalogue.programmes
            for session in programme.sessions
        ]

    def _start(self, programme: Programme, session: Session) -> None:
        self.screen.post_message(StartSession(programme, session))

    async def discover(self) -> Hits:
        for text, programme, session in self._choices()[:8]:
            yield DiscoveryHit(literal(text), partial(self._start, programme, session), text=text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, programme, session in self._choices():
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(escape(text)),  # highlight() reads its text as markup
                    partial(self._start, programme, session),
                    text=text,
                    help=f"{format_span(session.planned_s)} · {len(session.steps)} steps",
                )

"""A Footer whose keys can be hidden one by one with CSS, so a narrow terminal keeps the keys
a new user needs (Quit, Keys) instead of whichever happen to come first.

Textual's Footer lays its keys out in binding order and cuts off what does not fit; at 40
columns the workout screen lost Quit and Keys. Each key here gets a class named after its
binding's action (``-action-skip``), so a screen's stylesheet can drop the less needed ones on
a narrow terminal; the keys themselves keep working and are listed in the help screen.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


def action_class(action: str) -> str:
    """``app.help`` -> ``-action-help``."""
    return "-action-" + action.rsplit(".", 1)[-1].split("(", 1)[0]


class KeyFooter(Footer):
    _shown: tuple[Any, ...] | None = None

    def _keys(self) -> tuple[Any, ...]:
        return tuple(
            (binding.key, binding.description, binding.action, enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        )

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self._shown is not None and screen is self.screen and self._keys() == self._shown:
            return
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        self._shown = self._keys() if self._bindings_ready else None
        for widget in super().compose():
            action = getattr(widget, "action", None)  # a FooterKey (not exported by Textual)
            if isinstance(action, str):
                widget.add_class(action_class(action), update=False)
            if isinstance(action, str) and not widget.has_class("-command-palette"):
                # Compactness settled before the key is mounted, so it is styled once: on mount
                # Textual binds each key (but the palette's) to the Footer's compact, and each
                # change of class on a mounted key restyled it and its two parts: four times a
                # key at start-up (docs/performance.md). set_reactive runs no watcher.
                widget.set_reactive(type(widget).compact, self.compact)  # type: ignore[attr-defined]
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

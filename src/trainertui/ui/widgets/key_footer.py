"""A Footer whose keys can be hidden one by one with CSS, so a narrow terminal keeps the keys
a new user needs (Quit, Keys) instead of whichever happen to come first.

Textual's Footer lays its keys out in binding order and cuts off what does not fit; at 40
columns the workout screen lost Quit and Keys. Each key here gets a class named after its
binding's action (``-action-skip``), so a screen's stylesheet can drop the less needed ones on
a narrow terminal; the keys themselves keep working and are listed in the help screen.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer


def action_class(action: str) -> str:
    """``app.help`` -> ``-action-help``."""
    return "-action-" + action.rsplit(".", 1)[-1].split("(", 1)[0]


class KeyFooter(Footer):
    def compose(self) -> ComposeResult:
        for widget in super().compose():
            action = getattr(widget, "action", None)  # a FooterKey (not exported by Textual)
            if isinstance(action, str):
                widget.add_class(action_class(action))
            yield widget

"""The one rule for putting outside text on screen: it is shown as typed, never read as markup.

Routine files come from anywhere, and names, tips, titles, session ids, config values, file
names and check-in notes all reach the screen. Textual and Rich read a plain ``str`` as markup
in many places (a Static, a Label, a notification, a Rich table cell, the command palette), so
``[bold red]Squat[/]`` would be styled, ``[/]`` would raise a MarkupError inside a timer and end
a workout, and a ``[link=...]`` would become a link. So outside text goes on screen only as
``literal(text)`` (a Content object, which is never parsed) or into a widget made with
``markup=False``; notifications are always literal (``TrainerApp.notify``). Control and bidi
characters are shown as escapes on the way (``text.visible_prose``), so nothing typed in a file
can reach the terminal as a control sequence (docs/security.md).
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from trainertui.text import visible_prose


def literal(text: str) -> Content:
    """``text`` exactly as typed, as Textual content."""
    return Content(visible_prose(text))


def literal_rich(text: str, style: str = "") -> Text:
    """``text`` exactly as typed, as a Rich Text (for Rich tables and renderables)."""
    return Text(visible_prose(text), style=style)

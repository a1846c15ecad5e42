"""One line of plain text that changes every second: the workout's running totals.

A ``Static`` lays its text out through Textual's ``Content`` (markup, wrapping, alignment)
each time it changes: about 0.3 ms a redraw at 80x24, a tenth of all a shown second costs
the workout screen headless. ``PlainLine`` draws its one strip itself, cropped to its width,
in the style its CSS gives it (docs/performance.md). Its width follows the text (``width:
auto``), so a longer figure gets room; a new layout is asked for only when the width changes.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget


class PlainLine(Widget):
    """Plain text on one line, left-aligned; no markup, never wrapped."""

    DEFAULT_CSS = "PlainLine { width: auto; height: 1; }"

    def __init__(self, text: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._text = text

    @property
    def text(self) -> str:
        return self._text

    def update(self, text: str) -> None:
        if text != self._text:
            resized = cell_len(text) != cell_len(self._text)
            self._text = text
            self.refresh(layout=resized)

    def render(self) -> str:
        return self._text

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return cell_len(self._text)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        style = self.visual_style.rich_style  # kept by Textual until the styles change
        if y or not self._text:
            return Strip.blank(width, style)
        return Strip([Segment(self._text, style)]).adjust_cell_length(width, style)

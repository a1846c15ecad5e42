"""Text drawn as large as the widget's space allows, in block characters (block_font.py).

``BigFigure`` is the countdown: it fills whatever height the layout gives it (``1fr``) and
draws the figures at the tallest size that fits both ways, so it grows with the terminal a
half-row at a time. Text the figure font cannot draw ("5 forward, 5 back") is drawn in the word
font instead, at the largest whole scale that fits, broken over lines if need be.

``BigWord`` is a line of words (the step's kind, "PAUSED", "8-10 REPS") at a whole scale up to
``max_scale``; it asks the layout for just the rows it needs, and below scale 1 (a narrow or
short terminal) it is one line of plain bold text.

Both keep what they drew and redraw only when the text, the size or the style changes: the
workout screen changes the countdown once a second, and nothing else changes in between. The
style is the widget's ``visual_style``, which Textual works out again only when the styles
change (``rich_style`` walks the ancestors every time it is asked).

The countdown is one widget: Textual repaints a changed widget across its whole width, so every
figure goes to the terminal each second (about 1.5 kB/s at 80x24). A widget per figure sent
only the figure that changed (0.6 kB/s) but cost more CPU in Textual's compositor than it saved
(docs/performance.md), and bytes to a local terminal are cheap.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from trainertui.ui.widgets.block_font import (
    FIGURE_CHARS,
    figure_rows,
    figure_width,
    fit_figure,
    word_height,
    word_rows,
    word_width,
    wrap_words,
)


class _BlockText(Widget):
    """Rows of block characters, centred both ways in the widget's content region."""

    def __init__(self, text: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._text = text
        self._lines: tuple[str, ...] = ()
        self._plain = False
        self._drawn_for: tuple[object, ...] | None = None

    @property
    def text(self) -> str:
        return self._text

    @property
    def glyph_rows(self) -> int:
        """How many rows tall the drawn glyphs are (1 when drawn as plain text, 0 when empty)."""
        self._layout_lines()
        return len(self._lines) if self._text else 0

    def update(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.refresh(layout=self._size_follows_text())

    def _size_follows_text(self) -> bool:
        return False

    def _shape(self, size: Size) -> tuple[tuple[str, ...], bool]:
        """The rows to draw for the text at ``size``, and whether they are plain text."""
        raise NotImplementedError

    def _layout_lines(self) -> None:
        key = (self._text, self.size)
        if key != self._drawn_for:
            self._drawn_for = key
            self._lines, self._plain = self._shape(self.size) if self._text else ((), False)

    def render_line(self, y: int) -> Strip:
        self._layout_lines()
        width, height = self.size
        style = self.visual_style.rich_style  # Textual keeps it until the styles change
        top = (height - len(self._lines)) // 2
        row = y - top
        if not 0 <= row < len(self._lines):
            return Strip([Segment(" " * width, style)], width)
        line = self._lines[row][:width]
        left = (width - len(line)) // 2
        line_style = style + Style(bold=True) if self._plain else style
        segments = [
            Segment(" " * left, style),
            Segment(line, line_style),
            Segment(" " * (width - left - len(line)), style),
        ]
        return Strip(segments, width)


class BigFigure(_BlockText):
    """The countdown, or a rep target: figures as tall as the space allows."""

    DEFAULT_CSS = "BigFigure { height: 1fr; min-height: 1; }"

    def _shape(self, size: Size) -> tuple[tuple[str, ...], bool]:
        columns, rows = size
        text = self._text
        if set(text) <= FIGURE_CHARS:
            px = fit_figure(text, columns, rows)
            if px:
                return figure_rows(text, px), False
        else:
            for scale in range(max(1, rows // 4), 0, -1):
                lines = wrap_words(text, columns, scale)
                if lines is not None and word_height(len(lines), scale) <= rows:
                    return word_rows(lines, scale), False
        return (text,), True

    @property
    def figure_px(self) -> int:
        """The figures' height in pixels (two a row), or 0 when they are not drawn as figures."""
        if not self._text or not set(self._text) <= FIGURE_CHARS:
            return 0
        return fit_figure(self._text, self.size.width, self.size.height)

    def figure_columns(self) -> int:
        return figure_width(self._text, self.figure_px)


class BigWord(_BlockText):
    """A line of words in the word font at a whole scale up to ``max_scale``; plain bold text
    when even scale 1 does not fit, or when ``max_scale`` is 0."""

    DEFAULT_CSS = "BigWord { height: auto; }"

    def __init__(
        self, text: str = "", *, max_scale: int = 1, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(text, id=id, classes=classes)
        self._max_scale = max_scale

    @property
    def max_scale(self) -> int:
        return self._max_scale

    @max_scale.setter
    def max_scale(self, scale: int) -> None:
        if scale != self._max_scale:
            self._max_scale = scale
            self._drawn_for = None
            self.refresh(layout=True)

    def _size_follows_text(self) -> bool:
        return True  # a longer word may need another scale, so another height

    def _scale(self, columns: int) -> int:
        for scale in range(self._max_scale, 0, -1):
            if word_width(self._text, scale) <= columns:
                return scale
        return 0

    def _shape(self, size: Size) -> tuple[tuple[str, ...], bool]:
        scale = self._scale(size.width)
        if scale == 0:
            return (self._text,), True
        return word_rows((self._text,), scale), False

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if not self._text:
            return 0
        scale = self._scale(width)
        return word_height(1, scale) if scale else 1

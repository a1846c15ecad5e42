"""A small chart with axes: bars (active minutes a week) or lines (pain by place), a scale up
the side, dates along the bottom, and a legend that tells the lines apart by marker as well as
colour.

Our own rather than textual-plotext: importing textual-plotext (and plotext under it) costs
more than the whole history screen does, and the history screen is opened often; this is a
couple of hundred lines of plain Rich text with nothing to import (bench/chart_import.py has
the figures, docs/performance.md the comparison). It also gives what the history needs and
plotext makes awkward: a fixed 0-10 scale with whole-number ticks, the same week labels under
both charts, markers in the legend, and a stable picture for the snapshot tests.

Lines are drawn in braille dots (2 x 4 a cell), so a pain going from 3 to 4 moves visibly
even in a chart six rows high; bars use the eighth blocks. Where lines cross, the first
series (the place reported most recently) is drawn on top.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from msgspec import Struct
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from trainertui.text import visible

#: Markers for the series, in order: the legend shows each beside its name.
MARKERS = "●▲■◆✚"
#: Braille dot bits by (row 0-3, column 0-1) within a cell.
_DOTS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
_EIGHTHS = " ▁▂▃▄▅▆▇█"


class Series(Struct, frozen=True):
    """One line: (x, y) points in x order, x from 0 to the chart's ``x_max``."""

    label: str
    points: tuple[tuple[float, float], ...]


def nice_ceiling(value: float) -> int:
    """A round top for a scale of minutes: 30, 60, 90, 120, 180, ... (30 for nothing at all)."""
    for top in (30, 60, 90, 120, 180, 240, 300, 360, 480, 600, 900, 1200):
        if value <= top:
            return top
    return int(math.ceil(value / 600) * 600)


class Chart(Widget):
    """Bars (``bars``: one value per slot, slots equally wide across ``x_max``) or lines
    (``series``), over a y scale from 0 to ``y_max`` labelled at ``y_ticks``."""

    DEFAULT_CSS = """
    Chart { height: 8; }
    Chart > .chart--title { text-style: bold; }
    Chart > .chart--axis { color: $text-muted; }
    Chart > .chart--empty { color: $text-muted; }
    Chart > .chart--bar { color: $primary; }
    Chart > .chart--series-0 { color: $warning; }
    Chart > .chart--series-1 { color: $success; }
    Chart > .chart--series-2 { color: $error; }
    Chart > .chart--series-3 { color: $primary-lighten-2; }
    Chart > .chart--series-4 { color: $foreground; }
    """

    COMPONENT_CLASSES = {
        "chart--title",
        "chart--axis",
        "chart--empty",
        "chart--bar",
        *(f"chart--series-{n}" for n in range(len(MARKERS))),
    }

    def __init__(
        self,
        title: str,
        *,
        x_max: float,
        x_labels: Sequence[tuple[float, str]],
        y_max: float,
        y_ticks: Sequence[float],
        bars: Sequence[float] = (),
        series: Sequence[Series] = (),
        empty: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """``series`` beyond the five markers are left out, and the legend says how many."""
        super().__init__(id=id, classes=classes)
        self.chart_title = title
        self.x_max = x_max
        self.x_labels = list(x_labels)
        self.y_max = y_max
        self.y_ticks = list(y_ticks)
        self.bars = list(bars)
        self.series = list(series[: len(MARKERS)])
        self.hidden_series = max(0, len(series) - len(MARKERS))
        self.empty = empty

    # --- drawing ----------------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True)

    def render(self) -> Text:
        width, height = self.content_size
        lines = [self._title_line(width)]
        if not self.bars and not self.series:
            lines.append(Text(self.empty[:width], style=self._style("chart--empty")))
            return Text("\n").join(lines)
        plot_rows = height - 3  # the title, the axis, the labels
        label_width = max(len(self._tick(t)) for t in self.y_ticks) if self.y_ticks else 0
        plot_width = width - label_width - 1
        if plot_rows < 2 or plot_width < 4:
            return Text("\n").join(lines)
        cells = self._bar_cells(plot_rows, plot_width) if self.bars else self._line_cells(plot_rows, plot_width)
        ticks = self._tick_rows(plot_rows)
        axis = self._style("chart--axis")
        for row in range(plot_rows):
            line = Text(no_wrap=True, end="")
            label = ticks.get(row, "")
            line.append(f"{label:>{label_width}}{'┤' if label else '│'}", style=axis)
            for char, style in cells[row]:
                line.append(char, style=style)
            lines.append(line)
        marks, labels = self._x_labels(label_width + 1, plot_width, width)
        axis_line = "".join("┬" if col in marks else "─" for col in range(label_width + 1, width))
        lines.append(Text(" " * label_width + "└" + axis_line, style=axis, no_wrap=True))
        lines.append(Text(labels, style=axis, no_wrap=True))
        return Text("\n", no_wrap=True).join(lines)

    def _title_line(self, width: int) -> Text:
        """The title, then (for lines) the legend: each series' marker and name."""
        line = Text(self.chart_title, style=self._style("chart--title"), no_wrap=True, overflow="ellipsis")
        for n, series in enumerate(self.series):
            line.append("  ")
            line.append(f"{MARKERS[n]} {visible(series.label)}", style=self._style(f"chart--series-{n}"))
        if self.hidden_series:
            line.append(f"  +{self.hidden_series} more", style=self._style("chart--axis"))
        line.truncate(width, overflow="ellipsis")
        return line

    def _tick(self, value: float) -> str:
        return f"{value:g}"

    def _tick_rows(self, rows: int) -> dict[int, str]:
        """Which plot row each tick's label goes on (the top row is y_max, the bottom 0)."""
        found: dict[int, str] = {}
        for value in self.y_ticks:
            share = value / self.y_max if self.y_max else 0
            row = rows - 1 - round(share * (rows - 1))
            found.setdefault(min(rows - 1, max(0, row)), self._tick(value))
        return found

    def _bar_cells(self, rows: int, width: int) -> list[list[tuple[str, Style]]]:
        bar = self._style("chart--bar")
        blank = Style()
        grid = [[(" ", blank) for _ in range(width)] for _ in range(rows)]
        count = len(self.bars)
        slot = width / count
        bar_width = max(1, int(slot) - 1)  # every bar as wide, with a gap between them
        for k, value in enumerate(self.bars):
            left = round(k * slot + (slot - bar_width) / 2)
            right = min(width, left + bar_width)
            eighths = round(max(0.0, min(value, self.y_max)) / self.y_max * rows * 8) if self.y_max else 0
            if value > 0:
                eighths = max(eighths, 1)  # a little is not nothing
            for row in range(rows):
                fill = min(8, max(0, eighths - (rows - 1 - row) * 8))
                for col in range(left, right):
                    grid[row][col] = (_EIGHTHS[fill], bar)
        return grid

    def _line_cells(self, rows: int, width: int) -> list[list[tuple[str, Style]]]:
        dots_x, dots_y = width * 2, rows * 4
        bits = [[0] * width for _ in range(rows)]
        owner: list[list[int | None]] = [[None] * width for _ in range(rows)]
        marks: dict[tuple[int, int], int] = {}

        def dot(series: int, x: int, y: int) -> None:
            row, col = y // 4, x // 2
            bits[row][col] |= _DOTS[y % 4][x % 2]
            owner[row][col] = series

        def at(point: tuple[float, float]) -> tuple[int, int]:
            x, y = point
            x = min(self.x_max, max(0.0, x))
            y = min(self.y_max, max(0.0, y))
            return round(x / self.x_max * (dots_x - 1)), round((1 - y / self.y_max) * (dots_y - 1))

        # The last series first, so the first (the most recent place) ends up on top.
        for n in reversed(range(len(self.series))):
            points = [at(p) for p in self.series[n].points]
            for (x0, y0), (x1, y1) in zip(points, points[1:]):
                for x, y in _segment(x0, y0, x1, y1):
                    dot(n, x, y)
            every = len(points) <= width // 3  # sparse enough to mark each check-in
            for x, y in points if every else points[-1:]:
                marks[(y // 4, x // 2)] = n
            for x, y in points[:1]:
                dot(n, x, y)
        styles = [self._style(f"chart--series-{n}") for n in range(len(self.series))]
        grid: list[list[tuple[str, Style]]] = []
        for row in range(rows):
            cells: list[tuple[str, Style]] = []
            for col in range(width):
                marked = marks.get((row, col))
                who = owner[row][col]
                if marked is not None:
                    cells.append((MARKERS[marked], styles[marked]))
                elif who is not None:
                    cells.append((chr(0x2800 + bits[row][col]), styles[who]))
                else:
                    cells.append((" ", Style()))
            grid.append(cells)
        return grid

    def _x_labels(self, left: int, plot_width: int, width: int) -> tuple[set[int], str]:
        """The columns of the ticks on the axis, and the line of labels under them. Every
        k-th label, counting back from the latest (which matters most), with the smallest k
        that keeps a space between labels: evenly spaced, and the same choice in two charts
        of about the same width."""
        placed: list[tuple[int, int, str]] = []  # (tick column, start, text), in x order
        for x, text in sorted(self.x_labels):
            share = min(1.0, max(0.0, x / self.x_max)) if self.x_max else 0.0
            col = left + round(share * (plot_width - 1))
            placed.append((col, min(max(0, col - len(text) // 2), width - len(text)), text))
        chosen: list[tuple[int, int, str]] = []
        for stride in range(1, len(placed) + 1):
            chosen = placed[::-1][::stride]
            if all(later[1] > earlier[1] + len(earlier[2]) for later, earlier in zip(chosen, chosen[1:])):
                break
        line = [" "] * width
        for _, start, text in chosen:
            line[start : start + len(text)] = text
        return {col for col, _, _ in chosen}, "".join(line)


def _segment(x0: int, y0: int, x1: int, y1: int) -> list[tuple[int, int]]:
    """The dots of a straight line from one point to the next (Bresenham)."""
    found = []
    dx, dy = abs(x1 - x0), -abs(y1 - y0)
    sx, sy = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
    error = dx + dy
    while True:
        found.append((x0, y0))
        if (x0, y0) == (x1, y1):
            return found
        twice = 2 * error
        if twice >= dy:
            error += dy
            x0 += sx
        if twice <= dx:
            error += dx
            y0 += sy

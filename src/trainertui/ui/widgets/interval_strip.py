"""A one-line map of the whole session: where this step sits and what is still to come."""

from __future__ import annotations

from bisect import bisect_right

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from trainertui.model import KINDS
from trainertui.timeline import Timeline
from trainertui.ui.kinds import kind_rules

#: Rep steps take no planned time; on the strip they get this much so they can be seen.
UNTIMED_WEIGHT_S = 30


class IntervalStrip(Widget):
    """Each cell is a slice of the session coloured by the kind of step that fills it.

    Steps already behind are drawn thin, the rest solid, and a bright cursor marks the
    present. It redraws only when the cursor moves to another cell or another step, which in
    a 30-minute session on an 80-column terminal is every 20-odd seconds, not every second.
    """

    COMPONENT_CLASSES = {f"interval-strip--{kind}" for kind in KINDS} | {"interval-strip--cursor"}

    DEFAULT_CSS = (
        "IntervalStrip { height: 1; }\n"
        + kind_rules(lambda kind, colour: f"IntervalStrip > .interval-strip--{kind} {{ color: {colour}; }}")
        + "\nIntervalStrip > .interval-strip--cursor { color: $foreground; text-style: bold; }"
    )

    def __init__(self, timeline: Timeline, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._kinds = [i.step.kind for i in timeline.intervals]
        self._weights = [i.step.duration_s or UNTIMED_WEIGHT_S for i in timeline.intervals]
        self._starts: list[int] = []
        total = 0
        for weight in self._weights:
            self._starts.append(total)
            total += weight
        self._total = max(total, 1)
        self._index = 0
        self._now = 0.0
        self._drawn: tuple[int, int] | None = None

    def show(self, index: int, into_s: float) -> None:
        """Place the cursor ``into_s`` seconds into step ``index``."""
        self._index = index
        if index < len(self._starts):
            self._now = self._starts[index] + min(into_s, self._weights[index] - 1)
        else:
            self._now = self._total
        if self._drawn != (index, self._cursor_cell()):
            self.refresh()

    def _cursor_cell(self) -> int:
        width = max(1, self.size.width)
        return min(width - 1, int(self._now * width / self._total))

    def render(self) -> Text:
        width = max(1, self.size.width)
        cursor = self._cursor_cell()
        self._drawn = (self._index, cursor)
        text = Text(no_wrap=True, overflow="crop")
        run, run_style = "", Style()
        for cell in range(width):
            middle = (cell + 0.5) * self._total / width
            step = max(0, bisect_right(self._starts, middle) - 1)
            if cell == cursor:
                char, style = "┃", self.get_component_rich_style("interval-strip--cursor", partial=True)
            else:
                char = "▁" if step < self._index else "▆"
                style = self.get_component_rich_style(f"interval-strip--{self._kinds[step]}", partial=True)
            if style != run_style and run:
                text.append(run, run_style)
                run = ""
            run, run_style = run + char, style
        text.append(run, run_style)
        return text

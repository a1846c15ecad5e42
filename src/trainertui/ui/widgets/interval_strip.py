"""A one-line map of the whole session: where this step sits and what is still to come."""

from __future__ import annotations

from bisect import bisect_right

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from trainertui.timeline import Timeline

#: Rep steps take no planned time; on the strip they get this much so they can be seen.
UNTIMED_WEIGHT_S = 30


class IntervalStrip(Widget):
    """Each cell is a slice of the session coloured by the kind of step that fills it.

    Steps already behind are drawn thin, the rest solid, and the current step is marked
    with a bright cursor at the present moment.
    """

    COMPONENT_CLASSES = {
        "interval-strip--warmup",
        "interval-strip--walk",
        "interval-strip--run",
        "interval-strip--cooldown",
        "interval-strip--exercise",
        "interval-strip--rest",
        "interval-strip--stretch",
        "interval-strip--cursor",
    }

    DEFAULT_CSS = """
    IntervalStrip { height: 1; }
    IntervalStrip > .interval-strip--warmup { color: $primary; }
    IntervalStrip > .interval-strip--walk { color: $success; }
    IntervalStrip > .interval-strip--run { color: $error; }
    IntervalStrip > .interval-strip--cooldown { color: $primary; }
    IntervalStrip > .interval-strip--exercise { color: $warning; }
    IntervalStrip > .interval-strip--rest { color: $accent; }
    IntervalStrip > .interval-strip--stretch { color: $secondary; }
    IntervalStrip > .interval-strip--cursor { color: $foreground; text-style: bold; }
    """

    #: Index of the current step and the position within it, in strip seconds.
    index: reactive[int] = reactive(0)
    into_s: reactive[int] = reactive(0)

    def __init__(self, timeline: Timeline, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._kinds = [i.step.kind for i in timeline.intervals]
        weights = [i.step.duration_s if i.step.timed else UNTIMED_WEIGHT_S for i in timeline.intervals]
        self._starts: list[int] = []
        total = 0
        for weight in weights:
            self._starts.append(total)
            total += weight or 0
        self._weights = weights
        self._total = max(total, 1)

    def show(self, index: int, into_s: float) -> None:
        self.index = index
        weight = self._weights[index] if index < len(self._weights) else 0
        self.into_s = min(int(into_s), max(0, (weight or 1) - 1))

    def render(self) -> Text:
        width = max(1, self.size.width)
        now = (self._starts[self.index] + self.into_s) if self.index < len(self._starts) else self._total
        cursor = min(width - 1, int(now * width / self._total))
        text = Text(no_wrap=True, overflow="crop")
        for cell in range(width):
            middle = (cell + 0.5) * self._total / width
            step = max(0, bisect_right(self._starts, middle) - 1)
            style: Style = self.get_component_rich_style(f"interval-strip--{self._kinds[step]}", partial=True)
            if cell == cursor:
                text.append("┃", self.get_component_rich_style("interval-strip--cursor", partial=True))
            elif step < self.index:
                text.append("▁", style)
            else:
                text.append("▆", style)
        return text

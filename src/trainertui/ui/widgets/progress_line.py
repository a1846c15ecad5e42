"""The session's overall progress as a one-line bar."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class ProgressLine(Widget):
    """A thin bar that redraws only when the filled part grows by a whole cell.

    Textual's ProgressBar would do, but it runs a timer of its own every second for its
    time-left estimate, even when that is hidden; on a screen that otherwise changes once a
    second, that doubled the work.
    """

    COMPONENT_CLASSES = {"progress-line--done", "progress-line--left"}

    DEFAULT_CSS = """
    ProgressLine { height: 1; }
    ProgressLine > .progress-line--done { color: $primary; }
    ProgressLine > .progress-line--left { color: $surface-lighten-2; }
    """

    def __init__(self, total: float, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._total = max(total, 1e-9)
        self._progress = 0.0
        self._drawn: int | None = None

    def show(self, progress: float) -> None:
        self._progress = min(max(progress, 0.0), self._total)
        if self._drawn != self._filled():
            self.refresh()

    def _filled(self) -> int:
        return int(self._progress * max(1, self.size.width) / self._total)

    def render(self) -> Text:
        width = max(1, self.size.width)
        filled = self._drawn = self._filled()
        return Text.assemble(
            ("━" * filled, self.get_component_rich_style("progress-line--done", partial=True)),
            ("━" * (width - filled), self.get_component_rich_style("progress-line--left", partial=True)),
            no_wrap=True,
        )

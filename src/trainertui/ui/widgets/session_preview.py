"""The menu's preview of the highlighted session: totals, then its steps with repeats folded."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from trainertui.durations import format_clock
from trainertui.model import Equipment, Programme, Step
from trainertui.timeline import Interval, Timeline
from trainertui.ui.kinds import kind_word, own_label, step_length
from trainertui.ui.literal import literal_rich

#: Longest pattern folded into "8 × Run 1:00 · Walk 1:30".
MAX_PERIOD = 4


def describe(step: Step) -> str:
    """ "Warm up: Brisk walk", or just "Run" when the name only repeats the kind."""
    word = kind_word(step.kind).capitalize()
    label = own_label(step)
    return f"{word}: {label}" if label else word


def _key(interval: Interval) -> tuple[str, str, int | None]:
    return interval.step.kind, interval.step.label, interval.step.duration_s


def fold(intervals: tuple[Interval, ...]) -> list[tuple[int, int, tuple[Interval, ...]]]:
    """Group runs of a repeating pattern: a list of (first interval index, times, pattern)."""
    keys = [_key(i) for i in intervals]
    rows = []
    i = 0
    while i < len(intervals):
        best_period, best_times = 1, 1
        for period in range(1, MAX_PERIOD + 1):
            times = 1
            while keys[i + times * period : i + (times + 1) * period] == keys[i : i + period] and i + (
                times + 1
            ) * period <= len(keys):
                times += 1
            if times > 1 and times * period > best_times * best_period:
                best_period, best_times = period, times
        rows.append((i, best_times, intervals[i : i + best_period]))
        i += best_period * best_times
    return rows


class SessionPreview(Static):
    """What a session holds, before starting it. ``show`` redraws it for another session."""

    def show(self, programme: Programme | None, timeline: Timeline | None, equipment: Equipment | None = None) -> None:
        """``equipment`` is what the session is done with, when the programme offers a choice."""
        self.update("" if programme is None or timeline is None else preview(programme, timeline, equipment))

    def explain(self, text: str) -> None:
        """Say something instead of a preview (there is nothing to preview)."""
        self.update(literal_rich(text))


def totals_line(timeline: Timeline) -> str:
    """ "30:00 total · 08:00 running · 18 steps". A session of rep sets is mostly the sets,
    which take no planned time: its timed part is not called "working" (that undersold it)."""
    untimed = sum(1 for i in timeline.intervals if not i.step.timed)
    steps = f"{len(timeline.intervals)} steps"
    if untimed:
        sets = f"{untimed} rep set{'s' if untimed != 1 else ''} at your own pace"
        return f"{format_clock(timeline.duration_s)} timed + {sets} · {steps}"
    working = "running" if timeline.seconds_by_kind()["run"] else "working"
    return f"{format_clock(timeline.duration_s)} total · {format_clock(timeline.work_s)} {working} · {steps}"


def preview(programme: Programme, timeline: Timeline, equipment: Equipment | None = None) -> RenderableType:
    session = timeline.session
    header = Text.assemble((session.title, "bold"), "\n", (totals_line(timeline), "dim"))
    if equipment is not None:
        header.append_text(Text.assemble("\nEquipment: ", (equipment.name, "bold"), ("  (e to change)", "dim")))
    table = Table(show_header=False, box=None, padding=(0, 1, 0, 0), expand=True)
    table.add_column(justify="right", style="dim", no_wrap=True)  # starts at
    table.add_column(ratio=1)  # what
    table.add_column(justify="right", no_wrap=True)  # for how long
    for first, times, pattern in fold(timeline.intervals):
        start = format_clock(timeline.intervals[first].start_s)
        if times == 1 and len(pattern) == 1:
            table.add_row(start, literal_rich(describe(pattern[0].step)), literal_rich(step_length(pattern[0].step)))
            continue
        each = " · ".join(f"{describe(i.step)} {step_length(i.step)}" for i in pattern)
        block = times * sum(i.step.duration_s or 0 for i in pattern)
        # Rich reads a str cell as markup: a step named "[bold]x[/]" must show as typed.
        what = literal_rich(f"{times} × {each}" if times > 1 else each)
        table.add_row(start, what, format_clock(block) if block else "")
    parts: list[RenderableType] = [header, Text(""), table]
    if programme.description:
        parts += [Text(""), Text(programme.description.strip(), style="italic dim")]
    return Group(*parts)

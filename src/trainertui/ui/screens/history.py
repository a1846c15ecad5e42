"""Past workouts: this week's figures, the streak, per-programme totals, two charts (active
minutes a week, pain by place), and a table of every workout, newest first. Enter on a row
opens it (workout_detail.py), where its check-in can be changed and the workout deleted.

The app reads the history file and hands the records and stats in: screens never touch storage.
Changes go up as messages; the app answers with ``show_record``, ``forget_record`` and
``show_stats``.

Opening fast with 10,000 workouts: DataTable measures every cell of every new row, so adding
them all before the first frame took seconds (bench/history_screen_timing.py; the figures are in
docs/performance.md). The screen composes with the newest FIRST_ROWS rows, several pages, and
adds the rest CHUNK_ROWS at a time, each chunk after the screen has painted, so keys are
answered between chunks. Column widths are worked out once from all the records, so the
columns do not shift as older rows arrive.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta, tzinfo

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, Static

from trainertui.durations import format_clock
from trainertui.history import Record
from trainertui.progress import WEEKS_CHARTED, Stats
from trainertui.text import visible, visible_prose
from trainertui.ui.small_terminal import mark_small
from trainertui.ui.widgets.chart import Chart, Series, nice_ceiling

EMPTY_MESSAGE = "No workouts yet: finish or stop one and it appears here."
#: Rows in the first frame, and rows added per step after it.
FIRST_ROWS, CHUNK_ROWS = 100, 250
#: Longest text shown in these columns; longer values end in "…".
ROUTINE_MAX, PAIN_MAX, NOTE_MAX = 24, 14, 40
#: What this person watches (how hard, how much it hurt) comes first, so that at 80 columns
#: everything up to the result fits; the note scrolls in from the right.
COLUMNS = ("Date", "Routine", "Effort", "Pain", "Active", "Result", "Note")


def _week_label(day: date) -> str:
    return f"{day.day} {day:%b}"


def _span_words(seconds: float) -> str:
    """Whole minutes in words: "5 h 10 min", "45 min"."""
    hours, minutes = divmod(round(seconds / 60), 60)
    return f"{hours:,} h {minutes} min" if hours else f"{minutes} min"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def _clip(text: str, limit: int) -> Text:
    """One line of user text, at most ``limit`` cells. Text, not str: DataTable reads a str
    as markup, and a note may well contain "["."""
    cell = Text(visible(" ".join(text.split())), no_wrap=True, overflow="ellipsis", end="")
    cell.truncate(limit, overflow="ellipsis")
    return cell


def _routine(record: Record) -> str:
    """The session first: if the column cuts it short, what is lost is the programme's name,
    not which run it was."""
    return f"{record.session_title} · {record.programme_name}"


def _result(record: Record) -> str:
    return "done" if record.completed else "partial"


def _pain(record: Record) -> str:
    checkin = record.checkin
    if checkin is None or (checkin.pain is None and not checkin.pain_where):
        return ""
    score = "" if checkin.pain is None else str(checkin.pain)
    return f"{score} {checkin.pain_where}".strip()


class HistoryScreen(Screen[None]):
    #: Its layout, scoped to the screen and parsed when it is first shown (not before the menu).
    DEFAULT_CSS = """
    #history-stats { height: auto; padding: 0 1; margin: 0 0 1 0; }
    #history-figures { height: 1; }
    #history-week { width: auto; margin: 0 3 0 0; }
    #history-streak { width: auto; }
    #history-programmes { height: auto; max-height: 3; text-wrap: nowrap; text-overflow: ellipsis; }
    #history-charts { height: 8; }
    #history-charts Chart { width: 1fr; }
    #history-weekly { margin: 0 3 0 0; }
    #history-table { height: 1fr; scrollbar-size-vertical: 1; }
    #history-empty { padding: 1 2; }
    /* Small terminals: the charts go first, then everything but this week and the streak. */
    HistoryScreen.-narrow #history-charts { display: none; }
    HistoryScreen.-short #history-charts, HistoryScreen.-short #history-programmes { display: none; }
    HistoryScreen.-short #history-stats { margin: 0; }
    """
    BINDINGS = [
        Binding("escape,q,h", "app.pop_screen", "Menu", id="menu"),
        # A priority binding, so the Footer shows it over the table's own (hidden) Enter.
        Binding("enter", "open", "Open", id="open", priority=True),
    ]

    #: Below these sizes the screen gets the -narrow and -short classes (see DEFAULT_CSS).
    NARROW_BELOW, SHORT_BELOW = 64, 18

    def __init__(
        self,
        records: Sequence[Record],
        stats: Stats,
        total: int,
        *,
        now: datetime,
        per_week: int | Mapping[str, int] = 3,
    ) -> None:
        """
        Args:
            records: workouts to list, newest first (``History.records()``).
            stats: ``progress.stats(history, now, per_week)``.
            total: how many workouts the history holds (``History.count()``); more than
                ``len(records)`` when the app passed only the newest.
            now: the moment "this year" is judged from, and whose time zone dates are shown
                in (the machine's when ``now`` is naive): the app's ``clock.local_now``.
                Tests pin it.
            per_week: the workouts a week that ``stats`` counted towards the streak: one
                number, or each programme's own by name (3 for one not listed).
        """
        super().__init__()
        self.records, self.stats, self.total, self.per_week = list(records), stats, total, per_week
        self._zone: tzinfo | None = now.tzinfo
        self._now = now.astimezone(self._zone)
        self._loaded = 0

    @property
    def rows_pending(self) -> int:
        """Older rows not yet in the table; 0 once it holds every record."""
        return len(self.records) - self._loaded

    # --- building ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        if not self.records:
            yield Static(EMPTY_MESSAGE, id="history-empty")
        else:
            yield from self._stats_strip()
            table: DataTable[Text] = DataTable(
                id="history-table", cursor_type="row", zebra_stripes=True, fixed_columns=1
            )
            for label, width in zip(COLUMNS, self._widths()):
                table.add_column(label, width=width, key=label)
            self._add_rows(table, FIRST_ROWS)  # here, not on mount: one layout for the first frame
            yield table
        yield Footer()

    def _stats_strip(self) -> ComposeResult:
        with Vertical(id="history-stats"):
            yield from self._stats_widgets()

    def _stats_widgets(self) -> list[Label | Static | Horizontal]:
        s = self.stats
        if s.streak_weeks:
            streak = f"Streak: {_plural(s.streak_weeks, 'week')}"
        else:
            streak = "Streak: none yet"
        numbers = {self._per_week(name) for name in s.per_programme} or {self._per_week("")}
        rule = f" ({numbers.pop()}+ workouts a week)" if len(numbers) == 1 else " (a week of any plan, or a mix)"
        programmes = "\n".join(
            f"{name}: {_plural(workouts, 'workout')}, {_span_words(active_s)}"
            + (f" · {self._per_week(name)} a week" if len(numbers) > 1 else "")
            for name, (workouts, active_s) in s.per_programme.items()
        )
        return [
            Horizontal(
                Label(f"This week: {round(s.week_active_s / 60):,} min active", id="history-week"),
                Label(Text.assemble(streak, (rule, "dim")), id="history-streak"),
                id="history-figures",
            ),
            Static(visible_prose(programmes), id="history-programmes", markup=False),
            Horizontal(self._minutes_chart(), self._pain_chart(), id="history-charts"),
        ]

    def _per_week(self, name: str) -> int:
        if isinstance(self.per_week, Mapping):
            return self.per_week.get(name, 3)
        return self.per_week

    def _weeks(self) -> tuple[date, list[tuple[float, str]]]:
        """The first charted Monday, and a label for each week at its middle (days from it)."""
        first = self.stats.first_week or (self._now.date() - timedelta(days=self._now.weekday() + 7 * 11))
        return first, [(7 * k + 3.5, _week_label(first + timedelta(weeks=k))) for k in range(WEEKS_CHARTED)]

    def _minutes_chart(self) -> Chart:
        _, labels = self._weeks()
        minutes = self.stats.weekly_minutes
        top = nice_ceiling(max(minutes, default=0))
        return Chart(
            "Active minutes a week",
            x_max=7 * WEEKS_CHARTED,
            x_labels=labels,
            y_max=top,
            y_ticks=(0, top // 2, top),
            bars=minutes,
            id="history-weekly",
        )

    def _pain_chart(self) -> Chart:
        """One line per place, on the fixed 0-10 scale, over the same weeks as the minutes."""
        first, labels = self._weeks()
        start = datetime(first.year, first.month, first.day, tzinfo=self._zone)
        if self._zone is None:
            start = start.astimezone()
        series = []
        for place, points in self.stats.pain_by_place.items():
            shown = tuple(
                ((ended - start).total_seconds() / 86400, float(score)) for ended, score in points if ended >= start
            )
            if shown:
                series.append(Series(place, shown))
        return Chart(
            "Pain 0-10",
            x_max=7 * WEEKS_CHARTED,
            x_labels=labels,
            y_max=10,
            y_ticks=(0, 5, 10),
            series=series,
            empty=f"No pain recorded in the last {WEEKS_CHARTED} weeks",
            id="history-pain",
        )

    def _widths(self) -> list[int]:
        """Each column as wide as its widest value (capped) over all the records, not just the
        first rows, so nothing moves when the older rows come in."""
        records = self.records
        date = 12  # "26 Nov 07:30" this year, "26 Nov 2025" before
        routine = result = pain = note = 0
        active = 0.0
        for r in records:
            routine = max(routine, len(r.programme_name) + len(r.session_title) + 3)
            active = max(active, r.active_s)
            if not r.completed:
                result = max(result, len(_result(r)))
            if r.checkin is not None:
                pain = max(pain, len(r.checkin.pain_where) + 3)
                note = max(note, len(r.checkin.note))
        widths = [
            date,
            min(routine, ROUTINE_MAX),
            len("10/10"),
            min(pain, PAIN_MAX),
            len(format_clock(active)),
            result,
            min(note, NOTE_MAX),
        ]
        return [max(width, len(label)) for width, label in zip(widths, COLUMNS)]

    def _local(self, record: Record) -> datetime:
        return record.started.astimezone(self._zone)

    def _date(self, record: Record) -> str:
        """The year, instead of the time, for older workouts: the column stays narrow."""
        started = self._local(record)
        if started.year != self._now.year:
            return f"{started.day} {started:%b %Y}"
        return f"{started.day} {started:%b %H:%M}"

    def _row(self, record: Record) -> tuple[Text, ...]:
        checkin = record.checkin
        effort = f"{checkin.effort}/10" if checkin is not None and checkin.effort is not None else ""
        return (
            Text(self._date(record)),
            _clip(_routine(record), ROUTINE_MAX),
            Text(effort),
            _clip(_pain(record), PAIN_MAX),
            Text(format_clock(record.active_s)),
            Text(_result(record)),
            _clip(checkin.note if checkin is not None else "", NOTE_MAX),
        )

    def _add_rows(self, table: DataTable[Text], count: int) -> None:
        batch = self.records[self._loaded : self._loaded + count]
        for record in batch:
            table.add_row(*self._row(record), key=str(record.id))
        self._loaded += len(batch)

    # --- events -----------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.title = "History"
        self._name_what_is_shown()
        if self.rows_pending:
            self.call_after_refresh(self._load_more)

    def _name_what_is_shown(self) -> None:
        shown = len(self.records)
        self.sub_title = (
            f"newest {shown:,} of {self.total:,} workouts" if 0 < shown < self.total else _plural(self.total, "workout")
        )

    def add_older(self, records: Sequence[Record]) -> None:
        """Older workouts, read by the app after the screen opened (the newest come first, so
        a long history opens at once)."""
        idle = not self.rows_pending
        self.records.extend(records)
        self._name_what_is_shown()
        if idle and self.rows_pending and self.records:
            self.call_after_refresh(self._load_more)

    def _load_more(self) -> None:
        """Add the next chunk of older rows, then come back after the next repaint. Stops once
        the screen has been closed: the rows would go nowhere."""
        if not self.is_attached:
            return
        table = self.query_one("#history-table", DataTable)
        self._add_rows(table, CHUNK_ROWS)
        if self.rows_pending:
            self.call_after_refresh(self._load_more)

    def on_resize(self, event: events.Resize) -> None:
        mark_small(self, event.size, narrow_below=self.NARROW_BELOW, short_below=self.SHORT_BELOW)

    # --- one workout ------------------------------------------------------------------------

    @property
    def highlighted(self) -> Record | None:
        """The workout under the table's cursor."""
        tables = self.query("#history-table")
        if not tables:
            return None
        table = tables.first(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((r for r in self.records if str(r.id) == key), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open":
            return bool(self.records)
        return True

    def action_open(self) -> None:
        """Everything about the highlighted workout, where it can be changed or deleted."""
        from trainertui.ui.screens.workout_detail import WorkoutDetail

        record = self.highlighted
        if record is not None:
            self.app.push_screen(WorkoutDetail(record, now=self._now))

    @on(DataTable.RowSelected, "#history-table")
    def _row_chosen(self) -> None:
        self.action_open()

    def show_record(self, record: Record) -> None:
        """A workout as it now is (its check-in changed): its row, in place."""
        index = next((i for i, r in enumerate(self.records) if r.id == record.id), None)
        if index is None:
            return
        self.records[index] = record
        if index < self._loaded:
            table = self.query_one("#history-table", DataTable)
            for label, cell in zip(COLUMNS, self._row(record)):
                table.update_cell(str(record.id), label, cell)

    def forget_record(self, record_id: int) -> None:
        """A workout deleted: its row goes, and the cursor stays where it was."""
        index = next((i for i, r in enumerate(self.records) if r.id == record_id), None)
        if index is None:
            return
        del self.records[index]
        self.total = max(0, self.total - 1)
        if index < self._loaded:
            self._loaded -= 1
            self.query_one("#history-table", DataTable).remove_row(str(record_id))
        self._name_what_is_shown()
        if not self.records:
            self.refresh(recompose=True)

    def show_stats(self, stats: Stats) -> None:
        """New figures and charts, after a workout was changed or deleted."""
        self.stats = stats
        strips = self.query("#history-stats")
        if not strips:
            return
        strip = strips.first()

        async def swap() -> None:
            await strip.remove_children()
            await strip.mount_all(self._stats_widgets())

        self.call_later(swap)

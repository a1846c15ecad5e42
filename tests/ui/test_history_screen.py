"""The history screen, fed Records directly: what the table and the stats strip say, the empty
history, leaving it, small terminals, and 10,000 workouts loaded in chunks."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from textual.widgets import DataTable

from helpers import screen_text
from trainertui.history import CheckIn, Record
from trainertui.progress import Stats
from trainertui.ui.screens import history as history_screen
from trainertui.ui.screens.history import EMPTY_MESSAGE, HistoryScreen
from trainertui.ui.screens.menu import MenuScreen
from trainertui.ui.widgets.chart import Chart

NOW = datetime(2026, 11, 26, 18, 0, tzinfo=UTC)  # a Thursday


def record(
    started: datetime,
    title: str = "Week 3, Run 2",
    *,
    programme: str = "Couch to 5K",
    active_s: float = 1450,
    completed: bool = True,
    done: int = 9,
    total: int = 9,
    checkin: CheckIn | None = None,
    id: int | None = None,
) -> Record:
    """Each record its own id (the table's rows are keyed by it) unless one is given."""
    return Record(
        "c25k",
        programme,
        title.lower(),
        title,
        started,
        started + timedelta(seconds=active_s + 60),
        1800,
        active_s,
        done,
        0,
        total,
        completed,
        checkin,
        id=next(_ids) if id is None else id,
    )


_ids = itertools.count(1)


PAIN = {
    "Upper back": [(NOW - timedelta(days=9), 5), (NOW - timedelta(days=4), 4), (NOW, 3)],
    "Knees": [(NOW - timedelta(days=100), 6), (NOW - timedelta(days=5), 2)],
}


def stats(streak: int = 3, pain: dict[str, list[tuple[datetime, int]]] | None = None) -> Stats:
    weekly = [0, 10, 20, 35, 0, 50, 60, 74, 80, 90, 70, 74.0]
    return Stats(
        74 * 60,
        streak,
        {"Couch to 5K": (12, 5 * 3600 + 10 * 60), "Strength and Flex": (1, 1800)},
        weekly,
        PAIN if pain is None else pain,
        first_week=(NOW - timedelta(days=NOW.weekday() + 7 * 11)).date(),
    )


RECORDS = [
    record(datetime(2026, 11, 26, 7, 30, tzinfo=UTC), checkin=CheckIn(7, 3, "upper back", "felt strong")),
    record(
        datetime(2026, 11, 24, 7, 30, tzinfo=UTC),
        "Week 3, Run 1",
        active_s=700,
        completed=False,
        done=5,
        checkin=CheckIn(8, None, "", "windy"),
    ),
    record(datetime(2026, 11, 22, 7, 30, tzinfo=UTC), "Week 2, Run 3"),
    record(datetime(2025, 10, 22, 18, 5, tzinfo=UTC), "Week 1, Run 1", active_s=300, completed=False, done=4),
]


def rows(screen: HistoryScreen) -> list[list[str]]:
    table = screen.query_one("#history-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_rows_show_completed_and_partial_workouts_with_and_without_a_checkin(make_app):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = HistoryScreen(RECORDS, stats(), len(RECORDS), now=NOW)
        await app.push_screen(screen)
        await pilot.pause()
        assert rows(screen) == [
            ["26 Nov 07:30", "Week 3, Run 2 · Couch t…", "7/10", "3 upper back", "24:10", "done", "felt strong"],
            ["24 Nov 07:30", "Week 3, Run 1 · Couch t…", "8/10", "", "11:40", "partial", "windy"],
            ["22 Nov 07:30", "Week 2, Run 3 · Couch t…", "", "", "24:10", "done", ""],
            ["22 Oct 2025", "Week 1, Run 1 · Couch t…", "", "", "05:00", "partial", ""],
        ]
        text = screen_text(app)
        assert "26 Nov 07:30" in text and "3 upper back" in text
        assert screen.sub_title == "4 workouts"


async def test_stats_strip(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = HistoryScreen(RECORDS, stats(), len(RECORDS), now=NOW)
        await app.push_screen(screen)
        await pilot.pause()
        text = screen_text(app)
        for line in (
            "This week: 74 min active",
            "Streak: 3 weeks",
            "Couch to 5K: 12 workouts, 5 h 10 min",
            "Strength and Flex: 1 workout, 30 min",
            "Active minutes a week",
            "Pain 0-10  ● Upper back  ▲ Knees",
            "23 Nov",  # this week, along the bottom (labels are kept from the right)
        ):
            assert line in text
        minutes = screen.query_one("#history-weekly", Chart)
        assert minutes.bars == stats().weekly_minutes and (minutes.y_max, minutes.y_ticks) == (90, [0, 45, 90])
        pain = screen.query_one("#history-pain", Chart)
        assert (pain.y_max, pain.y_ticks) == (10, [0, 5, 10])  # fixed: a 3 is not a full bar
        # Days from Monday 7 September; the knee pain 100 days ago is before the chart.
        assert [(s.label, [y for _, y in s.points]) for s in pain.series] == [("Upper back", [5, 4, 3]), ("Knees", [2])]
        assert pain.series[0].points[-1][0] == pytest.approx(80.75)


async def test_no_streak_and_no_pain_say_so(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = HistoryScreen(RECORDS, stats(streak=0, pain={}), len(RECORDS), now=NOW)
        await app.push_screen(screen)
        await pilot.pause()
        text = screen_text(app)
        assert "Streak: none yet" in text
        assert "No pain recorded in the last 12 weeks" in text
        assert screen.query_one("#history-pain", Chart).series == []


async def test_notes_are_one_line_plain_text_and_cut_short(make_app):
    note = "[bold]not markup[/bold]\nsecond line " + "x" * 100
    app = make_app()
    async with app.run_test() as pilot:
        screen = HistoryScreen([record(NOW, checkin=CheckIn(note=note))], stats(), 1, now=NOW)
        await app.push_screen(screen)
        await pilot.pause()
        shown = rows(screen)[0][-1]
        assert shown.startswith("[bold]not markup[/bold] second line x")
        assert shown.endswith("…") and len(shown) == history_screen.NOTE_MAX


async def test_empty_history_says_how_to_fill_it(make_app):
    app = make_app()
    async with app.run_test() as pilot:
        screen = HistoryScreen([], stats(streak=0, pain={}), 0, now=NOW)
        await app.push_screen(screen)
        await pilot.pause()
        assert EMPTY_MESSAGE in screen_text(app)
        assert not screen.query(DataTable)


@pytest.mark.parametrize("key", ["escape", "q", "h"])
async def test_keys_return_to_the_menu(make_app, key):
    app = make_app()
    async with app.run_test() as pilot:
        await app.push_screen(HistoryScreen(RECORDS, stats(), len(RECORDS), now=NOW))
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen)


async def test_a_small_terminal_keeps_the_table_and_drops_the_charts(make_app):
    app = make_app()
    async with app.run_test(size=(40, 12)) as pilot:
        screen = HistoryScreen(RECORDS, stats(), len(RECORDS), now=NOW)
        await app.push_screen(screen)
        await pilot.pause()
        assert screen.has_class("-narrow") and screen.has_class("-short")
        assert not screen.query_one("#history-charts").display
        assert not screen.query_one("#history-programmes").display
        text = screen_text(app)
        assert "This week: 74 min active" in text
        assert "26 Nov 07:30" in text


async def test_ten_thousand_records_open_with_the_newest_and_load_the_rest(make_app):
    start = datetime(2026, 11, 26, 7, 30, tzinfo=UTC)
    records = [
        record(
            start - timedelta(hours=2 * n),
            f"Week {n % 9 + 1}, Run {n % 3 + 1}",
            completed=n % 7 != 0,
            done=9 if n % 7 else 3,
            id=10_000 - n,
        )
        for n in range(10_000)
    ]
    app = make_app()
    async with app.run_test() as pilot:
        screen = HistoryScreen(records, stats(), len(records), now=NOW)
        await app.push_screen(screen)
        table = screen.query_one("#history-table", DataTable)
        assert 0 < table.row_count < len(records)  # the first frame does not wait for them all
        for _ in range(500):  # each pause lets at least one chunk in; the bound only stops a hang
            if not screen.rows_pending:
                break
            await pilot.pause()
        assert table.row_count == 10_000
        assert str(table.get_row_at(0)[0]) == "26 Nov 07:30"  # newest first
        assert str(table.get_row_at(9_999)[0]) == "15 Aug 2024"
        assert table.cursor_row == 0
        assert screen.sub_title == "10,000 workouts"


async def test_leaving_while_older_rows_load_is_clean(make_app):
    records = [record(NOW - timedelta(hours=n)) for n in range(2_000)]
    app = make_app()
    async with app.run_test() as pilot:
        screen = HistoryScreen(records, stats(), len(records), now=NOW)
        await app.push_screen(screen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen)
        pending = screen.rows_pending
        await pilot.pause()
        assert screen.rows_pending == pending  # loading stopped with the screen; nothing raised

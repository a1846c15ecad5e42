"""A row of the history opens to show everything; its check-in can be added or changed, and the
workout deleted after a confirmation. Writes go through the App and the Recorder: the screens
only post messages (tests/package/test_architecture.py keeps them away from storage)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from textual.widgets import DataTable, Input

from helpers import screen_text
from trainertui.catalogue import Catalogue, load_catalogue
from trainertui.history import CheckIn, Entry, History
from trainertui.ui.screens.dialogs import ConfirmDialog
from trainertui.ui.screens.workout_detail import CheckInDialog, WorkoutDetail
from trainertui.ui.widgets.chart import Chart

NOW = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)  # the FakeClock's wall clock
LONG_NOTE = "Felt strong until the last run; the upper back tightened between the shoulder blades, eased by the end."


@pytest.fixture
def history(tmp_path):
    with History.open(tmp_path / "history.sqlite3") as opened:
        opened.record_many(
            [
                Entry("couch-to-5k", "Couch to 5K", "w3r1", "Week 3, Run 1", NOW - timedelta(days=3, minutes=30),
                      NOW - timedelta(days=3), 1680, 1680, 9, 0, 9, True),
                Entry("couch-to-5k", "Couch to 5K", "w3r2", "Week 3, Run 2", NOW - timedelta(days=1, minutes=30),
                      NOW - timedelta(days=1), 1680, 1500, 7, 1, 9, False, CheckIn(8, 4, "upper back", LONG_NOTE)),
            ]
        )  # fmt: skip
        yield opened


async def open_history(pilot) -> None:
    await pilot.press("h")
    await pilot.pause()
    assert type(pilot.app.screen).__name__ == "HistoryScreen"


async def test_a_row_opens_to_show_everything_with_the_full_note(make_app, history):
    app = make_app(Catalogue(load_catalogue().programmes), history=history)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_history(pilot)
        assert LONG_NOTE not in screen_text(app)  # the table cuts it short
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkoutDetail)
        text = " ".join(screen_text(app).split())
        shown = (
            "Couch to 5K · Week 3, Run 2",
            "partial (stopped early)",
            "25:00 of 28:00 planned",
            "7 of 9 done, 1 skipped",
            "8/10",
            "4/10 upper back",
            "Wed 31 Dec 2025 07:30 to 08:00",
        )
        for part in shown:
            assert part in text, part
        for part in ("Felt strong until the last run; the upper back", "tightened between the shoulder blades"):
            assert part in text  # all of it, wrapped in the box
        assert "eased by the █ █ end." in text
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HistoryScreen"


async def test_a_check_in_is_added_later_and_the_row_figures_and_detail_follow(make_app, history):
    app = make_app(history=history)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_history(pilot)
        await pilot.press("down", "enter")  # the older workout: no check-in yet
        await pilot.pause()
        assert "none (c adds one)" in screen_text(app)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CheckInDialog)
        assert [i.value for i in app.screen.query(Input)] == ["", "", "", ""]
        await pilot.press("6", "enter", "5", "enter", *"Knees", "enter", *"hills", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkoutDetail)
        assert "5/10 Knees" in screen_text(app)
        record = next(r for r in history.records() if r.session_id == "w3r1")
        assert record.checkin == CheckIn(6, 5, "Knees", "hills")
        await pilot.press("escape")
        await pilot.pause()
        table = app.screen.query_one("#history-table", DataTable)
        assert [str(c) for c in table.get_row_at(1)][2:4] == ["6/10", "5 Knees"]
        pain = app.screen.query_one("#history-pain", Chart)
        assert [s.label for s in pain.series] == ["Upper back", "Knees"]


async def test_a_check_in_is_changed_or_cleared_and_a_bad_score_is_refused(make_app, history):
    app = make_app(history=history)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_history(pilot)
        await pilot.press("enter", "c")
        await pilot.pause()
        assert [i.value for i in app.screen.query(Input)] == ["8", "4", "upper back", LONG_NOTE]
        await pilot.press("backspace", "1", "1", "enter")  # effort 11
        await pilot.pause()
        assert "Effort is a number from 1 to 10." in screen_text(app)
        assert history.records()[0].checkin.effort == 8
        await pilot.press("backspace", "backspace", "5", "ctrl+s")
        await pilot.pause()
        assert history.records()[0].checkin == CheckIn(5, 4, "upper back", LONG_NOTE)
        await pilot.press("c")
        await pilot.pause()
        for field in app.screen.query(Input):
            field.value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert history.records()[0].checkin is None
        assert "none (c adds one)" in screen_text(app)
        await pilot.press("c", "9", "escape")  # Escape leaves it as it was
        await pilot.pause()
        assert isinstance(app.screen, WorkoutDetail) and history.records()[0].checkin is None


async def test_a_workout_is_deleted_only_after_confirming(make_app, history):
    app = make_app(history=history)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_history(pilot)
        await pilot.press("enter", "d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Delete this workout?" in screen_text(app)
        await pilot.press("enter")  # the safe answer has the focus
        await pilot.pause()
        assert isinstance(app.screen, WorkoutDetail) and history.count() == 2
        await pilot.press("d", "y")
        await pilot.pause()
        assert type(app.screen).__name__ == "HistoryScreen"
        assert [r.session_id for r in history.records()] == ["w3r1"]
        assert app.screen.query_one("#history-table", DataTable).row_count == 1
        assert app.screen.sub_title == "1 workout" and "Week 3, Run 2" not in screen_text(app)
        assert app.screen.query_one("#history-pain", Chart).series == []  # its pain went with it
        await pilot.press("enter", "d", "y")  # the last one: the screen says how to fill it
        await pilot.pause()
        assert history.count() == 0 and "No workouts yet" in screen_text(app)


async def test_a_failed_write_is_told_and_nothing_changes_on_screen(make_app, history, monkeypatch):
    from trainertui.history import HistoryError

    def full(*args, **kwargs):
        raise HistoryError("could not delete the workout to history.sqlite3: database or disk is full")

    monkeypatch.setattr(History, "delete", full)
    app = make_app(history=history)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_history(pilot)
        await pilot.press("enter", "d", "y")
        await pilot.pause()
        assert any("disk is full" in str(n.message) for n in app._notifications)
        assert app.screen.query_one("#history-table", DataTable).row_count == 2

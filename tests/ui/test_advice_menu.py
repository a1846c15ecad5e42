"""The menu's advice lines and its r key, driven with Pilot on a history in a temp folder and a
FakeClock (its wall clock is Thursday 1 January 2026, 08:00 UTC; TZ is UTC in these tests)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from msgspec.structs import replace
from textual.widgets import OptionList

from helpers import screen_text
from trainertui.catalogue import Catalogue, load_catalogue
from trainertui.history import CheckIn, Entry, History
from trainertui.ui.screens.menu import MenuScreen
from trainertui.ui.screens.workout import WorkoutScreen

NOW = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)
REPEAT_LINE = "Week 5, Run 3 felt 9/10: repeat it before moving on? (r: repeat, Enter: go on)"


@pytest.fixture
def history(tmp_path):
    with History.open(tmp_path / "history.sqlite3") as opened:
        yield opened


def c25k(session_id: str, days_ago: float, checkin: CheckIn | None = None, *, completed: bool = True) -> Entry:
    programme = load_catalogue().get("couch-to-5k")
    assert programme is not None
    session = programme.session(session_id)
    assert session is not None
    ended = NOW - timedelta(days=days_ago)
    return Entry("couch-to-5k", "Couch to 5K", session.id, session.title, ended - timedelta(minutes=31), ended,
                 session.planned_s, 1860, 9, 0, 9, completed, checkin)  # fmt: skip


@pytest.fixture
def hard_run(history):
    history.record(c25k("w5r2", 3))
    return history.record(c25k("w5r3", 1, CheckIn(effort=9)))


def footer_keys(app) -> set[str]:
    return {binding.action for (_, binding, enabled, _) in app.screen.active_bindings.values() if enabled}


async def test_a_hard_run_yesterday_asks_to_repeat_and_says_when_the_next_is_due(make_app, history, hard_run):
    app = make_app(history=history)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert REPEAT_LINE in text
        assert "Rest day today: next run tomorrow" in text
        assert "repeat" in footer_keys(app)
        # Another programme has its own advice: none, and no r key.
        await pilot.press("down")
        await pilot.pause()
        assert REPEAT_LINE not in screen_text(app) and "repeat" not in footer_keys(app)
        assert not app.screen.query_one("#advice").display


async def test_r_repeats_the_session_now_and_the_answer_is_kept(make_app, history, hard_run, clock):
    app = make_app(history=history)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen) and app.screen.timeline.session.id == "w5r3"
        assert history.record_by_id(hard_run).answer == "repeat"
        app.screen.action_stop()  # a false start: nothing recorded...
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "not recorded" in screen_text(app)
        await pilot.press("enter")  # the summary of a false start: back to the menu
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen)
        # ...and the menu remembers: w5r3 is next, and it says why, without asking again.
        text = screen_text(app)
        assert "Repeating Week 5, Run 3: it felt 9/10 last time." in text and REPEAT_LINE not in text
        sessions = app.screen.query_one("#sessions", OptionList)
        assert str(sessions.get_option("w5r3").prompt).endswith("next")
        assert sessions.highlighted == sessions.get_option_index("w5r3")
        assert "repeat" not in footer_keys(app)


async def test_enter_on_next_goes_on_and_the_question_is_not_asked_again(make_app, history, hard_run):
    app = make_app(history=history)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("tab", "enter")  # the highlighted session is the plan's next: w6r1
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen) and app.screen.timeline.session.id == "w6r1"
        assert history.record_by_id(hard_run).answer == "go on"
        app.screen.action_stop()
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "not recorded" in screen_text(app)
        await pilot.press("enter")  # the summary of a false start: back to the menu
        await pilot.pause()
        assert REPEAT_LINE not in screen_text(app)
        assert "Rest day today: next run tomorrow" in screen_text(app)


async def test_enter_on_another_session_leaves_the_question_open(make_app, history, hard_run):
    app = make_app(history=history)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("tab", "up", "up", "enter")  # a session before: no answer either way
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen)
        assert history.record_by_id(hard_run).answer == ""


async def test_the_back_care_suggestion_shows_whatever_is_highlighted(make_app, history):
    history.record(c25k("w5r2", 3, CheckIn(pain=3, pain_where="Upper back")))
    history.record(c25k("w5r3", 1, CheckIn(effort=6, pain=2, pain_where="upper back ")))
    app = make_app(history=history)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        line = "Upper back hurt in your last two check-ins: try Back care, Upper back and posture."
        gp = "If the pain is sharp, spreading or lasts, see a GP or physiotherapist."
        assert line in screen_text(app) and gp in screen_text(app)
        await pilot.press("down", "down")
        await pilot.pause()
        assert line in screen_text(app)


async def test_with_nothing_to_say_the_menu_is_as_it_was(make_app, history):
    history.record(c25k("w5r3", 4, CheckIn(effort=6)))
    app = make_app(history=history)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not app.screen.query_one("#advice").display
        assert "repeat" not in footer_keys(app)


async def test_a_programme_of_alternatives_gets_rest_days_but_no_question(make_app, history):
    plus = load_catalogue().get("couch-to-5k-plus")
    assert plus is not None
    ended = NOW - timedelta(days=1)
    history.record(Entry(plus.id, plus.name, "speed", "Speed", ended - timedelta(minutes=26), ended, 1560, 1560, 5,
                         0, 5, True, CheckIn(effort=10)))  # fmt: skip
    app = make_app(Catalogue([plus]), history=history)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Rest day today: next run tomorrow" in text and "repeat it" not in text
        assert "repeat" not in footer_keys(app)


async def test_advice_costs_the_menu_one_read_and_a_failing_read_is_told_not_raised(make_app, history, monkeypatch):
    from trainertui.history import HistoryError

    def broken(*args, **kwargs):
        raise HistoryError("could not read history.sqlite3: disk I/O error")

    monkeypatch.setattr(History, "pain_checkins", broken)
    app = make_app(history=history)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen) and not app.screen.query_one("#advice").display
        assert any("disk I/O error" in str(n.message) for n in app._notifications)


def test_a_replaced_programme_keeps_no_stale_question(history, hard_run):
    """The answer lives on the workout: the menu's question is about the programme as it is."""
    from trainertui.advice import advise
    from trainertui.progress import progress_all

    programme = load_catalogue().get("couch-to-5k")
    assert programme is not None
    without = replace(programme, sessions=tuple(s for s in programme.sessions if s.id != "w5r3"))
    assert advise(history, [without], progress_all(history, [without]), NOW).repeat == {}

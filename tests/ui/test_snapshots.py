"""How the screens look, as SVG snapshots (tests/ui/__snapshots__/).

Deterministic because time is a FakeClock and no real timers run (tick_s=None). After a
deliberate visual change: `make test PYTEST_ARGS="--snapshot-update"`, look at the SVGs, commit.
"""

from __future__ import annotations

from datetime import UTC

import pytest
from textual.widgets import Input

from trainertui.catalogue import load_catalogue
from trainertui.history import History


@pytest.fixture
def start(make_app, tmp_path):
    """An app started straight into a bundled session, as `trainertui run` does, with a history
    in tmp_path (the summary offers a check-in only when there is somewhere to keep it)."""
    opened = []

    def factory(programme_id: str, session_id: str):
        catalogue = load_catalogue()
        programme = catalogue.get(programme_id)
        opened.append(History.open(tmp_path / "history.sqlite3"))
        return make_app(catalogue, start=(programme, programme.session(session_id)), history=opened[-1])

    yield factory
    for history in opened:
        history.close()


@pytest.fixture
def steady_cursor(monkeypatch):
    """A focused Input's cursor stays on instead of blinking, so its snapshot cannot flicker."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


def at(clock, seconds: float, *keys: str):
    """A run_before that moves the clock, redraws, then presses keys."""

    async def run_before(pilot) -> None:
        clock.advance(seconds)
        pilot.app.screen.sync()
        if keys:
            await pilot.press(*keys)
        await pilot.pause()
        assert pilot.app.recorder.wait(10)  # "Saved to your history.", not "Saving…"
        await pilot.pause()
        await pilot.pause()

    return run_before


def test_menu(snap_compare, make_app):
    assert snap_compare(make_app())


#: The workout screen in four states (issue 12), each at four sizes: (session, seconds in, keys).
WORKOUT_STATES = {
    "run": ("couch-to-5k", "w1r1", 320, ()),  # 20 s into the first run
    "paused": ("couch-to-5k", "w1r1", 320, ("space",)),
    "rep": ("strength-and-flex", "w1-strength", 372, ()),  # 12 s into "Wide squat, 8 reps"
    "timed-reps": ("firm-glutes-10", "workout", 100, ()),  # 10 s into Bridge: 30 s, 8-10 reps
}


@pytest.mark.parametrize("size", [(40, 12), (80, 24), (100, 30), (200, 60)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("state", list(WORKOUT_STATES))
def test_workout(snap_compare, start, clock, state, size):
    programme, session, seconds, keys = WORKOUT_STATES[state]
    assert snap_compare(start(programme, session), run_before=at(clock, seconds, *keys), terminal_size=size)


def test_walk_step(snap_compare, start, clock):
    assert snap_compare(start("couch-to-5k", "w1r1"), run_before=at(clock, 395))


def test_quit_confirmation(snap_compare, start, clock):
    assert snap_compare(start("couch-to-5k", "w1r1"), run_before=at(clock, 320, "q"))


def test_summary(snap_compare, start, clock, steady_cursor):
    assert snap_compare(start("couch-to-5k", "w1r1"), run_before=at(clock, 1800))


def test_small_terminal_summary(snap_compare, start, clock, steady_cursor):
    assert snap_compare(start("couch-to-5k", "w1r1"), run_before=at(clock, 1800), terminal_size=(40, 12))


def test_small_terminal_menu(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(40, 12))


def _show_history(empty: bool = False):
    """A run_before that opens the history screen on six fixed workouts (or none)."""
    from datetime import datetime, timedelta

    from trainertui.history import CheckIn, Record
    from trainertui.progress import Stats
    from trainertui.ui.screens.history import HistoryScreen

    now = datetime(2026, 11, 26, 18, 0, tzinfo=UTC)

    def workout(
        days: int,
        title: str,
        checkin: CheckIn | None = None,
        *,
        done: int = 9,
        active_s: float = 1450,
        programme: str = "Couch to 5K",
    ) -> Record:
        started = datetime(2026, 11, 26, 7, 30, tzinfo=UTC) - timedelta(days=days)
        return Record(
            programme.lower(),
            programme,
            title.lower(),
            title,
            started,
            started + timedelta(seconds=active_s + 60),
            1800,
            active_s,
            done,
            0,
            9,
            done == 9,
            checkin,
            id=days + 1,
        )

    records = (
        []
        if empty
        else [
            workout(0, "Week 3, Run 2", CheckIn(7, 3, "upper back", "felt strong")),
            workout(2, "Week 3, Run 1", CheckIn(8, None, "", "windy"), done=5, active_s=700),
            workout(4, "Week 2, Run 3"),
            workout(5, "Week 1: Strength (1 of 2)", CheckIn(6, 4, "upper back", ""), programme="Strength and Flex"),
            workout(7, "Week 2, Run 2", CheckIn(6, 5, "upper back", "stiff after the long drive")),
            workout(400, "Week 1, Run 1", done=4, active_s=300),
        ]
    )
    first_week = (now - timedelta(days=now.weekday() + 7 * 11)).date()
    if empty:
        stats = Stats(0, 0, {}, [0.0] * 12, {}, first_week)
    else:
        pain = {
            "Upper back": [
                (now - timedelta(days=d), p) for d, p in ((60, 6), (45, 5), (30, 5), (19, 4), (7, 5), (5, 4))
            ]
            + [(now, 3)],
            "Knees": [(now - timedelta(days=d), p) for d, p in ((50, 2), (33, 3), (12, 1), (2, 0))],
        }
        stats = Stats(
            74 * 60,
            3,
            {"Couch to 5K": (5, 5 * 1450 + 700 + 300), "Strength and Flex": (1, 1450)},
            [0, 10, 20, 35, 0, 50, 60, 74, 80, 90, 70, 74],
            pain,
            first_week,
        )

    async def run_before(pilot) -> None:
        await pilot.app.push_screen(HistoryScreen(records, stats, len(records), now=now))
        await pilot.pause()

    return run_before


def test_history(snap_compare, make_app):
    assert snap_compare(make_app(), run_before=_show_history(), terminal_size=(80, 24))


def test_history_empty(snap_compare, make_app):
    assert snap_compare(make_app(), run_before=_show_history(empty=True), terminal_size=(80, 24))


def _advice_history(tmp_path):
    """A history whose latest Couch to 5K run felt 9/10 yesterday, after two days of upper back
    pain: the menu asks to repeat it, says when the next run is due, and names Back care."""
    from datetime import datetime, timedelta

    from trainertui.history import CheckIn, Entry, History

    now = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)  # the FakeClock's wall clock
    history = History.open(tmp_path / "advice.sqlite3")
    for days, session, title, checkin in (
        (3, "w5r2", "Week 5, Run 2", CheckIn(7, 3, "Upper back", "")),
        (1, "w5r3", "Week 5, Run 3", CheckIn(9, 2, "upper back", "windy")),
    ):
        ended = now - timedelta(days=days)
        history.record(
            Entry(
                "couch-to-5k",
                "Couch to 5K",
                session,
                title,
                ended - timedelta(minutes=30),
                ended,
                1800,
                1800,
                5,
                0,
                5,
                True,
                checkin,
            )  # fmt: skip
        )
    return history


def test_menu_with_advice(snap_compare, make_app, tmp_path):
    history = _advice_history(tmp_path)
    try:
        assert snap_compare(make_app(history=history), terminal_size=(100, 30))
    finally:
        history.close()


def test_workout_detail(snap_compare, make_app):
    from datetime import datetime

    from trainertui.history import CheckIn, Record
    from trainertui.ui.screens.workout_detail import WorkoutDetail

    now = datetime(2026, 11, 26, 18, 0, tzinfo=UTC)
    record = Record(
        "couch-to-5k", "Couch to 5K", "w3r2", "Week 3, Run 2", datetime(2026, 11, 24, 7, 30, tzinfo=UTC),
        datetime(2026, 11, 24, 7, 55, tzinfo=UTC), 1680, 1500, 7, 1, 9, False,
        CheckIn(8, 4, "upper back", "Felt strong until the last run; the upper back tightened between the shoulder "
                "blades, eased by the end. Try shorter strides next time."), id=12,
    )  # fmt: skip

    async def run_before(pilot) -> None:
        await pilot.app.push_screen(_show_history_screen(now))
        await pilot.app.push_screen(WorkoutDetail(record, now=now))
        await pilot.pause()

    assert snap_compare(make_app(), run_before=run_before, terminal_size=(80, 24))


def _show_history_screen(now):
    from trainertui.progress import Stats
    from trainertui.ui.screens.history import HistoryScreen

    return HistoryScreen([], Stats(0, 0, {}, [0.0] * 12, {}), 0, now=now)

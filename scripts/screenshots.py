"""Regenerate the README's screenshots (docs/images/*.svg) from the real app.

Time is a FakeClock and the history is made up with fixed dates, so the pictures are the same
on every run:

    .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from trainertui.history import CheckIn, Entry

if TYPE_CHECKING:
    from trainertui.catalogue import Catalogue
    from trainertui.history import History

IMAGES = Path(__file__).resolve().parents[1] / "docs" / "images"


async def shoot() -> None:
    os.environ["TZ"] = "UTC"
    with tempfile.TemporaryDirectory() as home:  # no user routines in the pictures
        os.environ["TRAINERTUI_CONFIG_DIR"] = home
        from trainertui.audio import NullPlayer
        from trainertui.catalogue import load_catalogue
        from trainertui.clock import FakeClock
        from trainertui.history import History
        from trainertui.progress import stats
        from trainertui.recording import per_week_of
        from trainertui.ui.app import TrainerApp
        from trainertui.ui.screens.history import HistoryScreen
        from trainertui.ui.screens.workout import WorkoutScreen

        catalogue = load_catalogue()
        history = History.open(Path(home) / "history.sqlite3")
        _made_up_history(history, catalogue)
        clock = FakeClock(wall_start=NOW.timestamp())  # the menu's advice is worked out at NOW
        app = TrainerApp(catalogue, clock=clock, player=NullPlayer(), tick_s=None, history=history)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            app.save_screenshot("menu.svg", str(IMAGES))
            figures = stats(history, NOW, per_week_of(catalogue.programmes))
            per_week = {p.name: p.sessions_per_week or 3 for p in catalogue.programmes}
            app.push_screen(HistoryScreen(history.records(), figures, history.count(), now=NOW, per_week=per_week))
            await pilot.pause()
            app.save_screenshot("history.svg", str(IMAGES))
        history.close()
        clock = FakeClock()
        programme = catalogue.get("couch-to-5k")
        assert programme is not None
        session = programme.session("w5r1")
        assert session is not None
        app = TrainerApp(catalogue, clock=clock, player=NullPlayer(), tick_s=None, start=(programme, session))
        async with app.run_test(size=(100, 30)) as pilot:
            clock.advance(300 + 2 * 60 + 40)  # 2:40 into the first 5-minute run
            screen = app.screen
            assert isinstance(screen, WorkoutScreen)
            screen.sync()
            await pilot.pause()
            app.save_screenshot("workout.svg", str(IMAGES))
    print(f"wrote {IMAGES}/menu.svg, history.svg and workout.svg")


NOW = datetime(2026, 11, 26, 19, 0, tzinfo=UTC)


def _made_up_history(history: History, catalogue: Catalogue) -> None:
    """Weeks 1 to 4 of Couch to 5K, three runs a week, upper-back pain easing, one run cut
    short, the latest felt 8/10 (so the menu asks to repeat it, and names the back-care session
    for the upper back); and a Strength and Flex session alongside."""
    c25k, strength = catalogue.get("couch-to-5k"), catalogue.get("strength-and-flex")
    assert c25k is not None and strength is not None
    day = NOW - timedelta(days=27, hours=11)
    for n, session in enumerate(c25k.sessions[:12]):
        when = day + timedelta(days=2 * n + n // 3)
        partial = n == 7
        active = session.planned_s * (0.55 if partial else 1)
        record_id = history.record(
            Entry(
                c25k.id,
                c25k.name,
                session.id,
                session.title,
                when,
                when + timedelta(seconds=active),
                session.planned_s,
                active,
                4 if partial else len(session.steps),
                0,
                len(session.steps),
                not partial,
            )
        )
        history.set_checkin(
            record_id,
            CheckIn(
                effort=5 + n % 4,
                pain=max(0, 6 - n // 2) or None,
                pain_where="upper back" if n < 12 else "",
                note="windy, stopped at the hill" if partial else "",
            ),
        )
    session = strength.sessions[0]
    when = NOW - timedelta(days=3)
    history.record(
        Entry(
            strength.id,
            strength.name,
            session.id,
            session.title,
            when,
            when + timedelta(seconds=session.planned_s),
            session.planned_s,
            session.planned_s,
            len(session.steps),
            0,
            len(session.steps),
            True,
        )
    )


if __name__ == "__main__":
    asyncio.run(shoot())

"""Regenerate the README's screenshots (docs/images/*.svg) from the real app.

Time is a FakeClock, so the pictures are the same on every run:

    .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

IMAGES = Path(__file__).resolve().parents[1] / "docs" / "images"


async def shoot() -> None:
    os.environ["TZ"] = "UTC"
    with tempfile.TemporaryDirectory() as home:  # no user routines in the pictures
        os.environ["TRAINERTUI_CONFIG_DIR"] = home
        from trainertui.audio import NullPlayer
        from trainertui.catalogue import load_catalogue
        from trainertui.clock import FakeClock
        from trainertui.ui.app import TrainerApp
        from trainertui.ui.screens.workout import WorkoutScreen

        catalogue = load_catalogue()
        app = TrainerApp(catalogue, clock=FakeClock(), player=NullPlayer(), tick_s=None)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            app.save_screenshot("menu.svg", str(IMAGES))
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
    print(f"wrote {IMAGES}/menu.svg and workout.svg")


if __name__ == "__main__":
    asyncio.run(shoot())

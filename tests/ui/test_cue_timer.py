"""Cues come from a one-shot timer set for their deadline, not from the next redraw.

This test measures real time on purpose: it runs a real clock with the redraw slowed to once
every 100 s, so only the cue timer can deliver the "3" that falls due 1 s in, and checks it
arrived on time.
"""

from __future__ import annotations

import time

from helpers import programme_of, session_of

from trainertui.catalogue import Catalogue
from trainertui.clock import MonotonicClock
from trainertui.model import Cue
from trainertui.ui.app import TrainerApp


class TimedPlayer:
    def __init__(self) -> None:
        self.heard: list[tuple[str, float]] = []

    def play(self, cue: Cue) -> None:
        self.heard.append((cue.text, time.monotonic()))

    def stop(self) -> None:
        pass

    def close(self) -> None:
        pass


async def test_the_cue_timer_fires_on_time_without_a_redraw():
    programme = programme_of(session_of(("run", 4), ("walk", 60)))  # "3" at 1 s, "2" at 2 s
    player = TimedPlayer()
    app = TrainerApp(Catalogue([programme]), clock=MonotonicClock(), player=player, tick_s=100,
                     start=(programme, programme.sessions[0]))
    async with app.run_test() as pilot:
        started = app.screen.workout._started
        deadline = time.monotonic() + 5
        while len(player.heard) < 3 and time.monotonic() < deadline:
            await pilot.pause(0.02)
    texts = [text for text, _ in player.heard]
    assert texts[:3] == ["Run now", "3", "2"]
    lateness = [at - (started + offset) for (_, at), offset in zip(player.heard[1:3], (1.0, 2.0))]
    assert all(0 <= late < 0.1 for late in lateness), lateness

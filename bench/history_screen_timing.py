"""Time the history screen: milliseconds from push_screen to its first full frame, headless.

    .venv/bin/python bench/history_screen_timing.py [--rows 10000] [--runs 5]

``time_history_screen`` is the hook for bench/history_scale.py. "First full frame" is the
first layout-and-paint (Screen.screen_layout_refresh_signal, published just after the
compositor has drawn) in which the table is laid out with its rows measured. It is taken this
way rather than with ``pilot.pause()``, which waits until the whole process is idle: that adds
its own ~80-100 ms of polling, and includes loading every older row in the background, which
the person is not waiting for. The script prints that figure too, and the time until the
table holds every row.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from time import perf_counter

from textual.app import App
from textual.screen import Screen
from textual.widgets import DataTable

from trainertui.history import CheckIn, Record
from trainertui.progress import Stats
from trainertui.ui.screens.history import HistoryScreen

APP_TCSS = Path(__file__).resolve().parents[1] / "src" / "trainertui" / "ui" / "app.tcss"
SIZE = (80, 24)


class HistoryBenchApp(App[None]):
    """Nothing but the stylesheet: the history screen is pushed onto an empty default screen."""

    CSS_PATH = APP_TCSS


def _drawn(screen: HistoryScreen) -> bool:
    """Whether the screen's last paint had its table laid out with rows measured."""
    if not screen.records:
        return True
    table = screen.query_one("#history-table", DataTable)
    return table.size.height > 0 and table.virtual_size.height > 0


async def _open(app: HistoryBenchApp, screen: HistoryScreen) -> float:
    """Push ``screen``; return milliseconds until its first full frame."""
    drawn: asyncio.Future[float] = asyncio.get_running_loop().create_future()

    def on_layout(_: Screen[object]) -> None:
        if not drawn.done() and _drawn(screen):
            drawn.set_result(perf_counter())

    screen.screen_layout_refresh_signal.subscribe(app, on_layout, immediate=True)
    began = perf_counter()
    app.push_screen(screen)
    return (await asyncio.wait_for(drawn, timeout=30) - began) * 1000


async def time_history_screen(records: Sequence[Record], stats: Stats, total: int) -> float:
    """Milliseconds from push_screen to the history screen's first full frame, in a headless
    80x24 app styled by app.tcss."""
    app = HistoryBenchApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        return await _open(app, HistoryScreen(records, stats, total, now=datetime.now()))


async def time_all_figures(records: Sequence[Record], stats: Stats, total: int) -> tuple[float, float, float]:
    """(first frame, push to ``await pilot.pause()``, push until the table holds every row), ms."""
    app = HistoryBenchApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = HistoryScreen(records, stats, total, now=datetime.now())
        began = perf_counter()
        first = await _open(app, screen)
        await pilot.pause()
        paused = (perf_counter() - began) * 1000
        while screen.rows_pending:
            await pilot.pause()
        loaded = (perf_counter() - began) * 1000
        assert screen.query_one("#history-table", DataTable).row_count == len(records)
        return first, paused, loaded


def synthetic(rows: int, seed: int = 1) -> tuple[list[Record], Stats]:
    """``rows`` workouts over two years, newest first, about half with a check-in, and Stats
    worked out from them the way History.stats does (roughly: UTC weeks)."""
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    span = timedelta(days=730)
    sessions = [("Couch to 5K", f"Week {w}, Run {r}", 9) for w in range(1, 10) for r in range(1, 4)]
    sessions += [("Strength and Flex", f"Week {w}: Strength (1 of 2)", 30) for w in range(1, 9)]
    records = []
    for n in range(rows):
        name, title, steps = rng.choice(sessions)
        completed = rng.random() < 0.85
        ended = now - span * n / rows
        active = rng.uniform(1200, 1900) if completed else rng.uniform(100, 1200)
        checkin = None
        if rng.random() < 0.5:
            pain = rng.randint(0, 6) if rng.random() < 0.6 else None
            checkin = CheckIn(
                rng.randint(1, 10),
                pain,
                "upper back" if pain else "",
                rng.choice(["", "", "windy", "felt strong", "knee a bit sore"]),
            )
        records.append(
            Record(
                name.lower(),
                name,
                title.lower(),
                title,
                ended - timedelta(seconds=active),
                ended,
                1800,
                active,
                steps if completed else steps // 2,
                0,
                steps,
                completed,
                checkin,
                id=rows - n,
            )
        )

    def monday(moment: datetime) -> date:
        return moment.date() - timedelta(days=moment.weekday())

    this_week = monday(now)
    weekly = [0.0] * 12
    per_programme: dict[str, tuple[int, float]] = {}
    for r in records:
        weeks_ago = (this_week - monday(r.ended)).days // 7
        if weeks_ago < 12:
            weekly[11 - weeks_ago] += r.active_s / 60
        workouts, seconds = per_programme.get(r.programme_name, (0, 0.0))
        per_programme[r.programme_name] = (workouts + 1, seconds + r.active_s)
    pains: dict[str, list[tuple[datetime, int]]] = {}
    for r in reversed(records):
        if r.checkin is not None and r.checkin.pain is not None:
            pains.setdefault(r.checkin.pain_where or "Not said where", []).append((r.ended, r.checkin.pain))
    first_week = this_week - timedelta(weeks=11)
    return records, Stats(weekly[-1] * 60, 3, per_programme, weekly, pains, first_week)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    records, stats = synthetic(args.rows)
    asyncio.run(time_history_screen(records, stats, len(records)))  # warm: imports, CSS parsing
    runs = [asyncio.run(time_all_figures(records, stats, len(records))) for _ in range(args.runs)]
    print(f"history screen, {args.rows:,} records, {SIZE[0]}x{SIZE[1]} headless; median (max) of {args.runs} runs:")
    for label, samples in zip(
        ("push -> first full frame", "push -> await pilot.pause()", "push -> every row in the table"), zip(*runs)
    ):
        print(f"  {label:<32} {statistics.median(samples):7.1f} ms  ({max(samples):.1f})")


if __name__ == "__main__":
    main()

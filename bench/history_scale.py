"""Time the workout history at scale: 10,000 workouts over two years, the three bundled programmes.

    .venv/bin/python bench/history_scale.py [--rows 10000] [--runs 9]

Prints figures (median of RUNS, and the worst); it is not a test. Everything happens in a
temporary data folder, never the real one. Goal: each figure under 150 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

BIN = Path(sys.executable).parent
GOAL_MS = 150.0


def build(path: Path, rows: int, seed: int = 1) -> None:
    """Workouts spread evenly over two years, each programme walked in order with repeats,
    some partial, about half with a check-in (some with pain)."""
    from trainertui.catalogue import load_catalogue
    from trainertui.history import CheckIn, Entry, History

    programmes = load_catalogue().programmes
    rng = random.Random(seed)
    now = datetime.now(UTC)
    span = timedelta(days=730)
    position = dict.fromkeys((p.id for p in programmes), 0)
    entries = []
    for n in range(rows):
        programme = rng.choice(programmes)
        session = programme.sessions[position[programme.id] % len(programme.sessions)]
        completed = rng.random() < 0.85
        position[programme.id] += completed
        ended = now - span + span * (n + 1) / rows
        active = session.planned_s * (1.0 if completed else rng.uniform(0.1, 0.9)) + rng.uniform(0, 60)
        checkin = None
        if rng.random() < 0.5:
            pain = rng.randint(0, 6) if rng.random() < 0.6 else None
            checkin = CheckIn(
                effort=rng.randint(1, 10),
                pain=pain,
                pain_where="upper back" if pain else "",
                note=rng.choice(["", "", "windy", "felt strong", "knee a bit sore"]),
            )
        entries.append(
            Entry(
                programme.id,
                programme.name,
                session.id,
                session.title,
                ended - timedelta(seconds=active),
                ended,
                session.planned_s,
                active,
                len(session.steps) if completed else len(session.steps) // 2,
                0,
                len(session.steps),
                completed,
                checkin,
            )
        )
    with History.open(path) as history:
        history.record_many(entries)


def timed(action: Callable[[], object], runs: int) -> tuple[float, float]:
    action()  # warm: the first call pays for imports and a cold page cache
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples), max(samples)


def time_history_screen(data_dir: Path, runs: int) -> tuple[float, float] | None:
    """What pressing h costs: read the newest records, the stats and the count as
    TrainerApp.action_history does (older records follow from a worker), then push the screen
    and wait for its first full frame (bench/history_screen_timing.py, in a headless app).
    Returns (median, max) milliseconds, like ``timed``."""
    import asyncio

    sys.path.insert(0, str(Path(__file__).parent))
    from history_screen_timing import time_history_screen as screen_ms

    from trainertui.clock import MonotonicClock, local_now
    from trainertui.history import History
    from trainertui.progress import stats
    from trainertui.ui.app import HISTORY_FIRST

    samples = []
    for _ in range(runs + 1):
        began = time.perf_counter()
        with History.open() as history:
            now = local_now(MonotonicClock())
            records, figures, total = history.records(limit=HISTORY_FIRST), stats(history, now), history.count()
        read_ms = (time.perf_counter() - began) * 1000
        samples.append(read_ms + asyncio.run(screen_ms(records, figures, total)))
    samples = samples[1:]  # the first pays for importing Textual
    return statistics.median(samples), max(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="trainertui-bench-") as tmp:
        data = Path(tmp) / "data"
        # Set before importing trainertui: nothing here may touch the real folders.
        os.environ["TRAINERTUI_DATA_DIR"] = str(data)
        os.environ["TRAINERTUI_CONFIG_DIR"] = str(Path(tmp) / "config")
        os.environ["TRAINERTUI_CACHE_DIR"] = str(Path(tmp) / "cache")  # the catalogue's cache
        from trainertui.catalogue import load_catalogue
        from trainertui.clock import MonotonicClock, local_now
        from trainertui.history import History, default_path
        from trainertui.progress import progress_all, stats

        path = default_path()
        began = time.perf_counter()
        build(path, args.rows)
        built_s = time.perf_counter() - began
        programmes = load_catalogue().programmes

        def open_and_read() -> None:
            with History.open() as history:
                assert len(history.records()) == args.rows

        def open_and_progress() -> None:
            with History.open() as history:
                progress_all(history, programmes)

        history = History.open()
        figures: list[tuple[str, tuple[float, float] | None]] = [
            (f"History.open + records() of all {args.rows:,}", timed(open_and_read, args.runs)),
            ("History.open alone", timed(lambda: History.open().close(), args.runs)),
            ("progress_all, 3 programmes (open History)", timed(lambda: progress_all(history, programmes), args.runs)),
            ("History.open + progress_all (the menu's start)", timed(open_and_progress, args.runs)),
            ("stats()", timed(lambda: stats(history, local_now(MonotonicClock())), args.runs)),
            ("records(limit=100)", timed(lambda: history.records(limit=100), args.runs)),
            ("h: read records+stats, open the history screen, first frame", time_history_screen(data, args.runs)),
        ]
        history.close()
        env = dict(os.environ)
        # This machine sets PYTHONDONTWRITEBYTECODE, which makes every start compile trainertui
        # from source; a user's install has its .pyc files (bench/app_bench.py does the same).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        commands = {
            "python -c pass (baseline)": [sys.executable, "-c", "pass"],
            "trainertui --version (baseline: the CLI's imports)": [str(BIN / "trainertui"), "--version"],
            "trainertui history --csv": [str(BIN / "trainertui"), "history", "--csv"],
            "trainertui history --json": [str(BIN / "trainertui"), "history", "--json"],
            "trainertui history (table)": [str(BIN / "trainertui"), "history"],
        }
        for label, argv in commands.items():
            run = lambda argv=argv: subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)  # noqa: E731
            figures.append((f"{label}, whole process", timed(run, args.runs)))
        size = path.stat().st_size + sum(p.stat().st_size for p in path.parent.glob(f"{path.name}-*"))

    print(f"{args.rows:,} workouts over two years, built in {built_s:.2f} s; file {size / 1e6:.2f} MB")
    print(f"median / max of {args.runs} runs, goal under {GOAL_MS:.0f} ms each:")
    for label, figure in figures:
        if figure is None:
            print(f"  {label:<64} not measured yet")
            continue
        median, worst = figure
        flag = "" if median < GOAL_MS or "baseline" in label else "  OVER GOAL"
        print(f"  {label:<64} {median:7.1f} ms  (max {worst:.1f}){flag}")


if __name__ == "__main__":
    main()

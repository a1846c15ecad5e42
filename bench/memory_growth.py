"""Does memory grow over a whole workout? trainertui against the minimal Textual app, frame for frame.

    .venv/bin/python bench/memory_growth.py [--session couch-to-5k/w9r1] [--minutes N] [--tracemalloc] [--json]

Each case runs in a fresh interpreter, headless (``App.run_test``, 80x24), on a FakeClock that
the bench moves on one second at a time, so a 40-minute session takes a minute or two and
draws the same frames a real one would at 1 Hz (the countdown's seconds, the bars, the
strip, the changes of step, the checkpoints every minute, the end and its summary):

trainertui
    ``TrainerApp`` started on the session (as ``trainertui run`` is), with a real History in
    a temporary folder (checkpoints are written each minute, the workout at the end) and a
    NullPlayer (no sound device; the cue output still runs). After each second: the clock
    moves on, the workout screen's ``sync()`` (what its timer calls), ``pilot.pause()`` (the
    frame is drawn).
trainertui, bounded caches cleared
    the same, but once a minute, before the sample, every bounded cache of Rich and Textual
    (``functools.lru_cache`` functions and methods in their modules, such as
    ``rich.cells.cached_cell_len`` with its 4,096 entries) is emptied: what is still growing
    then is not one of them.
minimal app
    bench/minimal_app.py's countdown with its clock replaced by the same FakeClock, ``tick()``
    and ``pilot.pause()`` once a second, for as many seconds.

Sampled once a simulated minute: RSS (``/proc/self/statm``), and how full each bounded cache
of Rich and Textual is (the minute each stops growing is reported), up to the last minute of
the workout (the summary that follows is a screen of its own: its RSS is reported apart). With
``--tracemalloc`` a further trainertui run keeps tracemalloc on and compares a snapshot taken
after the first minute with one at the last, by file: where the memory that grew was allocated (tracemalloc
costs time and memory of its own, so RSS figures come from the runs without it).

Goal (issue 10): after the first minute, RSS grows by less than 1 MiB over the whole session;
growth that is a bounded cache filling (levelling off at its size) is shown apart. Prints
figures and exits 0; 1 if a case fails. This is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
PAGE = os.sysconf("SC_PAGE_SIZE")
GOAL_MIB = 1.0
MiB = 1024 * 1024


def rss_bytes() -> int:
    return int(Path("/proc/self/statm").read_text().split()[1]) * PAGE


def bounded_caches() -> Iterator[tuple[str, Any]]:
    """Every functools.lru_cache with a maxsize in the loaded rich and textual modules (functions
    and the methods of their classes), by name."""
    seen: set[int] = set()
    for name, module in sorted(sys.modules.items()):
        if not name.startswith(("rich", "textual")) or module is None:
            continue
        for attr, value in list(vars(module).items()):
            candidates = [(attr, value)]
            if isinstance(value, type) and value.__module__ == name:
                candidates += [(f"{attr}.{a}", v) for a, v in vars(value).items()]
            for label, item in candidates:
                item = getattr(item, "__func__", item)  # classmethods and staticmethods
                info = getattr(item, "cache_info", None)
                if callable(info) and id(item) not in seen and info().maxsize:
                    seen.add(id(item))
                    yield sys.intern(f"{name}.{label}"), item  # interned: the samples share the names


def cache_fill() -> dict[str, int]:
    return {name: cache.cache_info().currsize for name, cache in bounded_caches()}


def clear_caches() -> None:
    for _name, cache in bounded_caches():
        cache.cache_clear()


class Sampler:
    def __init__(self, clear: bool, trace: bool) -> None:
        self.clear, self.trace = clear, trace
        self.rss: list[int] = []
        self.caches: list[dict[str, int]] = []
        self.snapshots: list[tracemalloc.Snapshot] = []

    def sample(self, last: bool = False) -> None:
        """Once a minute while the workout runs (the first at its start); ``last``: the last
        minute of it, when the second tracemalloc snapshot is taken."""
        if self.clear:
            clear_caches()
        self.rss.append(rss_bytes())
        self.caches.append(cache_fill())
        if self.trace and (len(self.rss) == 2 or last):  # after the first minute, and at the end
            self.snapshots.append(tracemalloc.take_snapshot())

    def result(self, frames: int, seconds: float, end_rss: int) -> dict[str, Any]:
        out: dict[str, Any] = {
            "frames": frames,
            "seconds": seconds,
            "rss": self.rss,
            "caches": self.caches,
            "end_rss": end_rss,
        }
        if len(self.snapshots) == 2:
            stats = self.snapshots[1].compare_to(self.snapshots[0], "filename")
            out["grew_by_file"] = [(str(s.traceback[0].filename), s.size_diff) for s in stats[:15]]
            lines = self.snapshots[1].compare_to(self.snapshots[0], "lineno")
            out["grew_by_line"] = [(str(s.traceback[0]), s.size_diff, s.count_diff) for s in lines[:15]]
        return out


async def run_trainertui(sampler: Sampler, session_ref: str, minutes: float | None) -> dict[str, Any]:
    from trainertui.audio import NullPlayer
    from trainertui.catalogue import load_catalogue
    from trainertui.clock import FakeClock
    from trainertui.history import History
    from trainertui.timeline import compile_session
    from trainertui.ui.app import TrainerApp
    from trainertui.ui.screens.workout import WorkoutScreen

    programme_id, session_id = session_ref.split("/")
    catalogue = load_catalogue()
    programme = catalogue.get(programme_id)
    assert programme is not None, programme_id
    session = programme.session(session_id)
    assert session is not None, session_id
    seconds = minutes * 60 if minutes else compile_session(session).duration_s
    clock = FakeClock()
    frames = 0
    with History.open(Path(os.environ["TRAINERTUI_DATA_DIR"]) / "history.sqlite3") as history:
        app = TrainerApp(
            catalogue, clock=clock, player=NullPlayer(), tick_s=None, start=(programme, session), history=history
        )
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, WorkoutScreen), app.screen
            sampler.sample()
            last_minute = (int(seconds) - 1) // 60 * 60
            while frames < seconds:
                clock.advance(1.0)
                if isinstance(app.screen, WorkoutScreen):
                    app.screen.sync()
                await pilot.pause()
                frames += 1
                if frames % 60 == 0 and frames <= last_minute:
                    sampler.sample(last=frames == last_minute)
            app.recorder.wait(10)
            await pilot.pause()
            end_rss = rss_bytes()  # the summary on screen, the workout recorded
    return sampler.result(frames, seconds, end_rss)


async def run_minimal(sampler: Sampler, seconds: float) -> dict[str, Any]:
    sys.path.insert(0, str(BENCH_DIR))
    import minimal_app

    now = [1000.0]

    class FakeTime:  # the module's ``time``: only its countdown reads the fake clock, not asyncio
        @staticmethod
        def monotonic() -> float:
            return now[0]

    minimal_app.time = FakeTime  # type: ignore[assignment]
    app = minimal_app.MinimalCountdown(seconds)
    frames = 0
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        sampler.sample()
        last_minute = (int(seconds) - 1) // 60 * 60  # as for trainertui
        while frames < seconds:
            now[0] += 1.0
            app.tick()
            await pilot.pause()
            frames += 1
            if frames % 60 == 0 and frames <= last_minute:
                sampler.sample(last=frames == last_minute)
    return sampler.result(frames, seconds, rss_bytes())


def child(args: argparse.Namespace) -> int:
    if args.tracemalloc:
        tracemalloc.start(1)
    sampler = Sampler(clear=args.clear_caches, trace=args.tracemalloc)
    began = time.perf_counter()
    if args.child == "trainertui":
        result = asyncio.run(run_trainertui(sampler, args.session, args.minutes))
    else:
        result = asyncio.run(run_minimal(sampler, args.seconds))
    result["wall_s"] = time.perf_counter() - began
    result["gc_counts"] = gc.get_count()
    print(json.dumps(result))
    return 0


def run_case(label: str, extra: list[str], env: dict[str, str], log: Callable[[str], None]) -> dict[str, Any]:
    log(f"  {label} ...")
    done = subprocess.run(
        [sys.executable, __file__, *extra], env=env, capture_output=True, text=True, check=False, timeout=3600
    )
    if done.returncode:
        raise RuntimeError(f"{label} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    log(f"    {result['frames']} frames in {result['wall_s']:.0f} s")
    return result


def growth(result: dict[str, Any]) -> tuple[float, float, float]:
    """(MiB at minute 1, MiB at the last minute of the workout, growth between them in MiB)."""
    rss = result["rss"]
    first = rss[1] if len(rss) > 1 else rss[0]
    return first / MiB, rss[-1] / MiB, (rss[-1] - first) / MiB


def level_off(result: dict[str, Any]) -> list[tuple[str, int, int, int]]:
    """For each cache that grew after the first minute: (name, size at minute 1, at the last, the
    minute from which it stayed at its last size)."""
    caches = result["caches"]
    out = []
    for name in caches[-1]:
        sizes = [c.get(name, 0) for c in caches]
        first = sizes[1] if len(sizes) > 1 else sizes[0]
        if sizes[-1] == first:
            continue
        minute = len(sizes) - 1
        while minute > 0 and sizes[minute - 1] == sizes[-1]:
            minute -= 1
        out.append((name, first, sizes[-1], minute))
    return sorted(out, key=lambda row: -row[2])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--session", default="couch-to-5k/w9r1", help="PROGRAMME/SESSION (default couch-to-5k/w9r1)")
    parser.add_argument("--minutes", type=float, help="stop after this many minutes (default: the whole session)")
    parser.add_argument("--tracemalloc", action="store_true", help="also a run with tracemalloc, by file")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--child", choices=("trainertui", "minimal"), help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=float, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--clear-caches", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args)
    progress = sys.stderr if args.json else sys.stdout

    def log(line: str) -> None:
        print(line, file=progress, flush=True)

    with tempfile.TemporaryDirectory(prefix="trainertui-memory-") as home:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
        for name in ("config", "data", "cache"):
            env[f"TRAINERTUI_{name.upper()}_DIR"] = f"{home}/{name}"
        Path(home, "data").mkdir()
        base = ["--child", "trainertui", "--session", args.session] + (
            ["--minutes", str(args.minutes)] if args.minutes else []
        )
        try:
            results = {"trainertui": run_case("trainertui", base, env, log)}
            Path(home, "data", "history.sqlite3").unlink(missing_ok=True)
            frames = results["trainertui"]["frames"]
            results["minimal"] = run_case("minimal app", ["--child", "minimal", "--seconds", str(frames)], env, log)
            results["cleared"] = run_case("trainertui, caches cleared", [*base, "--clear-caches"], env, log)
            if args.tracemalloc:
                results["traced"] = run_case("trainertui, tracemalloc", [*base, "--tracemalloc"], env, log)
        except (RuntimeError, subprocess.TimeoutExpired) as error:
            print(f"memory_growth: {error}", file=sys.stderr)
            return 1
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    minutes = results["trainertui"]["frames"] / 60
    print(f"\n{args.session}: {minutes:.1f} minutes, one frame a second, headless 80x24")
    print("growth: from the sample at minute 1 to the last one before the workout ends (the summary not yet shown)")
    print(f"{'case':<30} {'RSS at 1 min':>13} {'at the last':>11} {'growth after 1 min':>19}  goal < {GOAL_MIB:g} MiB")
    for key, label in (
        ("trainertui", "trainertui"),
        ("cleared", "trainertui, caches cleared"),
        ("minimal", "minimal app"),
    ):
        first, last, grew = growth(results[key])
        verdict = "" if key == "minimal" else ("PASS" if grew < GOAL_MIB else "MISS")
        print(f"{label:<30} {first:10.1f} MiB {last:7.1f} MiB {grew * 1024:14.0f} KiB  {verdict}")
    end = results["trainertui"]["end_rss"] / MiB
    print(f"trainertui at the end of the run (of a whole session: the summary shown, the workout saved): {end:.1f} MiB")
    rss = results["trainertui"]["rss"]
    print("\ntrainertui RSS by minute (MiB): " + " ".join(f"{r / MiB:.1f}" for r in rss))
    rss = results["cleared"]["rss"]
    print("caches cleared, by minute:      " + " ".join(f"{r / MiB:.1f}" for r in rss))
    rss = results["minimal"]["rss"]
    print("minimal app, by minute:         " + " ".join(f"{r / MiB:.1f}" for r in rss))
    print("\nbounded caches that grew after the first minute (trainertui): entries at 1 min -> end, levelled off at")
    for name, first, last, minute in level_off(results["trainertui"]):
        print(f"  {name:<60} {first:5d} -> {last:5d}  minute {minute}")
    print("the same, minimal app:")
    for name, first, last, minute in level_off(results["minimal"]):
        print(f"  {name:<60} {first:5d} -> {last:5d}  minute {minute}")
    if "traced" in results:
        print("\ntracemalloc, trainertui, growth from minute 1 to the end by file (KiB):")
        for filename, size in results["traced"].get("grew_by_file", []):
            print(f"  {size / 1024:9.1f}  {filename}")
        print("by line (KiB, blocks):")
        for where, size, count in results["traced"].get("grew_by_line", []):
            print(f"  {size / 1024:9.1f} {count:7d}  {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

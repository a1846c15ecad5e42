"""CPU per shown second of the workout screen, in process, against the minimal Textual app.

    .venv/bin/python bench/redraw_cost.py [--rounds 5] [--redraws 200] [--before SRC ...] [--json]

bench/app_bench.py measures a real minute in a pty, to 10 ms of CPU; this measures the same
work without the real clock, so a change of a few percent shows. Each case runs in a fresh
interpreter, headless at 80x24, rounds alternating:

minimal app
    bench/minimal_app.py's countdown, its start moved back one second before each ``tick()``.
trainertui (and ``--before SRC``: the same with ``PYTHONPATH=SRC``, another tree's ``src``)
    ``TrainerApp`` started on Couch to 5K week 9 run 1 with a FakeClock and a NullPlayer,
    310 s in (inside the 30-minute run: no change of step), then for each redraw the clock
    moves on a second and the screen's ``sync()`` runs, as its timer would.

After each redraw the bench sleeps 30 ms, which lets Textual's screen-update timer draw the
frame; sleeping costs no CPU, so the figure is the CPU time (``time.process_time``) of the
redraws divided by their number: the work of one shown second. For trainertui it also times a
change of step (week 1 run 1, from the warm-up into the first run: the redraw that crosses it
and the one after, which ends the flash), as the CPU of those two redraws. Prints figures and
exits 0; 1 if a case fails. A benchmark, not a test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SETTLE_S = 0.03  # longer than Textual's frame interval (1/60 s), so each redraw is drawn


async def _minimal(redraws: int) -> dict[str, float]:
    sys.path.insert(0, str(HERE))
    import minimal_app

    app = minimal_app.MinimalCountdown(3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        started = time.process_time()
        for _ in range(redraws):
            app._started -= 1.0
            app.tick()
            await asyncio.sleep(SETTLE_S)
        return {"second_ms": (time.process_time() - started) / redraws * 1000}


async def _trainertui(redraws: int) -> dict[str, float]:
    from trainertui.audio import NullPlayer
    from trainertui.catalogue import load_catalogue
    from trainertui.clock import FakeClock
    from trainertui.ui.app import TrainerApp

    catalogue = load_catalogue()
    programme = catalogue.get("couch-to-5k")
    assert programme is not None

    async def run(session_id: str, start_s: float, step_s: float, count: int) -> list[float]:
        session = programme.session(session_id)
        assert session is not None
        clock = FakeClock()
        app = TrainerApp(
            catalogue, clock=clock, player=NullPlayer("bench"), start=(programme, session), tick_s=None, history=None
        )
        async with app.run_test(size=(80, 24)) as pilot:
            for _ in range(3):
                await pilot.pause()
            screen = app.screen
            clock.advance(start_s)
            screen.sync()
            await pilot.pause()
            spent = []
            for _ in range(count):
                clock.advance(step_s)
                before = time.process_time()
                screen.sync()
                await asyncio.sleep(SETTLE_S)
                spent.append(time.process_time() - before)
            return spent

    seconds = await run("w9r1", 310, 1.0, redraws)
    change = await run("w1r1", 299.0, 0.75, 3)  # 299.75 s: warm-up; 300.5 s: the run, flashing; 301.25 s
    return {"second_ms": sum(seconds) / redraws * 1000, "step_change_ms": (change[1] + change[2]) * 1000}


def child(kind: str, redraws: int) -> int:
    result = asyncio.run(_minimal(redraws) if kind == "minimal" else _trainertui(redraws))
    print(json.dumps(result))
    return 0


def run_case(kind: str, src: str | None, redraws: int, home: str) -> dict[str, float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
    for name in ("config", "data", "cache"):  # none of the person's routines, settings or history
        env[f"TRAINERTUI_{name.upper()}_DIR"] = f"{home}/{name}"
    if src is not None:
        env["PYTHONPATH"] = src
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--redraws", str(redraws)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{kind} ({src or 'installed'}) failed:\n{done.stderr}")
    figures: dict[str, float] = json.loads(done.stdout.splitlines()[-1])
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds (default 5)")
    parser.add_argument("--redraws", type=int, default=200, help="shown seconds a round (default 200)")
    parser.add_argument("--before", metavar="SRC", action="append", default=[], help="another tree's src folder")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--child", choices=("minimal", "trainertui"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, args.redraws)
    progress = sys.stderr if args.json else sys.stdout
    here_src = os.environ.get("PYTHONPATH") or None
    cases: list[tuple[str, str, str | None]] = [("minimal app", "minimal", None)]
    cases += [("trainertui", "trainertui", here_src)]
    cases += [(f"trainertui ({src})", "trainertui", src) for src in args.before]
    results: dict[str, list[dict[str, float]]] = {label: [] for label, _, _ in cases}
    try:
        with tempfile.TemporaryDirectory(prefix="trainertui-redraw-") as home:
            for n in range(args.rounds):
                shift = n % len(cases)
                for label, kind, src in [*cases[shift:], *cases[:shift]]:
                    results[label].append(run_case(kind, src, args.redraws, home))
                print(f"  round {n + 1}/{args.rounds} done", file=progress, flush=True)
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        print(error, file=sys.stderr)
        return 1
    summary: dict[str, dict[str, Any]] = {}
    minimal = statistics.median(r["second_ms"] for r in results["minimal app"])
    for label, rows in results.items():
        second = statistics.median(r["second_ms"] for r in rows)
        summary[label] = {"second_ms": round(second, 3), "ratio": round(second / minimal, 3)}
        if "step_change_ms" in rows[0]:
            summary[label]["step_change_ms"] = round(statistics.median(r["step_change_ms"] for r in rows), 1)
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    print(f"\n{'case':<40} {'CPU a shown second':>19} {'÷ minimal':>10} {'change of step':>15}")
    for label, row in summary.items():
        change = f"{row['step_change_ms']:.1f} ms" if "step_change_ms" in row else ""
        print(f"{label:<40} {row['second_ms']:>16.2f} ms {row['ratio']:>9.2f}x {change:>15}")
    print(f"\nmedians of {args.rounds} rounds of {args.redraws} redraws, headless 80x24, in process")
    return 0


if __name__ == "__main__":
    sys.exit(main())

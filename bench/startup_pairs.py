"""Start-up to the menu drawn, against the minimal Textual app, and optionally against another tree.

    .venv/bin/python bench/startup_pairs.py [--runs 20] [--before SRC ...] [--json]

Only the start-up part of bench/app_bench.py (its pty, its markers, its sandboxed folders),
without the 60 s CPU window, so more rounds fit in the same time: each round starts every
case once, in an order rotated every round, so a slow patch of the shared machine is spread
over all of them. The cases are the minimal app (bench/minimal_app.py), ``trainertui`` from
the importable package (run it with ``PYTHONPATH=src``), and with ``--before SRC`` the same
executable with ``PYTHONPATH=SRC`` (say an export of the main branch's ``src``), to measure
a change side by side. Wall times are medians; CPU times (all threads, read from /proc when
the screen is drawn, in clock ticks) are means. Prints figures and exits 0; 1 only if a
program fails to start. Stdlib only.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app_bench import GOALS, BenchError, Program, PtyProcess, child_env, cpu_seconds, programs


@dataclass(slots=True)
class Case:
    label: str
    program: Program
    env: dict[str, str]
    wall: list[float] = field(default_factory=list)
    first: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def run(self) -> tuple[float, float, float]:
        with PtyProcess(self.program, self.env) as process:
            ready_s = process.wait_ready()
            cpu_s = cpu_seconds(process.pid)
            assert process.first_byte_at is not None
            first_s = process.first_byte_at - process.started
        return ready_s * 1000, first_s * 1000, cpu_s * 1000

    def summary(self) -> dict[str, float]:
        return {
            "median_ms": statistics.median(self.wall),
            "first_byte_median_ms": statistics.median(self.first),
            "cpu_mean_ms": statistics.fmean(self.cpu),
            "runs": len(self.wall),
        }


def measure(cases: Sequence[Case], runs: int, log: Callable[[str], None]) -> None:
    for case in cases:  # warm-up, not counted: .pyc files, the page cache
        case.run()
    for n in range(runs):
        shift = n % len(cases)
        for case in [*cases[shift:], *cases[:shift]]:
            wall, first, cpu = case.run()
            case.wall.append(wall)
            case.first.append(first)
            case.cpu.append(cpu)
        log(f"  round {n + 1}/{runs}: " + ", ".join(f"{case.wall[-1]:.0f}" for case in cases))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed rounds (default 20)")
    parser.add_argument(
        "--before", metavar="SRC", action="append", default=[], help="another tree's src folder, run side by side"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    progress = sys.stderr if args.json else sys.stdout

    def log(line: str) -> None:
        print(line, file=progress, flush=True)

    progs = programs()
    with tempfile.TemporaryDirectory(prefix="trainertui-startup-") as root:
        base = Path(root)
        cases = [
            Case("minimal app", progs["minimal"], child_env(base / "minimal")),
            Case("trainertui (this tree)", progs["menu"], child_env(base / "after")),
        ]
        for n, before in enumerate(args.before):
            env = child_env(base / f"before-{n}")
            env["PYTHONPATH"] = str(Path(before).resolve())
            label = "trainertui (before)" if len(args.before) == 1 else f"trainertui ({before})"
            cases.append(Case(label, progs["menu"], env))
        names = ", ".join(c.label for c in cases)
        log(f"{len(cases)} cases, 1 warm-up + {args.runs} rounds, {os.cpu_count()} CPUs: {names}")
        try:
            measure(cases, args.runs, log)
        except BenchError as error:
            print(f"startup_pairs: {error}", file=sys.stderr)
            return 1
    minimal = cases[0].summary()
    figures = {case.label: case.summary() for case in cases}
    if args.json:
        print(json.dumps({"figures": figures, "samples_ms": {c.label: c.wall for c in cases}}, indent=2))
        return 0
    print()
    print(f"{'case':<24} {'median':>8} {'first byte':>11} {'CPU mean':>9}  {'÷ minimal (wall, CPU)':<22}")
    for case in cases:
        s = case.summary()
        ratios = f"{s['median_ms'] / minimal['median_ms']:.2f}x, {s['cpu_mean_ms'] / minimal['cpu_mean_ms']:.2f}x"
        times = f"{s['median_ms']:6.0f}ms {s['first_byte_median_ms']:9.0f}ms {s['cpu_mean_ms']:7.0f}ms"
        print(f"{case.label:<24} {times}  {ratios}")
    after = cases[1].summary()
    for case in cases[2:]:
        before = case.summary()
        print(
            f"\nthis tree ÷ {case.label}: {after['median_ms'] / before['median_ms']:.2f}x wall, "
            f"{after['cpu_mean_ms'] / before['cpu_mean_ms']:.2f}x CPU"
        )
    print(f"goal: {GOALS['startup']:g}x the minimal app")
    return 0


if __name__ == "__main__":
    sys.exit(main())

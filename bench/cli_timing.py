"""Time the command line: process start to exit, median of N runs, against bare Python.

    .venv/bin/python bench/cli_timing.py [--runs 20]

Prints figures; it is not a test. The "largest programme" is the one with the most expanded
steps; its largest session is shown. The commands run with trainertui's config, data and cache
folders in a temporary folder (so the catalogue's cache is warm after the first run, as it is
for a person), and without PYTHONDONTWRITEBYTECODE, as bench/app_bench.py does.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def timed(argv: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples), max(samples)


def in_process(runs: int) -> list[tuple[str, float, int]]:
    from trainertui.routines import load_programme
    from trainertui.timeline import compile_session

    rows = []
    for path in sorted((ROOT / "routines").glob("*.yaml")):
        samples = []
        for _ in range(runs):
            began = time.perf_counter()
            programme = load_programme(path)
            for session in programme.sessions:
                compile_session(session)
            samples.append((time.perf_counter() - began) * 1000)
        steps = sum(len(s.steps) for s in programme.sessions)
        rows.append((programme.id, statistics.median(samples), steps))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs

    loads = in_process(runs)
    largest_id = max(loads, key=lambda row: row[2])[0]
    from trainertui.routines import load_programme

    largest = load_programme(ROOT / "routines" / f"{largest_id}.yaml")
    session = max(largest.sessions, key=lambda s: len(s.steps))

    print(f"in-process load + compile of every session (median of {runs}):")
    for programme_id, ms, steps in loads:
        print(f"  {programme_id:<20} {ms:7.2f} ms  ({steps} steps)")
    print(f"\nwhole commands, process start to exit (median / max of {runs}):")
    commands = {
        "python -c pass (baseline)": [sys.executable, "-c", "pass"],
        "python -c 'import yaml' (baseline)": [sys.executable, "-c", "import yaml"],
        "trainertui list": [str(BIN / "trainertui"), "list"],
        f"trainertui show {largest_id} {session.id} --json": [
            str(BIN / "trainertui"),
            "show",
            largest_id,
            session.id,
            "--json",
        ],
        "trainertui show couch-to-5k w9r3": [str(BIN / "trainertui"), "show", "couch-to-5k", "w9r3"],
        "trainertui validate routines/": [str(BIN / "trainertui"), "validate", str(ROOT / "routines")],
    }
    with tempfile.TemporaryDirectory(prefix="trainertui-bench-") as home:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update({f"TRAINERTUI_{name}_DIR": os.path.join(home, name.lower()) for name in ("CONFIG", "DATA", "CACHE")})
        for label, argv in commands.items():
            median, worst = timed(argv, runs, env)
            print(f"  {label:<48} {median:7.1f} ms  (max {worst:.1f})")


if __name__ == "__main__":
    main()

"""What the history screen's charts cost to import: our Chart widget against textual-plotext.

    .venv/bin/python bench/chart_import.py [--runs 15] [--python OTHER_PYTHON]

The history screen is imported when it is first shown (the menu must not pay for it), so its
import time is paid each time a person first presses h. Each figure is the median of ``--runs``
fresh interpreters, alternating which goes first; each interpreter first imports what the app
has already imported by then (``trainertui.ui.app``), then times one import:

- ``history screen``: ``trainertui.ui.screens.history`` (DataTable, the screen, and the Chart);
- ``chart widget``: ``trainertui.ui.widgets.chart`` alone;
- ``textual-plotext``: ``textual_plotext`` (and plotext under it), when the interpreter has it.

textual-plotext is not a dependency. To measure it, point ``--python`` at an interpreter that
has it and the project's dependencies (``python -m venv /tmp/v && /tmp/v/bin/pip install
textual-plotext pyyaml platformdirs tomlkit``): this checkout's src/ is put on its PYTHONPATH.
Prints figures and ratios against the history screen, measured in the same run; not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

TIMED = {
    "history screen": "trainertui.ui.screens.history",
    "chart widget": "trainertui.ui.widgets.chart",
    "textual-plotext": "textual_plotext",
}

PROGRAM = """
import time, trainertui.ui.app
start = time.perf_counter()
import {module}
print(time.perf_counter() - start)
"""


def once(python: str, module: str) -> float | None:
    # Compiled .pyc files as a person's install has them: without them every run would time
    # compiling our source against plotext's precompiled one.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(SRC)
    done = subprocess.run(
        [python, "-c", PROGRAM.format(module=module)], capture_output=True, text=True, env=env, timeout=120
    )
    return float(done.stdout) if done.returncode == 0 else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--python", default=sys.executable, help="the interpreter to measure in")
    args = parser.parse_args()
    names = list(TIMED)
    results: dict[str, list[float]] = {name: [] for name in names}
    for run in range(args.runs + 1):
        order = names if run % 2 else names[::-1]
        for name in order:
            seconds = once(args.python, TIMED[name])
            if seconds is not None and run:  # the first round warms the page cache and .pyc files
                results[name].append(seconds)
    base = statistics.median(results["history screen"]) if results["history screen"] else None
    print(f"{args.python}, {args.runs} runs each, after importing trainertui.ui.app")
    for name in names:
        if not results[name]:
            print(f"  {name:<16} not importable here")
            continue
        median = statistics.median(results[name])
        ratio = f"  {median / base:5.2f}x the history screen" if base else ""
        print(f"  {name:<16} {median * 1000:7.1f} ms (min {min(results[name]) * 1000:.1f}){ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What the desktop integration costs the app: imports at start-up, and the first hold().

    .venv/bin/python bench/desktop_cost.py [--runs 15]

Each figure is the median over fresh interpreters that have already imported what the app
imports anyway (``trainertui.ui.app``: Textual, asyncio, ...), so it is what the module adds.
The baseline, measured in the same run, is the app's own import; ratios are against it.
D-Bus libraries that are not installed are left out (dbus-fast is not a dependency: install
it in a scratch venv to compare, as docs/desktop.md did). Prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

MARGINAL = """
import time
import trainertui.ui.app
began = time.perf_counter()
{code}
print((time.perf_counter() - began) * 1000)
"""
BASELINE = """
import time
began = time.perf_counter()
import trainertui.ui.app
print((time.perf_counter() - began) * 1000)
"""
CASES = [
    ("trainertui.keep_awake + music (what the app imports)", "import trainertui.keep_awake, trainertui.music", None),
    ("KeepAwake() and MediaPlayers() (what the app makes)", None, None),
    ("first hold(), no bus: on the caller's thread", None, None),
    ("jeepney.io.blocking (imported by the worker)", "import jeepney.io.blocking", "jeepney"),
    ("dbus_fast.aio (the alternative)", "import dbus_fast.aio", "dbus_fast"),
]
OBJECTS = """
import time
import trainertui.ui.app
from trainertui.keep_awake import KeepAwake
from trainertui.music import MediaPlayers
began = time.perf_counter()
awake, music = KeepAwake(), MediaPlayers()
print((time.perf_counter() - began) * 1000)
"""
FIRST_HOLD = """
import time
import trainertui.ui.app
from trainertui.keep_awake import KeepAwake
awake = KeepAwake()
began = time.perf_counter()
awake.hold()
took = (time.perf_counter() - began) * 1000
awake.wait()
print(took)
"""


def timed_ms(code: str, runs: int) -> tuple[float, float]:
    """(median, fastest): on a shared machine the fastest run is the one least disturbed."""
    env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    env["DBUS_SYSTEM_BUS_ADDRESS"] = "unix:path=/nonexistent/bench"
    env["PYTHONPATH"] = str(ROOT / "src")
    samples = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout)
        for _ in range(runs)
    ]
    return statistics.median(samples), min(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    baseline, fastest_baseline = timed_ms(BASELINE, runs)
    print(f"python {sys.version.split()[0]}, {runs} fresh interpreters per figure")
    print(f"{'':56} {'median':>9}  {'fastest':>9}   ratio to the baseline (median, fastest)")
    print(f"{'baseline: import trainertui.ui.app':56} {baseline:6.2f} ms  {fastest_baseline:6.2f} ms")
    for label, code, needs in CASES:
        if needs is not None and importlib.util.find_spec(needs) is None:
            print(f"{label:56} {'(not installed)':>11}")
            continue
        if code is not None:
            ms, fastest = timed_ms(MARGINAL.format(code=code), runs)
        elif label.startswith("KeepAwake"):
            ms, fastest = timed_ms(OBJECTS, runs)
        else:
            ms, fastest = timed_ms(FIRST_HOLD, runs)
        ratios = f"{ms / baseline:.4f}, {fastest / fastest_baseline:.4f}"
        print(f"{label:56} {ms:6.2f} ms  {fastest:6.2f} ms   {ratios}")


if __name__ == "__main__":
    main()

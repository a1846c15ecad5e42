"""How long does the screen stop answering when another process holds the history file?

    .venv/bin/python bench/locked_history.py [--src DIR] [--runs 2] [--json]

Method. The real ``trainertui run`` in a private tmux server (80x24) on a routine of a 30 s
warm-up and 2 s run, walk and cool-down, with its own data folder. Once the workout shows,
a helper process opens the history file and holds ``BEGIN EXCLUSIVE`` (what a long
transaction, a backup or a sync client does) for the rest of the measurement, or not at all
for the baseline. Then, read off the screen by polling ``capture-pane`` every 10 ms:

- step change: ``n`` (skip, which writes a checkpoint) until the run's banner shows, then
  ``Space`` until the footer offers Resume and ``Space`` until it offers Pause again: a key answered late is a UI
  thread that was waiting;
- end: from the cool-down's first showing until the summary shows, less the cool-down's 2 s
  (the workout's row is written at the end; a screen already frozen when the cool-down
  began shows it late, so this can only understate a freeze), then ``7`` until it shows in
  the effort field ("nan" when no check-in is offered: the code before this change could not
  save, so offered none), and
  whether the summary says the workout is saved or being saved (1) or not (0).

Each figure is the median over ``--runs`` runs, locked and unlocked, in the same run of the
script (the machine is shared: compare the ratio, not the milliseconds). ``--src DIR`` runs
the app from another checkout's ``src`` (``git archive main src routines sounds | tar -x -C /tmp/main``: the
code before this change) with ``python -m trainertui``, for a before/after. The polling and
tmux add ~10-30 ms to every figure, the same locked or not. It always exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROUTINE = """\
name: Bench
sessions:
  - id: b
    title: Bench run
    steps:
      - warmup: 30s
      - run: 2s
        name: Stride out
      - walk: 2s
      - cooldown: 2s
"""
HOLD = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.readline()
"""


class Pane:
    def __init__(self, folder: Path, src: Path | None) -> None:
        # A server of its own each run: a new session on a server that is still shutting down fails.
        self.socket = f"trainertui-bench-{os.getpid()}-{folder.name}"
        self.folder = folder
        self.src = src

    def tmux(self, *args: str) -> str:
        command = ["tmux", "-L", self.socket, "-f", "/dev/null", *args]
        return subprocess.run(command, capture_output=True, text=True, timeout=10, check=True).stdout

    def start(self, routine: Path) -> None:
        null = self.folder / "asound-null.conf"
        null.write_text("pcm.!default { type null }\n")
        env = {
            "TRAINERTUI_CONFIG_DIR": str(self.folder / "config"),
            "TRAINERTUI_DATA_DIR": str(self.folder / "data"),
            "TRAINERTUI_CACHE_DIR": str(self.folder / "cache"),
            "ALSA_CONFIG_PATH": str(null),
            "TERM": "xterm-256color",
        }
        if self.src is not None:
            env["PYTHONPATH"] = str(self.src)
        argv = ["env", *(f"{k}={v}" for k, v in env.items()), sys.executable, "-m", "trainertui", "run", str(routine)]
        command = " ".join(shlex.quote(a) for a in argv) + "; sleep 60"
        self.tmux("new-session", "-d", "-s", "b", "-x", "80", "-y", "24", f"sh -c {shlex.quote(command)}")

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "b")

    def press(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "b", *keys)

    def until(self, test, timeout: float = 30.0) -> float:
        """Seconds until ``test(screen)`` holds."""
        began = time.monotonic()
        while not test(self.screen()):
            if time.monotonic() - began > timeout:
                raise TimeoutError(self.screen())
            time.sleep(0.01)
        return time.monotonic() - began

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def effort_shows(digit: str):
    return lambda screen: any(
        "How hard did that feel?" in line and line.rstrip().endswith(digit) for line in screen.splitlines()
    )


def one_run(locked: bool, src: Path | None) -> dict[str, float]:
    folder = Path(tempfile.mkdtemp(prefix="trainertui-bench-"))
    pane = Pane(folder, src)
    holder = None
    try:
        (folder / "data").mkdir()
        routine = folder / "bench.yaml"
        routine.write_text(ROUTINE)
        pane.start(routine)
        pane.until(lambda s: "WARM UP" in s and "Step 1 of 4" in s)
        time.sleep(1.0)  # the first checkpoint is written
        if locked:
            holder = subprocess.Popen(
                [sys.executable, "-c", HOLD, str(folder / "data" / "history.sqlite3")],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        figures = {}
        pane.press("n")
        figures["skip shown"] = pane.until(lambda s: "RUN · Stride out" in s)
        pane.press("Space")
        figures["pause shown"] = pane.until(lambda s: "space Resume" in s)
        pane.press("Space")
        figures["resume shown"] = pane.until(lambda s: "space Pause" in s)
        pane.until(lambda s: "COOL DOWN" in s or "Workout complete" in s, timeout=60)
        figures["end to summary"] = pane.until(lambda s: "Workout complete" in s, timeout=60) - 2.0
        if "How hard did that feel?" in pane.screen():
            pane.press("7")
            figures["typed 7 shown"] = pane.until(effort_shows("7"))
        else:  # no check-in offered: the workout was not saved
            figures["typed 7 shown"] = float("nan")
        figures["saved"] = float("Saved to your history" in pane.screen() or "Saving" in pane.screen())
        return figures
    finally:
        if holder is not None:
            holder.kill()
            holder.wait()
        pane.close()
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, help="run the app from this src folder (python -m trainertui)")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {}
    for locked in (False, True):
        runs = [one_run(locked, args.src) for _ in range(args.runs)]
        results["locked" if locked else "free"] = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    if args.json:
        print(json.dumps({"load": os.getloadavg(), "src": str(args.src or "this checkout"), **results}, indent=2))
        return 0
    print(f"app from {args.src or 'this checkout'}; load average {os.getloadavg()[0]:.1f}; median of {args.runs} runs")
    print(f"{'':20} {'file free':>10} {'file locked':>12} {'ratio':>7}")
    for name in results["free"]:
        free, locked = results["free"][name], results["locked"][name]
        if name == "saved":
            print(f"{name:20} {'yes' if free else 'no':>10} {'yes' if locked else 'no':>12}")
            continue
        print(f"{name:20} {free * 1000:8.0f}ms {locked * 1000:10.0f}ms {locked / max(free, 1e-3):6.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

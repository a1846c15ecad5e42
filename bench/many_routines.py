"""Start-up with none and with 500 of the user's own routine files, cold and warm cache.

    .venv/bin/python bench/many_routines.py [--runs 10] [--files 500] [--before EXE] [--json]

In the same run, alternating, as bench/app_bench.py measures start-up (and with its pty
machinery: a real 80x24 pseudo-terminal, start-up is Popen to the whole first screen drawn):

- the minimal Textual app (bench/minimal_app.py), the yardstick;
- the menu (``trainertui``, no arguments) with no user files, and with ``--files`` small
  valid routine files plus BROKEN broken ones in the user's ``routines/`` folder, each with
  a warm catalogue cache and with a cold one (the cache file deleted before each start);
- ``trainertui list`` (process start to exit, output to /dev/null) in the same four cases.

The generated files are dated an hour ago, as a person's files are: a file modified in the
last few seconds is never cached (catalogue_cache.py says why), so fresh files would measure
nothing but cold starts. ``--before EXE`` adds another installation's ``trainertui`` (say the
main branch's, to measure a change side by side); it has its own cache folder.

Goals: the menu with no user files <= 1.2x the minimal app (GOALS["startup"] in app_bench.py);
with the files and a warm cache, the menu <= 1.5x and ``list`` <= 3x their time with none.
Each start is one sample; each round runs every case once, in an order rotated every round
so a slow patch of the shared machine is spread over all of them. Wall times are medians.
Beside them is each start's CPU time (user + system, all threads: from /proc/PID/stat when
the screen is drawn, in 10 ms clock ticks, so the mean is reported; from the reaped child's
rusage for ``list``): when other work crowds the machine, wall times stretch by whatever the
scheduler makes the process wait, CPU times far less. It prints figures and exits 0; 1 only
if a program fails to start. Stdlib only.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app_bench import FOOTER_DONE, GOALS, TRAINERTUI, BenchError, Program, PtyProcess, child_env, cpu_seconds, programs

BROKEN = 5
LIST_GOAL = 3.0
MENU_GOAL = 1.5
FILE_AGE_S = 3600

ROUTINE = """\
name: Bench routine {n}
description: One of the benchmark's generated routines.
sessions:
  - id: easy
    title: Easy intervals
    steps:
      - warmup: 5m
      - repeat: 6
        steps:
          - run: 1m
            tip: Relax your shoulders
          - walk: 90s
      - cooldown: 5m
  - id: long
    title: Long run
    steps:
      - warmup: 5m
      - run: 20m
        say: Settle in
      - cooldown: 5m
"""

#: A few of the usual slips: bad YAML, an unknown step kind, a zero duration, no sessions, a tab.
BROKEN_ROUTINES = (
    "name: Broken\nsessions:\n  - id: a\n    title: [unclosed\n",
    "name: Broken\nsessions:\n  - {id: a, title: A, steps: [{jog: 1m}]}\n",
    "name: Broken\nsessions:\n  - {id: a, title: A, steps: [{run: 0s}]}\n",
    "name: Broken\n",
    "name: Broken\nsessions:\n\t- {id: a, title: A, steps: [{run: 1m}]}\n",
)


def write_routines(folder: Path, count: int, broken: int) -> None:
    """``count`` valid files and ``broken`` broken ones, all dated FILE_AGE_S ago."""
    folder.mkdir(parents=True, exist_ok=True)
    when = time.time() - FILE_AGE_S
    texts = [(f"bench-{n:03d}.yaml", ROUTINE.format(n=n)) for n in range(count)]
    texts += [(f"broken-{n}.yaml", BROKEN_ROUTINES[n % len(BROKEN_ROUTINES)]) for n in range(broken)]
    for name, text in texts:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        os.utime(path, (when, when))


@dataclass(slots=True)
class Case:
    """One thing to time: a program drawn in a pty, or a command run to its end."""

    label: str
    run: Callable[[], tuple[float, float]]  # (wall ms, CPU ms) of one start
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    @property
    def wall_ms(self) -> float:
        return statistics.median(self.wall)

    @property
    def cpu_ms(self) -> float:
        """The mean: a pty program's CPU time comes in clock ticks (10 ms), which a median keeps."""
        return statistics.fmean(self.cpu)


def drawn(program: Program, env: dict[str, str], cold_cache: Path | None = None) -> Callable[[], tuple[float, float]]:
    """Popen to the whole screen drawn; CPU (all threads, from /proc) read as soon as it is."""

    def run() -> tuple[float, float]:
        if cold_cache is not None:
            cold_cache.unlink(missing_ok=True)
        with PtyProcess(program, env) as process:
            ready_s = process.wait_ready()
            cpu_s = cpu_seconds(process.pid)
        return ready_s * 1000, cpu_s * 1000

    return run


def ran(argv: Sequence[str], env: dict[str, str], cold_cache: Path | None = None) -> Callable[[], tuple[float, float]]:
    """Process start to exit; CPU from the reaped child's rusage."""

    def run() -> tuple[float, float]:
        if cold_cache is not None:
            cold_cache.unlink(missing_ok=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        began = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        wall_s = time.perf_counter() - began
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu_s = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        return wall_s * 1000, cpu_s * 1000

    return run


def home(root: Path, name: str, files: int) -> dict[str, str]:
    folder = root / name
    if files:
        write_routines(folder / "config" / "routines", files, BROKEN)
    return child_env(folder)


def cases_for(exe: str, tag: str, root: Path, files: int, cold_too: bool) -> dict[str, Case]:
    """The menu and ``list`` cases for one trainertui executable, keyed by what they are.
    Without ``cold_too`` (for ``--before``, which may have no cache) the cache is left alone."""
    menu = Program(f"trainertui{tag} (menu)", (exe,), (b"Programmes", b"Couch to 5K", b"total", FOOTER_DONE))
    none, many = home(root, f"none{tag}", 0), home(root, f"many{tag}", files)
    cache = Path(many["TRAINERTUI_CACHE_DIR"]) / "catalogue.json"
    warm = ", warm cache" if cold_too else ""
    made = {
        "menu-0": Case(f"menu{tag}, no user files", drawn(menu, none)),
        "menu-n": Case(f"menu{tag}, {files} files{warm}", drawn(menu, many)),
        "list-0": Case(f"list{tag}, no user files", ran((exe, "list"), none)),
        "list-n": Case(f"list{tag}, {files} files{warm}", ran((exe, "list"), many)),
    }
    if cold_too:
        made["menu-n-cold"] = Case(f"menu{tag}, {files} files, cold cache", drawn(menu, many, cache))
        made["list-n-cold"] = Case(f"list{tag}, {files} files, cold cache", ran((exe, "list"), many, cache))
    return made


def measure(cases: Sequence[Case], runs: int, log: Callable[[str], None]) -> None:
    for case in cases:  # warm-up, not counted: .pyc files, the page cache, the warm caches
        case.run()
    for n in range(runs):
        shift = n % len(cases)
        for case in [*cases[shift:], *cases[:shift]]:
            wall_ms, cpu_ms = case.run()
            case.wall.append(wall_ms)
            case.cpu.append(cpu_ms)
        log(f"  round {n + 1}/{runs}: " + ", ".join(f"{case.wall[-1]:.0f}" for case in cases))


@dataclass(frozen=True, slots=True)
class Row:
    case: Case
    against: Case | None = None
    against_label: str = ""
    goal: float | None = None

    def ratios(self) -> tuple[float, float] | None:
        if self.against is None:
            return None
        return self.case.wall_ms / self.against.wall_ms, self.case.cpu_ms / self.against.cpu_ms


def rows(groups: dict[str, dict[str, Case]], minimal: Case) -> list[Row]:
    out = [Row(minimal)]
    for cases in groups.values():
        out.append(Row(cases["menu-0"], minimal, "minimal app", GOALS["startup"]))
        out.append(Row(cases["menu-n"], cases["menu-0"], "menu, none", MENU_GOAL))
        if "menu-n-cold" in cases:
            out.append(Row(cases["menu-n-cold"], cases["menu-0"], "menu, none"))
        out.append(Row(cases["list-0"]))
        out.append(Row(cases["list-n"], cases["list-0"], "list, none", LIST_GOAL))
        if "list-n-cold" in cases:
            out.append(Row(cases["list-n-cold"], cases["list-0"], "list, none"))
    return out


def verdict(ratio: float, goal: float | None) -> str:
    return "" if goal is None else ("met" if ratio <= goal else "MISSED")


def format_rows(table: Sequence[Row]) -> str:
    width = max(len(row.case.label) for row in table)
    lines = [f"{'what':<{width}}  {'wall':>7}  {'CPU':>7}  {'against':<12} {'wall':>6} {'CPU':>6}  goal"]
    for row in table:
        line = f"{row.case.label:<{width}}  {row.case.wall_ms:5.0f}ms  {row.case.cpu_ms:5.0f}ms"
        ratios = row.ratios()
        if ratios is not None:
            wall, cpu = ratios
            line += f"  {row.against_label:<12} {wall:5.2f}x {cpu:5.2f}x"
            if row.goal is not None:
                line += f"  <= {row.goal:g}x: wall {verdict(wall, row.goal)}, CPU {verdict(cpu, row.goal)}"
        lines.append(line)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="timed rounds (default 10)")
    parser.add_argument("--files", type=int, default=500, help="valid user routine files (default 500)")
    parser.add_argument("--before", metavar="EXE", help="another trainertui executable to measure side by side")
    parser.add_argument("--no-cold", action="store_true", help="leave out the cold-cache cases")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    args = parser.parse_args(argv)
    progress = sys.stderr if args.json else sys.stdout
    # Stopped with kill: leave through the with-blocks, which end the programs and remove the files.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))

    def log(line: str) -> None:
        print(line, file=progress, flush=True)

    executables = {"": str(TRAINERTUI)}
    if args.before:
        found = shutil.which(args.before)
        if found is None:
            print(f"many_routines: no executable {args.before}", file=sys.stderr)
            return 1
        executables[" (before)"] = found
    with tempfile.TemporaryDirectory(prefix="trainertui-bench-") as tmp:
        root = Path(tmp)
        minimal = Case("minimal app", drawn(programs()["minimal"], home(root, "minimal", 0)))
        groups = {
            tag: cases_for(exe, tag, root, args.files, cold_too=not args.no_cold and tag == "")
            for tag, exe in executables.items()
        }
        every = [minimal, *(case for cases in groups.values() for case in cases.values())]
        log(f"1 warm-up + {args.runs} rounds of {len(every)} cases (ms, in this order):")
        for n, case in enumerate(every, 1):
            log(f"  {n:2d}. {case.label}")
        try:
            measure(every, args.runs, log)
        except (BenchError, subprocess.CalledProcessError) as error:
            print(f"many_routines: {error}", file=sys.stderr)
            return 1
    table = rows(groups, minimal)
    if args.json:
        print(
            json.dumps(
                {
                    "settings": {**vars(args), "broken": BROKEN, "cpus": os.cpu_count()},
                    "cases": {
                        c.label: {
                            "wall_median_ms": c.wall_ms,
                            "cpu_mean_ms": c.cpu_ms,
                            "wall_ms": c.wall,
                            "cpu_ms": c.cpu,
                        }
                        for c in every
                    },
                    "table": [
                        {
                            "what": row.case.label,
                            "against": row.against_label,
                            "wall_ratio": ratios[0] if (ratios := row.ratios()) else None,
                            "cpu_ratio": ratios[1] if ratios else None,
                            "goal": row.goal,
                        }
                        for row in table
                    ],
                },
                indent=2,
            )
        )
        return 0
    print(
        f"\n{args.files} valid + {BROKEN} broken user files, {args.runs} rounds, {os.cpu_count()} CPUs: "
        "wall time is the median, CPU time (all threads, to the moment drawn or to exit) the mean"
    )
    print(format_rows(table))
    return 0


if __name__ == "__main__":
    sys.exit(main())

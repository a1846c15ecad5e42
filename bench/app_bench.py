"""Measure trainertui's full-screen app against a minimal Textual countdown, in a real terminal.

    .venv/bin/python bench/app_bench.py [--seconds 60] [--startup-runs 10] [--settle 3]
                                        [--sequential] [--idle-menu] [--json]

Both programs run in a real pseudo-terminal (``os.openpty``), 80x24, TERM=xterm-256color,
with stdin, stdout and stderr on the pty slave. Textual writes its output to stderr and blocks
when nobody reads it, so a thread per process drains the pty master for the whole run and
counts the bytes. TRAINERTUI_CONFIG_DIR, TRAINERTUI_DATA_DIR and TRAINERTUI_CACHE_DIR point at a
fresh temporary folder, so no real settings, history or cache are read or written; TEXTUAL_* variables and
COLUMNS/LINES are dropped from the children's environment so neither program is reconfigured. The yardstick is
bench/minimal_app.py: a Header, a Digits counting down mm:ss once a second, and a Footer.

What is measured, for both programs:

startup
    Wall time from just before ``Popen`` to the moment the drained output holds every "ready"
    marker: strings that arrive unbroken by escape codes only once the first screen is drawn.
    trainertui (no arguments: the menu) is ready when "Programmes" and "Couch to 5K" (the
    menu's heading and its first option), "total" (the preview of the highlighted session:
    "30:00 total · 08:00 running") and "palette" (the Footer's last key, bottom right)
    have all arrived; the minimal app when its Header title "minimal", the top row of the
    Digits glyphs for 30:00 and the Footer's "palette" have. The Footer fills in a frame or two
    after the first one, so waiting for it means "the whole screen is drawn", not "the first
    byte". The time of the first byte is reported beside it. One untimed warm-up run of each
    comes first (page cache, .pyc files); then ``--startup-runs`` timed runs, alternating which
    program goes first. Median, min and max are reported, and ``python -c "import textual.app"``
    and ``python -c pass`` are timed as context.

CPU while a workout runs
    ``trainertui run couch-to-5k w1r1`` (a 30-minute real-clock session) and the minimal app
    are started, each waits for its own ready markers (the workout's "Step 1 of" line), then
    ``--settle`` seconds pass, so start-up work is outside the window. utime+stime are read from
    /proc/PID/stat (fields 14 and 15, in clock ticks), and again ``--seconds`` later; the
    difference is the CPU time spent in the window (all threads of the process), reported in
    seconds and as a percentage of one core over that process's own measured window. The
    bytes the drain thread counted over the same window give the terminal output rate.

    The two programs are measured at the same time by default: the machine has 2 cores, both
    programs are mostly asleep, and running them side by side means both see the same
    background load (other work on the machine moves both figures together, so the ratio
    stays fair). ``--sequential`` measures one after the other instead, to check that running
    concurrently does not skew the figures: on the 2-core development machine both modes gave
    the same picture (ratio about 3x either way), while sequential runs moved more with the
    machine's changing background load. ``--idle-menu`` adds a third process, trainertui
    sitting at its menu, to the same window: it separates the cost of the app itself from the
    cost of the running workout screen.

peak memory
    VmHWM (peak resident set) from /proc/PID/status at the end of the CPU window.

Goals: startup <= 1.2x minimal, CPU <= 1.5x minimal, peak RSS <= 1.5x minimal. This is not a
test: it prints figures and exits 0; it exits 1 only if a program fails to start (or dies
during the measurement). Every child is started in its own session and process group and is
ended with SIGTERM, then SIGKILL after a grace period, so nothing is left running. Stdlib only.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import re
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
MINIMAL_APP = BENCH_DIR / "minimal_app.py"
TRAINERTUI = Path(sys.executable).with_name("trainertui")
ROWS, COLS = 24, 80
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
READ_SIZE = 65536
TAIL_BYTES = 8192
READY_TIMEOUT_S = 30.0
TERM_GRACE_S = 3.0

#: The Footer's last key ("^p palette", the command palette), drawn at the bottom right.
FOOTER_DONE = b"palette"
#: The top row of the Digits glyphs for "30:00", as Textual draws them.
DIGITS_30_00_TOP = "╶─╮╭─╮   ╭─╮╭─╮".encode()

GOALS = {"startup": 1.2, "cpu": 1.5, "rss": 1.5}

LogFn = Callable[[str], None]


class BenchError(Exception):
    """A program did not start, or died while it was being measured."""


@dataclass(frozen=True, slots=True)
class Program:
    """A command to run in the pty, and the byte strings that together mean "screen drawn"."""

    name: str
    argv: tuple[str, ...]
    ready: tuple[bytes, ...]


def programs() -> dict[str, Program]:
    python = sys.executable
    minimal_ready = (b"minimal", DIGITS_30_00_TOP, FOOTER_DONE)
    return {
        "menu": Program(
            "trainertui (menu)", (str(TRAINERTUI),), (b"Programmes", b"Couch to 5K", b"total", FOOTER_DONE)
        ),
        "workout": Program(
            "trainertui run couch-to-5k w1r1",
            (str(TRAINERTUI), "run", "couch-to-5k", "w1r1"),
            (b"Step 1 of", FOOTER_DONE),
        ),
        "minimal": Program("minimal app", (python, str(MINIMAL_APP)), minimal_ready),
    }


# --- a program in a pseudo-terminal --------------------------------------------------------


def child_env(home: Path) -> dict[str, str]:
    """The bench's environment, with the terminal pinned and trainertui's files sandboxed.

    PYTHONDONTWRITEBYTECODE is dropped: with it set (as on some CI and sandbox machines) an
    editable install compiles every trainertui module from source on every start, which an
    installed app never does (pip writes the .pyc files) and which the one-file minimal app
    hardly pays. The warm-up run writes the .pyc files.
    """
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("TEXTUAL") and k not in {"COLUMNS", "LINES", "PYTHONDONTWRITEBYTECODE"}
    }
    env.update(
        TERM="xterm-256color",
        TRAINERTUI_CONFIG_DIR=str(home / "config"),
        TRAINERTUI_DATA_DIR=str(home / "data"),
        TRAINERTUI_CACHE_DIR=str(home / "cache"),
    )
    return env


def set_window_size(fd: int, rows: int = ROWS, cols: int = COLS) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


class PtyProcess:
    """One program on its own pty, with a thread that drains (and counts) everything it writes.

    Use as a context manager: leaving it ends the process (SIGTERM, then SIGKILL) and closes
    the pty, whatever happened inside.
    """

    def __init__(self, program: Program, env: dict[str, str]) -> None:
        self.program = program
        master, slave = os.openpty()
        set_window_size(slave)
        self.started = time.perf_counter()
        try:
            self.proc = subprocess.Popen(
                program.argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True, start_new_session=True
            )
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        self.pid = self.proc.pid
        self._master = master
        self._lock = threading.Lock()
        self._bytes = 0
        self._pending = list(program.ready)
        self._seen = bytearray()  # everything so far, kept only until ready
        self._tail = bytearray()  # the last TAIL_BYTES, for error reports
        self.first_byte_at: float | None = None
        self.ready_at: float | None = None
        self._ready = threading.Event()
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._drain, name=f"drain-{self.pid}", daemon=True)
        self._thread.start()

    def __enter__(self) -> PtyProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def bytes_written(self) -> int:
        with self._lock:
            return self._bytes

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self._master, READ_SIZE)
            except OSError:  # EIO: the slave side is closed, the program has gone
                break
            if not chunk:
                break
            now = time.perf_counter()
            with self._lock:
                self._bytes += len(chunk)
                self._tail = (self._tail + chunk)[-TAIL_BYTES:]
            if self.first_byte_at is None:
                self.first_byte_at = now
            if self._pending:
                self._look_for_markers(chunk, now)
        self._closed.set()
        self._ready.set()  # wake a waiter: it sees the process has ended

    def _look_for_markers(self, chunk: bytes, now: float) -> None:
        self._seen += chunk
        self._pending = [marker for marker in self._pending if marker not in self._seen]
        if not self._pending:
            self.ready_at = now
            self._seen = bytearray()
            self._ready.set()

    def wait_ready(self, timeout: float = READY_TIMEOUT_S) -> float:
        """Seconds from just before Popen to the screen being drawn; BenchError if it never is."""
        self._ready.wait(timeout)
        if self.ready_at is None:
            why = "exited" if self.proc.poll() is not None or self._closed.is_set() else "timed out"
            raise BenchError(
                f"{self.program.name} {why} before drawing its screen "
                f"(waiting for {self._pending!r})\n{self.describe_exit()}"
            )
        return self.ready_at - self.started

    def check_alive(self) -> None:
        if self.proc.poll() is not None:
            raise BenchError(f"{self.program.name} exited during the measurement\n{self.describe_exit()}")

    def describe_exit(self) -> str:
        code = self.proc.poll()
        with self._lock:
            tail = bytes(self._tail)
        return f"  return code: {code}\n  last output (escape codes removed):\n{indent(plain_text(tail))}"

    def stop(self) -> None:
        """SIGTERM the process group, SIGKILL it after a grace period; then close the pty."""
        for sig, grace in ((signal.SIGTERM, TERM_GRACE_S), (signal.SIGKILL, TERM_GRACE_S)):
            if self.proc.poll() is not None:
                break
            try:
                os.killpg(self.pid, sig)  # its own group: start_new_session made pgid == pid
            except ProcessLookupError:
                break
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                continue
        self.proc.wait()
        self._thread.join(2.0)
        try:
            os.close(self._master)
        except OSError:
            pass


def plain_text(raw: bytes) -> str:
    """Terminal output with CSI/OSC escape sequences removed, roughly as a person would read it."""
    text = re.sub(rb"\x1b\[[0-9;?$>=<]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[=>78]", b"", raw)
    lines = [line.rstrip() for line in text.decode("utf-8", "replace").replace("\r", "").split("\n")]
    return "\n".join(line for line in lines if line.strip())[-2000:]


def indent(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.splitlines()) or "    (nothing)"


# --- /proc ---------------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """utime + stime of the process (all its threads), from /proc/PID/stat fields 14 and 15."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) ": fields[0] is field 3
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def status_kib(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1])
    raise KeyError(key)


# --- startup -------------------------------------------------------------------------------


@dataclass(slots=True)
class StartupSamples:
    ready_ms: list[float] = field(default_factory=list)
    first_byte_ms: list[float] = field(default_factory=list)

    def summary(self) -> dict[str, float]:
        return {
            "median_ms": statistics.median(self.ready_ms),
            "min_ms": min(self.ready_ms),
            "max_ms": max(self.ready_ms),
            "first_byte_median_ms": statistics.median(self.first_byte_ms),
            "runs": len(self.ready_ms),
        }


def time_startup(program: Program, env: dict[str, str]) -> tuple[float, float]:
    """(ms to the screen being drawn, ms to the first byte) for one start of ``program``."""
    with PtyProcess(program, env) as process:
        ready_s = process.wait_ready()
        assert process.first_byte_at is not None
        return ready_s * 1000, (process.first_byte_at - process.started) * 1000


def measure_startup(
    subject: Program, baseline: Program, env: dict[str, str], runs: int, log: LogFn
) -> tuple[StartupSamples, StartupSamples]:
    time_startup(subject, env)  # warm-up, not counted
    time_startup(baseline, env)
    samples = (StartupSamples(), StartupSamples())
    for run in range(runs):
        order = [(subject, samples[0]), (baseline, samples[1])]
        if run % 2:
            order.reverse()
        for program, into in order:
            ready_ms, first_ms = time_startup(program, env)
            into.ready_ms.append(ready_ms)
            into.first_byte_ms.append(first_ms)
        log(f"  startup run {run + 1}/{runs}: {samples[0].ready_ms[-1]:.0f} ms vs {samples[1].ready_ms[-1]:.0f} ms")
    return samples


def time_command(argv: Sequence[str], runs: int) -> float:
    """Median ms for a command to start and exit."""
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)


# --- CPU, output and memory over a window ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sample:
    at: float
    cpu_s: float
    bytes_written: int


@dataclass(frozen=True, slots=True)
class Usage:
    window_s: float
    cpu_s: float
    bytes_written: int
    vm_hwm_kib: int
    vm_rss_kib: int

    @property
    def cpu_percent(self) -> float:
        return 100 * self.cpu_s / self.window_s

    @property
    def bytes_per_s(self) -> float:
        return self.bytes_written / self.window_s

    def as_dict(self) -> dict[str, float]:
        return {**asdict(self), "cpu_percent": self.cpu_percent, "bytes_per_s": self.bytes_per_s}


def sample(process: PtyProcess) -> Sample:
    process.check_alive()
    return Sample(time.perf_counter(), cpu_seconds(process.pid), process.bytes_written)


def usage_between(process: PtyProcess, before: Sample) -> Usage:
    after = sample(process)
    return Usage(
        window_s=after.at - before.at,
        cpu_s=after.cpu_s - before.cpu_s,
        bytes_written=after.bytes_written - before.bytes_written,
        vm_hwm_kib=status_kib(process.pid, "VmHWM"),
        vm_rss_kib=status_kib(process.pid, "VmRSS"),
    )


def measure_together(
    chosen: Sequence[Program], env: dict[str, str], seconds: float, settle: float, log: LogFn
) -> list[Usage]:
    """Run every program at once and measure them over the same window."""
    with ExitStack() as stack:
        processes = [stack.enter_context(PtyProcess(program, env)) for program in chosen]
        for process in processes:
            process.wait_ready()
        log(f"  all drawn; settling {settle:g} s, then measuring {seconds:g} s")
        time.sleep(settle)
        before = [sample(process) for process in processes]
        time.sleep(seconds)
        return [usage_between(process, start) for process, start in zip(processes, before)]


def measure_usage(
    chosen: Sequence[Program], env: dict[str, str], seconds: float, settle: float, sequential: bool, log: LogFn
) -> list[Usage]:
    if not sequential:
        log(f"CPU window: {', '.join(p.name for p in chosen)} together")
        return measure_together(chosen, env, seconds, settle, log)
    results = []
    for program in chosen:
        log(f"CPU window: {program.name} alone")
        results += measure_together([program], env, seconds, settle, log)
    return results


# --- report --------------------------------------------------------------------------------


def ratio(subject: float, baseline: float) -> float:
    return subject / baseline if baseline else float("inf")


def verdict(value: float, goal: float | None) -> str:
    if goal is None:
        return ""
    return "PASS" if value <= goal else "MISS"


def build_rows(
    startup: tuple[StartupSamples, StartupSamples], usage: tuple[Usage, Usage], seconds_label: str
) -> list[tuple[str, str, str, str, str, str]]:
    s, m = startup[0].summary(), startup[1].summary()
    u, b = usage
    rows = []

    def row(
        metric: str, subject: float, baseline: float, fmt: str, goal: float | None = None, show_ratio: bool = True
    ) -> None:
        r = ratio(subject, baseline)
        rows.append(
            (
                metric,
                format(subject, fmt),
                format(baseline, fmt),
                f"{r:.2f}x" if show_ratio else "",
                f"<= {goal:g}x" if goal else "",
                verdict(r, goal),
            )
        )

    row("startup to menu drawn, median (ms)", s["median_ms"], m["median_ms"], ".0f", GOALS["startup"])
    row("  startup min (ms)", s["min_ms"], m["min_ms"], ".0f")
    row("  startup max (ms)", s["max_ms"], m["max_ms"], ".0f")
    row("  first byte, median (ms)", s["first_byte_median_ms"], m["first_byte_median_ms"], ".0f")
    row(f"CPU during workout, {seconds_label} (s)", u.cpu_s, b.cpu_s, ".2f", GOALS["cpu"])
    row("  CPU, % of one core", u.cpu_percent, b.cpu_percent, ".2f")
    row("  terminal output (bytes/s)", u.bytes_per_s, b.bytes_per_s, ".0f")
    row("peak RSS, VmHWM (MiB)", u.vm_hwm_kib / 1024, b.vm_hwm_kib / 1024, ".1f", GOALS["rss"])
    row("  RSS at end, VmRSS (MiB)", u.vm_rss_kib / 1024, b.vm_rss_kib / 1024, ".1f")
    return rows


def format_table(rows: Sequence[Sequence[str]]) -> str:
    header = ("metric", "trainertui", "minimal app", "ratio", "goal", "result")
    table = [header, *rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    lines = []
    for n, r in enumerate(table):
        cells = [r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:5], widths[1:5])] + [r[5]]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


# --- main ----------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="CPU window length (default 60)")
    parser.add_argument("--startup-runs", type=int, default=10, help="timed starts of each (default 10)")
    parser.add_argument("--settle", type=float, default=3.0, help="seconds after drawing before the window")
    parser.add_argument(
        "--sequential", action="store_true", help="measure CPU one program after the other instead of side by side"
    )
    parser.add_argument(
        "--idle-menu", action="store_true", help="also measure trainertui idling at its menu in the CPU window"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    progress = sys.stderr if args.json else sys.stdout  # keep stdout pure JSON with --json

    def log(line: str) -> None:
        print(line, file=progress, flush=True)

    if not TRAINERTUI.exists():
        print(f"app_bench: no trainertui executable at {TRAINERTUI}", file=sys.stderr)
        return 1
    progs = programs()
    with tempfile.TemporaryDirectory(prefix="trainertui-bench-") as home:
        env = child_env(Path(home))
        try:
            log(f"startup: 1 warm-up + {args.startup_runs} runs of each (trainertui vs minimal, ms)")
            startup = measure_startup(progs["menu"], progs["minimal"], env, args.startup_runs, log)
            chosen = [progs["workout"], progs["minimal"]] + ([progs["menu"]] if args.idle_menu else [])
            usage = measure_usage(chosen, env, args.seconds, args.settle, args.sequential, log)
        except BenchError as error:
            print(f"app_bench: {error}", file=sys.stderr)
            return 1
        context_runs = max(3, args.startup_runs)
        context = {
            "python -c pass (ms)": time_command([sys.executable, "-c", "pass"], context_runs),
            "python -c 'import textual.app' (ms)": time_command(
                [sys.executable, "-c", "import textual.app"], context_runs
            ),
        }
    mode = "sequentially" if args.sequential else "side by side"
    rows = build_rows(startup, (usage[0], usage[1]), f"{args.seconds:g} s")
    if args.json:
        print(
            json.dumps(
                {
                    "settings": {**vars(args), "mode": mode, "terminal": f"{COLS}x{ROWS}", "cpus": os.cpu_count()},
                    "startup": {
                        "trainertui": startup[0].summary(),
                        "minimal": startup[1].summary(),
                        "samples_ms": {"trainertui": startup[0].ready_ms, "minimal": startup[1].ready_ms},
                    },
                    "usage": {
                        "trainertui_workout": usage[0].as_dict(),
                        "minimal": usage[1].as_dict(),
                        **({"trainertui_menu_idle": usage[2].as_dict()} if args.idle_menu else {}),
                    },
                    "context_ms": context,
                    "table": [
                        dict(zip(("metric", "trainertui", "minimal", "ratio", "goal", "result"), r)) for r in rows
                    ],
                },
                indent=2,
            )
        )
        return 0
    print()
    print(
        f"trainertui vs minimal Textual app, {COLS}x{ROWS} pty, {os.cpu_count()} CPUs, "
        f"CPU measured {mode} (resolution {1000 / CLOCK_TICKS:g} ms), startup median of {args.startup_runs}"
    )
    print(format_table(rows))
    if args.idle_menu:
        menu = usage[2]
        print(
            f"\ntrainertui idle at its menu, same window: {menu.cpu_s:.2f} s CPU ({menu.cpu_percent:.2f}% of a core), "
            f"{menu.bytes_per_s:.0f} bytes/s, VmHWM {menu.vm_hwm_kib / 1024:.1f} MiB"
        )
    print()
    for label, ms in context.items():
        print(f"context: {label:<38} {ms:6.0f}  (median of {context_runs})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

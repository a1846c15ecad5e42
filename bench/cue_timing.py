"""How late does each cue's sound start, against its schedule, in a real-clock workout?

    .venv/bin/python bench/cue_timing.py [--seconds 75] [--idle] [--no-plain] [--json]

Method. A session of 3-7 s run/walk/exercise/rest steps (spoken start cues of 0.45-2.3 s,
countdown ticks, a 2 s finish) runs in TrainerApp headless (``run_test``) with the real clock,
default tick_s and the player from ``make_player``: each cue is one simpleaudio play_buffer
call, one ALSA stream. ALSA_CONFIG_PATH points "default" at the ``file`` plugin (before
``null``) writing into a FIFO; each stream re-opens it. A reader opens the FIFO (blocking
until a stream opens it for writing), timestamps the first chunk with time.monotonic(), reads
to EOF and starts again: one cycle per stream, checked by bytes against the cue's PCM. The
player is wrapped to log each play() call; the k-th stream is the k-th play. A cue is due at
``workout._started + _shift + _fire_at[i]`` (no pauses: shift 0). Errors in ms, late is +:
(a) play() called vs due: our timers and Textual's loop; (b) first byte at the device vs due,
adding compose(), simpleaudio's open/params/thread start and the plugin.

The reader is a separate process. simpleaudio opens the PCM, so the FIFO, in the caller's
thread with the GIL held, and opening a FIFO to write blocks until a reader has it open: a
reader thread between EOF and its next open() needs the GIL to get there, so a play at that
moment deadlocks (checked: a play with no reader waiting freezes every thread), and its
timestamps would wait for Textual's GIL. CLOCK_MONOTONIC is system-wide. A stream opened
before the last one closed shares its cycle; bytes show it ("merged": no device time).

Floor: the plugin holds back about a buffer before writing and the reader must wake, so
isolated plays at rest (no app, same load) are timed play_frames() to first byte. Comparison
(unless --no-plain): the same cues and schedule from a bare asyncio loop (loop.call_at), to
split Textual's share from asyncio's and simpleaudio's. Load: a process spins by default on
the other core; --idle skips it; nothing is pinned; the load average is printed because
other work on the machine counts too.

Limits. The null device is not paced: this is when a sound starts, not how it plays. A real
card adds simpleaudio's 100 ms buffer and any sound server's latency, the same for every cue,
not an error of our scheduling. Drift = median error of cues due in the last 20 s minus the
first 20 s; "no drift" is |drift| <= 1 ms. p99 is interpolated (near the max with ~60 cues).
It always exits 0. What it found first, on the 2-CPU dev VM: the first cue after a change of
step kind came 20-70 ms late with the loop idle in select(), because Textual's set_timer
counts its delay from when the timer task first runs, after the restyle for the new kind.
The workout screen now arms its timers with the loop's call_later (figures before and after
in docs/performance.md).
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
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trainertui.audio import SimpleAudioPlayer
    from trainertui.model import Cue, Programme, Session
    from trainertui.workout import Workout

Record = dict[str, Any]
Cycle = tuple[float, int, int]

READER = r"""
import os, sys, time
while True:
    fd = os.open(sys.argv[1], os.O_RDONLY)
    first = os.read(fd, 1 << 20)
    at, total = time.monotonic(), len(first)
    while chunk := os.read(fd, 1 << 20):
        total += len(chunk)
    os.close(fd)
    print(repr(at), len(first), total, flush=True)
"""
ALSA_CONF = 'pcm.!default {{ type file slave.pcm {{ type null }} file "{fifo}" format "raw" }}\n'
GOAL_P99_MS, GOAL_MAX_MS, GOAL_DRIFT_MS, EDGE_S = 10.0, 25.0, 1.0, 20.0
PATTERN = [
    ("run", "", 4),
    ("walk", "", 5),
    ("exercise", "Knee lifts", 3),
    ("rest", "Rest, another round coming up", 6),
    ("exercise", "Plank", 4),
    ("rest", "", 7),
    ("run", "", 5),
    ("walk", "", 3),
    ("exercise", "Knee lifts", 6),
]
COLUMNS = ("min", "p50", "p90", "p99", "max", "drift")


class Capture:
    """The FIFO, the ALSA config writing into it, and per stream the reader's (first byte at,
    first chunk bytes, total bytes)."""

    def __init__(self, folder: Path) -> None:
        fifo, conf = folder / "capture.fifo", folder / "asound.conf"
        os.mkfifo(fifo)
        conf.write_text(ALSA_CONF.format(fifo=fifo))
        os.environ["ALSA_CONFIG_PATH"] = str(conf)
        self.cycles: list[Cycle] = []
        self._cursor, self._changed = 0, threading.Condition()
        self.proc = subprocess.Popen([sys.executable, "-c", READER, str(fifo)], stdout=subprocess.PIPE, text=True)
        threading.Thread(target=self._collect, daemon=True).start()

    def _collect(self) -> None:
        for line in self.proc.stdout:  # type: ignore[union-attr]
            at, first, total = line.split()
            with self._changed:
                if int(total):  # a stream that wrote nothing is no cue
                    self.cycles.append((float(at), int(first), int(total)))
                self._changed.notify_all()

    def take(self, nbytes: int, timeout: float = 10.0) -> list[Cycle]:
        """The cycles after the last take, up to ``nbytes`` bytes in all (waiting for them)."""
        end = time.monotonic() + timeout
        with self._changed:
            while True:
                got, n = 0, self._cursor
                while n < len(self.cycles) and got < nbytes:
                    got, n = got + self.cycles[n][2], n + 1
                if got >= nbytes or time.monotonic() > end:
                    taken, self._cursor = self.cycles[self._cursor : n], n
                    return taken
                self._changed.wait(0.1)


class TimedPlayer:
    """The real player, logging each play() call and the PCM bytes it hands to simpleaudio."""

    def __init__(self, inner: SimpleAudioPlayer) -> None:
        self.inner, self.log = inner, list[Record]()
        hand_over = inner.play_frames

        def play_frames(frames: bytes) -> None:
            hand_over(frames)
            if self.log:
                self.log[-1].update(nbytes=len(frames), returned=time.monotonic())

        inner.play_frames = play_frames  # type: ignore[method-assign]

    def play(self, cue: Cue) -> None:
        self.log.append({"cue": cue, "called": time.monotonic(), "nbytes": 0})
        self.inner.play(cue)

    def __getattr__(self, name: str) -> Any:  # loaded, load, lead_s, stop, close
        return getattr(self.inner, name)


def build_session(seconds: float) -> tuple[Programme, Session]:
    from trainertui.model import Programme, Session, Step

    steps = [Step(kind="warmup", name="warm up", duration_s=5, say="Warm up with a brisk walk")]
    while sum(s.duration_s or 0 for s in steps) < seconds:
        kind, say, length = PATTERN[(len(steps) - 1) % len(PATTERN)]
        steps.append(Step(kind=kind, name=f"{kind} {len(steps)}", duration_s=length, say=say))
    session = Session(id="bench", title="Cue timing", steps=tuple(steps))
    return Programme(id="bench", name="Cue timing bench", sessions=(session,)), session


def match(log: list[Record], cycles: list[Cycle]) -> int:
    """Give each play its stream's first-byte time, in order; returns how many were merged."""
    merged, k = 0, 0
    for at, _first, total in cycles:
        group: list[Record] = []
        got = 0
        while k < len(log) and got < total:
            group.append(log[k])
            got, k = got + log[k]["nbytes"], k + 1
        if got != total:
            raise RuntimeError(f"a stream of {total} bytes does not match the plays ({got} bytes)")
        group[0]["first_byte"] = at
        merged += len(group) - 1
    return merged


def stats(pairs: list[tuple[float, float]], duration: float) -> Record:
    """pairs: (planned second in the session, error in ms)."""
    errs = sorted(e for _, e in pairs)
    q = statistics.quantiles(errs, n=100, method="inclusive")
    first = [e for t, e in pairs if t < EDGE_S]
    last = [e for t, e in pairs if t >= duration - EDGE_S]
    drift = statistics.median(last) - statistics.median(first) if first and last else float("nan")
    return {
        "n": len(errs),
        "min": errs[0],
        "p50": statistics.median(errs),
        "p90": q[89],
        "p99": q[98],
        "max": errs[-1],
        "drift": drift,
    }


def summarise(log: list[Record], start: float, fire_at: list[float], index: dict[int, int], duration: float) -> Record:
    dispatch: list[tuple[float, float]] = []
    device: list[tuple[float, float]] = []
    samples: list[Record] = []
    for entry in log:
        planned = fire_at[index[id(entry["cue"])]]
        dispatch.append((planned, 1000 * (entry["called"] - start - planned)))
        byte_ms = 1000 * (entry["first_byte"] - start - planned) if "first_byte" in entry else None
        if byte_ms is not None:
            device.append((planned, byte_ms))
        samples.append(
            {
                "at_s": round(planned, 3),
                "cue": f"{entry['cue'].kind} {entry['cue'].text}",
                "dispatch_ms": dispatch[-1][1],
                "first_byte_ms": byte_ms,
            }
        )
    return {
        "dispatch": stats(dispatch, duration),
        "first_byte": stats(device, duration),
        "samples": samples,
        "play_call_max_ms": max(1000 * (e.get("returned", e["called"]) - e["called"]) for e in log),
    }


def measure_floor(player: TimedPlayer, capture: Capture, frames: bytes, rounds: int) -> Record:
    ms = []
    for _ in range(rounds):
        called = time.monotonic()
        player.inner.play_frames(frames)
        ms.append(1000 * (capture.take(len(frames))[0][0] - called))
        time.sleep(0.1)
    return {
        "n": rounds,
        "min": min(ms),
        "p50": statistics.median(ms),
        "p90": statistics.quantiles(ms, n=10, method="inclusive")[8],
        "max": max(ms),
    }


async def run_app(programme: Programme, session: Session, player: TimedPlayer, timeout: float) -> Workout | None:
    """Run the workout in TrainerApp until its summary shows; returns the Workout."""
    from trainertui.catalogue import Catalogue
    from trainertui.clock import MonotonicClock
    from trainertui.ui.app import TrainerApp
    from trainertui.ui.screens.summary import SummaryScreen
    from trainertui.ui.screens.workout import WorkoutScreen
    from trainertui.workout import State

    app = TrainerApp(Catalogue([programme]), clock=MonotonicClock(), player=player, start=(programme, session))
    workout: Workout | None = None
    try:
        async with app.run_test(size=(80, 24)):
            end = time.monotonic() + timeout
            while not isinstance(app.screen, SummaryScreen) and time.monotonic() < end:
                if workout is None and isinstance(app.screen, WorkoutScreen):
                    workout = app.screen.workout
                if workout is not None and workout._state is State.FINISHED:
                    end = min(end, time.monotonic() + 2.0)  # the finish is the last cue
                await asyncio.sleep(0.1)
            await asyncio.sleep(0.5)  # let the summary settle before the app is torn down
    except Exception as error:  # noqa: BLE001 - an app bug after the last cue does not void the figures
        print(f"cue_timing: the app raised {type(error).__name__}: {error}", file=sys.stderr)
    return workout


async def run_plain(fire_at: list[float], cues: tuple[Cue, ...], player: TimedPlayer) -> float:
    """The same cues at the same offsets from a bare asyncio loop; returns the start time."""
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.5  # loop.time() is time.monotonic()
    for at, cue in zip(fire_at, cues):  # same-time cues may swap: matching follows the play log
        loop.call_at(start + at, player.play, cue)
    await asyncio.sleep(1.0 + max(fire_at))
    return start


def measure(args: argparse.Namespace, folder: Path, say: Callable[[str], None]) -> Record:
    from trainertui.audio import SimpleAudioPlayer, compose, make_player
    from trainertui.settings import SoundSettings
    from trainertui.timeline import compile_session

    for name in ("CONFIG", "DATA", "CACHE"):  # no real settings, history or voice cache
        os.environ[f"TRAINERTUI_{name}_DIR"] = str(folder / name.lower())
    capture = Capture(folder)  # sets ALSA_CONFIG_PATH before the player is made
    spinner = None if args.idle else subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        real = make_player(SoundSettings())
        if not isinstance(real, SimpleAudioPlayer):
            raise RuntimeError(f"no player: {getattr(real, 'reason', real)}")
        capture.take(1)  # make_player's probe
        player = TimedPlayer(real)
        programme, session = build_session(args.seconds)
        timeline = compile_session(session)
        real.load(timeline.cues)
        say(
            f"session: {len(session.steps)} steps, {timeline.duration_s} s; "
            f"{'idle' if args.idle else 'busy (1 spinning process)'}, {os.cpu_count()} CPUs, "
            f"load average {os.getloadavg()[0]:.2f} at the start"
        )
        run_now = next(c for c in timeline.cues if c.kind == "start" and c.step_kind == "run")
        report: Record = {
            "settings": {**vars(args), "cpus": os.cpu_count()},
            "cues": len(timeline.cues),
            "floor_ms": measure_floor(player, capture, compose(run_now, real.clips, real.sound)[0], args.floor_rounds),
        }
        workout = asyncio.run(run_app(programme, session, player, timeout=timeline.duration_s + 30))
        if workout is None:
            raise RuntimeError("the workout screen never appeared")
        timeline, runs = workout.timeline, {"textual": (player.log, workout._started + workout._shift)}
        if not args.no_plain:
            player.log = []
            runs["plain"] = (player.log, asyncio.run(run_plain(workout._fire_at, timeline.cues, player)))
        index = {id(cue): i for i, cue in enumerate(timeline.cues)}  # the app compiled its own Cues
        for name, (log, start) in runs.items():
            merged = match(log, capture.take(sum(e["nbytes"] for e in log)))
            report[name] = {**summarise(log, start, workout._fire_at, index, timeline.duration_s), "merged": merged}
        report["load_average_end"] = os.getloadavg()[0]
        return report
    finally:
        if spinner is not None:
            spinner.kill()
            spinner.wait()
        capture.proc.kill()
        capture.proc.wait()


def print_report(report: Record) -> None:
    floor = report["floor_ms"]
    print(
        f"cues: {report['cues']} (one simpleaudio stream each); ms against the schedule, late is +; "
        f"load average {report['load_average_end']:.2f} at the end"
    )
    print(
        f"measurement floor, isolated play at rest, play_frames() to first byte (n={floor['n']}): "
        f"min {floor['min']:.2f}, median {floor['p50']:.2f}, p90 {floor['p90']:.2f}, max {floor['max']:.2f}"
    )
    print(f"{'':34}{'n':>4}" + "".join(f"{k:>9}" for k in COLUMNS))
    for name, label in (("textual", "TrainerApp (Textual)"), ("plain", "plain asyncio call_at (no Textual)")):
        if name not in report:
            continue
        r = report[name]
        print(f"{label}: {r['merged']} merged streams, play() returned within {r['play_call_max_ms']:.2f}")
        for key, what in (
            ("dispatch", "(a) play() called vs scheduled"),
            ("first_byte", "(b) first byte vs scheduled"),
        ):
            print(f"  {what:<32}{r[key]['n']:4}" + "".join(f"{r[key][k]:9.2f}" for k in COLUMNS))
        worst = sorted(r["samples"], key=lambda s: -(s["first_byte_ms"] or 0))[:3]
        print("  worst (b): " + "; ".join(f"{s['cue']} at {s['at_s']:.3f} s: {s['first_byte_ms']:.1f}" for s in worst))
    print(
        f"goal: p99 <= {GOAL_P99_MS:g} ms, max <= {GOAL_MAX_MS:g} ms, no drift (|drift| <= {GOAL_DRIFT_MS:g} ms)"
        f" -- TrainerApp (b): {report['goal']['result']}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=float, default=75.0, help="session length (default 75)")
    parser.add_argument("--idle", action="store_true", help="no busy process on the other core")
    parser.add_argument("--no-plain", action="store_true", help="skip the plain asyncio comparison")
    parser.add_argument("--floor-rounds", type=int, default=30, help="isolated plays for the floor")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    args = parser.parse_args(argv)
    try:
        with tempfile.TemporaryDirectory(prefix="trainertui-cues-") as tmp:
            report = measure(args, Path(tmp), lambda line: print(line, file=sys.stderr if args.json else sys.stdout))
    except RuntimeError as error:
        print(f"cue_timing: {error}", file=sys.stderr)
        return 0
    b = report["textual"]["first_byte"]
    passed = b["p99"] <= GOAL_P99_MS and b["max"] <= GOAL_MAX_MS and abs(b["drift"]) <= GOAL_DRIFT_MS
    report["goal"] = {
        "p99_ms": GOAL_P99_MS,
        "max_ms": GOAL_MAX_MS,
        "drift_ms": GOAL_DRIFT_MS,
        "result": "PASS" if passed else "MISS",
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How close to the beat does each metronome click start, and does the beat drift, in a real-clock workout?

    .venv/bin/python bench/metronome_timing.py [--seconds 600] [--cadence 165] [--busy] [--json]

Method: the rig of bench/cue_timing.py. One run step of ``--seconds`` (default 600: a
10-minute step, run in real time) with a cadence, after a 5 s walk, runs in TrainerApp
headless (``run_test``) with the real clock, the default tick_s and the player from
``make_player``: simpleaudio into ALSA's ``file`` plugin (before ``null``) writing into a
FIFO, each stream re-opening it. A reader process timestamps each stream's first chunk with
time.monotonic() (system-wide) and saves its bytes. The click-track streams are those that
contain the click's bytes; in each, the clicks' onsets are found in the bytes (a threshold
after silence, less the click's own attack) and timed as first byte + offset / 22050. Each
onset is matched to beat k of the step; its error is onset - (step start + k * 60 / cadence),
the step start being the workout's own (``_started + _shift + start``; no pauses). Late is +.
Also: (a) each track's play_clicks() call against the moment its track begins on the grid.

Drift = median error of the beats in the last 60 s minus the first 60 s. Missing or doubled
beats are counted (none is the goal).

Limits. The null device is not paced: each track's bytes reach the FIFO at once, so a click's
time is its track's start at the device plus its sample offset, which is exactly how a real
card plays it, except that a real card's crystal runs tens of ppm off the system clock: that
drift, within one ~4 s track, is not measured here (at 100 ppm it is 0.4 ms at a track's end,
and every track is laid against the workout clock again). A real card also adds simpleaudio's
fixed 100 ms buffer and a sound server's latency, the same for every click and every cue.
--busy adds a spinning process on the other core, as cue_timing.py does by default. Exits 0.
"""

from __future__ import annotations

import argparse
import array
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from audio_helpers import onsets  # noqa: E402 - the same onset finder as tests/audio/test_metronome_audio.py

if TYPE_CHECKING:
    from trainertui.metronome import ClickTrack
    from trainertui.workout import Workout

Record = dict[str, Any]

READER = r"""
import os, sys, time
n = 0
while True:
    fd = os.open(sys.argv[1], os.O_RDONLY)
    first = os.read(fd, 1 << 20)
    at, data = time.monotonic(), [first]
    while chunk := os.read(fd, 1 << 20):
        data.append(chunk)
    os.close(fd)
    blob = b"".join(data)
    if blob:
        path = os.path.join(sys.argv[2], f"stream-{n:05d}.raw")
        with open(path, "wb") as out:
            out.write(blob)
        n += 1
        print(repr(at), path, flush=True)
"""
ALSA_CONF = 'pcm.!default {{ type file slave.pcm {{ type null }} file "{fifo}" format "raw" }}\n'
EDGE_S = 60.0
WALK_S = 5


class Capture:
    def __init__(self, folder: Path) -> None:
        fifo, conf, self.saved = folder / "capture.fifo", folder / "asound.conf", folder / "streams"
        self.saved.mkdir()
        os.mkfifo(fifo)
        conf.write_text(ALSA_CONF.format(fifo=fifo))
        os.environ["ALSA_CONFIG_PATH"] = str(conf)
        self.streams: list[tuple[float, Path]] = []
        self.proc = subprocess.Popen(
            [sys.executable, "-c", READER, str(fifo), str(self.saved)], stdout=subprocess.PIPE, text=True
        )
        threading.Thread(target=self._collect, daemon=True).start()

    def _collect(self) -> None:
        for line in self.proc.stdout:  # type: ignore[union-attr]
            at, path = line.split()
            self.streams.append((float(at), Path(path)))


def spread(values: list[float]) -> Record:
    values = sorted(values)
    q = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else values * 99
    return {"n": len(values), "min": values[0], "p50": statistics.median(values), "p99": q[98], "max": values[-1]}


async def run_app(seconds: int, cadence: int, player: Any, log: list[tuple[float, ClickTrack]]) -> Workout | None:
    from trainertui.catalogue import Catalogue
    from trainertui.clock import MonotonicClock
    from trainertui.model import Programme, Session, Step
    from trainertui.ui.app import TrainerApp
    from trainertui.ui.screens.summary import SummaryScreen
    from trainertui.ui.screens.workout import WorkoutScreen

    session = Session(
        "bench", "Metronome timing", (Step("walk", "Walk", WALK_S), Step("run", "Run", seconds, cadence=cadence))
    )
    programme = Programme(id="bench", name="Metronome bench", sessions=(session,))
    hand_over = player.play_clicks

    def play_clicks(track: ClickTrack) -> None:
        log.append((time.monotonic(), track))
        hand_over(track)

    player.play_clicks = play_clicks
    app = TrainerApp(Catalogue([programme]), clock=MonotonicClock(), player=player, start=(programme, session))
    workout = None
    async with app.run_test(size=(80, 24)):
        end = time.monotonic() + WALK_S + seconds + 30
        while not isinstance(app.screen, SummaryScreen) and time.monotonic() < end:
            if workout is None and isinstance(app.screen, WorkoutScreen):
                workout = app.screen.workout
            await asyncio.sleep(0.2)
        await asyncio.sleep(0.5)
    return workout


def measure(args: argparse.Namespace, folder: Path) -> Record:
    from trainertui.audio import SimpleAudioPlayer, make_player
    from trainertui.metronome import beat_sample, click_frames
    from trainertui.settings import SoundSettings
    from trainertui.tones import RATE

    for name in ("CONFIG", "DATA", "CACHE"):
        os.environ[f"TRAINERTUI_{name}_DIR"] = str(folder / name.lower())
    capture = Capture(folder)
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if args.busy else None
    try:
        sound = SoundSettings()
        player = make_player(sound)
        if not isinstance(player, SimpleAudioPlayer):
            raise RuntimeError(f"no player: {getattr(player, 'reason', player)}")
        log: list[tuple[float, ClickTrack]] = []
        load_start = os.getloadavg()[0]
        workout = asyncio.run(run_app(args.seconds, args.cadence, player, log))
        if workout is None:
            raise RuntimeError("the workout screen never appeared")
        time.sleep(1.0)  # the last streams reach the reader
    finally:
        if spinner is not None:
            spinner.kill()
            spinner.wait()
        capture.proc.kill()
        capture.proc.wait()
    step_start = workout._started + workout._shift + WALK_S
    click = click_frames(sound.click_volume)
    threshold = max(abs(x) for x in array.array("h", click)) // 4
    (lag,) = onsets(click, threshold)
    errors: list[tuple[float, float]] = []
    beats: list[int] = []
    tracks = 0
    for at, path in capture.streams:
        data = path.read_bytes()
        if click not in data:
            continue
        tracks += 1
        for onset in onsets(data, threshold):
            heard = at + (onset - lag) / RATE
            k = round((heard - step_start) * args.cadence / 60)
            beats.append(k)
            due = beat_sample(k, args.cadence) / RATE
            errors.append((due, 1000 * (heard - step_start - due)))
    expected = {k for k in range(10**6) if beat_sample(k, args.cadence) < args.seconds * RATE}
    first = [e for t, e in errors if t < EDGE_S]
    last = [e for t, e in errors if t >= args.seconds - EDGE_S]
    dispatch = [1000 * (called - step_start - track.start / RATE) for called, track in log]
    return {
        "settings": {**vars(args), "cpus": os.cpu_count()},
        "load_average": [load_start, os.getloadavg()[0]],
        "shares": player.shares,
        "tracks": tracks,
        "beats_expected": len(expected),
        "beats_heard": len(beats),
        "missing": len(expected - set(beats)),
        "doubled": len(beats) - len(set(beats)),
        "onset_ms": spread([e for _, e in errors]),
        "drift_ms": statistics.median(last) - statistics.median(first) if first and last else float("nan"),
        "dispatch_ms": spread(dispatch),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=int, default=600, help="length of the run step (default 600)")
    parser.add_argument("--cadence", type=int, default=165, help="steps a minute (default 165)")
    parser.add_argument("--busy", action="store_true", help="a busy process on the other core")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    try:
        with tempfile.TemporaryDirectory(prefix="trainertui-metronome-") as tmp:
            report = measure(args, Path(tmp))
    except RuntimeError as error:
        print(f"metronome_timing: {error}", file=sys.stderr)
        return 0
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    o, d = report["onset_ms"], report["dispatch_ms"]
    print(
        f"{args.seconds} s step at {args.cadence} spm, {'busy' if args.busy else 'idle'}, {os.cpu_count()} CPUs, "
        f"load average {report['load_average'][0]:.2f} -> {report['load_average'][1]:.2f}; device shares streams: "
        f"{report['shares']}"
    )
    print(
        f"beats: {report['beats_heard']} heard of {report['beats_expected']} "
        f"({report['missing']} missing, {report['doubled']} doubled) in {report['tracks']} click tracks"
    )
    print(
        f"click onset vs beat (ms, late +): min {o['min']:.2f}  p50 {o['p50']:.2f}  p99 {o['p99']:.2f}  "
        f"max {o['max']:.2f}  drift (last {EDGE_S:g} s - first {EDGE_S:g} s) {report['drift_ms']:+.3f}"
    )
    print(
        f"(a) play_clicks() called vs the track's start on the grid (ms): p50 {d['p50']:.2f}  "
        f"p99 {d['p99']:.2f}  max {d['max']:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

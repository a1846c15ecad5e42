"""Small builders shared by the tests (importable because pytest puts tests/ on the path)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from msgspec.structs import replace

from trainertui.history import CheckIn, Entry
from trainertui.metronome import ClickTrack
from trainertui.model import Cue, Programme, Session, Step
from trainertui.timeline import Timeline, compile_session
from trainertui.tones import RATE

ROOT = Path(__file__).resolve().parents[1]


def session_of(*steps: tuple[str, int | None], sid: str = "s1") -> Session:
    """A session from (kind, seconds) pairs; None seconds makes an untimed rep step."""
    made = tuple(
        Step(kind=kind, name=f"{kind} {n}", duration_s=seconds, reps="8" if seconds is None else "")
        for n, (kind, seconds) in enumerate(steps)
    )
    return Session(id=sid, title=f"Session {sid}", steps=made)


def timeline_of(*steps: tuple[str, int | None]) -> Timeline:
    return compile_session(session_of(*steps))


class RecordingPlayer:
    """A Player that keeps what it was asked to play, for asserting on cues."""

    def __init__(self) -> None:
        self.played: list[Cue] = []
        self.stops = 0
        self.closed = False

    def loaded(self, cues: Sequence[Cue]) -> bool:
        return True

    def load(self, cues: Sequence[Cue]) -> list[str]:
        return []

    def lead_s(self, cue: Cue) -> float:
        return 0.0

    def play(self, cue: Cue) -> None:
        self.played.append(cue)

    def spoken_s(self, cue: Cue) -> float:
        return 0.0

    def prepare_clicks(self) -> None:
        pass

    def play_clicks(self, track: ClickTrack) -> None:
        pass

    def stop_clicks(self) -> None:
        pass

    def stop(self) -> None:
        self.stops += 1

    def close(self) -> None:
        self.closed = True

    @property
    def texts(self) -> list[str]:
        return [cue.text for cue in self.played]


def programme_of(*sessions: Session, pid: str = "test", name: str = "Test programme") -> Programme:
    return Programme(id=pid, name=name, sessions=sessions)


def screen_text(app: Any) -> str:
    """The characters on the app's screen right now, one line per row (what a person reads)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


# --- history ----------------------------------------------------------------------------------

T0 = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)  # a Monday


def entry(
    session_id: str = "s1",
    *,
    ended: datetime = T0,
    completed: bool = True,
    programme_id: str = "test",
    active_s: float = 600.0,
    checkin: CheckIn | None = None,
    programme_name: str = "Test programme",
) -> Entry:
    return Entry(
        programme_id=programme_id,
        programme_name=programme_name,
        session_id=session_id,
        session_title=f"Session {session_id}",
        started=ended - timedelta(seconds=active_s),
        ended=ended,
        planned_s=900,
        active_s=active_s,
        steps_done=3 if completed else 1,
        steps_skipped=0,
        steps_total=3,
        completed=completed,
        checkin=checkin,
    )


def plan_of(*ids: str, weeks: tuple[int, ...] = ()) -> Programme:
    sessions = [session_of(("run", 60), sid=sid) for sid in ids]
    if weeks:
        sessions = [replace(s, week=w) for s, w in zip(sessions, weeks, strict=True)]
    return programme_of(*sessions)


def stub_engines(folder: Path, *names: str, failing: Sequence[str] = ()) -> Path:
    """A folder, meant to be all of PATH, holding stand-ins for the speech programs ``names``
    ("flite", "espeak-ng", "sox"). A stand-in engine writes a 0.1 s clip at 22050 Hz whose every
    sample is the same value, different for each engine (``STUB_SAMPLE``), and adds a line to
    ``calls.log`` beside the folder; the sox stand-in copies its input to its output. Those in
    ``failing`` exit with an error instead."""
    import sys

    folder.mkdir(parents=True, exist_ok=True)
    log = folder.parent / "calls.log"
    for name in names:
        out_flag = {"flite": "-o", "espeak-ng": "-w"}.get(name)
        body = (
            "sys.exit('it broke')"
            if name in failing
            else "shutil.copyfile(args[0], args[7])"
            if name == "sox"
            else f"out = args[args.index({out_flag!r}) + 1]\n"
            "with wave.open(out, 'wb') as clip:\n"
            "    clip.setnchannels(1); clip.setsampwidth(2); clip.setframerate(22050)\n"
            f"    clip.writeframes(({STUB_SAMPLE[name]}).to_bytes(2, 'little', signed=True) * 2205)"
        )
        script = folder / name
        script.write_text(
            f"#!{sys.executable}\nimport shutil, sys, wave\nargs = sys.argv[1:]\n"
            f"with open({str(log)!r}, 'a') as log:\n    log.write({name!r} + '\\n')\n{body}\n"
        )
        script.chmod(0o755)
    return folder


#: The sample value each stand-in engine's clip holds, to tell which engine spoke.
STUB_SAMPLE = {"flite": 1000, "espeak-ng": 2000, "sox": 0}


class Stream:
    def __init__(self, backend: FakeBackend, frames: bytes) -> None:
        self.backend, self.frames, self.began, self.stopped = backend, frames, backend.now, False

    def is_playing(self) -> bool:
        return not self.stopped and self.backend.now < self.began + len(self.frames) / 2 / RATE

    def stop(self) -> None:
        self.stopped = True

    def wait_done(self) -> None:
        pass


class FakeBackend:
    """simpleaudio's play_buffer on a device paced by a fake clock; ``one_stream``: a second
    stream while one plays fails to open, as a busy raw card opened without waiting would."""

    def __init__(self, one_stream: bool = False) -> None:
        self.now = 0.0
        self.one_stream = one_stream
        self.streams: list[Stream] = []

    def play_buffer(self, frames: bytes, channels: int, width: int, rate: int) -> Stream:
        if self.one_stream and any(s.is_playing() for s in self.streams):
            raise RuntimeError("Error opening PCM device. -- CODE: -16 -- MSG: Device or resource busy")
        self.streams.append(Stream(self, frames))
        return self.streams[-1]

    def stop_all(self) -> None:
        for stream in self.streams:
            stream.stop()

    def playing(self) -> list[Stream]:
        return [s for s in self.streams if s.is_playing()]

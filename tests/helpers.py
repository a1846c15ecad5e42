"""Small builders shared by the tests (importable because pytest puts tests/ on the path)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from trainertui.model import Cue, Programme, Session, Step
from trainertui.timeline import Timeline, compile_session

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

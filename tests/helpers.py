"""Small builders shared by the tests (importable because pytest puts tests/ on the path)."""

from __future__ import annotations

from pathlib import Path

from trainertui.model import Session, Step
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

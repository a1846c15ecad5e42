"""Small builders shared by the tests (importable because pytest puts tests/ on the path)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from trainertui.history import CheckIn, Entry
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

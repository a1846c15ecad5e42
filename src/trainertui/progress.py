"""What the history means: which sessions are done and which comes next, the streak, and the
weekly figures. Views derived from the rows the store (history.py) hands out; nothing here
writes, and "now" is always passed in (the app takes it from its Clock), so every rule can be
tested at any date.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from trainertui.history import History, from_utc_text, utc_text
from trainertui.model import Programme

WEEKS_CHARTED = 12


@dataclass(frozen=True, slots=True)
class Progress:
    """One programme's progress, for the menu's marks and its header."""

    done: frozenset[str]  # session ids completed at least once
    next_session_id: str | None  # None after the last session, and always for alternatives
    completed_count: int  # distinct sessions done
    total: int
    week: int | None  # the week of the next session, if the programme has weeks


@dataclass(frozen=True, slots=True)
class Stats:
    week_active_s: float  # this ISO week, local time
    streak_weeks: int  # consecutive weeks with >= per_week completed workouts, ending this or last week
    per_programme: dict[str, tuple[int, float]]  # programme name -> (workouts, active seconds), by name
    weekly_minutes: list[float]  # active minutes per week, oldest first, the last 12 weeks incl. this one
    pain: list[tuple[datetime, int]]  # (ended, pain), oldest first


def next_session(programme: Programme, done_in_order: Sequence[str]) -> str | None:
    """The session after the latest completed one, in programme order.

    ``done_in_order`` is completed session ids, oldest completion first; ids the programme no
    longer has are ignored. Going by the *latest* completion, not the first gap, means someone
    who skipped ahead is not sent back. With nothing done it is the first session; after the
    last session it is None.
    """
    index = {session.id: i for i, session in enumerate(programme.sessions)}
    latest = next((index[sid] for sid in reversed(done_in_order) if sid in index), -1)
    following = latest + 1
    return programme.sessions[following].id if following < len(programme.sessions) else None


def progress(history: History, programme: Programme) -> Progress:
    return progress_all(history, [programme])[programme.id]


def progress_all(history: History, programmes: Sequence[Programme]) -> dict[str, Progress]:
    """Every programme's progress from one query; only completed runs count as done."""
    if not programmes:
        return {}
    done_in_order: dict[str, list[str]] = {p.id: [] for p in programmes}
    for programme_id, session_id in history.completed_sessions(list(done_in_order)):
        done_in_order[programme_id].append(session_id)
    result = {}
    for programme in programmes:
        known = {s.id for s in programme.sessions}
        done = frozenset(sid for sid in done_in_order[programme.id] if sid in known)
        upcoming = None if programme.alternatives else next_session(programme, done_in_order[programme.id])
        session = programme.session(upcoming) if upcoming is not None else None
        result[programme.id] = Progress(
            done=done,
            next_session_id=upcoming,
            completed_count=len(done),
            total=len(programme.sessions),
            week=session.week if session is not None else None,
        )
    return result


def stats(history: History, now: datetime, per_week: int = 3) -> Stats:
    """Figures for the history screen.

    Weeks are ISO weeks (Monday to Sunday) in local time: a run at 00:30 on Monday belongs
    to the week it felt like. "Local" is ``now``'s time zone when ``now`` is aware (tests pin
    it that way), else the machine's (``clock.local_now`` gives a naive local time, so each
    week gets its own DST offset). Partial workouts count towards active time and the
    per-programme totals, but only completed ones towards the streak.
    """
    if per_week < 1:
        raise ValueError(f"per_week must be at least 1, got {per_week}")
    zone: tzinfo | None = now.tzinfo
    now = now.astimezone(zone)

    def monday(moment: datetime) -> date:
        day = moment.astimezone(zone).date()
        return day - timedelta(days=day.weekday())

    def starts_at(day: date) -> str:
        """Local midnight as stored text; naive-then-astimezone gets each date's own DST offset."""
        midnight = datetime(day.year, day.month, day.day, tzinfo=zone)
        return utc_text(midnight if zone is not None else midnight.astimezone())

    rows = history.timeline_rows()
    this_week = monday(now)
    first = monday(from_utc_text(rows[0][0])) if rows else this_week
    last = max(this_week, monday(from_utc_text(rows[-1][0]))) if rows else this_week
    weeks = [first + timedelta(weeks=k) for k in range((last - first).days // 7 + 1)]
    # Rows come in time order, so a moving index over the weeks' start times buckets them
    # without converting 10,000 timestamps to local dates one by one.
    ends = [starts_at(week) for week in weeks[1:]]
    active: defaultdict[date, float] = defaultdict(float)
    completed: Counter[date] = Counter()  # completed workouts a week
    pain: list[tuple[datetime, int]] = []
    i = 0
    for ended, active_s, done, pain_score in rows:
        while i < len(ends) and ended >= ends[i]:
            i += 1
        active[weeks[i]] += active_s
        completed[weeks[i]] += 1 if done else 0
        if pain_score is not None:
            pain.append((from_utc_text(ended), pain_score))

    week = this_week if completed[this_week] >= per_week else this_week - timedelta(weeks=1)
    streak = 0
    while completed[week] >= per_week:
        streak += 1
        week -= timedelta(weeks=1)
    return Stats(
        week_active_s=active[this_week],
        streak_weeks=streak,
        per_programme={name: (count, seconds) for name, count, seconds in history.totals_by_programme()},
        weekly_minutes=[active[this_week - timedelta(weeks=k)] / 60 for k in range(WEEKS_CHARTED - 1, -1, -1)],
        pain=pain,
    )

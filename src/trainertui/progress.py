"""What the history means: which sessions are done and which comes next, the streak, and the
weekly figures. Views derived from the rows the store (history.py) hands out; nothing here
writes, and "now" is always passed in (the app takes it from its Clock), so every rule can be
tested at any date.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta, tzinfo
from fractions import Fraction

from msgspec import Struct

from trainertui.history import History, from_utc_text, utc_text
from trainertui.model import Programme

WEEKS_CHARTED = 12
#: A workout stopped this soon, with no step done, is a false start (the wrong session
#: picked), not a workout: the recorder does not keep it, and advice ignores one that was kept.
MIN_RECORDED_S = 10.0
#: Workouts a week that make a week count towards the streak, for a programme that does not
#: say (``sessions_per_week``): the NHS's three runs a week.
DEFAULT_PER_WEEK = 3
#: The series of pain given without saying where.
UNPLACED = "Not said where"
#: What separates places in one "where": "knees, upper back", "neck and shoulders".
_PLACE_SEPARATORS = re.compile(r"[,;/&+]|\band\b", re.IGNORECASE)


class Progress(Struct, frozen=True):
    """One programme's progress, for the menu's marks and its header."""

    done: frozenset[str]  # session ids completed at least once
    next_session_id: str | None  # None after the last session, and always for alternatives
    completed_count: int  # distinct sessions done
    total: int
    week: int | None  # the week of the next session, if the programme has weeks


class Stats(Struct, frozen=True):
    """The history screen's totals: this week, the streak, by programme and week by week."""

    week_active_s: float  # this ISO week, local time
    streak_weeks: int  # consecutive weeks that were a full week of training (see stats), ending this or last week
    per_programme: dict[str, tuple[int, float]]  # programme name -> (workouts, active seconds), by name
    weekly_minutes: list[float]  # active minutes per week, oldest first, the last 12 weeks incl. this one
    #: Pain over time for each place reported (its label, as ``place_label`` gives it), oldest
    #: first, most recently reported place first; pain given without a place is ``UNPLACED``.
    pain_by_place: dict[str, list[tuple[datetime, int]]]
    #: The Monday (local) that starts the first charted week.
    first_week: date | None = None


def place_key(text: str) -> str:
    """One spelling for one place: "Upper back", "upper  back " and "upper-back" are the same."""
    return " ".join(text.replace("-", " ").replace("_", " ").split()).casefold()


def places(where: str) -> list[str]:
    """The places in a check-in's "where", as keys, in the order written, each once."""
    keys = (place_key(part) for part in _PLACE_SEPARATORS.split(where))
    return list(dict.fromkeys(key for key in keys if key))


def place_label(key: str) -> str:
    return key[:1].upper() + key[1:] if key else UNPLACED


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
    """Every programme's progress; only completed runs count as done. When the person chose
    to repeat the latest session (the menu's "repeat it before moving on?"), that session is
    next until another workout of the programme is recorded."""
    if not programmes:
        return {}
    done_in_order: dict[str, list[str]] = {p.id: [] for p in programmes}
    for programme_id, session_id in history.completed_sessions(list(done_in_order)):
        done_in_order[programme_id].append(session_id)
    sequences = [p.id for p in programmes if not p.alternatives]
    latest = history.latest_workouts(sequences, MIN_RECORDED_S)
    result = {}
    for programme in programmes:
        known = {s.id for s in programme.sessions}
        done = frozenset(sid for sid in done_in_order[programme.id] if sid in known)
        upcoming = None if programme.alternatives else next_session(programme, done_in_order[programme.id])
        last = latest.get(programme.id)
        if last is not None and last.answer == "repeat" and last.session_id in known:
            upcoming = last.session_id
        session = programme.session(upcoming) if upcoming is not None else None
        result[programme.id] = Progress(
            done=done,
            next_session_id=upcoming,
            completed_count=len(done),
            total=len(programme.sessions),
            week=session.week if session is not None else None,
        )
    return result


def stats(history: History, now: datetime, per_week: int | Mapping[str, int] = DEFAULT_PER_WEEK) -> Stats:
    """Figures for the history screen.

    Weeks are ISO weeks (Monday to Sunday) in local time: a run at 00:30 on Monday belongs
    to the week it felt like. "Local" is ``now``'s time zone when ``now`` is aware (tests pin
    it that way), else the machine's (``clock.local_now`` gives a naive local time, so each
    week gets its own DST offset). Partial workouts count towards active time and the
    per-programme totals, but only completed ones towards the streak.

    The streak counts weeks that were a full week of training: each completed workout is
    worth ``1 / per_week`` of a week of its programme (``per_week`` is one number for every
    programme, or each programme's own ``sessions_per_week`` by id, DEFAULT_PER_WEEK for one
    not listed), and a week counts when they add up to 1. With one programme that is "at
    least its number of workouts"; with several, three Couch to 5K runs make a week, and so
    do five Strength and Flex sessions, or two runs and two strength sessions (2/3 + 2/5).
    """
    targets = per_week if isinstance(per_week, Mapping) else {}
    default = per_week if isinstance(per_week, int) else DEFAULT_PER_WEEK
    if min([default, *targets.values()]) < 1:
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
    worth: defaultdict[date, Fraction] = defaultdict(Fraction)  # the part of a full week done
    shares: dict[str, Fraction] = {}
    pain = _PainSeries()
    i = 0
    for ended, active_s, done, pain_score, where, programme_id in rows:
        while i < len(ends) and ended >= ends[i]:
            i += 1
        active[weeks[i]] += active_s
        if done:
            share = shares.get(programme_id)
            if share is None:
                share = shares[programme_id] = Fraction(1, targets.get(programme_id, default))
            worth[weeks[i]] += share
        if pain_score is not None:
            pain.add(from_utc_text(ended), pain_score, where)

    week = this_week if worth[this_week] >= 1 else this_week - timedelta(weeks=1)
    streak = 0
    while worth[week] >= 1:
        streak += 1
        week -= timedelta(weeks=1)
    return Stats(
        week_active_s=active[this_week],
        streak_weeks=streak,
        per_programme={name: (count, seconds) for name, count, seconds in history.totals_by_programme()},
        weekly_minutes=[active[this_week - timedelta(weeks=k)] / 60 for k in range(WEEKS_CHARTED - 1, -1, -1)],
        pain_by_place=pain.by_label(),
        first_week=this_week - timedelta(weeks=WEEKS_CHARTED - 1),
    )


class _PainSeries:
    """Pain scores sorted into one series per place, in time order.

    A score given without a place goes to its own series (UNPLACED), except a 0: "no pain"
    with nowhere named means nowhere hurt, so it is a 0 for every place reported so far; that
    is what shows a pain easing off.
    """

    def __init__(self) -> None:
        self.points: dict[str, list[tuple[datetime, int]]] = {}
        self.last_seen: dict[str, datetime] = {}

    def add(self, ended: datetime, score: int, where: str) -> None:
        keys = places(where)
        filled = not keys and score == 0 and any(self.points)
        for key in keys or ([key for key in self.points if key] if filled else [""]):
            self.points.setdefault(key, []).append((ended, score))
            if not filled:
                self.last_seen[key] = ended

    def by_label(self) -> dict[str, list[tuple[datetime, int]]]:
        """Most recently reported first: the legend leads with what hurts now."""
        order = sorted(self.points, key=lambda key: self.last_seen[key], reverse=True)
        return {place_label(key): self.points[key] for key in order}

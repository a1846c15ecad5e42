"""Advice from the history, for the menu: repeat a hard session or go on, when the next session
is due, and a back-care session for a pain that keeps coming back.

Each piece is one line on screen and never stands in the way: Enter still starts what is
highlighted. Like progress.py, this only reads, and "now" is passed in, so every rule is
tested at any date. The rules (docs/history.md lists them for people):

- **Repeat or go on.** When a plan's latest workout (false starts left out) was stopped
  early, or its check-in said effort 8+ or pain 5+, the menu asks whether to repeat it before
  moving on (the NHS: repeat a run or a week until it feels comfortable). The answer is kept
  on that workout, so it is asked once; "repeat" makes that session "next" (progress.py)
  until another workout of the plan is recorded. Programmes whose sessions are alternatives
  have no "next", so nothing to repeat before.
- **Rest days.** A programme's ``sessions_per_week`` gives a rhythm: ``7 // n`` days from
  one session to the next (3 a week: a day's rest between runs). After a workout, the menu
  says when the next one is due, until that day comes.
- **Pain by place.** When the same place hurt in the last two check-ins that said anything
  about pain (the later one within PAIN_RECENT_DAYS), the menu names the back-care session
  for it (neck, shoulders, upper back: the upper-back session; lower back: the lower-back
  one; nothing for other places), and says to see a GP or physiotherapist if it is sharp or
  lasts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta, tzinfo

from msgspec import Struct, field

from trainertui.history import History, Record, from_utc_text
from trainertui.model import Programme, Session
from trainertui.progress import MIN_RECORDED_S, Progress, place_label, places

#: A check-in at or above these asks whether to repeat the session before moving on.
HARD_EFFORT, HURT_PAIN = 8, 5
#: The back-care suggestion is about now: the later of the two check-ins is this recent.
PAIN_RECENT_DAYS = 28
BACK_CARE = "back-care"
GP_NOTE = "If the pain is sharp, spreading or lasts, see a GP or physiotherapist."

#: Which back-care session helps which place: the first whose words a place contains wins,
#: so "lower back" is looked for before "back". A place matching none (knees, hips) gets no
#: session, only the note.
BACK_CARE_SESSIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("lower-back", ("lower back", "low back", "lumbar", "bottom of my back", "lower spine")),
    ("upper-back", ("upper back", "neck", "shoulder", "mid back", "middle back", "thoracic", "upper spine")),
)
#: A bare "back" is the NHS back pain exercises: the lower back.
BARE_BACK = "lower-back"


class Repeat(Struct, frozen=True):
    """A plan's latest workout was hard: repeat it, or go on?"""

    programme_id: str
    record_id: int  # the workout the answer is kept on
    session_id: str  # the session to repeat
    title: str
    why: str  # "felt 9/10", "hurt (pain 6/10, knees)", "was stopped early"
    go_on: str | None  # the session going on means: the plan's next, leaving the repeat aside
    answer: str  # "", "repeat" or "go on" (history.ANSWERS)

    @property
    def asking(self) -> bool:
        """Whether the menu asks (r: repeat, Enter: go on): not once answered, and not when
        going on would be the same session anyway (a partial run of the next one)."""
        return self.answer == "" and self.go_on != self.session_id

    @property
    def line(self) -> str:
        """ "" when there is nothing to say (the person chose to go on)."""
        if self.answer == "go on":
            return ""
        if self.answer == "repeat":
            return f"Repeating {self.title}: it {self.why} last time."
        if self.go_on == self.session_id:
            return f"{self.title} {self.why}, so it is next again."
        if self.go_on is None:
            return f"{self.title} {self.why}: repeat it until it feels comfortable? (r: repeat)"
        return f"{self.title} {self.why}: repeat it before moving on? (r: repeat, Enter: go on)"


class BackCare(Struct, frozen=True):
    """The same place hurt twice in a row."""

    place: str  # its label: "Upper back"
    programme: Programme | None  # the back-care programme and session for it, if any
    session: Session | None

    @property
    def line(self) -> str:
        if self.programme is None or self.session is None:
            return f"{self.place} hurt in your last two check-ins."
        return f"{self.place} hurt in your last two check-ins: try {self.programme.name}, {self.session.title}."


class Advice(Struct, frozen=True):
    """Everything the menu says about the history, by programme id where it belongs to one."""

    repeat: dict[str, Repeat] = field(default_factory=dict)
    rest: dict[str, str] = field(default_factory=dict)  # "Rest day today: next run tomorrow"
    back_care: BackCare | None = None

    def lines(self, programme_id: str | None) -> list[str]:
        """What the menu shows with this programme highlighted: its own advice, then the
        back-care suggestion (about the person, so shown whatever is highlighted)."""
        shown: list[str] = []
        repeat = self.repeat.get(programme_id or "")
        if repeat is not None and repeat.line:
            shown.append(repeat.line)
        if programme_id in self.rest:
            shown.append(self.rest[programme_id])
        if self.back_care is not None:
            shown += [self.back_care.line, GP_NOTE]
        return shown


NO_ADVICE = Advice()


def advise(
    history: History,
    programmes: Sequence[Programme],
    progress: Mapping[str, Progress],
    now: datetime,
) -> Advice:
    """The menu's advice at ``now`` (aware: its zone is "local"; naive: the machine's).

    Reads one indexed row per programme and the two latest check-ins about pain: cheap enough
    for the menu's start-up (bench/advice_timing.py)."""
    latest = history.latest_workouts([p.id for p in programmes], MIN_RECORDED_S)
    zone: tzinfo | None = now.tzinfo
    today = now.astimezone(zone).date()
    repeat: dict[str, Repeat] = {}
    rest: dict[str, str] = {}
    for programme in programmes:
        last = latest.get(programme.id)
        if last is None:
            continue
        found = repeat_advice(programme, last, progress.get(programme.id))
        if found is not None:
            repeat[programme.id] = found
        line = rest_advice(programme, last.ended.astimezone(zone).date(), today, progress.get(programme.id))
        if line:
            rest[programme.id] = line
    checkins = [(from_utc_text(ended), pain, where) for ended, pain, where in history.pain_checkins(2)]
    return Advice(repeat, rest, back_care_advice(checkins, programmes, now))


def repeat_advice(programme: Programme, last: Record, progress: Progress | None) -> Repeat | None:
    """Repeat or go on, about the plan's latest workout (``last``, not a false start)."""
    session = programme.session(last.session_id)
    if programme.alternatives or session is None:
        return None
    checkin = last.checkin
    if checkin is not None and checkin.pain is not None and checkin.pain >= HURT_PAIN:
        where = " ".join(checkin.pain_where.split())
        why = f"hurt (pain {checkin.pain}/10{', ' + where if where else ''})"
    elif checkin is not None and checkin.effort is not None and checkin.effort >= HARD_EFFORT:
        why = f"felt {checkin.effort}/10"
    elif not last.completed:
        why = "was stopped early"
    else:
        return None
    upcoming = progress.next_session_id if progress is not None else None
    go_on = upcoming if last.answer != "repeat" else None
    return Repeat(programme.id, last.id, session.id, session.title, why, go_on, last.answer)


def rest_advice(programme: Programme, last_day: date, today: date, progress: Progress | None) -> str:
    """When the next session is due, from the programme's rhythm; "" once it is due (or for a
    programme with no rhythm, or a plan with nothing left to do)."""
    per_week = programme.sessions_per_week
    if not per_week:
        return ""
    upcoming = progress.next_session_id if progress is not None else None
    if not programme.alternatives and upcoming is None:
        return ""
    due = last_day + timedelta(days=max(1, 7 // per_week))
    days = (due - today).days
    if days <= 0:
        return ""
    nxt = programme.session(upcoming) if upcoming is not None else None
    runs = nxt.steps if nxt is not None else [step for s in programme.sessions for step in s.steps]
    what = "run" if any(step.kind == "run" for step in runs) else "session"
    when = "tomorrow" if days == 1 else "in a week" if days >= 7 else f"on {due:%A}"
    if last_day == today:
        return f"Done for today: next {what} {when}"
    return f"Rest day today: next {what} {when}"


def back_care_advice(
    checkins: Sequence[tuple[datetime, int | None, str]], programmes: Sequence[Programme], now: datetime
) -> BackCare | None:
    """``checkins``: (ended, pain, where) of the latest check-ins about pain, newest first. A
    pain of 0 says nothing hurt, so it breaks the run of reports."""
    if len(checkins) < 2:
        return None
    (latest, latest_pain, latest_where), (_, previous_pain, previous_where) = checkins[0], checkins[1]
    if _aware(now) - latest > timedelta(days=PAIN_RECENT_DAYS):
        return None

    def hurting(pain: int | None, where: str) -> list[str]:
        return [] if pain == 0 else places(where)

    earlier = set(hurting(previous_pain, previous_where))
    both = [key for key in hurting(latest_pain, latest_where) if key in earlier]
    if not both:
        return None
    back_care = next((p for p in programmes if p.id == BACK_CARE), None)
    for key in both:
        session = back_care.session(back_care_session(key) or "") if back_care is not None else None
        if session is not None:
            return BackCare(place_label(key), back_care, session)
    return BackCare(place_label(both[0]), None, None)


def back_care_session(place: str) -> str | None:
    """The back-care session's id for a place (a key from ``progress.places``), or None."""
    for session_id, words in BACK_CARE_SESSIONS:
        if any(word in place for word in words):
            return session_id
    return BARE_BACK if place == "back" else None


def _aware(now: datetime) -> datetime:
    """Stored times are aware UTC; a naive ``now`` is the machine's local time."""
    return now if now.tzinfo is not None else now.astimezone()

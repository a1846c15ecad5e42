"""The routine data model: frozen value types (msgspec Structs) with no I/O.

A Programme holds Sessions; a Session is a flat tuple of Steps, already expanded from the
file's repeat blocks, shared blocks and left/right sides, so everything downstream
(timeline, workout, UI) only ever walks a plain list.
"""

from __future__ import annotations

from pathlib import Path

from msgspec import Struct
from msgspec.structs import astuple, replace


class Kind(Struct, frozen=True):
    """Everything that follows from a step's kind, in one place: the reader, the timeline, the
    sound and every screen (and their stylesheets) take it from here."""

    id: str
    #: Shown on screen with every step, so colour is never the only signal.
    word: str
    #: The step's name when the file gives none; "" means the file must name it.
    default_name: str
    #: What the voice says when the step starts, unless the file says otherwise; "" means the
    #: step's own name (an exercise is announced by what it is).
    start_phrase: str
    #: Counts as work (the part that makes you sweat) in totals and in "was it done".
    work: bool
    #: The theme colour the screens tint this kind with (a Textual theme variable's name).
    colour: str
    #: The tone that opens a step of this kind; four are told apart by ear.
    tone: str


#: The kinds a step can have, in the order the docs list them.
KINDS: dict[str, Kind] = {
    kind.id: kind
    for kind in (
        Kind("warmup", "WARM UP", "Warm-up", "Warm up", work=False, colour="primary", tone="walk"),
        Kind("walk", "WALK", "Walk", "Walk now", work=False, colour="success", tone="walk"),
        Kind("run", "RUN", "Run", "Run now", work=True, colour="error", tone="run"),
        Kind("cooldown", "COOL DOWN", "Cool-down", "Cool down", work=False, colour="primary", tone="walk"),
        Kind("exercise", "EXERCISE", "", "", work=True, colour="warning", tone="exercise"),
        Kind("rest", "REST", "Rest", "Rest", work=False, colour="accent", tone="rest"),
        Kind("stretch", "STRETCH", "", "", work=False, colour="secondary", tone="exercise"),
    )
}
STEP_KINDS: tuple[str, ...] = tuple(KINDS)
WORK_KINDS: frozenset[str] = frozenset(kind.id for kind in KINDS.values() if kind.work)

SIDES: tuple[str, str] = ("left", "right")


class Step(Struct, frozen=True):
    """One interval of a session.

    ``duration_s`` is None for untimed, rep-based steps that end when the person says so.
    ``line`` is where the step was written in its file, so later errors can point at it.
    """

    kind: str
    name: str
    duration_s: int | None
    tip: str = ""
    reps: str = ""
    side: str = ""
    say: str = ""
    line: int = 0
    #: Steps a minute for the stride metronome during this step (None: no beat).
    cadence: int | None = None
    #: What to do instead with other equipment: (equipment id, the step to do instead).
    instead: tuple[tuple[str, Step], ...] = ()
    #: Which written step this copy came from (repeats and sides make copies); not compared.
    origin: int = 0

    def __eq__(self, other: object) -> bool:
        if type(other) is not Step:
            return NotImplemented
        return astuple(self)[:-1] == astuple(other)[:-1]  # all but ``origin``, the last field

    def __hash__(self) -> int:
        return hash(astuple(self)[:-1])

    @property
    def timed(self) -> bool:
        return self.duration_s is not None

    def using(self, equipment: str) -> Step:
        """This step as done with ``equipment`` (itself when nothing else is written for it)."""
        return next((step for kit, step in self.instead if kit == equipment), self)

    @property
    def label(self) -> str:
        """The name as shown and spoken, including the side when there is one."""
        return f"{self.name} ({self.side})" if self.side else self.name


class Session(Struct, frozen=True):
    """One workout of a programme: its steps in order, and the week it belongs to (if any)."""

    id: str
    title: str
    steps: tuple[Step, ...]
    week: int | None = None
    #: The sessions this one is made of, in order ("warm-up", "workout", "stretch"); its steps
    #: are theirs, run as one workout with one record in the history.
    parts: tuple[str, ...] = ()

    @property
    def planned_s(self) -> int:
        """Sum of the timed steps; untimed steps add whatever the person takes."""
        return sum(s.duration_s or 0 for s in self.steps)

    def using(self, equipment: str) -> Session:
        """The session as done with ``equipment``: each step that has another way of doing it
        with that equipment is replaced by it."""
        steps = tuple(step.using(equipment) for step in self.steps)
        return self if steps == self.steps else replace(self, steps=steps)


class Equipment(Struct, frozen=True):
    """A way of doing a programme's exercises: "a park bench", "at home". The first a
    programme lists is what its steps are written for."""

    id: str
    name: str


class Programme(Struct, frozen=True):
    """A plan read from one routine file: its sessions and the ways of doing them."""

    id: str
    name: str
    sessions: tuple[Session, ...]
    description: str = ""
    credit: str = ""
    sessions_per_week: int | None = None
    path: Path | None = None
    bundled: bool = False
    #: The sessions are alternatives to pick from, not a sequence to work through: there is no
    #: "next" (a glute workout's warm-up, workout and stretch; Couch to 5K+'s three podcasts).
    alternatives: bool = False
    #: Ways of doing the exercises, the default first (empty: one way only).
    equipment: tuple[Equipment, ...] = ()
    #: Whether the stride metronome clicks by default in steps with a cadence (the person can
    #: switch it on or off; a programme whose beat is an extra, like Couch to 5K's, says False).
    metronome: bool = True

    def session(self, session_id: str) -> Session | None:
        return next((s for s in self.sessions if s.id == session_id), None)

    def equipment_named(self, equipment_id: str | None) -> Equipment | None:
        """The programme's equipment with this id, or its default (None without any)."""
        return next((e for e in self.equipment if e.id == equipment_id), self.equipment[0] if self.equipment else None)

    @property
    def weeks(self) -> list[tuple[int | None, list[Session]]]:
        """Sessions grouped by week, in file order."""
        groups: list[tuple[int | None, list[Session]]] = []
        for s in self.sessions:
            if groups and groups[-1][0] == s.week:
                groups[-1][1].append(s)
            else:
                groups.append((s.week, [s]))
        return groups


class Cue(Struct, frozen=True):
    """Something to announce at a moment of the session, in planned seconds from its start.

    A cue is data, not sound: the player decides how to make ``text`` heard. ``step`` is the
    index of the step during which it falls due (``len(steps)`` for the finish cue);
    ``step_kind`` is the kind of the step a start cue begins, so it can have its own tone.
    """

    at_s: float
    kind: str
    text: str
    step: int
    step_kind: str = ""

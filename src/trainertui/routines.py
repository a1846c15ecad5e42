"""Read routine files (YAML) into the model, reporting every problem as ``FILE:LINE: message``.

Parsing uses PyYAML's safe loader (libyaml's, when PyYAML has it); the only change is that
mappings and sequences remember the line each key and item came from, so a problem deep in a
session can point at its line. The format is documented in docs/routine-format.md.

Every limit below exists so that a mistyped or hostile file cannot hang or exhaust the
machine: files are read only up to MAX_FILE_BYTES, expansion stops at MAX_STEPS, nesting at
MAX_DEPTH, and a file stops being examined after MAX_PROBLEMS problems.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from pathlib import Path

import yaml
from msgspec import Struct, field
from msgspec.structs import replace

from trainertui.durations import format_span, parse_duration
from trainertui.model import KINDS, SIDES, STEP_KINDS, Equipment, Programme, Session, Step

# Defined apart (the catalogue's cache rebuilds problems without this module and PyYAML), and
# exported from here too: what load_programme raises belongs with it.
from trainertui.problems import Problem as Problem
from trainertui.problems import RoutineError as RoutineError
from trainertui.text import control_in, quoted, shorten, visible

MAX_FILE_BYTES = 1_000_000
MAX_SESSION_S = 6 * 3600
MAX_STEPS = 10_000
MAX_REPEAT = 1_000
MAX_DEPTH = 8
MAX_SESSIONS = 500
MAX_PROBLEMS = 50
MAX_NAME = 80
MAX_TEXT = 600

UNTIMED = "untimed"

MIN_CADENCE, MAX_CADENCE = 100, 220
MAX_EQUIPMENT = 8

PROGRAMME_KEYS = (
    "name",
    "description",
    "credit",
    "sessions_per_week",
    "alternatives",
    "equipment",
    "metronome",
    "blocks",
    "weeks",
    "sessions",
)
WEEK_KEYS = ("week", "sessions")
SESSION_KEYS = ("id", "title", "steps", "same_as", "parts")
STEP_KEYS = ("name", "tip", "reps", "say", "each_side", "switch", "cadence", "instead")
EQUIPMENT_KEYS = ("id", "name")
#: Text that may run over several lines: line breaks and tabs are allowed in these.
PROSE_KEYS = frozenset({"tip", "description", "credit"})
INSTEAD_KEYS = ("name", "tip", "reps", "say")
REPEAT_KEYS = ("repeat", "steps")
USE_KEYS = ("use",)

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")


class _TooManyProblems(Exception):
    pass


# --- YAML with line numbers -------------------------------------------------------------


class _Map(dict[object, object]):
    """A YAML mapping that knows its own line and the line of each key."""

    line: int = 0

    def __init__(self) -> None:
        super().__init__()
        self.key_lines: dict[object, int] = {}

    def line_of(self, key: object) -> int:
        return self.key_lines.get(key, self.line)


class _Seq(list[object]):
    """A YAML sequence that knows its own line and the line of each item."""

    line: int = 0
    item_lines: list[int]

    def with_lines(self) -> Iterator[tuple[object, int]]:
        return zip(self, self.item_lines)


# libyaml's parser (shipped in PyYAML's wheels) is much faster than the pure-Python one
# (docs/performance.md) and keeps the same safe constructors; both give nodes with line marks.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeBase):  # type: ignore[misc, valid-type]
    """Safe loader that builds _Map/_Seq and notes duplicate keys (PyYAML keeps the last one)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[int, str]] = []


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> Iterator[_Map]:
    data = _Map()
    data.line = node.start_mark.line + 1
    yield data
    written = sum(1 for key_node, _ in node.value if key_node.tag != "tag:yaml.org,2002:merge")
    loader.flatten_mapping(node)  # merged (<<) pairs come first; keys written here override them
    merged = len(node.value) - written
    seen: set[object] = set()
    for position, (key_node, value_node) in enumerate(node.value):
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        try:
            hash(key)
        except TypeError:
            loader.duplicates.append((line, "a key must be plain text"))
            continue
        if position >= merged:
            if key in seen:
                loader.duplicates.append((line, f"{quoted(key)} is given twice in the same block"))
            seen.add(key)
        data[key] = loader.construct_object(value_node, deep=True)
        data.key_lines[key] = line


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> Iterator[_Seq]:
    data = _Seq()
    data.line = node.start_mark.line + 1
    data.item_lines = [child.start_mark.line + 1 for child in node.value]
    yield data
    data.extend(loader.construct_object(child, deep=True) for child in node.value)


class Unsupported:
    """A YAML value no routine field can hold (binary data, a set, a number thousands of digits
    long): kept as a marker, so the field it is in reports it with its line, in plain words."""

    def __init__(self, what: str) -> None:
        self.what = what

    def __repr__(self) -> str:
        return self.what


#: Longer than any number a routine has a use for; Python refuses to convert past 4300 digits.
_MAX_DIGITS = 30


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> object:
    if len(node.value) > _MAX_DIGITS:
        return Unsupported(f"a number {len(node.value):,} characters long")
    return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)


def _construct_as_text(loader: _Loader, node: yaml.ScalarNode) -> str:
    """A date or time written unquoted (``2024-02-30``) is text to a routine, as typed: never
    a datetime, and never an error from an impossible date."""
    return str(node.value)


def _unsupported(what: str) -> object:
    def construct(loader: _Loader, node: yaml.Node) -> Unsupported:
        return Unsupported(what)

    return construct


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_as_text)
_Loader.add_constructor("tag:yaml.org,2002:binary", _unsupported("binary data"))
_Loader.add_constructor("tag:yaml.org,2002:set", _unsupported("a set"))
_Loader.add_constructor("tag:yaml.org,2002:omap", _unsupported("an ordered mapping"))
_Loader.add_constructor("tag:yaml.org,2002:pairs", _unsupported("a list of pairs"))


# --- the file reader ----------------------------------------------------------------------


class _Reader(Struct):
    """Walks one parsed file, collecting problems and building the model."""

    path: Path
    problems: list[Problem] = field(default_factory=list)
    blocks: dict[str, _Seq] = field(default_factory=dict)
    #: Lists of tips by (written step, equipment): "" is the step itself, else what is done instead.
    tip_lists: dict[tuple[int, str], tuple[str, ...]] = field(default_factory=dict)
    written_steps: int = 0
    equipment: tuple[Equipment, ...] = ()

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))
        if len(self.problems) >= MAX_PROBLEMS:
            raise _TooManyProblems

    def check_keys(self, data: _Map, allowed: tuple[str, ...], what: str) -> None:
        for key in data:
            if key in allowed:
                continue
            hint = difflib.get_close_matches(str(key), allowed, n=1)
            also = f"; did you mean '{hint[0]}'?" if hint else f" (allowed: {', '.join(allowed)})"
            self.problem(data.line_of(key), f"unknown key '{key}' in {what}{also}")

    def text(self, data: _Map, key: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
        if key not in data or data[key] is None:
            if required:
                self.problem(data.line_of(key), f"'{key}' is missing" if key not in data else f"'{key}' is empty")
            return ""
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.problem(data.line_of(key), f"'{key}' must be text")
            return ""
        text = str(value).strip()
        if required and not text:
            self.problem(data.line_of(key), f"'{key}' is empty")
        return self.checked(text, data.line_of(key), f"'{key}'", limit, prose=key in PROSE_KEYS)

    def checked(self, text: str, line: int, what: str, limit: int, *, prose: bool = False) -> str:
        """Text within its limit and free of control characters: a name that could clear the
        screen or retitle the window is refused, not shown (docs/security.md)."""
        found = control_in(text, prose=prose)
        if found is not None:
            self.problem(line, f"{what} contains a control character ({found})")
            return ""
        if len(text) > limit:
            self.problem(line, f"{what} is longer than {limit} characters")
            return text[:limit]
        return text

    def tip(self, data: _Map, origin: int, kit: str = "") -> str:
        """A tip, or a list of tips that the step's repeats take in turn (see rotate_tips);
        ``kit`` names the equipment when this is the tip of what is done instead."""
        value = data.get("tip")
        if not isinstance(value, _Seq):
            return self.text(data, "tip")
        tips = []
        for item, line in value.with_lines():
            if not isinstance(item, str) or not item.strip():
                self.problem(line, f"each tip in the list must be text, got {_describe(item)}")
                continue
            tip = self.checked(item.strip(), line, "a tip", MAX_TEXT, prose=True)
            if tip:
                tips.append(tip)
        if not tips:
            self.problem(data.line_of("tip"), "'tip' is an empty list")
            return ""
        self.tip_lists[(origin, kit)] = tuple(tips)
        return tips[0]

    def mapping(self, value: object, line: int, what: str) -> _Map | None:
        if isinstance(value, _Map):
            return value
        self.problem(line, f"{what} must be a mapping of keys to values, got {_describe(value)}")
        return None

    def sequence(self, value: object, line: int, what: str) -> _Seq | None:
        if isinstance(value, _Seq):
            if not value:
                self.problem(line, f"{what} is empty")
                return None
            return value
        self.problem(line, f"{what} must be a list, got {_describe(value)}")
        return None

    def duration(self, value: object, line: int, what: str) -> int | None:
        try:
            seconds = parse_duration(value)
        except ValueError as error:
            self.problem(line, f"{what}: {error}")
            return None
        if seconds <= 0:
            self.problem(line, f"{what} must be longer than zero, got {_describe(value)}")
            return None
        if seconds > MAX_SESSION_S:
            self.problem(line, f"{what} is longer than {format_span(MAX_SESSION_S)}")
            return None
        return seconds

    # programme -> weeks -> sessions -> steps

    def programme(self, data: _Map, programme_id: str, bundled: bool) -> Programme | None:
        self.check_keys(data, PROGRAMME_KEYS, "the programme")
        name = self.text(data, "name", required=True, limit=MAX_NAME)
        description = self.text(data, "description", limit=2000)
        credit = self.text(data, "credit", limit=2000)
        alternatives = self.flag(data, "alternatives", default=False)
        metronome = self.flag(data, "metronome", default=True)
        if "equipment" in data:
            self.equipment = self.read_equipment(data["equipment"], data.line_of("equipment"))
        per_week = data.get("sessions_per_week")
        if per_week is not None and (
            isinstance(per_week, bool) or not isinstance(per_week, int) or not 1 <= per_week <= 14
        ):
            self.problem(data.line_of("sessions_per_week"), "'sessions_per_week' must be a whole number from 1 to 14")
            per_week = None

        if "blocks" in data:
            self.read_blocks(data["blocks"], data.line_of("blocks"))

        raw_sessions: list[tuple[_Map, int | None]] = []
        if "weeks" in data and "sessions" in data:
            self.problem(data.line_of("sessions"), "use either 'weeks' or 'sessions', not both")
        elif "weeks" in data:
            raw_sessions = self.weeks(data["weeks"], data.line_of("weeks"))
        elif "sessions" in data:
            raw_sessions = [(s, None) for s in self.session_maps(data["sessions"], data.line_of("sessions"))]
        else:
            self.problem(data.line, "the programme needs 'weeks' or 'sessions'")
        if len(raw_sessions) > MAX_SESSIONS:
            self.problem(data.line, f"more than {MAX_SESSIONS} sessions in one file")
            return None

        sessions = self.sessions(raw_sessions)
        if self.problems:
            return None
        return Programme(
            id=programme_id,
            name=name,
            description=description,
            credit=credit,
            sessions_per_week=per_week,
            alternatives=alternatives,
            equipment=self.equipment,
            metronome=metronome,
            sessions=tuple(sessions),
            path=self.path,
            bundled=bundled,
        )

    def flag(self, data: _Map, key: str, *, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.problem(data.line_of(key), f"'{key}' must be true or false")
            return default
        return value

    def read_equipment(self, value: object, line: int) -> tuple[Equipment, ...]:
        """The ways of doing the exercises: the first is what the steps are written for."""
        items = self.sequence(value, line, "'equipment'")
        found: list[Equipment] = []
        for item, item_line in items.with_lines() if items else ():
            kit = self.mapping(item, item_line, "each equipment")
            if kit is None:
                continue
            self.check_keys(kit, EQUIPMENT_KEYS, "an equipment")
            kit_id = self.text(kit, "id", required=True, limit=32)
            name = self.text(kit, "name", required=True, limit=MAX_NAME)
            if kit_id and not _ID.match(kit_id):
                self.problem(
                    kit.line_of("id"), f"equipment id '{kit_id}' must be lower-case letters, digits, '-' or '_'"
                )
            elif any(e.id == kit_id for e in found):
                self.problem(kit.line_of("id"), f"equipment '{kit_id}' is listed twice")
            elif kit_id and name:
                found.append(Equipment(kit_id, name))
        if len(found) > MAX_EQUIPMENT:
            self.problem(line, f"more than {MAX_EQUIPMENT} kinds of equipment")
        elif len(found) == 1:
            self.problem(line, "'equipment' needs at least two ways of doing it (the first is the default)")
        return tuple(found)

    def read_blocks(self, value: object, line: int) -> None:
        blocks = self.mapping(value, line, "'blocks'")
        if blocks is None:
            return
        for name, steps in blocks.items():
            if isinstance(steps, _Seq) and steps:
                self.blocks[str(name)] = steps
            else:
                self.sequence(steps, blocks.line_of(name), f"block '{name}'")

    def weeks(self, value: object, line: int) -> list[tuple[_Map, int | None]]:
        weeks = self.sequence(value, line, "'weeks'")
        found: list[tuple[_Map, int | None]] = []
        seen: dict[int, int] = {}
        for item, item_line in weeks.with_lines() if weeks else ():
            week = self.mapping(item, item_line, "a week")
            if week is None:
                continue
            self.check_keys(week, WEEK_KEYS, "a week")
            number = week.get("week")
            if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 520:
                self.problem(week.line_of("week"), "each week needs 'week: N' with N a whole number from 1")
                number = None
            elif number in seen:
                self.problem(week.line_of("week"), f"week {number} is already listed on line {seen[number]}")
            else:
                seen[number] = week.line_of("week")
            if "sessions" not in week:
                self.problem(week.line, "the week has no 'sessions'")
                continue
            found.extend((s, number) for s in self.session_maps(week["sessions"], week.line_of("sessions")))
        return found

    def session_maps(self, value: object, line: int) -> list[_Map]:
        items = self.sequence(value, line, "'sessions'")
        maps = [self.mapping(item, item_line, "a session") for item, item_line in (items.with_lines() if items else ())]
        return [m for m in maps if m is not None]

    def sessions(self, raw: list[tuple[_Map, int | None]]) -> list[Session]:
        ids: dict[str, int] = {}
        own_steps: dict[str, tuple[Step, ...]] = {}
        pending: list[tuple[_Map, int | None, str, str]] = []
        for data, week in raw:
            self.check_keys(data, SESSION_KEYS, "a session")
            sid = self.text(data, "id", required=True, limit=32)
            if sid in ids:
                self.problem(data.line_of("id"), f"session id '{sid}' is already used on line {ids[sid]}")
            elif sid and not _ID.match(sid):
                self.problem(
                    data.line_of("id"),
                    f"session id '{sid}' must be lower-case letters, digits, '-' or '_' (at most 32)",
                )
            ids.setdefault(sid, data.line_of("id"))
            title = self.text(data, "title", required=True, limit=MAX_NAME)
            pending.append((data, week, sid, title))
            given = [key for key in ("steps", "same_as", "parts") if key in data]
            if len(given) > 1:
                self.problem(
                    data.line_of(given[1]),
                    f"a session has one of 'steps', 'same_as' or 'parts', not {' and '.join(given)}",
                )
            elif "steps" in data:
                own_steps[sid] = self.session_steps(data, sid)
            elif not given:
                self.problem(data.line, f"session '{sid}' has no 'steps'")

        sessions = []
        for data, week, sid, title in pending:
            parts: tuple[str, ...] = ()
            if "steps" in data:
                steps = own_steps.get(sid, ())
            elif "same_as" in data:
                target = data["same_as"]
                if not isinstance(target, str) or target not in own_steps:
                    known = (
                        "a session with its own steps"
                        if isinstance(target, str) and target in ids
                        else "a session in this file"
                    )
                    self.problem(data.line_of("same_as"), f"'same_as: {_shown(target)}' must name {known}")
                    continue
                steps = own_steps[target]
            elif "parts" in data:
                made = self.session_parts(data, sid, own_steps, ids)
                if made is None:
                    continue
                parts, steps = made
            else:
                continue
            sessions.append(Session(id=sid, title=title, steps=steps, week=week, parts=parts))
        return sessions

    def session_parts(
        self, data: _Map, sid: str, own_steps: dict[str, tuple[Step, ...]], ids: dict[str, int]
    ) -> tuple[tuple[str, ...], tuple[Step, ...]] | None:
        """A session made of others, in order: their steps, run as one workout."""
        items = self.sequence(data["parts"], data.line_of("parts"), f"session '{sid}' parts")
        if items is None:
            return None
        parts: list[str] = []
        steps: list[Step] = []
        for item, line in items.with_lines():
            if not isinstance(item, str) or item not in own_steps:
                known = (
                    "a session with its own steps"
                    if isinstance(item, str) and item in ids
                    else "a session in this file"
                )
                self.problem(line, f"each part must name {known}, got {_shown(item)}")
                return None
            parts.append(item)
            steps.extend(own_steps[item])
        if len(steps) > MAX_STEPS:
            self.problem(data.line, f"session '{sid}' expands to more than {MAX_STEPS:,} steps")
            return None
        total = sum(s.duration_s or 0 for s in steps)
        if total > MAX_SESSION_S:
            self.problem(
                data.line,
                f"session '{sid}' lasts {format_span(total)}, more than the limit of {format_span(MAX_SESSION_S)}",
            )
            return None
        return tuple(parts), tuple(steps)

    def session_steps(self, data: _Map, sid: str) -> tuple[Step, ...]:
        items = self.sequence(data["steps"], data.line_of("steps"), f"session '{sid}' steps")
        if items is None:
            return ()
        out: list[Step] = []
        try:
            self.expand(items, out, depth=0, using=())
        except _TooManySteps:
            self.problem(data.line, f"session '{sid}' expands to more than {MAX_STEPS:,} steps")
            return ()
        out = self.rotate_tips(out)
        total = sum(s.duration_s or 0 for s in out)
        if total > MAX_SESSION_S:
            self.problem(
                data.line,
                f"session '{sid}' lasts {format_span(total)}, more than the limit of {format_span(MAX_SESSION_S)}",
            )
        return tuple(out)

    def rotate_tips(self, steps: list[Step]) -> list[Step]:
        """Steps written with a list of tips take them in turn through the session (the left
        and right copies of one step share a tip), so a runner doing eight intervals hears
        eight different form cues. Steps sharing one list (a YAML alias) share the turn."""
        if not self.tip_lists:
            return steps
        turns: dict[tuple[str, tuple[str, ...]], int] = {}

        def taking_turns(tips: tuple[str, ...], kit: str, step: Step) -> str:
            turn = turns.get((kit, tips), -1) + (step.side != "right")
            turns[(kit, tips)] = turn
            return tips[turn % len(tips)]

        rotated = []
        for step in steps:
            tips = self.tip_lists.get((step.origin, ""))
            tip = taking_turns(tips, "", step) if tips else step.tip
            instead = []
            for kit, other in step.instead:
                own = self.tip_lists.get((step.origin, kit))
                if own:
                    other = replace(other, tip=taking_turns(own, kit, step))
                elif other.tip == step.tip:  # it kept the step's tip: it turns with it
                    other = replace(other, tip=tip)
                instead.append((kit, other))
            rotated.append(replace(step, tip=tip, instead=tuple(instead)))
        return rotated

    def expand(self, items: _Seq, out: list[Step], depth: int, using: tuple[str, ...]) -> None:
        if depth > MAX_DEPTH:
            self.problem(items.line, f"repeat/use blocks nested more than {MAX_DEPTH} deep")
            return
        for item, line in items.with_lines():
            step = self.mapping(item, line, "a step")
            if step is None:
                continue
            if "repeat" in step:
                self.repeat(step, out, depth, using)
            elif "use" in step:
                self.use(step, out, depth, using)
            else:
                self.step(step, out)

    def repeat(self, data: _Map, out: list[Step], depth: int, using: tuple[str, ...]) -> None:
        self.check_keys(data, REPEAT_KEYS, "a repeat block")
        times = data["repeat"]
        if isinstance(times, bool) or not isinstance(times, int) or not 1 <= times <= MAX_REPEAT:
            self.problem(
                data.line_of("repeat"),
                f"'repeat' must be a whole number from 1 to {MAX_REPEAT}, got {_describe(times)}",
            )
            return
        if "steps" not in data:
            self.problem(data.line, "a repeat block needs 'steps'")
            return
        body = self.sequence(data["steps"], data.line_of("steps"), "the repeated 'steps'")
        if body is None:
            return
        start = len(out)
        self.expand(body, out, depth + 1, using)
        once = out[start:]
        for _ in range(times - 1):
            if len(out) + len(once) > MAX_STEPS:
                raise _TooManySteps
            out.extend(once)

    def use(self, data: _Map, out: list[Step], depth: int, using: tuple[str, ...]) -> None:
        self.check_keys(data, USE_KEYS, "a 'use' step")
        name = data["use"]
        if not isinstance(name, str):
            self.problem(data.line_of("use"), f"'use' must name a block under 'blocks', got {_describe(name)}")
            return
        if name not in self.blocks:
            known = visible(shorten(", ".join(self.blocks), 120)) or "none are defined"
            shown = visible(shorten(name, 40))
            self.problem(data.line_of("use"), f"'use: {shown}' names no block under 'blocks' (known: {known})")
            return
        if name in using:
            self.problem(data.line_of("use"), f"block '{name}' uses itself")
            return
        self.expand(self.blocks[name], out, depth + 1, using + (name,))

    def step(self, data: _Map, out: list[Step]) -> None:
        kinds = [k for k in data if k in STEP_KINDS]
        if len(kinds) != 1:
            if kinds:
                self.problem(data.line, f"a step has one kind, this one has {len(kinds)}: {', '.join(kinds)}")
            else:
                unknown = [k for k in data if k not in STEP_KEYS]
                hint = difflib.get_close_matches(str(unknown[0]), STEP_KINDS, n=1) if unknown else []
                also = f"; did you mean '{hint[0]}'?" if hint else ""
                self.problem(
                    data.line,
                    f"unknown step kind{' ' + quoted(unknown[0]) if unknown else ''}: a step starts with one of "
                    f"{', '.join(STEP_KINDS)}, or is 'repeat' or 'use'{also}",
                )
            return
        kind = kinds[0]
        line = data.line_of(kind)
        self.check_keys(data, (kind,) + STEP_KEYS, f"{_a(kind)} step")
        raw = data[kind]
        untimed = isinstance(raw, str) and raw.strip().lower() == UNTIMED
        duration = None if untimed else self.duration(raw, line, f"the {kind} duration")
        if not untimed and duration is None:
            return
        name = self.text(data, "name", limit=MAX_NAME) or KINDS[kind].default_name
        if not name:
            self.problem(line, f"{_a(kind)} step needs a 'name'")
            return
        reps = self.text(data, "reps", limit=20)
        self.written_steps += 1
        origin = self.written_steps
        tip = self.tip(data, origin)
        say = self.text(data, "say", limit=MAX_NAME * 2)
        each_side = data.get("each_side", False)
        if not isinstance(each_side, bool):
            self.problem(data.line_of("each_side"), "'each_side' must be true or false")
            return
        switch = None
        if "switch" in data:
            if not each_side:
                self.problem(data.line_of("switch"), "'switch' (a rest between sides) needs 'each_side: true'")
                return
            switch = self.duration(data["switch"], data.line_of("switch"), "the switch duration")
            if switch is None:
                return
        cadence: int | None = None
        if "cadence" in data:
            beat = data["cadence"]
            if isinstance(beat, int) and not isinstance(beat, bool) and MIN_CADENCE <= beat <= MAX_CADENCE:
                cadence = beat
            else:
                self.problem(
                    data.line_of("cadence"),
                    f"'cadence' is steps a minute, a whole number from {MIN_CADENCE} to {MAX_CADENCE}",
                )
                return

        base = Step(
            kind=kind,
            name=name,
            duration_s=duration,
            tip=tip,
            reps=reps,
            say=say,
            line=line,
            cadence=cadence,
            origin=origin,
        )
        if "instead" in data:
            instead = self.instead(data["instead"], data.line_of("instead"), base)
            if instead is None:
                return
            base = replace(base, instead=instead)
        made = [base]
        if each_side:
            left, right = (_on_side(base, side) for side in SIDES)
            change = Step(
                kind="rest", name="Switch sides", duration_s=switch, say="Switch sides", line=data.line_of("switch")
            )
            made = [left, change, right] if switch else [left, right]
        if len(out) + len(made) > MAX_STEPS:
            raise _TooManySteps
        out.extend(made)

    def instead(self, value: object, line: int, base: Step) -> tuple[tuple[str, Step], ...] | None:
        """What to do instead of ``base`` with the programme's other equipment: for each
        equipment id, the keys that change (name, tip, reps, say)."""
        ways = self.mapping(value, line, "'instead'")
        if ways is None:
            return None
        if not self.equipment:
            self.problem(line, "'instead' needs the programme's 'equipment' list")
            return None
        others = [kit.id for kit in self.equipment[1:]]
        made: list[tuple[str, Step]] = []
        for kit, changes in ways.items():
            where = ways.line_of(kit)
            if kit not in others:
                default = self.equipment[0].id
                why = "the steps are written for it" if kit == default else f"known: {', '.join(others)}"
                self.problem(where, f"'instead' names equipment '{_shown(kit)}' ({why})")
                return None
            overrides = self.mapping(changes, where, f"'instead: {kit}'")
            if overrides is None:
                return None
            self.check_keys(overrides, INSTEAD_KEYS, f"'instead: {kit}'")
            other = base
            for key in INSTEAD_KEYS:
                if key not in overrides:
                    continue
                if key == "tip":
                    text = self.tip(overrides, base.origin, str(kit))
                else:
                    text = self.text(overrides, key, limit=_INSTEAD_LIMITS[key])
                if text:
                    other = replace(other, **{key: text})
            made.append((str(kit), other))
        return tuple(made)


_INSTEAD_LIMITS = {"name": MAX_NAME, "tip": MAX_TEXT, "reps": 20, "say": MAX_NAME * 2}


def _on_side(step: Step, side: str) -> Step:
    """The left or right copy of a step, and of what is done instead of it."""
    return replace(step, side=side, instead=tuple((kit, replace(other, side=side)) for kit, other in step.instead))


class _TooManySteps(Exception):
    pass


def _shown(value: object) -> str:
    """A value from the file, as short text for a message (inside quotes the message has)."""
    return visible(shorten(value, 40)) if isinstance(value, str) else _describe(value)


def _a(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def _describe(value: object) -> str:
    """What a value is, for "must be ..., got X": never longer than a short line."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (_Map, dict)):
        return "a mapping"
    if isinstance(value, (_Seq, list)):
        return "a list"
    if isinstance(value, Unsupported):
        return value.what
    return quoted(value)


# --- public API ---------------------------------------------------------------------------


def load_programme(path: Path, *, bundled: bool = False) -> Programme:
    """Read and validate one routine file. Raises RoutineError listing every problem."""
    path = Path(path)
    reader = _Reader(path)
    try:
        text = _read_text(path, reader)
        data = _parse(text, reader) if text is not None else None
        if data is not None:
            programme = reader.programme(data, path.stem, bundled)
            if programme is not None:
                return programme
    except _TooManyProblems:
        reader.problems.append(Problem(path, reader.problems[-1].line, "too many problems; stopped reading this file"))
    if not reader.problems:  # pragma: no cover - every None above records a problem
        reader.problems.append(Problem(path, 1, "the file could not be read"))
    once = dict.fromkeys(reader.problems)  # the same problem at the same place is told once
    raise RoutineError(sorted(once, key=lambda p: p.line))


def _read_text(path: Path, reader: _Reader) -> str | None:
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        reader.problem(1, f"cannot read the file: {error.strerror or error}")
        return None
    if len(raw) > MAX_FILE_BYTES:
        reader.problem(1, f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB; routine files are small")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        reader.problem(raw.count(b"\n", 0, error.start) + 1, "the file is not UTF-8 text")
        return None


def _parse(text: str, reader: _Reader) -> _Map | None:
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        line, message = _explain_yaml_error(error)
        reader.problem(line, f"YAML syntax: {message}")
        return None
    except yaml.YAMLError:
        reader.problem(1, "YAML syntax: this is not valid YAML")
        return None
    except RecursionError:
        reader.problem(1, "the file is nested too deeply")
        return None
    except (ValueError, TypeError, OverflowError, MemoryError):  # a value PyYAML itself cannot build
        reader.problem(1, "YAML: a value in this file cannot be read")
        return None
    finally:
        loader.dispose()
    for line, message in loader.duplicates:
        reader.problem(line, message)
    if data is None:
        reader.problem(1, "the file is empty")
        return None
    if not isinstance(data, _Map):
        reader.problem(
            getattr(data, "line", 1),
            f"the file must be a mapping with 'name' and 'weeks' or 'sessions', got {_describe(data)}",
        )
        return None
    return data


# libyaml's wording for the common slips, said plainly. Each entry: words in the parser's
# message, whether the place it began (the "context" line) is the better line to name, and
# what to say instead.
_YAML_SLIPS = (
    ("did not find expected key", False, "the indentation does not line up with the lines above"),
    ("expected <block end>", False, "the indentation does not line up with the lines above"),
    ("could not find expected ':'", True, "a ':' is missing after the key"),
    ("tab character", False, "tabs cannot indent YAML; use spaces"),
    ("\\t", False, "tabs cannot indent YAML; use spaces"),
    ("mapping values are not allowed", False, "a ':' where none can be; check the indentation, or quote the text"),
    ("end of stream", True, "a quote or bracket opened here is never closed"),
    ("expected ',' or ']'", True, "a '[' opened here is never closed"),
    ("expected ',' or '}'", True, "a '{' opened here is never closed"),
    ("maximum nesting depth", False, "the file is nested too deeply"),
)


def _explain_yaml_error(error: yaml.MarkedYAMLError) -> tuple[int, str]:
    problem = error.problem or error.context or "not valid YAML"
    line = error.problem_mark.line + 1 if error.problem_mark else 1
    context_line = error.context_mark.line + 1 if error.context_mark else line
    for words, at_context, plain in _YAML_SLIPS:
        if words in problem:
            return (context_line if at_context else line), plain
    return line, problem

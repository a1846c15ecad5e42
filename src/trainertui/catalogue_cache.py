"""What each routine file held when it was last read, so that a start whose files have not
changed reads no YAML at all.

Reading the files is most of what the catalogue costs: importing PyYAML and parsing the
bundled programmes takes 20-25 ms of every start, and each of the user's own files about
2.5 ms more (docs/performance.md). The cache keeps one entry a file, under its absolute path,
keyed by its size and modification time in nanoseconds: a file whose stat still matches gives
back the programme it held, or the problems that made it unusable; a changed, added or
removed file is read (or dropped) on its own, so editing one file of 500 re-reads one.

The cache is a copy of what the files say, never trusted over them:

- It is JSON (reading it cannot run code), with a format number, trainertui's version and a
  stamp of the reader's own source files (so a changed reader in a checkout rebuilds it).
  Every value is checked as it is read; an entry that does not check out is read from its
  file again, and a file that does not parse, or is too large, counts as no cache.
- A file modified in the last RECENT_NS is not cached: file systems keep times to a clock
  tick (a few ms on ext4, 2 s on FAT), so a second edit within the same tick could leave the
  size and time unchanged. A time in the future is not trusted either.
- It is written to a temporary file and renamed over the old one, so a reader never sees
  half a file. Any error reading or writing it (a missing, unreadable or unwritable file or
  folder, a folder where the file should be) means no cache, never an error the person sees.

``trainertui validate`` never comes here: checking a file means reading it.
"""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path
from typing import Any

from trainertui import __version__
from trainertui.model import SIDES, STEP_KINDS, Equipment, Programme, Session, Step
from trainertui.paths import cache_dir
from trainertui.problems import Problem

CACHE_FILE = "catalogue.json"
#: Bump when the layout of an entry changes.
FORMAT = 1
RECENT_NS = 3_000_000_000
#: Far more than any real catalogue (500 files make about 1 MB); a larger file is not read.
MAX_CACHE_BYTES = 64 * 1024 * 1024
#: The modules whose code decides what a file reads as; a change to any of them rebuilds the cache.
READER_MODULES = ("routines.py", "model.py", "durations.py", "text.py", "problems.py", "catalogue_cache.py")

#: What a file reads as: its programme, or the problems that make it unusable.
Result = Programme | tuple[Problem, ...]

_SIDES = ("", *SIDES)
_now_ns = time.time_ns  # the tests move "now" to see which files count as just modified


class _Invalid(Exception):
    """An entry that is not what this version writes."""


class CatalogueCache:
    """The cache file's entries, read once; ``save`` writes them back if anything changed."""

    def __init__(self, path: Path, entries: dict[str, Any] | None = None) -> None:
        self.path = path
        self._entries: dict[str, Any] = entries or {}
        self._changed = False

    @classmethod
    def open(cls, path: Path | None = None) -> CatalogueCache:
        """The cache at ``path`` (by default in the cache folder), or an empty one if there is
        none that this version of trainertui can trust."""
        path = path or cache_dir() / CACHE_FILE
        return cls(path, _read_entries(path))

    def get(self, path: Path, info: os.stat_result, *, bundled: bool) -> Result | None:
        """What ``path`` read as, if ``info`` (its stat now) is the stat it had then; otherwise None."""
        entry = self._entries.get(os.path.abspath(path))
        if entry is None:
            return None
        try:
            if (
                type(entry) is not dict
                or entry.get("size") != info.st_size
                or entry.get("mtime_ns") != info.st_mtime_ns
                or entry.get("bundled") is not bundled
            ):
                return None
            if "problems" in entry:
                return _decode_problems(entry["problems"], path)
            return _decode_programme(entry["programme"], path, bundled)
        except (_Invalid, KeyError, TypeError, ValueError, IndexError):
            return None

    def put(self, path: Path, info: os.stat_result, result: Result, *, bundled: bool) -> None:
        """Remember what ``path`` read as, ``info`` being its stat taken before it was read (so a
        change made while it was read shows as a different stat next time)."""
        key = os.path.abspath(path)
        age_ns = _now_ns() - info.st_mtime_ns  # negative for a time in the future
        entry = _encode(result, path) if age_ns >= RECENT_NS else None
        if entry is None:
            self._changed |= self._entries.pop(key, None) is not None
            return
        entry.update(size=info.st_size, mtime_ns=info.st_mtime_ns, bundled=bundled)
        self._entries[key] = entry
        self._changed = True

    def save(self, keep: set[Path] | None = None) -> None:
        """Write the cache if it changed, first dropping the entries of files not in ``keep``
        (files that have gone). Never raises for an OSError: the cache is only a shortcut."""
        if keep is not None:
            wanted = {os.path.abspath(path) for path in keep}
            gone = [key for key in self._entries if key not in wanted]
            for key in gone:
                del self._entries[key]
            self._changed |= bool(gone)
        if not self._changed:
            return
        data = {"format": FORMAT, "trainertui": __version__, "reader": _reader_stamp(), "files": self._entries}
        # ASCII, escapes and all: a file name that is not UTF-8 holds surrogates that would not encode.
        _write_atomically(self.path, json.dumps(data, separators=(",", ":")).encode("ascii"))
        self._changed = False


# --- the file -------------------------------------------------------------------------------


def _reader_stamp() -> list[list[int] | None]:
    """Size and modification time of each module that decides what a file reads as."""
    here = os.path.dirname(__file__)
    stamp: list[list[int] | None] = []
    for name in READER_MODULES:
        try:
            info = os.stat(os.path.join(here, name))
        except OSError:
            stamp.append(None)
        else:
            stamp.append([info.st_size, info.st_mtime_ns])
    return stamp


def _read_entries(path: Path) -> dict[str, Any]:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # non-blocking: a FIFO there must not hang the start
    except OSError:
        return {}
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_CACHE_BYTES:
            return {}
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        data = json.loads(b"".join(chunks))
    except (OSError, ValueError, RecursionError):  # ValueError: not UTF-8, or not JSON
        return {}
    finally:
        os.close(fd)
    if (
        type(data) is not dict
        or data.get("format") != FORMAT
        or data.get("trainertui") != __version__
        or data.get("reader") != _reader_stamp()
        or type(data.get("files")) is not dict
    ):
        return {}
    files: dict[str, Any] = data["files"]
    return files


def _write_atomically(path: Path, content: bytes) -> None:
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as handle:
            handle.write(content)
        os.replace(temporary, path)
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass


# --- entries --------------------------------------------------------------------------------
#
# An entry holds size, mtime_ns and bundled, and either {"problems": [[line, message], ...]} or
# {"programme": {...}}. A programme writes each distinct step once, in "steps" (a repeat
# block's copies share a row), and its sessions and each step's "instead" name steps by their
# index there; a step comes after the steps it names, so a row can only name rows before it.
#
# The rows list every field of the model's classes (the tests check that they name each
# struct field exactly, so a field added to the model cannot be left out here); a step row
# is in the order of Step's fields, so that it can be passed as it is.

STEP_ROW = ("kind", "name", "duration_s", "tip", "reps", "side", "say", "line", "cadence", "instead", "origin")
SESSION_ROW = ("id", "title", "week", "parts", "steps")
EQUIPMENT_ROW = ("id", "name")
#: A programme's fields besides ``path`` and ``bundled``, which come from the entry's key.
PROGRAMME_KEYS = (
    "id",
    "name",
    "description",
    "credit",
    "sessions_per_week",
    "alternatives",
    "equipment",
    "metronome",
    "sessions",
)

_NONE = type(None)
#: The types a step row's values may have, exactly (a bool is not a whole number here), as
#: every combination: one set lookup checks a row (decoding the steps is most of the time a
#: warm start spends here).
_STEP_SHAPES = frozenset(
    (str, str, duration, str, str, str, str, int, cadence, list, int)
    for duration in (int, _NONE)
    for cadence in (int, _NONE)
)
_WHOLE = frozenset({int})
_KIND, _SIDE, _INSTEAD = (STEP_ROW.index(name) for name in ("kind", "side", "instead"))


def _encode(result: Result, path: Path) -> dict[str, Any] | None:
    """The entry for ``result``, or None if it holds something the entry cannot (a problem
    in another file, a path other than ``path``): such a file is simply read every time."""
    if isinstance(result, tuple):
        if any(problem.path != path for problem in result):
            return None
        return {"problems": [[problem.line, problem.message] for problem in result]}
    if result.path != path:
        return None
    rows: dict[tuple[Any, ...], int] = {}

    def index(step: Step) -> int:
        instead = [[kit, index(other)] for kit, other in step.instead]
        row = tuple(_frozen(instead) if name == "instead" else getattr(step, name) for name in STEP_ROW)
        return rows.setdefault(row, len(rows))

    sessions = [
        [session.id, session.title, session.week, list(session.parts), [index(step) for step in session.steps]]
        for session in result.sessions
    ]
    programme: dict[str, Any] = {name: getattr(result, name) for name in PROGRAMME_KEYS}
    programme["equipment"] = [[kit.id, kit.name] for kit in result.equipment]
    programme["sessions"] = sessions
    programme["steps"] = [[_thawed(value) for value in row] for row in rows]
    return {"programme": programme}


def _frozen(instead: list[list[Any]]) -> tuple[tuple[Any, ...], ...]:
    return tuple(map(tuple, instead))


def _thawed(value: object) -> object:
    return [list(pair) for pair in value] if isinstance(value, tuple) else value


def _decode_problems(rows: object, path: Path) -> tuple[Problem, ...]:
    problems = tuple(Problem(path, _whole(line), _text(message)) for line, message in map(_list, _list(rows)))
    if not problems:
        raise _Invalid
    return problems


def _decode_programme(data: object, path: Path, bundled: bool) -> Programme:
    if type(data) is not dict:
        raise _Invalid
    steps: list[Step] = []
    for row in _list(data["steps"]):
        steps.append(_decode_step(_list(row), steps))
    sessions = []
    for session_id, title, week, parts, indices in map(_list, _list(data["sessions"])):
        sessions.append(
            Session(
                id=_text(session_id),
                title=_text(title),
                week=_maybe_whole(week),
                parts=tuple(map(_text, _list(parts))),
                steps=_pick(steps, indices),
            )
        )
    return Programme(
        id=_text(data["id"]),
        name=_text(data["name"]),
        description=_text(data["description"]),
        credit=_text(data["credit"]),
        sessions_per_week=_maybe_whole(data["sessions_per_week"]),
        alternatives=_flag(data["alternatives"]),
        equipment=tuple(Equipment(_text(kit), _text(name)) for kit, name in map(_list, _list(data["equipment"]))),
        metronome=_flag(data["metronome"]),
        sessions=tuple(sessions),
        path=path,
        bundled=bundled,
    )


def _decode_step(row: list[Any], before: list[Step]) -> Step:
    if tuple(map(type, row)) not in _STEP_SHAPES or row[_KIND] not in STEP_KINDS or row[_SIDE] not in _SIDES:
        raise _Invalid
    values = row.copy()
    values[_INSTEAD] = tuple((_text(kit), before[_index(i)]) for kit, i in map(_list, row[_INSTEAD]))
    return Step(*values)


def _pick(steps: list[Step], indices: object) -> tuple[Step, ...]:
    """The steps at these indices; every one a whole number, none counted from the end."""
    chosen = _list(indices)
    if not chosen:
        return ()
    if not _WHOLE.issuperset(map(type, chosen)) or min(chosen) < 0:
        raise _Invalid
    return tuple(map(steps.__getitem__, chosen))


def _index(value: object) -> int:
    """A row's index: a whole number (not a bool), counted from the start, so -1 is no row."""
    if type(value) is not int or value < 0:
        raise _Invalid
    return value


def _list(value: object) -> list[Any]:
    if type(value) is not list:
        raise _Invalid
    return value


def _text(value: object) -> str:
    if type(value) is not str:
        raise _Invalid
    return value


def _whole(value: object) -> int:
    if type(value) is not int:
        raise _Invalid
    return value


def _maybe_whole(value: object) -> int | None:
    return None if value is None else _whole(value)


def _flag(value: object) -> bool:
    if type(value) is not bool:
        raise _Invalid
    return value

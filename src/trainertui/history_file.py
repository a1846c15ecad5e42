"""Reading what ``trainertui history --csv`` or ``--json`` wrote, for ``history import``: moving a
history to another laptop.

Everything is read and checked before anything is written, so a file with one bad line adds
nothing; each problem is one line, ``FILE:LINE: message``, like the routine reader's. The
format is told by the first character: ``[`` is JSON, anything else CSV. Times must carry
their offset (the export writes UTC); the values are checked as strictly as the history's own
table checks them, so what is imported is what an export of it would print again.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path

from trainertui.history import EXPORT_FIELDS, CheckIn, Entry

#: Larger than any real history (10,000 workouts export to about 3 MB): a file this big is
#: something else, and is refused unread.
MAX_BYTES = 256 * 1024 * 1024
#: Problems listed before the rest are summed up.
MAX_PROBLEMS = 20


class HistoryFileError(Exception):
    """The file cannot be imported; ``problems`` are the lines to print, one per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class _Bad(Exception):
    """One value's problem, before the file and line are put in front of it."""


def read_history_file(path: Path) -> list[tuple[int | None, Entry]]:
    """The workouts in an exported file, oldest first as written: (the id it had, the entry)."""
    text = _read_text(path)
    problems: list[str] = []
    found: list[tuple[int | None, Entry]] = []
    rows = _json_rows(path, text) if text.lstrip()[:1] == "[" else _csv_rows(path, text)
    try:
        for line, values in rows:
            try:
                found.append(_entry(values))
            except _Bad as bad:
                problems.append(f"{path}:{line}: {bad}")
                if len(problems) == MAX_PROBLEMS:
                    problems.append(f"{path}: more problems not listed; nothing imported")
                    break
    except HistoryFileError as error:  # the file's shape is wrong: no more rows can be read
        problems += error.problems
    if problems:
        raise HistoryFileError(problems)
    return found


def _read_text(path: Path) -> str:
    try:
        if not path.is_file():
            what = "no such file" if not path.exists() else "not a regular file"
            raise HistoryFileError([f"{path}: {what}"])
        if path.stat().st_size > MAX_BYTES:
            raise HistoryFileError([f"{path}: too large for a history export ({path.stat().st_size:,} bytes)"])
        data = path.read_bytes()
    except OSError as error:
        raise HistoryFileError([f"{path}: {error.strerror or error}"]) from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise HistoryFileError([f"{path}:{line}: not UTF-8 text"]) from error


# --- the two formats ---------------------------------------------------------------------------


def _csv_rows(path: Path, text: str) -> Iterator[tuple[int, Mapping[str, object]]]:
    """(line where the row starts, column -> text): a quoted note may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise HistoryFileError([f"{path}:1: empty file: expected a header row ({', '.join(EXPORT_FIELDS)})"])
        missing = [name for name in EXPORT_FIELDS if name not in header]
        if missing:
            raise HistoryFileError(
                [f"{path}:1: not a trainertui history export: no column {', '.join(missing)} in the header"]
            )
        line = reader.line_num + 1
        for row in reader:
            if row:
                if len(row) != len(header):
                    raise HistoryFileError([f"{path}:{line}: {len(row)} values, the header has {len(header)}"])
                yield line, dict(zip(header, row))
            line = reader.line_num + 1
    except csv.Error as error:
        raise HistoryFileError([f"{path}:{reader.line_num}: {error}"]) from error


def _json_rows(path: Path, text: str) -> Iterator[tuple[int, Mapping[str, object]]]:
    """(line where the object starts, the object), read one object at a time so each can be
    placed: what ``--json`` writes (one a line) or any other layout of the same list."""
    decoder = json.JSONDecoder()
    line, counted = 1, 0

    def at(position: int) -> int:
        nonlocal line, counted
        line += text.count("\n", counted, position)
        counted = position
        return line

    def skip(position: int) -> int:
        while position < len(text) and text[position] in " \t\r\n":
            position += 1
        return position

    i = skip(0) + 1  # past the "["
    i = skip(i)
    if i < len(text) and text[i] == "]":
        i = skip(i + 1)
    else:
        while True:
            try:
                value, end = decoder.raw_decode(text, i)
            except json.JSONDecodeError as error:
                raise HistoryFileError([f"{path}:{error.lineno}: not valid JSON: {error.msg}"]) from error
            start = at(i)
            if not isinstance(value, dict):
                raise HistoryFileError([f"{path}:{start}: expected an object for each workout"])
            yield start, value
            i = skip(end)
            if i < len(text) and text[i] == ",":
                i = skip(i + 1)
                continue
            if i < len(text) and text[i] == "]":
                i = skip(i + 1)
                break
            raise HistoryFileError([f"{path}:{at(min(i, len(text)))}: expected ',' or ']' after a workout"])
    if i < len(text):
        raise HistoryFileError([f"{path}:{at(i)}: text after the end of the list"])


# --- one workout -------------------------------------------------------------------------------


def _entry(values: Mapping[str, object]) -> tuple[int | None, Entry]:
    missing = [name for name in EXPORT_FIELDS if name not in values]
    if missing:
        raise _Bad(f"missing {', '.join(missing)}")
    started, ended = _time(values, "started"), _time(values, "ended")
    if ended < started:
        raise _Bad("ended is before started")
    done, skipped, total = (_count(values, name) for name in ("steps_done", "steps_skipped", "steps_total"))
    effort, pain = _score(values, "effort", 1), _score(values, "pain", 0)
    checkin = CheckIn(effort, pain, _text(values, "pain_where", optional=True), _text(values, "note", optional=True))
    identity = values["id"]
    return (
        None if identity in ("", None) else _count(values, "id"),
        Entry(
            programme_id=_text(values, "programme_id"),
            programme_name=_text(values, "programme"),
            session_id=_text(values, "session_id"),
            session_title=_text(values, "session"),
            started=started,
            ended=ended,
            planned_s=_count(values, "planned_s"),
            active_s=_seconds(values, "active_s"),
            steps_done=done,
            steps_skipped=skipped,
            steps_total=total,
            completed=_flag(values, "completed"),
            checkin=None if checkin.empty else checkin,
        ),
    )


def _text(values: Mapping[str, object], name: str, *, optional: bool = False) -> str:
    value = values[name]
    if value is None and optional:
        return ""
    if not isinstance(value, str):
        raise _Bad(f"{name} must be text, got {_shown(value)}")
    if not optional and not value.strip():
        raise _Bad(f"{name} is empty")
    return value


def _time(values: Mapping[str, object], name: str) -> datetime:
    text = _text(values, name)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise _Bad(f"{name} is not a date and time: {_shown(text)}") from None
    if moment.utcoffset() is None:
        raise _Bad(f"{name} has no time zone: {_shown(text)} (the export writes UTC, +00:00)")
    return moment


def _count(values: Mapping[str, object], name: str) -> int:
    value = values[name]
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise _Bad(f"{name} must be a whole number of 0 or more, got {_shown(value)}")


def _seconds(values: Mapping[str, object], name: str) -> float:
    value = values[name]
    try:
        seconds = float(value) if isinstance(value, str | int | float) and not isinstance(value, bool) else math.nan
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds < 0:
        raise _Bad(f"{name} must be a number of seconds, got {_shown(value)}")
    return seconds


def _flag(values: Mapping[str, object], name: str) -> bool:
    value = values[name]
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise _Bad(f"{name} must be true or false, got {_shown(value)}")


def _score(values: Mapping[str, object], name: str, low: int) -> int | None:
    value = values[name]
    if value in ("", None):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= 10:
        return value
    raise _Bad(f"{name} must be {low} to 10 or empty, got {_shown(value)}")


def _shown(value: object) -> str:
    """A value in a message: short, and as it was written."""
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 40 else text[:39] + "…"

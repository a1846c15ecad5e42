"""Finished workouts not yet in the history file: one small file each, in a folder beside it.

Why it exists: when a workout ends, the history file may be locked by another program (a
backup, a sync client, another trainertui in a long transaction). The screen must not wait
for it, and the workout must not be lost if the app is then closed or killed. So a finished
workout is written here first, durably (a temporary file, fsync, rename, fsync of the folder:
after a crash the file is either whole or absent), then to the history from a thread of its
own, and removed from here once its row is committed. What is left here at the next start is
written again. A crash between the commit and the removal leaves a file whose row exists; the
workout's key (``Entry.key``) makes writing it again a no-op, so it is in the history once.

Plain files and JSON, no SQLite: this must work exactly when the database cannot be written.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from msgspec.structs import asdict

from trainertui.history import CheckIn, Entry

FOLDER = "unsaved-workouts"
VERSION = 1
#: Keys are made by the Recorder (uuid4 hex); anything else in the folder is not ours.
_KEY = re.compile(r"[0-9a-f]{32}")
#: A journal file is a few hundred bytes; a bigger one is not one of ours.
MAX_BYTES = 64 * 1024


class JournalError(Exception):
    """One line for the person, naming the file and the problem."""


class Journal:
    """The folder of unsaved workouts, e.g. ``~/.local/share/trainertui/unsaved-workouts``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def beside(cls, history_path: Path) -> Journal:
        return cls(history_path.parent / FOLDER)

    def path(self, key: str) -> Path:
        if not _KEY.fullmatch(key):
            raise JournalError(f"cannot keep a workout in {self.folder} under the key {key[:40]!r}")
        return self.folder / f"{key}.json"

    def put(self, entry: Entry) -> None:
        """Keep ``entry`` (replacing an earlier copy of the same workout) until it is removed.
        Raises JournalError."""
        target = self.path(entry.key)
        temporary = target.with_name(f".{target.name}.tmp")
        data = json.dumps({"version": VERSION, "entry": _to_json(entry)}, ensure_ascii=False).encode()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with temporary.open("wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, target)
            _fsync_folder(self.folder)
        except OSError as error:
            _unlink(temporary)
            raise JournalError(f"could not keep the workout in {target}: {error.strerror or error}") from error

    def has(self, key: str) -> bool:
        """Whether the workout with this key is kept here (it ended, and waits to be written)."""
        try:
            return self.path(key).exists()
        except (JournalError, OSError):
            return False

    def remove(self, key: str) -> None:
        """The workout's row is committed: forget it here. Already gone is fine (another
        trainertui starting up may have written it too)."""
        path = self.path(key)
        try:
            os.unlink(path)
            _fsync_folder(self.folder)
        except FileNotFoundError:
            pass
        except OSError as error:
            raise JournalError(f"could not remove {path}: {error.strerror or error}") from error

    def entries(self) -> tuple[list[Entry], list[str]]:
        """Every workout kept here, oldest first, and a sentence for each file that could not be
        read (moved aside to ``NAME.broken``, never deleted)."""
        try:
            paths = sorted(self.folder.glob("*.json"), key=_mtime)
        except OSError as error:
            return [], [f"could not read {self.folder}: {error.strerror or error}"]
        entries: list[Entry] = []
        problems: list[str] = []
        for path in paths:
            if not _KEY.fullmatch(path.stem):
                continue
            try:
                entry = _read(path)
            except JournalError as error:
                problems.append(_moved_aside(path, str(error)))
            else:
                entries.append(entry)
        return entries, problems


def _read(path: Path) -> Entry:
    try:
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)
    except OSError as error:
        raise JournalError(f"could not read {path}: {error.strerror or error}") from error
    if len(data) > MAX_BYTES:
        raise JournalError(f"{path} is too big to be a saved workout")
    try:
        document = json.loads(data)
        if document.get("version") != VERSION:
            raise ValueError(f"version {document.get('version')!r}")
        entry = _from_json(document["entry"])
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise JournalError(f"{path} is not a saved workout ({error})") from error
    if entry.key != path.stem:
        raise JournalError(f"{path} holds another workout's key")
    return entry


def _to_json(entry: Entry) -> dict[str, Any]:
    data = asdict(entry)
    data["checkin"] = None if entry.checkin is None else asdict(entry.checkin)
    data["started"] = entry.started.isoformat()
    data["ended"] = entry.ended.isoformat()
    return data


def _from_json(data: dict[str, Any]) -> Entry:
    names = set(Entry.__struct_fields__)
    if set(data) != names:
        raise ValueError("unexpected fields")
    values = dict(data)
    values["started"] = _aware(values["started"])
    values["ended"] = _aware(values["ended"])
    if values["checkin"] is not None:
        values["checkin"] = CheckIn(**values["checkin"])
    for name, kind in (("planned_s", int), ("steps_done", int), ("steps_skipped", int), ("steps_total", int)):
        if type(values[name]) is not kind:
            raise ValueError(f"{name} is not a whole number")
    if not isinstance(values["active_s"], (int, float)) or not isinstance(values["completed"], bool):
        raise ValueError("a figure is of the wrong type")
    for name in ("programme_id", "programme_name", "session_id", "session_title", "key"):
        if not isinstance(values[name], str):
            raise ValueError(f"{name} is not text")
    return Entry(**values)


def _aware(text: object) -> datetime:
    if not isinstance(text, str):
        raise ValueError("a time is not text")
    moment = datetime.fromisoformat(text)
    if moment.utcoffset() is None:
        raise ValueError("a time has no zone")
    return moment


def _moved_aside(path: Path, problem: str) -> str:
    try:
        os.replace(path, path.with_name(f"{path.name}.broken"))
    except OSError:
        return f"{problem}; it is left where it is"
    return f"{problem}; moved it to {path.name}.broken"


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _fsync_folder(folder: Path) -> None:
    """Make the rename (or removal) itself durable, not only the file's bytes."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass

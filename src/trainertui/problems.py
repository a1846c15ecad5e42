"""What is wrong with a routine file, and where.

Apart from the reader (routines.py) so that a catalogue read from its cache can list a broken
file with its problems without importing the YAML parser.
"""

from __future__ import annotations

from pathlib import Path

from msgspec import Struct

from trainertui.text import visible


class Problem(Struct, frozen=True):
    """One thing wrong in a file: where (path and line, 0 when unknown) and what."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        """``FILE:LINE: message`` (just ``FILE: message`` for a folder, which has no lines),
        with nothing in it a terminal could interpret (text.visible)."""
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return visible(f"{where}: {self.message}")


class RoutineError(Exception):
    """A routine file that cannot be used; ``problems`` lists every reason, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems

"""All the programmes a person can choose from: the bundled ones and their own.

A user file that fails validation is kept as a BrokenFile with its problems, so a menu can
list it with its error instead of failing, and the other programmes stay available.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from trainertui.model import Programme
from trainertui.paths import user_routines_dir
from trainertui.resources import shipped_dir
from trainertui.routines import ROUTINE_SUFFIXES, Problem, RoutineError, load_programme, routine_files


@dataclass(frozen=True, slots=True)
class BrokenFile:
    path: Path
    problems: tuple[Problem, ...]


@dataclass(slots=True)
class Catalogue:
    programmes: list[Programme] = field(default_factory=list)
    broken: list[BrokenFile] = field(default_factory=list)

    def get(self, programme_id: str) -> Programme | None:
        return next((p for p in self.programmes if p.id == programme_id), None)


#: The bundled programmes in the order the menu lists them: the menu opens on the first, so the
#: plan most people start with comes first, and a newly bundled file does not displace it just
#: because its name sorts earlier. Bundled files not named here follow, in file-name order.
BUNDLED_ORDER = ("couch-to-5k", "couch-to-5k-plus", "firm-glutes-10", "strength-and-flex", "back-care")


def _bundled_rank(path: Path) -> tuple[int, str]:
    stem = path.stem
    return (BUNDLED_ORDER.index(stem) if stem in BUNDLED_ORDER else len(BUNDLED_ORDER), path.name)


def load_catalogue(user_dir: Path | None = None) -> Catalogue:
    """Bundled programmes first (in BUNDLED_ORDER), then the user's, in file-name order."""
    catalogue = Catalogue()
    for path in sorted(routine_files(shipped_dir("routines")), key=_bundled_rank):
        _add(catalogue, path, bundled=True)
    folder = user_dir or user_routines_dir()
    try:
        user_files = routine_files(folder)
    except RoutineError as error:  # unreadable: listed like a broken file, not silently empty
        catalogue.broken.append(BrokenFile(folder, tuple(error.problems)))
        user_files = []
    for path in user_files:
        _add(catalogue, path, bundled=False)
    return catalogue


def load_one(programme_id: str) -> Programme | None:
    """Load just the programme with this id, the one load_catalogue would list under it
    (bundled ids win; .yaml before .yml). None if no file has that name. Raises RoutineError
    for a file that has problems. Quicker than the whole catalogue when one is wanted."""
    for folder, bundled in ((shipped_dir("routines"), True), (user_routines_dir(), False)):
        for suffix in ROUTINE_SUFFIXES:
            path = folder / f"{programme_id}{suffix}"
            if path.is_file():
                return load_programme(path, bundled=bundled)
    return None


def _add(catalogue: Catalogue, path: Path, *, bundled: bool) -> None:
    taken = catalogue.get(path.stem)
    if taken is not None:
        where = "a bundled programme" if taken.bundled else str(taken.path)
        problem = Problem(path, 1, f"programme id '{path.stem}' is already used by {where}; rename this file")
        catalogue.broken.append(BrokenFile(path, (problem,)))
        return
    try:
        catalogue.programmes.append(load_programme(path, bundled=bundled))
    except RoutineError as error:
        catalogue.broken.append(BrokenFile(path, tuple(error.problems)))
    except Exception:  # noqa: BLE001 - one file, whatever is in it, never takes the menu or `list` down
        problem = Problem(path, 1, "trainertui could not read this file (an error in trainertui: please report it)")
        catalogue.broken.append(BrokenFile(path, (problem,)))

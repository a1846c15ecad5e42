"""All the programmes a person can choose from: the bundled ones and their own.

A user file that fails validation is kept as a BrokenFile with its problems, so a menu can
list it with its error instead of failing, and the other programmes stay available.

This is where the app, ``list`` and ``show`` get programmes from. What each file read as is
cached (catalogue_cache.py), so the YAML reader, and PyYAML with it, is imported only when a
file is new or has changed since it was last read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from msgspec import Struct, field

from trainertui.catalogue_cache import CatalogueCache, Result
from trainertui.model import Programme
from trainertui.paths import ROUTINE_SUFFIXES, routine_files_with_stats, user_routines_dir
from trainertui.problems import Problem, RoutineError
from trainertui.resources import shipped_dir


class BrokenFile(Struct, frozen=True):
    """A routine file that cannot be used, and everything wrong with it (shown in the menu)."""

    path: Path
    problems: tuple[Problem, ...]


class Catalogue(Struct):
    """The usable programmes, in menu order, and the files that could not be read."""

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


def load_catalogue(user_dir: Path | None = None, *, cached: bool = True) -> Catalogue:
    """Bundled programmes first (in BUNDLED_ORDER), then the user's, in file-name order.
    ``cached=False`` reads every file (and leaves the cache alone)."""
    bundled_files = sorted(routine_files_with_stats(shipped_dir("routines")), key=lambda pair: _bundled_rank(pair[0]))
    folder = user_dir or user_routines_dir()
    unreadable = None
    try:
        user_files = routine_files_with_stats(folder)
    except RoutineError as error:  # unreadable: listed like a broken file, not silently empty
        unreadable = BrokenFile(folder, tuple(error.problems))
        user_files = []
    cache = CatalogueCache.open() if cached else None
    catalogue = Catalogue()
    owners: dict[str, Programme] = {}
    for path, st in bundled_files:
        _add(catalogue, owners, path, st, bundled=True, cache=cache)
    if unreadable is not None:
        catalogue.broken.append(unreadable)
    for path, st in user_files:
        _add(catalogue, owners, path, st, bundled=False, cache=cache)
    if cache is not None:
        cache.save(keep={path for path, _ in bundled_files + user_files})
    return catalogue


def load_one(programme_id: str) -> Programme | None:
    """Load just the programme with this id, the one load_catalogue would list under it
    (bundled ids win; .yaml before .yml). None if no file has that name. Raises RoutineError
    for a file that has problems. Quicker than the whole catalogue when one is wanted."""
    for folder, bundled in ((shipped_dir("routines"), True), (user_routines_dir(), False)):
        for suffix in ROUTINE_SUFFIXES:
            path = folder / f"{programme_id}{suffix}"
            try:
                st = os.stat(path)
            except OSError:
                continue
            if not stat.S_ISREG(st.st_mode):
                continue
            cache = CatalogueCache.open()
            result = _read(path, st, bundled, cache)
            cache.save()
            if isinstance(result, Programme):
                return result
            raise RoutineError(list(result))
    return None


def _add(
    catalogue: Catalogue,
    owners: dict[str, Programme],
    path: Path,
    st: os.stat_result,
    *,
    bundled: bool,
    cache: CatalogueCache | None,
) -> None:
    taken = owners.get(path.stem)
    if taken is not None:
        where = "a bundled programme" if taken.bundled else str(taken.path)
        problem = Problem(path, 1, f"programme id '{path.stem}' is already used by {where}; rename this file")
        catalogue.broken.append(BrokenFile(path, (problem,)))
        return
    try:
        result = _read(path, st, bundled, cache)
    except Exception:  # noqa: BLE001 - one file, whatever is in it, never takes the menu or `list` down
        # Not cached: it is a fault in trainertui, which the next version (a new reader stamp) may not have.
        problem = Problem(path, 1, "trainertui could not read this file (an error in trainertui: please report it)")
        catalogue.broken.append(BrokenFile(path, (problem,)))
        return
    if isinstance(result, Programme):
        catalogue.programmes.append(result)
        owners[path.stem] = result
    else:
        catalogue.broken.append(BrokenFile(path, result))


def _read(path: Path, st: os.stat_result, bundled: bool, cache: CatalogueCache | None) -> Result:
    """What the file reads as: from the cache if its stat (taken before reading) is unchanged."""
    if cache is not None:
        known = cache.get(path, st, bundled=bundled)
        if known is not None:
            return known
    from trainertui.routines import load_programme  # the YAML reader: only for a file not in the cache

    result: Result
    try:
        result = load_programme(path, bundled=bundled)
    except RoutineError as error:
        result = tuple(error.problems)
    if cache is not None:
        cache.put(path, st, result, bundled=bundled)
    return result

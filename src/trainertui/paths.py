"""Where trainertui keeps its files.

platformdirs gives the usual per-user folders; TRAINERTUI_CONFIG_DIR, TRAINERTUI_DATA_DIR and
TRAINERTUI_CACHE_DIR override them (tests always set them, so nothing a test does touches the
real home).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from trainertui.problems import Problem, RoutineError

APP_NAME = "trainertui"
CONFIG_FILE = "config.toml"
ROUTINE_SUFFIXES = (".yaml", ".yml")


def config_dir() -> Path:
    """User settings and the user's own routines (in ``routines/`` under it)."""
    override = os.environ.get("TRAINERTUI_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME))


def data_dir() -> Path:
    """Workout history."""
    override = os.environ.get("TRAINERTUI_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME))


def cache_dir() -> Path:
    """Things made again when needed (speech for the user's own routines, the catalogue's
    cache): safe to delete."""
    override = os.environ.get("TRAINERTUI_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir(APP_NAME))


def user_routines_dir() -> Path:
    return config_dir() / "routines"


def config_file() -> Path:
    return config_dir() / CONFIG_FILE


def routine_files(folder: Path) -> list[Path]:
    """Routine files directly in ``folder``, sorted by name; none if it does not exist.
    Raises RoutineError (a problem naming the folder) if it exists but cannot be read: an
    unreadable folder must be reported, not look empty."""
    return [path for path, _ in routine_files_with_stats(folder)]


def routine_files_with_stats(folder: Path) -> list[tuple[Path, os.stat_result]]:
    """routine_files() with each file's stat, from one stat call a file (the catalogue's cache
    is keyed by them). A file that goes away while the folder is read is left out."""
    found = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if os.path.splitext(entry.name)[1] not in ROUTINE_SUFFIXES:
                    continue
                try:
                    if entry.is_file():
                        found.append((entry.name, entry.stat()))
                except OSError:
                    continue
    except FileNotFoundError:
        return []
    except OSError as error:
        reason = "it is not a folder" if isinstance(error, NotADirectoryError) else error.strerror or str(error)
        raise RoutineError([Problem(folder, 0, f"cannot read this folder of routines: {reason}")]) from None
    return [(folder / name, stat) for name, stat in sorted(found, key=lambda pair: pair[0])]

"""Where trainertui keeps its files.

platformdirs gives the usual per-user folders; TRAINERTUI_CONFIG_DIR, TRAINERTUI_DATA_DIR and
TRAINERTUI_CACHE_DIR override them (tests always set them, so nothing a test does touches the
real home).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "trainertui"
CONFIG_FILE = "config.toml"


def config_dir() -> Path:
    """User settings and the user's own routines (in ``routines/`` under it)."""
    override = os.environ.get("TRAINERTUI_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME))


def data_dir() -> Path:
    """Workout history."""
    override = os.environ.get("TRAINERTUI_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME))


def cache_dir() -> Path:
    """Things made again when needed (speech for the user's own routines): safe to delete."""
    override = os.environ.get("TRAINERTUI_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir(APP_NAME))


def user_routines_dir() -> Path:
    return config_dir() / "routines"


def config_file() -> Path:
    return config_dir() / CONFIG_FILE

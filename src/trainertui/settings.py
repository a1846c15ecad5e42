"""Where trainertui keeps its files.

platformdirs gives the usual per-user folders; TRAINERTUI_CONFIG_DIR and TRAINERTUI_DATA_DIR
override them (tests always set both, so nothing a test does touches the real home).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "trainertui"


def config_dir() -> Path:
    """User settings and the user's own routines (in ``routines/`` under it)."""
    override = os.environ.get("TRAINERTUI_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME))


def data_dir() -> Path:
    """Workout history."""
    override = os.environ.get("TRAINERTUI_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME))


def user_routines_dir() -> Path:
    return config_dir() / "routines"

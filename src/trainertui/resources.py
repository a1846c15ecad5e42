"""Find the files shipped beside the code: bundled routines and sound clips.

In a wheel they are package data (``trainertui/routines``, ``trainertui/sounds``) and
importlib.resources finds them. In an editable checkout they stay at the top of the
repository, where the wheel build copies them from, so the checkout path is the fallback.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def shipped_dir(name: str) -> Path:
    """The folder ``name`` ("routines" or "sounds"), wherever this installation keeps it."""
    packaged = resources.files("trainertui") / name
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"trainertui's {name}/ folder is missing from this installation ({packaged})")

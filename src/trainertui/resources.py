"""Find the files shipped beside the code: bundled routines and sound clips.

In a wheel they are package data, in the package's own folder (``trainertui/routines``,
``trainertui/sounds``). In an editable checkout they stay at the top of the repository, where
the wheel build copies them from, so the checkout path is the fallback. The package folder is
the one beside this file: trainertui is a regular package, so that is where
``importlib.resources.files("trainertui")`` points, and asking it instead would import
importlib.resources and zipfile, about 5 ms of every start (docs/performance.md).
"""

from __future__ import annotations

from pathlib import Path


def shipped_dir(name: str) -> Path:
    """The folder ``name`` ("routines" or "sounds"), wherever this installation keeps it."""
    packaged = Path(__file__).parent / name
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"trainertui's {name}/ folder is missing from this installation ({packaged})")

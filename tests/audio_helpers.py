"""Reading the shipped clips straight from their WAV files, to compare with what was played."""

from __future__ import annotations

import wave
from pathlib import Path

from trainertui.resources import shipped_dir

SOUNDS = shipped_dir("sounds")


def frames(path: Path) -> bytes:
    """A clip's samples, read straight from its WAV file (not through the player's code)."""
    with wave.open(str(path), "rb") as clip:
        return clip.readframes(clip.getnframes())


def tone(name: str) -> bytes:
    return frames(SOUNDS / "tones" / f"{name}.wav")


def words(slug: str) -> bytes:
    return frames(SOUNDS / "voice" / f"{slug}.wav")


def seconds(data: bytes) -> float:
    return len(data) / 2 / 22050

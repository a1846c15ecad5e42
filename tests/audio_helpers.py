"""Reading the shipped clips straight from their WAV files, to compare with what was played, and
finding where sounds begin in what was captured (the metronome test and bench/metronome_timing.py)."""

from __future__ import annotations

import array
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


def onsets(frames: bytes, threshold: int = 2000, quiet_s: float = 0.1, rate: int = 22050) -> list[int]:
    """Where a sound begins after at least ``quiet_s`` of near-silence, in samples."""
    samples = array.array("h", frames)
    found: list[int] = []
    last = -(10**9)
    for i, x in enumerate(samples):
        if abs(x) >= threshold:
            if i - last > quiet_s * rate:
                found.append(i)
            last = i
    return found

"""The cue tones, synthesised with the standard library alone.

Tones are made by our own code rather than recorded, so they carry no licence baggage, and
the same code gives the same bytes everywhere: scripts/make_sounds.py writes them to
sounds/tones/ and its --check can compare them byte for byte. Every clip in the project has
one format, 22050 Hz mono 16-bit, so clips can be joined and compared without resampling.
"""

from __future__ import annotations

import array
import io
import math
import sys
import wave
from collections.abc import Callable, Sequence
from pathlib import Path

RATE = 22050


def tone(
    freqs: Sequence[tuple[float, float]],
    ms: int,
    *,
    volume: float = 0.5,
    decay: float = 0.0,
    fade_ms: int = 5,
) -> array.array[int]:
    """A note made of ``(hz, relative amplitude)`` partials.

    The result is scaled so its peak is exactly ``volume`` of full scale (0.5 is -6 dBFS):
    headroom for the player's mixing, and every tone equally loud whatever its partials.
    ``decay`` (per second) makes bells and chimes ring out; the short linear fade at both
    ends keeps the speaker from clicking.
    """
    n = RATE * ms // 1000
    fade = max(1, RATE * fade_ms // 1000)
    raw = []
    for i in range(n):
        t = i / RATE
        wave_sum = sum(a * math.sin(2 * math.pi * f * t) for f, a in freqs)
        envelope = math.exp(-decay * t) * min(1.0, i / fade, (n - 1 - i) / fade)
        raw.append(wave_sum * envelope)
    peak = max((abs(x) for x in raw), default=0.0) or 1.0
    scale = 32767 * volume / peak
    return array.array("h", (round(x * scale) for x in raw))


def silence(ms: int) -> array.array[int]:
    """A gap between the notes of a tone, so two notes are heard as two."""
    return array.array("h", bytes(2 * (RATE * ms // 1000)))


def wav_bytes(samples: array.array[int]) -> bytes:
    """The whole WAV file in memory, for writing or for comparing with a file on disk."""
    if sys.byteorder == "big":  # WAV is little-endian; array uses the machine's order
        samples = array.array("h", samples)
        samples.byteswap()
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(samples.tobytes())
    return buffer.getvalue()


def write_wav(path: Path | str, samples: array.array[int]) -> None:
    Path(path).write_bytes(wav_bytes(samples))


def _bright(hz: float) -> list[tuple[float, float]]:
    """A note with a touch of its octave, which cuts through better than a bare sine."""
    return [(hz, 1.0), (2 * hz, 0.25)]


def _run() -> array.array[int]:
    # Rising: go!
    return tone(_bright(659.25), 110) + silence(30) + tone(_bright(880.0), 170)


def _walk() -> array.array[int]:
    # One low, round note: ease off.
    return tone([(392.0, 1.0), (784.0, 0.3)], 320)


def _exercise() -> array.array[int]:
    # Three quick high pips: heard as "work" without sounding like a run.
    pip = tone(_bright(1318.5), 60)
    gap = silence(45)
    return pip + gap + pip + gap + pip


def _rest() -> array.array[int]:
    # Falling and quieter, the second note dying away: relax.
    high = tone([(659.25, 1.0)], 140, volume=0.35)
    low = tone([(493.88, 1.0)], 220, volume=0.35, decay=3.0)
    return high + silence(30) + low


def _tick() -> array.array[int]:
    return tone([(1000.0, 1.0)], 90, volume=0.4)


def _halfway() -> array.array[int]:
    # A struck bell: the inharmonic 2.52x partial is what makes it metallic.
    return tone([(784.0, 1.0), (1975.7, 0.4), (3136.0, 0.2)], 600, decay=5.0)


def _finish() -> array.array[int]:
    # A C major chord ringing out: the one long, warm sound of the session.
    return tone([(523.25, 1.0), (659.25, 0.8), (783.99, 0.6), (1046.5, 0.4)], 1200, decay=3.0)


TONES: dict[str, Callable[[], array.array[int]]] = {
    "run": _run,
    "walk": _walk,
    "exercise": _exercise,
    "rest": _rest,
    "tick": _tick,
    "halfway": _halfway,
    "finish": _finish,
}

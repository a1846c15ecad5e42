"""The tone synthesiser, the speech renderer and scripts/make_sounds.py.

These test how clips are made, not the committed files' bytes (speech differs between
espeak-ng versions); the one test on sounds/ only asks that make_sounds.py --check passes.
"""

from __future__ import annotations

import array
import importlib.util
import io
import itertools
import math
import wave
from pathlib import Path
from types import ModuleType

import pytest

from helpers import ROOT
from trainertui.tones import RATE, TONES, wav_bytes, write_wav
from trainertui.voice import render, slug

# Seconds each tone may last.
DURATIONS = {
    "run": (0.15, 0.45),
    "walk": (0.15, 0.45),
    "exercise": (0.15, 0.45),
    "rest": (0.15, 0.45),
    "tick": (0.08, 0.12),
    "halfway": (0.5, 0.7),
    "finish": (1.0, 1.4),
}
START_TONES = ("run", "walk", "exercise", "rest")


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_sounds", ROOT / "scripts" / "make_sounds.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_sounds = load_script()


def read_clip(source: Path | bytes) -> tuple[tuple[int, int, int], array.array[int]]:
    """((rate, channels, sample width), samples) of a WAV file or WAV bytes."""
    handle = io.BytesIO(source) if isinstance(source, bytes) else str(source)
    with wave.open(handle, "rb") as clip:
        shape = (clip.getframerate(), clip.getnchannels(), clip.getsampwidth())
        samples = array.array("h", clip.readframes(clip.getnframes()))
    return shape, samples


def peak_dbfs(samples: array.array[int]) -> float:
    return 20 * math.log10(max(abs(s) for s in samples) / 32768)


def test_tone_names() -> None:
    assert set(TONES) == set(DURATIONS)


@pytest.mark.parametrize("name", sorted(DURATIONS))
def test_tone_is_a_valid_faded_clip(name: str) -> None:
    shape, samples = read_clip(wav_bytes(TONES[name]()))
    assert shape == (RATE, 1, 2)
    low, high = DURATIONS[name]
    assert low <= len(samples) / RATE <= high
    assert -12 <= peak_dbfs(samples) <= -1
    peak = max(abs(s) for s in samples)
    edge = RATE * 2 // 1000
    for end in (samples[:edge], samples[-edge:]):
        assert max(abs(s) for s in end) <= 0.45 * peak  # a 5 ms linear fade reaches 40 % at 2 ms
    assert samples[0] == samples[-1] == 0


def test_write_wav_writes_the_same_bytes(tmp_path: Path) -> None:
    samples = TONES["tick"]()
    write_wav(tmp_path / "tick.wav", samples)
    assert (tmp_path / "tick.wav").read_bytes() == wav_bytes(samples)


def test_synthesis_is_deterministic() -> None:
    assert wav_bytes(TONES["finish"]()) == wav_bytes(TONES["finish"]())


def test_start_tones_differ() -> None:
    clips = {name: TONES[name]().tobytes() for name in START_TONES}
    for a, b in itertools.combinations(START_TONES, 2):
        assert clips[a] != clips[b], (a, b)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Workout complete, well done", "workout-complete-well-done"),
        ("Rest. Next, step-ups", "rest-next-step-ups"),
        ("  Run now!  ", "run-now"),
        ("One-leg kickback, left side", "one-leg-kickback-left-side"),
        ("3 x 10 squats", "3-x-10-squats"),
    ],
)
def test_slug(text: str, expected: str) -> None:
    assert slug(text) == expected


def test_long_slug_is_capped_with_a_hash() -> None:
    one, two = "word " * 30 + "one", "word " * 30 + "two"
    assert len(slug(one)) <= 80 + 9
    assert slug(one) != slug(two)
    assert slug(one).startswith("word-word-")
    assert slug(one) == slug(one)


def test_spoken_texts() -> None:
    texts = make_sounds.spoken_texts()
    for phrase in ("Run now", "Walk now", "Halfway", "One minute left", "Workout complete, well done", "Wide squat"):
        assert phrase in texts
    assert not any(t in {"1", "2", "3"} for t in texts)  # the countdown is a tone
    assert len(texts) == len(set(texts))


def test_tones_only_writes_the_tones(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert make_sounds.main(["--tones-only", "--out", str(tmp_path)]) == 0
    for name, make in TONES.items():
        assert (tmp_path / "tones" / f"{name}.wav").read_bytes() == wav_bytes(make())
    assert not (tmp_path / "voice").exists()
    assert "tones/run.wav" in capsys.readouterr().out
    assert make_sounds.main(["--check", "--tones-only", "--out", str(tmp_path)]) == 0


def test_check_reports_stale_and_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_sounds.main(["--tones-only", "--out", str(tmp_path)])
    (tmp_path / "tones" / "tick.wav").write_bytes(b"old")
    (tmp_path / "tones" / "run.wav").unlink()
    capsys.readouterr()
    assert make_sounds.main(["--check", "--tones-only", "--out", str(tmp_path)]) == 1
    assert capsys.readouterr().out.split("\n") == ["missing tones/run.wav", "stale tones/tick.wav", ""]


def test_committed_sounds_are_complete_and_current(capsys: pytest.CaptureFixture[str]) -> None:
    code = make_sounds.main(["--check", "--out", str(ROOT / "sounds")])
    assert code == 0, "run scripts/make_sounds.py:\n" + capsys.readouterr().out


def test_render_speaks(tmp_path: Path) -> None:
    dest = tmp_path / "cache" / "run-now.wav"
    render("Run now", dest)
    shape, samples = read_clip(dest)
    assert shape == (RATE, 1, 2)
    assert 0.3 <= len(samples) / RATE <= 3
    assert peak_dbfs(samples) > -12
    assert [p.name for p in dest.parent.iterdir()] == ["run-now.wav"]  # no temporary files left

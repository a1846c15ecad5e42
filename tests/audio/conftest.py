"""Real playback, no mocks: simpleaudio plays into an ALSA device that writes each stream to a
file (../shared/reference/audio.md §2). ALSA_CONFIG_PATH replaces the whole ALSA config for
this process, and alsa-lib reads it again when the path changes, so each test has its own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def alsa_capture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], list[bytes]]:
    """Every stream opened on "default" becomes capture.raw, capture.raw.0001, ... in order."""
    folder = tmp_path / "capture"
    folder.mkdir()
    conf = tmp_path / "asound-capture.conf"
    conf.write_text(
        "pcm.!default { type file slave.pcm { type null } "
        f'file "{folder}/capture.raw" format "raw" truncate false }}\n'
    )
    monkeypatch.setenv("ALSA_CONFIG_PATH", str(conf))

    def captured() -> list[bytes]:
        files = sorted(folder.glob("capture.raw*"), key=lambda p: (len(p.name), p.name))
        return [p.read_bytes() for p in files]

    return captured


@pytest.fixture
def no_device(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config whose default device is a sound card that is not there."""
    conf = tmp_path / "asound-missing.conf"
    conf.write_text('pcm.!default { type hw card "nosuchcard" }\n')
    monkeypatch.setenv("ALSA_CONFIG_PATH", str(conf))
    return conf

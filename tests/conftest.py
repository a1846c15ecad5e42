from __future__ import annotations

from pathlib import Path

import pytest

from trainertui.clock import FakeClock


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Nothing a test does touches the real config or data folders."""
    config = tmp_path / "config"
    monkeypatch.setenv("TRAINERTUI_CONFIG_DIR", str(config))
    monkeypatch.setenv("TRAINERTUI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TRAINERTUI_CACHE_DIR", str(tmp_path / "cache"))
    # Sound goes nowhere unless a test asks for the capture device (tests/audio): a developer's
    # speakers stay quiet, and the app under test behaves the same on every machine.
    null_device = tmp_path / "asound-null.conf"
    null_device.write_text("pcm.!default { type null }\n")
    monkeypatch.setenv("ALSA_CONFIG_PATH", str(null_device))
    # Nor the desktop: no session bus, no system bus (tests/desktop starts buses of its own), and
    # the event role that make_player sets for cue streams is undone after each test.
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", f"unix:path={tmp_path / 'no-system-bus'}")
    for name in ("PULSE_PROP", "PIPEWIRE_PROPS"):
        monkeypatch.delenv(name, raising=False)
    return config


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()

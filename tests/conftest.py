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
    return config


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()

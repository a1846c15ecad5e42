from __future__ import annotations

import time
from pathlib import Path

import platformdirs
import pytest

from trainertui import paths
from trainertui.clock import FakeClock, MonotonicClock, ScaledClock


def test_fake_clock_moves_only_when_told():
    clock = FakeClock(start=5.0, wall_start=100.0)
    assert (clock.monotonic(), clock.wall()) == (5.0, 100.0)
    clock.advance(2.5)
    assert (clock.monotonic(), clock.wall()) == (7.5, 102.5)
    clock.sleep_wall(60)  # a laptop suspend: wall time jumps, monotonic does not
    assert (clock.monotonic(), clock.wall()) == (7.5, 162.5)
    with pytest.raises(ValueError):
        clock.advance(-1)


def test_scaled_clock_speeds_up_its_base():
    base = FakeClock(start=10.0, wall_start=1000.0)
    scaled = ScaledClock(30, base)
    start, wall = scaled.monotonic(), scaled.wall()
    base.advance(2)
    assert scaled.monotonic() - start == 60
    assert scaled.wall() - wall == 60
    with pytest.raises(ValueError):
        ScaledClock(0, base)


def test_rate_says_how_fast_a_clock_runs_against_real_time():
    """A UI divides a wait in clock seconds by rate to arm a real timer."""
    assert MonotonicClock().rate == FakeClock().rate == 1
    assert ScaledClock(30).rate == 30
    assert ScaledClock(2, ScaledClock(5)).rate == 10


def test_monotonic_clock_is_the_real_one():
    clock = MonotonicClock()
    assert abs(clock.monotonic() - time.monotonic()) < 1
    assert abs(clock.wall() - time.time()) < 1


def test_environment_overrides_the_folders(isolated_dirs, tmp_path):
    assert paths.config_dir() == isolated_dirs
    assert paths.user_routines_dir() == isolated_dirs / "routines"
    assert paths.data_dir() == tmp_path / "data"


def test_platform_folders_without_overrides(monkeypatch):
    monkeypatch.delenv("TRAINERTUI_CONFIG_DIR")
    monkeypatch.delenv("TRAINERTUI_DATA_DIR")
    assert paths.config_dir() == Path(platformdirs.user_config_dir("trainertui"))
    assert paths.data_dir() == Path(platformdirs.user_data_dir("trainertui"))

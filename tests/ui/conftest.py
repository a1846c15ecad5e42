"""Fixtures for driving the app headless with a FakeClock (no real timers run: tick_s=None)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from helpers import RecordingPlayer
from trainertui.catalogue import Catalogue, load_catalogue
from trainertui.clock import FakeClock
from trainertui.ui.app import TrainerApp


@pytest.fixture(autouse=True)
def utc() -> Iterator[None]:
    """Clock times on screen (the summary's "08:00 to 08:30") read the same on every machine."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if saved is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = saved
    time.tzset()


@pytest.fixture
def player() -> RecordingPlayer:
    return RecordingPlayer()


@pytest.fixture
def make_app(clock: FakeClock, player: RecordingPlayer) -> Callable[..., TrainerApp]:
    def factory(catalogue: Catalogue | None = None, **kwargs: Any) -> TrainerApp:
        kwargs.setdefault("tick_s", None)
        return TrainerApp(catalogue or load_catalogue(), clock=clock, player=player, **kwargs)

    return factory

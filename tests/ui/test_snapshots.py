"""How the screens look, as SVG snapshots (tests/ui/__snapshots__/).

Deterministic because time is a FakeClock and no real timers run (tick_s=None). After a
deliberate visual change: `make test PYTEST_ARGS="--snapshot-update"`, look at the SVGs, commit.
"""

from __future__ import annotations

import pytest

from trainertui.catalogue import load_catalogue


@pytest.fixture
def start(make_app):
    """An app started straight into a bundled session, as `trainertui run` does."""

    def factory(programme_id: str, session_id: str):
        catalogue = load_catalogue()
        programme = catalogue.get(programme_id)
        return make_app(catalogue, start=(programme, programme.session(session_id)))

    return factory


def at(clock, seconds: float, *keys: str):
    """A run_before that moves the clock, redraws, then presses keys."""

    async def run_before(pilot) -> None:
        clock.advance(seconds)
        pilot.app.screen.sync()
        if keys:
            await pilot.press(*keys)
        await pilot.pause()

    return run_before


def test_menu(snap_compare, make_app):
    assert snap_compare(make_app())


def test_run_step(snap_compare, start, clock):
    assert snap_compare(start("couch-to-5k", "w1r1"), run_before=at(clock, 320))


def test_walk_step(snap_compare, start, clock):
    assert snap_compare(start("couch-to-5k", "w1r1"), run_before=at(clock, 395))


def test_paused(snap_compare, start, clock):
    assert snap_compare(start("couch-to-5k", "w1r1"), run_before=at(clock, 320, "space"))


def test_rep_step(snap_compare, start, clock):
    assert snap_compare(start("strength-and-flex", "w1-strength"), run_before=at(clock, 372))


def test_quit_confirmation(snap_compare, start, clock):
    assert snap_compare(start("couch-to-5k", "w1r1"), run_before=at(clock, 320, "q"))


def test_summary(snap_compare, start, clock):
    assert snap_compare(start("couch-to-5k", "w1r1"), run_before=at(clock, 1800))


def test_small_terminal(snap_compare, start, clock):
    assert snap_compare(start("couch-to-5k", "w1r1"), run_before=at(clock, 320), terminal_size=(40, 12))


def test_small_terminal_menu(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(40, 12))

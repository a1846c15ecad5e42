"""The bundled Couch to 5K against the NHS plan, run by run (reference table, section 1.2)."""

from __future__ import annotations

import pytest

from helpers import ROOT
from trainertui.routines import load_programme
from trainertui.timeline import compile_session

R, W = "run", "walk"

# The main block of each run, between the 5-minute warm-up and the 5-minute cool-down walks.
MAIN = {
    1: [(R, 60), (W, 90)] * 8,
    2: [(R, 90), (W, 120)] * 5 + [(R, 90), (W, 60)],
    3: [(R, 90), (W, 90), (R, 180), (W, 180)] * 2,
    4: [(R, 180), (W, 90), (R, 300), (W, 150), (R, 180), (W, 90), (R, 300)],
    (5, 1): [(R, 300), (W, 180), (R, 300), (W, 180), (R, 300)],
    (5, 2): [(R, 480), (W, 300), (R, 480)],
    (5, 3): [(R, 1200)],
    (6, 1): [(R, 300), (W, 180), (R, 480), (W, 180), (R, 300)],
    (6, 2): [(R, 600), (W, 180), (R, 600)],
    (6, 3): [(R, 1500)],
    7: [(R, 1500)],
    8: [(R, 1680)],
    9: [(R, 1800)],
}

# Whole-session length (with warm-up and cool-down) and time spent running, from the plan.
TOTALS = {
    1: (1800, 480),
    2: (1800, 540),
    3: (1680, 540),
    4: (1890, 960),
    (5, 1): (1860, 900),
    (5, 2): (1860, 960),
    (5, 3): (1800, 1200),
    (6, 1): (2040, 1080),
    (6, 2): (1980, 1200),
    (6, 3): (2100, 1500),
    7: (2100, 1500),
    8: (2280, 1680),
    9: (2400, 1800),
}

RUNS = [(week, run) for week in range(1, 10) for run in range(1, 4)]


@pytest.fixture(scope="module")
def c25k():
    return load_programme(ROOT / "routines" / "couch-to-5k.yaml", bundled=True)


def key(week: int, run: int) -> int | tuple[int, int]:
    return (week, run) if week in (5, 6) else week


def test_there_are_27_runs_in_order(c25k):
    assert [s.id for s in c25k.sessions] == [f"w{w}r{r}" for w, r in RUNS]
    assert [s.week for s in c25k.sessions] == [w for w, _ in RUNS]
    assert c25k.sessions_per_week == 3
    assert "Open Government Licence v3.0" in c25k.credit


@pytest.mark.parametrize(("week", "run"), RUNS, ids=[f"w{w}r{r}" for w, r in RUNS])
def test_every_run_matches_the_plan(c25k, week, run):
    session = c25k.session(f"w{week}r{run}")
    assert session.title == f"Week {week}, Run {run}"
    steps = [(s.kind, s.duration_s) for s in session.steps]
    assert steps[0] == ("warmup", 300) and steps[-1] == ("cooldown", 300)
    assert steps[1:-1] == MAIN[key(week, run)]
    timeline = compile_session(session)
    assert (timeline.duration_s, timeline.seconds_by_kind()["run"]) == TOTALS[key(week, run)]
    assert all(s.tip for s in session.steps), "every step carries a form tip"


def test_the_main_block_sums(c25k):
    """Cross-check the table itself: the plan's main blocks are 20:00, 20:00, 18:00, 21:30, ..."""
    assert sum(s for _, s in MAIN[1]) == 1200
    assert sum(s for _, s in MAIN[2]) == 1200
    assert sum(s for _, s in MAIN[3]) == 1080
    assert sum(s for _, s in MAIN[4]) == 1290


def test_run_tips_vary_within_a_session(c25k):
    tips = [s.tip for s in c25k.session("w1r1").steps if s.kind == "run"]
    assert len(set(tips)) == 8


def test_every_run_offers_a_stride_cadence_that_is_off_until_asked_for():
    from helpers import ROOT
    from trainertui.routines import load_programme

    plan = load_programme(ROOT / "routines" / "couch-to-5k.yaml")
    assert plan.metronome is False
    steps = [step for session in plan.sessions for step in session.steps]
    assert {s.cadence for s in steps if s.kind == "run"} == {155}
    assert all(s.cadence is None for s in steps if s.kind != "run")

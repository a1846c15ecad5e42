"""The bundled Strength and Flex and 10-minute glutes programmes, against reference sections 2-3."""

from __future__ import annotations

import pytest

from helpers import ROOT
from trainertui.catalogue import load_catalogue
from trainertui.routines import load_programme
from trainertui.timeline import compile_session


@pytest.fixture(scope="module")
def glutes():
    return load_programme(ROOT / "routines" / "firm-glutes-10.yaml")


@pytest.fixture(scope="module")
def strength_and_flex():
    return load_programme(ROOT / "routines" / "strength-and-flex.yaml")


def test_every_bundled_file_is_valid_credited_and_tipped():
    catalogue = load_catalogue()
    assert catalogue.broken == []
    assert [p.id for p in catalogue.programmes] == [
        "couch-to-5k",
        "couch-to-5k-plus",
        "firm-glutes-10",
        "strength-and-flex",
        "back-care",
    ]
    for programme in catalogue.programmes:
        assert "Open Government Licence v3.0" in programme.credit
        assert programme.description
        source = programme.path.read_text()
        assert "Open Government Licence v3.0" in source
        for session in programme.sessions:
            untipped = {s.label for s in session.steps if s.timed and not s.tip and s.name != "Switch sides"}
            assert not untipped, (programme.id, session.id)


def test_glutes_parts_are_alternatives_and_full_is_all_three_in_order(glutes):
    assert glutes.alternatives
    assert [s.id for s in glutes.sessions] == ["full", "workout", "warm-up", "stretch"]
    full = glutes.session("full")
    assert full.parts == ("warm-up", "workout", "stretch")
    assert (
        full.steps
        == glutes.session("warm-up").steps + glutes.session("workout").steps + glutes.session("stretch").steps
    )


def test_glutes_workout_is_ten_minutes_in_the_documented_order(glutes):
    workout = glutes.session("workout")
    timeline = compile_session(workout)
    assert timeline.duration_s == 600
    exercises = [s.label for s in workout.steps if s.kind == "exercise"]
    one_round = [
        "Side-lying leg raise (left)",
        "Side-lying leg raise (right)",
        "Bridge",
        "One-leg kickback (left)",
        "One-leg kickback (right)",
        "Lunge (left)",
        "Lunge (right)",
    ]
    assert exercises == one_round * 2
    assert all(s.duration_s == 30 and s.reps == "8-10" for s in workout.steps if s.kind == "exercise")
    assert workout.steps[-1].label == "Lunge (right)"  # no dangling rest at the end
    assert timeline.work_s == 14 * 30


def test_glutes_warm_up_and_stretch(glutes):
    warm_up = glutes.session("warm-up")
    assert warm_up.planned_s == 360
    assert [s.name for s in warm_up.steps] == [
        "March on the spot",
        "Heel digs",
        "Knee lifts",
        "Shoulder rolls",
        "Knee bends",
    ]
    assert [s.duration_s for s in warm_up.steps][:3] == [180, 60, 30]  # the documented timings
    stretches = [s.name for s in glutes.session("stretch").steps if s.kind == "stretch"]
    assert list(dict.fromkeys(stretches)) == [
        "Buttock stretch",
        "Hamstring stretch",
        "Inner thigh stretch",
        "Calf stretch",
        "Thigh stretch",
    ]
    assert 240 <= glutes.session("stretch").planned_s <= 330


# Week: (rounds, reps, plank seconds, rest between exercises), from the inferred progression.
PROGRESSION = {
    1: (1, "8", 15, 30),
    2: (2, "8", 20, 30),
    3: (2, "10", 25, 30),
    4: (3, "10", 30, 30),
    5: (3, "12", 30, 20),
}
CIRCUIT = ["Wide squat", "Bench press-up", "Step-up", "Bench dip", "Lunge", "Calf raise", "Plank"]
FLEX = [
    "Calf stretch",
    "Thigh stretch",
    "Hamstring stretch",
    "Hip flexor stretch",
    "Chest stretch",
    "Upper back stretch",
]


def test_strength_and_flex_has_five_weeks_of_both(strength_and_flex):
    assert [week for week, _ in strength_and_flex.weeks] == [1, 2, 3, 4, 5]
    for week, sessions in strength_and_flex.weeks:
        ids = {s.id for s in sessions}
        assert {f"w{week}-strength", f"w{week}-flex"} <= ids
        assert len(sessions) == strength_and_flex.sessions_per_week


@pytest.mark.parametrize("week", sorted(PROGRESSION))
def test_strength_sessions_follow_the_progression(strength_and_flex, week):
    rounds, reps, plank_s, rest_s = PROGRESSION[week]
    steps = strength_and_flex.session(f"w{week}-strength").steps
    assert [s.kind for s in steps[:5]] == ["warmup"] * 5
    exercises = [s for s in steps if s.kind == "exercise"]
    names = list(dict.fromkeys(s.name for s in exercises))
    assert names == CIRCUIT
    planks = [s for s in exercises if s.name == "Plank"]
    assert len(planks) == rounds and all(p.duration_s == plank_s for p in planks)
    reps_steps = [s for s in exercises if s.name != "Plank"]
    assert all(not s.timed and s.reps == reps for s in reps_steps)
    assert len(reps_steps) == rounds * 8  # six exercises, two of them on each side
    rests = [s.duration_s for s in steps if s.kind == "rest" and s.name == "Rest"]
    assert set(rests) == {rest_s}
    assert sum(1 for s in steps if s.name == "Rest between rounds") == rounds - 1
    assert steps[-1].kind != "rest"


@pytest.mark.parametrize(("week", "rounds"), [(1, 1), (2, 1), (3, 2), (4, 2), (5, 2)])
def test_flex_sessions(strength_and_flex, week, rounds):
    steps = strength_and_flex.session(f"w{week}-flex").steps
    stretches = [s for s in steps if s.kind == "stretch"]
    assert list(dict.fromkeys(s.name for s in stretches)) == FLEX
    assert all(s.duration_s == 30 for s in stretches)
    assert len(stretches) == rounds * (len(FLEX) + 4)  # four of the six are done on each side


def test_strength_and_flex_says_what_is_inferred(strength_and_flex):
    source = strength_and_flex.path.read_text()
    assert "INFERRED" in source and "(inferred)" in source
    for documented in ("wide squat", "bench dip", "thigh stretch", "calf stretch", "upper back stretch"):
        assert documented in source.lower()


def test_strength_and_flex_can_be_done_at_home_without_a_bench(strength_and_flex):
    assert [kit.id for kit in strength_and_flex.equipment] == ["bench", "home"]
    renamed = {"Bench press-up": "Worktop press-up", "Step-up": "Step-up on the stairs", "Bench dip": "Chair dip"}
    for session in strength_and_flex.sessions:
        at_home = session.using("home")
        assert [(s.kind, s.duration_s, s.reps, s.side) for s in at_home.steps] == [
            (s.kind, s.duration_s, s.reps, s.side) for s in session.steps
        ]
        for park, home in zip(session.steps, at_home.steps):
            assert home.name == renamed.get(park.name, park.name)
            for text in (home.name, home.say, home.tip):
                assert "bench" not in text.lower(), (session.id, home.label, text)
    assert "inferred" in strength_and_flex.credit and "at-home" in strength_and_flex.credit

"""Programmes that are not a plain sequence: sessions that are alternatives, a session made of
others, equipment with something to do instead, and a stride cadence on a step."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from helpers import T0, entry
from trainertui.history import HISTORY_FILE, History
from trainertui.model import Equipment
from trainertui.progress import progress
from trainertui.routines import RoutineError, load_programme
from trainertui.timeline import compile_session


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    path = write(tmp_path, text)
    with pytest.raises(RoutineError) as raised:
        load_programme(path)
    return [str(p).removeprefix(f"{path}:") for p in raised.value.problems]


PIECES = """
name: Glutes
alternatives: true
sessions:
  - id: all
    title: All of it
    parts: [warm, work, cool]
  - id: warm
    title: Warm-up
    steps: [{warmup: 1m}]
  - id: work
    title: Workout
    steps:
      - exercise: 30s
        name: Bridge
  - id: cool
    title: Stretch
    same_as: warm
"""


def test_parts_are_the_named_sessions_steps_as_one_workout(tmp_path):
    text = PIECES.replace("same_as: warm", "steps: [{stretch: 20s, name: Calf stretch}]")
    programme = load_programme(write(tmp_path, text))
    whole = programme.session("all")
    assert whole is not None and whole.parts == ("warm", "work", "cool")
    assert [(s.kind, s.name, s.duration_s) for s in whole.steps] == [
        ("warmup", "Warm-up", 60),
        ("exercise", "Bridge", 30),
        ("stretch", "Calf stretch", 20),
    ]
    timeline = compile_session(whole)
    assert timeline.duration_s == 110 and [c.kind for c in timeline.cues][-1] == "finish"


def test_a_part_must_name_a_session_with_its_own_steps(tmp_path):
    assert problems(tmp_path, PIECES) == ["6: each part must name a session with its own steps, got cool"]
    nowhere = PIECES.replace("[warm, work, cool]", "[warm, nowhere]").replace("same_as: warm", "steps: [{rest: 5s}]")
    assert problems(tmp_path, nowhere) == ["6: each part must name a session in this file, got nowhere"]
    both = PIECES.replace("    parts: [warm, work, cool]", "    parts: [warm]\n    steps: [{run: 1m}]")
    assert problems(tmp_path, both.replace("same_as: warm", "steps: [{rest: 5s}]")) == [
        "6: a session has one of 'steps', 'same_as' or 'parts', not steps and parts"
    ]
    empty = PIECES.replace("[warm, work, cool]", "[]")
    assert problems(tmp_path, empty.replace("same_as: warm", "steps: [{rest: 5s}]")) == [
        "6: session 'all' parts is empty"
    ]


def test_alternatives_have_no_next_and_nothing_is_all_done(tmp_path):
    text = PIECES.replace("same_as: warm", "steps: [{rest: 5s}]")
    programme = load_programme(write(tmp_path, text))
    assert programme.alternatives
    with History.open(tmp_path / HISTORY_FILE) as history:
        assert progress(history, programme).next_session_id is None
        history.record(entry("work", ended=T0, programme_id=programme.id))
        found = progress(history, programme)
        assert found.next_session_id is None and found.done == {"work"}


def test_alternatives_must_be_true_or_false(tmp_path):
    assert problems(tmp_path, PIECES.replace("alternatives: true", "alternatives: sometimes")) == [
        "2: 'alternatives' must be true or false",
        "6: each part must name a session with its own steps, got cool",
    ]


KIT = """
name: Strength
equipment:
  - id: bench
    name: A park bench
  - id: home
    name: At home
sessions:
  - id: s
    title: Strength
    steps:
      - exercise: 30s
        name: Bench dip
        tip: [Hands on the edge of the bench., Elbows point back.]
        instead:
          home:
            name: Chair dip
            say: Chair dips
      - exercise: 30s
        name: Step-up
        each_side: true
        tip: Step up onto the bench.
        instead:
          home: {name: Step-up on a stair, tip: Use the bottom stair and hold the banister.}
      - exercise: 30s
        name: Bench dip
        tip: [Hands on the edge of the bench., Elbows point back.]
        instead:
          home: {name: Chair dip}
"""


def test_equipment_gives_each_step_what_to_do_instead(tmp_path):
    programme = load_programme(write(tmp_path, KIT))
    assert programme.equipment == (Equipment("bench", "A park bench"), Equipment("home", "At home"))
    assert programme.equipment_named(None) == programme.equipment[0]
    assert programme.equipment_named("home") == programme.equipment[1]
    [session] = programme.sessions
    assert [s.label for s in session.steps] == ["Bench dip", "Step-up (left)", "Step-up (right)", "Bench dip"]
    at_home = session.using("home")
    assert [s.label for s in at_home.steps] == [
        "Chair dip",
        "Step-up on a stair (left)",
        "Step-up on a stair (right)",
        "Chair dip",
    ]
    dip, left, _, second_dip = at_home.steps
    assert (dip.say, dip.tip, dip.duration_s) == ("Chair dips", "Hands on the edge of the bench.", 30)
    assert second_dip.tip == "Elbows point back."  # a list of tips turns for what is done instead too
    assert left.tip == "Use the bottom stair and hold the banister." and left.side == "left"
    assert session.using("bench") is session and session.using("unknown") is session


def test_instead_names_only_the_programmes_other_equipment(tmp_path):
    assert problems(
        tmp_path,
        KIT.replace(
            "          home:\n            name: Chair dip\n            say: Chair dips", "          gym: {name: X}"
        ),
    ) == ["15: 'instead' names equipment 'gym' (known: home)"]
    assert problems(tmp_path, KIT.replace("home: {name: Chair dip}", "bench: {name: Chair dip}")) == [
        "28: 'instead' names equipment 'bench' (the steps are written for it)"
    ]
    assert problems(tmp_path, KIT.replace("home: {name: Chair dip}", "home: {colour: red}")) == [
        "28: unknown key 'colour' in 'instead: home' (allowed: name, tip, reps, say)"
    ]
    no_kit = KIT.replace("equipment:\n  - id: bench\n    name: A park bench\n  - id: home\n    name: At home\n", "")
    assert problems(tmp_path, no_kit)[0] == "9: 'instead' needs the programme's 'equipment' list"
    one = KIT.replace("  - id: home\n    name: At home\n", "")
    assert problems(tmp_path, one)[0] == "2: 'equipment' needs at least two ways of doing it (the first is the default)"


CADENCE = """
name: Strides
metronome: false
sessions:
  - id: s
    title: Strides
    steps:
      - run: 1m
        cadence: 170
      - walk: 1m
"""


def test_a_step_can_carry_a_cadence_and_a_programme_says_whether_it_clicks(tmp_path):
    programme = load_programme(write(tmp_path, CADENCE))
    assert [s.cadence for s in programme.sessions[0].steps] == [170, None]
    assert programme.metronome is False
    assert load_programme(write(tmp_path, CADENCE.replace("metronome: false\n", ""))).metronome is True


@pytest.mark.parametrize("value", ["99", "221", "170.5", "fast", "true"])
def test_a_cadence_is_100_to_220_steps_a_minute(tmp_path, value):
    assert problems(tmp_path, CADENCE.replace("cadence: 170", f"cadence: {value}")) == [
        "8: 'cadence' is steps a minute, a whole number from 100 to 220"
    ]


def test_what_is_done_instead_can_take_its_own_tips_in_turn(tmp_path):
    text = """
    name: Dips
    equipment: [{id: bench, name: A bench}, {id: home, name: At home}]
    sessions:
      - id: s
        title: Dips
        steps:
          - repeat: 3
            steps:
              - exercise: 30s
                name: Bench dip
                tip: [Hands on the bench., Elbows back.]
                instead:
                  home: {name: Chair dip, tip: [Chair against a wall., Knees at 90 degrees.]}
    """
    [session] = load_programme(write(tmp_path, text)).sessions
    assert [s.tip for s in session.steps] == ["Hands on the bench.", "Elbows back.", "Hands on the bench."]
    at_home = session.using("home").steps
    assert [s.tip for s in at_home] == ["Chair against a wall.", "Knees at 90 degrees.", "Chair against a wall."]

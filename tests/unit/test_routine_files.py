"""Reading routine files: the format's features, and one clear line per problem."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest

from trainertui.routines import MAX_FILE_BYTES, RoutineError, load_programme


def write(tmp_path: Path, text: str, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    path = write(tmp_path, text)
    with pytest.raises(RoutineError) as raised:
        load_programme(path)
    lines = [str(p) for p in raised.value.problems]
    assert all(line.startswith(f"{path}:") for line in lines)
    return [line.removeprefix(f"{path}:") for line in lines]


GOOD = """
name: Lunchtime
description: Short and sharp.
sessions:
  - id: a
    title: Session A
    steps:
      - warmup: 2m
      - exercise: 30s
        name: Squat
        tip: Sit back as if onto a chair.
      - exercise: untimed
        name: Press-up
        reps: 8-10
      - exercise: 20s
        name: Lunge
        each_side: true
        switch: 5s
      - repeat: 2
        steps:
          - run: 1m30s
          - walk: 90
      - cooldown: 1m
"""


def test_a_good_file_expands_sides_repeats_and_untimed_steps(tmp_path):
    programme = load_programme(write(tmp_path, GOOD))
    assert (programme.id, programme.name, programme.description) == ("mine", "Lunchtime", "Short and sharp.")
    [session] = programme.sessions
    summary = [(s.kind, s.label, s.duration_s) for s in session.steps]
    assert summary == [
        ("warmup", "Warm-up", 120),
        ("exercise", "Squat", 30),
        ("exercise", "Press-up", None),
        ("exercise", "Lunge (left)", 20),
        ("rest", "Switch sides", 5),
        ("exercise", "Lunge (right)", 20),
        ("run", "Run", 90),
        ("walk", "Walk", 90),
        ("run", "Run", 90),
        ("walk", "Walk", 90),
        ("cooldown", "Cool-down", 60),
    ]
    assert session.steps[1].tip == "Sit back as if onto a chair."
    assert session.steps[2].reps == "8-10"
    assert session.steps[1].line == 8
    assert session.planned_s == 120 + 30 + 20 + 5 + 20 + 360 + 60


def test_blocks_same_as_and_weeks(tmp_path):
    path = write(
        tmp_path,
        """
        name: Plan
        blocks:
          easy:
            - walk: 1m
        weeks:
          - week: 1
            sessions:
              - id: w1a
                title: One
                steps:
                  - use: easy
                  - run: 1m
                  - use: easy
              - {id: w1b, title: Two, same_as: w1a}
          - week: 2
            sessions:
              - id: w2a
                title: Three
                steps: [{run: 5m}]
    """,
    )
    programme = load_programme(path)
    assert [(s.id, s.week, s.planned_s) for s in programme.sessions] == [
        ("w1a", 1, 180),
        ("w1b", 1, 180),
        ("w2a", 2, 300),
    ]
    assert programme.session("w1b").steps == programme.session("w1a").steps
    assert programme.session("w1b").title == "Two"
    assert [week for week, _ in programme.weeks] == [1, 2]


def test_tip_lists_rotate_through_repeats(tmp_path):
    path = write(
        tmp_path,
        """
        name: Tips
        sessions:
          - id: a
            title: A
            steps:
              - repeat: 3
                steps:
                  - run: 1m
                    tip: &tips [one, two]
                  - walk: 1m
              - run: 1m
                tip: *tips
              - exercise: 10s
                name: Lunge
                each_side: true
                tip: [left and right share this, then this]
    """,
    )
    steps = load_programme(path).sessions[0].steps
    assert [s.tip for s in steps if s.kind == "run"] == ["one", "two", "one", "two"]
    assert [s.tip for s in steps if s.kind == "exercise"] == ["left and right share this"] * 2


def test_comments_anchors_and_durations(tmp_path):
    path = write(
        tmp_path,
        """
        # a comment
        name: Clock forms
        sessions:
          - id: a
            title: A
            steps:
              - run: 1:30     # YAML reads this as 90
              - walk: "2m"
              - rest: 1h
              - run: 45 s
    """,
    )
    assert [s.duration_s for s in load_programme(path).sessions[0].steps] == [90, 120, 3600, 45]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "name: X\nsessions:\n  - id: a\n    title: A\n    steps:\n      - run: 0s\n",
            ["6: the run duration must be longer than zero, got '0s'"],
            id="zero",
        ),
        pytest.param(
            "name: X\nsessions:\n  - id: a\n    title: A\n    steps:\n      - run: -5\n",
            ["6: the run duration must be longer than zero, got -5"],
            id="negative",
        ),
        pytest.param(
            "name: X\nsessions:\n  - id: a\n    title: A\n    steps:\n      - run: 5 minutes\n",
            ["6: the run duration: expected a duration like 90s, 5m or 1m30s, got '5 minutes'"],
            id="bad-duration",
        ),
        pytest.param(
            "name: X\nsessions:\n  - id: a\n    title: A\n    steps:\n      - run: 1.5\n",
            ["6: the run duration: durations are whole seconds, got 1.5"],
            id="fraction",
        ),
        pytest.param(
            "name: X\nsessions:\n  - id: a\n    title: A\n    steps:\n      - jog: 1m\n",
            [
                "6: unknown step kind 'jog': a step starts with one of warmup, walk, run, cooldown, exercise, "
                "rest, stretch, or is 'repeat' or 'use'"
            ],
            id="unknown-kind",
        ),
        pytest.param(
            "name: X\nsessions:\n  - id: a\n    title: A\n    steps:\n      - runn: 1m\n",
            [
                "6: unknown step kind 'runn': a step starts with one of warmup, walk, run, cooldown, exercise, "
                "rest, stretch, or is 'repeat' or 'use'; did you mean 'run'?"
            ],
            id="kind-typo",
        ),
        pytest.param(
            "name: X\nsessions:\n  - id: a\n    title: A\n    steps:\n      - run: 1m\n        tipp: go\n",
            ["7: unknown key 'tipp' in a run step; did you mean 'tip'?"],
            id="unknown-key",
        ),
        pytest.param(
            "name: X\ncolour: red\nsessions:\n  - id: a\n    title: A\n    steps: [{run: 1m}]\n",
            [
                "2: unknown key 'colour' in the programme (allowed: name, description, credit, sessions_per_week, "
                "alternatives, equipment, metronome, blocks, weeks, sessions)"
            ],
            id="unknown-top-key",
        ),
        pytest.param(
            "name: X\nsessions:\n  - id: a\n    title: A\n    steps:\n"
            "      - run: 1m\n        tip:\n          - Fine\n          - 42\n",
            ["9: each tip in the list must be text, got 42"],
            id="tip-not-text",
        ),
        pytest.param(
            "name: X\nsessions:\n  - id: a\n    title: A\n    steps: []\n",
            ["5: session 'a' steps is empty"],
            id="empty-session",
        ),
        pytest.param("name: X\nsessions:\n  - id: a\n    title: A\n", ["3: session 'a' has no 'steps'"], id="no-steps"),
        pytest.param(
            "name: X\nsessions:\n  - id: a\n    title: A\n    steps: [{run: 1m}]\n"
            "  - id: a\n    title: B\n    steps: [{run: 1m}]\n",
            ["6: session id 'a' is already used on line 3"],
            id="duplicate-id",
        ),
        pytest.param(
            "name: X\nsessions:\n  - {id: 1, title: A, steps: [{run: 1m}]}\n"
            "  - {id: 1, title: B, steps: [{run: 1m}]}\n",
            ["4: session id '1' is already used on line 3"],
            id="duplicate-numeric-id",
        ),
        pytest.param(
            "name: X\nsessions:\n  - id: a\n    title: A\n    title: B\n    steps: [{run: 1m}]\n",
            ["5: 'title' is given twice in the same block"],
            id="duplicate-key",
        ),
        pytest.param(
            "name: X\nsessions:\n  - id: Week 1\n    title: A\n    steps: [{run: 1m}]\n",
            ["3: session id 'Week 1' must be lower-case letters, digits, '-' or '_' (at most 32)"],
            id="bad-id",
        ),
        pytest.param(
            "name: X\nsessions:\n  - id: a\n    steps: [{run: 1m}]\n", ["3: 'title' is missing"], id="no-title"
        ),
        pytest.param(
            "sessions:\n  - id: a\n    title: A\n    steps: [{run: 1m}]\n", ["1: 'name' is missing"], id="no-name"
        ),
        pytest.param("name: X\n", ["1: the programme needs 'weeks' or 'sessions'"], id="no-sessions"),
        pytest.param(
            "name: X\nsessions:\n  - id: a\n    title: A\n    steps:\n      - exercise: 30s\n",
            ["6: an exercise step needs a 'name'"],
            id="exercise-needs-name",
        ),
        pytest.param(
            "name: X\nsessions:\n  - id: a\n    title: A\n    steps:\n      - run: 1m\n        walk: 1m\n",
            ["6: a step has one kind, this one has 2: run, walk"],
            id="two-kinds",
        ),
        pytest.param(
            "name: X\nsessions:\n  - id: a\n    title: A\n    steps:\n      - use: nowhere\n",
            ["6: 'use: nowhere' names no block under 'blocks' (known: none are defined)"],
            id="unknown-block",
        ),
        pytest.param(
            "name: X\nsessions:\n  - id: b\n    title: B\n    same_as: zz\n",
            ["5: 'same_as: zz' must name a session in this file"],
            id="unknown-same-as",
        ),
        pytest.param(
            "name: X\nsessions:\n  - id: a\n    title: A\n    steps:\n      - repeat: 0\n        steps: [{run: 1m}]\n",
            ["6: 'repeat' must be a whole number from 1 to 1000, got 0"],
            id="repeat-zero",
        ),
        pytest.param(
            "name: X\nsessions:\n  - id: a\n    title: A\n    steps:\n      - run: 1m\n        switch: 5s\n",
            ["7: 'switch' (a rest between sides) needs 'each_side: true'"],
            id="switch-without-sides",
        ),
        pytest.param(
            "name: X\nsessions:\n  - id: a\n    title: A\n    steps:\n      - run: 1m\n  - id: b\n",
            ["7: 'title' is missing", "7: session 'b' has no 'steps'"],
            id="two-problems-one-line",
        ),
        pytest.param(
            "name: X\nweeks:\n  - week: 1\n    sessions: [{id: a, title: A, steps: [{run: 1m}]}]\n"
            "  - week: 1\n    sessions: [{id: b, title: B, steps: [{run: 1m}]}]\n",
            ["5: week 1 is already listed on line 3"],
            id="duplicate-week",
        ),
        pytest.param(
            "name: X\nsessions:\n  - id: a\n    title: A\n    steps:\n      - run: 1m\n     - walk: 1m\n",
            ["7: YAML syntax: the indentation does not line up with the lines above"],
            id="yaml-indent",
        ),
        pytest.param("name: [unclosed\n", ["1: YAML syntax: a '[' opened here is never closed"], id="yaml-unclosed"),
        pytest.param(
            "name: X\nsessions:\n  - id: a\n    title A\n    steps: []\n",
            ["4: YAML syntax: a ':' is missing after the key"],
            id="yaml-missing-colon",
        ),
        pytest.param(
            "name: X\n\tsessions: []\n", ["2: YAML syntax: tabs cannot indent YAML; use spaces"], id="yaml-tab"
        ),
        pytest.param(
            'name: "X\nsessions: []\n',
            ["1: YAML syntax: a quote or bracket opened here is never closed"],
            id="yaml-open-quote",
        ),
        pytest.param(
            "name: X\nsessions:\n  - id: a\n     title: A\n",
            ["4: YAML syntax: a ':' where none can be; check the indentation, or quote the text"],
            id="yaml-colon",
        ),
        pytest.param("", ["1: the file is empty"], id="empty-file"),
        pytest.param(
            "- run: 1m\n",
            ["1: the file must be a mapping with 'name' and 'weeks' or 'sessions', got a list"],
            id="not-a-mapping",
        ),
    ],
)
def test_each_problem_is_one_line_with_file_and_line(tmp_path, text, expected):
    assert problems(tmp_path, text) == expected


def test_every_problem_in_a_file_is_reported_in_line_order(tmp_path):
    found = problems(
        tmp_path,
        """
        name: X
        sessions:
          - id: a
            title: A
            steps:
              - run: 0s
              - jog: 1m
              - walk: 1m
                tipp: x
          - id: a
            title: B
            steps: []
    """,
    )
    assert [line.split(":")[0] for line in found] == ["6", "7", "9", "10", "12"]


def test_merge_keys_let_written_keys_override(tmp_path):
    path = write(
        tmp_path,
        """
        name: Merge
        sessions:
          - id: a
            title: A
            steps:
              - &base {exercise: 30s, name: Squat, reps: "8"}
              - {<<: *base, reps: "10"}
    """,
    )
    assert [s.reps for s in load_programme(path).sessions[0].steps] == ["8", "10"]


def test_python_tags_are_refused(tmp_path):
    found = problems(tmp_path, "name: !!python/object/apply:os.system ['echo hi']\nsessions: []\n")
    assert len(found) == 1 and found[0].startswith("1: YAML syntax: could not determine a constructor")


def test_not_utf8(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"name: X\nsessions:\n  - id: \xff\n")
    with pytest.raises(RoutineError) as raised:
        load_programme(path)
    assert [str(p) for p in raised.value.problems] == [f"{path}:3: the file is not UTF-8 text"]


def test_missing_file(tmp_path):
    with pytest.raises(RoutineError) as raised:
        load_programme(tmp_path / "nope.yaml")
    assert str(raised.value) == f"{tmp_path / 'nope.yaml'}:1: cannot read the file: No such file or directory"


# --- bounds: a hostile or mistyped file cannot hang or exhaust the machine ---------------------


def fast_problems(tmp_path: Path, text: str) -> list[str]:
    """The problems, and proof the work is bounded: CPU time, not wall time, so a busy machine
    (other processes on the same cores) does not make the check flaky."""
    began = time.process_time()
    found = problems(tmp_path, text)
    assert time.process_time() - began < 2.0, "bounded work, even for a hostile file"
    return found


def test_huge_repeat(tmp_path):
    found = fast_problems(
        tmp_path,
        "name: X\nsessions:\n  - id: a\n    title: A\n    steps:\n"
        "      - repeat: 1000000000\n        steps: [{run: 1s}]\n",
    )
    assert found == ["6: 'repeat' must be a whole number from 1 to 1000, got 1000000000"]


def test_nested_repeats_past_the_step_limit(tmp_path):
    found = fast_problems(
        tmp_path,
        "name: X\nsessions:\n  - id: a\n    title: A\n    steps:\n"
        "      - repeat: 1000\n        steps:\n"
        "          - repeat: 1000\n            steps: [{run: 1s}]\n",
    )
    assert found == ["3: session 'a' expands to more than 10,000 steps"]


def test_session_longer_than_six_hours(tmp_path):
    found = fast_problems(
        tmp_path,
        "name: X\nsessions:\n  - id: a\n    title: A\n    steps:\n      - repeat: 7\n        steps: [{run: 1h}]\n",
    )
    assert found == ["3: session 'a' lasts 7h, more than the limit of 6h"]


def test_one_step_longer_than_six_hours(tmp_path):
    found = fast_problems(tmp_path, "name: X\nsessions:\n  - id: a\n    title: A\n    steps:\n      - run: 99999999h\n")
    assert found == ["6: the run duration is longer than 6h"]


def test_file_over_a_megabyte_is_not_parsed(tmp_path):
    text = "name: X\n" + "#" * MAX_FILE_BYTES
    assert fast_problems(tmp_path, text) == ["1: the file is larger than 1 MB; routine files are small"]


def test_alias_bomb(tmp_path):
    """Billion-laughs shape: each level lists the previous one ten times."""
    levels = ["a0: &a0 [{run: 1s}]"]
    for n in range(1, 9):
        levels.append(f"a{n}: &a{n} [" + ", ".join([f"{{repeat: 1, steps: *a{n - 1}}}"] * 10) + "]")
    text = "name: X\nblocks:\n" + "".join(f"  {line}\n" for line in levels)
    text += "sessions:\n  - id: a\n    title: A\n    steps: *a8\n"
    found = fast_problems(tmp_path, text)
    assert found == ["13: session 'a' expands to more than 10,000 steps"]


def test_recursive_alias(tmp_path):
    found = fast_problems(
        tmp_path, "name: X\nsessions:\n  - id: a\n    title: A\n    steps: &s\n      - repeat: 2\n        steps: *s\n"
    )
    assert found == ["5: YAML syntax: found unconstructable recursive node"]


def test_nesting_depth_is_bounded(tmp_path):
    steps = "[{run: 1s}]"
    for _ in range(10):
        steps = f"[{{repeat: 1, steps: {steps}}}]"
    found = fast_problems(tmp_path, f"name: X\nsessions:\n  - id: a\n    title: A\n    steps: {steps}\n")
    assert found == ["5: repeat/use blocks nested more than 8 deep"]


def test_block_that_uses_itself(tmp_path):
    found = fast_problems(
        tmp_path,
        "name: X\nblocks:\n  loop:\n    - use: loop\nsessions:\n  - id: a\n    title: A\n    steps: [{use: loop}]\n",
    )
    assert found == ["4: block 'loop' uses itself"]


def test_deeply_nested_yaml(tmp_path):
    found = fast_problems(tmp_path, "name: X\nsessions: " + "[" * 50_000 + "]" * 50_000 + "\n")
    # libyaml stops at its depth limit; the pure-Python parser would hit Python's recursion limit.
    assert len(found) == 1 and found[0].endswith("the file is nested too deeply")


def test_too_many_problems_stops_early(tmp_path):
    steps = "".join("      - run: 0s\n" for _ in range(5000))
    found = fast_problems(tmp_path, f"name: X\nsessions:\n  - id: a\n    title: A\n    steps:\n{steps}")
    assert len(found) == 51
    assert found[-1].endswith("too many problems; stopped reading this file")


@pytest.mark.parametrize("seed", range(4))
def test_mangled_files_give_problems_never_crashes(tmp_path, seed):
    """Typos of every sort in real files: each load either succeeds or raises RoutineError."""
    import random

    from helpers import ROOT

    rng = random.Random(seed)
    sources = [p.read_text() for p in sorted((ROOT / "routines").glob("*.yaml"))]
    junk = [
        ":",
        "-",
        " ",
        "  ",
        "\t",
        "[",
        "]",
        "{",
        "}",
        "'",
        '"',
        "&a",
        "*a",
        "<<:",
        "0",
        "-1",
        "1e9",
        "null",
        "untimed",
        "x",
        "\n",
        "#",
        "!!str",
        "repeat: 5",
        "each_side: yes",
        "~",
        "99999999999999999999",
    ]
    for n in range(150):
        lines = rng.choice(sources).splitlines()
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(lines))
            j = rng.randrange(len(lines[i]) + 1)
            action = rng.random()
            if action < 0.5:
                lines[i] = lines[i][:j] + rng.choice(junk) + lines[i][j:]
            elif action < 0.8:
                lines[i] = lines[i][:j] + lines[i][j + rng.randint(1, 6) :]
            else:
                lines.insert(rng.randrange(len(lines)), lines.pop(i))
        path = tmp_path / f"mangled{n}.yaml"
        path.write_text("\n".join(lines))
        try:
            load_programme(path)
        except RoutineError as error:
            assert error.problems
            for problem in error.problems:
                assert problem.path == path and problem.line >= 1 and problem.message
                assert "\n" not in problem.message

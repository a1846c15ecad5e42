"""The menu's preview folds repeated patterns: "8 × Run 01:00 · Walk 01:30"."""

from __future__ import annotations

from helpers import timeline_of
from trainertui.catalogue import load_catalogue
from trainertui.model import Session, Step
from trainertui.timeline import compile_session
from trainertui.ui.kinds import step_length
from trainertui.ui.widgets.session_preview import describe, fold


def shape(rows) -> list[tuple[int, int, list[str]]]:
    return [(first, times, [i.step.kind for i in pattern]) for first, times, pattern in rows]


def test_couch_to_5k_week_1_folds_into_three_rows():
    programme = load_catalogue().get("couch-to-5k")
    timeline = compile_session(programme.session("w1r1"))
    assert shape(fold(timeline.intervals)) == [(0, 1, ["warmup"]), (1, 8, ["run", "walk"]), (17, 1, ["cooldown"])]


def test_the_longest_repeat_wins_and_nothing_is_lost():
    rest, run, walk = Step("rest", "Rest", 10), Step("run", "Run", 60), Step("walk", "Walk", 30)
    timeline = compile_session(Session("s", "S", (rest, rest, rest, run, walk, run, walk, run)))
    rows = fold(timeline.intervals)
    assert shape(rows) == [(0, 3, ["rest"]), (3, 2, ["run", "walk"]), (7, 1, ["run"])]
    assert sum(times * len(pattern) for _, times, pattern in rows) == len(timeline.intervals)


def test_a_session_with_nothing_repeated_is_one_row_a_step():
    programme = load_catalogue().get("couch-to-5k")
    timeline = compile_session(programme.session("w9r3"))
    assert shape(fold(timeline.intervals)) == [(0, 1, ["warmup"]), (1, 1, ["run"]), (2, 1, ["cooldown"])]


def test_describe_names_kind_and_label_and_length_says_how_long():
    timeline = timeline_of(("exercise", None), ("run", 90))
    exercise, run = (i.step for i in timeline.intervals)
    assert (describe(exercise), step_length(exercise)) == ("Exercise: exercise 0", "8 reps")
    assert (describe(run), step_length(run)) == ("Run: run 1", "01:30")
    assert describe(Step("run", "Run", 60)) == "Run"

"""Compiling sessions: offsets, totals and the cue rules."""

from __future__ import annotations

from helpers import timeline_of
from trainertui.model import Session, Step
from trainertui.timeline import CUE_GAP_S, FINISH_TEXT, compile_session, start_text


def cue_list(timeline) -> list[tuple[float, str, str]]:
    return [(c.at_s, c.kind, c.text) for c in timeline.cues]


def test_offsets_and_total():
    timeline = timeline_of(("warmup", 300), ("run", 60), ("exercise", None), ("walk", 90))
    assert timeline.starts == (0, 300, 360, 360)
    assert [i.end_s for i in timeline.intervals] == [300, 360, 360, 450]
    assert timeline.duration_s == 450
    assert timeline.seconds_by_kind()["run"] == 60
    assert timeline.work_s == 60


def test_short_steps_get_start_countdown_and_finish_only():
    timeline = timeline_of(("walk", 10), ("run", 20))
    assert cue_list(timeline) == [
        (0, "start", "Walk now"),
        (7, "countdown", "3"),
        (8, "countdown", "2"),
        (9, "countdown", "1"),
        (10, "start", "Run now"),
        (27, "countdown", "3"),
        (28, "countdown", "2"),
        (29, "countdown", "1"),
        (30, "finish", FINISH_TEXT),
    ]


def test_countdown_stays_inside_very_short_steps():
    timeline = timeline_of(("rest", 2), ("run", 1))
    assert cue_list(timeline) == [
        (0, "start", "Rest"),
        (1, "countdown", "1"),
        (2, "start", "Run now"),
        (3, "finish", FINISH_TEXT),
    ]


def test_no_countdown_after_an_untimed_step():
    timeline = timeline_of(("exercise", None), ("rest", 30))
    kinds = [(c.kind, c.step) for c in timeline.cues]
    assert kinds == [("start", 0), ("start", 1), ("countdown", 1), ("countdown", 1), ("countdown", 1), ("finish", 2)]


def test_long_run_calls_halfway_and_time_left():
    """NHS week 6 run 3: the halfway call comes 12:30 into the 25-minute run."""
    timeline = timeline_of(("warmup", 300), ("run", 1500), ("cooldown", 300))
    info = [(c.at_s, c.text) for c in timeline.cues if c.kind in ("halfway", "remaining")]
    assert info == [(300 + 750, "Halfway"), (1500, "Five minutes to go"), (1740, "One minute left")]


def test_thresholds():
    def info(kind, seconds):
        return [c.text for c in timeline_of((kind, seconds)).cues if c.kind in ("halfway", "remaining")]

    assert info("run", 119) == []
    assert info("run", 120) == ["Halfway"]
    assert info("run", 180) == ["Halfway", "One minute left"]
    assert info("run", 600) == ["Halfway", "One minute left"]  # 5 minutes to go == halfway
    assert info("run", 900) == ["Halfway", "Five minutes to go", "One minute left"]
    assert info("walk", 600) == ["Halfway"]  # time-left calls are for runs
    assert info("warmup", 300) == [] and info("cooldown", 300) == []
    assert [c.at_s for c in timeline_of(("run", 150)).cues if c.kind == "halfway"] == [75]


def test_informational_cues_never_crowd_another_cue():
    for seconds in range(120, 1300):
        timeline = timeline_of(("run", seconds))
        times = [c.at_s for c in timeline.cues]
        for cue in timeline.cues:
            if cue.kind in ("halfway", "remaining"):
                others = [t for t in times if t != cue.at_s]
                assert all(abs(cue.at_s - t) >= CUE_GAP_S for t in others), (seconds, cue)


def test_cues_are_ordered_and_their_steps_never_go_back():
    timeline = timeline_of(("walk", 10), ("exercise", None), ("exercise", None), ("run", 200), ("rest", 4))
    keys = [(c.at_s, c.step) for c in timeline.cues]
    assert keys == sorted(keys)
    steps = [c.step for c in timeline.cues]
    assert steps == sorted(steps)


def test_start_text():
    assert start_text(Step("run", "Run", 60)) == "Run now"
    assert start_text(Step("exercise", "Lunge", 30, side="left")) == "Lunge, left side"
    assert start_text(Step("warmup", "Brisk walk", 300, say="Warm up with a brisk walk")) == "Warm up with a brisk walk"
    assert start_text(Step("stretch", "Calf stretch", 30)) == "Calf stretch"
    assert start_text(Step("exercise", "Step-up", 30, side="right", say="Step up")) == "Step up, right side"


def test_compile_keeps_the_session():
    session = Session("x", "X", (Step("walk", "Walk", 5),))
    assert compile_session(session).session is session

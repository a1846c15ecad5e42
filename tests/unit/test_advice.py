"""The menu's advice from the history (advice.py), one rule at a time with its edge cases, on a
history in a temporary folder and a fixed "now" (FakeClock where the Recorder is involved)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from msgspec.structs import replace

from helpers import entry, plan_of
from trainertui.advice import GP_NOTE, Advice, advise
from trainertui.catalogue import load_catalogue
from trainertui.clock import FakeClock
from trainertui.history import HISTORY_FILE, CheckIn, Entry, History
from trainertui.model import Programme
from trainertui.progress import progress_all
from trainertui.recording import Recorder

LOCAL = timezone(timedelta(hours=2))
#: Wednesday 11 March 2026, 18:00 local.
NOW = datetime(2026, 3, 11, 18, 0, tzinfo=LOCAL)


@pytest.fixture
def history(tmp_path: Path):
    opened = History.open(tmp_path / HISTORY_FILE)
    yield opened
    opened.close()


def days_ago(days: float, session_id: str = "a", **kwargs) -> Entry:
    return entry(session_id, ended=(NOW - timedelta(days=days)).astimezone(UTC), **kwargs)


def advice_for(history: History, *programmes: Programme, now: datetime = NOW) -> Advice:
    return advise(history, programmes, progress_all(history, programmes), now)


PLAN = replace(plan_of("a", "b", "c", "d", "e"), sessions_per_week=None)

# --- repeat or go on ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "why"),
    [
        ({"completed": False}, "was stopped early"),
        ({"checkin": CheckIn(effort=8)}, "felt 8/10"),
        ({"checkin": CheckIn(effort=10, pain=2)}, "felt 10/10"),
        ({"checkin": CheckIn(pain=5)}, "hurt (pain 5/10)"),
        ({"checkin": CheckIn(effort=9, pain=6, pain_where=" upper  back ")}, "hurt (pain 6/10, upper back)"),
        ({"completed": False, "checkin": CheckIn(effort=9)}, "felt 9/10"),
    ],
)
def test_a_partial_or_hard_latest_session_asks_to_repeat_it_with_the_reason(history, kwargs, why):
    history.record(days_ago(3, "a"))
    history.record(days_ago(1, "b", **kwargs))
    repeat = advice_for(history, PLAN).repeat["test"]
    assert (repeat.session_id, repeat.why) == ("b", why)
    # A partial "b" is not done, so "next" is "b" itself: nothing to choose between.
    go_on = "b" if kwargs.get("completed") is False else "c"
    assert (repeat.go_on, repeat.asking) == (go_on, go_on == "c")
    if go_on == "c":
        assert repeat.line == f"Session b {why}: repeat it before moving on? (r: repeat, Enter: go on)"


@pytest.mark.parametrize("checkin", [None, CheckIn(effort=7), CheckIn(pain=4, pain_where="knees"), CheckIn(note="ok")])
def test_a_comfortable_session_gets_no_question(history, checkin):
    history.record(days_ago(1, "b", checkin=checkin))
    assert advice_for(history, PLAN).repeat == {}


def test_the_wording_is_the_sessions_own_title(history):
    c25k = load_catalogue().get("couch-to-5k")
    assert c25k is not None
    history.record(days_ago(1, "w5r3", programme_id="couch-to-5k", checkin=CheckIn(effort=9)))
    line = advice_for(history, c25k).lines("couch-to-5k")[0]
    assert line == "Week 5, Run 3 felt 9/10: repeat it before moving on? (r: repeat, Enter: go on)"


def test_a_partial_run_of_the_next_session_says_it_is_next_again_without_asking(history):
    history.record(days_ago(3, "a"))
    history.record(days_ago(1, "b", completed=False))
    repeat = advice_for(history, PLAN).repeat["test"]
    assert not repeat.asking and repeat.line == "Session b was stopped early, so it is next again."


def test_a_false_start_is_not_the_latest_workout(history):
    history.record(days_ago(3, "b", checkin=CheckIn(effort=9)))
    # Kept by an older trainertui or an import: partial, no step done, 6 seconds.
    history.record(replace(days_ago(1, "c", completed=False, active_s=6.0), steps_done=0))
    assert advice_for(history, PLAN).repeat["test"].session_id == "b"


def test_a_false_start_through_the_recorder_is_not_recorded_and_changes_nothing(history):
    from helpers import timeline_of
    from trainertui.workout import Workout

    clock = FakeClock(wall_start=NOW.timestamp() - 3600)
    recorder = Recorder(history, clock)
    history.record(days_ago(1, "b", checkin=CheckIn(effort=9)))
    workout = Workout(timeline_of(("run", 60), ("walk", 60)), clock)
    recorder.begin(PLAN, workout)
    workout.start()
    clock.advance(3)
    workout.stop()
    assert recorder.finish(workout.summary()).saved.value == "false start"
    progress = recorder.progress([PLAN]).value
    assert recorder.advice([PLAN], progress).value.repeat["test"].session_id == "b"


def test_a_plan_that_skipped_ahead_is_asked_about_its_latest_session_not_the_gap(history):
    history.record(days_ago(5, "a"))
    history.record(days_ago(1, "d", checkin=CheckIn(effort=9)))
    repeat = advice_for(history, PLAN).repeat["test"]
    assert (repeat.session_id, repeat.go_on) == ("d", "e")


def test_the_last_session_of_a_plan_can_be_repeated_with_nothing_to_go_on_to(history):
    history.record(days_ago(1, "e", checkin=CheckIn(effort=9)))
    repeat = advice_for(history, PLAN).repeat["test"]
    assert repeat.go_on is None and repeat.asking
    assert repeat.line == "Session e felt 9/10: repeat it until it feels comfortable? (r: repeat)"


@pytest.mark.parametrize("programme_id", ["couch-to-5k-plus", "firm-glutes-10"])
def test_programmes_whose_sessions_are_alternatives_have_nothing_to_repeat_before(history, programme_id):
    programme = load_catalogue().get(programme_id)
    assert programme is not None and programme.alternatives
    first = programme.sessions[0].id
    history.record(days_ago(1, first, programme_id=programme_id, checkin=CheckIn(effort=10, pain=8)))
    advice = advice_for(history, programme)
    assert advice.repeat == {} and progress_all(history, [programme])[programme_id].next_session_id is None


def test_a_session_the_programme_no_longer_has_is_not_offered(history):
    history.record(days_ago(1, "gone", checkin=CheckIn(effort=9)))
    assert advice_for(history, PLAN).repeat == {}


def test_the_answer_is_kept_on_the_workout_and_lapses_with_the_next_one(history):
    history.record(days_ago(3, "a"))
    hard = history.record(days_ago(2, "b", checkin=CheckIn(effort=9)))
    recorder = Recorder(history, FakeClock(wall_start=NOW.timestamp()))
    assert recorder.answer(hard, "go on") is None
    advice = advice_for(history, PLAN)
    assert advice.repeat["test"].line == "" and advice.lines("test") == []
    assert recorder.answer(hard, "repeat") is None
    advice = advice_for(history, PLAN)
    assert advice.repeat["test"].line == "Repeating Session b: it felt 9/10 last time."
    assert not advice.repeat["test"].asking
    assert progress_all(history, [PLAN])["test"].next_session_id == "b"
    history.record(days_ago(1, "b", checkin=CheckIn(effort=6)))  # repeated, comfortably
    assert advice_for(history, PLAN).repeat == {}
    assert progress_all(history, [PLAN])["test"].next_session_id == "c"


def test_an_answer_for_a_missing_workout_is_a_problem_not_an_exception(history):
    recorder = Recorder(history, FakeClock())
    assert "no workout 42" in (recorder.answer(42, "repeat") or "")
    assert Recorder(None, FakeClock()).answer(42, "repeat") is None


# --- rest days ---------------------------------------------------------------------------------------


def rhythm(per_week: int | None) -> Programme:
    return replace(PLAN, sessions_per_week=per_week)


@pytest.mark.parametrize(
    ("per_week", "days", "line"),
    [
        (3, 1, "Rest day today: next run tomorrow"),
        (3, 0, "Done for today: next run on Friday"),
        (3, 2, ""),  # due today
        (3, 5, ""),
        (5, 1, ""),  # every day is a training day
        (5, 0, "Done for today: next run tomorrow"),
        (2, 1, "Rest day today: next run on Friday"),  # Tuesday + 3 days
        (1, 0, "Done for today: next run in a week"),
        (1, 6, "Rest day today: next run tomorrow"),
        (None, 0, ""),  # no rhythm given
    ],
)
def test_the_next_session_is_due_seven_over_the_number_a_week_days_after_the_last(history, per_week, days, line):
    history.record(days_ago(days + 0.1, "a"))
    assert advice_for(history, rhythm(per_week)).rest.get("test", "") == line


def test_days_are_local_a_late_run_yesterday_is_yesterday(history):
    # 23:30 local on Tuesday is 21:30 UTC Tuesday; 00:30 local on Wednesday is Tuesday 22:30 UTC.
    history.record(entry("a", ended=datetime(2026, 3, 10, 23, 30, tzinfo=LOCAL).astimezone(UTC)))
    assert advice_for(history, rhythm(3)).rest["test"] == "Rest day today: next run tomorrow"
    history.record(entry("b", ended=datetime(2026, 3, 11, 0, 30, tzinfo=LOCAL).astimezone(UTC)))
    assert advice_for(history, rhythm(3)).rest["test"] == "Done for today: next run on Friday"


def test_a_partial_workout_counts_as_a_session_done_for_the_rhythm(history):
    history.record(days_ago(1, "a", completed=False))
    assert advice_for(history, rhythm(3)).rest["test"] == "Rest day today: next run tomorrow"


def test_a_finished_plan_has_no_rest_line_and_alternatives_do(history):
    history.record(days_ago(1, "e"))
    assert advice_for(history, rhythm(3)).rest == {}
    plus = load_catalogue().get("couch-to-5k-plus")
    assert plus is not None
    history.record(days_ago(1, "speed", programme_id="couch-to-5k-plus"))
    assert advice_for(history, plus).rest == {"couch-to-5k-plus": "Rest day today: next run tomorrow"}


def test_several_programmes_each_keep_their_own_rhythm_and_word(history):
    catalogue = load_catalogue()
    c25k, strength, back = (catalogue.get(i) for i in ("couch-to-5k", "strength-and-flex", "back-care"))
    assert c25k is not None and strength is not None and back is not None
    history.record(days_ago(1, "w1r1", programme_id="couch-to-5k"))
    history.record(days_ago(0, "w1-strength", programme_id="strength-and-flex"))
    history.record(days_ago(0, "lower-back", programme_id="back-care"))
    assert advice_for(history, c25k, strength, back).rest == {
        "couch-to-5k": "Rest day today: next run tomorrow",
        "strength-and-flex": "Done for today: next session tomorrow",
        "back-care": "Done for today: next session tomorrow",
    }


def test_rest_uses_the_clocks_now_through_the_recorder(history, monkeypatch):
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        clock = FakeClock(wall_start=datetime(2026, 3, 11, 9, 0, tzinfo=UTC).timestamp())
        history.record(entry("a", ended=datetime(2026, 3, 10, 7, 0, tzinfo=UTC)))
        recorder = Recorder(history, clock)
        programmes = [rhythm(3)]
        assert recorder.advice(programmes, recorder.progress(programmes).value).value.rest == {
            "test": "Rest day today: next run tomorrow"
        }
        clock.sleep_wall(24 * 3600)  # a day later: due
        assert recorder.advice(programmes, recorder.progress(programmes).value).value.rest == {}
    finally:
        monkeypatch.undo()
        time.tzset()


# --- pain by place: a back-care session ------------------------------------------------------------


def back_care_for(history: History, *wheres: tuple[int | None, str], first_days_ago: float = 3):
    for n, (pain, where) in enumerate(wheres):
        history.record(days_ago(first_days_ago - n * 0.5, "a", checkin=CheckIn(pain=pain, pain_where=where)))
    catalogue = load_catalogue()
    return advise(history, catalogue.programmes, progress_all(history, catalogue.programmes), NOW).back_care


@pytest.mark.parametrize(
    ("wheres", "place", "session"),
    [
        (((3, "upper back"), (4, "Upper Back ")), "Upper back", "upper-back"),
        (((3, "neck"), (2, "neck and shoulders")), "Neck", "upper-back"),
        (((3, "shoulder blades"), (2, "Shoulder blades")), "Shoulder blades", "upper-back"),
        (((3, "lower back"), (5, "lower-back")), "Lower back", "lower-back"),
        (((3, "back"), (5, "Back")), "Back", "lower-back"),
        (((3, "knees, lower back"), (5, "knees and lower back")), "Lower back", "lower-back"),
        (((None, "upper back"), (2, "upper back")), "Upper back", "upper-back"),  # a place with no score
    ],
)
def test_the_same_place_twice_in_a_row_suggests_its_back_care_session(history, wheres, place, session):
    found = back_care_for(history, *wheres)
    assert found is not None and (found.place, found.session and found.session.id) == (place, session)
    assert found.line.startswith(f"{place} hurt in your last two check-ins: try Back care, ")


def test_knees_get_the_note_but_no_session(history):
    found = back_care_for(history, (3, "Knees"), (4, "knees"))
    assert found is not None and found.session is None
    assert found.line == "Knees hurt in your last two check-ins."
    assert Advice(back_care=found).lines(None) == [found.line, GP_NOTE]


@pytest.mark.parametrize(
    "wheres",
    [
        ((3, "upper back"),),  # once
        ((3, "upper back"), (4, "knees")),  # two places
        ((3, "upper back"), (0, "upper back")),  # it stopped hurting
        ((3, "upper back"), (0, ""), (4, "upper back")),  # not two in a row
        ((3, ""), (4, "")),  # nowhere said
    ],
)
def test_no_suggestion_without_the_same_place_in_the_last_two(history, wheres):
    assert back_care_for(history, *wheres) is None


def test_a_check_in_that_says_nothing_about_pain_does_not_break_the_run(history):
    history.record(days_ago(3, "a", checkin=CheckIn(pain=3, pain_where="upper back")))
    history.record(days_ago(2, "a", checkin=CheckIn(effort=6, note="fine")))
    history.record(days_ago(1, "a"))
    found = back_care_for(history, (2, "upper back"), first_days_ago=0.5)
    assert found is not None and found.place == "Upper back"


def test_an_old_pain_is_not_brought_up(history):
    assert back_care_for(history, (3, "upper back"), (4, "upper back"), first_days_ago=40) is None
    assert back_care_for(history, (3, "upper back"), (4, "upper back"), first_days_ago=20) is not None


def test_without_the_back_care_programme_the_place_is_still_named(history):
    for days in (2, 1):
        history.record(days_ago(days, "a", checkin=CheckIn(pain=3, pain_where="upper back")))
    found = advice_for(history, PLAN).back_care
    assert found is not None and found.session is None and found.place == "Upper back"


# --- the lines the menu shows --------------------------------------------------------------------------


def test_lines_are_the_programmes_own_then_the_back_care_suggestion(history):
    programme = rhythm(3)
    history.record(days_ago(3, "a", checkin=CheckIn(pain=3, pain_where="upper back")))
    history.record(days_ago(1, "b", checkin=CheckIn(effort=9, pain=2, pain_where="Upper back")))
    catalogue = load_catalogue()
    programmes = [programme, *catalogue.programmes]
    advice = advise(history, programmes, progress_all(history, programmes), NOW)
    assert advice.lines("test") == [
        "Session b felt 9/10: repeat it before moving on? (r: repeat, Enter: go on)",
        "Rest day today: next run tomorrow",
        "Upper back hurt in your last two check-ins: try Back care, Upper back and posture.",
        GP_NOTE,
    ]
    assert advice.lines("couch-to-5k") == advice.lines("test")[2:]


def test_no_history_no_advice(history):
    assert advice_for(history, PLAN) == Advice()
    recorder = Recorder(None, FakeClock())
    assert recorder.advice([PLAN], {}).value == Advice()

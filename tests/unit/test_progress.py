"""Views derived from the history: progress and next, the streak and the weekly figures, at a
fixed "now" so every rule is tested at any date."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from msgspec.structs import replace

from helpers import T0, entry, plan_of
from trainertui.clock import FakeClock, local_now
from trainertui.history import HISTORY_FILE, CheckIn, Entry, History
from trainertui.model import Programme
from trainertui.progress import Progress, next_session, progress, progress_all
from trainertui.progress import stats as weekly_stats


@pytest.fixture
def history(tmp_path: Path):
    opened = History.open(tmp_path / HISTORY_FILE)
    yield opened
    opened.close()


# --- progress ----------------------------------------------------------------------------------


def test_nothing_done_means_the_first_session_is_next(history):
    assert progress(history, plan_of("a", "b", "c")) == Progress(frozenset(), "a", 0, 3, None)


def test_done_in_order_moves_next_on(history):
    history.record(entry("a", ended=T0))
    history.record(entry("b", ended=T0 + timedelta(days=2)))
    assert progress(history, plan_of("a", "b", "c")) == Progress(frozenset({"a", "b"}), "c", 2, 3, None)


def test_someone_who_skipped_ahead_is_not_sent_back(history):
    history.record(entry("a", ended=T0))
    history.record(entry("c", ended=T0 + timedelta(days=2)))
    found = progress(history, plan_of("a", "b", "c", "d"))
    assert found.next_session_id == "d" and found.done == {"a", "c"} and found.completed_count == 2


def test_the_latest_completion_decides_even_when_it_repeats_an_earlier_session(history):
    history.record(entry("c", ended=T0))
    history.record(entry("a", ended=T0 + timedelta(days=1)))
    assert progress(history, plan_of("a", "b", "c", "d")).next_session_id == "b"


def test_a_partial_run_does_not_count(history):
    history.record(entry("a", ended=T0))
    history.record(entry("b", ended=T0 + timedelta(days=1), completed=False))
    found = progress(history, plan_of("a", "b", "c"))
    assert found.done == {"a"} and found.next_session_id == "b" and found.completed_count == 1


def test_after_the_last_session_there_is_no_next(history):
    history.record(entry("a", ended=T0))
    history.record(entry("c", ended=T0 + timedelta(days=1)))
    assert progress(history, plan_of("a", "b", "c")) == Progress(frozenset({"a", "c"}), None, 2, 3, None)


def test_a_programme_with_weeks_gives_the_week_of_the_next_session(history):
    plan = plan_of("w1a", "w1b", "w2a", "w2b", weeks=(1, 1, 2, 2))
    assert progress(history, plan).week == 1
    history.record(entry("w1b"))
    assert progress(history, plan).week == 2 and progress(history, plan).next_session_id == "w2a"


def test_sessions_are_matched_by_programme_and_unknown_sessions_ignored(history):
    history.record(entry("a", programme_id="other"))
    history.record(entry("gone", ended=T0 + timedelta(days=1)))
    found = progress(history, plan_of("a", "b"))
    assert found == Progress(frozenset(), "a", 0, 2, None)


def test_progress_all_matches_progress_for_each(history):
    first, second = plan_of("a", "b", "c"), replace(plan_of("x", "y"), id="second")
    history.record(entry("b"))
    history.record(entry("x", programme_id="second", ended=T0 + timedelta(days=1)))
    history.record(entry("c", completed=False, ended=T0 + timedelta(days=2)))
    together = progress_all(history, [first, second])
    assert together == {"test": progress(history, first), "second": progress(history, second)}
    assert together["test"].next_session_id == "c" and together["second"].next_session_id == "y"
    assert progress_all(history, []) == {}


def test_next_session_helper():
    plan = plan_of("a", "b", "c")
    assert next_session(plan, []) == "a"
    assert next_session(plan, ["a", "c", "b"]) == "c"
    assert next_session(plan, ["b", "removed"]) == "c"
    assert next_session(plan, ["c"]) is None
    assert next_session(Programme(id="e", name="Empty", sessions=()), []) is None


# --- stats -------------------------------------------------------------------------------------

LOCAL = timezone(timedelta(hours=-5))  # weeks are counted in now's zone
NOW = datetime(2026, 3, 12, 18, 0, tzinfo=LOCAL)  # Thursday; its week starts Monday 9 March, local


def at(days_before_now: float, **kwargs) -> Entry:
    return entry(ended=(NOW - timedelta(days=days_before_now)).astimezone(UTC), **kwargs)


def test_stats_this_week_and_weekly_minutes(history):
    history.record(at(0, active_s=600))
    history.record(at(3, active_s=300, completed=False))  # Monday this week: partial still counts
    history.record(at(7, active_s=1200))  # last week
    history.record(at(7 * 11, active_s=60))  # the oldest charted week
    history.record(at(7 * 12, active_s=6000))  # too old to chart
    stats = weekly_stats(history, NOW)
    assert stats.week_active_s == 900
    assert len(stats.weekly_minutes) == 12
    assert stats.weekly_minutes == [1.0] + [0.0] * 9 + [20.0, 15.0]


def test_weeks_are_local_a_sunday_night_run_belongs_to_that_week(history):
    # Sunday 8 March 23:30 at UTC-5 is Monday 04:30 UTC: last week locally.
    history.record(entry(ended=datetime(2026, 3, 8, 23, 30, tzinfo=LOCAL).astimezone(UTC), active_s=600))
    stats = weekly_stats(history, NOW)
    assert stats.week_active_s == 0 and stats.weekly_minutes[-2:] == [10.0, 0.0]


def test_streak_counts_weeks_with_enough_completed_workouts(history):
    for week in (1, 2, 3):  # three full weeks before this one
        for day in range(3):
            history.record(at(7 * week + day))
    for day in range(2):  # a gap four weeks back breaks it
        history.record(at(7 * 5 + day))
    history.record(at(0))  # this week has only one so far: the streak ends last week
    history.record(at(1, completed=False))
    assert weekly_stats(history, NOW).streak_weeks == 3
    assert weekly_stats(history, NOW, per_week=2).streak_weeks == 3
    assert weekly_stats(history, NOW, per_week=1).streak_weeks == 4
    history.record(at(0.5))
    history.record(at(0.25))
    assert weekly_stats(history, NOW).streak_weeks == 4
    assert weekly_stats(history, NOW, per_week=4).streak_weeks == 0


def test_streak_is_zero_when_neither_this_week_nor_last_qualifies(history):
    for day in range(3):
        history.record(at(14 + day))
    assert weekly_stats(history, NOW, per_week=3).streak_weeks == 0
    with pytest.raises(ValueError):
        weekly_stats(history, NOW, per_week=0)


def test_stats_per_programme_and_pain_series(history):
    history.record(at(2, programme_name="Couch to 5K", active_s=100, checkin=CheckIn(pain=4, pain_where="back")))
    history.record(at(1, programme_name="Couch to 5K", active_s=50, completed=False, checkin=CheckIn(effort=6)))
    second = history.record(at(0, programme_name="Strength", active_s=30))
    history.set_checkin(second, CheckIn(effort=5, pain=1))
    stats = weekly_stats(history, NOW)
    assert stats.per_programme == {"Couch to 5K": (2, 150.0), "Strength": (1, 30.0)}
    # "back" is one place; a score with no place is its own series, the most recent first.
    assert stats.pain_by_place == {
        "Not said where": [(NOW.astimezone(UTC), 1)],
        "Back": [((NOW - timedelta(days=2)).astimezone(UTC), 4)],
    }


def test_stats_on_an_empty_history(history):
    stats = weekly_stats(history, NOW)
    assert (stats.week_active_s, stats.streak_weeks, stats.per_programme, stats.pain_by_place) == (0, 0, {}, {})
    assert stats.weekly_minutes == [0.0] * 12


def reference_weeks(history: History, now: datetime, zone) -> tuple[float, list[float], int]:
    """The slow, obvious way: every record's local date, one at a time."""

    def monday(moment: datetime):
        day = moment.astimezone(zone).date()
        return day - timedelta(days=day.weekday())

    active: dict = {}
    completed: dict = {}
    for r in history.records():
        week = monday(r.ended)
        active[week] = active.get(week, 0.0) + r.active_s
        completed[week] = completed.get(week, 0) + r.completed
    this_week = monday(now)
    week = this_week if completed.get(this_week, 0) >= 3 else this_week - timedelta(weeks=1)
    streak = 0
    while completed.get(week, 0) >= 3:
        streak, week = streak + 1, week - timedelta(weeks=1)
    minutes = [active.get(this_week - timedelta(weeks=k), 0.0) / 60 for k in range(11, -1, -1)]
    return active.get(this_week, 0.0), minutes, streak


def around_midnights(zone_now: datetime) -> list[Entry]:
    """Workouts a few minutes either side of local midnight, across two DST changes, plus others."""
    import random

    rng = random.Random(3)
    entries = []
    for days_back in range(0, 400, 3):
        local_midnight = (zone_now - timedelta(days=days_back)).replace(hour=0, minute=0, second=0, microsecond=0)
        for minutes in (-31, -1, 0, 1, 59, 61):
            ended = (local_midnight + timedelta(minutes=minutes)).astimezone(UTC)
            entries.append(entry(ended=ended, active_s=rng.randint(60, 3600), completed=rng.random() < 0.7))
    return entries


def test_stats_week_buckets_match_the_obvious_computation_across_dst_in_a_zone(history):
    zoneinfo = pytest.importorskip("zoneinfo")
    try:
        london = zoneinfo.ZoneInfo("Europe/London")
    except zoneinfo.ZoneInfoNotFoundError:
        pytest.skip("no time zone data")
    now = datetime(2026, 11, 4, 9, 0, tzinfo=london)
    history.record_many(around_midnights(now))
    stats = weekly_stats(history, now)
    assert (stats.week_active_s, stats.weekly_minutes, stats.streak_weeks) == pytest.approx(
        reference_weeks(history, now, london)
    )


def test_stats_at_the_clocks_naive_local_now_use_the_machines_zone_across_dst(history, monkeypatch):
    monkeypatch.setenv("TZ", "GMT0BST,M3.5.0/1,M10.5.0")  # POSIX rules for London: no tz data needed
    time.tzset()
    try:
        now = datetime.now().astimezone()
        history.record_many(around_midnights(now))
        stats = weekly_stats(history, local_now(FakeClock(wall_start=now.timestamp())))
        assert (stats.week_active_s, stats.weekly_minutes, stats.streak_weeks) == pytest.approx(
            reference_weeks(history, now, None)
        )
    finally:
        monkeypatch.undo()
        time.tzset()


# --- pain by place, the streak with each programme's own number, a chosen repeat ------------------


def test_places_are_one_whatever_the_case_spacing_or_hyphens_and_lists_are_split():
    from trainertui.progress import place_label, places

    assert places("Upper back") == places("upper back ") == places("  UPPER   back") == places("upper-back")
    assert places("knees, upper back") == ["knees", "upper back"]
    assert places("neck and shoulders / Knees & knees") == ["neck", "shoulders", "knees"]
    assert places("") == places(" , ") == []
    assert place_label("upper back") == "Upper back" and place_label("") == "Not said where"


def test_pain_is_charted_per_place_and_a_zero_with_no_place_eases_every_place(history):
    history.record(at(6, checkin=CheckIn(pain=4, pain_where="Upper back")))
    history.record(at(5, checkin=CheckIn(pain=3, pain_where="upper back , knees")))
    history.record(at(4, checkin=CheckIn(pain=0)))  # nothing hurt
    history.record(at(3, checkin=CheckIn(effort=5)))  # no pain given: not charted
    history.record(at(2, checkin=CheckIn(pain=2, pain_where="KNEES")))
    series = weekly_stats(history, NOW).pain_by_place
    t = {d: (NOW - timedelta(days=d)).astimezone(UTC) for d in range(7)}
    assert list(series) == ["Knees", "Upper back"]  # most recently reported first
    assert series["Upper back"] == [(t[6], 4), (t[5], 3), (t[4], 0)]
    assert series["Knees"] == [(t[5], 3), (t[4], 0), (t[2], 2)]


def test_the_streak_uses_each_programmes_own_number_and_mixes_add_up(history):
    # Week 1 back: three runs (a week of a 3-a-week plan). Week 2 back: four strength sessions
    # (not a week of a 5-a-week plan). Week 3 back: two runs and two strength (2/3 + 2/5 >= 1).
    for day in range(3):
        history.record(at(7 + day, programme_id="run"))
    for day in range(4):
        history.record(at(14 + day * 0.5, programme_id="strength"))
    for day in range(2):
        history.record(at(21 + day, programme_id="run"))
        history.record(at(21.5 + day, programme_id="strength"))
    targets = {"run": 3, "strength": 5}
    assert weekly_stats(history, NOW, per_week=targets).streak_weeks == 1
    history.record(at(14.2, programme_id="strength"))  # the fifth: now week 2 counts too
    assert weekly_stats(history, NOW, per_week=targets).streak_weeks == 3
    # A programme not in the table counts at the default, three a week.
    assert weekly_stats(history, NOW, per_week={"strength": 5}).streak_weeks == 3
    with pytest.raises(ValueError):
        weekly_stats(history, NOW, per_week={"run": 0})


def test_a_chosen_repeat_makes_the_latest_session_next_until_another_workout(history):
    plan = plan_of("a", "b", "c")
    history.record(entry("a", ended=T0))
    hard = history.record(entry("b", ended=T0 + timedelta(days=2), checkin=CheckIn(effort=9)))
    assert progress(history, plan).next_session_id == "c"
    history.set_answer(hard, "repeat")
    assert progress(history, plan).next_session_id == "b"
    history.set_answer(hard, "go on")
    assert progress(history, plan).next_session_id == "c"
    history.set_answer(hard, "repeat")
    history.record(entry("b", ended=T0 + timedelta(days=4)))  # repeated: the plan moves on
    assert progress(history, plan).next_session_id == "c"

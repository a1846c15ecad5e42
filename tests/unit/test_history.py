"""The history store: round trips, check-ins, the checkpoint, progress, stats and migrations."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import fields, replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from helpers import programme_of, session_of
from trainertui.history import (
    HISTORY_FILE,
    SCHEMA_VERSION,
    CheckIn,
    Checkpoint,
    Entry,
    History,
    HistoryError,
    Progress,
    Record,
    default_path,
    next_session,
)
from trainertui.model import Programme

T0 = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)  # a Monday


def entry(
    session_id: str = "s1",
    *,
    ended: datetime = T0,
    completed: bool = True,
    programme_id: str = "test",
    active_s: float = 600.0,
    checkin: CheckIn | None = None,
    programme_name: str = "Test programme",
) -> Entry:
    return Entry(
        programme_id=programme_id,
        programme_name=programme_name,
        session_id=session_id,
        session_title=f"Session {session_id}",
        started=ended - timedelta(seconds=active_s),
        ended=ended,
        planned_s=900,
        active_s=active_s,
        steps_done=3 if completed else 1,
        steps_skipped=0,
        steps_total=3,
        completed=completed,
        checkin=checkin,
    )


def checkpoint(session_id: str = "s1", step_index: int = 2) -> Checkpoint:
    return Checkpoint(
        programme_id="test",
        programme_name="Test programme",
        session_id=session_id,
        session_title=f"Session {session_id}",
        started=T0,
        updated=T0 + timedelta(minutes=12),
        step_index=step_index,
        step_elapsed_s=34.5,
        position_s=754.5,
        active_s=750.25,
        planned_s=900,
        steps_done=2,
        steps_skipped=0,
        steps_total=3,
    )


def programme(*ids: str, weeks: tuple[int, ...] = ()) -> Programme:
    sessions = [session_of(("run", 60), sid=sid) for sid in ids]
    if weeks:
        sessions = [replace(s, week=w) for s, w in zip(sessions, weeks, strict=True)]
    return programme_of(*sessions)


@pytest.fixture
def history(tmp_path: Path):
    opened = History.open(tmp_path / HISTORY_FILE)
    yield opened
    opened.close()


# --- opening -----------------------------------------------------------------------------------


def test_default_path_is_in_the_data_dir_and_open_creates_the_folder(tmp_path):
    assert default_path() == tmp_path / "data" / HISTORY_FILE
    with History.open() as history:
        assert history.path == default_path() and history.notice is None
    assert default_path().is_file()


def test_wal_mode_busy_timeout_and_schema_version_are_set(history):
    conn = sqlite3.connect(history.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    conn.close()
    assert history._conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert history._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_reopening_keeps_everything(tmp_path):
    with History.open(tmp_path / "h.sqlite3") as first:
        first.record(entry())
    with History.open(tmp_path / "h.sqlite3") as second:
        assert second.count() == 1 and second.notice is None


# --- workouts and check-ins --------------------------------------------------------------------


def test_record_and_records_round_trip_every_field(history):
    written = Entry(
        programme_id="couch-to-5k",
        programme_name="Couch to 5K",
        session_id="w3r2",
        session_title="Week 3, Run 2",
        started=datetime(2026, 11, 26, 7, 30, 0, 250_000, tzinfo=UTC),
        ended=datetime(2026, 11, 26, 8, 1, 12, tzinfo=UTC),
        planned_s=1800,
        active_s=1765.5,
        steps_done=9,
        steps_skipped=1,
        steps_total=10,
        completed=False,
        checkin=CheckIn(effort=6, pain=2, pain_where="upper back", note="windy"),
    )
    record_id = history.record(written)
    [record] = history.records()
    assert isinstance(record, Record) and record.id == record_id
    kept = replace(written, started=written.started.replace(microsecond=0))  # times are kept to the second
    assert {f.name: getattr(record, f.name) for f in fields(Entry)} == {
        f.name: getattr(kept, f.name) for f in fields(Entry)
    }
    assert record.started.tzinfo is not None and record.started.utcoffset() == timedelta(0)


def test_times_in_other_zones_are_stored_as_utc_and_naive_times_are_refused(history):
    plus_two = timezone(timedelta(hours=2))
    history.record(
        replace(
            entry(),
            started=datetime(2026, 5, 1, 9, 0, tzinfo=plus_two),
            ended=datetime(2026, 5, 1, 9, 30, tzinfo=plus_two),
        )
    )
    [record] = history.records()
    assert record.started == datetime(2026, 5, 1, 7, 0, tzinfo=UTC) and record.started.tzinfo == UTC
    with pytest.raises(ValueError, match="timezone-aware"):
        history.record(replace(entry(), ended=datetime(2026, 5, 1, 9, 30)))
    assert history.count() == 1


def test_records_are_newest_first_and_limit_takes_the_newest(history):
    ids = [history.record(entry(f"s{n}", ended=T0 + timedelta(days=n))) for n in (2, 0, 1)]
    assert [r.session_id for r in history.records()] == ["s2", "s1", "s0"]
    assert [r.id for r in history.records(limit=2)] == [ids[0], ids[2]]
    assert history.count() == 3


def test_a_workout_without_a_check_in_has_none_and_set_checkin_adds_it(history):
    record_id = history.record(entry())
    assert history.records()[0].checkin is None
    history.set_checkin(record_id, CheckIn(effort=8, pain=4, pain_where="upper back", note="tight"))
    assert history.records()[0].checkin == CheckIn(8, 4, "upper back", "tight")
    history.set_checkin(record_id, CheckIn(effort=3))
    assert history.records()[0].checkin == CheckIn(effort=3)


def test_set_checkin_for_a_missing_workout_is_a_history_error(history):
    with pytest.raises(HistoryError, match="no workout 42"):
        history.set_checkin(42, CheckIn(effort=5))


@pytest.mark.parametrize("kwargs", [{"effort": 0}, {"effort": 11}, {"pain": -1}, {"pain": 11}])
def test_check_in_scores_out_of_range_are_refused(kwargs):
    with pytest.raises(ValueError):
        CheckIn(**kwargs)


def test_record_many_is_one_transaction_returning_ids(history):
    ids = history.record_many(entry(f"s{n}", ended=T0 + timedelta(hours=n)) for n in range(5))
    assert len(set(ids)) == 5 and history.count() == 5


# --- the checkpoint ----------------------------------------------------------------------------


def test_checkpoint_save_replace_and_clear(history):
    assert history.checkpoint() is None
    history.save_checkpoint(checkpoint(step_index=1))
    assert history.checkpoint() == checkpoint(step_index=1)
    history.save_checkpoint(checkpoint("s2", step_index=5))
    assert history.checkpoint() == checkpoint("s2", step_index=5)
    assert history._conn.execute("SELECT count(*) FROM checkpoint").fetchone()[0] == 1
    history.clear_checkpoint()
    assert history.checkpoint() is None


def test_recording_the_workout_clears_its_checkpoint_but_not_another_ones(history):
    history.save_checkpoint(checkpoint("s2"))
    history.record(entry("s1"))
    assert history.checkpoint() == checkpoint("s2")
    history.record(entry("s2", completed=False))
    assert history.checkpoint() is None


def test_checkpoint_times_come_back_aware_utc(history):
    history.save_checkpoint(checkpoint())
    saved = history.checkpoint()
    assert saved is not None and saved.started == T0 and saved.updated.utcoffset() == timedelta(0)


# --- progress ----------------------------------------------------------------------------------


def test_nothing_done_means_the_first_session_is_next(history):
    assert history.progress(programme("a", "b", "c")) == Progress(frozenset(), "a", 0, 3, None)


def test_done_in_order_moves_next_on(history):
    history.record(entry("a", ended=T0))
    history.record(entry("b", ended=T0 + timedelta(days=2)))
    assert history.progress(programme("a", "b", "c")) == Progress(frozenset({"a", "b"}), "c", 2, 3, None)


def test_someone_who_skipped_ahead_is_not_sent_back(history):
    history.record(entry("a", ended=T0))
    history.record(entry("c", ended=T0 + timedelta(days=2)))
    progress = history.progress(programme("a", "b", "c", "d"))
    assert progress.next_session_id == "d" and progress.done == {"a", "c"} and progress.completed_count == 2


def test_the_latest_completion_decides_even_when_it_repeats_an_earlier_session(history):
    history.record(entry("c", ended=T0))
    history.record(entry("a", ended=T0 + timedelta(days=1)))
    assert history.progress(programme("a", "b", "c", "d")).next_session_id == "b"


def test_a_partial_run_does_not_count(history):
    history.record(entry("a", ended=T0))
    history.record(entry("b", ended=T0 + timedelta(days=1), completed=False))
    progress = history.progress(programme("a", "b", "c"))
    assert progress.done == {"a"} and progress.next_session_id == "b" and progress.completed_count == 1


def test_after_the_last_session_there_is_no_next(history):
    history.record(entry("a", ended=T0))
    history.record(entry("c", ended=T0 + timedelta(days=1)))
    assert history.progress(programme("a", "b", "c")) == Progress(frozenset({"a", "c"}), None, 2, 3, None)


def test_a_programme_with_weeks_gives_the_week_of_the_next_session(history):
    plan = programme("w1a", "w1b", "w2a", "w2b", weeks=(1, 1, 2, 2))
    assert history.progress(plan).week == 1
    history.record(entry("w1b"))
    assert history.progress(plan).week == 2 and history.progress(plan).next_session_id == "w2a"


def test_sessions_are_matched_by_programme_and_unknown_sessions_ignored(history):
    history.record(entry("a", programme_id="other"))
    history.record(entry("gone", ended=T0 + timedelta(days=1)))
    progress = history.progress(programme("a", "b"))
    assert progress == Progress(frozenset(), "a", 0, 2, None)


def test_progress_all_matches_progress_for_each(history):
    first, second = programme("a", "b", "c"), replace(programme("x", "y"), id="second")
    history.record(entry("b"))
    history.record(entry("x", programme_id="second", ended=T0 + timedelta(days=1)))
    history.record(entry("c", completed=False, ended=T0 + timedelta(days=2)))
    together = history.progress_all([first, second])
    assert together == {"test": history.progress(first), "second": history.progress(second)}
    assert together["test"].next_session_id == "c" and together["second"].next_session_id == "y"
    assert history.progress_all([]) == {}


def test_next_session_helper():
    plan = programme("a", "b", "c")
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
    stats = history.stats(now=NOW)
    assert stats.week_active_s == 900
    assert len(stats.weekly_minutes) == 12
    assert stats.weekly_minutes == [1.0] + [0.0] * 9 + [20.0, 15.0]


def test_weeks_are_local_a_sunday_night_run_belongs_to_that_week(history):
    # Sunday 8 March 23:30 at UTC-5 is Monday 04:30 UTC: last week locally.
    history.record(entry(ended=datetime(2026, 3, 8, 23, 30, tzinfo=LOCAL).astimezone(UTC), active_s=600))
    stats = history.stats(now=NOW)
    assert stats.week_active_s == 0 and stats.weekly_minutes[-2:] == [10.0, 0.0]


def test_streak_counts_weeks_with_enough_completed_workouts(history):
    for week in (1, 2, 3):  # three full weeks before this one
        for day in range(3):
            history.record(at(7 * week + day))
    for day in range(2):  # a gap four weeks back breaks it
        history.record(at(7 * 5 + day))
    history.record(at(0))  # this week has only one so far: the streak ends last week
    history.record(at(1, completed=False))
    assert history.stats(now=NOW).streak_weeks == 3
    assert history.stats(now=NOW, per_week=2).streak_weeks == 3
    assert history.stats(now=NOW, per_week=1).streak_weeks == 4
    history.record(at(0.5))
    history.record(at(0.25))
    assert history.stats(now=NOW).streak_weeks == 4
    assert history.stats(now=NOW, per_week=4).streak_weeks == 0


def test_streak_is_zero_when_neither_this_week_nor_last_qualifies(history):
    for day in range(3):
        history.record(at(14 + day))
    assert history.stats(now=NOW, per_week=3).streak_weeks == 0
    with pytest.raises(ValueError):
        history.stats(now=NOW, per_week=0)


def test_stats_per_programme_and_pain_series(history):
    history.record(at(2, programme_name="Couch to 5K", active_s=100, checkin=CheckIn(pain=4, pain_where="back")))
    history.record(at(1, programme_name="Couch to 5K", active_s=50, completed=False, checkin=CheckIn(effort=6)))
    second = history.record(at(0, programme_name="Strength", active_s=30))
    history.set_checkin(second, CheckIn(effort=5, pain=1))
    stats = history.stats(now=NOW)
    assert stats.per_programme == {"Couch to 5K": (2, 150.0), "Strength": (1, 30.0)}
    assert stats.pain == [((NOW - timedelta(days=2)).astimezone(UTC), 4), (NOW.astimezone(UTC), 1)]


def test_stats_on_an_empty_history(history):
    stats = history.stats()
    assert (stats.week_active_s, stats.streak_weeks, stats.per_programme, stats.pain) == (0, 0, {}, [])
    assert stats.weekly_minutes == [0.0] * 12


# --- migrations --------------------------------------------------------------------------------

# Version 1 as it shipped: never change this to match the current code; that is the point.
V1_SCHEMA = """
CREATE TABLE workouts (
    id INTEGER PRIMARY KEY,
    programme_id TEXT NOT NULL,
    programme_name TEXT NOT NULL,
    session_id TEXT NOT NULL,
    session_title TEXT NOT NULL,
    started TEXT NOT NULL,
    ended TEXT NOT NULL,
    planned_s INTEGER NOT NULL,
    active_s REAL NOT NULL,
    steps_done INTEGER NOT NULL,
    steps_skipped INTEGER NOT NULL,
    steps_total INTEGER NOT NULL,
    completed INTEGER NOT NULL CHECK (completed IN (0, 1))
);
CREATE INDEX workouts_ended ON workouts (ended);
CREATE INDEX workouts_programme ON workouts (programme_id, completed);
PRAGMA user_version = 1;
"""


def test_a_version_1_file_is_migrated_with_its_rows_kept(tmp_path):
    path = tmp_path / HISTORY_FILE
    conn = sqlite3.connect(path)
    conn.executescript(V1_SCHEMA)
    conn.executemany(
        "INSERT INTO workouts VALUES (NULL, 'couch-to-5k', 'Couch to 5K', ?, ?, ?, ?, 1800, ?, 18, 0, 18, ?)",
        [
            ("w1r1", "Week 1, Run 1", "2025-01-06T07:00:00+00:00", "2025-01-06T07:30:00+00:00", 1800.0, 1),
            ("w1r2", "Week 1, Run 2", "2025-01-08T07:00:00+00:00", "2025-01-08T07:12:00+00:00", 720.0, 0),
        ],
    )
    conn.commit()
    conn.close()

    with History.open(path) as history:
        assert history.notice is None
        records = history.records()
        assert [(r.session_id, r.completed, r.active_s, r.checkin) for r in records] == [
            ("w1r2", False, 720.0, None),
            ("w1r1", True, 1800.0, None),
        ]
        assert records[1].ended == datetime(2025, 1, 6, 7, 30, tzinfo=UTC)
        history.set_checkin(records[1].id, CheckIn(effort=7, pain=2, pain_where="upper back"))
        history.save_checkpoint(checkpoint())
        assert history.records()[1].checkin == CheckIn(7, 2, "upper back")
        assert history.checkpoint() == checkpoint()
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == 2
    assert check.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    check.close()


def test_a_file_from_a_newer_trainertui_is_refused_and_left_alone(tmp_path):
    path = tmp_path / HISTORY_FILE
    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE future (x); PRAGMA user_version = 7;")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(HistoryError, match=r"was written by a newer trainertui \(schema 7\); not touching it") as error:
        History.open(path)
    assert str(path) in str(error.value)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob(f"{HISTORY_FILE}?*"))  # not moved aside, no -wal made


def test_the_v1_schema_in_this_test_is_what_migration_0_creates(tmp_path):
    """Guards the frozen copy above: if it drifted, the migration test would prove nothing."""
    from trainertui.history import MIGRATIONS

    def schema(conn: sqlite3.Connection) -> list[tuple[str, str]]:
        return sorted(
            (name, " ".join(sql.split()))
            for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL")
        )

    by_hand, by_code = sqlite3.connect(":memory:"), sqlite3.connect(":memory:")
    by_hand.executescript(V1_SCHEMA)
    for statement in MIGRATIONS[0]:
        by_code.execute(statement)
    assert schema(by_hand) == schema(by_code)


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
    stats = history.stats(now=now)
    assert (stats.week_active_s, stats.weekly_minutes, stats.streak_weeks) == pytest.approx(
        reference_weeks(history, now, london)
    )


def test_stats_without_now_use_the_machines_local_time_across_dst(history, monkeypatch):
    monkeypatch.setenv("TZ", "GMT0BST,M3.5.0/1,M10.5.0")  # POSIX rules for London: no tz data needed
    time.tzset()
    try:
        now = datetime.now().astimezone()
        history.record_many(around_midnights(now))
        stats = history.stats()
        assert (stats.week_active_s, stats.weekly_minutes, stats.streak_weeks) == pytest.approx(
            reference_weeks(history, now, None)
        )
    finally:
        monkeypatch.undo()
        time.tzset()

"""The history store: round trips, check-ins, the checkpoint and migrations (progress.py has\nits own tests)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from msgspec.structs import fields, replace

from helpers import T0, entry
from trainertui.history import (
    HISTORY_FILE,
    SCHEMA_VERSION,
    CheckIn,
    Checkpoint,
    Entry,
    History,
    HistoryError,
    Record,
    default_path,
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
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
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
    assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
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


# Version 2 as it shipped (version 1 above plus migration 1): never change this either.
V2_SCHEMA = (
    V1_SCHEMA.replace("PRAGMA user_version = 1;", "")
    + """
ALTER TABLE workouts ADD COLUMN effort INTEGER CHECK (effort BETWEEN 1 AND 10);
ALTER TABLE workouts ADD COLUMN pain INTEGER CHECK (pain BETWEEN 0 AND 10);
ALTER TABLE workouts ADD COLUMN pain_where TEXT NOT NULL DEFAULT '';
ALTER TABLE workouts ADD COLUMN note TEXT NOT NULL DEFAULT '';
CREATE TABLE checkpoint (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    programme_id TEXT NOT NULL,
    programme_name TEXT NOT NULL,
    session_id TEXT NOT NULL,
    session_title TEXT NOT NULL,
    started TEXT NOT NULL,
    updated TEXT NOT NULL,
    step_index INTEGER NOT NULL,
    step_elapsed_s REAL NOT NULL,
    position_s REAL NOT NULL,
    active_s REAL NOT NULL,
    planned_s INTEGER NOT NULL,
    steps_done INTEGER NOT NULL,
    steps_skipped INTEGER NOT NULL,
    steps_total INTEGER NOT NULL
);
PRAGMA user_version = 2;
"""
)


def _schema(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    return sorted(
        (name, " ".join(sql.split()))
        for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL")
    )


def test_the_v2_schema_in_this_test_is_what_migrations_0_and_1_create():
    from trainertui.history import MIGRATIONS

    by_hand, by_code = sqlite3.connect(":memory:"), sqlite3.connect(":memory:")
    by_hand.executescript(V2_SCHEMA)
    for statement in (*MIGRATIONS[0], *MIGRATIONS[1]):
        by_code.execute(statement)
    assert _schema(by_hand) == _schema(by_code)


def test_a_version_2_file_gets_the_answer_column_and_keeps_its_rows_and_check_ins(tmp_path):
    path = tmp_path / HISTORY_FILE
    conn = sqlite3.connect(path)
    conn.executescript(V2_SCHEMA)
    conn.execute(
        "INSERT INTO workouts VALUES (NULL, 'couch-to-5k', 'Couch to 5K', 'w5r3', 'Week 5, Run 3', "
        "'2025-01-06T07:00:00+00:00', '2025-01-06T07:30:00+00:00', 1800, 1800.0, 18, 0, 18, 1, 9, 2, 'knees', 'hard')"
    )
    conn.commit()
    conn.close()

    with History.open(path) as history:
        (record,) = history.records()
        assert (record.checkin, record.answer) == (CheckIn(9, 2, "knees", "hard"), "")
        history.set_answer(record.id, "repeat")
        assert history.records()[0].answer == "repeat"
        assert history.latest_workouts(["couch-to-5k"], 10.0)["couch-to-5k"].id == record.id
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    indexes = {row[0] for row in check.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"workouts_programme_ended", "workouts_identity"} <= indexes
    with pytest.raises(sqlite3.IntegrityError):  # the column takes only the known answers
        check.execute("UPDATE workouts SET answer = 'maybe'")
    check.close()


# --- answers, deleting, importing ------------------------------------------------------------------


def test_set_answer_keeps_one_of_the_answers_on_that_workout(history):
    first, second = history.record_many([entry("a"), entry("b", ended=T0 + timedelta(days=1))])
    history.set_answer(first, "go on")
    assert {r.id: r.answer for r in history.records()} == {first: "go on", second: ""}
    with pytest.raises(ValueError):
        history.set_answer(first, "maybe")
    with pytest.raises(HistoryError, match="no workout 999"):
        history.set_answer(999, "repeat")


def test_delete_removes_one_workout_and_a_second_delete_is_harmless(history):
    keep, gone = history.record_many([entry("a"), entry("b", ended=T0 + timedelta(days=1))])
    history.delete(gone)
    history.delete(gone)
    assert [r.id for r in history.records()] == [keep]
    assert history.record_by_id(gone) is None and history.record_by_id(keep) is not None


def test_latest_workouts_leave_out_false_starts_and_take_each_programmes_newest(history):
    false_start = replace(entry("c", ended=T0 + timedelta(days=3), completed=False, active_s=5.0), steps_done=0)
    history.record_many(
        [
            entry("a", ended=T0),
            entry("b", ended=T0 + timedelta(days=2), completed=False),
            false_start,
            entry("x", ended=T0 + timedelta(days=4), programme_id="other"),
        ]
    )
    latest = history.latest_workouts(["test", "other", "none"], 10.0)
    assert {pid: r.session_id for pid, r in latest.items()} == {"test": "b", "other": "x"}


def test_pain_checkins_are_the_newest_that_say_anything_about_pain(history):
    history.record_many(
        [
            entry("a", ended=T0, checkin=CheckIn(pain=3, pain_where="knees")),
            entry("b", ended=T0 + timedelta(days=1), checkin=CheckIn(effort=6)),
            entry("c", ended=T0 + timedelta(days=2), checkin=CheckIn(pain_where="neck")),
            entry("d", ended=T0 + timedelta(days=3)),
        ]
    )
    assert history.pain_checkins(5) == [
        ((T0 + timedelta(days=2)).isoformat(), None, "neck"),
        (T0.isoformat(), 3, "knees"),
    ]


def test_import_adds_new_workouts_keeps_free_ids_and_skips_what_is_there(history):
    mine = history.record(entry("a", ended=T0))  # id 1
    theirs = [
        (1, entry("b", ended=T0 + timedelta(days=1))),  # id 1 is taken: a new one
        (7, entry("c", ended=T0 + timedelta(days=2))),  # id 7 is free: kept
        (8, entry("a", ended=T0)),  # the same workout as mine: skipped
        (9, entry("c", ended=T0 + timedelta(days=2))),  # twice in the file: skipped
    ]
    result = history.import_entries(theirs)
    assert (result.added, result.already) == (2, 2)
    by_session = {r.session_id: r.id for r in history.records()}
    assert by_session["a"] == mine and by_session["c"] == 7 and by_session["b"] not in (1, 7)
    again = history.import_entries(theirs)
    assert (again.added, again.already, history.count()) == (0, 4, 3)


def test_import_is_one_transaction_and_leaves_the_checkpoint_alone(history):
    history.save_checkpoint(checkpoint("b"))
    # completed=2 fails the table's CHECK, after "b" went in (replace checks no types)
    bad = replace(entry("c", ended=T0 + timedelta(days=2)), checkin=None, completed=2)
    with pytest.raises(HistoryError, match="could not import the workouts"):
        history.import_entries([(None, entry("b", ended=T0 + timedelta(days=1))), (None, bad)])
    assert history.count() == 0
    history.import_entries([(None, entry("b"))])
    assert history.checkpoint() == checkpoint("b")


# Version 3 as it shipped (version 2 above plus migration 2): never change this either.
V3_SCHEMA = (
    V2_SCHEMA.replace("PRAGMA user_version = 2;", "")
    + """
ALTER TABLE workouts ADD COLUMN answer TEXT NOT NULL DEFAULT '' CHECK (answer IN ('', 'repeat', 'go on'));
CREATE INDEX workouts_programme_ended ON workouts (programme_id, ended);
CREATE INDEX workouts_identity ON workouts (started, programme_id, session_id);
PRAGMA user_version = 3;
"""
)


def test_the_v3_schema_in_this_test_is_what_migrations_0_to_2_create():
    from trainertui.history import MIGRATIONS

    by_hand, by_code = sqlite3.connect(":memory:"), sqlite3.connect(":memory:")
    by_hand.executescript(V3_SCHEMA)
    for statement in (*MIGRATIONS[0], *MIGRATIONS[1], *MIGRATIONS[2]):
        by_code.execute(statement)
    assert _schema(by_hand) == _schema(by_code)


def test_a_version_3_file_gets_keys_and_keeps_its_rows_and_its_checkpoint(tmp_path):
    path = tmp_path / HISTORY_FILE
    conn = sqlite3.connect(path)
    conn.executescript(V3_SCHEMA)
    conn.execute(
        "INSERT INTO workouts VALUES (NULL, 'couch-to-5k', 'Couch to 5K', 'w1r1', 'Week 1, Run 1', "
        "'2025-01-06T07:00:00+00:00', '2025-01-06T07:30:00+00:00', 1800, 1800.0, 18, 0, 18, 1, 6, 1, 'knee', 'ok', "
        "'repeat')"
    )
    conn.execute(
        "INSERT INTO checkpoint VALUES (1, 'test', 'Test programme', 's1', 'Session s1', "
        "'2026-03-02T07:30:00+00:00', '2026-03-02T07:42:00+00:00', 2, 34.5, 754.5, 750.25, 900, 2, 0, 5)"
    )
    conn.commit()
    conn.close()

    with History.open(path) as history:
        [old] = history.records()
        assert (old.session_id, old.checkin, old.answer, old.key) == ("w1r1", CheckIn(6, 1, "knee", "ok"), "repeat", "")
        kept = history.checkpoint()
        assert kept is not None and (kept.step_index, kept.key, kept.outcomes, kept.work_done_s) == (2, "", "", None)
        # A keyless checkpoint still goes with its session's row, as before keys.
        history.record(entry("s1", ended=T0 + timedelta(minutes=20)))
        assert history.checkpoint() is None
        history.record(replace(entry("s2"), key="k-1"))
        history.record(replace(entry("s2"), key="k-1"))
        assert [(r.session_id, r.key) for r in history.records()] == [("s1", ""), ("s2", "k-1"), ("w1r1", "")]
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    check.close()


# --- keys: the same workout written twice is one row -------------------------------------------


def test_recording_the_same_key_twice_keeps_one_row_and_takes_the_later_check_in(history):
    first = history.record(replace(entry("s1"), key="abc"))
    again = history.record(replace(entry("s1"), key="abc", checkin=CheckIn(effort=7)))
    assert first == again and history.count() == 1
    [record] = history.records()
    assert (record.key, record.checkin) == ("abc", CheckIn(effort=7))
    history.record(replace(entry("s1"), key="abc"))  # without a check-in: the one there stays
    assert history.records()[0].checkin == CheckIn(effort=7)
    assert history.recorded("abc") and not history.recorded("xyz")


def test_a_keyed_row_takes_its_own_checkpoint_and_leaves_another_workouts(history):
    history.save_checkpoint(replace(checkpoint("s1"), key="live"))
    history.record(replace(entry("s1"), key="older"))  # the same session, another workout
    assert history.checkpoint() is not None and history.checkpoint().key == "live"
    history.record(replace(entry("s1"), key="live"))
    assert history.checkpoint() is None


def test_the_checkpoint_keeps_the_routine_path_and_what_was_done(history):
    saved = replace(
        checkpoint(),
        key="k",
        routine_path="/home/me/mine.yaml",
        routine_sha256="ab" * 32,
        outcomes="ds",
        work_done_s=61.5,
    )
    history.save_checkpoint(saved)
    assert history.checkpoint() == saved


def test_a_bad_value_is_refused_even_with_a_key(history):
    """ON CONFLICT (key) lets only a clash of keys pass; a failed CHECK is still an error."""
    with pytest.raises(HistoryError):
        history.record(replace(entry("s1"), key="k", steps_total=3, completed=2))  # type: ignore[arg-type]
    assert history.count() == 0

"""`trainertui history`: the table, --csv and --json, called in-process."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import time
from datetime import UTC, datetime

import pytest

from trainertui.cli import main
from trainertui.history import CheckIn, Entry, History, default_path


@pytest.fixture
def local_is_utc_plus_2(monkeypatch):
    """The table shows local time; pin "local" so the expected text does not depend on the machine."""
    monkeypatch.setenv("TZ", "XXX-2")  # POSIX spelling of UTC+2
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def two_records():
    with History.open() as history:
        done = history.record(
            Entry(
                "couch-to-5k",
                "Couch to 5K",
                "w1r1",
                "Week 1, Run 1",
                datetime(2026, 11, 26, 5, 30, tzinfo=UTC),
                datetime(2026, 11, 26, 6, 0, 5, tzinfo=UTC),
                1800,
                1805.44,
                18,
                0,
                18,
                True,
            )
        )
        history.set_checkin(done, CheckIn(effort=7, pain=3, pain_where="upper back", note='windy, "cold"'))
        history.record(
            Entry(
                "strength-and-flex",
                "Strength and Flex",
                "w1-strength",
                "Week 1: Strength",
                datetime(2026, 11, 27, 17, 0, tzinfo=UTC),
                datetime(2026, 11, 27, 17, 12, 30, tzinfo=UTC),
                2400,
                725.26,
                5,
                1,
                40,
                False,
            )
        )


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_table_is_newest_first_in_local_time(capsys, two_records, local_is_utc_plus_2):
    assert run(capsys, "history") == (
        0,
        (
            "date                   programme          session           active  result   effort  pain          note\n"
            "Fri 27 Nov 2026 19:00  Strength and Flex  Week 1: Strength  12:05   partial\n"
            "Thu 26 Nov 2026 07:30  Couch to 5K        Week 1, Run 1     30:05   done     7       3 upper back  "
            'windy, "cold"\n'
        ),
        "",
    )


def test_csv_has_a_header_and_one_row_per_workout_oldest_first(capsys, two_records):
    code, out, err = run(capsys, "history", "--csv")
    assert (code, err) == (0, "")
    rows = list(csv.reader(io.StringIO(out)))
    assert len(rows) == 3
    assert rows[0] == [
        "id",
        "started",
        "ended",
        "programme_id",
        "programme",
        "session_id",
        "session",
        "planned_s",
        "active_s",
        "steps_done",
        "steps_skipped",
        "steps_total",
        "completed",
        "effort",
        "pain",
        "pain_where",
        "note",
    ]
    assert rows[1] == [
        "1",
        "2026-11-26T05:30:00+00:00",
        "2026-11-26T06:00:05+00:00",
        "couch-to-5k",
        "Couch to 5K",
        "w1r1",
        "Week 1, Run 1",
        "1800",
        "1805.4",
        "18",
        "0",
        "18",
        "true",
        "7",
        "3",
        "upper back",
        'windy, "cold"',
    ]
    assert rows[2] == [
        "2",
        "2026-11-27T17:00:00+00:00",
        "2026-11-27T17:12:30+00:00",
        "strength-and-flex",
        "Strength and Flex",
        "w1-strength",
        "Week 1: Strength",
        "2400",
        "725.3",
        "5",
        "1",
        "40",
        "false",
        "",
        "",
        "",
        "",
    ]


def test_json_is_a_list_with_the_same_keys(capsys, two_records):
    code, out, _ = run(capsys, "history", "--json")
    data = json.loads(out)
    assert code == 0 and [d["id"] for d in data] == [1, 2]
    assert data[0] == {
        "id": 1,
        "started": "2026-11-26T05:30:00+00:00",
        "ended": "2026-11-26T06:00:05+00:00",
        "programme_id": "couch-to-5k",
        "programme": "Couch to 5K",
        "session_id": "w1r1",
        "session": "Week 1, Run 1",
        "planned_s": 1800,
        "active_s": 1805.4,
        "steps_done": 18,
        "steps_skipped": 0,
        "steps_total": 18,
        "completed": True,
        "effort": 7,
        "pain": 3,
        "pain_where": "upper back",
        "note": 'windy, "cold"',
    }
    assert (data[1]["completed"], data[1]["effort"], data[1]["pain"], data[1]["note"]) == (False, None, None, "")
    _, csv_out, _ = run(capsys, "history", "--csv")
    assert list(data[0]) == next(csv.reader(io.StringIO(csv_out)))


def test_an_empty_history(capsys):
    assert run(capsys, "history") == (0, "No workouts yet.\n", "")
    assert not default_path().exists()  # reading does not create the file
    assert run(capsys, "history", "--json") == (0, "[]\n", "")
    code, out, _ = run(capsys, "history", "--csv")
    assert code == 0 and len(list(csv.reader(io.StringIO(out)))) == 1
    History.open().close()
    assert run(capsys, "history") == (0, "No workouts yet.\n", "")


def test_json_and_csv_together_are_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["history", "--json", "--csv"])
    assert exit_.value.code == 2
    assert "not allowed with" in capsys.readouterr().err


def test_a_history_error_is_one_line_on_stderr_and_exit_1(capsys):
    default_path().parent.mkdir(parents=True)
    conn = sqlite3.connect(default_path())
    conn.execute("PRAGMA user_version = 9")
    conn.close()
    assert run(capsys, "history", "--csv") == (
        1,
        "",
        f"trainertui: {default_path()} was written by a newer trainertui (schema 9); not touching it\n",
    )


def test_a_damaged_file_is_reported_moved_aside_and_the_history_is_empty(capsys):
    default_path().parent.mkdir(parents=True)
    default_path().write_text("not a database")
    code, out, err = run(capsys, "history")
    assert (code, out) == (0, "No workouts yet.\n")
    assert err.startswith("trainertui: history.sqlite3 was unreadable (file is not a database); moved it to ")

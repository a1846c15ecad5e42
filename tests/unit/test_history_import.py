"""`trainertui history import FILE` in-process: what --csv and --json print comes back exactly,
a second import adds nothing, and a malformed file is refused FILE:LINE with nothing written.
(tests/e2e/test_history_move.py does the same with the real command into an empty data dir.)"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from trainertui.cli import main
from trainertui.history import CheckIn, Entry, History

T0 = datetime(2026, 11, 26, 5, 30, tzinfo=UTC)


def workouts() -> list[Entry]:
    return [
        Entry("couch-to-5k", "Couch to 5K", "w1r1", "Week 1, Run 1", T0, T0 + timedelta(seconds=1805), 1800, 1805.4,
              18, 0, 18, True, CheckIn(7, 3, "upper back", 'windy,\n"cold", [b]not markup[/b]')),
        Entry("strength-and-flex", "Strength and Flex", "w1-strength", "Week 1: Strength", T0 + timedelta(days=1),
              T0 + timedelta(days=1, seconds=725), 2400, 725.3, 5, 1, 40, False),
        Entry("mine", "Mine, with a comma", "x", "Ünïcode ✓", T0 + timedelta(days=2),
              T0 + timedelta(days=2, seconds=60), 0, 60.0, 1, 0, 1, True, CheckIn(None, 0, "", "")),
    ]  # fmt: skip


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def exported(capsys, tmp_path, monkeypatch) -> dict[str, Path]:
    """The two exports of a history, written by the real export, then an empty data dir."""
    with History.open() as history:
        history.record_many(workouts())
    files = {}
    for kind in ("csv", "json"):
        _, out, _ = run(capsys, "history", f"--{kind}")
        files[kind] = tmp_path / f"history.{kind}"
        files[kind].write_text(out)
    monkeypatch.setenv("TRAINERTUI_DATA_DIR", str(tmp_path / "elsewhere"))
    return files


@pytest.mark.parametrize("kind", ["csv", "json"])
def test_an_export_imported_into_an_empty_history_exports_the_same(capsys, exported, kind):
    assert run(capsys, "history", "import", str(exported[kind])) == (
        0, f"Imported 3 workouts from {exported[kind]}.\n", ""
    )  # fmt: skip
    for other in ("csv", "json"):
        assert run(capsys, "history", f"--{other}")[1] == exported[other].read_text()


def test_importing_twice_or_the_other_format_adds_nothing(capsys, exported):
    run(capsys, "history", "import", str(exported["csv"]))
    for kind in ("csv", "json"):
        code, out, _ = run(capsys, "history", "import", str(exported[kind]))
        assert (code, out) == (0, f"Imported 0 workouts from {exported[kind]} (3 workouts already in your history).\n")
    with History.open() as history:
        assert history.count() == 3


def test_an_import_is_added_to_what_is_there(capsys, exported):
    with History.open() as history:
        history.record(Entry("couch-to-5k", "Couch to 5K", "w1r2", "Week 1, Run 2", T0 + timedelta(days=3),
                             T0 + timedelta(days=3, seconds=1800), 1800, 1800.0, 18, 0, 18, True))  # fmt: skip
    assert run(capsys, "history", "import", str(exported["json"]))[0] == 0
    with History.open() as history:
        assert sorted(r.session_id for r in history.records()) == ["w1-strength", "w1r1", "w1r2", "x"]


def test_json_in_any_layout_is_read(capsys, exported, tmp_path):
    pretty = tmp_path / "pretty.json"
    pretty.write_text(json.dumps(json.loads(exported["json"].read_text()), indent=4))
    assert run(capsys, "history", "import", str(pretty))[0] == 0
    assert run(capsys, "history", "--json")[1] == exported["json"].read_text()


def test_extra_columns_and_a_byte_order_mark_are_fine(capsys, exported, tmp_path):
    import csv
    import io

    rows = list(csv.reader(io.StringIO(exported["csv"].read_text())))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([["from_elsewhere", *row] for row in rows])
    other = tmp_path / "other.csv"
    other.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode())
    assert run(capsys, "history", "import", str(other))[::2] == (0, "")
    assert run(capsys, "history", "--csv")[1] == exported["csv"].read_text()


def bad_csv(exported: dict[str, Path], row: int, column: str, value: str, tmp_path: Path) -> Path:
    import csv
    import io

    rows = list(csv.reader(io.StringIO(exported["csv"].read_text())))
    rows[row][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path = tmp_path / "bad.csv"
    path.write_text(out.getvalue())
    return path


@pytest.mark.parametrize(
    ("row", "column", "value", "line", "message"),
    [
        (1, "effort", "11", 2, "effort must be 1 to 10 or empty, got 11"),
        (2, "pain", "-1", 4, 'pain must be 0 to 10 or empty, got "-1"'),  # row 1's note spans lines 2 and 3
        (
            3,
            "started",
            "2026-11-28T05:30:00",
            5,
            'started has no time zone: "2026-11-28T05:30:00" (the export writes UTC, +00:00)',
        ),
        (3, "ended", "yesterday", 5, 'ended is not a date and time: "yesterday"'),
        (3, "ended", "2026-11-20T05:30:00+00:00", 5, "ended is before started"),
        (2, "completed", "yes", 4, 'completed must be true or false, got "yes"'),
        (2, "active_s", "nan", 4, 'active_s must be a number of seconds, got "nan"'),
        (2, "steps_done", "2.5", 4, 'steps_done must be a whole number of 0 or more, got "2.5"'),
        (2, "session_id", "", 4, "session_id is empty"),
        (2, "id", "one", 4, 'id must be a whole number of 0 or more, got "one"'),
    ],
)
def test_a_bad_value_is_refused_with_file_and_line_and_nothing_is_written(
    capsys, exported, tmp_path, row, column, value, line, message
):
    path = bad_csv(exported, row, column, value, tmp_path)
    code, out, err = run(capsys, "history", "import", str(path))
    assert (code, out, err) == (2, "", f"{path}:{line}: {message}\ntrainertui: nothing imported\n")
    with History.open() as history:
        assert history.count() == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "1: empty file: expected a header row"),
        ("id,started\n", "1: not a trainertui history export: no column ended, "),
        ("[\n{}\n]", "2: missing id, started, "),
        ('[\n{"id": 1},\n[1, 2]\n]', "2: missing started, ended, "),
        ('[\n{"id": 1,\n', "3: not valid JSON: Expecting property name enclosed in double quotes"),
        ("[\n3\n]", "2: expected an object for each workout"),
        ("[]\n]", "2: text after the end of the list"),
    ],
)
def test_a_malformed_file_is_refused_with_its_line(capsys, tmp_path, text, message):
    path = tmp_path / "bad"
    path.write_text(text)
    code, out, err = run(capsys, "history", "import", str(path))
    assert code == 2 and out == "" and err.startswith(f"{path}:{message}")
    assert err.endswith("trainertui: nothing imported\n")


def test_one_bad_row_among_good_ones_writes_none_and_every_problem_is_listed(capsys, exported, tmp_path):
    data = json.loads(exported["json"].read_text())
    data[0]["pain"] = 12
    data[2]["completed"] = "maybe"
    path = tmp_path / "two-bad.json"
    path.write_text("[\n" + ",\n".join(json.dumps(d) for d in data) + "\n]\n")
    code, _, err = run(capsys, "history", "import", str(path))
    assert code == 2 and err.splitlines() == [
        f"{path}:2: pain must be 0 to 10 or empty, got 12",
        f'{path}:4: completed must be true or false, got "maybe"',
        "trainertui: nothing imported",
    ]
    with History.open() as history:
        assert history.count() == 0


def test_a_missing_file_a_folder_and_non_utf8_text_are_one_line_each(capsys, tmp_path):
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"id,started\n\xff\xfe\n")
    for path, message in ((tmp_path / "nope.csv", "no such file"), (tmp_path, "not a regular file"),
                          (binary, "2: not UTF-8 text")):  # fmt: skip
        code, _, err = run(capsys, "history", "import", str(path))
        assert code == 2 and err.splitlines()[0] in (f"{path}: {message}", f"{path}:{message}")


def test_the_history_flags_still_work_beside_the_subcommand(capsys, exported):
    assert run(capsys, "history", "--json") == (0, "[]\n", "")
    with pytest.raises(SystemExit) as exit_:
        main(["history", "import"])
    assert exit_.value.code == 2
    code, _, err = run(capsys, "history", "--csv", "import", str(exported["csv"]))
    assert code == 2 and "takes a FILE, not --table, --csv or --json" in err

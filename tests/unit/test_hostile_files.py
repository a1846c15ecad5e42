"""Routine files written to hurt: control characters, values of every YAML type in the wrong
place, numbers thousands of digits long, impossible dates, huge one-line files, unreadable
folders. Each gives one plain ``FILE:LINE: message`` per problem, nothing a terminal would
interpret, and never stops the menu or ``list`` (docs/security.md)."""

from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path

import pytest

from trainertui.catalogue import load_catalogue
from trainertui.cli import main
from trainertui.routines import RoutineError, load_programme

#: What no output may contain: C0 (but line breaks), DEL, C1, bidi controls.
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def write(folder: Path, text: str, name: str = "mine.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(RoutineError) as raised:
        load_programme(path)
    return [str(p) for p in raised.value.problems]


def session_with(step: str) -> str:
    return f"name: X\nsessions:\n  - id: a\n    title: A\n    steps:\n      - {step}\n"


@pytest.mark.parametrize(
    "field, text, expected",
    [
        ("name", 'name: "Squat\\e[2J"', "1: 'name' contains a control character (U+001B ESC)"),
        ("title", 'title: "Run \\a"', "4: 'title' contains a control character (U+0007 BEL)"),
        ("title", 'title: "\\u202eevil"', "4: 'title' contains a control character (U+202E)"),
        ("say", 'say: "go\\x9b"', "6: 'say' contains a control character (U+009B CSI)"),
        ("tip", 'tip: "hold\\e]0;owned\\a"', "6: 'tip' contains a control character (U+001B ESC)"),
    ],
)
def test_control_characters_in_routine_text_are_refused_on_their_line(tmp_path, field, text, expected):
    base = "name: X\nsessions:\n  - id: a\n    title: A\n    steps:\n      - exercise: 30s\n        name: Squat\n"
    if field == "name":
        source = base.replace("name: X", text, 1)
    elif field == "title":
        source = base.replace("title: A", text)
    else:
        source = base.replace("        name: Squat\n", f"        name: Squat\n        {text}\n").replace(
            "      - exercise: 30s\n", "      - exercise: 30s\n", 1
        )
        expected = expected.replace("6:", "8:")
    path = write(tmp_path, source)
    [problem] = problems(path)
    assert problem == f"{path}:{expected}"
    assert not CONTROL.search(problem)


def test_a_tip_may_run_over_several_lines(tmp_path):
    path = write(
        tmp_path,
        session_with("exercise: 30s\n        name: Squat\n        tip: |\n          Sit back.\n          Chest up.\n"),
    )
    [session] = load_programme(path).sessions
    assert session.steps[0].tip == "Sit back.\nChest up."


def test_keys_and_values_echoed_in_messages_are_shown_as_escapes_and_cut_short(tmp_path):
    path = write(
        tmp_path, 'name: X\n"col\\eour": 1\nsessions:\n  - {id: a, title: A, steps: [{run: "' + "9" * 5000 + 's"}]}\n'
    )
    lines = problems(path)
    assert lines[0].startswith(f"{path}:2: unknown key 'col\\x1bour' in the programme")
    assert lines[1] == f"{path}:4: the run duration: '{'9' * 39}…' is far longer than any session"
    assert all(not CONTROL.search(line) and len(line) < 250 + len(str(path)) for line in lines)


@pytest.mark.parametrize(
    "step, expected",
    [
        (
            "run: " + "9" * 5000,
            "the run duration: expected a duration like 90s, 5m or 1m30s, got a number 5,000 characters long",
        ),
        ("run: 1.0e+999", "the run duration: durations are whole seconds, got inf"),
        ("run: .nan", "the run duration: durations are whole seconds, got nan"),
        ("run: [1, 2]", "the run duration: expected a duration like 90s, 5m or 1m30s, got a list"),
        ("run: {a: 1}", "the run duration: expected a duration like 90s, 5m or 1m30s, got a mapping"),
        ("run: !!binary aGVsbG8=", "the run duration: expected a duration like 90s, 5m or 1m30s, got binary data"),
        ("run: 2024-02-30", "the run duration: expected a duration like 90s, 5m or 1m30s, got '2024-02-30'"),
        ("run: '²'", "the run duration: expected a duration like 90s, 5m or 1m30s, got '²'"),
        ("run: 1m\n        name: !!set {a, b}", "'name' must be text"),
        (
            "repeat: " + "7" * 40 + "\n        steps: [{run: 1m}]",
            "'repeat' must be a whole number from 1 to 1000, got a number 40 characters long",
        ),
    ],
)
def test_every_yaml_type_in_the_wrong_place_is_a_plain_message(tmp_path, step, expected):
    path = write(tmp_path, session_with(step))
    lines = problems(path)
    assert any(line == f"{path}:6: {expected}" or line == f"{path}:7: {expected}" for line in lines), lines
    for line in lines:
        assert "int()" not in line and "sys.set_int_max_str_digits" not in line and "Traceback" not in line


def test_a_yaml_date_where_text_is_expected_is_that_text(tmp_path):
    path = write(
        tmp_path, "name: 2024-02-30\nsessions:\n  - id: a\n    title: 2026-12-02 07:30\n    steps: [{run: 1m}]\n"
    )
    programme = load_programme(path)
    assert programme.name == "2024-02-30" and programme.sessions[0].title == "2026-12-02 07:30"


def test_a_list_where_an_id_is_expected(tmp_path):
    path = write(
        tmp_path,
        "name: X\nsessions:\n  - id: [a, b]\n    title: A\n    steps: [{run: 1m}]\n"
        "  - {id: b, title: B, same_as: [a]}\n  - {id: c, title: C, parts: [[a]]}\n",
    )
    assert [line.removeprefix(f"{path}:") for line in problems(path)] == [
        "3: 'id' must be text",
        "6: 'same_as: a list' must name a session in this file",
        "7: each part must name a session in this file, got a list",
    ]


def test_a_huge_one_line_file_gives_a_short_message(tmp_path):
    path = write(tmp_path, "name: [" + "x, " * 300_000 + "x]\n")
    lines = problems(path)
    assert path.stat().st_size > 800_000
    assert lines == [f"{path}:1: 'name' must be text", f"{path}:1: the programme needs 'weeks' or 'sessions'"]


def test_the_same_problem_at_the_same_place_is_told_once(tmp_path):
    block = "blocks:\n  twice:\n    - run: 0s\n"
    path = write(
        tmp_path, "name: X\n" + block + "sessions:\n  - id: a\n    title: A\n    steps: [{use: twice}, {use: twice}]\n"
    )
    assert problems(path) == [f"{path}:4: the run duration must be longer than zero, got '0s'"]


def test_a_file_named_with_control_characters_is_shown_with_escapes(capsys, tmp_path):
    path = write(tmp_path, "name: [\n", name="evil\x1b]2;owned\x07.yaml")
    assert main(["validate", str(path)]) == 2
    out = capsys.readouterr().out
    assert not CONTROL.search(out) and "evil\\x1b]2;owned\\x07.yaml:" in out


def test_one_file_that_trips_up_the_reader_is_listed_broken_and_the_rest_load(isolated_dirs, monkeypatch, capsys):
    import trainertui.routines as routines_module  # the catalogue imports its reader when it needs it

    write(isolated_dirs / "routines", session_with("run: 1m"), name="fine.yaml")
    write(isolated_dirs / "routines", session_with("run: 1m"), name="boom.yaml")
    real = routines_module.load_programme

    def exploding(path: Path, **kwargs: object):
        if path.name == "boom.yaml":
            raise ZeroDivisionError("a bug in the reader")
        return real(path, **kwargs)

    monkeypatch.setattr(routines_module, "load_programme", exploding)
    catalogue = load_catalogue()
    assert "fine" in [p.id for p in catalogue.programmes]
    [broken] = catalogue.broken
    assert broken.path.name == "boom.yaml" and "please report it" in str(broken.problems[0])
    assert main(["list"]) == 0
    assert "boom  (not usable: " in capsys.readouterr().out


def test_an_unreadable_routines_folder_is_reported_not_empty(isolated_dirs, monkeypatch, capsys):
    folder = isolated_dirs / "routines"
    folder.mkdir(parents=True)
    real = os.scandir

    def denied(path: object):
        if Path(str(path)) == folder:
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", denied)  # paths.routine_files reads a folder with os.scandir
    [broken] = load_catalogue().broken
    assert str(broken.problems[0]) == f"{folder}: cannot read this folder of routines: Permission denied"
    assert main(["validate", str(folder)]) == 2
    assert capsys.readouterr().out == f"{folder}: cannot read this folder of routines: Permission denied\n"


def test_a_file_where_the_routines_folder_should_be_is_reported(isolated_dirs):
    isolated_dirs.mkdir()
    (isolated_dirs / "routines").write_text("not a folder")
    [broken] = load_catalogue().broken
    assert str(broken.problems[0]).endswith("cannot read this folder of routines: it is not a folder")


def test_a_use_that_is_not_a_name_is_a_short_plain_message(tmp_path):
    """Found by the fuzz test: a list under 'use' was echoed whole, numbers and all."""
    path = tmp_path / "use.yaml"
    path.write_text(
        "name: U\nblocks:\n  b1:\n    - run: 10s\nsessions:\n  - id: s\n    title: S\n    steps:\n"
        f"      - use: ['', {'9' * 1000}, {{'a\\x1b': 1}}]\n"
        f"      - use: {'x' * 500}\n"
    )
    with pytest.raises(RoutineError) as caught:
        load_programme(path)
    lines = str(caught.value).splitlines()
    assert lines[0].endswith(":9: 'use' must name a block under 'blocks', got a list")
    assert lines[1].endswith(":10: 'use: " + "x" * 39 + "…' names no block under 'blocks' (known: b1)")

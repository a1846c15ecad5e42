"""The trainertui command, called in-process (the packaging tests run the real executable)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from helpers import ROOT
from trainertui.cli import main

BUNDLED = ["couch-to-5k", "couch-to-5k-plus", "firm-glutes-10", "strength-and-flex", "back-care"]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def user_routine(config: Path, name: str, text: str) -> Path:
    folder = config / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_list_shows_the_bundled_programmes(capsys):
    code, out, _ = run(capsys, "list")
    assert code == 0
    assert out.startswith("couch-to-5k  Couch to 5K  (27 sessions)\n  week 1: w1r1 (30m), w1r2 (30m), w1r3 (30m)\n")
    for programme in BUNDLED:
        assert f"\n{programme}  " in "\n" + out


def test_list_json(capsys):
    code, out, _ = run(capsys, "list", "--json")
    data = json.loads(out)
    assert code == 0 and data["broken"] == []
    assert [p["id"] for p in data["programmes"]] == BUNDLED
    c25k = data["programmes"][0]
    assert c25k["bundled"] is True
    assert c25k["sessions"][0] == {"id": "w1r1", "title": "Week 1, Run 1", "week": 1, "duration_s": 1800, "steps": 18}


def test_user_routines_are_listed_beside_bundled_ones_and_broken_ones_explained(capsys, isolated_dirs):
    user_routine(isolated_dirs, "lunch.yaml", "name: Lunch\nsessions:\n  - {id: a, title: A, steps: [{run: 1m}]}\n")
    broken = user_routine(
        isolated_dirs, "oops.yaml", "name: Oops\nsessions:\n  - {id: a, title: A, steps: [{jog: 1m}]}\n"
    )
    taken = user_routine(
        isolated_dirs, "couch-to-5k.yml", "name: Mine\nsessions:\n  - {id: a, title: A, steps: [{run: 1m}]}\n"
    )
    code, out, _ = run(capsys, "list")
    assert code == 0
    assert f"lunch  Lunch  (1 session)  [{isolated_dirs / 'routines' / 'lunch.yaml'}]" in out
    assert f"oops  (not usable: {broken}:3: unknown step kind 'jog'" in out
    assert (
        f"couch-to-5k  (not usable: {taken}:1: programme id 'couch-to-5k' is already used by a bundled programme" in out
    )
    data = json.loads(run(capsys, "list", "--json")[1])
    assert [p["id"] for p in data["programmes"]] == BUNDLED + ["lunch"]
    assert sorted(Path(b["path"]).name for b in data["broken"]) == ["couch-to-5k.yml", "oops.yaml"]


def test_show_json_w5r2_matches_the_plan(capsys):
    code, out, _ = run(capsys, "show", "couch-to-5k", "w5r2", "--json")
    data = json.loads(out)
    assert code == 0
    assert {k: data[k] for k in ("programme", "session", "title", "duration_s")} == {
        "programme": "couch-to-5k",
        "session": "w5r2",
        "title": "Week 5, Run 2",
        "duration_s": 1860,
    }
    assert [(i["kind"], i["start_s"], i["duration_s"]) for i in data["intervals"]] == [
        ("warmup", 0, 300),
        ("run", 300, 480),
        ("walk", 780, 300),
        ("run", 1080, 480),
        ("cooldown", 1560, 300),
    ]
    assert set(data["intervals"][0]) == {"kind", "name", "start_s", "duration_s", "cadence"}
    cues = [(c["at_s"], c["kind"], c["text"]) for c in data["cues"]]
    assert cues[0] == (0, "start", "Warm up with a brisk walk")
    assert (300, "start", "Run now") in cues and (780, "start", "Walk now") in cues
    assert (540, "halfway", "Halfway") in cues and (720, "remaining", "One minute left") in cues
    assert (1557, "countdown", "3") in cues and (1560, "start", "Cool down") in cues
    assert cues[-1] == (1860, "finish", "Workout complete, well done")


def test_show_json_untimed_step_has_null_duration(capsys, tmp_path):
    path = tmp_path / "reps.yaml"
    path.write_text("name: R\nsessions:\n  - {id: a, title: A, steps: [{exercise: untimed, name: Squat, reps: 8}]}\n")
    code, out, _ = run(capsys, "show", str(path), "--json")
    assert code == 0
    assert json.loads(out)["intervals"] == [
        {"kind": "exercise", "name": "Squat", "start_s": 0, "duration_s": None, "cadence": None}
    ]


def test_show_text(capsys):
    code, out, _ = run(capsys, "show", "couch-to-5k", "w1r1")
    assert code == 0
    assert out.startswith("Couch to 5K: Week 1, Run 1 [w1r1]\n30:00 planned, 08:00 running or exercising, 18 steps\n")
    assert "     05:00  run       Run" in out
    assert "     30:00  finish    Workout complete, well done" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["show", "nope"],
            "trainertui: no programme 'nope' "
            "(known: couch-to-5k, couch-to-5k-plus, firm-glutes-10, strength-and-flex, back-care)",
        ),
        (["show", "couch-to-5k"], "trainertui: couch-to-5k has 27 sessions; name one: w1r1, w1r2"),
        (["show", "couch-to-5k", "w10r1"], "trainertui: couch-to-5k has no session 'w10r1' (sessions: w1r1"),
        (["show", "missing.yaml"], "trainertui: missing.yaml has problems:\nmissing.yaml:1: cannot read the file"),
    ],
)
def test_show_errors_are_one_clear_message(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.startswith(message)
    assert "Traceback" not in err


def test_show_a_broken_user_routine_names_its_problems(capsys, isolated_dirs):
    broken = user_routine(
        isolated_dirs, "oops.yaml", "name: Oops\nsessions:\n  - {id: a, title: A, steps: [{jog: 1m}]}\n"
    )
    code, out, err = run(capsys, "show", "oops")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "trainertui: oops has problems:",
        f"{broken}:3: unknown step kind 'jog': a step starts with "
        "one of warmup, walk, run, cooldown, exercise, rest, stretch, or is 'repeat' or 'use'",
    ]


def test_show_a_user_routine_by_id(capsys, isolated_dirs):
    user_routine(isolated_dirs, "lunch.yml", "name: Lunch\nsessions:\n  - {id: a, title: A, steps: [{run: 1m}]}\n")
    code, out, _ = run(capsys, "show", "lunch", "--json")
    assert code == 0 and json.loads(out)["duration_s"] == 60


def test_validate_bundled_files(capsys):
    code, out, _ = run(capsys, "validate", str(ROOT / "routines"))
    assert code == 0
    assert out.count(": ok, ") == len(BUNDLED)


def test_validate_reports_every_problem_and_exits_2(capsys, tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text("name: G\nsessions:\n  - {id: a, title: A, steps: [{run: 1m}]}\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: B\nsessions:\n  - id: a\n    title: A\n    steps:\n      - run: 0s\n      - walk: soon\n")
    code, out, err = run(capsys, "validate", str(good), str(bad))
    assert code == 2 and err == ""
    assert out.splitlines() == [
        f"{good}: ok, 1 session, 1 step",
        f"{bad}:6: the run duration must be longer than zero, got '0s'",
        f"{bad}:7: the walk duration: expected a duration like 90s, 5m or 1m30s, got 'soon'",
    ]


def test_validate_empty_folder(capsys, tmp_path):
    code, _, err = run(capsys, "validate", str(tmp_path))
    assert code == 2 and err == "trainertui: no routine files (*.yaml, *.yml) found\n"


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Builds the app as the command would, but records it instead of taking over the terminal
    (tests/e2e runs the real thing in a terminal)."""
    from trainertui.ui.app import TrainerApp

    apps: list[object] = []
    monkeypatch.setattr(TrainerApp, "run", lambda self, *a, **k: apps.append(self))
    monkeypatch.setattr("trainertui.cli.not_terminals", list)  # as if run in a terminal
    return apps


def test_no_arguments_opens_the_menu(capsys, launched):
    code, out, _ = run(capsys)
    assert code == 0 and out == ""
    [app] = launched
    assert app._start is None
    assert [p.id for p in app.catalogue.programmes] == BUNDLED


def test_run_starts_a_session_at_the_speed_asked(capsys, launched):
    from trainertui.clock import MonotonicClock, ScaledClock

    assert run(capsys, "run", "couch-to-5k", "w1r1", "--speed", "30")[0] == 0
    assert run(capsys, "run", "firm-glutes-10", "warm-up")[0] == 0
    fast, normal = launched
    programme, session = fast._start
    assert (programme.id, session.id) == ("couch-to-5k", "w1r1")
    assert isinstance(fast.clock, ScaledClock) and fast.clock.rate == 30
    assert isinstance(normal.clock, MonotonicClock)


def test_run_without_a_session_of_alternatives_asks_for_one(capsys, launched):
    code, _, err = run(capsys, "run", "firm-glutes-10")
    assert code == 2 and not launched
    assert err == (
        "trainertui: firm-glutes-10's sessions are alternatives, with no order; "
        "name one: full, workout, warm-up, stretch\n"
    )


def test_run_a_routine_file(capsys, launched, tmp_path):
    path = tmp_path / "quick.yaml"
    path.write_text("name: Quick\nsessions:\n  - id: q\n    title: Quick one\n    steps:\n      - run: 3s\n")
    assert run(capsys, "run", str(path))[0] == 0
    [app] = launched
    assert app._start[1].title == "Quick one"


def _done(*session_ids: str, completed: bool = True) -> None:
    from datetime import UTC, datetime, timedelta

    from trainertui.catalogue import load_catalogue
    from trainertui.history import Entry, History

    c25k = load_catalogue().get("couch-to-5k")
    with History.open() as history:
        for n, sid in enumerate(session_ids):
            ended = datetime(2026, 11, 1, 8, tzinfo=UTC) + timedelta(days=2 * n)
            history.record(
                Entry(
                    c25k.id,
                    c25k.name,
                    sid,
                    c25k.session(sid).title,
                    ended - timedelta(minutes=30),
                    ended,
                    1800,
                    1800.0,
                    9,
                    0,
                    9,
                    completed,
                )
            )


def test_run_without_a_session_starts_the_next_one_in_the_history(capsys, launched):
    assert run(capsys, "run", "couch-to-5k")[0] == 0  # nothing done yet: the first
    _done("w1r1", "w1r2")
    _done("w1r3", completed=False)  # stopped early: still the one to do
    assert run(capsys, "run", "couch-to-5k")[0] == 0
    first, after = launched
    assert first._start[1].id == "w1r1"
    assert after._start[1].id == "w1r3"


def test_run_without_a_session_when_all_are_done_asks_for_one(capsys, launched):
    _done("w9r3")
    code, _, err = run(capsys, "run", "couch-to-5k")
    assert code == 2 and "every session of couch-to-5k is done; name one to do again: w1r1, w1r2" in err
    assert launched == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["run", "couch-to-10k"], "no programme 'couch-to-10k'"),
        (["run", "couch-to-5k", "w10r1"], "couch-to-5k has no session 'w10r1'"),
    ],
)
def test_run_refuses_what_does_not_exist(capsys, launched, argv, message):
    code, _, err = run(capsys, *argv)
    assert code == 2 and message in err
    assert launched == []


@pytest.mark.parametrize("speed", ["0", "-2", "fast", "5000"])
def test_run_refuses_a_silly_speed(capsys, launched, speed):
    with pytest.raises(SystemExit) as exit_info:
        main(["run", "couch-to-5k", "w1r1", "--speed", speed])
    assert exit_info.value.code == 2
    assert "--speed" in capsys.readouterr().err
    assert launched == []


def test_a_damaged_history_is_moved_aside_and_the_app_says_so(capsys, launched, isolated_dirs, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "history.sqlite3").write_bytes(b"this is not a database" * 100)
    assert run(capsys, "run", "couch-to-5k", "w1r1")[0] == 0
    [app] = launched
    assert app.history is not None  # a fresh one
    assert any("moved it to" in notice for notice in app._notices)
    from trainertui.history import History

    with History.open(data / "history.sqlite3") as fresh:
        assert fresh.records() == [] and fresh.notice is None
    kept = list(data.glob("history.sqlite3.broken-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == b"this is not a database" * 100


@pytest.mark.parametrize("argv", [(), ("run", "couch-to-5k", "w1r1")])
def test_without_a_terminal_the_app_refuses_at_once_and_records_nothing(capsys, monkeypatch, argv):
    """`trainertui run ... < /dev/null > out.txt` ran invisibly, never ended, and saved a
    completed workout nobody did. Here stdin and stdout are pytest's, not terminals."""
    from trainertui.ui.app import TrainerApp

    built: list[object] = []
    monkeypatch.setattr(TrainerApp, "__init__", lambda self, *a, **k: built.append(self))
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("trainertui: the app needs a terminal, and stdin") and err.count("\n") == 1
    assert "stdout" in err and "history --csv" in err
    assert built == []
    assert not (Path(os.environ["TRAINERTUI_DATA_DIR"]) / "history.sqlite3").exists()


def test_which_streams_are_not_terminals(monkeypatch):
    from trainertui import cli

    class Tty:
        def isatty(self) -> bool:
            return True

    for name in ("stdin", "stdout", "stderr"):
        monkeypatch.setattr(f"sys.{name}", Tty())
    assert cli.not_terminals() == []
    monkeypatch.setattr("sys.stdout", open(os.devnull, "w"))  # noqa: SIM115 - closed with the test
    assert cli.not_terminals() == ["stdout"]
    monkeypatch.setattr("sys.stdin", None)
    assert cli.not_terminals() == ["stdin", "stdout"]

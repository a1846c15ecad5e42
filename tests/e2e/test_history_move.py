"""Moving a history to another laptop with the real `trainertui` command, in subprocesses:
export from one data dir, import into an empty one, and both print the same."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from trainertui.history import CheckIn, Entry, History

TRAINERTUI = Path(sys.executable).with_name("trainertui")


def trainertui(data_dir: Path, *argv: str | Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(TRAINERTUI_DATA_DIR=str(data_dir), TZ="UTC")
    return subprocess.run(
        [str(TRAINERTUI), *map(str, argv)], capture_output=True, text=True, env=env, timeout=60, check=False
    )


def made_up_history(path: Path) -> None:
    """Partial and completed workouts, check-ins with every kind of text, a deleted row (so the
    ids have a gap), a changed check-in and an answer to "repeat it?"."""
    start = datetime(2026, 1, 5, 6, 45, 17, tzinfo=UTC)
    entries = []
    for n in range(40):
        ended = start + timedelta(days=2 * n, seconds=1500 + n)
        checkin = None
        if n % 3:
            checkin = CheckIn(1 + n % 10, n % 11 if n % 2 else None, ["upper back", "Knees", ""][n % 3],
                              f'note {n}: "quoted", comma, new\nline, ünïcode ✓' if n % 4 else "")  # fmt: skip
        entries.append(
            Entry(
                "couch-to-5k",
                "Couch to 5K",
                f"w{1 + n // 3}r{1 + n % 3}",
                f"Week {1 + n // 3}, Run {1 + n % 3}",
                ended - timedelta(seconds=1500 + n),
                ended,
                1800,
                1500 + n + 0.25 * (n % 4),
                18 - n % 2,
                n % 2,
                18,
                n % 5 != 0,
                checkin,
            )  # fmt: skip
        )
    with History.open(path) as history:
        ids = history.record_many(entries)
        history.delete(ids[7])
        history.set_checkin(ids[8], CheckIn(9, 6, "neck", "changed later"))
        history.set_answer(ids[-1], "go on")


def test_an_exported_history_imported_into_an_empty_data_dir_prints_the_same(tmp_path: Path) -> None:
    here, there = tmp_path / "here", tmp_path / "there"
    made_up_history(here / "history.sqlite3")
    exports = {}
    for kind in ("csv", "json", "table"):
        done = trainertui(here, "history", f"--{kind}")
        assert done.returncode == 0, done.stderr
        exports[kind] = done.stdout
    (tmp_path / "history.csv").write_text(exports["csv"])
    (tmp_path / "history.json").write_text(exports["json"])
    assert not there.exists()

    moved = trainertui(there, "history", "import", tmp_path / "history.csv")
    assert (moved.returncode, moved.stdout, moved.stderr) == (
        0, f"Imported 39 workouts from {tmp_path / 'history.csv'}.\n", ""
    )  # fmt: skip
    for kind, text in exports.items():
        assert trainertui(there, "history", f"--{kind}").stdout == text, kind

    for kind in ("csv", "json"):  # the same history again, in either format: nothing added
        again = trainertui(there, "history", "import", tmp_path / f"history.{kind}")
        assert again.returncode == 0 and "Imported 0 workouts" in again.stdout
    assert trainertui(there, "history", "--csv").stdout == exports["csv"]


def test_a_malformed_file_is_refused_and_the_new_history_stays_empty(tmp_path: Path) -> None:
    here, there = tmp_path / "here", tmp_path / "there"
    made_up_history(here / "history.sqlite3")
    lines = trainertui(here, "history", "--json").stdout.splitlines()
    lines[5] = (
        lines[5].replace('"completed": true', '"completed": "yes"').replace('"completed": false', '"completed": 1')
    )
    bad = tmp_path / "bad.json"
    bad.write_text("\n".join(lines))
    refused = trainertui(there, "history", "import", bad)
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.startswith(f"{bad}:6: completed must be true or false, got ")
    assert trainertui(there, "history", "--csv").stdout.count("\n") == 1  # the header only

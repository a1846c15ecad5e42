"""docs/security.md's promise, in a real terminal (tmux): what a routine file or the history
holds never reaches the terminal as control. A hostile file tries to retitle the window
(OSC 0), clear the screen (CSI 2J), write the clipboard (OSC 52) and ring the bell; the
printing commands and the full-screen app must leave the title, the screen above them and
the terminal's modes as they were, and say what is wrong in plain text."""

from __future__ import annotations

import shlex
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from test_terminal import TRAINERTUI, Terminal

from trainertui.history import CheckIn, Entry, History

pytestmark = pytest.mark.realtime

MARKER = "before-the-command"

# YAML's double-quoted escapes put the real bytes into the values: ESC, BEL, C1 CSI, bidi.
HOSTILE = r"""
name: "Evil\e]0;PWNED\a\e[2J\e[H"
description: "copy \e]52;c;cHduZWQ=\a \u202eevil"
sessions:
  - id: s1
    title: "Title \e[31m red \u2066 isolate"
    steps:
      - run: 10s
        name: "Step\abell"
        tip: "tip \e[2J [bold red]x[/] [/]"
        say: "say \x9b31m"
"""

# A valid file whose text is markup: shown as typed, and the workout runs.
MARKUP = """\
name: "[bold red]Styled[/] [link=file:///etc/passwd]x[/link]"
sessions:
  - id: m1
    title: "Closer [/] here"
    steps:
      - run: 30s
        name: "[reverse]Squat[/]"
        tip: "Knees out [/] and [b]up"
"""


def shell(terminal: Terminal) -> None:
    env = " ".join(f"{k}={shlex.quote(v)}" for k, v in terminal.env.items())
    terminal.tmux(
        "new-session", "-d", "-s", "e2e", "-x", "80", "-y", "24", f"env {env} PS1='$ ' bash --norc --noprofile -i"
    )
    terminal.wait_for("$")
    terminal.tmux("select-pane", "-t", "e2e", "-T", "clean-title")


def run_in_shell(terminal: Terminal, command: str, done: str = "exit=") -> str:
    # The typed line must not hold what is waited for: the shell prints "exit=" from "ex\\it=".
    terminal.press(f"clear; echo {MARKER}; {command}; echo ex\\it=$?", "Enter")
    terminal.wait_for(done, timeout=20)
    return terminal.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "e2e")  # the scrollback, lines joined


def assert_untouched(terminal: Terminal, screen: str) -> None:
    assert terminal.title() == "clean-title", terminal.title()
    assert MARKER in screen, screen  # nothing cleared the screen
    assert "PWNED" not in terminal.title()
    buffer = terminal.tmux("show-buffer") if _has_buffer(terminal) else ""
    assert "pwned" not in buffer  # OSC 52 wrote nothing to the clipboard


def _has_buffer(terminal: Terminal) -> bool:
    return bool(terminal.tmux("list-buffers").strip())


@pytest.mark.parametrize("command", ["validate", "show"])
def test_printing_a_hostile_file_names_each_problem_and_controls_nothing(terminal, tmp_path, command):
    path = tmp_path / "evil.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    shell(terminal)
    screen = run_in_shell(terminal, f"{TRAINERTUI} {command} {path}")
    assert_untouched(terminal, screen)
    assert "exit=2" in screen
    for line, field in [(2, "name"), (3, "description"), (6, "title"), (9, "name"), (10, "tip"), (11, "say")]:
        assert f"evil.yaml:{line}: '{field}' contains a control character" in screen, screen


def test_a_hostile_file_among_the_users_routines_is_listed_broken(terminal, tmp_path):
    folder = tmp_path / "config" / "routines"
    folder.mkdir(parents=True)
    (folder / "evil.yaml").write_text(HOSTILE, encoding="utf-8")
    shell(terminal)
    screen = run_in_shell(terminal, f"{TRAINERTUI} list")
    assert_untouched(terminal, screen)
    assert "exit=0" in screen and "couch-to-5k" in screen
    assert "evil.yaml:2: 'name' contains a control character" in screen


def test_stored_notes_are_printed_as_visible_escapes(terminal, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    _history_with_a_hostile_note(data / "history.sqlite3")
    shell(terminal)
    screen = run_in_shell(terminal, f"{TRAINERTUI} history --table")
    assert_untouched(terminal, screen)
    assert "exit=0" in screen and "\\x1b]0;PWNED" in screen, screen


def test_the_full_screen_app_shows_markup_as_typed_and_gives_the_terminal_back(terminal, tmp_path):
    path = tmp_path / "markup.yaml"
    path.write_text(MARKUP, encoding="utf-8")
    shell(terminal)
    terminal.press(f"clear; echo {MARKER}; {TRAINERTUI} run {path}; echo ex\\it=$?", "Enter")
    screen = terminal.wait_for("[reverse]Squat[/]", timeout=15)
    assert "Knees out [/] and [b]up" in screen
    terminal.press("q")
    terminal.wait_for("Stop this workout?")
    terminal.press("y")
    terminal.wait_for("Stopped early")
    terminal.press("Enter")  # the summary, then the menu
    terminal.wait_for("Sessions")
    terminal.press("q")
    screen = terminal.wait_for("exit=", timeout=15)
    assert "exit=0" in screen and "Traceback" not in screen
    assert MARKER in screen  # the app left the alternate screen and the shell's screen is back
    assert terminal.title() == "clean-title"


def _history_with_a_hostile_note(path: Path) -> None:
    """A row written by trainertui's own store, then its note changed as another program
    (or a damaged sync) could: the history file is data, not trusted text."""
    history = History.open(path)
    history.record(
        Entry(
            "couch-to-5k",
            "Couch to 5K",
            "w1r1",
            "Week 1, Run 1",
            datetime(2026, 11, 30, 7, tzinfo=UTC),
            datetime(2026, 11, 30, 7, 30, tzinfo=UTC),
            1800,
            480.0,
            8,
            0,
            8,
            True,
            CheckIn(effort=5, pain=0, pain_where="", note="fine"),
        )  # fmt: skip
    )
    history.close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE workouts SET note = ?", ("felt \x1b]0;PWNED\x07 \x1b[2J ok",))
    conn.close()

"""The real `trainertui run` command in a real terminal (tmux), read off the screen.

This is the one place the suite waits for real time: a routine of 2-second steps has to pass
for real for the app to get to its summary, and that is what the test checks. It polls the
screen rather than sleeping fixed amounts.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

TRAINERTUI = Path(sys.executable).with_name("trainertui")
ROUTINE = """\
name: Quick test
sessions:
  - id: quick
    title: Quick test run
    steps:
      - warmup: 2s
        name: Easy walk
      - run: 2s
        name: Stride out
      - walk: 2s
      - cooldown: 2s
"""


class Terminal:
    """An 80x24 tmux pane on a private server, so the developer's own tmux is untouched."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> str:
        result = subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", *args],
                                capture_output=True, text=True, timeout=10, check=True)
        return result.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "e2e")

    def press(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "e2e", *keys)

    def wait_for(self, text: str, timeout: float = 10.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} did not appear within {timeout} s; the screen:\n{screen}")
            time.sleep(0.05)

    def exit_status(self, timeout: float = 5.0) -> str:
        """How the program in the pane ended: "0", "1", ... or "signal 15" if a signal killed it."""
        deadline = time.monotonic() + timeout
        while True:
            status, _, signum = self.tmux("display-message", "-p", "-t", "e2e",
                                          "#{pane_dead_status}|#{pane_dead_signal}").strip().partition("|")
            if status or signum:
                return status or f"signal {signum}"
            if time.monotonic() > deadline:
                raise AssertionError(f"the program is still running after {timeout} s:\n{self.screen()}")
            time.sleep(0.05)

    def wait_until_gone(self, text: str, timeout: float = 5.0) -> str:
        deadline = time.monotonic() + timeout
        while text in (screen := self.screen()):
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} still on screen after {timeout} s:\n{screen}")
            time.sleep(0.05)
        return screen


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    assert shutil.which("tmux"), "the end-to-end test needs tmux (scripts/system-deps.sh installs it)"
    term = Terminal(f"trainertui-e2e-{os.getpid()}")
    yield term
    subprocess.run(["tmux", "-L", term.socket, "kill-server"], capture_output=True)


def test_a_workout_in_a_real_terminal(terminal: Terminal, tmp_path: Path) -> None:
    routine = tmp_path / "quick.yaml"
    routine.write_text(ROUTINE, encoding="utf-8")
    env = {
        "TRAINERTUI_CONFIG_DIR": str(tmp_path / "config"),
        "TRAINERTUI_DATA_DIR": str(tmp_path / "data"),
        "TERM": "xterm-256color",
    }
    exports = " ".join(f"{key}={value}" for key, value in env.items())
    terminal.tmux("new-session", "-d", "-s", "e2e", "-x", "80", "-y", "24",
                  f"env {exports} {TRAINERTUI} run {routine}")
    terminal.tmux("set-option", "-t", "e2e", "remain-on-exit", "on")

    screen = terminal.wait_for("WARM UP · Easy walk")
    assert "Quick test — Quick test run" in screen
    assert "Next: RUN · Stride out · 00:02" in screen

    terminal.press("Space")
    terminal.wait_for("PAUSED · press Space to resume")
    terminal.wait_for("space Resume")  # the Footer follows
    terminal.press("Space")
    terminal.wait_until_gone("PAUSED")

    terminal.press("n")
    terminal.wait_for("RUN · Stride out", timeout=3)
    terminal.wait_for("WALK", timeout=5)  # the run ends by itself after 2 s
    terminal.wait_for("COOL DOWN", timeout=5)
    screen = terminal.wait_for("Workout complete", timeout=5)
    assert "3 of 4 done, 1 skipped" in screen

    terminal.press("q")
    assert terminal.exit_status() == "0"
    assert "Traceback" not in terminal.screen()


@pytest.mark.parametrize("signame", ["TERM", "HUP"])
def test_kill_or_a_closed_terminal_ends_the_app_cleanly(terminal: Terminal, tmp_path: Path, signame: str) -> None:
    env = f"TRAINERTUI_CONFIG_DIR={tmp_path / 'config'} TRAINERTUI_DATA_DIR={tmp_path / 'data'} TERM=xterm-256color"
    terminal.tmux("new-session", "-d", "-s", "e2e", "-x", "80", "-y", "24", f"exec env {env} {TRAINERTUI}")
    terminal.tmux("set-option", "-t", "e2e", "remain-on-exit", "on")
    terminal.wait_for("Programmes")
    pid = int(terminal.tmux("display-message", "-p", "-t", "e2e", "#{pane_pid}"))
    os.kill(pid, getattr(signal, f"SIG{signame}"))
    assert terminal.exit_status() == "0"
    assert "Programmes" not in terminal.screen()  # it left the alternate screen

"""The real `trainertui run` command in a real terminal (tmux), read off the screen.

This is one of the two places the suite waits for real time (tests/ui/test_timers.py is the
other): a routine of 2-second steps has to pass for real for the app to get to its summary,
and that is what the test checks. It polls the screen rather than sleeping fixed amounts.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.realtime

TRAINERTUI = Path(sys.executable).with_name("trainertui")
ROUTINE = """\
name: Quick test
sessions:
  - id: quick
    title: Quick test run
    steps:
      - warmup: 30s  # long enough never to end by itself before the test skips it
        name: Easy walk
      - run: 2s
        name: Stride out
      - walk: 2s
      - cooldown: 2s
"""


class Terminal:
    """An 80x24 tmux pane on a private server, so the developer's own tmux is untouched.

    The program runs under a small shell that writes its exit status to a file: tmux itself
    sometimes leaves a finished child unreaped for seconds, so its own pane status is not
    something to wait on.
    """

    def __init__(self, socket: str, folder: Path) -> None:
        self.socket = socket
        self.status_file = folder / "exit-status"
        self.env = {
            "TRAINERTUI_CONFIG_DIR": str(folder / "config"),
            "TRAINERTUI_DATA_DIR": str(folder / "data"),
            "TRAINERTUI_CACHE_DIR": str(folder / "cache"),
            "ALSA_CONFIG_PATH": os.environ["ALSA_CONFIG_PATH"],  # tests/conftest.py: a null device
            "TERM": "xterm-256color",
        }

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
        return result.stdout

    def start(self, *argv: str | Path, record_status: bool = True) -> None:
        """Run argv in the pane; with record_status, under a shell that saves its exit status,
        otherwise as the pane's own process (the session leader, as a login shell would be)."""
        command = " ".join(shlex.quote(str(a)) for a in ("env", *(f"{k}={v}" for k, v in self.env.items()), *argv))
        if record_status:
            command = f"sh -c {shlex.quote(f'{command}; echo $? > {shlex.quote(str(self.status_file))}; sleep 60')}"
        else:
            command = f"exec {command}"
        # Right after the last session is killed, its tmux server is still shutting down and a
        # new session can fail to attach to it: try again for a few seconds.
        deadline = time.monotonic() + 5
        while True:
            try:
                self.tmux("new-session", "-d", "-s", "e2e", "-x", "80", "-y", "24", command)
                return
            except subprocess.CalledProcessError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def app_pid(self) -> int:
        """The pid of the trainertui process running under the pane's shell."""
        found = []
        pending = [int(self.tmux("display-message", "-p", "-t", "e2e", "#{pane_pid}"))]
        while pending:
            pid = pending.pop()
            if str(TRAINERTUI) in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0"):
                found.append(pid)
            pending += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        assert len(found) == 1, found
        return found[0]

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

    def exit_status(self, timeout: float = 5.0) -> int:
        """The program's exit status (128 + N if signal N killed it), once it has ended."""
        deadline = time.monotonic() + timeout
        while not (text := self.status_file.read_text().strip() if self.status_file.exists() else ""):
            if time.monotonic() > deadline:
                raise AssertionError(f"the program is still running after {timeout} s:\n{self.screen()}")
            time.sleep(0.05)
        return int(text)

    def title(self) -> str:
        """The pane's title, as the program set it (OSC 0/2) or restored it (CSI 23;0t)."""
        return self.tmux("display-message", "-p", "-t", "e2e", "#{pane_title}").rstrip("\n")

    def wait_for_title(self, text: str, timeout: float = 10.0) -> str:
        deadline = time.monotonic() + timeout
        while text not in (title := self.title()):
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not in the title within {timeout} s: {title!r}")
            time.sleep(0.05)
        return title

    def wait_until_gone(self, text: str, timeout: float = 5.0) -> str:
        deadline = time.monotonic() + timeout
        while text in (screen := self.screen()):
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} still on screen after {timeout} s:\n{screen}")
            time.sleep(0.05)
        return screen


def test_a_workout_in_a_real_terminal(terminal: Terminal, tmp_path: Path) -> None:
    routine = tmp_path / "quick.yaml"
    routine.write_text(ROUTINE, encoding="utf-8")
    terminal.start(TRAINERTUI, "run", routine)

    terminal.wait_for("WARM UP · Easy walk")
    terminal.wait_for("Quick test — Quick test run", timeout=5)
    terminal.wait_for("Next: RUN · Stride out · 00:02", timeout=5)

    terminal.press("Space")
    terminal.wait_for("Paused · press Space to resume")
    terminal.wait_for("space Resume")  # the Footer follows
    terminal.press("Space")
    terminal.wait_until_gone("Paused ·")

    terminal.press("n")
    terminal.wait_for("RUN · Stride out", timeout=6)
    terminal.wait_for("WALK", timeout=8)  # the run ends by itself after 2 s
    terminal.wait_for("COOL DOWN", timeout=8)
    terminal.wait_for("Workout complete", timeout=8)
    terminal.wait_for("3 of 4 done, 1 skipped", timeout=5)
    terminal.wait_for("How hard did that feel?", timeout=5)

    terminal.press("Escape")  # skip the check-in
    terminal.wait_for("Programmes")
    terminal.press("q")
    assert terminal.exit_status() == 0
    assert "Traceback" not in terminal.screen()


def test_the_window_title_follows_the_workout_and_is_given_back(terminal: Terminal, tmp_path: Path) -> None:
    """A workout in a background tmux window can be followed from its title; the shell's own
    title comes back when the workout ends (tmux keeps the xterm title stack)."""
    routine = tmp_path / "quick.yaml"
    routine.write_text(ROUTINE, encoding="utf-8")
    script = f"printf '\\033]2;my shell\\007'; exec {shlex.quote(str(TRAINERTUI))} run {shlex.quote(str(routine))}"
    terminal.start("sh", "-c", script)
    title = terminal.wait_for_title("WARM UP 00:")
    assert title.endswith(" · trainertui"), title
    terminal.press("Space")
    terminal.wait_for_title("PAUSED WARM UP")
    terminal.press("q")
    terminal.wait_for("Stop this workout?")
    terminal.press("y")
    terminal.wait_for("Stopped early")
    assert terminal.wait_for_title("my shell") == "my shell"  # given back when the workout ended
    terminal.press("Escape")
    terminal.wait_for("Programmes")
    terminal.press("q")
    assert terminal.exit_status() == 0
    assert terminal.title() == "my shell"


def test_without_a_sound_card_the_app_says_so_once_and_alsa_says_nothing(terminal: Terminal, tmp_path: Path) -> None:
    """alsa-lib writes its complaints to the terminal Textual draws on; none may get there."""
    routine = tmp_path / "quick.yaml"
    routine.write_text(ROUTINE, encoding="utf-8")
    missing_card = tmp_path / "asound-missing.conf"
    missing_card.write_text('pcm.!default { type hw card "nosuchcard" }\n')
    terminal.env["ALSA_CONFIG_PATH"] = str(missing_card)
    terminal.start(TRAINERTUI, "run", routine)

    screen = terminal.wait_for("sound off: no audio device (No such device)")
    assert screen.count("sound off") == 1
    terminal.press("n")
    screen = terminal.wait_for("Workout complete", timeout=10)
    assert "ALSA" not in screen and "Traceback" not in screen
    terminal.press("Escape")
    terminal.wait_for("Programmes")
    terminal.press("q")
    assert terminal.exit_status() == 0
    assert "ALSA" not in terminal.screen()  # nor on the screen the app leaves behind


@pytest.mark.parametrize("signame", ["TERM", "HUP"])
def test_kill_or_a_closed_terminal_ends_the_app_cleanly(terminal: Terminal, signame: str) -> None:
    terminal.start(TRAINERTUI)
    terminal.wait_for("Programmes")
    os.kill(terminal.app_pid(), getattr(signal, f"SIG{signame}"))
    assert terminal.exit_status() == 0
    assert "Programmes" not in terminal.screen()  # it left the alternate screen


def test_an_orphaned_app_leaves_instead_of_spinning(terminal: Terminal, tmp_path: Path) -> None:
    """Run under make, closing the terminal sends no SIGHUP to the app; Textual's input thread
    would then spin on the dead terminal at 100% of a core (Textualize/textual#6690)."""
    makefile = tmp_path / "Makefile"
    makefile.write_text(f"run:\n\t{TRAINERTUI}\n", encoding="utf-8")
    terminal.start("make", "-s", "-f", makefile, "run", record_status=False)
    terminal.wait_for("Programmes")
    pid = terminal.app_pid()
    terminal.tmux("kill-server")  # the terminal window closes
    deadline = time.monotonic() + 6
    while Path(f"/proc/{pid}").exists() and Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z":
        assert time.monotonic() < deadline, "the app is still running without its terminal"
        time.sleep(0.1)


KILL_ROUTINE = """\
name: Kill test
sessions:
  - id: k1
    title: Kill test run
    steps:
      - warmup: 2s
      - run: 60s
        name: Stride out
      - cooldown: 2s
"""


def test_kill_9_mid_workout_loses_nothing_and_the_next_start_offers_to_resume(
    terminal: Terminal, tmp_path: Path
) -> None:
    import sqlite3
    from datetime import UTC, datetime

    from trainertui.history import Entry, History

    routines = tmp_path / "config" / "routines"
    routines.mkdir(parents=True)
    (routines / "kill-test.yaml").write_text(KILL_ROUTINE, encoding="utf-8")
    path = tmp_path / "data" / "history.sqlite3"
    earlier = Entry(
        "kill-test",
        "Kill test",
        "k1",
        "Kill test run",
        datetime(2026, 11, 20, 7, tzinfo=UTC),
        datetime(2026, 11, 20, 7, 1, tzinfo=UTC),
        64,
        64.0,
        3,
        0,
        3,
        True,
    )
    with History.open(path) as history:
        history.record(earlier)

    terminal.start(TRAINERTUI, "run", "kill-test", "k1")
    terminal.wait_for("Step 2 of 3", timeout=8)  # the step changed: a checkpoint was written
    os.kill(terminal.app_pid(), signal.SIGKILL)
    assert terminal.exit_status() == 128 + signal.SIGKILL

    check = sqlite3.connect(path)
    assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    check.close()
    with History.open(path) as history:
        assert [(r.session_id, r.completed, r.active_s) for r in history.records()] == [("k1", True, 64.0)]
        checkpoint = history.checkpoint()
        assert checkpoint is not None and (checkpoint.session_id, checkpoint.step_index) == ("k1", 1)

    terminal.tmux("kill-session", "-t", "e2e")
    terminal.status_file.unlink()
    terminal.start(TRAINERTUI)
    terminal.wait_for("Resume Kill test run from 00:0")
    terminal.press("y")
    terminal.wait_for("Step 2 of 3")
    terminal.press("q")
    terminal.wait_for("Stop this workout?")
    terminal.press("y")
    terminal.wait_for("Stopped early")
    terminal.press("Escape")  # no check-in
    terminal.wait_for("Programmes")
    terminal.press("q")
    assert terminal.exit_status() == 0
    with History.open(path) as history:
        newest = history.records()[0]
        assert (newest.session_id, newest.completed, newest.steps_done) == ("k1", False, 1)
        assert len(history.records()) == 2 and history.checkpoint() is None

"""trainertui doctor: what works on this desktop, and why not, in a few lines."""

from __future__ import annotations

import os
import subprocess
import sys

from trainertui.cli import main

NO_BUS = "no session bus (DBUS_SESSION_BUS_ADDRESS is not set)"


def test_on_a_desktop(screensaver, logind, start_player, capsys):
    start_player("spotify")
    start_player("vlc", "vlc.instance7", status="Paused")
    start_player("playerctld")
    assert main(["doctor"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == [
        "keep-awake: org.freedesktop.ScreenSaver and logind idle:sleep",
        'music: 2 media players over MPRIS (spotify: Playing, vlc: Paused); pause_music = "off"',
    ]
    assert lines[2].startswith("sound ")
    assert lines[3] == 'cue streams: PULSE_PROP=media.role=event; PIPEWIRE_PROPS=media.role = "Notification"'
    # It tried for real, and let go.
    assert [name for name, _ in screensaver.calls() if name != "ListInhibitors"] == ["Inhibit", "UnInhibit"]
    (held,) = screensaver.mock("ListInhibitors")
    assert held == []


def test_keep_awake_switched_off_still_says_what_would_work(screensaver, isolated_dirs, capsys):
    isolated_dirs.mkdir()
    (isolated_dirs / "config.toml").write_text('[sound]\npause_music = "cues"\n[desktop]\nkeep_awake = false\n')
    assert main(["doctor"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(
        "keep-awake off: keep_awake = false in config.toml (here it would be keep-awake: org.freedesktop.ScreenSaver"
    )
    assert lines[1] == 'music: no media players on the session bus (MPRIS); pause_music = "cues"'


def test_with_no_bus_it_is_quick_and_says_why(tmp_path):
    """As over SSH: the command itself, in a fresh process, with no bus anywhere."""
    env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    done = subprocess.run(
        [sys.executable, "-m", "trainertui", "doctor"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0 and done.stderr == ""
    lines = done.stdout.splitlines()
    system = env["DBUS_SYSTEM_BUS_ADDRESS"]
    assert lines[0] == f"keep-awake off: {NO_BUS}; logind: no system bus at {system} (No such file or directory)"
    assert lines[1] == f'music: {NO_BUS}; pause_music = "off"'


def test_what_other_programs_said_cannot_reach_the_terminal(session_bus, start_player, capsys):
    """A player's status is whatever it sends: an escape sequence in it is shown, not obeyed."""
    start_player("sneaky").set_status("\x1b]0;pwned\x07Play")
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "sneaky: \\x1b]0;pwned\\x07Play" in out

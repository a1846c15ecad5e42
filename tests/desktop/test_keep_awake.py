"""Keep-awake against a fake ScreenSaver and a fake logind on private buses (see conftest.py).

The fakes keep what desktops keep: the ScreenSaver remembers which connection holds each
inhibitor and forgets it when that connection leaves the bus; logind's inhibitor is a pipe
whose write end we are handed, alive while any copy of it is open.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from trainertui.keep_awake import KeepAwake

STATUS = "keep-awake: org.freedesktop.ScreenSaver and logind idle:sleep"
MANAGER = "org.freedesktop.login1.Manager"


def screen_inhibitors(screensaver):
    (held,) = screensaver.mock("ListInhibitors")
    return [(application, reason) for _, _, application, reason in held]


def sleep_inhibitors(logind):
    (held,) = logind.bus.call(logind.name, logind.path, MANAGER, "ListInhibitors")
    return [(what, who, mode) for what, who, _, mode, _, _ in held]


def held(screensaver, logind):
    return screen_inhibitors(screensaver), sleep_inhibitors(logind)


HELD = ([("trainertui", "A workout is running")], [("idle:sleep", "trainertui", "block")])
NOTHING = ([], [])


def test_hold_release_hold_close(screensaver, logind):
    """The workout's life: run (hold), pause (release), resume (hold), quit (close)."""
    awake = KeepAwake()
    awake.hold()
    assert awake.wait()
    assert held(screensaver, logind) == HELD
    assert awake.status() == STATUS and awake.holding()
    awake.release()
    assert awake.wait()
    assert held(screensaver, logind) == NOTHING and not awake.holding()
    awake.hold()
    assert awake.wait()
    assert held(screensaver, logind) == HELD
    awake.close()
    assert awake.wait()
    assert held(screensaver, logind) == NOTHING
    calls = [(name, args) for name, args in screensaver.calls() if name != "ListInhibitors"]
    assert calls == [
        ("Inhibit", ("trainertui", "A workout is running")),
        ("UnInhibit", (1,)),
        ("Inhibit", ("trainertui", "A workout is running")),
        ("UnInhibit", (2,)),
    ]
    assert awake.last_error is None


def test_hold_twice_is_one_inhibitor_and_release_without_hold_is_nothing(screensaver, logind):
    awake = KeepAwake()
    awake.release()
    assert awake.wait()
    assert screensaver.calls() == []
    awake.hold()
    awake.hold()
    assert awake.wait()
    assert held(screensaver, logind) == HELD
    assert [name for name, _ in screensaver.calls()].count("Inhibit") == 1
    awake.release()
    awake.release()
    assert awake.wait()
    assert [name for name, _ in screensaver.calls()].count("UnInhibit") == 1
    awake.close()


def test_a_burst_of_pause_and_resume_settles_on_the_last(screensaver, logind):
    awake = KeepAwake()
    for _ in range(5):
        awake.hold()
        awake.release()
    awake.hold()
    assert awake.wait()
    assert held(screensaver, logind) == HELD
    awake.close()
    assert awake.wait()
    assert held(screensaver, logind) == NOTHING


def test_the_inhibitor_lasts_while_held(screensaver, logind):
    """Held means held: not a connection that closes (and loses it) once the call is made."""
    awake = KeepAwake()
    awake.hold()
    assert awake.wait()
    time.sleep(0.3)
    assert held(screensaver, logind) == HELD
    awake.close()


def test_switched_off_in_the_settings(screensaver, logind):
    awake = KeepAwake(enabled=False)
    awake.hold()
    assert awake.wait()
    assert screensaver.calls() == [] and sleep_inhibitors(logind) == []
    assert awake.status() == "keep-awake off: keep_awake = false in config.toml"


def test_only_the_screensaver(screensaver):
    """A desktop in a container: a session bus, no system bus (the root conftest points it nowhere)."""
    awake = KeepAwake()
    awake.hold()
    assert awake.wait()
    assert screen_inhibitors(screensaver) == HELD[0]
    assert awake.status().startswith("keep-awake: org.freedesktop.ScreenSaver (logind: no system bus at unix:path=")
    awake.close()


def test_only_logind(session_bus, logind):
    """A session bus with no screen saver on it (a bare window manager): logind still holds off sleep."""
    awake = KeepAwake()
    awake.hold()
    assert awake.wait()
    assert sleep_inhibitors(logind) == HELD[1]
    assert awake.status() == "keep-awake: logind idle:sleep (no org.freedesktop.ScreenSaver on the session bus)"
    awake.close()
    assert awake.wait()
    assert sleep_inhibitors(logind) == []


@pytest.mark.realtime
def test_no_bus_at_all_is_quiet_and_quick(capfd):
    """SSH into a server: no DBUS_SESSION_BUS_ADDRESS, no system bus socket (the root conftest)."""
    awake = KeepAwake()
    started = time.monotonic()
    awake.hold()
    assert awake.wait(2)
    awake.release()
    awake.close()
    assert awake.wait(2)
    assert time.monotonic() - started < 0.5
    assert awake.status() == (
        "keep-awake off: no session bus (DBUS_SESSION_BUS_ADDRESS is not set); "
        f"logind: no system bus at {os.environ['DBUS_SYSTEM_BUS_ADDRESS']} (No such file or directory)"
    )
    assert capfd.readouterr() == ("", "")
    assert awake.last_error is None


def test_a_dead_bus_is_quiet(tmp_path, monkeypatch, capfd):
    """The address of a bus that has gone (a tmux session outliving its desktop login)."""
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'gone'}")
    awake = KeepAwake()
    awake.hold()
    assert awake.wait(2)
    assert awake.status().startswith(f"keep-awake off: no session bus at unix:path={tmp_path / 'gone'} (No such file")
    assert capfd.readouterr() == ("", "")
    awake.close()


@pytest.mark.realtime
def test_a_bus_that_does_not_answer_costs_the_caller_nothing(session_bus, capfd):
    """A frozen dbus-daemon (SIGSTOP): connecting works, nothing answers. hold() returns at
    once; the worker gives up after its timeout and says so."""
    os.kill(session_bus.process.pid, signal.SIGSTOP)
    try:
        awake = KeepAwake(timeout_s=0.5)
        started = time.monotonic()
        awake.hold()
        returned = time.monotonic() - started
        assert awake.wait(10)
        finished = time.monotonic() - started
    finally:
        os.kill(session_bus.process.pid, signal.SIGCONT)
    assert returned < 0.2  # no timeout waited on the caller's thread (starting a thread on a loaded VM can take 50 ms)
    assert 0.4 < finished < 3
    assert "no answer from the session bus" in awake.status()
    assert capfd.readouterr() == ("", "")
    awake.close()


HOLDER = """
import subprocess, sys, time
from trainertui.keep_awake import KeepAwake
awake = KeepAwake()
awake.hold()
awake.wait()
# While held, the app starts other programs (espeak-ng, sox), here one that outlives it and
# is handed every inheritable descriptor.
child = subprocess.Popen(["sleep", "60"], close_fds=False)
print(child.pid, awake.status(), flush=True)
time.sleep(60)
"""


def test_nothing_is_left_held_after_the_holder_is_killed(screensaver, logind):
    """kill -9 of the app: no chance to release, so what it held must go with the process.

    While the holder lives, both fakes list its inhibitor, under its own bus connection. After
    SIGKILL, the ScreenSaver fake drops it because the bus announced that connection gone
    (NameOwnerChanged), as GNOME and KDE do; logind's goes because its last descriptor closed
    (the fake polls the pipe). A program the holder started, still running, must not keep
    either alive: descriptors received over D-Bus are inheritable unless we say otherwise."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER], stdout=subprocess.PIPE, text=True)
    child = None
    try:
        assert holder.stdout is not None
        pid, status = holder.stdout.readline().strip().split(" ", 1)
        child = int(pid)
        assert status == STATUS
        (listed,) = screensaver.mock("ListInhibitors")
        [(_, sender, _, _)] = listed
        assert held(screensaver, logind) == HELD
        holder.kill()
        holder.wait(5)
        deadline = time.monotonic() + 5
        while held(screensaver, logind) != NOTHING and time.monotonic() < deadline:
            time.sleep(0.02)
        assert held(screensaver, logind) == NOTHING
        assert not screensaver.bus.has_owner(sender)
        assert "UnInhibit" not in [name for name, _ in screensaver.calls()]  # nobody released it: it was dropped
        os.kill(child, 0)  # the child was still running all along
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
        if child is not None:
            os.kill(child, signal.SIGKILL)

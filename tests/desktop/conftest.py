"""Real buses for the desktop tests: a private dbus-daemon per test, and fakes served on it.

Each bus is its own ``dbus-daemon`` listening on a socket in the test's folder, with a
configuration that can start nothing by itself (no service files), so nothing on the machine
answers but what the test put there. ``DBUS_SESSION_BUS_ADDRESS`` / ``DBUS_SYSTEM_BUS_ADDRESS``
point at them, and the daemons and fakes are ended when the test ends.
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
from typing import Any

import pytest
from jeepney import DBusAddress, new_method_call
from jeepney.io.blocking import open_dbus_connection

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
MOCK_IFACE = "org.freedesktop.DBus.Mock"

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


class PrivateBus:
    """A dbus-daemon of our own; ``address`` is what DBUS_*_BUS_ADDRESS should say."""

    def __init__(self, folder: Path, name: str) -> None:
        if shutil.which("dbus-daemon") is None:
            pytest.fail("dbus-daemon is not installed (scripts/system-deps.sh ... test installs it)")
        folder.mkdir(parents=True, exist_ok=True)
        self.socket = folder / f"{name}.sock"
        config = folder / f"{name}.conf"
        config.write_text(BUS_CONFIG.format(socket=self.socket))
        with open(folder / f"{name}.log", "w") as log:  # "Failed to set fd limit" and the like
            self.process = subprocess.Popen(
                ["dbus-daemon", f"--config-file={config}", "--nofork", "--nopidfile", "--print-address=1"],
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
            )
        assert self.process.stdout is not None
        self.address = self.process.stdout.readline().strip()
        assert self.address.startswith("unix:path="), self.address

    def connect(self, enable_fds: bool = False) -> Any:
        return open_dbus_connection(self.address, enable_fds=enable_fds)

    def call(self, destination: str, path: str, interface: str, member: str, signature: str = "", *body: Any) -> Any:
        """One call from a connection of the test's own, closed after."""
        with self.connect() as conn:
            message = new_method_call(DBusAddress(path, destination, interface), member, signature or None, body)
            reply = conn.send_and_get_reply(message, timeout=5)
        assert reply.header.message_type.name == "method_return", reply.body
        return reply.body

    def has_owner(self, name: str) -> bool:
        (owned,) = self.call(
            "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "NameHasOwner", "s", name
        )
        return bool(owned)

    def wait_for_name(self, name: str, process: subprocess.Popen[bytes] | None = None, timeout_s: float = 15) -> None:
        deadline = time.monotonic() + timeout_s
        while not self.has_owner(name):
            if process is not None and process.poll() is not None:
                pytest.fail(f"the service for {name} exited with {process.returncode}")
            if time.monotonic() > deadline:
                pytest.fail(f"{name} did not appear on the bus in {timeout_s} s")
            time.sleep(0.02)

    def stop(self) -> None:
        stop_process(self.process)


def stop_process(process: subprocess.Popen[Any]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGCONT)  # a test may have stopped it
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    for stream in (process.stdout, process.stderr, process.stdin):
        if stream is not None:
            stream.close()


class MockService:
    """A python-dbusmock process serving one of tests/desktop/templates on a private bus."""

    def __init__(self, bus: PrivateBus, template: str, folder: Path, *, system: bool) -> None:
        env = dict(os.environ)
        env["DBUS_SYSTEM_BUS_ADDRESS" if system else "DBUS_SESSION_BUS_ADDRESS"] = bus.address
        module = _load_template(template)
        self.bus = bus
        self.name: str = module.BUS_NAME
        self.path: str = module.MAIN_OBJ
        self.log = folder / f"{template}.log"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "dbusmock",
                "--system" if system else "--session",
                "--template",
                str(TEMPLATES / f"{template}.py"),
                "-l",
                str(self.log),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
        )
        bus.wait_for_name(self.name, self.process)

    def mock(self, member: str, signature: str = "", *body: Any) -> Any:
        return self.bus.call(self.name, self.path, MOCK_IFACE, member, signature, *body)

    def calls(self) -> list[tuple[str, tuple[Any, ...]]]:
        """Every method called on the service so far: (name, arguments), oldest first."""
        (calls,) = self.mock("GetCalls")
        return [(name, tuple(value for _, value in args)) for _, name, args in calls]

    def stop(self) -> None:
        stop_process(self.process)


def _load_template(template: str) -> Any:
    """The template's BUS_NAME and MAIN_OBJ, read without importing dbus-python here."""
    namespace: dict[str, Any] = {}
    for line in (TEMPLATES / f"{template}.py").read_text().splitlines():
        if line.startswith(("BUS_NAME =", "MAIN_OBJ =")):
            exec(line, namespace)
    return type("Template", (), namespace)


@pytest.fixture
def session_bus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PrivateBus]:
    bus = PrivateBus(tmp_path / "buses", "session")
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus.address)
    yield bus
    bus.stop()


@pytest.fixture
def system_bus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PrivateBus]:
    bus = PrivateBus(tmp_path / "buses", "system")
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", bus.address)
    yield bus
    bus.stop()


@pytest.fixture
def screensaver(session_bus: PrivateBus, tmp_path: Path) -> Iterator[MockService]:
    service = MockService(session_bus, "screensaver", tmp_path, system=False)
    yield service
    service.stop()


@pytest.fixture
def logind(system_bus: PrivateBus, tmp_path: Path) -> Iterator[MockService]:
    service = MockService(system_bus, "logind", tmp_path, system=True)
    yield service
    service.stop()


@pytest.fixture
def no_buses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Like SSH into a server: no session bus in the environment, no system bus socket."""
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", f"unix:path={tmp_path / 'no-system-bus'}")


class FakePlayer:
    """A tests/desktop/fake_player.py process; ``calls()`` is what was called on it, in order."""

    def __init__(self, bus: PrivateBus, folder: Path, *names: str, status: str, ignore_pause: bool) -> None:
        self.bus = bus
        self.names = names
        self.log = folder / f"player-{names[0]}.log"
        self.log.touch()
        args = [sys.executable, str(HERE / "fake_player.py"), "--status", status, "--log", str(self.log)]
        args += [f"--name={name}" for name in names]
        args += ["--ignore-pause"] if ignore_pause else []
        env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=bus.address)
        self.process = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        if self.process.stdout.readline().strip() != "ready":
            pytest.fail(f"fake player {names} did not start")
        (self.unique_name,) = bus.call(
            "org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus",
            "GetNameOwner",
            "s",
            f"org.mpris.MediaPlayer2.{names[0]}",
        )

    def calls(self) -> list[str]:
        return self.log.read_text().splitlines()

    def player_calls(self) -> list[str]:
        """Only the calls that change playback (Pause, Play, PlayPause, Stop)."""
        return [c for c in self.calls() if c in ("Pause", "Play", "PlayPause", "Stop")]

    def set_status(self, status: str) -> None:
        """The person presses play or stop on the player itself."""
        self.bus.call(self.unique_name, "/org/mpris/MediaPlayer2", "org.trainertui.Test", "SetStatus", "s", status)

    def status(self) -> str:
        ((_, status),) = self.bus.call(
            self.unique_name,
            "/org/mpris/MediaPlayer2",
            "org.freedesktop.DBus.Properties",
            "Get",
            "ss",
            "org.mpris.MediaPlayer2.Player",
            "PlaybackStatus",
        )
        return str(status)

    def stop(self) -> None:
        stop_process(self.process)


@pytest.fixture
def start_player(session_bus: PrivateBus, tmp_path: Path) -> Iterator[Any]:
    """``start_player("vlc", "vlc.instance2", status="Playing", ignore_pause=False)``"""
    started: list[FakePlayer] = []

    def start(*names: str, status: str = "Playing", ignore_pause: bool = False) -> FakePlayer:
        player = FakePlayer(session_bus, tmp_path, *names, status=status, ignore_pause=ignore_pause)
        started.append(player)
        return player

    yield start
    for player in started:
        player.stop()

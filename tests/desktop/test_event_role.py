"""Cue streams are event sounds: a real PulseAudio (headless, a null sink) sees media.role=event.

The cues go the way they go on a Debian or Ubuntu desktop: simpleaudio opens ALSA's "default",
which is ALSA's pulse plugin, which talks to the sound server with libpulse. PulseAudio runs
here with no card, no D-Bus and no default script: one socket in the test's folder and a null
sink. ``pactl list sink-inputs`` shows the properties the server gave each stream.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from trainertui.audio import SimpleAudioPlayer, make_player, mark_cues_as_events
from trainertui.settings import SoundSettings
from trainertui.tones import RATE


@pytest.fixture
def pulse_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A PulseAudio of the test's own, and ALSA's default device pointed at it."""
    if shutil.which("pulseaudio") is None:
        if shutil.which("pipewire-pulse") is not None:
            pytest.skip("needs PulseAudio's daemon, which system-deps.sh does not install over pipewire-pulse")
        pytest.fail("pulseaudio is not installed (scripts/system-deps.sh ... test installs it)")
    folder = tmp_path / "pulse"
    (folder / "home").mkdir(parents=True)
    (folder / "runtime").mkdir(mode=0o700)
    socket = folder / "native"
    script = folder / "server.pa"
    script.write_text(
        f"load-module module-native-protocol-unix socket={socket} auth-anonymous=1\n"
        "load-module module-null-sink sink_name=cues\n"
        "set-default-sink cues\n"
    )
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(folder / "home"),
        "XDG_RUNTIME_DIR": str(folder / "runtime"),
        "XDG_CONFIG_HOME": str(folder / "home"),
    }
    command = ["pulseaudio", "-n", "-F", str(script), "--daemonize=no", "--exit-idle-time=-1"]
    command += ["--disable-shm=yes", "--use-pid-file=no", "--log-target=stderr", "--log-level=error"]
    with open(folder / "server.log", "w") as log:
        server = subprocess.Popen(command, env=env, stdout=log, stderr=log)
    address = f"unix:{socket}"
    try:
        deadline = time.monotonic() + 10
        while pactl(address, "info").returncode != 0:
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("PulseAudio did not start:\n" + (folder / "server.log").read_text())
            time.sleep(0.05)
        conf = tmp_path / "asound-pulse.conf"
        conf.write_text(f'pcm.!default {{ type pulse server "{address}" }}\n')
        monkeypatch.setenv("ALSA_CONFIG_PATH", str(conf))
        yield address
    finally:
        server.terminate()
        try:
            server.wait(5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def pactl(address: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, LC_ALL="C")
    return subprocess.run(["pactl", f"--server={address}", *args], capture_output=True, text=True, env=env, timeout=10)


def stream_properties(address: str) -> list[dict[str, str]]:
    """Each playing stream's properties, waiting (up to 5 s) for at least one to appear."""
    deadline = time.monotonic() + 5
    while True:
        streams: list[dict[str, str]] = []
        in_properties = False
        for line in pactl(address, "list", "sink-inputs").stdout.splitlines():
            if line.startswith("Sink Input #"):
                streams.append({})
                in_properties = False
            elif line.strip() == "Properties:":
                in_properties = True
            elif in_properties and line.startswith("\t\t") and " = " in line:
                key, value = line.strip().split(" = ", 1)
                streams[-1][key] = value.strip('"')
            else:
                in_properties = False
        if streams or time.monotonic() > deadline:
            return streams
        time.sleep(0.05)


def test_a_cue_stream_carries_the_event_role(pulse_server, monkeypatch):
    """Through the app's own door: make_player marks the streams, probes, and plays a cue."""
    monkeypatch.delenv("PULSE_PROP", raising=False)
    player = make_player(SoundSettings())
    assert isinstance(player, SimpleAudioPlayer), getattr(player, "reason", player)
    player.play_frames(bytes(2 * RATE * 3))  # three seconds of silence: long enough to be listed
    try:
        streams = stream_properties(pulse_server)
    finally:
        player.stop()
    assert streams, "no stream reached PulseAudio"
    assert [s.get("media.role") for s in streams] == ["event"] * len(streams)
    assert all(s["application.name"].startswith("ALSA plug-in") for s in streams)  # the pulse plugin's


def test_without_the_mark_a_stream_has_no_role(pulse_server, monkeypatch):
    """The control: the role above is ours, not something every stream gets."""
    monkeypatch.delenv("PULSE_PROP", raising=False)
    streams = play_and_list(pulse_server)
    assert streams and all("media.role" not in s for s in streams)


def play_and_list(address: str) -> list[dict[str, str]]:
    import simpleaudio

    playing = simpleaudio.play_buffer(bytes(2 * RATE * 3), 1, 2, RATE)
    try:
        return stream_properties(address)
    finally:
        playing.stop()


def test_the_persons_own_properties_stay_and_ours_are_added(pulse_server, monkeypatch):
    monkeypatch.setenv("PULSE_PROP", "media.software='my coach'")
    mark_cues_as_events()
    streams = play_and_list(pulse_server)
    assert streams
    assert all((s.get("media.software"), s.get("media.role")) == ("my coach", "event") for s in streams)


def test_a_role_the_person_chose_wins(pulse_server, monkeypatch):
    monkeypatch.setenv("PULSE_PROP", "media.role=music")
    mark_cues_as_events()
    streams = play_and_list(pulse_server)
    assert streams and all(s.get("media.role") == "music" for s in streams)

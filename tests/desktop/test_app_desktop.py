"""The app and the desktop: the laptop kept awake exactly while a workout runs, and music that
makes way, against a fake ScreenSaver, a fake logind and fake MPRIS players on private buses
(conftest.py). The workout is driven by a FakeClock; only the D-Bus replies take real time,
and they are polled for, never slept on."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_keep_awake import HELD, NOTHING, held

import trainertui
from helpers import RecordingPlayer
from trainertui.catalogue import Catalogue
from trainertui.clock import FakeClock
from trainertui.keep_awake import KeepAwake
from trainertui.model import Cue, Programme, Session, Step
from trainertui.music import MediaPlayers
from trainertui.ui.app import TrainerApp
from trainertui.ui.screens.summary import SummaryScreen
from trainertui.ui.screens.workout import WorkoutScreen
from trainertui.workout import Resume
from trainertui.workout_desktop import WorkoutDesktop

PROGRAMME = Programme(
    id="desk",
    name="Desk test",
    sessions=(
        Session(
            id="d1",
            title="Run and rest",
            steps=(
                Step(kind="run", name="Run", duration_s=60),
                Step(kind="rest", name="Rest", duration_s=60),
                Step(kind="run", name="Run again", duration_s=60),
                Step(kind="rest", name="Rest again", duration_s=60),
                Step(kind="run", name="Last run", duration_s=60),
            ),
        ),
    ),
)


class SpeakingPlayer(RecordingPlayer):
    """Says each cue's words take WORDS_S, as SimpleAudioPlayer.spoken_s would from the clip."""

    WORDS_S = 0.2

    def spoken_s(self, cue: Cue) -> float:
        return 0.0 if cue.kind == "countdown" else self.WORDS_S


def until(condition, timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("not within the time")
        time.sleep(0.02)


async def settles(pilot, condition, timeout_s: float = 10.0) -> None:
    """``until``, letting the app run meanwhile (its own real-time timers bring the music back)."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("not within the time")
        await pilot.pause(0.02)


def make_app(desktop: WorkoutDesktop, clock: FakeClock, player: RecordingPlayer | None = None) -> TrainerApp:
    return TrainerApp(
        Catalogue([PROGRAMME]),
        clock=clock,
        player=player or RecordingPlayer(),
        tick_s=None,
        start=(PROGRAMME, PROGRAMME.sessions[0]),
        desktop=desktop,
    )


async def moved(pilot, clock: FakeClock, seconds: float) -> None:
    clock.advance(seconds)
    pilot.app.screen.sync()
    await pilot.pause()


async def test_awake_while_running_not_while_paused_finished_or_gone(screensaver, logind):
    clock = FakeClock()
    awake = KeepAwake()
    app = make_app(WorkoutDesktop(keep_awake=awake), clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen)
        until(lambda: held(screensaver, logind) == HELD)  # running: inhibited
        await pilot.press("space")
        until(lambda: held(screensaver, logind) == NOTHING)  # paused: released
        await pilot.press("space")
        until(lambda: held(screensaver, logind) == HELD)  # resumed: inhibited again
        await moved(pilot, clock, 400)
        assert isinstance(app.screen, SummaryScreen)
        until(lambda: held(screensaver, logind) == NOTHING)  # finished
        # Another one, left with q: released by the stop, then closed on the way out.
        app.start_workout(PROGRAMME, PROGRAMME.sessions[0])
        await pilot.pause()
        until(lambda: held(screensaver, logind) == HELD)
        await pilot.press("q")
        until(lambda: held(screensaver, logind) == NOTHING)  # the stop question pauses it
        await pilot.press("y")
    until(lambda: held(screensaver, logind) == NOTHING)
    inhibits = [name for name, _ in screensaver.calls() if name in ("Inhibit", "UnInhibit")]
    assert inhibits == ["Inhibit", "UnInhibit"] * 3  # run, pause; resume, finish; run, stop
    assert awake.last_error is None


async def test_keep_awake_off_in_the_settings_asks_nothing(screensaver, logind):
    clock = FakeClock()
    app = make_app(WorkoutDesktop(keep_awake=KeepAwake(enabled=False)), clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        await moved(pilot, clock, 30)
    assert [name for name, _ in screensaver.calls() if name == "Inhibit"] == []


@pytest.fixture
def players(start_player):
    return {
        "playing": start_player("spotify"),
        "paused": start_player("rhythmbox", status="Paused"),
        "stubborn": start_player("chromium.instance42", ignore_pause=True),
    }


async def test_music_makes_way_for_each_spoken_cue_and_only_what_played_comes_back(players):
    clock = FakeClock()
    music = MediaPlayers()
    app = make_app(WorkoutDesktop(music=music, pause_music="cues"), clock, SpeakingPlayer())
    async with app.run_test() as pilot:
        # The first cue ("Run now") pauses what plays, and a moment after its words (a
        # real-time timer: sound plays in real time) the music plays again.
        await settles(pilot, lambda: players["playing"].player_calls() == ["Pause", "Play"])
        assert players["playing"].status() == "Playing"
        await moved(pilot, clock, 60)  # the rest's cue
        await settles(pilot, lambda: players["playing"].player_calls() == ["Pause", "Play"] * 2)
        await pilot.press("q", "y")
    music.wait()
    assert players["paused"].player_calls() == []  # the person had paused it: left alone
    assert players["stubborn"].player_calls() == ["Pause", "Pause"]  # went on playing: never a stray Play


async def test_with_rests_the_music_pauses_for_the_whole_rest(players):
    clock = FakeClock()
    app = make_app(WorkoutDesktop(music=MediaPlayers(), pause_music="rests"), clock, SpeakingPlayer())
    async with app.run_test() as pilot:
        await pilot.pause()
        await moved(pilot, clock, 30)
        assert players["playing"].player_calls() == []  # running, cues speaking: the music plays on
        await moved(pilot, clock, 40)  # 70 s: into the rest
        await settles(pilot, lambda: players["playing"].status() == "Paused")
        await moved(pilot, clock, 40)  # 110 s: still resting
        assert players["playing"].player_calls() == ["Pause"]
        await moved(pilot, clock, 20)  # 130 s: running again
        await settles(pilot, lambda: players["playing"].player_calls() == ["Pause", "Play"])
        await moved(pilot, clock, 60)  # 190 s: the second rest
        await settles(pilot, lambda: players["playing"].status() == "Paused")
        await pilot.press("space")  # paused inside the rest: the music comes back too
        await settles(pilot, lambda: players["playing"].player_calls() == ["Pause", "Play"] * 2)


async def test_the_u_key_changes_when_music_makes_way_and_says_so(players):
    clock = FakeClock()
    desktop = WorkoutDesktop(music=MediaPlayers(), pause_music="off")
    app = make_app(desktop, clock, SpeakingPlayer())
    async with app.run_test(notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("u")
        assert desktop.pause_music == "cues"
        assert app._notifications and list(app._notifications)[-1].message == "Music: paused while a cue speaks"
        await pilot.press("u", "u")
        assert desktop.pause_music == "off"
    assert players["playing"].player_calls() == []  # "off": never touched


async def test_leaving_the_app_mid_workout_lets_go_itself(screensaver, logind):
    """The way out that SIGTERM, a hang-up and Ctrl+C from outside take (``_leave``: exit
    without the stop question): the inhibitor is given back with UnInhibit, not just dropped
    with the connection."""
    clock = FakeClock()
    awake = KeepAwake()
    app = make_app(WorkoutDesktop(keep_awake=awake), clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        until(lambda: held(screensaver, logind) == HELD)
        assert app.screen.running
        app.exit()
    assert awake.wait()
    until(lambda: held(screensaver, logind) == NOTHING)
    assert [name for name, _ in screensaver.calls() if name in ("Inhibit", "UnInhibit")] == ["Inhibit", "UnInhibit"]


async def test_a_resumed_workout_holds_nothing_until_space(screensaver, logind):
    """An interrupted workout carried on starts paused (or waiting for Space): not running yet,
    so the desktop is not asked to stay awake until it is."""
    clock = FakeClock()
    app = make_app(WorkoutDesktop(keep_awake=KeepAwake()), clock)
    app._start = None
    resume = Resume(step=1, into_s=20, active_s=80, started_wall=time.time() - 120, steps_done=1, steps_skipped=0)
    async with app.run_test() as pilot:
        await pilot.pause()
        app.start_workout(PROGRAMME, PROGRAMME.sessions[0], resume=resume)
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen) and not app.screen.running
        app.desktop.settle(5)
        assert held(screensaver, logind) == NOTHING
        await pilot.press("space")
        until(lambda: held(screensaver, logind) == HELD)


class FinishSpeaksLong(RecordingPlayer):
    """Only the finish speaks, for longer than the test waits: whatever gives the music back
    before the app leaves does so too early."""

    def spoken_s(self, cue: Cue) -> float:
        return 30.0 if cue.kind == "finish" else 0.0


async def test_the_music_stays_paused_while_the_finish_is_spoken(players):
    clock = FakeClock()
    music = MediaPlayers()
    app = make_app(WorkoutDesktop(music=music, pause_music="cues"), clock, FinishSpeaksLong())
    async with app.run_test() as pilot:
        await pilot.pause()
        await moved(pilot, clock, 400)
        assert isinstance(app.screen, SummaryScreen)
        await settles(pilot, lambda: players["playing"].status() == "Paused")
        await pilot.pause(0.8)  # longer than one round of calls to the players
        music.wait()
        assert players["playing"].player_calls() == ["Pause"]  # "Well done" is still speaking
    music.wait()
    assert players["playing"].player_calls() == ["Pause", "Play"]  # the app left: given back
    assert players["stubborn"].player_calls() == ["Pause"]
    assert players["paused"].player_calls() == []


async def test_the_u_key_is_saved_and_listed_in_the_help(players):
    from helpers import screen_text
    from trainertui.paths import config_file
    from trainertui.settings import load_settings

    desktop = WorkoutDesktop(music=MediaPlayers(), pause_music="off")
    app = TrainerApp(
        Catalogue([PROGRAMME]),
        clock=FakeClock(),
        player=SpeakingPlayer(),
        tick_s=None,
        start=(PROGRAMME, PROGRAMME.sessions[0]),
        desktop=desktop,
        remember=True,
    )
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("u", "u")
        assert load_settings(config_file()).sound.pause_music == "rests"
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        assert "Music makes way" in text and " u " in text


async def test_no_session_bus_runs_a_workout_and_says_nothing(no_buses, capfd):
    clock = FakeClock()
    desktop = WorkoutDesktop(KeepAwake(), MediaPlayers(), "cues")
    app = make_app(desktop, clock, SpeakingPlayer())
    async with app.run_test(notifications=True) as pilot:
        await pilot.pause()
        await moved(pilot, clock, 400)
        assert isinstance(app.screen, SummaryScreen)
        assert not app._notifications
    desktop.keep_awake.wait()
    desktop.music.wait()
    assert capfd.readouterr() == ("", "")
    assert desktop.keep_awake.last_error is None and desktop.music.last_error is None


ROUTINE = """\
name: Kill test
sessions:
  - id: k1
    title: Kill test run
    steps:
      - run: 10m
"""


#: The installed command, run on the code under test (a worktree's src, not the editable
#: install's), which PYTHONPATH puts first.
TRAINERTUI = Path(sys.executable).with_name("trainertui")
SRC = Path(trainertui.__file__).resolve().parents[1]


def command_env(tmp_path: Path) -> dict[str, str]:
    if shutil.which("tmux") is None:
        pytest.fail("tmux is not installed (scripts/system-deps.sh ... test installs it)")
    return {
        "PYTHONPATH": str(SRC),
        "TRAINERTUI_CONFIG_DIR": str(tmp_path / "config"),
        "TRAINERTUI_DATA_DIR": str(tmp_path / "data"),
        "TRAINERTUI_CACHE_DIR": str(tmp_path / "cache"),
        "ALSA_CONFIG_PATH": os.environ["ALSA_CONFIG_PATH"],
        "DBUS_SESSION_BUS_ADDRESS": os.environ["DBUS_SESSION_BUS_ADDRESS"],
        "DBUS_SYSTEM_BUS_ADDRESS": os.environ["DBUS_SYSTEM_BUS_ADDRESS"],
        "TERM": "xterm-256color",
    }


def pane_pid(tmux: list[str]) -> int:
    command = [*tmux, "display", "-p", "-t", "k", "#{pane_pid}"]
    shown = subprocess.run(command, capture_output=True, text=True, check=True)
    return int(shown.stdout)


def process_state(pid: int) -> str:
    """R, S, T (stopped) ...: the field after the name in /proc/PID/stat."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


@pytest.mark.realtime
def test_killed_mid_workout_the_real_command_leaves_nothing_held(screensaver, logind, tmp_path):
    """The real `trainertui run` in a real terminal (tmux), on the test's buses: it inhibits
    while the run runs, and after kill -9 nothing stays held (the bus drops a dead connection's
    inhibitors; logind's pipe closes with the process)."""
    routine = tmp_path / "kill.yaml"
    routine.write_text(ROUTINE)
    env = command_env(tmp_path)
    command = "exec env " + " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items()) + f" {TRAINERTUI} run {routine}"
    tmux = ["tmux", "-L", f"desk{os.getpid()}", "-f", "/dev/null"]
    subprocess.run([*tmux, "new-session", "-d", "-s", "k", "-x", "80", "-y", "24", command], check=True, timeout=10)
    try:
        pid = pane_pid(tmux)
        until(lambda: held(screensaver, logind) == HELD, timeout_s=20)
        os.kill(pid, signal.SIGKILL)
        until(lambda: held(screensaver, logind) == NOTHING)
        assert "UnInhibit" not in [name for name, _ in screensaver.calls()]  # dropped with it, not released
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)


@pytest.mark.realtime
def test_ctrl_z_lets_go_before_the_process_stops(screensaver, logind, tmp_path):
    """The real command under an interactive shell in tmux: Ctrl+Z pauses the workout and stops
    the process, and the inhibitor is given back before it stops (a stopped process cannot
    answer, and its connection stays open: it would keep the laptop awake until fg). After fg
    the workout is paused, so nothing is held until Space."""
    routine = tmp_path / "suspend.yaml"
    routine.write_text(ROUTINE)
    env = command_env(tmp_path)
    shell = "exec env -i " + " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    shell += f" PATH={shlex.quote(os.environ['PATH'])} PS1='$ ' bash --norc --noprofile -i"
    tmux = ["tmux", "-L", f"desk{os.getpid()}", "-f", "/dev/null"]
    subprocess.run([*tmux, "new-session", "-d", "-s", "k", "-x", "80", "-y", "24", shell], check=True, timeout=10)
    try:
        bash = pane_pid(tmux)
        subprocess.run([*tmux, "send-keys", "-t", "k", f"{TRAINERTUI} run {routine}", "Enter"], check=True)
        until(lambda: held(screensaver, logind) == HELD, timeout_s=20)
        children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(bash)], capture_output=True, text=True).stdout
        (app,) = (int(pid) for pid in children.split())
        subprocess.run([*tmux, "send-keys", "-t", "k", "C-z"], check=True)
        until(lambda: process_state(app) == "T")
        assert held(screensaver, logind) == NOTHING  # let go before it stopped, not after
        assert [name for name, _ in screensaver.calls() if name in ("Inhibit", "UnInhibit")] == ["Inhibit", "UnInhibit"]
        subprocess.run([*tmux, "send-keys", "-t", "k", "fg", "Enter"], check=True)
        until(lambda: process_state(app) != "T")
        time.sleep(1.0)  # back, paused: nothing is asked for
        assert held(screensaver, logind) == NOTHING
        subprocess.run([*tmux, "send-keys", "-t", "k", "Space"], check=True)
        until(lambda: held(screensaver, logind) == HELD)  # Space: running again, held again
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)

"""Music makes way: MPRIS players faked with jeepney on a private session bus (conftest.py)."""

from __future__ import annotations

import os
import signal
import time

import pytest

from trainertui.music import MediaPlayers, visible_players


@pytest.fixture
def desktop(start_player):
    """One playing, one the person paused, one that ignores Pause, one player with two names
    (VLC's way), and playerctld, the proxy, saying Playing as the player it follows does."""
    return {
        "playing": start_player("spotify"),
        "paused": start_player("rhythmbox", status="Paused"),
        "stubborn": start_player("chromium.instance42", ignore_pause=True),
        "two_names": start_player("vlc", "vlc.instance7", status="Playing"),
        "playerctld": start_player("playerctld"),
    }


def test_only_the_playing_players_are_paused_and_then_resumed(desktop):
    music = MediaPlayers()
    paused = music.pause_playing()
    assert paused.wait()
    # Asked to pause: every player that said Playing (the stubborn one too), once each.
    assert sorted(p.name for p in paused.players) == ["chromium.instance42", "spotify", "vlc"]
    assert desktop["playing"].status() == "Paused" and desktop["two_names"].status() == "Paused"
    assert desktop["stubborn"].status() == "Playing"
    paused.resume()
    assert music.wait()
    assert desktop["playing"].status() == "Playing" and desktop["two_names"].status() == "Playing"
    assert desktop["playing"].player_calls() == ["Pause", "Play"]
    assert desktop["two_names"].player_calls() == ["Pause", "Play"]  # one call each, not one per name
    assert sorted(p.name for p in paused.resumed) == ["spotify", "vlc"]  # not the one still playing
    music.close()
    assert music.last_error is None


def test_a_player_that_ignores_pause_never_gets_a_stray_play(desktop):
    music = MediaPlayers()
    paused = music.pause_playing()
    paused.resume()
    assert music.wait()
    # It was asked to pause (it said Playing), went on playing, and was never told to play.
    assert desktop["stubborn"].player_calls() == ["Pause"]
    assert desktop["stubborn"].status() == "Playing"
    music.close()


def test_the_paused_player_and_the_proxy_are_left_alone(desktop):
    music = MediaPlayers()
    music.pause_playing().resume()
    assert music.wait()
    assert desktop["paused"].player_calls() == []
    assert desktop["paused"].status() == "Paused"
    assert desktop["playerctld"].calls() == []  # not even asked its status
    music.close()


def test_a_player_the_person_restarted_or_stopped_meanwhile_is_not_touched(start_player):
    restarted = start_player("spotify")
    stopped = start_player("mpv")
    music = MediaPlayers()
    paused = music.pause_playing()
    assert paused.wait() and len(paused.players) == 2
    restarted.set_status("Playing")  # the person pressed play during the cue
    stopped.set_status("Stopped")
    paused.resume()
    assert music.wait()
    assert restarted.player_calls() == ["Pause"] and stopped.player_calls() == ["Pause"]
    assert paused.resumed == ()
    music.close()


def test_resume_twice_plays_once(start_player):
    player = start_player("spotify")
    music = MediaPlayers()
    paused = music.pause_playing()
    paused.resume()
    paused.resume()
    assert music.wait()
    assert player.player_calls() == ["Pause", "Play"]
    music.close()


@pytest.mark.realtime
def test_a_hung_player_does_not_hold_up_the_others(start_player):
    """A player frozen mid-song (SIGSTOP): its name is on the bus, nothing answers. The others
    are paused and resumed all the same, and the hung one costs one timeout per step."""
    hung = start_player("frozen")
    playing = start_player("spotify")
    os.kill(hung.process.pid, signal.SIGSTOP)
    try:
        music = MediaPlayers(timeout_s=0.5)
        started = time.monotonic()
        paused = music.pause_playing()
        returned = time.monotonic() - started
        assert paused.wait(10)
        pause_took = time.monotonic() - started
        assert [p.name for p in paused.players] == ["spotify"]
        paused.resume()
        assert music.wait(10)
        assert playing.player_calls() == ["Pause", "Play"]
    finally:
        os.kill(hung.process.pid, signal.SIGCONT)
    assert returned < 0.2  # no timeout waited on the caller's thread (starting a thread on a loaded VM can take 50 ms)
    assert pause_took < 0.5 + 1.5  # one timeout for the status round, plus slack for a loaded machine
    music.close()


@pytest.mark.realtime
def test_no_session_bus_does_nothing_quietly(capfd):
    music = MediaPlayers()
    started = time.monotonic()
    paused = music.pause_playing()
    assert paused.wait(2)
    paused.resume()
    assert music.wait(2)
    assert time.monotonic() - started < 0.5
    assert paused.players == ()
    assert music.problem == "no session bus (DBUS_SESSION_BUS_ADDRESS is not set)"
    assert capfd.readouterr() == ("", "")
    music.close()


def test_doctor_sees_the_players_once_each(desktop):
    players, problem = visible_players()
    assert problem is None
    assert sorted((p.name, p.status) for p in players) == [
        ("chromium.instance42", "Playing"),
        ("rhythmbox", "Paused"),
        ("spotify", "Playing"),
        ("vlc", "Playing"),
    ]


def test_doctor_with_no_bus():
    assert visible_players() == ([], "no session bus (DBUS_SESSION_BUS_ADDRESS is not set)")

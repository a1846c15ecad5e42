"""A workout through the whole app with real simpleaudio: what reached the device, in order."""

from __future__ import annotations

from audio_helpers import seconds, tone, words
from helpers import programme_of, screen_text, session_of
from trainertui.audio import NullPlayer, SimpleAudioPlayer, make_player
from trainertui.catalogue import Catalogue
from trainertui.settings import SoundSettings
from trainertui.ui.app import TrainerApp
from trainertui.ui.screens.summary import SummaryScreen
from trainertui.ui.screens.workout import WorkoutScreen

PROGRAMME = programme_of(session_of(("walk", 5), ("run", 5)))


async def run_through(app: TrainerApp, clock, seconds_: float, step: float = 0.05) -> None:
    """Move the FakeClock in small steps, letting the screen fire what fell due at each."""
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()  # the session's sounds are read in a worker
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen)
        for _ in range(round(seconds_ / step)):
            clock.advance(step)
            if isinstance(app.screen, WorkoutScreen):
                app.screen.sync()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        app.last_screen_text = screen_text(app)


async def test_the_device_hears_every_clip_in_order_with_words_ending_on_each_change(alsa_capture, clock):
    player = make_player(SoundSettings(volume=100))
    assert isinstance(player, SimpleAudioPlayer)
    app = TrainerApp(
        Catalogue([PROGRAMME]), clock=clock, player=player, tick_s=None, start=(PROGRAMME, PROGRAMME.sessions[0])
    )
    await run_through(app, clock, 11)
    player.wait()

    # The schedule, worked out here from the clips' lengths: a change's words start early by
    # their own length, so the tone after them falls on the change.
    run_now = words("run-now") + tone("run")
    finish = words("workout-complete-well-done") + tone("finish")
    expected = sorted(
        [
            (0.0, words("walk-now") + tone("walk")),  # the first step: nothing to run ahead of
            (2.0, tone("tick")),
            (3.0, tone("tick")),
            (4.0, tone("tick")),
            (5.0 - seconds(words("run-now")), run_now),
            (7.0, tone("tick")),
            (8.0, tone("tick")),
            (9.0, tone("tick")),
            (10.0 - seconds(words("workout-complete-well-done")), finish),
        ],
        key=lambda event: event[0],
    )
    probe, *heard = alsa_capture()
    assert len(heard) == len(expected)
    assert heard == [sound for _, sound in expected]  # byte for byte, in order


async def test_muted_nothing_reaches_the_device(alsa_capture, clock):
    player = make_player(SoundSettings(volume=100))
    app = TrainerApp(
        Catalogue([PROGRAMME]),
        clock=clock,
        player=player,
        tick_s=None,
        start=(PROGRAMME, PROGRAMME.sessions[0]),
        muted=True,
    )
    await run_through(app, clock, 11)
    player.wait()
    assert len(alsa_capture()) == 1  # the device check alone


async def test_no_device_the_app_says_so_and_the_workout_completes(no_device, clock, capfd):
    player = make_player(SoundSettings())
    assert isinstance(player, NullPlayer)
    app = TrainerApp(
        Catalogue([PROGRAMME]), clock=clock, player=player, tick_s=None, start=(PROGRAMME, PROGRAMME.sessions[0])
    )
    async with app.run_test() as pilot:
        await pilot.pause()
        assert "sound off: no audio device (No such device)" in screen_text(app)
        for _ in range(11):
            clock.advance(1)
            if isinstance(app.screen, WorkoutScreen):
                app.screen.sync()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "Workout complete" in screen_text(app)
    assert "ALSA" not in capfd.readouterr().err


async def test_a_device_that_goes_away_mid_workout_turns_sound_off_and_the_workout_goes_on(
    alsa_capture, tmp_path, monkeypatch, clock, capfd
):
    """Real simpleaudio: the device works for the first cue, then ALSA's config loses it (as
    when a USB headset is pulled out); alsa-lib reads the changed config on the next open."""
    player = make_player(SoundSettings(volume=100))
    assert isinstance(player, SimpleAudioPlayer)
    app = TrainerApp(
        Catalogue([PROGRAMME]), clock=clock, player=player, tick_s=None, start=(PROGRAMME, PROGRAMME.sessions[0])
    )
    async with app.run_test(notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        player.wait()
        assert len(alsa_capture()) == 2  # the device check and "Walk now"
        gone = tmp_path / "asound-gone.conf"
        gone.write_text('pcm.!default { type hw card "unplugged" }\n')
        monkeypatch.setenv("ALSA_CONFIG_PATH", str(gone))
        for _ in range(11):
            clock.advance(1)
            if isinstance(app.screen, WorkoutScreen):
                app.screen.sync()
        await pilot.pause()
        assert isinstance(app.player, NullPlayer)
        assert [n.message for n in app._notifications][-1] == "Sound off: no audio device (No such device)"
        assert isinstance(app.screen, SummaryScreen)
        assert "Workout complete" in screen_text(app)
    assert "ALSA" not in capfd.readouterr().err

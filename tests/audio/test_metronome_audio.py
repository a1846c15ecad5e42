"""The stride metronome through the whole app with real simpleaudio: the clicks that reached the
device, found by their onsets in the captured streams, fall on the step's beat grid."""

from __future__ import annotations

from audio_helpers import onsets, tone, words
from helpers import screen_text
from trainertui.audio import SimpleAudioPlayer, make_player
from trainertui.catalogue import Catalogue
from trainertui.metronome import PREROLL_S, beat_sample, click_frames
from trainertui.model import Programme, Session, Step
from trainertui.settings import SoundSettings
from trainertui.timeline import compile_session
from trainertui.tones import RATE
from trainertui.ui.app import TrainerApp
from trainertui.ui.screens.summary import SummaryScreen
from trainertui.ui.screens.workout import WorkoutScreen

SESSION = Session("s1", "Strides", (Step("walk", "Walk", 2), Step("run", "Run", 6, cadence=150)))
PROGRAMME = Programme(id="strides", name="Strides", sessions=(SESSION,))


async def test_the_clicks_reach_the_device_on_the_beat_and_the_cues_over_them_whole(alsa_capture, clock):
    player = make_player(SoundSettings(volume=100))
    assert isinstance(player, SimpleAudioPlayer)
    app = TrainerApp(Catalogue([PROGRAMME]), clock=clock, player=player, tick_s=None, start=(PROGRAMME, SESSION))
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()  # the sounds are read, and the device probed, in a worker
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen)
        for step in range(round(9 / 0.05)):
            clock.advance(0.05)
            if isinstance(app.screen, WorkoutScreen):
                app.screen.sync()
            if step == round(7.5 / 0.05):
                # The second click track began at 6.35 s (4.35 s into the run); the run ends at
                # 8 s by the test's clock, and stopping the track then would cut what the device
                # is still playing in real time. Let it play out (it ends at the step's end).
                player.wait()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "Workout complete" in screen_text(app)
    player.wait()
    assert player.shares is True  # ALSA's file plugin over null opens a second stream at once

    click = click_frames(SoundSettings(volume=100).click_volume)
    streams = alsa_capture()[3:]  # the device check, then the two streams of the sharing probe
    tracks = [s for s in streams if click in s]
    cues = [s for s in streams if click not in s]
    # The cues are whole, byte for byte, in streams of their own.
    assert words("walk-now") + tone("walk") in cues
    assert words("run-now") + tone("run") in cues
    assert words("workout-complete-well-done") + tone("finish") in cues
    assert cues.count(tone("tick")) == sum(c.kind == "countdown" for c in compile_session(SESSION).cues) > 0
    # Two click tracks: 0-4.35 s of the run (whole beats to the silence before 4.4 s), and the
    # rest, started by the redraw at 4.35 s (tests have no timers; the app's track timer does it).
    assert len(tracks) == 2
    first, second = (onsets(t) for t in tracks)
    (lag,) = onsets(click)  # where the click itself crosses the threshold: its attack
    assert first == [beat_sample(k, 150) + lag for k in range(11)]
    start = beat_sample(11, 150) - round(PREROLL_S * RATE)
    assert abs(second[0] - lag - (beat_sample(11, 150) - start)) <= 1
    assert [x - second[0] for x in second] == [beat_sample(k, 150) - beat_sample(11, 150) for k in range(11, 15)]
    assert len(tracks[1]) // 2 <= 6 * RATE - start + 1  # nothing past the step's end

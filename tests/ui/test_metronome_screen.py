"""The stride metronome on the workout screen: the c key, what the banner says, pausing and
skipping, and the choice kept for the programme. The player records what it was asked."""

from __future__ import annotations

import pytest
from msgspec.structs import replace
from textual.widgets import Static

from helpers import RecordingPlayer
from trainertui.catalogue import Catalogue
from trainertui.metronome import ClickTrack, beat_sample
from trainertui.model import Programme, Session, Step
from trainertui.settings import load_settings
from trainertui.tones import RATE
from trainertui.ui.screens.workout import WorkoutScreen

SESSION = Session(
    "s1",
    "Strides",
    (Step("walk", "Walk", 5), Step("run", "Stride", 20, cadence=150), Step("walk", "Walk", 10)),
)
PROGRAMME = Programme(id="strides", name="Strides", sessions=(SESSION,))


class ClickPlayer(RecordingPlayer):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, ClickTrack | None]] = []

    def stop(self) -> None:
        super().stop()
        self.calls.append(("stop", None))

    def play_clicks(self, track: ClickTrack) -> None:
        self.calls.append(("clicks", track))

    def stop_clicks(self) -> None:
        self.calls.append(("stop_clicks", None))

    def take(self) -> list[tuple[str, ClickTrack | None]]:
        calls, self.calls = self.calls, []
        return calls


@pytest.fixture
def player() -> ClickPlayer:
    return ClickPlayer()


def banner(app) -> str:
    return str(app.screen.query_one("#banner", Static).render())


async def at(pilot, clock, seconds: float) -> None:
    clock.advance(seconds)
    pilot.app.screen.sync()
    await pilot.pause()


async def test_clicks_play_in_the_step_with_a_cadence_and_the_banner_says_so(make_app, player, clock):
    app = make_app(Catalogue([PROGRAMME]), start=(PROGRAMME, SESSION))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen)
        assert "spm" not in banner(app) and "clicks" not in banner(app)  # the walk has no beat
        assert [call for call, _ in player.take()] == []
        await at(pilot, clock, 5.0)
        assert banner(app).endswith("· ♩ 150 spm")
        ((call, track),) = player.take()
        assert call == "clicks" and track is not None
        assert (track.cadence, track.start, track.beats[:3]) == (150, 0, (0, beat_sample(1, 150), beat_sample(2, 150)))
        await at(pilot, clock, 1.0)  # a redraw mid-track changes nothing
        assert player.take() == []
        await at(pilot, clock, 3.0)  # 4.0 s: the first track holds whole beats, to 4.35 s
        assert player.take() == []
        await at(pilot, clock, 0.5)  # past its end: the next one, on the same grid
        ((call, track),) = player.take()
        assert call == "clicks" and track is not None
        assert track.start == round(4.5 * RATE) and track.beats[0] == beat_sample(12, 150) - track.start
        await at(pilot, clock, 16.0)  # into the last walk
        assert player.take() == [("stop_clicks", None)]
        assert "spm" not in banner(app)


async def test_pause_stops_the_clicks_at_once_and_resume_carries_on_the_grid(make_app, player, clock):
    app = make_app(Catalogue([PROGRAMME]), start=(PROGRAMME, SESSION))
    async with app.run_test() as pilot:
        await pilot.pause()
        await at(pilot, clock, 6.3)
        player.take()
        await pilot.press("space")
        calls = player.take()
        assert ("stop", None) in calls and not any(call == "clicks" for call, _ in calls)
        await at(pilot, clock, 30.0)  # paused half a minute: silence
        assert player.take() == []
        await pilot.press("space")
        ((call, track),) = player.take()
        assert call == "clicks" and track is not None
        assert track.start == round(1.3 * RATE)  # 1.3 s into the stride
        assert track.beats[0] == beat_sample(4, 150) - round(1.3 * RATE)  # its 1.6 s beat


async def test_skip_and_back_stop_or_restart_the_clicks(make_app, player, clock):
    app = make_app(Catalogue([PROGRAMME]), start=(PROGRAMME, SESSION))
    async with app.run_test() as pilot:
        await pilot.pause()
        await at(pilot, clock, 9.0)
        player.take()
        await pilot.press("left")  # 4 s in: the stride again, from its start
        ((call, track),) = player.take()
        assert call == "clicks" and track is not None and track.start == 0
        await pilot.press("n")  # to a walk: no beat
        assert player.take() == [("stop_clicks", None)]


async def test_c_switches_the_clicks_and_the_choice_is_kept_for_the_programme(make_app, player, clock):
    app = make_app(Catalogue([PROGRAMME]), start=(PROGRAMME, SESSION), remember=True)
    async with app.run_test() as pilot:
        await pilot.pause()
        await at(pilot, clock, 5.5)
        player.take()
        await pilot.press("c")
        await pilot.pause()
        assert player.take() == [("stop_clicks", None)]
        assert banner(app).endswith("· clicks off")
        assert app.metronome_choices == {"strides": False}
        assert load_settings().programme("strides").metronome is False
        await pilot.press("c")
        await pilot.pause()
        ((call, track),) = player.take()
        assert call == "clicks" and track is not None and track.start == round(0.5 * RATE)
        assert banner(app).endswith("· ♩ 150 spm")
        assert load_settings().programme("strides").metronome is True


async def test_a_programme_that_starts_without_clicks_and_a_remembered_choice(make_app, player, clock):
    quiet = replace(PROGRAMME, metronome=False)
    app = make_app(Catalogue([quiet]), start=(quiet, SESSION))
    async with app.run_test() as pilot:
        await pilot.pause()
        await at(pilot, clock, 5.5)
        assert banner(app).endswith("· clicks off")
        assert player.take() == []
    app = make_app(Catalogue([quiet]), start=(quiet, SESSION), metronome={"strides": True})
    async with app.run_test() as pilot:
        await pilot.pause()
        await at(pilot, clock, 5.5)
        assert banner(app).endswith("· ♩ 150 spm")
        assert [call for call, _ in player.take()] == ["clicks"]


async def test_muting_stops_the_clicks_and_the_key_is_offered_only_with_a_beat(make_app, player, clock):
    app = make_app(Catalogue([PROGRAMME]), start=(PROGRAMME, SESSION))
    async with app.run_test() as pilot:
        await pilot.pause()
        await at(pilot, clock, 5.5)
        player.take()
        assert app.screen.check_action("metronome", ()) is True
        await pilot.press("m")
        calls = player.take()
        assert ("stop", None) in calls and not any(call == "clicks" for call, _ in calls)
        await pilot.press("m")
        assert [call for call, _ in player.take()] == ["clicks"]
    plain = Programme(id="plain", name="Plain", sessions=(Session("p", "P", (Step("walk", "Walk", 5),)),))
    app = make_app(Catalogue([plain]), start=(plain, plain.sessions[0]))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.screen.check_action("metronome", ()) is False
        await pilot.press("c")
        assert "clicks" not in banner(app)


async def test_the_help_lists_the_c_key(make_app, player, clock):
    app = make_app(Catalogue([PROGRAMME]), start=(PROGRAMME, SESSION))
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        from helpers import screen_text

        assert "Clicks" in screen_text(app)

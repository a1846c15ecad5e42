"""The stride metronome's beat schedule, click and player, without a screen or a sound card."""

from __future__ import annotations

import array

import pytest

from helpers import FakeBackend, Stream, programme_of
from trainertui import metronome
from trainertui.audio import CueOutput, NullPlayer, SimpleAudioPlayer
from trainertui.clock import FakeClock
from trainertui.metronome import ClickTrack, Metronome, beat_sample, click_frames, plan_track, render
from trainertui.model import Cue, Session, Step
from trainertui.settings import SoundSettings, load_settings, save_metronome
from trainertui.timeline import compile_session
from trainertui.tones import RATE, TONES
from trainertui.workout import Workout

# --- the grid -----------------------------------------------------------------------------


def test_beats_fall_at_exact_sample_offsets_from_the_step_start():
    # 165 a minute: 0.3636... s apart; 11 beats are exactly 4 s.
    assert [beat_sample(k, 165) for k in range(4)] == [0, 8018, 16036, 24055]
    assert beat_sample(11, 165) == 4 * RATE
    assert beat_sample(150, 150) == 60 * RATE  # 150 beats of 150 a minute: one minute, to the sample
    for k in range(0, 5000, 7):
        assert beat_sample(k, 173) == round(k * 60 * RATE / 173 + 1e-9)


def test_a_track_holds_whole_beats_and_ends_in_the_silence_before_the_next():
    track = plan_track(165, 0, until=600 * RATE)
    assert track.beats == tuple(beat_sample(k, 165) for k in range(12))  # 0 ... 4.0 s
    next_beat = beat_sample(12, 165)
    assert track.length == next_beat - round(metronome.PREROLL_S * RATE)
    then = plan_track(165, track.length, until=600 * RATE)
    assert then.beats[0] == next_beat - track.length  # the next track starts where this one ended


def test_a_track_never_runs_past_the_step():
    track = plan_track(120, 9 * RATE, until=10 * RATE)
    assert track.length == RATE
    assert track.beats == (0, RATE // 2)  # 9.0 s and 9.5 s; 10.0 s belongs to no step


def test_a_click_begun_just_before_a_track_is_heard_from_where_the_track_begins():
    track = plan_track(120, RATE // 2 + 100, until=10 * RATE)  # 100 samples after the beat at 0.5 s
    assert track.beats[0] == -100
    click = click_frames()
    assert render(track, click)[: len(click) - 200] == click[200:]


def run_step(cadence: int, seconds: int) -> tuple[Workout, FakeClock]:
    session = Session("s", "S", (Step("run", "Run", seconds, cadence=cadence), Step("walk", "Walk", 10)))
    clock = FakeClock()
    workout = Workout(compile_session(session), clock)
    workout.start()
    return workout, clock


def follow(m: Metronome, workout: Workout, clock: FakeClock, audible: bool = True) -> metronome.Order:
    status = workout.status()
    cadence = status.interval.step.cadence if status.interval else None
    return m.follow(
        now=clock.monotonic(),
        index=status.index,
        cadence=cadence,
        into_s=status.step_elapsed_s,
        left_s=status.step_left_s,
        running=status.state.value == "running",
        audible=audible,
    )


def heard(tracks: list[tuple[float, ClickTrack]]) -> list[float]:
    """Each click's onset on the clock: the moment its track began plus its sample offset."""
    return [at + beat / RATE for at, track in tracks for beat in track.beats if beat >= 0]


def test_a_ten_minute_step_does_not_drift_even_with_late_timers():
    workout, clock = run_step(165, 600)
    m = Metronome(True)
    began = clock.monotonic()
    tracks: list[tuple[float, ClickTrack]] = []
    late = [0.0, 0.003, 0.011, 0.0005, 0.02]  # how late each track's timer fires
    n = 0
    while workout.status().index == 0:
        order = follow(m, workout, clock)
        if order.track is not None:
            tracks.append((clock.monotonic(), order.track))
        assert order.next_at is not None
        clock.advance(order.next_at - clock.monotonic() + late[n % len(late)])
        n += 1
    onsets = heard(tracks)
    expected = [began + beat_sample(k, 165) / RATE for k in range(165 * 10)]
    assert len(onsets) == len(expected) == 1650
    # Each beat where the grid puts it (float rounding of the clock aside: well under a sample).
    assert max(abs(a - b) for a, b in zip(onsets, expected, strict=True)) < 0.5 / RATE
    assert 140 <= len(tracks) <= 150  # about 4 s each


def test_pause_stops_the_clicks_and_resume_keeps_the_step_s_phase():
    workout, clock = run_step(150, 60)  # 0.4 s apart
    m = Metronome(True)
    assert follow(m, workout, clock).track is not None
    clock.advance(1.3)
    workout.pause()
    assert follow(m, workout, clock) == metronome.Order(stop=True)
    clock.advance(7.77)
    assert follow(m, workout, clock) == metronome.Order()  # still paused: nothing to do
    workout.resume()
    resumed = clock.monotonic()
    order = follow(m, workout, clock)
    assert order.track is not None
    assert order.track.start == round(1.3 * RATE)
    # The next beat is the step's 1.6 s beat: 0.3 s after the resume, not at the resume.
    assert order.track.beats[0] == beat_sample(4, 150) - round(1.3 * RATE)
    assert resumed + order.track.beats[0] / RATE == pytest.approx(resumed + 0.3, abs=1 / RATE)


def test_switched_on_mid_step_the_beat_follows_the_step_not_the_key():
    workout, clock = run_step(120, 60)
    m = Metronome(False)
    assert follow(m, workout, clock) == metronome.Order()
    clock.advance(2.2)
    m.toggle()
    order = follow(m, workout, clock)
    assert order.track is not None and order.track.beats[0] == round(0.3 * RATE)  # the 2.5 s beat
    m.toggle()
    assert follow(m, workout, clock).stop


def test_a_skip_or_going_back_starts_the_new_step_s_beat_from_its_start():
    session = Session("s", "S", (Step("run", "A", 30, cadence=150), Step("run", "B", 30, cadence=180)))
    clock = FakeClock()
    workout = Workout(compile_session(session), clock)
    workout.start()
    m = Metronome(True)
    follow(m, workout, clock)
    clock.advance(5.1)
    workout.skip()
    order = follow(m, workout, clock)
    assert order.track is not None and (order.track.cadence, order.track.start, order.track.beats[0]) == (180, 0, 0)
    clock.advance(4.0)
    workout.back()  # more than 3 s in: B again, from its start
    order = follow(m, workout, clock)
    assert order.track is not None and order.track.start == 0


def test_muted_or_a_step_without_a_cadence_gives_no_clicks():
    workout, clock = run_step(160, 2)
    m = Metronome(True)
    assert follow(m, workout, clock, audible=False) == metronome.Order()
    assert follow(m, workout, clock).track is not None
    clock.advance(2.5)  # into the walk: no cadence
    assert follow(m, workout, clock).stop
    assert m.label(None) == "" and m.label(160) == "♩ 160 spm"
    m.toggle()
    assert m.label(160) == "clicks off"


# --- the click ----------------------------------------------------------------------------


def _peak(frames: bytes) -> int:
    return max(abs(x) for x in array.array("h", frames))


def test_the_click_is_short_quieter_than_every_cue_and_follows_its_volume():
    click = click_frames(100)
    assert len(click) == 2 * (metronome.CLICK_MS * RATE // 1000)  # 12 ms
    assert _peak(click) == round(32767 * metronome.CLICK_PEAK)
    quietest_cue = min(max(abs(x) for x in make()) for make in TONES.values())
    assert _peak(click) < quietest_cue
    assert _peak(click_frames(50)) == pytest.approx(_peak(click) / 2, abs=1)
    assert _peak(click_frames(0)) == 0
    assert SoundSettings(volume=80, metronome_volume=60).click_volume == 48


# --- the player ---------------------------------------------------------------------------


CUE = Cue(at_s=0.0, kind="start", text="Run now", step=0, step_kind="run")


def make(backend: FakeBackend, shares: bool | None) -> SimpleAudioPlayer:
    player = SimpleAudioPlayer(backend, SoundSettings(voice=False), now=lambda: backend.now)
    player.shares = shares
    return player


def cue_frames(player: SimpleAudioPlayer) -> bytes:
    from trainertui.audio import compose

    return compose(CUE, player.clips, player.sound)[0]


def test_where_the_device_mixes_a_cue_and_the_clicks_are_streams_of_their_own():
    backend = FakeBackend()
    player = make(backend, shares=True)
    track = plan_track(150, 0, until=60 * RATE)
    player.play_clicks(track)
    backend.now = 1.0
    player.play(CUE)
    assert [s.frames for s in backend.playing()] == [render(track, click_frames(48)), cue_frames(player)]
    player.play_clicks(plan_track(150, track.length, until=60 * RATE))
    assert backend.streams[0].stopped and not backend.streams[1].stopped  # the cue goes on
    player.stop_clicks()
    assert backend.streams[2].stopped and not backend.streams[1].stopped


def test_where_the_device_takes_one_stream_a_cue_is_mixed_into_the_clicks():
    backend = FakeBackend(one_stream=True)
    player = make(backend, shares=False)
    track = plan_track(150, 0, until=60 * RATE)
    player.play_clicks(track)
    backend.now = 1.0
    player.play(CUE)
    assert len(backend.playing()) == 1  # never a second stream
    carrying = backend.playing()[0].frames
    cue = cue_frames(player)
    rest = track.from_offset(RATE)
    assert carrying == metronome.mix(render(rest.extended(len(cue) // 2), click_frames(48)), cue)
    assert rest.beats[0] == round(0.2 * RATE)  # the 1.2 s beat, on the grid
    # The next track, due while the cue still sounds, carries the rest of it.
    backend.now = 1.1
    player.play_clicks(plan_track(150, round(1.1 * RATE), until=60 * RATE))
    assert len(backend.playing()) == 1
    assert backend.playing()[0].frames[:200] == metronome.mix(b"\0" * 200, cue[2 * round(0.1 * RATE) :][:200])
    # The next step has no beat: the clicks stop and the rest of the cue goes on alone.
    backend.now = 1.15
    player.stop_clicks()
    (alone,) = backend.playing()
    assert alone.frames == cue[2 * round((1.15 - 1.0) * RATE) :]


def test_a_cue_stream_that_will_not_open_beside_the_clicks_is_carried_by_them():
    backend = FakeBackend(one_stream=True)
    player = make(backend, shares=True)  # the probe said it mixes; the device says otherwise
    player.play_clicks(plan_track(150, 0, until=60 * RATE))
    backend.now = 0.5
    player.play(CUE)  # raises inside, is carried
    assert player.shares is False
    assert len(backend.playing()) == 1 and len(backend.playing()[0].frames) >= len(cue_frames(player))


class Refusing(FakeBackend):
    """A device that will not open a click stream (any stream over 2 s: cues here are 0.3 s)
    while ``refuse`` is set, and whose streams hold it ``drain_s`` past their last sample (a
    card's buffer: the player's clock says a cue is over before the device does)."""

    def __init__(self, one_stream: bool = False, drain_s: float = 0.0) -> None:
        super().__init__(one_stream)
        self.refuse, self.drain_s = True, drain_s

    def play_buffer(self, frames: bytes, channels: int, width: int, rate: int) -> Stream:
        if self.refuse and len(frames) > 2 * 2 * RATE:
            raise RuntimeError("Error opening PCM device. -- CODE: -16 -- MSG: Device or resource busy")
        busy = [
            s for s in self.streams if not s.stopped and s.began + len(s.frames) / 2 / RATE + self.drain_s > self.now
        ]
        if self.one_stream and busy:
            raise RuntimeError("Error opening PCM device. -- CODE: -16 -- MSG: Device or resource busy")
        return super().play_buffer(frames, channels, width, rate)


def test_a_click_track_that_will_not_open_is_silent_and_the_cues_go_on():
    backend = Refusing()
    cues = CueOutput(make(backend, shares=True))
    player = cues.player
    assert cues.play_clicks(plan_track(150, 0, until=60 * RATE)) is None  # nothing to tell
    assert cues.player is player and cues.off_reason == ""
    assert cues.play(CUE) is None and [s.frames for s in backend.playing()] == [cue_frames(player)]
    assert cues.stop_clicks() is None
    backend.refuse, backend.now = False, 4.0  # the next track tries again
    assert cues.play_clicks(plan_track(150, 4 * RATE, until=60 * RATE)) is None
    assert len(backend.playing()) == 1 and len(backend.playing()[0].frames) > 2 * 2 * RATE


def test_a_one_stream_card_still_draining_a_cue_costs_a_track_of_clicks_not_the_sound():
    backend = Refusing(one_stream=True, drain_s=0.1)
    backend.refuse = False
    cues = CueOutput(make(backend, shares=False))
    assert cues.play(CUE) is None
    backend.now = len(cue_frames(cues.player)) / 2 / RATE + 0.05  # over by the clock, not by the card
    assert cues.play_clicks(plan_track(150, 0, until=60 * RATE)) is None
    assert isinstance(cues.player, SimpleAudioPlayer) and backend.playing() == []
    backend.now += 4.0
    assert cues.play(CUE) is None and len(backend.playing()) == 1  # the next cue is heard


def test_a_cue_the_clicks_cannot_carry_goes_on_alone():
    backend = Refusing(one_stream=True)
    backend.refuse = False
    cues = CueOutput(make(backend, shares=False))
    player = cues.player
    assert cues.play(CUE) is None
    backend.now, backend.refuse = 0.1, True
    assert cues.play_clicks(plan_track(150, 0, until=60 * RATE)) is None
    (alone,) = backend.playing()
    assert alone.frames == cue_frames(player)[2 * round(0.1 * RATE) :]
    assert cues.player is player


def test_a_device_that_is_gone_is_told_by_the_next_cue_and_the_workout_goes_on():
    class Broken(FakeBackend):
        def play_buffer(self, frames: bytes, channels: int, width: int, rate: int) -> Stream:
            raise RuntimeError("Error opening PCM device. -- CODE: -19 -- MSG: No such device")

    cues = CueOutput(make(Broken(), shares=True))
    assert cues.play_clicks(plan_track(150, 0, until=60 * RATE)) is None
    assert cues.play(CUE) == "Sound off: no audio device (No such device)"
    assert isinstance(cues.player, NullPlayer)
    assert cues.play_clicks(plan_track(150, 0, until=60 * RATE)) is None
    assert cues.stop_clicks() is None


def test_muted_no_click_track_is_started():
    backend = FakeBackend()
    cues = CueOutput(make(backend, shares=True), muted=True)
    assert cues.play_clicks(plan_track(150, 0, until=60 * RATE)) is None
    assert backend.streams == []


def test_the_probe_tells_a_mixing_device_from_one_that_makes_the_second_open_wait():
    backend = FakeBackend()
    player = make(backend, shares=None)
    player.prepare_clicks()
    assert player.shares is True

    class Waiting(FakeBackend):
        def play_buffer(self, frames: bytes, channels: int, width: int, rate: int) -> Stream:
            waiting = [s for s in self.streams if s.is_playing()]
            if waiting:  # a raw card: the open returns when the first stream has played out
                self.now = max(s.began + len(s.frames) / 2 / RATE for s in waiting)
            return super().play_buffer(frames, channels, width, rate)

    slow = Waiting()
    player = make(slow, shares=None)
    player.prepare_clicks()
    assert player.shares is False


# --- the setting --------------------------------------------------------------------------


def test_the_choice_is_kept_per_programme_and_the_volume_read(isolated_dirs):
    path = isolated_dirs / "config.toml"
    assert save_metronome("couch-to-5k", True, path) is None
    assert save_metronome("firm-glutes-10", False, path) is None
    settings = load_settings(path)
    assert settings.programme("couch-to-5k").metronome is True
    assert settings.programme("firm-glutes-10").metronome is False
    assert settings.programme("other").metronome is None
    assert settings.sound.metronome_volume == 60  # the fresh file's default
    path.write_text(path.read_text().replace("metronome_volume = 60", "metronome_volume = 25"))
    assert load_settings(path).sound.metronome_volume == 25
    path.write_text(path.read_text().replace("metronome_volume = 25", "metronome_volume = 140"))
    assert "sound.metronome_volume should be a whole number from 0 to 100, not 140" in load_settings(path).problems[0]
    assert programme_of().metronome is True  # a programme's own default: clicks on


def test_the_next_step_s_beat_is_counted_in_so_its_first_click_falls_on_the_change():
    m = Metronome(True)
    order = m.lead_in(now=100.0, index=3, cadence=160, in_s=0.05, left_s=30)
    assert order.track is not None
    assert order.track.start == -round(0.05 * RATE) and order.track.beats[0] == round(0.05 * RATE)
    # Still in the step before, a moment later: the counted-in track carries on.
    assert m.follow(now=100.02, index=2, cadence=None, into_s=9.97, left_s=0.03, running=True).track is None
    assert m.follow(now=100.02, index=2, cadence=None, into_s=9.97, left_s=0.03, running=True).stop is False
    # After the change: the same track, not a new one; a pause stops it.
    assert m.follow(now=100.06, index=3, cadence=160, into_s=0.01, left_s=29.99, running=True).track is None
    assert m.follow(now=100.06, index=3, cadence=160, into_s=0.01, left_s=29.99, running=False).stop


def test_a_few_milliseconds_between_two_readings_of_the_clock_do_not_restart_the_track():
    m = Metronome(True)
    assert m.follow(now=10.0, index=1, cadence=150, into_s=1.0, left_s=20, running=True).track is not None
    # The status was read 5 ms before the clock (a busy machine): the same step start.
    assert m.follow(now=11.005, index=1, cadence=150, into_s=2.0, left_s=19, running=True).track is None
    # Resumed after a 0.1 s pause: a new track from where the step is.
    assert m.follow(now=11.2, index=1, cadence=150, into_s=2.1, left_s=18.9, running=True).track is not None

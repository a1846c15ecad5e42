"""The stride metronome: a soft click on every beat of a step that has a cadence.

Plain Python, no Textual, no sound device: what the click sounds like, where each beat falls,
and when the workout screen should hand the player the next stretch of click track.

Why it cannot drift. Beat ``k`` of a step falls ``k * 60 / cadence`` seconds into the step, on
the workout's own clock (``Status.step_elapsed_s``: planned seconds, which pauses, skips and
going back move as a whole). Beats are placed as whole samples from the step's start,
``round(k * 60 * RATE / cadence)``, in integer arithmetic, so the millionth beat is exactly
where the first one puts it: nothing is added up beat by beat. The clicks are played as
*click tracks*, one sound stream each: a few seconds of silence with the clicks at their
exact sample offsets. Within a track the device's sample clock places every click; each new
track is laid against the workout clock again at the moment it starts, so the sound card's
clock, which runs a little fast or slow against the computer's (tens of parts per million),
can never carry the beat away from the countdown by more than it drifts in one track.

A track starts and ends in the silence just before a beat (``PREROLL_S``), so a track that
starts a few milliseconds late loses nothing, and ends at the step's end. Pausing, muting, a
skip or going back stop the track; resuming (or switching the clicks on mid-step) starts a new
one from the current position, on the same grid: the phase follows the step, not the key.
"""

from __future__ import annotations

import array
import math
import sys

from msgspec import Struct

from trainertui.tones import RATE

#: Seconds of click track one stream carries (whole beats; the last track of a step is shorter).
TRACK_S = 4.0
#: A track begins this long before its first beat, in silence.
PREROLL_S = 0.05
#: The click: a few milliseconds of a damped woodblock-like knock, much shorter and brighter
#: than any cue (the shortest cue, the countdown tick, is a 90 ms 1 kHz beep).
CLICK_MS = 12
#: Peak of the click at 100% (full scale is 1.0): below every cue (0.35-0.5), so a cue is
#: always louder than the beat under it, before ``metronome_volume`` lowers it further.
CLICK_PEAK = 0.3
_EPS_S = 0.002  # a timer that fires this early for a track's end still counts as on time
#: Two readings of where the step began closer than this are the same start. The real clock is
#: read once for the workout's status and once more here; a busy machine (another thread
#: holding the GIL) put more than 1 ms between them, which restarted the track 9 times in a
#: 10-minute step (bench/metronome_timing.py). A pause, a skip or going back moves it by more.
_SAME_S = 0.02


def beat_sample(k: int, cadence: int) -> int:
    """Where beat ``k`` of a step falls, in samples from the step's start (rounded half up)."""
    return (2 * k * 60 * RATE + cadence) // (2 * cadence)


def first_beat(sample: int, cadence: int) -> int:
    """The first beat at or after ``sample`` samples into the step."""
    k = max(0, (sample * cadence) // (60 * RATE))
    while k > 0 and beat_sample(k - 1, cadence) >= sample:
        k -= 1
    while beat_sample(k, cadence) < sample:
        k += 1
    return k


def beats_between(cadence: int, start_s: float, end_s: float) -> list[float]:
    """The beats of a step from ``start_s`` to ``end_s`` seconds into it, in seconds (for tests
    and the benchmark: the schedule the clicks are held to)."""
    start, end = round(start_s * RATE), round(end_s * RATE)
    k, out = first_beat(start, cadence), []
    while (at := beat_sample(k, cadence)) < end:
        out.append(at / RATE)
        k += 1
    return out


class ClickTrack(Struct, frozen=True):
    """One stretch of clicks: it begins ``start`` samples into the step and lasts ``length``
    samples; ``beats`` are the onsets of its clicks, in samples from its own beginning (a
    negative one is a click that began just before, heard from where the track begins)."""

    cadence: int
    start: int
    length: int
    beats: tuple[int, ...]

    @property
    def seconds(self) -> float:
        return self.length / RATE

    def extended(self, length: int) -> ClickTrack:
        """The same track made ``length`` samples long, the grid carried on (a cue carried in
        the click stream may outlast it)."""
        if length <= self.length:
            return self
        return plan_track(self.cadence, self.start, until=self.start + length, whole=False)

    def from_offset(self, offset: int) -> ClickTrack:
        """What is left of the track ``offset`` samples after it began."""
        return plan_track(self.cadence, self.start + offset, until=self.start + self.length, whole=False)


def plan_track(cadence: int, start: int, *, until: int | None = None, whole: bool = True) -> ClickTrack:
    """The click track from ``start`` samples into the step: about TRACK_S long, ending in the
    silence before a beat (``whole``), and never past ``until`` (the step's end)."""
    click = CLICK_MS * RATE // 1000
    preroll = round(PREROLL_S * RATE)
    end = start + round(TRACK_S * RATE) if whole else until if until is not None else start
    if whole:
        k = first_beat(end + preroll, cadence)
        end = beat_sample(k, cadence) - preroll
    if until is not None:
        end = min(end, until)
    end = max(end, start)
    k = first_beat(max(0, start - click + 1), cadence)  # a track counted in (start < 0): from beat 0
    beats = []
    while (at := beat_sample(k, cadence)) < end:
        beats.append(at - start)
        k += 1
    return ClickTrack(cadence=cadence, start=start, length=end - start, beats=tuple(beats))


# --- the sound ----------------------------------------------------------------------------


def click_samples(volume: int = 100) -> array.array[int]:
    """The click at ``volume`` percent: a 2.2 kHz knock with a touch of 5.3 kHz and a little
    (fixed, so always the same bytes) noise, dying away within its 12 ms."""
    n = CLICK_MS * RATE // 1000
    attack = max(1, RATE // 2000)  # 0.5 ms: no click from the click's own edge
    seed = 12345
    raw = []
    for i in range(n):
        t = i / RATE
        seed = (1103515245 * seed + 12345) % (1 << 31)
        noise = seed / (1 << 30) - 1.0
        body = math.sin(2 * math.pi * 2200 * t) + 0.35 * math.sin(2 * math.pi * 5300 * t) + 0.25 * noise
        envelope = min(1.0, i / attack) * math.exp(-t / 0.0025) * min(1.0, (n - 1 - i) / attack)
        raw.append(body * envelope)
    peak = max(abs(x) for x in raw) or 1.0
    scale = 32767 * CLICK_PEAK * max(0, min(100, volume)) / 100 / peak
    return array.array("h", (round(x * scale) for x in raw))


def click_frames(volume: int = 100) -> bytes:
    samples = click_samples(volume)
    if sys.byteorder == "big":
        samples.byteswap()
    return samples.tobytes()


def render(track: ClickTrack, click: bytes) -> bytes:
    """The track as 16-bit frames: silence with ``click`` at each beat (clicks never overlap:
    the fastest cadence, 220, leaves 270 ms between them)."""
    out = bytearray(2 * track.length)
    for beat in track.beats:
        at = 2 * beat
        part = click[-at:] if at < 0 else click
        at = max(0, at)
        part = part[: len(out) - at]
        out[at : at + len(part)] = part
    return bytes(out)


def mix(under: bytes, over: bytes) -> bytes:
    """``over`` mixed into the start of ``under`` (16-bit, clipped), as long as the longer."""
    a = array.array("h", under)
    b = array.array("h", over)
    if len(b) > len(a):
        a.extend([0] * (len(b) - len(a)))
    if sys.byteorder == "big":
        a.byteswap()
        b.byteswap()
    for i, x in enumerate(b):
        a[i] = max(-32768, min(32767, a[i] + x))
    if sys.byteorder == "big":
        a.byteswap()
    return a.tobytes()


# --- what the workout screen holds --------------------------------------------------------


class Order(Struct, frozen=True):
    """What to do with the clicks now: start ``track`` (in place of any playing), or ``stop``;
    ``next_at`` is the clock time to ask again (the track's end), None when nothing will fall due."""

    track: ClickTrack | None = None
    stop: bool = False
    next_at: float | None = None


class Metronome:
    """The stride metronome of one workout: on or off, and which track is sounding.

    ``follow`` is asked after every redraw, every control and when a track ends; it answers
    with an ``Order``. The switch starts as the programme's choice (the app remembers it).
    """

    def __init__(self, on: bool) -> None:
        self.on = on
        self._playing: tuple[int, float] | None = None  # (step index, clock time the step began)
        self._until = 0.0

    @property
    def playing(self) -> bool:
        return self._playing is not None

    @property
    def playing_step(self) -> int | None:
        """The step whose beat is sounding (or counted in)."""
        return self._playing[0] if self._playing is not None else None

    def toggle(self) -> bool:
        """Switch the clicks on or off; returns the new state (the next ``follow`` acts on it)."""
        self.on = not self.on
        return self.on

    def label(self, cadence: int | None) -> str:
        """The state in a word or two, for a step with a cadence: "♩ 165 spm", "clicks off"."""
        if cadence is None:
            return ""
        return f"♩ {cadence} spm" if self.on else "clicks off"

    def follow(
        self,
        *,
        now: float,
        index: int,
        cadence: int | None,
        into_s: float,
        left_s: float | None,
        running: bool,
        audible: bool = True,
    ) -> Order:
        """``into_s`` seconds into step ``index`` (``left_s`` left of it) at clock time ``now``:
        start a track, stop the clicks, or carry on (an empty Order, with when to ask again)."""
        lead_in = self._playing is not None and self._playing[0] == index + 1 and now < self._until
        if self.on and audible and running and lead_in:
            return Order(next_at=self._until)  # the next step's beat, already counted in
        if not (self.on and audible and running and cadence is not None):
            if self._playing is None:
                return Order()
            self._playing = None
            return Order(stop=True)
        began = now - into_s
        same_step = self._playing is not None and self._playing[0] == index and abs(self._playing[1] - began) < _SAME_S
        if same_step and now < self._until - _EPS_S:
            return Order(next_at=self._until)
        start = round(into_s * RATE)
        until = None if left_s is None else start + round(left_s * RATE)
        track = plan_track(cadence, start, until=until)
        if track.length == 0:  # the step ends now: its next step decides
            self._playing = None
            return Order(stop=same_step)
        self._playing = (index, began)
        self._until = now + track.seconds
        return Order(track=track, next_at=self._until)

    def lead_in(self, *, now: float, index: int, cadence: int, in_s: float, left_s: float | None) -> Order:
        """Step ``index`` (with ``cadence``, ``left_s`` long) begins in ``in_s`` seconds: a track
        that starts now, in silence, so its first beat falls on the change itself."""
        if not self.on:
            return Order()
        start = -round(in_s * RATE)
        track = plan_track(cadence, start, until=None if left_s is None else round(left_s * RATE))
        self._playing = (index, now + in_s)
        self._until = now + track.seconds
        return Order(track=track, next_at=self._until)

    def stopped(self) -> None:
        """Everything was silenced from outside (pause, mute, quit): the next ``follow`` starts afresh."""
        self._playing = None

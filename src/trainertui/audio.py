"""How cues become heard: the Player seam, the clips, and simpleaudio behind them.

The workout decides *when* a cue is due and the screen hands it on; a Player only makes it
heard. A cue becomes one sound: the words of a start cue come first and its tone lands on the
change, so the player asks for a *lead* (the length of the words) and the workout hands the cue
out that much early. Halfway and time-left calls ring first and then speak.

Sound is never worth a lost workout. Anything that goes wrong with the device (no card, a
busy or unplugged one, a missing library) gives a NullPlayer carrying the reason, which the
app shows once; ALSA's own complaints, which it writes straight to the terminal Textual draws
on, are silenced before the first call.
"""

from __future__ import annotations

import array
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from msgspec import Struct

from trainertui import paths, voice
from trainertui.model import KINDS, Cue
from trainertui.resources import shipped_dir
from trainertui.settings import SoundSettings
from trainertui.tones import RATE

if TYPE_CHECKING:  # imported where clicks are made: the menu never needs it
    from trainertui import metronome

#: Words said before the moment (so they end on it), then the tone on the moment.
WORDS_FIRST = frozenset({"start", "finish"})
PROBE_MS = 10
#: Whether the device mixes a second stream is learned by opening one while a first (this long,
#: silent) plays: a sound server or dmix opens it at once; a raw card makes the open wait.
SHARE_PROBE_MS = 250
SHARE_WAIT_S = 0.12

T = TypeVar("T")


class Player(Protocol):
    def loaded(self, cues: Sequence[Cue]) -> bool:
        """Whether every sound these cues need is ready (if not, call ``load`` in a thread)."""

    def load(self, cues: Sequence[Cue]) -> list[str]:
        """Read (and where needed render) every sound these cues need; returns what could
        not be prepared, one line each. Slow: call it from a thread."""

    def lead_s(self, cue: Cue) -> float:
        """How long before its moment ``cue`` should start, so its words end on time."""

    def play(self, cue: Cue) -> None:
        """Start making ``cue`` heard and return at once."""

    def spoken_s(self, cue: Cue) -> float:
        """How long ``cue``'s words last when it is played (0 for a tone alone, or a player that
        does not know): the music is paused that long."""

    def prepare_clicks(self) -> None:
        """Make ready what the metronome needs (slow: from the loading thread)."""

    def play_clicks(self, track: metronome.ClickTrack) -> None:
        """Start the metronome's ``track`` in place of the one sounding."""

    def stop_clicks(self) -> None:
        """Silence the metronome's track; cues go on."""

    def stop(self) -> None:
        """Silence whatever is playing (mute, pause, quit)."""

    def close(self) -> None:
        """Release the device; the player is not used again."""


class NullPlayer:
    """Plays nothing: for machines without sound, with the reason to show."""

    def __init__(self, reason: str | None = None, device_failed: bool = False) -> None:
        self.reason = reason
        #: The sound device would not open (rather than sound being off by choice or lacking a library).
        self.device_failed = device_failed

    def loaded(self, cues: Sequence[Cue]) -> bool:
        return True

    def load(self, cues: Sequence[Cue]) -> list[str]:
        return []

    def lead_s(self, cue: Cue) -> float:
        return 0.0

    def play(self, cue: Cue) -> None:
        pass

    def spoken_s(self, cue: Cue) -> float:
        return 0.0

    def prepare_clicks(self) -> None:
        pass

    def play_clicks(self, track: metronome.ClickTrack) -> None:
        pass

    def stop_clicks(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def close(self) -> None:
        pass


# --- clips --------------------------------------------------------------------------------


class Clips:
    """The tones and spoken phrases, as raw frames (22050 Hz mono 16-bit) at the set volume.

    Shipped phrases come from sounds/voice/; a user routine's own words are rendered into the
    cache folder, once, and reused, by flite when it is installed, else espeak-ng, else not at
    all (their tone plays). With the person's own voice command (``voice_command``), it speaks
    every phrase, shipped ones too, and those are what is heard where it fails. A phrase one
    engine fails on goes to the next, with a notice. Each engine has its own folder in the
    cache (voice.Engine.key), so words espeak-ng said are never played as flite's. Loading is
    thread-safe: the app loads in a worker while the UI thread may already ask for a clip.
    """

    def __init__(
        self,
        volume: int = 100,
        sounds: Path | None = None,
        cache: Path | None = None,
        *,
        voice_command: str | None = None,
        voice_model: str | None = None,
    ) -> None:
        self.volume = volume
        self.sounds = sounds or shipped_dir("sounds")
        self.cache = cache or paths.cache_dir() / "voice"
        self._frames: dict[Path, bytes | None] = {}
        self._lock = threading.Lock()
        self._own_voice = (voice_command, voice_model)
        self._own: tuple[voice.Engine | None] | None = None  # built when first needed, then kept
        self._engines: list[voice.Engine] | None = None

    @property
    def own(self) -> voice.Engine | None:
        """The person's own voice, when config.toml sets one (whether or not it can run here)."""
        if self._own is None:
            command, model = self._own_voice
            self._own = (voice.own_engine(command, model) if command else None,)
        return self._own[0]

    @property
    def engines(self) -> list[voice.Engine]:
        """The engines that can speak here, best first (voice.engines)."""
        if self._engines is None:
            self._engines = voice.engines(self.own)
        return self._engines

    @property
    def engine(self) -> str | None:
        """The built-in engine that speaks words no shipped clip has; None when none is installed."""
        return next((engine.name for engine in self.engines if engine.name != voice.OWN), None)

    def tone(self, name: str) -> bytes | None:
        return self._get(self.sounds / "tones" / f"{name}.wav")

    def words(self, text: str) -> bytes | None:
        """The phrase if it is loaded or on disk; never renders (that is ``render``'s job)."""
        for path in self._word_paths(text):
            frames = self._get(path)
            if frames is not None:
                return frames
        return None

    def has_words(self, text: str) -> bool:
        return any(self._frames.get(path) is not None or path.exists() for path in self._word_paths(text))

    def render(self, texts: Iterable[str]) -> list[str]:
        """Speak the phrases no file has yet into the cache; returns the problems, if any.

        An engine that fails on a phrase is told once and not asked again this time (a broken
        command would otherwise cost its timeout on every phrase); the phrase goes to the next
        engine, and only when none is left does its tone play alone."""
        problems: list[str] = []
        failed: set[str] = set()
        own = self.own if self.own is not None and self.own in self.engines else None
        for text in dict.fromkeys(texts):
            if own is not None and own.key not in failed and not self._cached(own, text):
                error = self._render_with(own, text)
                if error is not None:
                    failed.add(own.key)
                    shipped = self._shipped(text).exists()
                    instead = "the shipped voice" if shipped else self._next(failed) or "its tone"
                    problems.append(f"your voice command failed on {text!r} ({error}); {instead} speaks instead")
            if self._shipped(text).exists() or (own is not None and self._cached(own, text)):
                continue
            if not self.engines:
                why = "neither flite nor espeak-ng is installed"
                return [*problems, f"no spoken prompt for {text!r}: {why}; its tone plays instead"]
            for engine in self.engines:
                if engine is own or engine.key in failed:
                    continue
                if self._cached(engine, text):
                    break  # the best engine that could say it did, an earlier time
                error = self._render_with(engine, text)
                if error is None:
                    break
                failed.add(engine.key)
                following = self._next(failed)
                if following is not None:
                    problems.append(f"{engine.name} could not say {text!r} ({error}); {following} speaks instead")
                else:
                    problems.append(f"no spoken prompt for {text!r}: {error}; its tone plays instead")
        return problems

    def _render_with(self, engine: voice.Engine, text: str) -> str | None:
        """Render ``text`` with ``engine`` into its cache folder; the error, or None."""
        path = self.cache / engine.key / f"{voice.slug(text)}.wav"
        try:
            voice.render(text, path, engine)
        except voice.VoiceError as error:
            return str(error)
        with self._lock:
            self._frames.pop(path, None)  # looked for before it was there: read it afresh
        return None

    def _next(self, failed: set[str]) -> str | None:
        """The engine that speaks next, when the ones in ``failed`` have failed."""
        return next((engine.name for engine in self.engines if engine.key not in failed), None)

    def _cached(self, engine: voice.Engine, text: str) -> bool:
        path = self.cache / engine.key / f"{voice.slug(text)}.wav"
        return self._frames.get(path) is not None or path.exists()

    def _shipped(self, text: str) -> Path:
        return self.sounds / "voice" / f"{voice.slug(text)}.wav"

    def _word_paths(self, text: str) -> Iterator[Path]:
        """Where a phrase may be, best first: the person's own voice's render, the shipped
        clip, then each built-in engine's render. Lazily, so a shipped phrase never asks which
        engine is installed (unless the person has a voice of their own)."""
        name = f"{voice.slug(text)}.wav"
        if self._own_voice[0]:
            own = self.own
            if own is not None:
                yield self.cache / own.key / name
        yield self.sounds / "voice" / name
        for engine in self.engines:
            if engine.name != voice.OWN:
                yield self.cache / engine.key / name

    def _get(self, path: Path) -> bytes | None:
        with self._lock:
            if path not in self._frames:
                self._frames[path] = self._read(path)
            return self._frames[path]

    def _read(self, path: Path) -> bytes | None:
        """A clip's frames, scaled to the volume; None if it is missing or not our format."""
        import wave  # here, not on the way to the menu's first frame (docs/performance.md)

        try:
            with wave.open(str(path), "rb") as clip:
                if (clip.getnchannels(), clip.getsampwidth(), clip.getframerate()) != (1, 2, RATE):
                    return None
                frames = clip.readframes(clip.getnframes())
        except (OSError, EOFError, wave.Error):
            return None
        return scale(frames, self.volume)


def scale(frames: bytes, volume: int) -> bytes:
    """16-bit samples at ``volume`` percent. Done once per clip, when it is loaded."""
    if volume >= 100:
        return frames
    samples = array.array("h", frames)
    if sys.byteorder == "big":
        samples.byteswap()
    factor = max(0, volume) / 100
    scaled = array.array("h", [int(x * factor) for x in samples])
    if sys.byteorder == "big":
        scaled.byteswap()
    return scaled.tobytes()


def seconds(frames: bytes) -> float:
    return len(frames) / 2 / RATE


def compose(cue: Cue, clips: Clips, sound: SoundSettings) -> tuple[bytes, float]:
    """The one sound a cue makes, and how many seconds of it come before the cue's moment."""
    words = clips.words(cue.text) if sound.voice and cue.kind != "countdown" else None
    if cue.kind == "countdown":
        tone_name = "tick"
    elif cue.kind == "finish":
        tone_name = "finish"
    elif cue.kind in ("halfway", "remaining"):
        tone_name = "halfway"
    else:
        kind = KINDS.get(cue.step_kind)
        tone_name = kind.tone if kind is not None else "walk"
    # With the words on, a time-left call is words alone; with them off, the bell says it.
    ring = sound.tones and not (cue.kind == "remaining" and words is not None)
    tone = clips.tone(tone_name) if ring else None
    if cue.kind in WORDS_FIRST:
        return (words or b"") + (tone or b""), seconds(words or b"")
    return (tone or b"") + (words or b""), 0.0


def spoken_texts(cues: Iterable[Cue]) -> list[str]:
    return list(dict.fromkeys(cue.text for cue in cues if cue.kind != "countdown"))


# --- what the workout screen is handed -----------------------------------------------------


class CueOutput:
    """The workout screen's way to be heard: the player, the mute switch, and what happens when
    sound fails. Plain Python, so the rules are tested without a screen.

    Sound is never worth a lost workout: a player that raises is replaced by a NullPlayer with
    the reason, and the call that failed returns one sentence to tell the person, once. Loading
    runs in a worker thread while the UI thread may ask for a lead, hence the lock.
    """

    def __init__(
        self,
        player: Player,
        *,
        muted: bool = False,
        remember_mute: Callable[[bool], str | None] | None = None,
        on_words: Callable[[float], None] | None = None,
    ) -> None:
        """``remember_mute(muted)`` saves a change of the mute switch and returns a problem, or
        None (the app passes ``settings.save_muted``; tests pass nothing). ``on_words(seconds)``
        is told each time a cue starts speaking, for how long (music makes way for it)."""
        self._player = player
        self._muted = muted
        self._remember_mute = remember_mute
        self._on_words = on_words
        self._lock = threading.Lock()

    @property
    def player(self) -> Player:
        return self._player

    @property
    def muted(self) -> bool:
        return self._muted

    @property
    def off_reason(self) -> str:
        """Why there is no sound ("sound off: no audio device"), or "" when there is."""
        reason = getattr(self._player, "reason", None)
        return reason if isinstance(reason, str) else ""

    def set_muted(self, muted: bool) -> str | None:
        """Mute or unmute (muting silences what is playing); returns a problem to tell: sound
        failing as it was silenced, or the setting not being saved."""
        self._muted = muted
        failure = self.stop() if muted else None
        problem = self._remember_mute(muted) if self._remember_mute is not None else None
        return failure or problem

    def loaded(self, cues: Sequence[Cue]) -> bool:
        return self._guarded(lambda: self._player.loaded(cues), True)[0]

    def load(self, cues: Sequence[Cue], *, clicks: bool = False) -> list[str]:
        """Prepare every sound these cues need, and with ``clicks`` the metronome's (slow: from
        a thread); the problems, one line each."""
        no_problems: list[str] = []
        problems, failure = self._guarded(lambda: self._player.load(cues), no_problems)
        if clicks and failure is None:
            failure = self._guarded(self._player.prepare_clicks, None)[1]
        return [*problems, failure] if failure else problems

    def lead_s(self, cue: Cue) -> float:
        return self._guarded(lambda: self._player.lead_s(cue), 0.0)[0]

    def play(self, cue: Cue) -> str | None:
        """Start ``cue`` unless muted; returns the sentence to show if sound just failed."""
        if self._muted:
            return None
        failure = self._guarded(lambda: self._player.play(cue), None)[1]
        if failure is None and self._on_words is not None:
            words_s = self._guarded(lambda: float(self._player.spoken_s(cue)), 0.0)[0]
            if words_s > 0:
                self._on_words(words_s)
        return failure

    def play_clicks(self, track: metronome.ClickTrack) -> str | None:
        """Start the metronome's ``track`` in place of the one sounding, unless muted. A player
        without a metronome (NullPlayer) plays nothing.

        The clicks are never worth a cue: a click stream that will not open (a busy one-stream
        card, say) leaves this track silent, says nothing and keeps the player; the next track
        tries again. A device that is really gone is found, and told, by the next cue. Returns
        None (the same shape as ``play``, for the screen)."""
        if self._muted:
            return None
        self._quietly(lambda: self._player.play_clicks(track))
        return None

    def stop_clicks(self) -> str | None:
        """Silence the metronome's track at once (cues go on); a failure is as quiet as in
        ``play_clicks``."""
        self._quietly(self._player.stop_clicks)
        return None

    def stop(self) -> str | None:
        return self._guarded(self._player.stop, None)[1]

    def close(self) -> None:
        self._guarded(self._player.close, None)

    @staticmethod
    def _quietly(call: Callable[[], object]) -> None:
        try:
            call()
        except Exception:  # noqa: BLE001, S110 - the clicks stop; the cues and the player go on
            pass

    def _guarded(self, call: Callable[[], T], fallback: T) -> tuple[T, str | None]:
        try:
            return call(), None
        except Exception as error:  # noqa: BLE001 - any failure of an optional backend
            with self._lock:
                self._player = NullPlayer(f"sound off: {device_problem(error)}")
            reason = self.off_reason
            return fallback, reason[:1].upper() + reason[1:]


# --- simpleaudio --------------------------------------------------------------------------


class SimpleaudioMissing(RuntimeError):
    """simpleaudio will not import: sound is off, but no device was tried."""


class SimpleAudioPlayer:
    """Plays each cue as one buffer through simpleaudio (ALSA's "default" device).

    Each play opens its own stream, so a tick during a long phrase sounds over it where the
    device mixes (PipeWire, PulseAudio, dmix: every desktop).

    The metronome's click tracks are streams of their own too, one at a time. Where the device
    takes only one stream (a raw card; learned by ``prepare_clicks``, or from an open that
    fails while clicks sound), a cue during the clicks is mixed into the click stream instead,
    and a click track starting while a cue still sounds carries the rest of the cue: neither
    has a gap, and no second stream is opened.
    """

    def __init__(
        self,
        backend: Any | None,
        sound: SoundSettings,
        clips: Clips | None = None,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sa = backend  # simpleaudio, or a test's fake; None: imported as the device opens
        self.sound = sound
        self.clips = clips or Clips(sound.volume, voice_command=sound.voice_command, voice_model=sound.voice_model)
        self._playing: list[Any] = []
        self._now = now  # sound plays in real time, also in a rehearsal
        #: Whether the device mixes a second stream with one playing (None: not yet known).
        self.shares: bool | None = None
        self._click: bytes | None = None
        self._clicks: Any = None  # the click track's stream
        self._track: metronome.ClickTrack | None = None
        self._track_at = 0.0
        self._cue: tuple[bytes, float] | None = None  # the last cue's frames and when it began
        self._carried = False  # the click stream carries (the rest of) that cue
        self._opened = False  # the device has taken a stream (open_device)

    @property
    def description(self) -> str:
        return describe_backend()

    def loaded(self, cues: Sequence[Cue]) -> bool:
        return False  # reading even shipped clips is disk work: always in a worker

    def open_device(self) -> None:
        """Play a moment of silence, once: raises (simpleaudio's error) if the device will not open."""
        if not self._opened:
            self.play_frames(bytes(2 * (RATE * PROBE_MS // 1000)))
            self._opened = True

    def _backend(self) -> Any:
        """simpleaudio, imported (with alsa-lib's messages silenced first) on first use."""
        if self._sa is None:
            silence_alsa_errors()
            try:
                import simpleaudio  # type: ignore[import-untyped]
            except ImportError as error:
                raise SimpleaudioMissing(f"simpleaudio is not installed ({error})") from error
            self._sa = simpleaudio
        return self._sa

    def load(self, cues: Sequence[Cue]) -> list[str]:
        self.open_device()  # a failure: CueOutput goes on silent and says why
        problems = self.clips.render(spoken_texts(cues)) if self.sound.voice else []
        for cue in cues:
            compose(cue, self.clips, self.sound)
        return problems

    def lead_s(self, cue: Cue) -> float:
        return compose(cue, self.clips, self.sound)[1]

    def spoken_s(self, cue: Cue) -> float:
        """How long this cue's sound lasts when it speaks (0 for a tone alone): the music is
        paused for it."""
        if not self.sound.voice or cue.kind == "countdown" or not self.clips.words(cue.text):
            return 0.0
        return seconds(compose(cue, self.clips, self.sound)[0])

    def play(self, cue: Cue) -> None:
        frames, _ = compose(cue, self.clips, self.sound)
        if not frames:
            return
        if self.shares is False and self._clicking():
            self._carry(frames)
            return
        try:
            self.play_frames(frames)
        except Exception:  # noqa: BLE001 - SimpleaudioError is not exported
            if not self._clicking():
                raise
            self.shares = False  # it would not open a second stream: the clicks carry the cue
            self._carry(frames)
            return
        self._cue = (frames, self._now())

    def play_frames(self, frames: bytes) -> None:
        self._playing = [p for p in self._playing if p.is_playing()]
        self._playing.append(self._backend().play_buffer(frames, 1, 2, RATE))

    # --- the stride metronome ---------------------------------------------------------------

    def prepare_clicks(self) -> None:
        """Make the click at its volume and learn whether the device mixes two streams (slow
        on a raw card, up to SHARE_PROBE_MS: from the loading thread)."""
        self._click_frames()
        if self.shares is None:
            self.play_frames(bytes(2 * (RATE * SHARE_PROBE_MS // 1000)))
            began = self._now()
            self.play_frames(bytes(2 * (RATE * PROBE_MS // 1000)))
            self.shares = self._now() - began < SHARE_WAIT_S

    def play_clicks(self, track: metronome.ClickTrack) -> None:
        """Start ``track`` in place of the one sounding."""
        self._click_frames()
        self._end_clicks()
        now = self._now()
        carried = self._cue_left(now) if self.shares is False else b""
        if carried:  # one stream at a time: the rest of the cue comes in the click stream
            self._take_over(track, carried, now)
            return
        try:
            self._start_clicks(track, b"", now)
        except Exception:  # noqa: BLE001
            carried = self._cue_left(now)
            if not carried:
                raise  # CueOutput: this track is silent, the cues go on
            self.shares = False  # a cue holds the device: the clicks take it over, cue and all
            self._take_over(track, carried, now)

    def _take_over(self, track: metronome.ClickTrack, carried: bytes, now: float) -> None:
        """The click stream takes the device, carrying the rest of the cue; if it will not
        open, the cue goes on alone in a stream of its own, and the clicks are silent."""
        self._stop_cues()
        try:
            self._start_clicks(track.extended(len(carried) // 2), carried, now)
        except Exception:  # noqa: BLE001
            self._clicks, self._track, self._carried = None, None, False
            self.play_frames(carried)
            self._cue = (carried, now)
            raise

    def stop_clicks(self) -> None:
        """Silence the click track; a cue it was carrying goes on in a stream of its own."""
        self._end_clicks()
        if self._carried:
            self._carried = False
            left = self._cue_left(self._now())
            if left:
                self.play_frames(left)

    def _end_clicks(self) -> None:
        clicks, self._clicks, self._track = self._clicks, None, None
        if clicks is not None:
            clicks.stop()

    def _click_frames(self) -> bytes:
        """The click at its volume, made when first needed (and metronome.py imported only then)."""
        if self._click is None:
            from trainertui.metronome import click_frames

            self._click = click_frames(self.sound.click_volume)
        return self._click

    def _start_clicks(self, track: metronome.ClickTrack, over: bytes, now: float) -> None:
        from trainertui.metronome import mix, render

        frames = render(track, self._click_frames())
        if over:
            frames = mix(frames, over)
        if frames:
            self._clicks = self._backend().play_buffer(frames, 1, 2, RATE)
        self._track, self._track_at = track, now
        self._carried = bool(over)

    def _clicking(self) -> bool:
        return self._track is not None and self._now() < self._track_at + self._track.seconds

    def _carry(self, frames: bytes) -> None:
        """Play ``frames`` in the click stream: the track from now, with the cue mixed in."""
        assert self._track is not None
        now = self._now()
        rest = self._track.from_offset(round((now - self._track_at) * RATE))
        self._end_clicks()  # first: the device takes one stream at a time
        try:
            self._start_clicks(rest.extended(len(frames) // 2), frames, now)
        except Exception:  # noqa: BLE001 - the clicks stop, the cue is played alone (or fails as a cue)
            self._track, self._carried = None, False
            self.play_frames(frames)
        self._cue = (frames, now)

    def _cue_left(self, now: float) -> bytes:
        """What is still to be heard of the last cue, by the clock."""
        if self._cue is None:
            return b""
        frames, began = self._cue
        return frames[2 * max(0, round((now - began) * RATE)) :]

    def _stop_cues(self) -> None:
        for playing in self._playing:
            playing.stop()
        self._playing.clear()

    def wait(self) -> None:
        """Block until everything started has played out (check-audio, tests; never the UI)."""
        for playing in self._playing:
            playing.wait_done()
        self._playing.clear()
        if self._clicks is not None:  # the click track too: a test reads the capture after this
            self._clicks.wait_done()

    def stop(self) -> None:
        if self._sa is not None:  # else nothing has played
            self._sa.stop_all()
        self._clicks, self._track, self._cue, self._carried = None, None, None, False

    def close(self) -> None:
        self.stop()


def make_player(sound: SoundSettings | None = None, clips: Clips | None = None, *, probe: bool = True) -> Player:
    """simpleaudio if it can open the device, else a NullPlayer saying why. With ``probe``
    False nothing is imported or opened yet: the player's first ``load`` does both (the app's:
    in the thread that loads a workout's sounds, not on the way to the first frame;
    docs/performance.md), and a failure then is told as the workout starts, which goes on
    silent."""
    sound = sound or SoundSettings()
    if not (sound.voice or sound.tones):
        return NullPlayer("sound off: voice and tones are both off in config.toml")
    mark_cues_as_events()
    player = SimpleAudioPlayer(None, sound, clips)
    if not probe:
        return player
    try:
        player.open_device()
    except Exception as error:  # noqa: BLE001 - SimpleaudioError is not exported
        failed = not isinstance(error, SimpleaudioMissing)
        return NullPlayer(f"sound off: {device_problem(error)}", device_failed=failed)
    return player


def device_problem(error: BaseException) -> str:
    """simpleaudio's error in a few words: "Error opening PCM device. -- CODE: -2 -- MSG: No
    such file or directory" is, to a person, "no audio device"."""
    match = re.search(r"CODE: (-?\d+) -- MSG: (.*)", str(error))
    if not match:
        return str(error) or type(error).__name__
    code, message = int(match.group(1)), match.group(2).strip()
    if code in (-2, -6, -19):  # ENOENT, ENXIO, ENODEV
        return f"no audio device ({message})"
    if code == -16:  # EBUSY
        return f"the audio device is busy ({message})"
    return message


class SoundSystem(Struct, frozen=True):
    """What check-audio looks at when the device does not open; read by ``look_at_sound``,
    made by hand in tests."""

    alsa_config: str | None = None  # ALSA_CONFIG_PATH, when set
    asoundrc: str | None = None  # ~/.asoundrc, when there is one
    cards: tuple[str, ...] = ()  # /proc/asound/cards, one name each
    dev_snd_usable: bool | None = None  # read-write access to /dev/snd/*; None: no /dev/snd
    in_audio_group: bool = False
    server_socket: str | None = None  # a PulseAudio or pipewire-pulse socket
    pulse_plugin: bool = False  # ALSA's pulse plugin (libasound2-plugins / pipewire-alsa)


def look_at_sound(environ: Mapping[str, str] | None = None) -> SoundSystem:
    environ = os.environ if environ is None else environ
    home = Path(environ.get("HOME", "~")).expanduser()
    cards: tuple[str, ...] = ()
    try:
        text = Path("/proc/asound/cards").read_text(errors="replace")
        cards = tuple(m.group(1).strip() for m in re.finditer(r"^\s*\d+ \[[^]]*\]: (.*)$", text, re.M))
    except OSError:
        pass
    devices = sorted(Path("/dev/snd").glob("pcmC*")) if Path("/dev/snd").is_dir() else []
    usable = all(os.access(d, os.R_OK | os.W_OK) for d in devices) if devices else None
    try:
        import grp

        in_group = grp.getgrnam("audio").gr_gid in os.getgroups()
    except (KeyError, ImportError):
        in_group = False
    runtime = environ.get("XDG_RUNTIME_DIR", f"/run/user/{os.getuid()}")
    server = environ.get("PULSE_SERVER") or next(
        (str(p) for p in (Path(runtime) / "pulse" / "native", Path(runtime) / "pipewire-0") if p.exists()), None
    )
    plugin = any(Path("/usr/lib").glob("*/alsa-lib/libasound_module_pcm_pulse.so")) or any(
        Path("/usr/lib").glob("alsa-lib/libasound_module_pcm_pulse.so")
    )
    asoundrc = home / ".asoundrc"
    return SoundSystem(
        alsa_config=environ.get("ALSA_CONFIG_PATH"),
        asoundrc=str(asoundrc) if asoundrc.exists() else None,
        cards=cards,
        dev_snd_usable=usable,
        in_audio_group=in_group,
        server_socket=server,
        pulse_plugin=plugin,
    )


def what_to_check(problem: str, system: SoundSystem) -> list[str]:
    """After "sound off: ...": which device was tried and what to look at next, most likely
    first, one line each."""
    tried = "tried: ALSA's 'default' device"
    if system.alsa_config:
        tried += f", as ALSA_CONFIG_PATH={system.alsa_config} defines it"
    elif system.asoundrc:
        tried += f", as {system.asoundrc} defines it"
    lines = [tried]
    if system.server_socket and not system.pulse_plugin:
        lines.append(
            f"check: a sound server is running ({system.server_socket}) but ALSA has no plugin to reach it: "
            "install libasound2-plugins (PulseAudio) or pipewire-alsa (PipeWire)"
        )
    if system.dev_snd_usable is False and not system.in_audio_group:
        lines.append(
            "check: you may not use the sound card (/dev/snd): add yourself to the 'audio' group "
            "(sudo usermod -aG audio $USER) and log in again, or run a sound server"
        )
    if not system.cards and system.server_socket is None:
        lines.append("check: Linux sees no sound card (/proc/asound/cards is empty) and no sound server runs")
    elif "busy" in problem:
        lines.append("check: another program holds the card; a sound server (PulseAudio, PipeWire) lets them share it")
    if system.alsa_config or system.asoundrc:
        lines.append(f"check: {system.alsa_config or system.asoundrc}, which sets what 'default' means")
    lines.append("check: `aplay -L` lists the devices ALSA knows; `speaker-test -c 2 -l 1` plays through 'default'")
    return lines


def describe_backend() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("simpleaudio-312compat")
    except PackageNotFoundError:
        release = "?"
    config = os.environ.get("ALSA_CONFIG_PATH")
    return f"simpleaudio {release}, ALSA device 'default'" + (f" (ALSA_CONFIG_PATH={config})" if config else "")


#: The role that tells the sound server a stream is an event sound. PulseAudio calls it "event";
#: PipeWire's own name for the same is "Notification" (pipewire-pulse maps one to the other).
#: Never "phone": a default PulseAudio corks (pauses) every music stream while a phone stream plays.
PULSE_EVENT_ROLE = "media.role=event"
PIPEWIRE_EVENT_ROLE = 'media.role = "Notification"'
_HAS_ROLE = re.compile(r'(?:^|[\s{,])"?media\.role"?\s*[=:]')


def mark_cues_as_events(environ: MutableMapping[str, str] | None = None) -> None:
    """Mark every stream this process opens as an event sound, so a desktop that ducks or pauses
    music for event sounds does so for cues.

    The cue streams reach the sound server one of two ways, and each reads its own variable
    when a stream is opened (so this must run before the first cue, not before the import):
    ALSA's pulse plugin (Debian, Ubuntu: PulseAudio, or PipeWire through pipewire-pulse) opens
    them with libpulse, which adds ``PULSE_PROP`` to the client's properties, and PulseAudio
    copies those to each stream; ALSA's pipewire plugin (Fedora, Arch with pipewire-alsa)
    makes PipeWire streams, which add ``PIPEWIRE_PROPS``. A role the person has set in either
    stays; other properties they set are kept and ours added."""
    environ = os.environ if environ is None else environ
    for name, role in (("PULSE_PROP", PULSE_EVENT_ROLE), ("PIPEWIRE_PROPS", PIPEWIRE_EVENT_ROLE)):
        theirs = environ.get(name, "").strip()
        if not theirs:
            environ[name] = role
        elif not _HAS_ROLE.search(theirs):
            # PipeWire takes "{ a = b }" or bare "a = b"; libpulse bare "a=b c='d e'".
            environ[name] = f"{theirs[:-1].rstrip()} {role} }}" if theirs.endswith("}") else f"{theirs} {role}"


_quiet: Any = None  # alsa-lib's error handler, once made; kept here: ALSA holds the pointer


def silence_alsa_errors() -> None:
    """alsa-lib prints "ALSA lib ... cannot find card '0'" to file descriptor 2, which is the
    terminal Textual draws on; a no-op error handler keeps the screen clean."""
    global _quiet
    import ctypes  # here: only a process that plays sound needs it

    if _quiet is None:
        handler = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p)
        _quiet = handler(lambda *args: None)
    try:  # by its soname: ctypes.util.find_library would run ldconfig and import subprocess
        ctypes.CDLL("libasound.so.2").snd_lib_error_set_handler(_quiet)
    except (OSError, AttributeError):
        pass

"""Spoken cues: words turned into a clip by flite (its ``rms`` voice) or espeak-ng, trimmed by sox.

The bundled phrases are rendered once with flite by scripts/make_sounds.py and shipped; a
user's own words are rendered on their machine at run time. Both go through render(), so
every clip has the project's one format (22050 Hz mono 16-bit) and lands on time: both
engines leave silence around the words (flite 16 kHz, espeak-ng 22.05 kHz), which sox
resamples and cuts off.
"""

from __future__ import annotations

import array
import os
import re
import wave
from pathlib import Path

from trainertui.tones import RATE

FLITE = "flite"
ESPEAK = "espeak-ng"
ENGINES = (FLITE, ESPEAK)  # best first
SOX = "sox"
FLITE_VOICE = "rms"  # CMU ARCTIC's male US voice: the clearest of flite's (docs/audio.md, "The voice")
FLITE_STRETCH = 0.95  # duration_stretch: a touch quicker than flite's default, fewer words misheard
VOICE = "en-gb"  # espeak-ng's built-in voice: the mbrola ones need non-free voice databases
SPEED = 150  # espeak-ng's words per minute: a little slower than its default, clearer when out of breath
TIMEOUT_S = 20
SOX_EFFECTS = "silence 1 0.01 0.5% reverse silence 1 0.01 0.5% reverse norm -3 pad 0.02 0.05".split()
SLUG_MAX = 80


class VoiceError(Exception):
    """Why a phrase could not be rendered, in one line, fit to show or log as it is."""


def slug(text: str) -> str:
    """The file name (without .wav) a phrase is stored under, stable across runs.

    Long phrases are cut and given a hash of the full text, so two long phrases that start
    alike do not share a file.
    """
    name = re.sub(r"[\W_]+", "-", text.lower()).strip("-")
    if name and len(name) <= SLUG_MAX:
        return name
    import hashlib  # only here: it loads OpenSSL's libcrypto, about 2 ms of the app's start-up

    digest = hashlib.sha1(text.encode()).hexdigest()[:8]
    if not name:
        return digest
    return name[:SLUG_MAX].rstrip("-") + "-" + digest


def installed(command: str) -> bool:
    import shutil  # here, with subprocess and tempfile below: the app imports this module at
    # start-up for slug(), and rendering is rare, so its imports are paid only when it happens

    return shutil.which(command) is not None


def usable(engine: str) -> bool:
    """Whether ``engine`` can make a clip here: flite speaks at 16 kHz, so it needs sox too."""
    if engine == FLITE:
        return installed(FLITE) and installed(SOX)
    return installed(engine)


def runtime_engine() -> str | None:
    """The engine that speaks a user routine's own words: flite, else espeak-ng, else none."""
    return next((engine for engine in ENGINES if usable(engine)), None)


def engine_choice() -> tuple[str | None, str]:
    """The runtime engine and, in a few words, what speaks and why (``check-audio`` says it)."""
    engine = runtime_engine()
    if engine == FLITE:
        return engine, f"flite ({FLITE_VOICE})"
    if installed(FLITE):
        why = "flite is installed but sox, which converts its speech, is not"
    else:
        why = "flite is not installed"
    if engine == ESPEAK:
        return engine, f"espeak-ng ({why})"
    if installed(FLITE):
        return None, f"none, tones only ({why}, and espeak-ng is not installed)"
    return None, "none, tones only (neither flite nor espeak-ng is installed)"


def cache_key(engine: str) -> str:
    """The cache folder for ``engine``'s clips: it names the voice too, so a clip rendered by one
    engine (or voice) is never taken for another's."""
    if engine == FLITE:
        return f"flite-{FLITE_VOICE}-{FLITE_STRETCH}"
    if engine == ESPEAK:
        return f"espeak-ng-{VOICE}-{SPEED}"
    raise ValueError(f"unknown speech engine {engine!r}")


def engine_command(engine: str, text: str, out: Path) -> list[str]:
    """The command that speaks ``text`` into the WAV file ``out``."""
    if engine == FLITE:
        # -t: the next argument is the text, even one that starts with "-".
        return [FLITE, "-voice", FLITE_VOICE, "--setf", f"duration_stretch={FLITE_STRETCH}", "-t", text, "-o", str(out)]
    if engine == ESPEAK:
        # -w, not --stdout: --stdout writes a header with placeholder sizes.
        return [ESPEAK, "-v", VOICE, "-s", str(SPEED), "-w", str(out), "--", text]
    raise ValueError(f"unknown speech engine {engine!r}")


def render(text: str, dest: Path, engine: str | None = None) -> None:
    """Speak ``text`` with ``engine`` (by default runtime_engine()'s) into the WAV file ``dest``,
    replacing it atomically.

    A half-written clip is never left at ``dest``, so a player reading the cache while a
    render is running (or after one failed) sees the old clip or none.
    """
    if not text.strip():
        raise VoiceError("nothing to say: the text is empty")
    if engine is None:
        engine = runtime_engine()
        if engine is None:
            raise VoiceError("neither flite nor espeak-ng is installed")
    elif engine == FLITE and installed(FLITE) and not installed(SOX):
        raise VoiceError("sox is not installed (flite's speech needs converting)")
    elif not installed(engine):
        raise VoiceError(f"{engine} is not installed")
    try:
        _render(text, dest, engine)
    except OSError as error:
        raise VoiceError(f"cannot write {dest}: {error.strerror or error}") from None


def _render(text: str, dest: Path, engine: str) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    spoken = _temp_wav(dest.parent)
    trimmed = _temp_wav(dest.parent)
    try:
        _run(engine_command(engine, text, spoken))
        import shutil

        if shutil.which(SOX):
            _run([SOX, str(spoken), "-r", str(RATE), "-c", "1", "-b", "16", str(trimmed), *SOX_EFFECTS])
            result = trimmed
        else:
            result = spoken
        _check_clip(result)
        os.chmod(result, 0o644)  # mkstemp makes it private; a clip is not a secret
        os.replace(result, dest)
    finally:
        for path in (spoken, trimmed):
            path.unlink(missing_ok=True)


def _temp_wav(folder: Path) -> Path:
    """An empty temporary file beside the destination, so os.replace never crosses disks."""
    import tempfile

    handle, name = tempfile.mkstemp(prefix=".voice-", suffix=".wav", dir=folder)
    os.close(handle)
    return Path(name)


def _run(command: list[str]) -> None:
    import subprocess

    try:
        done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise VoiceError(f"{command[0]} took longer than {TIMEOUT_S} s") from None
    except OSError as error:
        raise VoiceError(f"{command[0]} could not be run: {error}") from None
    if done.returncode != 0:
        lines = done.stderr.decode(errors="replace").strip().splitlines()
        reason = lines[-1] if lines else f"exit status {done.returncode}"
        raise VoiceError(f"{command[0]} failed: {reason}")


def _check_clip(path: Path) -> None:
    try:
        with wave.open(str(path), "rb") as clip:
            shape = (clip.getframerate(), clip.getnchannels(), clip.getsampwidth())
            frames = clip.readframes(clip.getnframes())
    except (wave.Error, EOFError) as error:
        raise VoiceError(f"the speech clip is not a valid WAV file: {error}") from None
    if shape != (RATE, 1, 2):
        rate, channels, width = shape
        raise VoiceError(
            f"the speech clip is {rate} Hz, {channels} channel(s), {8 * width}-bit;"
            f" {RATE} Hz mono 16-bit is needed (install sox to convert it)"
        )
    if not any(array.array("h", frames)):
        raise VoiceError("the speech clip is silent")

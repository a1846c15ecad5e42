"""Spoken cues: words turned into a clip by flite (its ``rms`` voice) or espeak-ng, or by the
person's own voice command, trimmed by sox.

The bundled phrases are rendered once with flite by scripts/make_sounds.py and shipped; a
user's own words are rendered on their machine at run time. With ``voice_command`` set in
config.toml (Piper, say), that command speaks every cue, the shipped phrases too, and flite,
espeak-ng and the shipped clips are what is heard if it fails. All go through render(), so
every clip has the project's one format (22050 Hz mono 16-bit) and lands on time: sox
resamples whatever the engine wrote and cuts off the silence around the words.
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


PLACEHOLDER = re.compile(r"\{(text|out|model)\}")
PLACEHOLDERS = ("{text}", "{out}", "{model}")


class Engine:
    """One way of turning words into a WAV file: a command, the programs it needs, and the
    cache folder its clips are kept in (``key``: it names the voice, so a clip one engine made
    is never taken for another's)."""

    __slots__ = ("name", "label", "key", "template", "needs", "model")

    def __init__(
        self,
        name: str,
        label: str,
        key: str,
        template: list[str],
        needs: tuple[str, ...],
        model: Path | None = None,
    ) -> None:
        self.name = name  # for messages: "flite", "your voice"
        self.label = label  # what check-audio says speaks: "flite (rms)"
        self.key = key
        #: The command, word by word, with {text} (else the text goes to its standard input),
        #: {out} (else the WAV is read from its standard output) and {model}.
        self.template = template
        self.needs = needs  # the programs that must be on PATH (or paths that must run)
        self.model = model

    def __repr__(self) -> str:
        return f"Engine({self.name!r}, key={self.key!r})"

    def command(self, text: str, out: Path) -> list[str]:
        """The command that speaks ``text`` into ``out`` (one substitution per word, so words
        that contain a placeholder's braces are left as they are)."""
        values = {"text": text, "out": str(out), "model": str(self.model or "")}
        return [PLACEHOLDER.sub(lambda m: values[m.group(1)], word) for word in self.template]

    @property
    def reads_stdin(self) -> bool:
        return not any("{text}" in word for word in self.template)

    @property
    def writes_stdout(self) -> bool:
        return not any("{out}" in word for word in self.template)

    def missing(self) -> str | None:
        """Why this engine cannot speak here, or None when it can."""
        for program in self.needs:
            if not installed(program):
                if self.name == FLITE and program == SOX:
                    return "sox is not installed (flite's speech needs converting)"
                return f"{program} is not installed" if self.name != OWN else f"'{program}' is not found"
        if self.model is not None and not self.model.is_file():
            return f"its model {self.model} is not there"
        return None


FLITE_ENGINE = Engine(
    FLITE,
    f"flite ({FLITE_VOICE})",
    f"flite-{FLITE_VOICE}-{FLITE_STRETCH}",
    # -t: the next argument is the text, even one that starts with "-".
    [FLITE, "-voice", FLITE_VOICE, "--setf", f"duration_stretch={FLITE_STRETCH}", "-t", "{text}", "-o", "{out}"],
    (FLITE, SOX),
)
ESPEAK_ENGINE = Engine(
    ESPEAK,
    "espeak-ng",
    f"espeak-ng-{VOICE}-{SPEED}",
    # -w, not --stdout: --stdout writes a header with placeholder sizes.
    [ESPEAK, "-v", VOICE, "-s", str(SPEED), "-w", "{out}", "--", "{text}"],
    (ESPEAK,),
)
BUILT_IN = {FLITE: FLITE_ENGINE, ESPEAK: ESPEAK_ENGINE}
OWN = "your voice"


def own_engine(command: str, model: str | None = None) -> Engine:
    """The person's own voice, from config.toml's ``voice_command`` (and ``voice_model``),
    checked there already (settings.check_voice_command). Its cache folder is named by a hash
    of the command, the model's path and the model file's size and time, so a new model, or a
    new command, speaks every phrase again."""
    import hashlib
    import shlex

    template = shlex.split(command)
    template[0] = os.path.expanduser(template[0])
    model_path = Path(model).expanduser() if model else None
    stamp = ""
    if model_path is not None:
        try:
            facts = model_path.stat()
            stamp = f"{facts.st_size}-{facts.st_mtime_ns}"
        except OSError:
            stamp = "missing"
    digest = hashlib.sha1("\0".join([*template, str(model_path or ""), stamp]).encode()).hexdigest()[:12]
    from trainertui.text import visible

    label = visible(f"your voice ({command}" + (f", model {model_path})" if model_path else ")"))
    return Engine(OWN, label, f"own-{digest}", template, (template[0],), model_path)


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
    """Whether the built-in ``engine`` can make a clip here: flite speaks at 16 kHz, so it needs sox too."""
    return BUILT_IN[engine].missing() is None


def engines(own: Engine | None = None) -> list[Engine]:
    """The engines that can speak here, best first: the person's own voice when it is set and
    can run, then flite, then espeak-ng. A phrase one of them fails on goes to the next."""
    return [engine for engine in (own, FLITE_ENGINE, ESPEAK_ENGINE) if engine is not None and engine.missing() is None]


def runtime_engine() -> str | None:
    """The built-in engine that speaks a user routine's own words: flite, else espeak-ng, else none."""
    return next((engine for engine in ENGINES if usable(engine)), None)


def engine_choice(own: Engine | None = None) -> tuple[str | None, str]:
    """The engine that speaks and, in a few words, what speaks and why (``check-audio`` says
    it). With the person's own voice set and able to run, it speaks (every cue)."""
    if own is not None:
        why_not = own.missing()
        if why_not is None:
            return OWN, own.label
        engine, built_in = engine_choice()
        return engine, f"{built_in}; {own.label} is set, but {why_not}"
    engine = runtime_engine()
    if engine == FLITE:
        return engine, FLITE_ENGINE.label
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
    """The cache folder for the built-in ``engine``'s clips."""
    if engine not in BUILT_IN:
        raise ValueError(f"unknown speech engine {engine!r}")
    return BUILT_IN[engine].key


def engine_command(engine: str, text: str, out: Path) -> list[str]:
    """The command by which the built-in ``engine`` speaks ``text`` into the WAV file ``out``."""
    if engine not in BUILT_IN:
        raise ValueError(f"unknown speech engine {engine!r}")
    return BUILT_IN[engine].command(text, out)


def render(text: str, dest: Path, engine: str | Engine | None = None) -> None:
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
    chosen = BUILT_IN[engine] if isinstance(engine, str) else engine
    why_not = chosen.missing()
    if why_not is not None:
        raise VoiceError(why_not)
    try:
        _render(text, dest, chosen)
    except OSError as error:
        raise VoiceError(f"cannot write {dest}: {error.strerror or error}") from None


def _render(text: str, dest: Path, engine: Engine) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    spoken = _temp_wav(dest.parent)
    trimmed = _temp_wav(dest.parent)
    try:
        stdin = text if engine.reads_stdin else None
        _run(engine.command(text, spoken), stdin, spoken if engine.writes_stdout else None)
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


def _run(command: list[str], stdin: str | None = None, stdout: Path | None = None) -> None:
    """Run ``command``, giving it ``stdin`` and writing its standard output to ``stdout``."""
    import subprocess

    name = Path(command[0]).name
    try:
        with open(stdout, "wb") if stdout is not None else open(os.devnull, "wb") as sink:
            done = subprocess.run(
                command,
                input=(stdin or "").encode(),
                stdout=sink,
                stderr=subprocess.PIPE,
                timeout=TIMEOUT_S,
                check=False,
            )
    except subprocess.TimeoutExpired:
        raise VoiceError(f"{name} took longer than {TIMEOUT_S} s") from None
    except OSError as error:
        raise VoiceError(f"{name} could not be run: {error.strerror or error}") from None
    if done.returncode != 0:
        lines = done.stderr.decode(errors="replace").strip().splitlines()
        reason = lines[-1] if lines else f"exit status {done.returncode}"
        raise VoiceError(f"{name} failed: {_short(reason)}")


def _short(text: str, limit: int = 120) -> str:
    """A line from another program, shown in ours: printable, and not too long."""
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_clip(path: Path) -> None:
    try:
        with wave.open(str(path), "rb") as clip:
            shape = (clip.getframerate(), clip.getnchannels(), clip.getsampwidth())
            frames = clip.readframes(clip.getnframes())
    except (wave.Error, EOFError) as error:
        raise VoiceError(f"the speech clip is not a valid WAV file: {_short(str(error))}") from None
    if shape != (RATE, 1, 2):
        rate, channels, width = shape
        raise VoiceError(
            f"the speech clip is {rate} Hz, {channels} channel(s), {8 * width}-bit;"
            f" {RATE} Hz mono 16-bit is needed (install sox to convert it)"
        )
    if not any(array.array("h", frames)):
        raise VoiceError("the speech clip is silent")

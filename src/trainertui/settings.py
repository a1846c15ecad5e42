"""The settings in config.toml: read without fuss over mistakes, written without damage.

A missing file means the defaults; a file with mistakes gives one line per problem (file and
line) and the defaults for what is wrong; a file that is not a regular file (a FIFO, a device,
a folder) or is far too big to be settings is refused unread. Where the file lives is
``paths.config_file()``.

The app writes a few choices back (the mute key, a programme's equipment and metronome). It
edits the person's file with tomlkit, which keeps comments, layout, inline tables and key order
as they were; it never writes over a file that does not parse, and every write is checked by
reading the result back before it replaces the file.

Settings are declared once, in SECTIONS: a key, its default, and what a value must be.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal

from msgspec import Struct, field

from trainertui.paths import config_file
from trainertui.text import control_in

DEFAULT_VOLUME = 80
#: The stride metronome's clicks, in percent of ``volume``: a beat to step to, under the cues.
DEFAULT_METRONOME_VOLUME = 60
#: When music.py pauses the person's media players: never, while a spoken cue plays, or for the
#: whole of each rest step.
PAUSE_MUSIC_CHOICES = ("off", "cues", "rests")
PauseMusic = Literal["off", "cues", "rests"]
#: Settings files are a few lines; anything bigger is not one (and is not read into memory).
MAX_CONFIG_BYTES = 64 * 1024

#: What a fresh config.toml says: every setting, its default, and what it does.
CONFIG_TEMPLATE = """\
# trainertui settings. Delete a line to go back to its default.
[sound]
voice = {voice}     # spoken prompts ("Run now", "Halfway")
tones = {tones}     # beeps, the 3-2-1 countdown and the finish chime
volume = {volume}      # percent, 0 to 100
muted = {muted}    # what the m key last set during a workout
metronome_volume = 60   # the stride metronome's clicks, percent of volume
pause_music = "off"   # pause media players: "cues" while a cue speaks, "rests" for each rest step
# voice_command = "piper --model {{model}} --output_file {{out}}"   # your own voice (docs/audio.md)
# voice_model = "~/voices/en_GB-alan-medium.onnx"

[desktop]
keep_awake = true   # keep the screen on and the laptop awake while a workout runs
"""


class SoundSettings(Struct, frozen=True):
    """The [sound] table of config.toml."""

    voice: bool = True
    tones: bool = True
    volume: int = DEFAULT_VOLUME
    muted: bool = False
    pause_music: PauseMusic = "off"
    #: The metronome's clicks, in percent of ``volume``.
    metronome_volume: int = DEFAULT_METRONOME_VOLUME
    #: The person's own text-to-speech command ({text}, {out}, {model}; voice.own_engine), and its model file.
    voice_command: str | None = None
    voice_model: str | None = None

    @property
    def click_volume(self) -> int:
        """The clicks' own volume, in percent of full scale of the click."""
        return self.volume * self.metronome_volume // 100


class DesktopSettings(Struct, frozen=True):
    """The [desktop] table of config.toml."""

    #: Ask the desktop not to blank, lock or suspend while a workout runs (keep_awake.py).
    keep_awake: bool = True


class ProgrammeSettings(Struct, frozen=True):
    """Choices the person made for one programme (``[programmes.ID]``); None: not made."""

    equipment: str | None = None
    metronome: bool | None = None


class Settings(Struct, frozen=True):
    """Everything read from config.toml, with the defaults for what it does not say."""

    sound: SoundSettings = SoundSettings()
    #: By programme id.
    programmes: Mapping[str, ProgrammeSettings] = field(default_factory=dict)
    #: One line per problem found in config.toml (the defaults are used for those settings).
    problems: tuple[str, ...] = ()
    desktop: DesktopSettings = DesktopSettings()

    def programme(self, programme_id: str) -> ProgrammeSettings:
        return self.programmes.get(programme_id, ProgrammeSettings())


class _Wrong(ValueError):
    """A value that does not fit; the message says what would."""


def _boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise _Wrong("true or false")


def _percent(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 100:
        return value
    raise _Wrong("a whole number from 0 to 100")


def _choice(*choices: str) -> Callable[[object], object]:
    def check(value: object) -> object:
        if value in choices:
            return value
        raise _Wrong("one of " + ", ".join(f'"{choice}"' for choice in choices))

    return check


def _voice_command(value: object) -> str:
    """A command line that speaks {text} (else its standard input) into the WAV file {out}
    (else its standard output)."""
    import shlex

    from trainertui.voice import PLACEHOLDERS

    if not isinstance(value, str) or not value.strip():
        raise _Wrong('a command such as "piper --model {model} --output_file {out}"')
    control = control_in(value)
    if control is not None:
        raise _Wrong(f"a command line without control characters (it has {control})")
    try:
        words = shlex.split(value)
    except ValueError as error:
        raise _Wrong(f"a command line ({error})") from None
    for word in words:
        for braced in re.findall(r"\{[^{}]*\}", word):
            if braced not in PLACEHOLDERS:
                known = ", ".join(PLACEHOLDERS)
                raise _Wrong(f"a command whose placeholders are {known} ({_cut(braced, 20)} is not one)")
    return value


def _path(value: object) -> str:
    if isinstance(value, str) and value.strip() and control_in(value) is None:
        return value
    raise _Wrong("a file's path, without control characters")


def _name(value: object) -> str:
    if isinstance(value, str) and re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,31}", value):
        return value
    raise _Wrong('a name such as "home"')


#: Every setting: section -> key -> what a value must be. A section's struct has a field
#: of the same name for each key.
SECTIONS: dict[str, dict[str, Callable[[object], object]]] = {
    "sound": {
        "voice": _boolean,
        "tones": _boolean,
        "volume": _percent,
        "muted": _boolean,
        "pause_music": _choice(*PAUSE_MUSIC_CHOICES),
        "metronome_volume": _percent,
        "voice_command": _voice_command,
        "voice_model": _path,
    },
    "desktop": {"keep_awake": _boolean},
}
#: ``[programmes.ID]`` tables: one per programme.
PROGRAMME_KEYS: dict[str, Callable[[object], object]] = {"equipment": _name, "metronome": _boolean}


def load_settings(path: Path | None = None) -> Settings:
    """Read config.toml. Never fails: the problems come back with the defaults for them, and
    a broken file is never overwritten (see save_setting)."""
    path = path or config_file()
    text, problem = _read(path)
    if problem is not None:
        return Settings(problems=(f"{problem}; using the default settings",))
    if text is None:
        return Settings()
    import tomllib  # only when there is a file: the app's start-up is measured (bench/app_bench.py)

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Settings(problems=(f"{path}: {_one_line(str(error))}; using the default settings",))
    lines = _Lines(path, text)
    problems: list[str] = []
    sound = _section(data.pop("sound", {}), "sound", SECTIONS["sound"], lines, problems)
    if "{model}" in str(sound.get("voice_command", "")) and "voice_model" not in sound:
        where = lines.at("voice_command", section="sound")
        problems.append(f"{where}: sound.voice_command uses {{model}}, but sound.voice_model is not set")
        del sound["voice_command"]
    desktop = _section(data.pop("desktop", {}), "desktop", SECTIONS["desktop"], lines, problems)
    programmes: dict[str, ProgrammeSettings] = {}
    raw_programmes = data.pop("programmes", {})
    if not isinstance(raw_programmes, dict):
        problems.append(f"{lines.at('programmes')}: 'programmes' should be a table of [programmes.ID] sections")
        raw_programmes = {}
    for programme_id, table in raw_programmes.items():
        values = _section(table, f"programmes.{programme_id}", PROGRAMME_KEYS, lines, problems)
        programmes[programme_id] = ProgrammeSettings(**values)  # type: ignore[arg-type]
    problems += [f"{lines.at(key)}: unknown section or key '{_cut(key)}'" for key in data]
    return Settings(
        SoundSettings(**sound),  # type: ignore[arg-type]
        programmes,
        tuple(problems),
        DesktopSettings(**desktop),  # type: ignore[arg-type]
    )


def _section(
    table: object,
    name: str,
    keys: dict[str, Callable[[object], object]],
    lines: _Lines,
    problems: list[str],
) -> dict[str, object]:
    """The valid values of one section; a problem line for each one that is not."""
    if not isinstance(table, dict):
        problems.append(f"{lines.at(name)}: '{name}' should be a [{name}] section")
        return {}
    values: dict[str, object] = {}
    for key, value in table.items():
        where = lines.at(key, section=name)
        check = keys.get(key)
        if check is None:
            problems.append(f"{where}: unknown setting '{name}.{_cut(key)}' (known: {', '.join(keys)})")
            continue
        try:
            values[key] = check(value)
        except _Wrong as wrong:
            problems.append(f"{where}: {name}.{key} should be {wrong}, not {_shown(value)}")
    return values


# --- writing ------------------------------------------------------------------------------


def save_setting(keys: tuple[str, ...], value: bool | int | str, what: str, path: Path | None = None) -> str | None:
    """Set one value (``("sound", "muted")``, ``("programmes", "c25k", "equipment")``) in
    config.toml, changing nothing else in the file. ``what`` names it in a problem ("the mute
    setting"). Returns a problem, or None."""
    path = path or config_file()
    text, problem = _read(path)
    if problem is not None:
        return f"{problem}, so {what} was not saved"
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    fresh = text is None
    source = CONFIG_TEMPLATE.format(voice="true", tones="true", volume=DEFAULT_VOLUME, muted="false") if fresh else text
    try:
        document = tomlkit.parse(source or "")
        _set(document, keys, value)
        updated = tomlkit.dumps(document)
    except (TOMLKitError, _Wrong, ValueError):
        return f"{path} has an error, so {what} was not saved"
    if _lookup(updated, keys) != value:  # never write what would not read back as meant
        return f"{path} could not be changed safely, so {what} was not saved"
    return _write(path, updated, what)


def save_muted(muted: bool, path: Path | None = None) -> str | None:
    """Remember the m key."""
    return save_setting(("sound", "muted"), muted, "the mute setting", path)


def save_metronome(programme_id: str, on: bool, path: Path | None = None) -> str | None:
    """Remember the workout's c key, for this programme (``[programmes.ID] metronome``)."""
    return save_setting(("programmes", programme_id, "metronome"), on, "the metronome setting", path)


def _set(document: Any, keys: tuple[str, ...], value: object) -> None:
    import tomlkit

    table = document
    for key in keys[:-1]:
        if key not in table:
            table[key] = tomlkit.table(is_super_table=key == "programmes")
        table = table[key]
        if not isinstance(table, dict):  # e.g. `sound = 3`: not a table to put a key in
            raise _Wrong(key)
    table[keys[-1]] = value


def _lookup(text: str, keys: tuple[str, ...]) -> object:
    import tomllib

    value: object = tomllib.loads(text)
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _write(path: Path, text: str, what: str) -> str | None:
    """Replace the file atomically, keeping its permissions; a temporary file is left nowhere."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as error:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass  # not ours to remove (a folder by that name): the file itself is untouched
        return f"could not save {what} to {path}: {error.strerror or error}"
    return None


# --- reading ------------------------------------------------------------------------------


def _read(path: Path) -> tuple[str | None, str | None]:
    """The file's text (None if there is none), or the problem that stops it being read. A
    FIFO, a device or a folder is refused before opening: opening a FIFO would block."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None, None
    except OSError as error:
        return None, f"{path}: cannot read it ({error.strerror or error})"
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        return None, f"{path} is {kind}"
    if info.st_size > MAX_CONFIG_BYTES:
        return None, f"{path} is larger than {MAX_CONFIG_BYTES // 1024} KB, too big to be settings"
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_CONFIG_BYTES + 1)
    except OSError as error:
        return None, f"{path}: cannot read it ({error.strerror or error})"
    if len(raw) > MAX_CONFIG_BYTES:
        return None, f"{path} is larger than {MAX_CONFIG_BYTES // 1024} KB, too big to be settings"
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return None, f"{path} line {line}: not UTF-8 text"


class _Lines:
    """Where a key is set, for messages (tomllib reports lines only for syntax errors)."""

    _HEADER = re.compile(r"\s*\[\[?\s*([^\]#]+?)\s*\]")

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = [line.split("#", 1)[0] for line in text.splitlines()]

    def at(self, key: str, *, section: str = "") -> str:
        """``PATH line N`` where ``key`` is set: in ``[section]``, as ``section.key = ...``, or in
        an inline ``section = { key = ... }``; without a section, at the top or as ``[key]``."""
        name = re.escape(key)
        last = re.escape(section.rsplit(".", 1)[-1]) if section else ""
        current = ""
        for number, line in enumerate(self.lines, 1):
            header = self._HEADER.match(line)
            if header:
                current = header.group(1).replace('"', "").replace("'", "").replace(" ", "")
                if not section and (current == key or current.startswith(f"{key}.")):
                    return f"{self.path} line {number}"
                continue
            if section:
                own = current == section and re.match(rf"\s*{name}\s*=", line)
                dotted = re.match(rf"\s*{re.escape(section)}\.{name}\s*=", line)
                inline = re.match(rf"\s*{last}\s*=\s*\{{", line) and re.search(rf"[{{,]\s*{name}\s*=", line)
                if own or dotted or inline:
                    return f"{self.path} line {number}"
            elif not current and re.match(rf"\s*{name}\s*[=.]", line):
                return f"{self.path} line {number}"
        return str(self.path)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _shown(value: object) -> str:
    """A value from the file in a message: as written, and short."""
    return _cut(repr(value) if isinstance(value, str) else str(value))


def _cut(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

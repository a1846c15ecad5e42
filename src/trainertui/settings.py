"""The settings in config.toml: read without fuss over mistakes, written without damage.

A missing file means the defaults; a file with mistakes gives one line per problem (file and
line) and the defaults for what is wrong. The only thing the app writes is the mute key's
state, and it changes nothing else in the file (see ``save_muted``). Where the file lives is
``paths.config_file()``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from trainertui.paths import config_file

VOLUME_RANGE = range(101)
DEFAULT_VOLUME = 80

#: What a fresh config.toml says: every setting, its default, and what it does.
CONFIG_TEMPLATE = """\
# trainertui settings. Delete a line to go back to its default.
[sound]
voice = {voice}     # spoken prompts ("Run now", "Halfway")
tones = {tones}     # beeps, the 3-2-1 countdown and the finish chime
volume = {volume}      # percent, 0 to 100
muted = {muted}    # what the m key last set during a workout
"""


@dataclass(frozen=True, slots=True)
class SoundSettings:
    voice: bool = True
    tones: bool = True
    volume: int = DEFAULT_VOLUME
    muted: bool = False


@dataclass(frozen=True, slots=True)
class Settings:
    sound: SoundSettings = SoundSettings()
    #: One line per problem found in config.toml (the defaults are used for those settings).
    problems: tuple[str, ...] = ()


def load_settings(path: Path | None = None) -> Settings:
    """Read config.toml. A missing file means the defaults; a broken one is reported, never
    fatal, and never overwritten (see save_muted)."""
    path = path or config_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as error:
        return Settings(problems=(f"{path}: {error}; using the default settings",))
    import tomllib  # only when there is a file: the app's start-up is measured (bench/app_bench.py)

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Settings(problems=(f"{path}: {error}; using the default settings",))
    problems: list[str] = []
    sound = data.pop("sound", {})
    problems += [f"{path}: unknown section or key '{key}'" for key in data]
    if not isinstance(sound, dict):
        return Settings(problems=(f"{path}: 'sound' should be a [sound] section",))
    values: dict[str, object] = {}
    for key, value in sound.items():
        where = f"{path}{_line_of(path, key)}"
        if key in ("voice", "tones", "muted"):
            if isinstance(value, bool):
                values[key] = value
            else:
                problems.append(f"{where}: sound.{key} should be true or false, not {value!r}")
        elif key == "volume":
            if isinstance(value, int) and not isinstance(value, bool) and value in VOLUME_RANGE:
                values[key] = value
            else:
                problems.append(f"{where}: sound.volume should be a whole number from 0 to 100, not {value!r}")
        else:
            problems.append(f"{where}: unknown setting 'sound.{key}' (known: voice, tones, volume, muted)")
    return Settings(SoundSettings(**values), tuple(problems))  # type: ignore[arg-type]


def save_muted(muted: bool, path: Path | None = None) -> str | None:
    """Remember the m key. Only the ``muted`` line changes, so the person's own edits and
    comments stay; a file that does not parse is left alone. Returns a problem, or None."""
    path = path or config_file()
    settings = load_settings(path)
    value = "true" if muted else "false"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = CONFIG_TEMPLATE.format(voice="true", tones="true", volume=DEFAULT_VOLUME, muted=value)
    except OSError as error:
        return f"could not read {path}: {error.strerror}"
    else:
        if any("using the default settings" in p for p in settings.problems):
            return f"{path} has an error, so the mute setting was not saved"
        text, found = _MUTED_LINE.subn(rf"\g<1>{value}", text, count=1)
        if not found:
            text = (
                text.replace("[sound]\n", f"[sound]\nmuted = {value}\n", 1)
                if "[sound]" in text
                else text + f"\n[sound]\nmuted = {value}\n"
            )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as error:
        return f"could not save {path}: {error.strerror}"
    return None


_MUTED_LINE = re.compile(r"(?m)^(\s*muted\s*=\s*)(true|false)\b")


def _line_of(path: Path, key: str) -> str:
    """' line N' where ``key`` is set, for messages; tomllib reports lines only for syntax."""
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(rf"\s*{re.escape(key)}\s*=", line):
                return f" line {number}"
    except OSError:
        pass
    return ""

"""Parse and format durations the way routine files and screens write them."""

from __future__ import annotations

import re

_PARTS = re.compile(r"^(?:(?P<h>\d+)\s*h)?\s*(?:(?P<m>\d+)\s*m(?:in)?)?\s*(?:(?P<s>\d+)\s*s(?:ec)?)?$")


def parse_duration(value: object) -> int:
    """Whole seconds from ``90``, ``"90"``, ``"90s"``, ``"5m"``, ``"1m30s"`` or ``"1h"``.

    Raises ValueError with a message fit to show the person who wrote the file. YAML reads
    ``1:30`` as the integer 90 (base 60), which happens to mean what people mean by it.
    """
    if isinstance(value, bool) or value is None:
        raise ValueError(f"expected a duration like 90s, 5m or 1m30s, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError(f"durations are whole seconds, got {value!r}")
    if isinstance(value, str):
        text = value.strip().lower()
        if text.isdigit():
            return int(text)
        match = _PARTS.match(text)
        if text and match and any(match.groups()):
            h, m, s = (int(g or 0) for g in match.group("h", "m", "s"))
            return h * 3600 + m * 60 + s
    raise ValueError(f"expected a duration like 90s, 5m or 1m30s, got {value!r}")


def format_clock(seconds: float) -> str:
    """``mm:ss`` (or ``h:mm:ss``) for a number of seconds, rounded down."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def format_span(seconds: float) -> str:
    """Short human form: ``90s`` -> ``1m30s``, ``300`` -> ``5m``, ``3600`` -> ``1h``."""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours}h" if hours else "", f"{minutes}m" if minutes else "", f"{secs}s" if secs else ""]
    return "".join(parts) or "0s"


def format_words(seconds: float) -> str:
    """Spelled out for a sentence: ``192`` -> ``3 min 12 s``, ``3600`` -> ``1 h``."""
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours} h" if hours else "", f"{minutes} min" if minutes else "", f"{secs} s" if secs else ""]
    return " ".join(p for p in parts if p) or "0 s"

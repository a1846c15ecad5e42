"""Parse and format durations the way routine files and screens write them."""

from __future__ import annotations

import re

from trainertui.text import quoted, shorten

# ASCII digits only: str.isdigit() and \d also accept "²" or "٣", which int() may refuse.
_PARTS = re.compile(r"^(?:(?P<h>[0-9]+)\s*h)?\s*(?:(?P<m>[0-9]+)\s*m(?:in)?)?\s*(?:(?P<s>[0-9]+)\s*s(?:ec)?)?$")
#: Far more digits than any duration needs; Python refuses to convert strings past 4300 of them.
_MAX_DIGITS = 30
_EXPECTED = "expected a duration like 90s, 5m or 1m30s"


def parse_duration(value: object) -> int:
    """Whole seconds from ``90``, ``"90"``, ``"90s"``, ``"5m"``, ``"1m30s"`` or ``"1h"``.

    Raises ValueError with a message fit to show the person who wrote the file. YAML reads
    ``1:30`` as the integer 90 (base 60), which happens to mean what people mean by it.
    """
    if isinstance(value, bool) or value is None:
        raise ValueError(f"{_EXPECTED}, got {'nothing' if value is None else str(value).lower()}")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError(f"durations are whole seconds, got {value}")
    if isinstance(value, str):
        text = value.strip().lower()
        match = _PARTS.match(text)
        if text and match and any(match.groups()):
            if any(len(part) > _MAX_DIGITS for part in match.groups() if part):
                raise ValueError(f"{quoted(value)} is far longer than any session")
            h, m, s = (int(g or 0) for g in match.group("h", "m", "s"))
            return h * 3600 + m * 60 + s
        if re.fullmatch(r"[0-9]+", text):
            if len(text) > _MAX_DIGITS:
                raise ValueError(f"{quoted(value)} is far longer than any session")
            return int(text)
        raise ValueError(f"{_EXPECTED}, got {quoted(value)}")
    described = "a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict) else str(value)
    raise ValueError(f"{_EXPECTED}, got {shorten(described)}")


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

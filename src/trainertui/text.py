"""Text that came from outside (a routine file someone sent, config.toml, a history row, a file
name) made safe to show: no character in it can ever be interpreted by a terminal.

The rule, in one place: control characters (C0, DEL and C1, which include ESC and BEL) and the
Unicode bidirectional controls (which can make text read differently from what it is) are never
written as they are. ``visible`` shows each as an escape (``\\x1b``, ``\\u202e``), so a person
sees exactly what is there; the routine reader refuses them in names and titles (see
``control_in``). The full-screen app goes further and never reads routine text as markup
(docs/security.md).
"""

from __future__ import annotations

import re

#: C0 controls, DEL, C1 controls, and the bidi marks, embeddings, overrides and isolates.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: The same, but allowing line breaks and tabs, for text that may run over several lines.
_CONTROL_IN_PROSE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

_NAMES = {0x07: "BEL", 0x08: "BS", 0x09: "TAB", 0x0A: "LF", 0x0D: "CR", 0x1B: "ESC", 0x7F: "DEL", 0x9B: "CSI"}


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control and bidi character shown as an escape (``\\x1b``)."""
    return _CONTROL.sub(_escape, text)


def visible_prose(text: str) -> str:
    """Like ``visible``, but line breaks and tabs stay (tips and descriptions run over lines)."""
    return _CONTROL_IN_PROSE.sub(_escape, text)


def control_in(text: str, *, prose: bool = False) -> str | None:
    """The first control or bidi character in ``text``, described for a message ("U+001B
    ESC"), or None. With ``prose``, line breaks and tabs are allowed."""
    found = (_CONTROL_IN_PROSE if prose else _CONTROL).search(text)
    if found is None:
        return None
    code = ord(found.group())
    name = _NAMES.get(code, "")
    return f"U+{code:04X}" + (f" {name}" if name else "")


def shorten(text: str, limit: int = 60) -> str:
    """At most ``limit`` characters, ending in "…" when cut: a value echoed in a message must
    not make the message as long as the file."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quoted(value: object, limit: int = 40) -> str:
    """A value from a file, for a message: short, visible, and quoted when it is text."""
    if isinstance(value, str):
        return "'" + visible(shorten(value, limit)) + "'"
    return visible(shorten(str(value), limit))

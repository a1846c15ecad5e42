"""What the workout screen leaves out as the terminal shrinks, so the countdown keeps its size.

The countdown takes every row the rest of the screen leaves (``1fr``), and draws itself as
large as that allows. So that it stays big enough to read from across the room, the rest gives
way in a fixed order until the countdown has at least ``countdown_goal`` rows (about a third
of the terminal), least needed from a distance first:

1. ``-no-margins``: the blank rows between the parts;
2. ``-plain-target``: "8-10 reps" in plain bold text instead of big letters;
3. ``-no-tip``: the form tip (read close up, between steps, not from the mat);
4. ``-no-word``: the step's kind in big letters (the banner still names it in words, and its
   colour still tints the whole area).

The step's banner, what comes next, the strip and the bar never go: they are one row each.
Pure Python: this module knows the rows each part takes, not how they are drawn; the screen
sets the classes it returns and its stylesheet hides what they name (its DEFAULT_CSS).
"""

from __future__ import annotations

import textwrap

from msgspec import Struct

from trainertui.ui.widgets.block_font import word_height, word_width

GIVE_WAY = ("-no-margins", "-plain-target", "-no-tip", "-no-word")

#: From these terminal heights the big words are drawn at scale 2, and at scale 1.
TALL_FROM, WORDS_FROM = 40, 20

#: The body's padding (columns each side) and the tip's margin inside it.
_PAD, _TIP_MARGIN = 1, 2


class Parts(Struct, frozen=True):
    """What the current step shows besides the countdown (from the screen's View)."""

    word: str
    target: str
    detail: bool
    prompt: bool
    callout: bool
    tip: str
    sound: bool


def word_scale(height: int) -> int:
    """The largest scale of the big words on a terminal this tall (0: none)."""
    return 2 if height >= TALL_FROM else 1 if height >= WORDS_FROM else 0


def countdown_goal(height: int) -> int:
    """Rows the countdown should keep: about a third of the terminal (8 of 24, 20 of 60)."""
    return max(3, round(height * 0.34))


def _word_rows(text: str, columns: int, scale: int) -> int:
    for s in range(scale, 0, -1):
        if word_width(text, s) <= columns:
            return word_height(1, s)
    return 1


def rows_left(width: int, height: int, parts: Parts, give_way: tuple[str, ...]) -> int:
    """Rows the countdown gets with the classes ``give_way`` set (mirrors the screen's DEFAULT_CSS)."""
    columns = width - 2 * _PAD
    scale = word_scale(height)
    tall = height >= TALL_FROM
    margins = "-no-margins" not in give_way
    used = 2 + 1 + 1 + 1 + 1  # header, footer, banner, next, strip, bar
    used += int(parts.detail) + int(parts.sound)
    used += (3 if tall else 1) * (int(parts.prompt) + int(parts.callout))
    if margins:
        used += 2  # above the banner and above the strip
    if parts.word and scale and "-no-word" not in give_way:
        used += _word_rows(parts.word, columns, scale) + ((2 if tall else 1) if margins else 0)
    if parts.target:
        used += 1 if "-plain-target" in give_way else _word_rows(parts.target, columns, scale)
    if parts.tip and "-no-tip" not in give_way:
        used += len(textwrap.wrap(parts.tip, max(1, columns - 2 * _TIP_MARGIN))) + (int(margins) * (2 if tall else 1))
    return height - used


def plan(width: int, height: int, parts: Parts) -> tuple[str, ...]:
    """The classes that give way, fewest first, until the countdown has its goal (or all)."""
    goal = countdown_goal(height)
    forced = ("-no-word",) if word_scale(height) == 0 else ()
    for n in range(len(GIVE_WAY) + 1):
        give_way = tuple(dict.fromkeys(GIVE_WAY[:n] + forced))
        if rows_left(width, height, parts, give_way) >= goal:
            return give_way
    return tuple(dict.fromkeys(GIVE_WAY + forced))

"""The ``-narrow`` and ``-short`` classes a screen gets on a small terminal, for its CSS to
drop what does not fit (each screen says its own limits: NARROW_BELOW, SHORT_BELOW).

Textual's HORIZONTAL_/VERTICAL_BREAKPOINTS would do this, but they also add a class at
ordinary sizes, which restyles the whole screen as it first appears and made the menu's
start-up measurably slower (docs/performance.md). Here nothing changes unless the terminal is
small.
"""

from __future__ import annotations

from typing import Any

from textual.geometry import Size
from textual.screen import Screen


def mark_small(screen: Screen[Any], size: Size, *, narrow_below: int, short_below: int, update: bool = True) -> None:
    """Set or clear both classes, then restyle the screen once if either changed (each change
    of a screen's class restyles every widget on it); ``update=False`` leaves the restyle to
    a caller that changes more of the screen's classes."""
    before = screen.classes
    screen.set_class(size.width < narrow_below, "-narrow", update=False)
    screen.set_class(size.height < short_below, "-short", update=False)
    if update and screen.classes != before:
        screen.update_node_styles()

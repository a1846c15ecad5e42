"""Classes for small terminals, set only when the terminal is small.

Textual's HORIZONTAL_/VERTICAL_BREAKPOINTS would do this, but they also add a class at
ordinary sizes, which restyles the whole screen as it first appears: about 11 ms of the
menu's start-up (bench/app_bench.py). Here nothing changes unless the terminal is small.
"""

from __future__ import annotations

from typing import Any

from textual.geometry import Size
from textual.screen import Screen


def mark_small(screen: Screen[Any], size: Size, *, narrow_below: int, short_below: int) -> None:
    screen.set_class(size.width < narrow_below, "-narrow")
    screen.set_class(size.height < short_below, "-short")

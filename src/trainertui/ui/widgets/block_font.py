"""Figures and letters drawn with block characters, to be read from across a room.

Two fonts, both drawn with the half blocks ``▀ ▄ █``, so a terminal cell holds two pixels one
above the other. Terminal cells are about twice as tall as they are wide, so these pixels are
nearly square and shapes keep their proportions at any size.

- ``figure_rows``: the countdown's figures (0-9, ``:`` and ``-``) built from seven bars, like a
  gym clock's display, computed for any pixel height. Every height gives even strokes, so the
  countdown can grow one half-row at a time with the terminal instead of jumping between a few
  fixed fonts.
- ``word_rows``: everything else (the step's kind, "REPS", "PAUSED") in a 5x7 pixel font,
  scaled by whole numbers so every stroke stays the same width.

Pure Python with no Textual: the widgets that use it (``big_text.py``) only choose a size.
Glyphs are cached per size, so a redraw is a few string joins.
"""

from __future__ import annotations

from functools import lru_cache

#: (top pixel, bottom pixel) of a cell -> the character that draws it.
_HALVES = (" ", "▀", "▄", "█")

#: Characters the figure font draws; anything else needs the word font.
FIGURE_CHARS = frozenset("0123456789:- ")

#: The smallest figure worth drawing in blocks (3 rows); below it the text is shown plain.
MIN_FIGURE_PX = 5

# Which of the seven bars each figure lights: a top, b top right, c bottom right, d bottom,
# e bottom left, f top left, g middle.
_BARS = {
    "0": "abcdef",
    "1": "bc",
    "2": "abged",
    "3": "abgcd",
    "4": "fgbc",
    "5": "afgcd",
    "6": "afgedc",
    "7": "abc",
    "8": "abcdefg",
    "9": "abcdfg",
    "-": "g",
    " ": "",
}


def _stroke(px: int) -> int:
    return max(1, round(px * 0.16))


def _figure_width(px: int) -> int:
    return max(3, round(px * 0.58))


def _gap(px: int) -> int:
    return max(1, round(px * 0.14))


def _cells(pixels: list[list[int]]) -> tuple[str, ...]:
    """Pairs of pixel rows as rows of half-block characters."""
    if len(pixels) % 2:
        pixels = [*pixels, [0] * (len(pixels[0]) if pixels else 0)]
    return tuple(
        "".join(_HALVES[top + 2 * bottom] for top, bottom in zip(pixels[y], pixels[y + 1]))
        for y in range(0, len(pixels), 2)
    )


def _canvas(width: int, height: int) -> list[list[int]]:
    return [[0] * width for _ in range(height)]


def _fill(pixels: list[list[int]], x0: int, y0: int, x1: int, y1: int) -> None:
    for y in range(max(0, y0), min(len(pixels), y1)):
        row = pixels[y]
        row[x0:x1] = [1] * (x1 - x0)


@lru_cache(maxsize=256)
def _figure(char: str, px: int) -> tuple[str, ...]:
    """One figure ``px`` pixels tall, as rows of cells."""
    t = _stroke(px)
    if char == ":":
        pixels = _canvas(t, px)
        for centre in (px / 3, 2 * px / 3):
            top = round(centre - t / 2)
            _fill(pixels, 0, top, t, top + t)
        return _cells(pixels)
    w = _figure_width(px) if char != " " else max(1, _figure_width(px) // 2)
    mid = (px - t) // 2
    bars = {
        "a": (0, 0, w, t),
        "b": (w - t, 0, w, mid + t),
        "c": (w - t, mid, w, px),
        "d": (0, px - t, w, px),
        "e": (0, mid, t, px),
        "f": (0, 0, t, mid + t),
        "g": (0, mid, w, mid + t),
    }
    pixels = _canvas(w, px)
    for bar in _BARS[char]:
        _fill(pixels, *bars[bar])
    return _cells(pixels)


def figure_width(text: str, px: int) -> int:
    """Columns ``text`` takes in the figure font at ``px`` pixels tall."""
    if not text:
        return 0
    return sum(len(_figure(char, px)[0]) for char in text) + _gap(px) * (len(text) - 1)


def figure_rows(text: str, px: int) -> tuple[str, ...]:
    """``text`` (only FIGURE_CHARS) ``px`` pixels tall: ``ceil(px / 2)`` rows of cells."""
    glyphs = [_figure(char, px) for char in text]
    space = " " * _gap(px)
    return tuple(space.join(glyph[row] for glyph in glyphs) for row in range((px + 1) // 2))


def fit_figure(text: str, columns: int, rows: int) -> int:
    """The tallest pixel height at which ``text`` fits in ``columns`` x ``rows`` cells, or 0
    when even the smallest (MIN_FIGURE_PX) does not."""
    px = 2 * rows
    while px >= MIN_FIGURE_PX:
        if figure_width(text, px) <= columns:
            return px
        px -= 1
    return 0


# --- the word font ------------------------------------------------------------------------

# Each glyph: seven rows of the same width, "#" for a pixel.
_GLYPHS_5X7 = {
    "A": ".###.|#...#|#...#|#####|#...#|#...#|#...#",
    "B": "####.|#...#|#...#|####.|#...#|#...#|####.",
    "C": ".###.|#...#|#....|#....|#....|#...#|.###.",
    "D": "####.|#...#|#...#|#...#|#...#|#...#|####.",
    "E": "#####|#....|#....|####.|#....|#....|#####",
    "F": "#####|#....|#....|####.|#....|#....|#....",
    "G": ".###.|#...#|#....|#.###|#...#|#...#|.####",
    "H": "#...#|#...#|#...#|#####|#...#|#...#|#...#",
    "I": "###|.#.|.#.|.#.|.#.|.#.|###",
    "J": "..###|...#.|...#.|...#.|...#.|#..#.|.##..",
    "K": "#...#|#..#.|#.#..|##...|#.#..|#..#.|#...#",
    "L": "#....|#....|#....|#....|#....|#....|#####",
    "M": "#...#|##.##|#.#.#|#.#.#|#...#|#...#|#...#",
    "N": "#...#|#...#|##..#|#.#.#|#..##|#...#|#...#",
    "O": ".###.|#...#|#...#|#...#|#...#|#...#|.###.",
    "P": "####.|#...#|#...#|####.|#....|#....|#....",
    "Q": ".###.|#...#|#...#|#...#|#.#.#|#..#.|.##.#",
    "R": "####.|#...#|#...#|####.|#.#..|#..#.|#...#",
    "S": ".####|#....|#....|.###.|....#|....#|####.",
    "T": "#####|..#..|..#..|..#..|..#..|..#..|..#..",
    "U": "#...#|#...#|#...#|#...#|#...#|#...#|.###.",
    "V": "#...#|#...#|#...#|#...#|#...#|.#.#.|..#..",
    "W": "#...#|#...#|#...#|#.#.#|#.#.#|#.#.#|.#.#.",
    "X": "#...#|#...#|.#.#.|..#..|.#.#.|#...#|#...#",
    "Y": "#...#|#...#|.#.#.|..#..|..#..|..#..|..#..",
    "Z": "#####|....#|...#.|..#..|.#...|#....|#####",
    "0": ".###.|#...#|#...#|#...#|#...#|#...#|.###.",
    "1": "..#..|.##..|..#..|..#..|..#..|..#..|.###.",
    "2": ".###.|#...#|....#|...#.|..#..|.#...|#####",
    "3": "#####|...#.|..#..|...#.|....#|#...#|.###.",
    "4": "...#.|..##.|.#.#.|#..#.|#####|...#.|...#.",
    "5": "#####|#....|####.|....#|....#|#...#|.###.",
    "6": "..##.|.#...|#....|####.|#...#|#...#|.###.",
    "7": "#####|....#|...#.|..#..|.#...|.#...|.#...",
    "8": ".###.|#...#|#...#|.###.|#...#|#...#|.###.",
    "9": ".###.|#...#|#...#|.####|....#|...#.|.##..",
    " ": "...|...|...|...|...|...|...",
    "-": "...|...|...|###|...|...|...",
    "+": "...|...|.#.|###|.#.|...|...",
    ":": ".|.|#|.|#|.|.",
    ".": ".|.|.|.|.|.|#",
    ",": "..|..|..|..|..|.#|#.",
    "·": ".|.|.|#|.|.|.",
    "'": "#|#|.|.|.|.|.",
    "!": "#|#|#|#|#|.|#",
    "?": ".###.|#...#|....#|...#.|..#..|.....|..#..",
    "(": "..#|.#.|#..|#..|#..|.#.|..#",
    ")": "#..|.#.|..#|..#|..#|.#.|#..",
    "/": "....#|....#|...#.|..#..|.#...|#....|#....",
    "×": ".....|.....|#...#|.#.#.|..#..|.#.#.|#...#",
}
_WORD_PX = 7


@lru_cache(maxsize=512)
def _letter(char: str, scale: int) -> tuple[tuple[int, ...], ...]:
    """One glyph's pixels at ``scale`` (unknown characters draw as "?")."""
    rows = _GLYPHS_5X7.get(char, _GLYPHS_5X7["?"]).split("|")
    scaled = []
    for row in rows:
        line = tuple(1 if dot == "#" else 0 for dot in row for _ in range(scale))
        scaled += [line] * scale
    return tuple(scaled)


def word_width(text: str, scale: int) -> int:
    """Columns one line of ``text`` takes in the word font at ``scale``."""
    text = text.upper()
    if not text:
        return 0
    return sum(len(_letter(char, scale)[0]) for char in text) + scale * (len(text) - 1)


def word_height(lines: int, scale: int) -> int:
    """Rows of cells ``lines`` lines of words take at ``scale`` (a pixel row between lines)."""
    if lines <= 0:
        return 0
    px = lines * _WORD_PX * scale + (lines - 1) * 2 * scale
    return (px + 1) // 2


def word_rows(lines: tuple[str, ...], scale: int) -> tuple[str, ...]:
    """Lines of words at ``scale``, each centred on the widest, as rows of cells."""
    if not lines:
        return ()
    width = max(word_width(line, scale) for line in lines)
    pixels: list[list[int]] = []
    for n, line in enumerate(lines):
        if n:
            pixels += _canvas(width, 2 * scale)
        text = line.upper()
        glyphs = [_letter(char, scale) for char in text]
        left = (width - word_width(text, scale)) // 2
        for y in range(_WORD_PX * scale):
            row = [0] * left
            for i, glyph in enumerate(glyphs):
                if i:
                    row += [0] * scale
                row += glyph[y]
            pixels.append(row + [0] * (width - len(row)))
    return _cells(pixels)


def wrap_words(text: str, columns: int, scale: int) -> tuple[str, ...] | None:
    """``text`` broken at spaces into lines that fit ``columns`` at ``scale``, or None when a
    single word is too wide."""
    lines: list[str] = []
    for word in text.split():
        if word_width(word, scale) > columns:
            return None
        if lines and word_width(f"{lines[-1]} {word}", scale) <= columns:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return tuple(lines)

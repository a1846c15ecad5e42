"""The block fonts of the big countdown and words (ui/widgets/block_font.py): pure, no screen."""

from __future__ import annotations

import pytest

from trainertui.ui.widgets.block_font import (
    _GLYPHS_5X7,
    figure_rows,
    figure_width,
    fit_figure,
    word_height,
    word_rows,
    word_width,
    wrap_words,
)


def test_every_glyph_of_the_word_font_is_a_rectangle_seven_high():
    for char, glyph in _GLYPHS_5X7.items():
        rows = glyph.split("|")
        assert len(rows) == 7 and len({len(r) for r in rows}) == 1, char


@pytest.mark.parametrize("px", range(5, 80))
def test_figures_are_half_as_many_rows_as_pixels_and_as_wide_as_measured(px):
    rows = figure_rows("12:34", px)
    assert len(rows) == (px + 1) // 2
    assert {len(row) for row in rows} == {figure_width("12:34", px)}
    assert set("".join(rows)) <= set(" ▀▄█")


def test_a_figure_keeps_its_shape_at_every_size():
    """An 8 is wider than a 1 and about half as wide as it is tall, at any height."""
    for px in range(6, 80, 7):
        eight, one = figure_width("8", px), figure_width("1", px)
        assert eight == one  # a monospaced clock: the time does not jiggle as it counts
        assert 0.45 <= eight / px <= 0.7


def test_zero_is_hollow_and_eight_has_a_middle_bar():
    zero, eight = figure_rows("0", 20), figure_rows("8", 20)
    middle = len(zero) // 2 - 1
    assert zero[middle].strip().startswith("█") and " " in zero[middle].strip()  # two sides, a hole
    assert " " not in eight[middle].strip()  # the middle bar


def test_fit_picks_the_tallest_that_fits_both_ways():
    assert fit_figure("12:34", 78, 9) == 18  # height-bound: 9 rows
    px = fit_figure("12:34", 60, 100)  # width-bound
    assert figure_width("12:34", px) <= 60 < figure_width("12:34", px + 1)
    assert fit_figure("12:34", 10, 3) == 0  # not even the smallest: shown plain


def test_words_scale_by_whole_numbers():
    assert word_width("RUN", 2) == 2 * word_width("RUN", 1)
    for scale in (1, 2, 3):
        rows = word_rows(("Exercise",), scale)
        assert len(rows) == word_height(1, scale) == (7 * scale + 1) // 2
        assert {len(r) for r in rows} == {word_width("EXERCISE", scale)}


def test_unknown_characters_are_drawn_not_dropped():
    assert word_rows(("é",), 1) == word_rows(("?",), 1)


def test_words_wrap_at_spaces():
    assert wrap_words("5 forward, 5 back", word_width("5 forward,", 1), 1) == ("5 forward,", "5 back")
    assert wrap_words("unbreakable", 10, 1) is None

"""Polish found by a new user's walkthrough (issue 12): the menu, the dialogs and the check-in."""

from __future__ import annotations

from textual.style import Style
from textual.visual import RenderOptions
from textual.widgets import Input, OptionList

from helpers import programme_of, screen_text, session_of
from trainertui.catalogue import Catalogue, load_catalogue
from trainertui.model import Session, Step
from trainertui.timeline import compile_session
from trainertui.ui.screens.menu import MenuScreen
from trainertui.ui.widgets.session_preview import totals_line


async def test_help_keeps_each_heading_on_one_line(make_app):
    app = make_app()
    async with app.run_test(size=(100, 90)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        lines = [line.strip(" ▊▎▏█") for line in screen_text(app).splitlines()]
        assert any(line.strip().startswith("Everywhere") for line in lines)
        assert not any(line.strip() in ("Everywher", "e", "Everyw") for line in lines)


async def test_a_long_session_title_wraps_under_itself_with_its_time_on_the_first_line(make_app):
    long_title = "A rather long session title that cannot fit the list"
    programme = programme_of(session_of(("run", 90), sid="s1"))
    programme = programme_of(Session("s1", long_title, programme.sessions[0].steps), Session("s2", "Short", ()))
    app = make_app(Catalogue([programme]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = screen_text(app).splitlines()
        first = next(n for n, line in enumerate(lines) if line.startswith("▊ ") and "A rather long" in line)
        assert "01:30" in lines[first]  # the duration stays beside the start of the title
        following = lines[first + 1]
        column = lines[first].index("A rather")
        assert following[column - 1] == " " and following[column] != " "  # indented under the title
        # The list counted the label's lines itself (without drawing it): the next session
        # comes right after the title's last line, not over it and not after a gap.
        last = next(n for n in range(first, first + 4) if "the list" in lines[n])
        assert last > first and "Short" in lines[last + 1]


async def test_at_a_width_too_narrow_for_a_title_its_rows_are_cut_not_wrapped_twice(make_app):
    long_title = "A rather long session title that cannot fit the list"
    programme = programme_of(session_of(("run", 90), sid="s1"))
    programme = programme_of(Session("s1", long_title, programme.sessions[0].steps), Session("s2", "Short", ()))
    app = make_app(Catalogue([programme]))
    async with app.run_test(size=(24, 24)) as pilot:
        await pilot.pause()
        sessions = app.screen.query_one("#sessions", OptionList)
        label = sessions.get_option_at_index(0).prompt
        for width in (4, 10, 16, 30):
            drawn = label.render_strips(width, None, Style(), RenderOptions(Style.parse, sessions.styles))
            assert len(drawn) == label.get_height(sessions.styles, width)
            assert all(strip.cell_length <= width for strip in drawn)


async def test_at_60x20_the_menu_still_previews_the_session(make_app):
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert "30:00 total" in screen_text(app)


async def test_on_a_wide_terminal_the_durations_stay_near_their_steps(make_app):
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        line = next(line for line in screen_text(app).splitlines() if "Warm up: Brisk warm-up walk" in line)
        gap = line.index("05:00", line.index("Brisk")) - line.index("Brisk")
        assert gap < 60, line


def test_the_preview_counts_rep_sets_in_good_english():
    steps = (
        Step("warmup", "Walk", 60),
        Step("exercise", "Squat", None, reps="8"),
        Step("rest", "Rest", 30),
    )
    one = compile_session(Session("a", "One set", steps))
    assert totals_line(one) == "01:30 timed + 1 rep set at your own pace · 3 steps"
    strength = load_catalogue().get("strength-and-flex")
    assert strength is not None
    line = totals_line(compile_session(strength.sessions[0]))
    assert "working" not in line and "8 rep sets at your own pace" in line
    c25k = load_catalogue().get("couch-to-5k")
    assert c25k is not None
    assert totals_line(compile_session(c25k.sessions[0])) == "30:00 total · 08:00 running · 18 steps"


async def test_after_a_workout_the_menu_shows_the_programme_just_used(make_app, clock):
    catalogue = load_catalogue()
    glutes = catalogue.get("firm-glutes-10")
    assert glutes is not None
    app = make_app(catalogue, start=(glutes, glutes.sessions[0]))
    async with app.run_test() as pilot:
        await pilot.press("q", "y")  # stopped (a false start; the menu must still follow)
        await pilot.press("escape")
        await pilot.pause()
        menu = app.screen
        assert isinstance(menu, MenuScreen)
        assert menu.programme is glutes
        assert menu.session is not None and menu.session.id == glutes.sessions[0].id


async def test_the_palette_offers_history_on_the_menu_only(make_app):
    programme = programme_of(session_of(("run", 60)))
    app = make_app(Catalogue([programme]))
    async with app.run_test():
        assert "History" in [command.title for command in app.get_system_commands(app.screen)]
    app = make_app(Catalogue([programme]), start=(programme, programme.sessions[0]))
    async with app.run_test():  # over a running workout it would hide the countdown
        assert "History" not in [command.title for command in app.get_system_commands(app.screen)]


def _contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG contrast ratio of two sRGB colours."""

    def luminance(rgb: tuple[int, int, int]) -> float:
        channels = [c / 255 for c in rgb]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


async def test_the_check_in_fields_stand_out_on_a_dim_screen(make_app, clock):
    programme = programme_of(session_of(("run", 30)))
    app = make_app(Catalogue([programme]), start=(programme, programme.sessions[0]))
    async with app.run_test() as pilot:
        clock.advance(31)
        app.screen.sync()
        await pilot.pause()
        page = app.screen.query_one("#summary").styles.background.rgb
        for field in app.screen.query(Input):
            background = field.styles.background.rgb
            assert _contrast(background, page) >= 1.5, (field.id, background, page)  # the field is seen
            assert _contrast(field.styles.color.rgb, background) >= 4.5, field.id  # and what is typed in it (WCAG AA)


async def test_a_narrow_menu_keeps_the_keys_in_its_footer(make_app):
    app = make_app()
    async with app.run_test(size=(40, 12)) as pilot:
        for _ in range(20):  # the Footer fills in a frame or two after the screen
            await pilot.pause()
            footer = screen_text(app).splitlines()[-1]
            if "Keys" in footer:
                break
        assert "Quit" in footer and "Keys" in footer
        assert "Couch to 5K  27" in screen_text(app)  # the narrow list takes the whole width

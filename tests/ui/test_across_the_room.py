"""The workout screen read from 1-3 m away (issue 12): the countdown's size, the kind at a
glance, the flash and the last seconds, the window title, and the keys a clicker sends."""

from __future__ import annotations

import pytest

from helpers import programme_of, screen_text, session_of
from trainertui.catalogue import Catalogue, load_catalogue
from trainertui.clock import ScaledClock
from trainertui.model import Session, Step
from trainertui.ui.app import TrainerApp
from trainertui.ui.screens.dialogs import ConfirmDialog
from trainertui.ui.screens.menu import MenuScreen
from trainertui.ui.screens.summary import SummaryScreen
from trainertui.ui.screens.workout import WorkoutScreen
from trainertui.ui.terminal_title import RESTORE, SAVE
from trainertui.ui.widgets.big_text import BigFigure, BigWord
from trainertui.workout import Resume, State

PROGRAMME = programme_of(session_of(("warmup", 10), ("run", 60), ("walk", 30), ("exercise", None), ("cooldown", 10)))
SIZES = [(40, 12), (80, 24), (100, 30), (200, 60)]
#: The digit rows issue 12 asks for at each size (40x12: whatever fits; Textual's Digits was 3).
LEAST_ROWS = {(40, 12): 3, (80, 24): 7, (100, 30): 9, (200, 60): 20}


@pytest.fixture
def app(make_app):
    return make_app(Catalogue([PROGRAMME]), start=(PROGRAMME, PROGRAMME.sessions[0]))


async def advance(pilot, clock, seconds: float) -> None:
    clock.advance(seconds)
    pilot.app.screen.sync()
    await pilot.pause()


def bundled(make_app, programme_id: str, session_id: str) -> TrainerApp:
    catalogue = load_catalogue()
    programme = catalogue.get(programme_id)
    return make_app(catalogue, start=(programme, programme.session(session_id)))


# --- the countdown fills the room ---------------------------------------------------------------


def drawn_rows(screen) -> int:
    """Rows of the countdown that hold block characters, counted off the screen itself."""
    countdown = screen.query_one("#countdown", BigFigure)
    region = countdown.content_region
    lines = screen._compositor.render_strips()
    return sum(
        1 for y in range(region.y, region.bottom) if any(ch in "▀▄█" for ch in lines[y].text[region.x : region.right])
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(
    ("programme", "session", "at", "keys"),
    [
        ("couch-to-5k", "w1r1", 320, ()),  # a run
        ("couch-to-5k", "w1r1", 320, ("space",)),  # paused
        ("firm-glutes-10", "workout", 100, ()),  # a timed exercise with a rep target
    ],
    ids=["run", "paused", "timed-with-reps"],
)
async def test_the_countdown_is_as_tall_as_the_terminal_allows(make_app, clock, size, programme, session, at, keys):
    app = bundled(make_app, programme, session)
    async with app.run_test(size=size) as pilot:
        await advance(pilot, clock, at)
        if keys:
            await pilot.press(*keys)
        screen = app.screen
        countdown = screen.query_one("#countdown", BigFigure)
        rows = drawn_rows(screen)
        assert rows == countdown.glyph_rows  # what the widget says it drew is what is on screen
        assert rows >= LEAST_ROWS[size], f"{rows} rows at {size}"
        assert countdown.figure_columns() <= size[0] - 2  # whole: no digit cut off


async def test_the_countdown_grows_with_the_terminal(make_app, clock):
    heights = []
    for size in [(40, 12), (60, 18), (80, 24), (90, 27), (100, 30), (140, 42), (200, 60)]:
        app = bundled(make_app, "couch-to-5k", "w1r1")
        async with app.run_test(size=size) as pilot:
            await advance(pilot, clock, 0 if heights else 320)
            heights.append(app.screen.query_one("#countdown", BigFigure).glyph_rows)
    assert heights == sorted(heights) and heights[-1] > 3 * heights[0], heights


async def test_a_rep_step_shows_its_target_large_and_the_time_spent_small(make_app, clock):
    app = bundled(make_app, "strength-and-flex", "w1-strength")
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 372)  # 12 s into "Wide squat, 8 reps"
        screen = app.screen
        assert screen.query_one("#countdown", BigFigure).text == "8"
        assert screen.query_one("#countdown", BigFigure).glyph_rows >= 7
        assert screen.query_one("#target", BigWord).text == "reps"
        text = screen_text(app)
        assert "00:12 so far" in text and "Press Enter when done" in text


async def test_a_rep_target_that_is_not_a_figure_is_drawn_in_big_letters(make_app, clock):
    step = Step(kind="exercise", name="Shoulder rolls", duration_s=None, reps="5 forward, 5 back")
    programme = programme_of(Session("s1", "Rolls", (step,)))
    app = make_app(Catalogue([programme]), start=(programme, programme.sessions[0]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        countdown = app.screen.query_one("#countdown", BigFigure)
        assert countdown.text == "5 forward, 5 back"
        assert countdown.glyph_rows >= 4 and countdown.figure_px == 0  # the word font, wrapped


async def test_a_timed_step_with_reps_shows_them(make_app, clock):
    app = bundled(make_app, "firm-glutes-10", "workout")
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 100)  # 10 s into Bridge: 30 s, 8-10 reps
        assert app.screen.query_one("#target", BigWord).text == "8-10 reps"
        assert app.screen.query_one("#countdown", BigFigure).text == "00:20"


# --- the step at a glance ------------------------------------------------------------------------


async def test_the_whole_area_takes_the_kinds_colour_and_paused_takes_it_away(app, clock):
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 20)
        screen = app.screen
        body = screen.query_one("#body")
        tinted = body.styles.background
        assert tinted.a > 0 and tinted != screen.styles.background
        countdown = screen.query_one("#countdown")
        bright = countdown.styles.color
        await pilot.press("space")
        assert body.styles.background != tinted  # no tint while paused
        assert countdown.styles.color != bright  # the figures are dimmed
        assert screen.query_one("#kind", BigWord).text == "PAUSED"


def count_restyles(app, monkeypatch) -> list:
    """The nodes the app restyles from now on, one entry a restyle (each of a screen restyles
    every widget on it)."""
    restyled = []
    update_styles = app.update_styles

    def counted(node, animate=True):
        restyled.append(node)
        update_styles(node, animate)

    monkeypatch.setattr(app, "update_styles", counted)
    return restyled


async def test_a_change_of_step_restyles_the_screen_once_and_takes_the_new_colour(app, clock, monkeypatch):
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 20)  # 10 s into the run
        screen = app.screen
        body = screen.query_one("#body")
        run_tint = body.styles.background
        restyled = count_restyles(app, monkeypatch)
        clock.advance(60)  # 10 s into the walk: the kind, the flash and what gives way all change
        screen.sync()
        assert restyled.count(screen) == 1  # each change of the screen's classes restyles every widget
        await pilot.pause()
        assert screen.has_class("-walk") and not screen.has_class("-run")
        assert body.styles.background != run_tint


async def test_a_resize_to_a_small_terminal_restyles_the_screen_once(app, clock, monkeypatch):
    async with app.run_test(size=(80, 40)) as pilot:  # tall: -tall set
        await advance(pilot, clock, 20)
        screen = app.screen
        restyled = count_restyles(app, monkeypatch)
        await pilot.resize_terminal(50, 12)  # -narrow on, -tall off, and parts give way
        await pilot.pause()
        assert screen.has_class("-narrow") and not screen.has_class("-tall")
        assert restyled.count(screen) == 1


async def test_under_no_color_the_kind_is_still_named_in_words(monkeypatch, make_app, clock):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(Catalogue([PROGRAMME]), start=(PROGRAMME, PROGRAMME.sessions[0]))
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.no_color
        await advance(pilot, clock, 20)
        lines = app.screen._compositor.render_strips()
        for line in lines:  # the lines the terminal gets pass Textual's NO_COLOR filter
            for filter in app._filters:
                line = line.apply_filter(filter, app.styles.background)
            for segment in line:
                for colour in (segment.style.color, segment.style.bgcolor) if segment.style else ():
                    if colour is not None and colour.triplet is not None:
                        r, g, b = colour.triplet
                        assert r == g == b, segment  # greys only
        assert app.screen.query_one("#kind", BigWord).text == "RUN"
        assert "RUN · run 1" in screen_text(app)  # in plain words, not only in colour or in blocks
        await pilot.press("space")
        assert "Paused · press Space to resume" in screen_text(app)


async def test_each_change_of_step_flashes_for_half_a_second(app, clock):
    async with app.run_test() as pilot:
        screen = app.screen
        await advance(pilot, clock, 9.5)
        assert not screen.has_class("-flash")
        await advance(pilot, clock, 0.75)  # 0.25 s into the run
        assert screen.has_class("-flash") and screen.has_class("-run")
        await advance(pilot, clock, 0.3)
        assert not screen.has_class("-flash")
        await pilot.press("n")  # a skip is a change of step too
        assert screen.has_class("-flash") and screen.has_class("-walk")


async def test_the_flash_ends_by_itself(make_app, clock):
    """With timers on, a one-shot timer ends the flash half a second into the step."""
    app = make_app(Catalogue([PROGRAMME]), start=(PROGRAMME, PROGRAMME.sessions[0]), tick_s=0.25)
    async with app.run_test() as pilot:
        screen = app.screen
        assert screen.has_class("-flash")
        assert screen._flash_timer is not None
        clock.advance(0.6)
        await pilot.pause(0.7)  # the real timer fires; the FakeClock says we are past the flash
        assert not screen.has_class("-flash")


async def test_the_last_three_seconds_look_different(app, clock):
    async with app.run_test() as pilot:
        screen = app.screen
        countdown = screen.query_one("#countdown")
        await advance(pilot, clock, 6.5)  # 3.5 s left: shown as 4
        assert not countdown.has_class("-final")
        colour = countdown.styles.background
        await advance(pilot, clock, 0.6)  # 2.9 s left: 3
        assert countdown.has_class("-final") and countdown.styles.background != colour
        await pilot.press("space")
        assert not countdown.has_class("-final")  # paused is paused


async def test_counters_only_where_they_mean_something(make_app, clock):
    app = bundled(make_app, "firm-glutes-10", "workout")
    async with app.run_test() as pilot:
        screen = app.screen
        assert shown_banner(screen) == "REST · Get ready"
        await advance(pilot, clock, 40.5)  # the first "Switch sides" rest
        assert shown_banner(screen) == "REST · Switch sides"  # not "1 of 6"
        await advance(pilot, clock, 60)  # Bridge, the first time round
        assert shown_banner(screen) == "EXERCISE · Bridge · round 1 of 2"
    app = bundled(make_app, "couch-to-5k", "w1r1")
    async with app.run_test() as pilot:
        await advance(pilot, clock, 320)
        assert shown_banner(app.screen) == "RUN 1 of 8 · clicks off"  # the run carries an optional beat


def shown_banner(screen) -> str:
    return str(screen.query_one("#banner").render())


async def test_the_window_title_follows_the_step_and_is_given_back(app, clock):
    written: list[str] = []
    async with app.run_test() as pilot:
        app._driver.write = written.append  # type: ignore[union-attr,method-assign]
        await pilot.press("n")  # into the run
        await advance(pilot, clock, 1)
        await pilot.press("space")
        await pilot.press("q", "y")  # stop: the summary screen
        await pilot.pause()
    titles = [w for w in written if w.startswith("\x1b]0;")]
    assert titles[:3] == [
        "\x1b]0;RUN 01:00 · trainertui\x07",
        "\x1b]0;RUN 00:59 · trainertui\x07",
        "\x1b]0;PAUSED RUN 00:59 · trainertui\x07",
    ]
    assert written.count(RESTORE) == 1 and written.index(RESTORE) > written.index(titles[-1])


async def test_the_title_is_saved_once_when_the_workout_starts(make_app, monkeypatch):
    saved: list[str] = []
    monkeypatch.setattr("trainertui.ui.terminal_title.TerminalTitle._write", lambda self, data: saved.append(data))
    app = make_app(Catalogue([PROGRAMME]), start=(PROGRAMME, PROGRAMME.sessions[0]))
    async with app.run_test() as pilot:
        await pilot.pause()
    assert saved[0] == SAVE and saved.count(SAVE) == 1 and saved[-1] == RESTORE


# --- controls that work from a distance ----------------------------------------------------------


async def test_a_clickers_keys_skip_go_back_and_pause(app, clock):
    async with app.run_test() as pilot:
        screen = app.screen
        await pilot.press("pagedown")
        assert screen.workout.status().index == 1
        await advance(pilot, clock, 5)
        await pilot.press("b")  # the clicker's blank-screen key pauses: it never restarts the step
        assert screen.workout.state is State.PAUSED and screen.workout.status().step_elapsed_s == 5
        await pilot.press("b")
        assert screen.workout.state is State.RUNNING
        await pilot.press("full_stop")
        assert screen.workout.state is State.PAUSED
        await pilot.press("full_stop")
        await pilot.press("pageup")  # 5 s in: back to the start of the run
        assert (screen.workout.status().index, screen.workout.status().step_elapsed_s) == (1, 0)


@pytest.mark.parametrize("key", ["pagedown", "pageup", "b", "full_stop"])
async def test_a_clickers_keys_do_nothing_harmful_elsewhere(make_app, clock, key, tmp_path):
    from trainertui.history import History

    app = make_app(Catalogue([PROGRAMME]), history=History.open(tmp_path / "history.sqlite3"))
    async with app.run_test() as pilot:
        menu = app.screen
        await pilot.press(key, key)
        assert app.screen is menu  # no workout started, nothing left
        await pilot.press("enter", "enter")  # start the session
        workout = app.screen
        assert isinstance(workout, WorkoutScreen)
        await pilot.press("q")
        dialog = app.screen
        await pilot.press(key)
        assert app.screen is dialog  # the question is still asked: no answer by accident
        await pilot.press("y")
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press(key)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, MenuScreen)
        await pilot.press("h")
        history = app.screen
        assert type(history).__name__ == "HistoryScreen"
        await pilot.press(key)
        assert app.screen is history


async def test_help_lists_the_clicker_keys(app):
    async with app.run_test(size=(80, 50)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        assert "space, b, ." in text
        assert "pgdn" in text.lower() or "page" in text.lower()


# --- polish from a new user's walkthrough -----------------------------------------------------


async def test_a_resumed_workout_waits_for_space(make_app, clock):
    resume = Resume(step=1, into_s=59.0, active_s=69.0, started_wall=clock.wall(), steps_done=1, steps_skipped=0)
    app = make_app(Catalogue([PROGRAMME]))
    async with app.run_test() as pilot:
        app.start_workout(PROGRAMME, PROGRAMME.sessions[0], resume)
        await pilot.pause()
        screen = app.screen
        assert screen.workout.state is State.PAUSED
        await advance(pilot, clock, 30)
        assert screen.workout.status().step_left_s == pytest.approx(1.0)  # nothing slipped by
        assert "Resumed where you left off · press Space to go on" in screen_text(app)
        await pilot.press("space")
        assert screen.workout.state is State.RUNNING


async def test_the_stop_dialog_says_what_stopping_will_do(app, clock):
    async with app.run_test() as pilot:
        await advance(pilot, clock, 3)
        await pilot.press("q")
        assert "it will not be recorded" in screen_text(app)  # a false start (recording.worth_recording)
        await pilot.press("y")
        text = screen_text(app)  # the summary agrees: no "partial workout" for a stop never kept
        assert "Stopped early" in text and "partial" not in text
        await pilot.press("enter")
        app.start_workout(PROGRAMME, PROGRAMME.sessions[0])
        await pilot.pause()
        await advance(pilot, clock, 30)
        await pilot.press("q")
        assert "It will count as a partial workout." in screen_text(app)


async def test_a_rehearsal_says_so_while_it_runs_and_on_the_summary(clock):
    app = TrainerApp(
        Catalogue([PROGRAMME]), clock=ScaledClock(30, clock), tick_s=None, start=(PROGRAMME, PROGRAMME.sessions[0])
    )
    async with app.run_test(size=(100, 30)) as pilot:
        assert "REHEARSAL at 30× (not saved)" in screen_text(app)
        await pilot.press("q")
        assert "This is a rehearsal: nothing is saved." in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "not saved" in screen_text(app)


async def test_done_and_left_add_up_to_the_session_after_going_back(app, clock):
    async with app.run_test() as pilot:
        screen = app.screen
        await advance(pilot, clock, 40.5)
        await pilot.press("left")  # back to the start of the run, 30 s after it began
        await advance(pilot, clock, 12)
        done, left = str(screen.query_one("#times").render()).replace(" left", "").split(" done · ")
        minutes = [int(t[:2]) * 60 + int(t[3:]) for t in (done, left)]
        assert sum(minutes) == 110  # the session: 10 + 60 + 30 + 10


async def test_a_narrow_footer_keeps_quit_and_keys(app):
    async with app.run_test(size=(40, 12)) as pilot:
        for _ in range(20):  # the Footer fills in a frame or two after the screen
            await pilot.pause()
            footer = screen_text(app).splitlines()[-1]
            if footer.strip():
                break
        assert "Quit" in footer and "Keys" in footer and "Pause" in footer


async def test_the_header_has_no_icon(app):
    async with app.run_test() as pilot:
        await pilot.pause()
        assert "⭘" not in screen_text(app)


async def test_the_stop_dialog_fits_a_long_title(make_app, clock):
    from datetime import UTC, datetime

    from trainertui.history import Checkpoint

    question = "Resume Strength and Flex Week 1: Flex (1 of 3) from 03:25?"
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        checkpoint = Checkpoint(
            "strength-and-flex",
            "Strength and Flex",
            "w1-flex",
            "Week 1: Flex (1 of 3)",
            datetime(2026, 11, 26, 7, tzinfo=UTC),
            datetime(2026, 11, 26, 7, 4, tzinfo=UTC),
            3,
            5.0,
            205.0,
            205.0,
            320,
            3,
            0,
            12,
        )  # fmt: skip
        app.recorder.interrupted = lambda: type("R", (), {"value": checkpoint, "problem": None})()  # type: ignore[method-assign]
        app._offer_resume()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        flat = " ".join(line.strip(" ▊▎▏┃│") for line in screen_text(app).splitlines())
        assert question in " ".join(flat.split())

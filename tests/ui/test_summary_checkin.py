"""The check-in on the summary screen: typed with Enter between fields, saved, skipped, refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.widgets import Input, Static

import trainertui.ui
from helpers import programme_of, screen_text, session_of
from trainertui.history import CheckIn
from trainertui.recording import Ending, Saved
from trainertui.ui.screens.summary import SummaryScreen
from trainertui.workout import Summary

PROGRAMME = programme_of(session_of(("run", 60), ("walk", 30)))
SUMMARY = Summary(
    steps_total=2,
    steps_done=2,
    steps_skipped=0,
    completed=True,
    planned_s=90,
    active_s=90,
    started_wall=1_800_000_000,
    ended_wall=1_800_000_090,
)
UNSET = object()


class SummaryApp(App[None]):
    """Just the summary screen, over the default screen; ``result`` is what it dismissed with."""

    CSS_PATH = Path(trainertui.ui.__file__).parent / "app.tcss"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__()
        self.kwargs = kwargs
        self.result: Any = UNSET

    def on_mount(self) -> None:
        self.push_screen(SummaryScreen(PROGRAMME, PROGRAMME.sessions[0], SUMMARY, **self.kwargs), self.got)

    def got(self, result: CheckIn | None) -> None:
        self.result = result


def focused_id(app: App[Any]) -> str | None:
    return app.focused.id if app.focused is not None else None


def error_text(screen) -> str:
    error = screen.query_one("#checkin-error", Static)
    return str(error.render()) if error.display else ""


async def test_enter_walks_through_the_fields_and_saves_on_the_last():
    app = SummaryApp()
    async with app.run_test() as pilot:
        screen = app.screen
        assert focused_id(app) == "effort"
        await pilot.press("7", "enter")
        assert focused_id(app) == "pain"
        await pilot.press("3", "enter")
        assert focused_id(app) == "pain-where"
        await pilot.press(*"upper back", "enter")
        assert focused_id(app) == "note"
        await pilot.press(*"Felt strong", "enter")
        await pilot.pause()
        assert app.screen is not screen
    assert app.result == CheckIn(effort=7, pain=3, pain_where="upper back", note="Felt strong")


async def test_escape_skips_the_check_in():
    app = SummaryApp()
    async with app.run_test() as pilot:
        await pilot.press("7", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, SummaryScreen)
    assert app.result is None


async def test_ctrl_s_saves_from_any_field():
    app = SummaryApp()
    async with app.run_test() as pilot:
        await pilot.press("7", "ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, SummaryScreen)
    assert app.result == CheckIn(effort=7)


async def test_an_empty_form_counts_as_skipped():
    app = SummaryApp()
    async with app.run_test() as pilot:
        await pilot.press("enter", "enter", "enter", *"  ", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, SummaryScreen)
    assert app.result is None


async def test_the_numbers_take_digits_only():
    app = SummaryApp()
    async with app.run_test() as pilot:
        await pilot.press(*"x-5.", "enter", *"ab3", "ctrl+s")
        await pilot.pause()
    assert app.result == CheckIn(effort=5, pain=3)


async def test_an_effort_of_11_is_refused_and_the_screen_stays():
    app = SummaryApp()
    async with app.run_test() as pilot:
        screen = app.screen
        await pilot.press("1", "1", "enter")
        await pilot.pause()
        assert app.screen is screen
        assert focused_id(app) == "effort"
        assert error_text(screen) == "Effort is a number from 1 to 10."
        assert "Effort is a number from 1 to 10." in screen_text(app)
        assert screen.query_one("#effort", Input).has_class("-error")
        await pilot.press("ctrl+s")  # saving is refused too
        assert app.screen is screen and app.result is UNSET
        await pilot.press("backspace")  # correcting it takes the complaint away
        await pilot.pause()
        assert error_text(screen) == ""
        assert not screen.query_one("#effort", Input).has_class("-error")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result == CheckIn(effort=1)


async def test_a_bad_pain_sends_the_focus_back_to_it():
    app = SummaryApp()
    async with app.run_test() as pilot:
        screen = app.screen
        screen.query_one("#pain", Input).value = "x"  # pasted or set somehow: the digits-only filter is not the check
        await pilot.press("7", "enter")
        assert focused_id(app) == "pain"
        await pilot.press("tab", "tab")
        assert focused_id(app) == "note"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert focused_id(app) == "pain"
        assert error_text(screen) == "Pain is 0 to 10, or blank for none."


async def test_the_footer_offers_next_save_and_skip():
    app = SummaryApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        shown = {
            binding.description for _, binding, enabled, _ in app.active_bindings.values() if enabled and binding.show
        }
        assert {"Next/Save", "Save", "Skip"} <= shown
        assert "Menu" not in shown and "Quit" not in shown


async def test_q_is_typed_not_quit():
    app = SummaryApp()
    async with app.run_test() as pilot:
        await pilot.press("enter", "enter", "enter", *"quads", "ctrl+s")
        await pilot.pause()
    assert app.result == CheckIn(note="quads")


@pytest.mark.parametrize("key", ["enter", "escape"])
async def test_a_rehearsal_has_no_check_in_and_either_key_leaves(key):
    app = SummaryApp(speed=30)
    async with app.run_test() as pilot:
        screen = app.screen
        assert not screen.query(Input)
        assert not screen.query("#checkin")
        assert "How hard" not in screen_text(app)
        assert "at 30× speed" in screen_text(app)
        await pilot.press(key)
        await pilot.pause()
        assert app.screen is not screen
    assert app.result is None


async def test_the_saved_note_is_shown_under_the_title():
    app = SummaryApp(ending=Ending(Saved.RECORDED, 1, "Saved to your history."))
    async with app.run_test():
        note = app.screen.query_one("#saved-note", Static)
        assert str(note.render()) == "Saved to your history."
        assert not note.has_class("-warning")
        assert "Saved to your history." in screen_text(app)


async def test_a_failed_save_is_a_warning():
    app = SummaryApp(ending=Ending(Saved.FAILED, note="Could not save: disk full"))
    async with app.run_test():
        assert app.screen.query_one("#saved-note", Static).has_class("-warning")
        assert "Could not save: disk full" in screen_text(app)


async def test_no_saved_note_no_line():
    app = SummaryApp()
    async with app.run_test():
        assert not app.screen.query("#saved-note")


async def test_a_small_terminal_keeps_the_outcome_in_view_and_scrolls_to_the_error():
    app = SummaryApp(ending=Ending(Saved.RECORDED, 1, "Saved to your history."))
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert app.screen.has_class("-narrow", "-short")
        assert "Workout complete" in screen_text(app)
        assert "How hard did that feel? (1-10)" in screen_text(app)
        await pilot.press("1", "1", "enter")
        await pilot.pause()
        await pilot.pause()
        text = screen_text(app)
        assert "Effort is a number from 1 to 10." in text and "11" in text

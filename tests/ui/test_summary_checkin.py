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
SAVED = Ending(Saved.RECORDED, "k" * 32, "Saved to your history.")


class SummaryApp(App[None]):
    """Just the summary screen, over the default screen; ``result`` is what it dismissed with."""

    CSS_PATH = Path(trainertui.ui.__file__).parent / "app.tcss"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__()
        kwargs.setdefault("ending", SAVED)
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
    app = SummaryApp(ending=SAVED)
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
    app = SummaryApp(ending=Ending(Saved.RECORDED, "k" * 32))
    async with app.run_test():
        assert not app.screen.query("#saved-note")


async def test_a_small_terminal_keeps_the_outcome_in_view_and_scrolls_to_the_error():
    app = SummaryApp(ending=SAVED)
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


async def burst(pilot, *keys: str) -> None:
    """Keys sent the way a fast typist or a terminal sends them: all at once, with no pause
    for the app between them (Pilot.press waits for the app to go idle after each)."""
    from textual import events

    app = pilot.app
    for key in keys:
        char = key if len(key) == 1 else {"enter": "\r", "space": " "}.get(key)
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)
    for _ in range(5):
        await pilot.pause()


async def test_keys_typed_in_one_burst_land_in_the_fields_they_were_typed_in():
    """`7 Enter 3 Enter ...` at once used to give an effort of "73" and lose the rest."""
    app = SummaryApp()
    async with app.run_test() as pilot:
        await burst(pilot, "7", "enter", "3", "enter", *"left knee", "enter", *"felt ok", "enter")
    assert app.result == CheckIn(effort=7, pain=3, pain_where="left knee", note="felt ok")


async def test_a_burst_stops_at_a_field_it_gets_wrong_and_keeps_the_rest_there():
    app = SummaryApp()
    async with app.run_test() as pilot:
        await burst(pilot, "1", "1", "enter", "backspace", "enter", "2", "enter")
        assert [f.value for f in app.screen._fields()][:2] == ["1", "2"]
        assert focused_id(app) == "pain-where"


async def test_a_paste_of_several_lines_fills_the_fields_as_typing_them_would():
    from textual import events

    app = SummaryApp()
    async with app.run_test() as pilot:
        app._driver.send_message(events.Paste("7\n3\nupper back\nfelt strong"))
        await pilot.pause()
        await pilot.pause()
        values = [f.value for f in app.screen._fields()]
        assert values == ["7", "3", "upper back", "felt strong"] and focused_id(app) == "note"
        await pilot.press("enter")
    assert app.result == CheckIn(effort=7, pain=3, pain_where="upper back", note="felt strong")


@pytest.mark.parametrize(
    ("pasted", "said", "kept"),
    [
        ("x7\n3", "Effort is a number from 1 to 10. The paste stopped at 'x7'.", ["", "", "", ""]),
        ("11\n3\nknee", "Effort is a number from 1 to 10. The paste stopped before '3'.", ["11", "", "", ""]),
    ],
)
async def test_a_paste_a_field_will_not_take_stops_there_and_says_so(pasted, said, kept):
    from textual import events

    app = SummaryApp()
    async with app.run_test() as pilot:
        app._driver.send_message(events.Paste(pasted))
        await pilot.pause()
        await pilot.pause()
        assert [f.value for f in app.screen._fields()] == kept
        assert error_text(app.screen) == said and focused_id(app) == "effort"


async def test_a_one_line_paste_is_an_ordinary_paste():
    from textual import events

    app = SummaryApp()
    async with app.run_test() as pilot:
        await pilot.press("tab", "tab")
        assert focused_id(app) == "pain-where"
        app._driver.send_message(events.Paste("lower back"))
        await pilot.pause()
        assert app.screen.query_one("#pain-where", Input).value == "lower back"


async def test_the_saving_note_follows_what_becomes_of_the_workout():
    app = SummaryApp(ending=Ending(Saved.SAVING, "k" * 32, "Saving…"))
    async with app.run_test() as pilot:
        screen = app.screen
        assert "Saving…" in screen_text(app)
        screen.show_ending(Ending(Saved.WAITING, "k" * 32, "Not saved yet: the history file is busy."))
        await pilot.pause()
        assert screen.query_one("#saved-note", Static).has_class("-warning")
        assert "Not saved yet: the history file is busy." in screen_text(app)
        screen.show_ending(Ending(Saved.RECORDED, "k" * 32, "Saved to your history."))
        await pilot.pause()
        assert not screen.query_one("#saved-note", Static).has_class("-warning")
        assert "Saved to your history." in screen_text(app)


async def test_without_a_history_it_says_plainly_not_saved_and_offers_no_check_in():
    note = "Not saved: there is no history (cannot open /data/history.sqlite3: Permission denied)."
    app = SummaryApp(ending=Ending(Saved.NO_HISTORY, note=note))
    async with app.run_test() as pilot:
        assert note in screen_text(app).replace("\n", " ") or note[:40] in screen_text(app)
        assert not app.screen.query("#checkin")
        await pilot.press("enter")
    assert app.result is None


async def test_reaching_the_end_with_most_of_it_skipped_says_partial_and_why():
    verdict = "Counted as partial: 2 of 8 runs skipped (75% of the work done; 80% counts)"
    app = SummaryApp(ending=Ending(Saved.RECORDED, "k" * 32, "Saved to your history.", counted=False, verdict=verdict))
    async with app.run_test():
        outcome = app.screen.query_one("#outcome", Static)
        assert outcome.render().plain == verdict and outcome.has_class("-partial")

"""The menu: programmes, their sessions by week, a preview, and broken files shown, not fatal."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from helpers import screen_text
from trainertui.catalogue import Catalogue
from trainertui.ui.screens.menu import MenuScreen
from trainertui.ui.screens.workout import WorkoutScreen


def user_routine(config: Path, name: str, text: str) -> None:
    folder = config / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def downs_to(app, programme_id: str) -> list[str]:
    """The down-arrow presses from the first programme to this one, as a person would count them."""
    ids = [p.id for p in app.catalogue.programmes]
    return ["down"] * ids.index(programme_id)


async def test_enter_twice_starts_week_1_run_1(make_app):
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        menu = app.screen
        assert isinstance(menu, MenuScreen)
        text = screen_text(app)
        for name in ("Couch to 5K", "10-Minute Firm Glutes", "Strength and Flex", "Week 1", "Week 1, Run 1"):
            assert name in text
        assert "30:00 total · 08:00 running · 18 steps" in text
        assert "8 × Run 01:00 · Walk 01:30" in text  # the preview folds the repeats
        await pilot.press("enter")  # programme -> its sessions
        assert menu.focused is menu.query_one("#sessions", OptionList)
        await pilot.press("enter")
        workout = app.screen
        assert isinstance(workout, WorkoutScreen)
        assert (workout.programme.id, workout.timeline.session.id) == ("couch-to-5k", "w1r1")


async def test_moving_through_the_lists_updates_the_preview(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*downs_to(app, "strength-and-flex"))
        await pilot.pause()
        assert "Week 1: Strength (1 of 2)" in screen_text(app)
        await pilot.press("tab", "down")
        await pilot.pause()
        assert app.screen.session.id == "w1-flex"
        assert "Week 1: Flexibility" in screen_text(app) or "w1-flex" in app.screen.session.id
        await pilot.press("enter")
        assert app.screen.timeline.session.id == "w1-flex"


async def test_a_broken_user_file_is_listed_with_its_error(make_app, isolated_dirs):
    user_routine(
        isolated_dirs,
        "my-intervals.yaml",
        "name: Mine\nsessions:\n  - id: a\n    title: A\n    steps:\n      - run: 1m\n        nmae: x\n",
    )
    user_routine(
        isolated_dirs,
        "hills.yaml",
        "name: Hills\nsessions:\n  - id: h1\n    title: Hill repeats\n    steps:\n      - run: 2m\n",
    )
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Hills" in text
        assert "my-intervals.yaml" in text
        assert "line 7: unknown key 'nmae'" in text
        await pilot.press(*downs_to(app, "hills"), "enter", "enter")  # the user's own programme works
        assert app.screen.timeline.session.title == "Hill repeats"


async def test_the_command_palette_starts_any_session(make_app):
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"couch 9 3")
        await app.workers.wait_for_complete()  # the palette searches in a worker
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen)
        assert app.screen.timeline.session.id == "w9r3"


async def test_q_quits_from_the_menu(make_app):
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("q")
        assert not app.is_running


async def test_with_no_usable_routine_the_menu_says_where_to_put_one(make_app):
    app = make_app(Catalogue())
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app).replace("\n", " ")
        assert "No usable routines" in text
        await pilot.press("enter", "enter")  # nothing to start, nothing breaks
        assert isinstance(app.screen, MenuScreen)


KIT_ROUTINE = """\
name: Bench or chair
equipment:
  - {id: bench, name: A park bench}
  - {id: home, name: At home}
sessions:
  - id: s1
    title: Strength
    steps:
      - exercise: 40s
        name: Bench dip
        tip: Hands on the bench.
        instead:
          home: {name: Chair dip, tip: Hands on a sturdy chair.}
"""


async def test_e_chooses_the_equipment_the_preview_and_the_workout_follow_and_it_is_remembered(make_app, isolated_dirs):
    from trainertui.paths import config_file
    from trainertui.routines import load_programme
    from trainertui.settings import load_settings

    user_routine(isolated_dirs, "kit.yaml", KIT_ROUTINE)
    programme = load_programme(isolated_dirs / "routines" / "kit.yaml")
    app = make_app(Catalogue([programme]), remember=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Equipment: A park bench  (e to change)" in text and "Bench dip" in text
        await pilot.press("e")
        await pilot.pause()
        text = screen_text(app)
        assert "Equipment: At home" in text and "Chair dip" in text and "Bench dip" not in text
        assert load_settings().programme("kit").equipment == "home"
        assert 'equipment = "home"' in config_file().read_text()
        await pilot.press("tab", "enter")
        workout = app.screen
        assert isinstance(workout, WorkoutScreen)
        assert workout.timeline.session.steps[0].name == "Chair dip"
        assert "Hands on a sturdy chair." in screen_text(app)


async def test_a_programme_without_equipment_has_no_e_key(make_app):
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert "Equipment" not in screen_text(app)
        assert app.screen.check_action("equipment", ()) is False

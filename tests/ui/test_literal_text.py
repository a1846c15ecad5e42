"""Routine text and history text are shown as typed on every screen: markup is never read (a
bracket in a tip must not crash a running workout, a valid-looking style tag must not style
anything, a link must not become one), and control characters appear as escapes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from helpers import screen_text
from trainertui.catalogue import Catalogue, load_catalogue
from trainertui.history import CheckIn, Entry, History
from trainertui.model import Programme, Session, Step
from trainertui.ui.screens.summary import SummaryScreen
from trainertui.ui.screens.workout import WorkoutScreen

STYLED = "[bold red]Squat[/]"
CLOSER = "[/]"
LINK = "[link=file:///etc/passwd]x[/link]"

HOSTILE = Programme(
    id="hostile",
    name=f"Mine {CLOSER}",
    description=f"Made by {LINK}.",
    sessions=(
        Session(
            id="s1",
            title=f"Session {CLOSER} one",
            steps=(
                Step(kind="warmup", name="Warm-up", duration_s=20, tip=f"Breathe {CLOSER} slowly"),
                Step(kind="exercise", name=STYLED, duration_s=30, tip=f"Knees out {LINK}", say=STYLED),
                Step(kind="exercise", name=f"Press {CLOSER}", duration_s=None, reps="[b]8[/b]"),
            ),
        ),
    ),
)


def history_with(tmp_path: Path, note: str, where: str) -> History:
    history = History.open(tmp_path / "history.sqlite3")
    history.record(
        Entry(
            "hostile",
            HOSTILE.name,
            "s1",
            HOSTILE.sessions[0].title,
            datetime(2026, 11, 30, 7, tzinfo=UTC),
            datetime(2026, 11, 30, 7, 30, tzinfo=UTC),
            50,
            50.0,
            2,
            0,
            3,
            False,
            CheckIn(effort=5, pain=3, pain_where=where, note=note),
        )  # fmt: skip
    )
    return history


async def test_the_menu_preview_and_palette_show_routine_text_as_typed(make_app):
    app = make_app(Catalogue([HOSTILE]))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert f"Mine {CLOSER}" in text and f"Session {CLOSER} one" in text
        assert STYLED in text and f"Made by {LINK}." in text
        await pilot.press("ctrl+p")
        await pilot.press(*"sess")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert f"Start Mine {CLOSER}: Session {CLOSER} one" in screen_text(app)


async def test_a_running_workout_shows_brackets_and_tags_literally_and_goes_on(make_app, clock):
    app = make_app(Catalogue([HOSTILE]), start=(HOSTILE, HOSTILE.sessions[0]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WorkoutScreen)
        assert f"Breathe {CLOSER} slowly" in screen_text(app)
        assert STYLED in screen_text(app)  # "Next: EXERCISE · [bold red]Squat[/] · 00:30"
        for _ in range(25):  # through the change of step, the countdown and into the styled step
            clock.advance(1)
            screen.sync()
            await pilot.pause()
        assert app.screen is screen and screen.workout.status().index == 1
        text = screen_text(app)
        assert STYLED in text and f"Knees out {LINK}" in text
        clock.advance(30)
        screen.sync()
        await pilot.pause()
        assert f"Press {CLOSER}" in screen_text(app)  # its reps "[b]8[/b]" are drawn large, as typed
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert f"Mine {CLOSER} · Session {CLOSER} one" in screen_text(app)


async def test_notifications_are_literal(make_app):
    app = make_app(Catalogue([HOSTILE]))
    async with app.run_test(size=(100, 30)) as pilot:
        app.notify(f"config value {CLOSER} and {STYLED} and \x1b[2J", timeout=30)
        app.screen.notify(f"from a screen {CLOSER}", timeout=30, markup=True)  # asked for markup: still literal
        await pilot.pause()
        shown = [(n.message, n.markup) for n in app._notifications]
        assert (f"config value {CLOSER} and {STYLED} and \\x1b[2J", False) in shown
        assert (f"from a screen {CLOSER}", False) in shown


async def test_the_history_the_resume_question_and_a_row_show_stored_text_as_typed(make_app, tmp_path, clock):
    from trainertui.recording import checkpoint_from_workout
    from trainertui.timeline import compile_session
    from trainertui.workout import Workout

    history = history_with(tmp_path, note=f"felt {STYLED} \x1b]0;owned\x07", where=f"knee {CLOSER}")
    workout = Workout(compile_session(HOSTILE.sessions[0]), clock)
    workout.start()
    clock.advance(25)
    history.save_checkpoint(checkpoint_from_workout(HOSTILE, workout))
    app = make_app(Catalogue([HOSTILE]), history=history)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        assert f"Resume Mine {CLOSER} Session {CLOSER} one from" in screen_text(app)
        await pilot.press("n")  # recorded as partial instead
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        text = screen_text(app)
        assert f"knee {CLOSER}" in text and f"felt {STYLED}" in text
        assert "\x1b" not in text and f"felt {STYLED} \\x1b]0;" in text  # the rest of the note is cut
    history.close()


async def test_a_broken_user_file_can_be_reached_and_its_whole_error_read(make_app, isolated_dirs):
    folder = isolated_dirs / "routines"
    folder.mkdir(parents=True)
    lines = "".join(f"      - run: {n}x\n" for n in range(6))
    (folder / "evil\x1b[2J.yaml").write_text(f"name: X\nsessions:\n  - id: a\n    title: A\n    steps:\n{lines}")
    app = make_app(load_catalogue())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        programmes = len(app.catalogue.programmes)
        await pilot.press(*["down"] * programmes)  # past every programme, onto the broken file
        await pilot.pause()
        text = screen_text(app)
        assert "evil\\x1b[2J.yaml" in text and "\x1b" not in text
        assert "cannot be used until it is fixed" in text
        for n in range(6):  # every problem, not the first three
            assert f"line {6 + n}: the run duration: expected a duration like 90s, 5m or 1m30s" in text
            assert f"'{n}x'" in text
        await pilot.press("enter")  # nothing to start, nothing breaks
        await pilot.pause()
        assert "cannot be used until it is fixed" in screen_text(app)

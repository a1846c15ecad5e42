"""The menu is styled once as it first appears (Textual restyles a screen when it is shown,
which doubled the start-up's styling: docs/performance.md), and as Textual decides when it is
shown later, so a change made meanwhile (a class, the theme) still reaches it."""

from __future__ import annotations

from collections import Counter

import pytest
from textual import events
from textual.css.stylesheet import Stylesheet

from trainertui.ui.screens.menu import MenuScreen


@pytest.fixture
def styled(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    counts: Counter[str] = Counter()
    apply = Stylesheet.apply

    def counting(self: Stylesheet, node: object, *args: object, **kwargs: object) -> None:
        counts[type(node).__name__] += 1
        apply(self, node, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Stylesheet, "apply", counting)
    return counts


async def test_the_menu_is_styled_once_as_it_appears_and_again_when_shown_later(make_app, styled):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen)
        assert styled["MenuScreen"] == 1
        assert styled["Header"] == 1 and styled["SessionPreview"] == 1

        app.screen.post_message(events.ScreenResume())  # shown again, asking for a restyle
        await pilot.pause()
        await pilot.pause()
        assert styled["MenuScreen"] == 2 and styled["SessionPreview"] == 2

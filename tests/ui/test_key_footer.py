"""KeyFooter: each key is classed by its action, and the keys are built again only when what
they show changes (Textual's Footer rebuilds them on every bindings signal; at start-up that
was three times before the menu settled: docs/performance.md)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding

from trainertui.ui.widgets.key_footer import KeyFooter


class CountingFooter(KeyFooter):
    composed = 0

    def compose(self) -> ComposeResult:
        CountingFooter.composed += 1
        yield from super().compose()


class Keys(App[None]):
    BINDINGS = [Binding("p", "pause", "Pause"), Binding("q", "quit", "Quit")]
    ENABLE_COMMAND_PALETTE = False
    paused = False

    def compose(self) -> ComposeResult:
        yield CountingFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "pause" and self.paused else True  # None: shown, disabled

    def action_pause(self) -> None:
        self.paused = True
        self.refresh_bindings()


async def test_keys_are_rebuilt_only_when_what_they_show_changes():
    app = Keys()
    async with app.run_test() as pilot:
        await pilot.pause()
        footer = app.query_one(CountingFooter)
        keys = {key.action: key for key in footer.query("FooterKey")}  # type: ignore[attr-defined]
        assert set(keys) == {"pause", "quit"}
        assert keys["quit"].has_class("-action-quit")
        before = CountingFooter.composed

        app.refresh_bindings()  # the same keys: nothing to rebuild
        await pilot.pause()
        await pilot.pause()
        assert CountingFooter.composed == before

        await pilot.press("p")  # Pause is now disabled: rebuilt, and shown disabled
        await pilot.pause()
        await pilot.pause()
        assert CountingFooter.composed == before + 1
        (pause,) = [key for key in footer.query("FooterKey") if key.action == "pause"]  # type: ignore[attr-defined]
        assert pause.has_class("-disabled")


class Palette(Keys):
    ENABLE_COMMAND_PALETTE = True


async def test_each_key_is_styled_once_and_looks_as_in_textuals_footer(monkeypatch):
    """Classes and compactness are set before a key is mounted: each class changed on a
    mounted key restyled it (four times a key at start-up). The look stays Textual's: the
    bound keys follow the Footer's compact (off), the palette key keeps its own (on)."""
    from textual.css.stylesheet import Stylesheet

    styled: dict[str, int] = {}
    apply = Stylesheet.apply

    def counting(self: Stylesheet, node: object, *args: object, **kwargs: object) -> None:
        action = getattr(node, "action", None)
        if isinstance(action, str):
            styled[action] = styled.get(action, 0) + 1
        apply(self, node, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Stylesheet, "apply", counting)
    app = Palette()
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.pause()
        keys = {key.action: key for key in app.query_one(KeyFooter).query("FooterKey")}  # type: ignore[attr-defined]
        assert set(keys) == {"pause", "quit", "command_palette"}
        assert styled["pause"] == styled["quit"] == 1
        assert styled["command_palette"] <= 2  # left as Textual makes it: its watcher sets its class
        assert not keys["quit"].has_class("-compact") and not keys["quit"].compact
        assert keys["command_palette"].has_class("-compact")

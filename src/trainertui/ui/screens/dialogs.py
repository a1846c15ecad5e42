"""Small modal screens: a yes/no question, and the list of keys."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static
from textual.widgets.button import ButtonVariant


class ConfirmDialog(ModalScreen[bool]):
    """Ask once before doing something that cannot be undone. ``y`` confirms, ``n`` and
    Escape do not; the safe answer has the focus, so a stray Enter changes nothing."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog #dialog {
        width: 64; max-width: 100%; height: auto; border: thick $warning; background: $surface; padding: 1 2;
    }
    ConfirmDialog #question { text-style: bold; width: 1fr; }
    ConfirmDialog #dialog-detail { margin: 1 0; }
    ConfirmDialog #buttons { height: auto; align-horizontal: right; }
    ConfirmDialog #buttons Button { margin: 0 0 0 1; }
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="yes"),
        Binding("n,escape", "answer(False)", "No", id="no"),
        # Over a workout, Ctrl+C is what opened this question: a second one gets the answer's
        # keys, not Textual's "press ctrl+q to quit".
        Binding("ctrl+c", "keys", show=False),
    ]

    def __init__(self, question: str, detail: str, *, yes: str, no: str, yes_variant: ButtonVariant = "error") -> None:
        """``yes_variant`` colours the yes button: "error" (red) when yes destroys something."""
        super().__init__()
        self._question, self._detail, self._yes, self._no = question, detail, yes, no
        self._yes_variant = yes_variant

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self._question, id="question", markup=False)  # wraps: a long title keeps its time
            yield Static(self._detail, id="dialog-detail", markup=False)
            with Horizontal(id="buttons"):
                yield Button(f"{self._no} (n)", id="no", variant="primary")
                yield Button(f"{self._yes} (y)", id="yes", variant=self._yes_variant)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def action_keys(self) -> None:
        self.notify(f"Press y: {self._yes}, or n: {self._no}.", timeout=4)


class HelpScreen(ModalScreen[None]):
    """Every key, read from the screens' own bindings so the list cannot go out of date."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen #help {
        width: 64; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 2;
    }
    HelpScreen #help-title { text-style: bold; margin: 1 0; }
    HelpScreen #help Static { margin: 0 0 1 0; }
    HelpScreen #help-close { color: $text-muted; }
    """

    BINDINGS = [Binding("escape,question_mark,q", "app.pop_screen", "Close", id="close")]

    def __init__(self, sections: Iterable[tuple[str, Iterable[BindingType]]]) -> None:
        super().__init__()
        self._sections = list(sections)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Label("Keys", id="help-title")
            for title, bindings in self._sections:
                yield Static(self._table(title, bindings))
            yield Static("Escape or ? closes this.", id="help-close")

    def _table(self, title: str, bindings: Iterable[BindingType]) -> Table:
        # expand: a short table ("Everywhere": one key) must not wrap its own title.
        table = Table(title=title, title_justify="left", show_header=False, box=None, padding=(0, 2, 0, 0), expand=True)
        table.add_column(style="bold", no_wrap=True, min_width=14)  # the same column in every section
        table.add_column()
        rows: dict[str, list[str]] = {}
        for binding in bindings:
            if not isinstance(binding, Binding):
                continue
            keys = ", ".join(self.app.get_key_display(Binding(key, "")) for key in binding.key.split(","))
            if binding.description not in rows.get(keys, []):
                rows.setdefault(keys, []).append(binding.description)
        for keys, descriptions in rows.items():
            table.add_row(Text(keys), " / ".join(descriptions))
        return table

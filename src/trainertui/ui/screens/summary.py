"""What was done, shown when a workout ends or is stopped, with the check-in below it.

The check-in (how hard it felt, any pain and where, a note) is optional: Escape skips it, and
a form left empty counts as skipped. The screen dismisses with the ``CheckIn`` (or None) and the
App saves it; the menu is beneath, so dismissing returns there. Rehearsals (``speed != 1``) are
not recorded, so they get no form; nor does a workout the App could not record (``checkin``).
"""

from __future__ import annotations

import time

from rich.table import Table
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Static

from trainertui.durations import format_clock
from trainertui.history import CheckIn
from trainertui.model import Programme, Session
from trainertui.recording import Ending, Saved
from trainertui.ui.small_terminal import mark_small
from trainertui.workout import Summary

#: A screen shown without a recorder's answer (tests): nothing saved, the check-in offered.
NOT_RECORDED = Ending(Saved.NO_HISTORY)

#: The check-in fields in the order Enter walks through them: (id, label, placeholder).
FIELDS = (
    ("effort", "How hard did that feel? (1-10)", ""),
    ("pain", "Any pain? (0-10, blank for none)", ""),
    ("pain-where", "Where?", "e.g. upper back"),
    ("note", "Note", ""),
)
NOTE_MAX = 200
WHERE_MAX = 80


def _number(text: str, low: int, high: int) -> int | None:
    """``text`` as a whole number from low to high, None when blank; ValueError otherwise."""
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or not low <= int(text) <= high:
        raise ValueError(text)
    return int(text)


class SummaryScreen(Screen[CheckIn | None]):
    """The outcome, the figures and (unless rehearsing) the check-in form."""

    NARROW_BELOW, SHORT_BELOW = 60, 18
    # on_mount focuses the effort field itself, without the auto-focus scroll that would centre
    # it and push the outcome off the top of a small terminal.
    AUTO_FOCUS = ""

    # Enter is a priority binding so that it wins over the Input's own Enter (which would only
    # post Submitted and hide the key from the Footer). check_action shows one set or the other.
    BINDINGS = [
        Binding("enter", "next", "Next/Save", id="next", priority=True),
        Binding("escape", "skip", "Skip", id="skip"),
        Binding("ctrl+s", "save", "Save", id="save"),
        Binding("enter,escape", "menu", "Menu", id="menu"),
    ]

    def __init__(
        self,
        programme: Programme,
        session: Session,
        summary: Summary,
        *,
        speed: float = 1.0,
        ending: Ending = NOT_RECORDED,
    ) -> None:
        """
        Args:
            speed: the clock's rate; anything but 1 is a rehearsal, which has no check-in.
            ending: what became of the workout (``Recorder.finish``): its note is shown under
                the title (as a warning when the save failed), and the check-in is offered
                only when it has somewhere to go.
        """
        super().__init__()
        self.programme, self.session, self.summary = programme, session, summary
        self.speed = speed
        self.ending = ending
        self.asks_checkin = ending.takes_checkin and not self.rehearsal
        self._dismissed = False

    @property
    def rehearsal(self) -> bool:
        return self.speed != 1

    def compose(self) -> ComposeResult:
        s = self.summary
        yield Header()
        with VerticalScroll(id="summary", can_focus=False):
            if s.completed:
                yield Label("✔ Workout complete", id="outcome", classes="-completed")
            else:
                yield Label("Stopped early: a partial workout", id="outcome", classes="-partial")
            title = f"{self.programme.name} · {self.session.title}"
            note = self.ending.note
            yield Label(title, id="summary-title", classes="-noted" if note else "", markup=False)
            if note:
                yield Label(note, id="saved-note", classes="-warning" if self.ending.failed else "", markup=False)
            yield Static(self._table(), id="figures")
            if self.asks_checkin:
                with Vertical(id="checkin"):
                    yield Label("Check-in (optional)", id="checkin-title")
                    for field_id, label, placeholder in FIELDS:
                        with Horizontal(classes="field"):
                            yield Label(label, classes="field-label")
                            yield self._input(field_id, placeholder)
                    yield Static("", id="checkin-error")
        yield Footer()

    def _input(self, field_id: str, placeholder: str) -> Input:
        if field_id in ("effort", "pain"):
            return Input(id=field_id, restrict=r"[0-9]*", max_length=2, compact=True)
        limit = NOTE_MAX if field_id == "note" else WHERE_MAX
        return Input(id=field_id, placeholder=placeholder, max_length=limit, compact=True)

    def on_resize(self, event: events.Resize) -> None:
        mark_small(self, event.size, narrow_below=self.NARROW_BELOW, short_below=self.SHORT_BELOW)

    def on_mount(self) -> None:
        self.title = self.programme.name
        self.sub_title = "Summary"
        if self.asks_checkin:
            self.set_focus(self.query_one("#effort", Input), scroll_visible=False)

    def _table(self) -> Table:
        s = self.summary
        table = Table(show_header=False, box=None, padding=(0, 2, 0, 0))
        table.add_column(style="bold")
        table.add_column()
        table.add_row("Active time", f"{format_clock(s.active_s)} of {format_clock(s.planned_s)} planned")
        done = f"{s.steps_done} of {s.steps_total} done"
        if s.steps_skipped:
            done += f", {s.steps_skipped} skipped"
        table.add_row("Steps", done)
        started = time.strftime("%H:%M", time.localtime(s.started_wall))
        ended = time.strftime("%H:%M", time.localtime(s.ended_wall))
        table.add_row("Time", f"{started} to {ended}")
        if self.speed != 1:
            table.add_row("Rehearsal", f"at {self.speed:g}× speed, not saved: the times above are rehearsal time")
        return table

    # --- the check-in ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next", "save", "skip"):
            return self.asks_checkin
        if action == "menu":
            return not self.asks_checkin
        return True

    def _fields(self) -> list[Input]:
        return [self.query_one(f"#{field_id}", Input) for field_id, _, _ in FIELDS]

    def _problem(self, field: Input) -> str:
        """What is wrong with one field's value, or "" when it will do."""
        try:
            if field.id == "effort":
                _number(field.value, 1, 10)
            elif field.id == "pain":
                _number(field.value, 0, 10)
        except ValueError:
            if field.id == "effort":
                return "Effort is a number from 1 to 10."
            return "Pain is 0 to 10, or blank for none."
        return ""

    def _show_problem(self, field: Input, problem: str) -> None:
        error = self.query_one("#checkin-error", Static)
        error.update(problem)
        error.set_class(bool(problem), "-shown")
        for each in self._fields():
            each.set_class(bool(problem) and each is field, "-error")
        if problem:
            field.focus()
            # On a small terminal the form scrolls: bring the complaint into view as well.
            self.call_after_refresh(error.scroll_visible, animate=False)

    @on(Input.Changed)
    def _edited(self, event: Input.Changed) -> None:
        """Editing the field that was wrong takes the complaint away."""
        if event.input.has_class("-error"):
            self._show_problem(event.input, "")

    def action_next(self) -> None:
        """Enter: check this field and go to the next one; on the last one, save."""
        fields = self._fields()
        focused = self.focused
        if not isinstance(focused, Input) or focused not in fields:
            self.action_save()
            return
        problem = self._problem(focused)
        self._show_problem(focused, problem)
        if problem:
            return
        index = fields.index(focused)
        if index + 1 < len(fields):
            fields[index + 1].focus()
        else:
            self.action_save()

    def action_save(self) -> None:
        """Ctrl+S (or Enter on the last field): dismiss with the check-in, None if it is empty."""
        for field in self._fields():
            problem = self._problem(field)
            if problem:
                self._show_problem(field, problem)
                return
        values = {field.id: field.value for field in self._fields()}
        checkin = CheckIn(
            effort=_number(values["effort"], 1, 10),
            pain=_number(values["pain"], 0, 10),
            pain_where=values["pain-where"].strip(),
            note=values["note"].strip(),
        )
        self._finish(None if checkin.empty else checkin)

    def action_skip(self) -> None:
        """Escape: no check-in this time."""
        self._finish(None)

    def action_menu(self) -> None:
        """Without a check-in (a rehearsal, or nothing recorded): back to the menu."""
        self._finish(None)

    def _finish(self, checkin: CheckIn | None) -> None:
        """Dismiss once: a second key pressed before the screen has gone must not save twice."""
        if not self._dismissed:
            self._dismissed = True
            self.dismiss(checkin)

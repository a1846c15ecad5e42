"""One past workout, everything about it (the full note too), opened from a row of the history.

``c`` adds or changes its check-in (CheckInDialog: the summary screen's four fields, filled in
with what was saved), ``d`` deletes it after a ConfirmDialog. Neither writes anything: the
screen posts ChangeCheckIn or DeleteWorkout, the App has the Recorder do it and answers with
``show`` (the workout as it now is) or by closing this screen.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from trainertui.durations import format_clock
from trainertui.history import CheckIn, Record
from trainertui.text import visible
from trainertui.ui.literal import literal_rich
from trainertui.ui.messages import ChangeCheckIn, DeleteWorkout
from trainertui.ui.screens.summary import FIELDS, NOTE_MAX, WHERE_MAX, _number


def _when(moment: datetime, zone: tzinfo | None) -> str:
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %Y %H:%M}"


def describe(record: Record, zone: tzinfo | None) -> Table:
    """Every field of the workout, in words."""
    table = Table(show_header=False, box=None, padding=(0, 2, 0, 0), expand=True)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    ended = record.ended.astimezone(zone)
    table.add_row("Programme", literal_rich(record.programme_name))
    table.add_row("Session", literal_rich(record.session_title))
    table.add_row("When", f"{_when(record.started, zone)} to {ended:%H:%M}")
    table.add_row("Result", "completed" if record.completed else "partial (stopped early)")
    table.add_row("Active time", f"{format_clock(record.active_s)} of {format_clock(record.planned_s)} planned")
    steps = f"{record.steps_done} of {record.steps_total} done"
    if record.steps_skipped:
        steps += f", {record.steps_skipped} skipped"
    table.add_row("Steps", steps)
    checkin = record.checkin
    if checkin is None:
        table.add_row("Check-in", Text("none (c adds one)", style="dim"))
        return table
    table.add_row("Effort", "" if checkin.effort is None else f"{checkin.effort}/10")
    pain = "" if checkin.pain is None else f"{checkin.pain}/10"
    table.add_row("Pain", literal_rich(f"{pain} {checkin.pain_where}".strip()))
    table.add_row("Note", literal_rich(checkin.note))
    return table


class WorkoutDetail(ModalScreen[None]):
    DEFAULT_CSS = """
    WorkoutDetail { align: center middle; }
    WorkoutDetail #detail-box {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    WorkoutDetail #detail-title { text-style: bold; margin: 0 0 1 0; }
    WorkoutDetail #detail-keys { color: $text-muted; margin: 1 0 0 0; }
    """

    BINDINGS = [
        Binding("c", "checkin", "Check-in", id="checkin"),
        Binding("d,delete", "delete", "Delete", id="delete"),
        Binding("escape,enter,q", "close", "Close", id="close"),
    ]

    def __init__(self, record: Record, *, now: datetime) -> None:
        """``now``: its time zone is the one times are shown in (the machine's when naive)."""
        super().__init__()
        self.record = record
        self._zone = now.tzinfo

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail-box"):
            yield Label(self._title(), id="detail-title", markup=False)
            yield Static(describe(self.record, self._zone), id="detail-fields")
            yield Static("c: check-in   d: delete   Escape: close", id="detail-keys")

    def _title(self) -> str:
        return visible(f"{self.record.programme_name} · {self.record.session_title}")

    def show(self, record: Record) -> None:
        """The workout as it now is, after its check-in changed."""
        self.record = record
        self.query_one("#detail-fields", Static).update(describe(record, self._zone))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_checkin(self) -> None:
        record_id = self.record.id

        def given(checkin: CheckIn | None) -> None:
            if checkin is not None:
                self.post_message(ChangeCheckIn(record_id, checkin))

        self.app.push_screen(CheckInDialog(self.record.checkin, title=self._title()), given)

    def action_delete(self) -> None:
        from trainertui.ui.screens.dialogs import ConfirmDialog

        record = self.record

        def answered(delete: bool | None) -> None:
            if delete:
                self.post_message(DeleteWorkout(record.id))
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog(
                "Delete this workout?",
                f"{self._title()}, {_when(record.started, self._zone)}, goes from your history for good, "
                "with its check-in. Progress and figures are worked out again without it.",
                yes="Delete",
                no="Keep it",
            ),
            answered,
        )


class CheckInDialog(ModalScreen[CheckIn | None]):
    """The check-in's four fields, filled in with what was saved. Enter moves on and, on the
    last field, saves; Ctrl+S saves; Escape leaves it as it was. Emptying every field and
    saving clears the check-in (dismisses with an empty CheckIn; None means "no change")."""

    DEFAULT_CSS = """
    CheckInDialog { align: center middle; }
    CheckInDialog #checkin-box {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    CheckInDialog #checkin-title { text-style: bold; margin: 0 0 1 0; }
    CheckInDialog .field { height: auto; margin: 0 0 1 0; }
    CheckInDialog .field-label { width: 34; }
    CheckInDialog Input { width: 1fr; background: $surface-lighten-1; }
    CheckInDialog Input:focus { background: $primary 30%; }
    CheckInDialog #effort, CheckInDialog #pain { width: 6; }
    CheckInDialog Input.-error { background: $error 30%; }
    CheckInDialog #checkin-error { display: none; color: $text-error; text-style: bold; height: auto; }
    CheckInDialog #checkin-error.-shown { display: block; }
    CheckInDialog #checkin-keys { color: $text-muted; }
    """

    BINDINGS = [
        Binding("enter", "next", "Next/Save", id="next", priority=True),
        Binding("ctrl+s", "save", "Save", id="save"),
        Binding("escape", "cancel", "Cancel", id="cancel"),
    ]
    AUTO_FOCUS = "#effort"

    def __init__(self, checkin: CheckIn | None, *, title: str) -> None:
        super().__init__()
        self.checkin = checkin or CheckIn()
        self._title = title

    def compose(self) -> ComposeResult:
        c = self.checkin
        values = {
            "effort": "" if c.effort is None else str(c.effort),
            "pain": "" if c.pain is None else str(c.pain),
            "pain-where": c.pain_where,
            "note": c.note,
        }
        with Vertical(id="checkin-box"):
            yield Label(f"Check-in: {self._title}", id="checkin-title", markup=False)
            for field_id, label, placeholder in FIELDS:
                with Horizontal(classes="field"):
                    yield Label(label, classes="field-label")
                    if field_id in ("effort", "pain"):
                        yield Input(values[field_id], id=field_id, restrict=r"[0-9]*", max_length=2, compact=True)
                    else:
                        limit = NOTE_MAX if field_id == "note" else WHERE_MAX
                        yield Input(
                            values[field_id], id=field_id, placeholder=placeholder, max_length=limit, compact=True
                        )
            yield Static("", id="checkin-error")
            yield Static("Enter: next field, then save   Ctrl+S: save   Escape: no change", id="checkin-keys")

    def _fields(self) -> list[Input]:
        return [self.query_one(f"#{field_id}", Input) for field_id, _, _ in FIELDS]

    def _problem(self, field: Input) -> str:
        try:
            if field.id == "effort":
                _number(field.value, 1, 10)
            elif field.id == "pain":
                _number(field.value, 0, 10)
        except ValueError:
            return "Effort is a number from 1 to 10." if field.id == "effort" else "Pain is 0 to 10, or blank for none."
        return ""

    def _complain(self, field: Input, problem: str) -> bool:
        error = self.query_one("#checkin-error", Static)
        error.update(problem)
        error.set_class(bool(problem), "-shown")
        for each in self._fields():
            each.set_class(bool(problem) and each is field, "-error")
        if problem:
            field.focus()
        return bool(problem)

    @on(Input.Changed)
    def _edited(self, event: Input.Changed) -> None:
        if event.input.has_class("-error"):
            self._complain(event.input, "")

    def action_next(self) -> None:
        fields = self._fields()
        focused = self.focused
        if not isinstance(focused, Input) or focused not in fields:
            self.action_save()
            return
        if self._complain(focused, self._problem(focused)):
            return
        index = fields.index(focused)
        if index + 1 < len(fields):
            fields[index + 1].focus()
        else:
            self.action_save()

    def action_save(self) -> None:
        for field in self._fields():
            if self._complain(field, self._problem(field)):
                return
        values = {field.id: field.value for field in self._fields()}
        self.dismiss(
            CheckIn(
                effort=_number(values["effort"], 1, 10),
                pain=_number(values["pain"], 0, 10),
                pain_where=values["pain-where"].strip(),
                note=values["note"].strip(),
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)

"""What was done, shown when a workout ends or is stopped, with the check-in below it.

The check-in (how hard it felt, any pain and where, a note) is optional: Escape skips it, and
a form left empty counts as skipped. The screen dismisses with the ``CheckIn`` (or None) and the
App saves it; the menu is beneath, so dismissing returns there. Rehearsals (``speed != 1``) are
not recorded, so they get no form; nor does a workout with nowhere to keep it (``Ending``).

Keys land in the field they were typed in, however fast they come: Textual hands a key to the
focused field's own queue and goes on to the next key at once, so ``7 Enter 3 Enter`` typed in
one burst used to read the effort before the 7 had reached it, and move the focus only after
the 3 had gone to the old field ("73", and the rest lost). Enter now waits for the field to
have taken every key sent to it, and moves the focus at once. A paste of several lines fills
the fields from the focused one on, as typing each line and Enter would.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

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
from trainertui.recording import Ending, worth_recording
from trainertui.ui.small_terminal import mark_small
from trainertui.workout import Summary

#: How long Enter waits for the focused field to take the keys sent to it before Enter (they
#: are normally taken within a millisecond; this only keeps a wedged field from hanging).
SETTLE_S = 1.0

#: The check-in fields in the order Enter walks through them: (id, label, placeholder).
FIELDS = (
    ("effort", "How hard did that feel? (1-10)", ""),
    ("pain", "Any pain? (0-10, blank for none)", ""),
    ("pain-where", "Where?", "e.g. upper back"),
    ("note", "Note", ""),
)
NOTE_MAX = 200
WHERE_MAX = 80


class CheckInField(Input):
    """A check-in field that takes every key in the order it came.

    Input's editing keys (Backspace, Delete, the arrows, Home, End, ...) are bindings, and
    Textual runs a widget's bindings only after the key has bubbled back up to the App, behind
    the keys that came after it: ``1 1 Enter Backspace Enter`` read the effort before the
    Backspace. Here they run at once, in the field's own queue, with the typed characters. A
    paste of several lines is handed to ``more_lines`` (the screen walks on through the fields
    with it) instead of keeping its first line and dropping the rest, as Input does."""

    def __init__(self, *, more_lines: Callable[[CheckInField, list[str]], None], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._more_lines = more_lines

    async def _on_key(self, event: events.Key) -> None:
        """Runs before Input's own handler (Textual calls each class's in turn)."""
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.prevent_default()
                event.stop()
                return

    def _on_paste(self, event: events.Paste) -> None:
        """Runs before Input's own (Textual calls each class's handler in turn), which a paste
        of one line is left to."""
        lines = event.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if len(lines) < 2:
            return
        event.prevent_default()  # not Input's: it would insert the first line again
        event.stop()
        self._more_lines(self, lines)


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

    #: Its layout, scoped to the screen and parsed when it is first shown (not before the menu).
    DEFAULT_CSS = """
    #summary { padding: 1 2; height: 1fr; scrollbar-size-vertical: 1; }
    #summary > * { height: auto; }
    #outcome { text-style: bold; margin: 0 0 1 0; padding: 0 1; }
    #outcome.-completed { background: $success; color: $text; }
    #outcome.-partial { background: $warning; color: $text; }
    #summary-title { margin: 0 0 1 0; }
    #summary-title.-noted { margin: 0; }
    #saved-note { color: $text-muted; margin: 0 0 1 0; width: 1fr; }
    #saved-note.-warning { color: $text-warning; text-style: bold; }

    /* The check-in: one line per field, label left and a compact input right; stacked when narrow. */
    #checkin { height: auto; margin: 1 0 0 0; }
    #checkin-title { text-style: bold; }
    #checkin .field { height: auto; margin: 0 0 1 0; }
    #checkin .field-label { width: 34; }
    /* High contrast on a dim laptop screen: light text on a clearly lighter field, and the field
       with the cursor in the primary colour (it was $surface-lighten-1, barely told from the page). */
    #checkin Input { width: 1fr; max-width: 60; background: $panel-lighten-2; color: $text; }
    #checkin Input:focus { background: $primary-darken-1; color: $text; text-style: bold; }
    #checkin #effort, #checkin #pain { width: 6; }
    #checkin Input.-error { background: $error 30%; }
    #checkin-error { display: none; color: $text-error; text-style: bold; }
    #checkin-error.-shown { display: block; }

    SummaryScreen.-short #summary { padding: 0 1; }
    SummaryScreen.-short #outcome, SummaryScreen.-short #summary-title { margin: 0; }
    SummaryScreen.-short #saved-note { margin: 0; }
    SummaryScreen.-short #checkin, SummaryScreen.-short #checkin .field { margin: 0; }
    SummaryScreen.-short #checkin-title { display: none; }
    SummaryScreen.-narrow #summary { padding: 0 1; }
    SummaryScreen.-narrow #checkin .field { layout: vertical; }
    SummaryScreen.-narrow #checkin .field-label { width: 1fr; }
    """

    NARROW_BELOW, SHORT_BELOW = 60, 18
    # on_mount focuses the effort field itself, without the auto-focus scroll that would centre
    # it and push the outcome off the top of a small terminal.
    AUTO_FOCUS = ""

    # Enter is a priority binding so that it wins over the Input's own Enter (which would only
    # post Submitted and hide the key from the Footer). check_action shows one set or the other.
    BINDINGS = [
        Binding("enter", "next", "Next/Save", id="next", priority=True),
        # Priority, like Enter, so the keys typed after them wait until the focus has moved.
        Binding("tab", "field(1)", "Next field", show=False, priority=True),
        Binding("shift+tab", "field(-1)", "Previous field", show=False, priority=True),
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
        ending: Ending,
    ) -> None:
        """
        Args:
            speed: the clock's rate; anything but 1 is a rehearsal, which has no check-in.
            ending: what became of the workout (``Recorder.finish``): whether it counts as
                done and why not, its note under the title (a warning when it is not saved),
                and the check-in is offered only when it has somewhere to go. ``show_ending``
                brings the note up to date when the row is written later.
        """
        super().__init__()
        self.programme, self.session, self.summary = programme, session, summary
        self.speed = speed
        self.ending = ending
        self.asks_checkin = ending.takes_checkin and not self.rehearsal
        self._dismissed = False
        self._complained_of: str | None = None

    @property
    def rehearsal(self) -> bool:
        return self.speed != 1

    def compose(self) -> ComposeResult:
        s = self.summary
        yield Header()
        with VerticalScroll(id="summary", can_focus=False):
            if not s.completed and not worth_recording(s):  # a false start: not a partial workout
                yield Label("Stopped early", id="outcome", classes="-partial")
            elif not s.completed:
                yield Label("Stopped early: a partial workout", id="outcome", classes="-partial")
            elif not self.ending.counted:  # reached the end, but too much of it was skipped
                yield Label(self.ending.verdict, id="outcome", classes="-partial")
            else:
                yield Label("✔ Workout complete", id="outcome", classes="-completed")
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
            return CheckInField(more_lines=self._pasted, id=field_id, restrict=r"[0-9]*", max_length=2, compact=True)
        limit = NOTE_MAX if field_id == "note" else WHERE_MAX
        return CheckInField(
            more_lines=self._pasted, id=field_id, placeholder=placeholder, max_length=limit, compact=True
        )

    def show_ending(self, ending: Ending) -> None:
        """What became of the workout changed (its row was written, or has to wait)."""
        self.ending = ending
        notes = self.query("#saved-note").results(Label)
        note = next(notes, None)
        if note is None:
            note = Label(ending.note, id="saved-note")
            self.query_one("#summary-title", Label).add_class("-noted")
            self.query_one("#summary", VerticalScroll).mount(note, after="#summary-title")
        note.update(ending.note)
        note.set_class(ending.failed, "-warning")

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
        if action in ("next", "save", "skip", "field"):
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
            return self._problem_text(field)
        return ""

    def _show_problem(self, field: Input, problem: str) -> None:
        error = self.query_one("#checkin-error", Static)
        error.update(problem)
        error.set_class(bool(problem), "-shown")
        for each in self._fields():
            each.set_class(bool(problem) and each is field, "-error")
        self._complained_of = field.value if problem else None
        if problem:
            self.set_focus(field)
            # On a small terminal the form scrolls: bring the complaint into view as well.
            self.call_after_refresh(error.scroll_visible, animate=False)

    @on(Input.Changed)
    def _edited(self, event: Input.Changed) -> None:
        """Editing the field that was wrong takes the complaint away (not the news of the value
        it complains of, which can come after the complaint when it was pasted)."""
        if event.input.has_class("-error") and event.value != self._complained_of:
            self._show_problem(event.input, "")

    async def action_next(self) -> None:
        """Enter: check this field and go to the next one; on the last one, save. First let the
        field take the keys typed before this Enter (they may still be in its queue); while
        this waits, the keys typed after it wait too, and then go to the field it moved to."""
        await self._settled()
        self._next()

    async def action_field(self, step: int) -> None:
        """Tab and Shift+Tab: the next or previous field, once this one has its keys."""
        await self._settled()
        fields = self._fields()
        focused = self.focused
        index = fields.index(focused) if isinstance(focused, Input) and focused in fields else -step
        self.set_focus(fields[(index + step) % len(fields)])

    async def _settled(self) -> None:
        """Wait until the focused field has handled every key and paste already sent to it."""
        focused = self.focused
        if not isinstance(focused, Input):
            return
        settled = asyncio.Event()
        if focused.call_later(settled.set):
            try:
                await asyncio.wait_for(settled.wait(), SETTLE_S)
            except TimeoutError:
                pass

    def _next(self) -> bool:
        """Enter's work: True when the focus moved on to another field."""
        fields = self._fields()
        focused = self.focused
        if not isinstance(focused, Input) or focused not in fields:
            self.action_save()
            return False
        problem = self._problem(focused)
        self._show_problem(focused, problem)
        if problem:
            return False
        index = fields.index(focused)
        if index + 1 < len(fields):
            self.set_focus(fields[index + 1])  # now, not after the keys already queued
            return True
        self.action_save()
        return False

    def _pasted(self, field: CheckInField, lines: list[str]) -> None:
        """A paste of several lines, from ``field`` on: each line break is an Enter. A line a
        field will not take (letters in the effort, an effort of 11) stops it there, and the
        complaint says so: nothing pasted is dropped without a word."""
        if self.focused is not field:
            self.set_focus(field)
        for n, line in enumerate(lines):
            if n and not self._next():
                current = self.focused
                rest = [each for each in lines[n:] if each]
                if not self._dismissed and isinstance(current, Input) and rest:
                    problem = self._problem(current) or "The check-in is full."
                    self._show_problem(current, f"{problem} The paste stopped before {rest[0]!r}.")
                return
            current = self.focused
            if not isinstance(current, Input) or not line:
                continue
            before = current.value
            current.insert_text_at_cursor(line)
            if current.value == before:
                self._show_problem(current, f"{self._problem_text(current)} The paste stopped at {line!r}.")
                return

    def _problem_text(self, field: Input) -> str:
        if field.id == "effort":
            return "Effort is a number from 1 to 10."
        if field.id == "pain":
            return "Pain is 0 to 10, or blank for none."
        return "That does not fit here."

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

"""What was done, shown when a workout ends or is stopped."""

from __future__ import annotations

import time

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, Static

from trainertui.durations import format_clock
from trainertui.model import Programme, Session
from trainertui.workout import Summary


class SummaryScreen(Screen[None]):
    BINDINGS = [
        Binding("enter,escape", "app.pop_screen", "Menu", id="menu"),
        Binding("q", "app.quit", "Quit", id="quit"),
    ]

    def __init__(self, programme: Programme, session: Session, summary: Summary, *, speed: float = 1.0) -> None:
        super().__init__()
        self.programme, self.session, self.summary = programme, session, summary
        self.speed = speed

    def compose(self) -> ComposeResult:
        s = self.summary
        yield Header()
        with Vertical(id="summary"):
            if s.completed:
                yield Label("✔ Workout complete", id="outcome", classes="-completed")
            else:
                yield Label("Stopped early: a partial workout", id="outcome", classes="-partial")
            yield Label(f"{self.programme.name} · {self.session.title}", id="summary-title")
            yield Static(self._table(), id="figures")
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.programme.name
        self.sub_title = "Summary"

    def _table(self) -> Table:
        s = self.summary
        table = Table(show_header=False, box=None, padding=(0, 2, 0, 0))
        table.add_column(style="bold")
        table.add_column()
        table.add_row("Active time", f"{format_clock(s.active_s)} of {format_clock(s.planned_s)} planned")
        done = f"{s.steps_done} of {s.programme_steps} done"
        if s.steps_skipped:
            done += f", {s.steps_skipped} skipped"
        table.add_row("Steps", done)
        started = time.strftime("%H:%M", time.localtime(s.started_wall))
        ended = time.strftime("%H:%M", time.localtime(s.ended_wall))
        table.add_row("Time", f"{started} to {ended}")
        if self.speed != 1:
            table.add_row("Rehearsal", f"at {self.speed:g}× speed: the times above are rehearsal time")
        return table

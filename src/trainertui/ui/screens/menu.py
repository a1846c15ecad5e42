"""Pick a programme, then a session; the highlighted session is previewed on the right.

With a history, sessions done are ticked, the next one is marked and highlighted, and each
programme says how far along it is ("11 of 27 done · next: week 4"). Above the lists, one line
each, the advice for the highlighted programme (advice.py): repeat a hard session (``r``) or
go on (Enter on "next"), when the next session is due, and a back-care session for a pain that
keeps coming back. Advice never stands in the way: every key does what it did without it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.css.styles import RulesMap
from textual.screen import Screen
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from trainertui.advice import NO_ADVICE, Advice, Repeat
from trainertui.catalogue import BrokenFile, Catalogue
from trainertui.durations import format_clock
from trainertui.model import Equipment, Programme, Session
from trainertui.paths import user_routines_dir
from trainertui.progress import Progress
from trainertui.text import visible, visible_prose
from trainertui.timeline import compile_session
from trainertui.ui.messages import AnswerAdvice, ChooseEquipment, StartSession
from trainertui.ui.small_terminal import mark_small
from trainertui.ui.widgets.key_footer import KeyFooter
from trainertui.ui.widgets.session_preview import SessionPreview

BROKEN_PREFIX = "broken:"


def _without_week(title: str, week: int | None) -> str:
    """Under a "Week 3" heading, "Week 3, Run 2" reads better as "Run 2"."""
    prefix = f"Week {week}"
    if week is None or not title.startswith(prefix) or title[len(prefix) :][:1].isdigit():
        return title
    return title[len(prefix) :].lstrip(" ,:-—") or title


def broken_text(broken: BrokenFile) -> Text:
    """The list's line for a file that cannot be used: its name and first problem (literal)."""
    problem = broken.problems[0]
    more = f" (+{len(broken.problems) - 1} more)" if len(broken.problems) > 1 else ""
    where = f"line {problem.line}: " if problem.line else ""
    return Text.assemble(
        ("⚠ ", "bold"), (visible(broken.path.name), "bold"), visible_prose(f"\n{where}{problem.message}{more}")
    )


def broken_details(broken: BrokenFile) -> str:
    """Everything wrong with the file, for the preview: highlighted, a broken file shows it all."""
    lines = [f"{broken.path} cannot be used until it is fixed:", ""]
    lines += [f"line {p.line}: {p.message}" if p.line else p.message for p in broken.problems]
    lines += ["", "Fix it (trainertui validate FILE checks it) and start trainertui again."]
    return "\n".join(lines)


class _SessionLabel(Visual):
    """A session's line in the list: a long title wraps under itself (not under the tick), with
    its duration and "next" on the first line, at the right. A Textual Visual: the list asks
    each option for its height before drawing it, and a Rich renderable had to be rendered to
    answer, so every label was rendered twice (docs/performance.md); this one counts its lines."""

    def __init__(self, mark: Content | None, title: str, tail: Text) -> None:
        self.mark, self.title, self.tail = mark, title, tail

    def __str__(self) -> str:
        """The words, as one line ("✓ Run 2  30:00  next")."""
        return f"{self.mark.plain if self.mark is not None else ''}{self.title}  {self.tail.plain}"

    def _indent(self) -> int:
        return self.mark.cell_length if self.mark is not None else 0

    def _lines(self, width: int) -> tuple[int, list[str]]:
        room = max(8, width - self._indent() - self.tail.cell_len - 2)
        return room, textwrap.wrap(self.title, room) or [""]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self._indent() + len(self.title) + 2 + self.tail.cell_len

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self._lines(width)[1])

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        room, lines = self._lines(width)
        indent = Content(" " * self._indent())
        # The tail made Content here, while the app (its colours) is known.
        first = Content.assemble(self.mark or "", lines[0].ljust(room), "  ", Content.from_rich_text(self.tail))
        rows = [first, *(indent + line for line in lines[1:])]
        # Each row fits (cut at the width, never wrapped again), so the height above holds.
        text = Content("\n").join(row.truncate(width) for row in rows)
        return text.render_strips(width, height, style, options)


class MenuScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "start", "Start", id="start", priority=True),
        Binding("e", "equipment", "Equipment", id="equipment"),
        Binding("r", "repeat", "Repeat", id="repeat"),
        Binding("h", "app.history", "History", id="history"),
        Binding("q", "app.quit", "Quit", id="quit"),
    ]

    #: Below these sizes the screen gets the -narrow and -short classes (see app.tcss): the
    #: preview shares the width down to 50 columns (the lists take at most half).
    NARROW_BELOW, SHORT_BELOW = 50, 18

    def __init__(
        self,
        catalogue: Catalogue,
        progress: Mapping[str, Progress] | None = None,
        equipment: Mapping[str, str] | None = None,
        *,
        advice: Advice = NO_ADVICE,
    ) -> None:
        """``equipment``: the equipment chosen for each programme that offers a choice, by id
        (a programme not listed uses its default). ``advice``: what the history suggests."""
        super().__init__()
        self.catalogue = catalogue
        self.progress = dict(progress or {})
        self.equipment = dict(equipment or {})
        self.advice = advice
        self.programme: Programme | None = catalogue.programmes[0] if catalogue.programmes else None
        self._shown = False

    def compose(self) -> ComposeResult:
        # Everything the first frame shows is built here, not on mount: filling the lists
        # after they are mounted costs a second layout and paint before the menu is ready.
        programmes = OptionList(*self._programme_options(), id="programmes")
        programmes.border_title = "Programmes"
        sessions = OptionList(id="sessions")
        sessions.border_title = "Sessions"
        if self.programme is not None:
            sessions.add_options(self._session_options(self.programme))
        yield Header()
        yield Static(self._advice_text(), id="advice", classes="" if self._advice_lines() else "-empty")
        with Horizontal(id="menu"):
            with Vertical(id="picker"):
                yield programmes
                yield sessions
            with VerticalScroll(id="preview"):
                yield SessionPreview(id="preview-body")
        yield KeyFooter()

    def _programme_options(self) -> list[Option]:
        options = [Option(self._programme_label(p), id=p.id) for p in self.catalogue.programmes]
        # Enabled, so the keyboard reaches them and the preview can show the whole error.
        options += [Option(broken_text(b), id=f"{BROKEN_PREFIX}{b.path}") for b in self.catalogue.broken]
        return options

    def _programme_label(self, programme: Programme) -> Text:
        count = len(programme.sessions)
        progress = self.progress.get(programme.id)
        if progress is None or count == 1:
            return Text.assemble(programme.name, (f"  {count}", "dim"))
        if programme.alternatives:
            where = ""
        elif progress.next_session_id is None and progress.completed_count:
            where = "all done"
        elif progress.week is not None and len(programme.weeks) > 1:
            where = f"next: week {progress.week}"
        else:
            where = ""
        line = f"{progress.completed_count} of {count} done" + (f" · {where}" if where else "")
        return Text.assemble(programme.name, ("\n" + line, "dim"))

    def _session_options(self, programme: Programme) -> list[Option]:
        """The sessions, under week headings when there is more than one week; a tick on those
        done and the word "next" on the next one (words, not colour alone)."""
        progress = self.progress.get(programme.id)
        done = progress.done if progress is not None else frozenset()
        upcoming = progress.next_session_id if progress is not None else None
        options: list[Option] = []
        weekly = len(programme.weeks) > 1
        for week, group in programme.weeks:
            if week is not None and weekly:
                options.append(Option(Text(f"Week {week}", style="bold"), disabled=True))
            for session in group:
                title = _without_week(session.title, week) if weekly else session.title
                tail = Text(format_clock(session.planned_s), style="dim")
                if session.id == upcoming:
                    tail.append("  next", style="bold")
                mark = (
                    (Content.styled("✓ ", "$text-success") if session.id in done else Content("  "))
                    if progress is not None
                    else None
                )
                options.append(Option(_SessionLabel(mark, title, tail), id=session.id))
        return options

    def select_programme(self, programme_id: str) -> None:
        """Highlight this programme (the one just used) and its next session."""
        programmes = self.query_one("#programmes", OptionList)
        try:
            programmes.highlighted = programmes.get_option_index(programme_id)
        except Exception:  # OptionDoesNotExist: a routine file that went away meanwhile
            return
        programme = self.catalogue.get(programme_id)
        if programme is not None and programme is not self.programme:
            self._show_programme(programme)

    # --- advice -------------------------------------------------------------------------------

    def _advice_lines(self) -> list[str]:
        return self.advice.lines(self.programme.id if self.programme is not None else None)

    def _advice_text(self) -> Text:
        lines = self._advice_lines()
        text = Text("\n".join(lines), no_wrap=True, overflow="ellipsis")
        if lines and self._repeat() is not None:
            text.stylize("bold", 0, len(lines[0]))
        return text

    def _show_advice(self) -> None:
        if not self.is_mounted:
            return
        line = self.query_one("#advice", Static)
        line.update(self._advice_text())
        line.set_class(not self._advice_lines(), "-empty")
        self.refresh_bindings()

    def _repeat(self) -> Repeat | None:
        """The highlighted programme's question, while it is open."""
        repeat = self.advice.repeat.get(self.programme.id) if self.programme is not None else None
        return repeat if repeat is not None and repeat.asking else None

    def action_repeat(self) -> None:
        """r: repeat the session the advice is about, now; the answer is kept."""
        repeat = self._repeat()
        programme = self.programme
        session = programme.session(repeat.session_id) if programme is not None and repeat is not None else None
        if programme is None or repeat is None or session is None:
            return
        self.post_message(AnswerAdvice(repeat.record_id, "repeat"))
        self.post_message(StartSession(programme, session))

    def show_progress(self, progress: Mapping[str, Progress], advice: Advice | None = None) -> None:
        """New marks after a workout was recorded; the highlighted programme stays."""
        self.progress = dict(progress)
        if advice is not None:
            self.advice = advice
        if not self.is_mounted:  # not drawn yet: compose() will use the new marks
            return
        self._show_advice()
        programmes = self.query_one("#programmes", OptionList)
        for programme in self.catalogue.programmes:
            programmes.replace_option_prompt(programme.id, self._programme_label(programme))
        if self.programme is not None:
            self._show_programme(self.programme)

    def _highlight_next(self) -> None:
        """The session to do next, or else the first (not a heading)."""
        sessions = self.query_one("#sessions", OptionList)
        progress = self.progress.get(self.programme.id) if self.programme is not None else None
        if progress is not None and progress.next_session_id is not None:
            sessions.highlighted = sessions.get_option_index(progress.next_session_id)
        else:
            sessions.action_first()

    def on_resize(self, event: events.Resize) -> None:
        mark_small(self, event.size, narrow_below=self.NARROW_BELOW, short_below=self.SHORT_BELOW)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """The first showing keeps the styles just computed at mount: Textual restyles every
        node of a screen each time it is shown, which doubled the menu's start-up styling
        (docs/performance.md). Later showings (back from a workout) restyle as usual."""
        if not self._shown:
            self._shown = True
            event.refresh_styles = False

    def on_mount(self) -> None:
        self.title = "trainertui"
        self.sub_title = "Pick a workout"
        programmes = self.query_one("#programmes", OptionList)
        programmes.focus()
        if self.programme is None:
            self.query_one("#preview-body", SessionPreview).explain(
                f"No usable routines. Fix the files listed on the left, or add one to {user_routines_dir()}."
            )
            return
        programmes.highlighted = 0
        self._highlight_next()
        self._preview_highlighted()

    def _show_programme(self, programme: Programme) -> None:
        self.programme = programme
        sessions = self.query_one("#sessions", OptionList)
        sessions.clear_options()
        sessions.add_options(self._session_options(programme))
        self._highlight_next()
        self._preview_highlighted()

    @property
    def session(self) -> Session | None:
        """The highlighted session, as done with the programme's chosen equipment."""
        sessions = self.query_one("#sessions", OptionList)
        if self.programme is None or sessions.highlighted is None:
            return None
        option = sessions.get_option_at_index(sessions.highlighted)
        session = self.programme.session(option.id or "")
        kit = self._kit(self.programme)
        return session.using(kit.id) if session is not None and kit is not None else session

    def _kit(self, programme: Programme) -> Equipment | None:
        return programme.equipment_named(self.equipment.get(programme.id))

    def _preview_highlighted(self) -> None:
        session = self.session
        timeline = compile_session(session) if session is not None else None
        kit = self._kit(self.programme) if self.programme is not None else None
        self.query_one("#preview-body", SessionPreview).show(self.programme, timeline, kit)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "equipment":
            return self.programme is not None and bool(self.programme.equipment)
        if action == "repeat":
            return self._repeat() is not None
        return True

    def action_equipment(self) -> None:
        """The next way of doing this programme's exercises; the App remembers the choice."""
        programme = self.programme
        kit = self._kit(programme) if programme is not None else None
        if programme is None or kit is None:
            return
        ways = list(programme.equipment)
        chosen = ways[(ways.index(kit) + 1) % len(ways)]
        self.equipment[programme.id] = chosen.id
        self._preview_highlighted()
        self.post_message(ChooseEquipment(programme.id, chosen.id))
        self.notify(f"{programme.name}: {chosen.name}", timeout=3, markup=False)

    @on(OptionList.OptionHighlighted, "#programmes")
    def _programme_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        option_id = event.option.id or ""
        if option_id.startswith(BROKEN_PREFIX):
            self._show_broken(option_id.removeprefix(BROKEN_PREFIX))
            return
        programme = self.catalogue.get(option_id)
        if programme is not None and programme is not self.programme:
            self._show_programme(programme)
            self._show_advice()

    def _show_broken(self, path: str) -> None:
        broken = next((b for b in self.catalogue.broken if str(b.path) == path), None)
        if broken is None:
            return
        self.programme = None
        self.query_one("#sessions", OptionList).clear_options()
        self.query_one("#preview-body", SessionPreview).explain(broken_details(broken))
        self._show_advice()

    @on(OptionList.OptionSelected, "#programmes")
    def _programme_chosen(self) -> None:
        self.query_one("#sessions", OptionList).focus()

    @on(OptionList.OptionHighlighted, "#sessions")
    def _session_highlighted(self) -> None:
        self._preview_highlighted()

    @on(OptionList.OptionSelected, "#sessions")
    def _session_chosen(self) -> None:
        self.action_start()

    def action_start(self) -> None:
        if self.focused is self.query_one("#programmes", OptionList):
            if self.programme is not None:  # a broken file has no sessions to go to
                self.query_one("#sessions", OptionList).focus()
            return
        session = self.session
        if self.programme is not None and session is not None:
            repeat = self._repeat()
            if repeat is not None and session.id in (repeat.go_on, repeat.session_id):
                # Starting the plan's next (or the session asked about) answers the question.
                answer = "go on" if session.id == repeat.go_on else "repeat"
                self.post_message(AnswerAdvice(repeat.record_id, answer))
            self.post_message(StartSession(self.programme, session))

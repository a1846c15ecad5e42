"""The ``trainertui`` command.

Subcommands that only read routines (list, show, validate) import no Textual, so they start
fast; the full-screen app is imported only when it is asked for.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from trainertui import __version__
from trainertui.catalogue import Catalogue, load_catalogue, load_one
from trainertui.durations import format_clock, format_span
from trainertui.model import Programme, Session
from trainertui.routines import ROUTINE_SUFFIXES, RoutineError, load_programme, routine_files
from trainertui.timeline import Timeline, compile_session

EXIT_OK = 0
EXIT_USAGE = 2
MAX_SPEED = 1000.0


class UserError(Exception):
    """Something the person asked for that cannot be done: printed without a traceback, exit 2."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            return run_app()
        return int(args.handler(args))
    except UserError as error:
        print(f"trainertui: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `trainertui show ... | head` stopped reading: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit flush is quiet
        return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trainertui",
        description="A terminal workout timer with guided routines. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"trainertui {__version__}")
    parser.set_defaults(command=None)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = sub.add_parser("run", help="start a workout now (the menu is behind it)")
    p.add_argument("programme", help="a programme id (see 'list') or a path to a routine file")
    p.add_argument("session", nargs="?", help="a session id; may be left out when there is only one")
    p.add_argument("--speed", type=_speed, default=1.0, metavar="N",
                   help="rehearse at N times real speed, e.g. --speed 30")
    p.set_defaults(command="run", handler=cmd_run)

    p = sub.add_parser("list", help="list programmes and their sessions")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(command="list", handler=cmd_list)

    p = sub.add_parser("show", help="show a session's timeline and cue times")
    p.add_argument("programme", help="a programme id (see 'list') or a path to a routine file")
    p.add_argument("session", nargs="?", help="a session id; may be left out when there is only one")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(command="show", handler=cmd_show)

    p = sub.add_parser("validate", help="check routine files; exit 2 if any has problems")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="routine files or folders of them")
    p.set_defaults(command="validate", handler=cmd_validate)
    return parser


def _speed(text: str) -> float:
    try:
        speed = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 < speed <= MAX_SPEED:
        raise argparse.ArgumentTypeError(f"must be more than 0 and at most {MAX_SPEED:g}")
    return speed


# --- the app ------------------------------------------------------------------------------


def run_app(start: tuple[Programme, Session] | None = None, speed: float = 1.0) -> int:
    """Open the full-screen app (importing Textual only now), optionally straight into a session."""
    from trainertui.clock import MonotonicClock, ScaledClock
    from trainertui.ui.app import TrainerApp

    catalogue = load_catalogue()
    clock = ScaledClock(speed) if speed != 1.0 else MonotonicClock()
    TrainerApp(catalogue, clock=clock, start=start).run()
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    programme = _find_programme(args.programme)
    session = _find_session(programme, args.session)
    return run_app((programme, session), speed=args.speed)


# --- list ---------------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace) -> int:
    catalogue = load_catalogue()
    if args.json:
        print(json.dumps(_catalogue_json(catalogue), indent=2))
        return EXIT_OK
    for programme in catalogue.programmes:
        origin = "" if programme.bundled else f"  [{programme.path}]"
        print(f"{programme.id}  {programme.name}  ({plural(len(programme.sessions), 'session')}){origin}")
        for week, sessions in programme.weeks:
            prefix = f"  week {week}: " if week is not None else "  "
            print(prefix + ", ".join(f"{s.id} ({format_span(s.planned_s)})" for s in sessions))
    for broken in catalogue.broken:
        print(f"{broken.path.stem}  (not usable: {broken.problems[0]})")
    return EXIT_OK


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _catalogue_json(catalogue: Catalogue) -> dict[str, object]:
    return {
        "programmes": [
            {
                "id": p.id,
                "name": p.name,
                "description": p.description,
                "bundled": p.bundled,
                "path": str(p.path),
                "sessions": [
                    {"id": s.id, "title": s.title, "week": s.week, "duration_s": s.planned_s, "steps": len(s.steps)}
                    for s in p.sessions
                ],
            }
            for p in catalogue.programmes
        ],
        "broken": [{"path": str(b.path), "problems": [str(p) for p in b.problems]} for b in catalogue.broken],
    }


# --- show ---------------------------------------------------------------------------------


def cmd_show(args: argparse.Namespace) -> int:
    programme = _find_programme(args.programme)
    session = _find_session(programme, args.session)
    timeline = compile_session(session)
    if args.json:
        print(json.dumps(timeline_json(programme, timeline), indent=2))
    else:
        _print_timeline(programme, timeline)
    return EXIT_OK


def timeline_json(programme: Programme, timeline: Timeline) -> dict[str, object]:
    return {
        "programme": programme.id,
        "session": timeline.session.id,
        "title": timeline.session.title,
        "duration_s": timeline.duration_s,
        "intervals": [
            {"kind": i.step.kind, "name": i.step.label, "start_s": i.start_s, "duration_s": i.step.duration_s}
            for i in timeline.intervals
        ],
        "cues": [{"at_s": c.at_s, "kind": c.kind, "text": c.text} for c in timeline.cues],
    }


def _print_timeline(programme: Programme, timeline: Timeline) -> None:
    session = timeline.session
    work = timeline.work_s
    print(f"{programme.name}: {session.title} [{session.id}]")
    untimed = sum(1 for i in timeline.intervals if not i.step.timed)
    extra = f" + {plural(untimed, 'untimed step')}" if untimed else ""
    print(f"{format_clock(timeline.duration_s)} planned{extra}, {format_clock(work)} running or exercising, "
          f"{plural(len(timeline.intervals), 'step')}")
    print()
    for interval in timeline.intervals:
        step = interval.step
        if step.duration_s is not None:
            length = format_span(step.duration_s)
        else:
            length = f"{step.reps} reps, Enter when done" if step.reps else "Enter when done"
        print(f"  {format_clock(interval.start_s):>8}  {step.kind:<9} {step.label:<32} {length}")
        if step.tip:
            print(f"  {'':>8}  {'':<9} {step.tip}")
    print()
    print("cues:")
    for cue in timeline.cues:
        print(f"  {format_clock(cue.at_s):>8}  {cue.kind:<9} {cue.text}")


def _find_programme(name: str) -> Programme:
    """A programme by id (bundled or the user's), or a routine file by its path."""
    path = Path(name)
    is_file = path.suffix in ROUTINE_SUFFIXES or path.exists()
    try:
        programme = load_programme(path) if is_file else load_one(name) if "/" not in name else None
    except RoutineError as error:
        raise UserError(f"{name} has problems:\n" + "\n".join(map(str, error.problems))) from None
    if programme is None:
        known = ", ".join(p.id for p in load_catalogue().programmes)
        raise UserError(f"no programme '{name}' (known: {known})")
    return programme


def _find_session(programme: Programme, session_id: str | None) -> Session:
    if session_id is None:
        if len(programme.sessions) == 1:
            return programme.sessions[0]
        ids = ", ".join(s.id for s in programme.sessions)
        raise UserError(f"{programme.id} has {len(programme.sessions)} sessions; name one: {ids}")
    session = programme.session(session_id)
    if session is None:
        ids = ", ".join(s.id for s in programme.sessions)
        raise UserError(f"{programme.id} has no session '{session_id}' (sessions: {ids})")
    return session


# --- validate -----------------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    paths: list[Path] = []
    for path in args.paths:
        if path.is_dir():
            paths.extend(routine_files(path))
        else:
            paths.append(path)
    if not paths:
        raise UserError("no routine files (*.yaml, *.yml) found")
    failed = 0
    for path in paths:
        try:
            programme = load_programme(path)
        except RoutineError as error:
            failed += 1
            for problem in error.problems:
                print(problem)
        else:
            steps = sum(len(s.steps) for s in programme.sessions)
            print(f"{path}: ok, {plural(len(programme.sessions), 'session')}, {plural(steps, 'step')}")
    return EXIT_USAGE if failed else EXIT_OK

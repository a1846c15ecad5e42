"""The ``trainertui`` command.

Subcommands that only read routines (list, show, validate) import no Textual, so they start
fast; the full-screen app is imported only when it is asked for. ``history --csv`` and its
kin read no routines at all, and the history store is imported by the commands that need it.
The routine reader (and YAML) is imported only to read a file that the catalogue's cache does
not hold (catalogue_cache.py), or one named on the command line. json and csv are imported
where they are written: nothing on the way to the app's first frame needs them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from trainertui import __version__
from trainertui.durations import format_clock, format_span
from trainertui.model import Programme, Session
from trainertui.text import visible, visible_prose
from trainertui.timeline import Timeline, compile_session

if TYPE_CHECKING:
    import argparse

    from trainertui.catalogue import Catalogue
    from trainertui.history import History, Record

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
MAX_SPEED = 1000.0


def out(text: object = "", *, file: TextIO | None = None) -> None:
    """Every line the command prints for people goes through here, so nothing in it (a routine's
    name, a file name, a note typed into a check-in) can be interpreted by the terminal: control
    and bidi characters are shown as escapes (text.visible_prose). JSON is printed by json,
    which escapes them itself."""
    print(visible_prose(str(text)), file=file or sys.stdout)


class UserError(Exception):
    """Something the person asked for that cannot be done: printed without a traceback, exit 2."""


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    try:
        if not words:  # the menu, the usual start: without building the parser (argparse: ~5 ms)
            _need_terminal()
            return run_app()
        args = _parser().parse_args(words)
        if args.command in (None, "run"):
            _need_terminal()
        if args.command is None:
            return run_app()
        return int(args.handler(args))
    except UserError as error:
        out(f"trainertui: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `trainertui show ... | head` stopped reading: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit flush is quiet
        return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    import argparse

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
    p.add_argument(
        "--speed", type=_speed, default=1.0, metavar="N", help="rehearse at N times real speed, e.g. --speed 30"
    )
    p.set_defaults(command="run", handler=cmd_run)

    p = sub.add_parser("list", help="list programmes and their sessions")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(command="list", handler=cmd_list)

    p = sub.add_parser("show", help="show a session's timeline and cue times")
    p.add_argument("programme", help="a programme id (see 'list') or a path to a routine file")
    p.add_argument("session", nargs="?", help="a session id; may be left out when there is only one")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(command="show", handler=cmd_show)

    p = sub.add_parser("check-audio", help="play a test sound; say which device is used, or why sound is off")
    p.set_defaults(command="check-audio", handler=cmd_check_audio)

    p = sub.add_parser("doctor", help="what works on this desktop: keep-awake, media players, sound (makes no sound)")
    p.set_defaults(command="doctor", handler=cmd_doctor)

    p = sub.add_parser("validate", help="check routine files; exit 2 if any has problems")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="routine files or folders of them")
    p.set_defaults(command="validate", handler=cmd_validate)

    p = sub.add_parser("history", help="your workouts: the history screen, or printed as a table, CSV or JSON")
    formats = p.add_mutually_exclusive_group()
    formats.add_argument(
        "--table", action="store_true", help="print a table (what you get when the output is not a terminal)"
    )
    formats.add_argument("--json", action="store_true", help="print JSON (a list, oldest first)")
    formats.add_argument("--csv", action="store_true", help="print CSV with a header row, oldest first")
    p.set_defaults(command="history", handler=cmd_history)
    # A subcommand beside the flags: optional (not required), so `history --csv` is as it was.
    history_sub = p.add_subparsers(title="history commands", metavar="COMMAND")
    i = history_sub.add_parser(
        "import", help="add the workouts in FILE (what --csv or --json printed) to your history; again adds nothing"
    )
    i.add_argument("file", type=Path, metavar="FILE", help="a file that 'history --csv' or 'history --json' wrote")
    i.set_defaults(handler=cmd_history_import)
    return parser


def _speed(text: str) -> float:
    import argparse  # already imported by the parser that calls this

    try:
        speed = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 < speed <= MAX_SPEED:
        raise argparse.ArgumentTypeError(f"must be more than 0 and at most {MAX_SPEED:g}")
    return speed


# --- the app ------------------------------------------------------------------------------


def not_terminals() -> list[str]:
    """Which of stdin, stdout and stderr are not a terminal. The app needs all three: it reads
    keys from stdin, and Textual draws on stderr; stdout is where a script would collect what
    it printed, which a full-screen app never does."""
    streams = (("stdin", sys.stdin), ("stdout", sys.stdout), ("stderr", sys.stderr))
    return [name for name, stream in streams if stream is None or not _isatty(stream)]


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _need_terminal() -> None:
    """The full-screen commands (the menu, run) refuse at once without a terminal: run with
    ``< /dev/null > out.txt`` the app drew nowhere, never ended, and recorded a workout that
    nobody did."""
    missing = not_terminals()
    if missing:
        names = " and ".join([", ".join(missing[:-1]), missing[-1]] if len(missing) > 1 else missing)
        raise UserError(
            f"the app needs a terminal, and {names} {'is' if len(missing) == 1 else 'are'} not one; "
            "for scripts there are list, show, validate and history --csv"
        )


def run_app(start: tuple[Programme, Session] | None = None, speed: float = 1.0, show_history: bool = False) -> int:
    """Open the full-screen app (importing Textual only now), optionally straight into a session.

    The cyclic garbage collector is off from here until the app has drawn its first screen
    (``TrainerApp`` turns it back on): importing Textual and building the menu make tens of
    thousands of objects that live as long as the process, and collecting among them took
    about a fifth of the start-up (docs/performance.md). Before the app runs, everything made
    so far is frozen (``gc.freeze``): modules, classes, the catalogue, never garbage, so later
    collections need not look at them again."""
    import gc

    gc.disable()
    from trainertui.audio import make_player
    from trainertui.catalogue import load_catalogue
    from trainertui.clock import MonotonicClock, ScaledClock
    from trainertui.keep_awake import KeepAwake
    from trainertui.music import MediaPlayers
    from trainertui.settings import load_settings
    from trainertui.ui.app import TrainerApp
    from trainertui.workout_desktop import WorkoutDesktop

    catalogue = load_catalogue()
    clock = ScaledClock(speed) if speed != 1.0 else MonotonicClock()
    config = load_settings()
    notices = list(config.problems)
    history, history_problem = _open_history(notices)
    player = make_player(config.sound, probe=False)  # the device is opened by the first workout's load
    # Neither connects to anything until a workout runs (and then on threads of their own).
    desktop = WorkoutDesktop(KeepAwake(enabled=config.desktop.keep_awake), MediaPlayers(), config.sound.pause_music)
    app = TrainerApp(
        catalogue,
        clock=clock,
        player=player,
        start=start,
        muted=config.sound.muted,
        equipment={pid: choice.equipment for pid, choice in config.programmes.items() if choice.equipment},
        metronome={pid: c.metronome for pid, c in config.programmes.items() if c.metronome is not None},
        remember=True,
        notices=notices,
        history=history,
        history_problem=history_problem,
        show_history=show_history,
        desktop=desktop,
    )
    gc.freeze()
    try:
        app.run()
    finally:
        gc.enable()
        if history is not None:
            history.close()
    return EXIT_OK


def _open_history(notices: list[str]) -> tuple[History | None, str]:
    """The app runs without a history rather than not at all; the person is told why (and the
    summary of each workout says it was not saved, and why)."""
    from trainertui.history import History, HistoryError

    try:
        history = History.open()
    except HistoryError as error:
        notices.append(f"History off: {error}")
        return None, str(error)
    if history.notice:
        notices.append(history.notice)
    return history, ""


def cmd_run(args: argparse.Namespace) -> int:
    programme = _find_programme(args.programme)
    session = _find_session(programme, args.session, next_from_history=True)
    return run_app((programme, session), speed=args.speed)


def _next_session(programme: Programme) -> Session:
    """What the menu marks "next": the session after the latest one completed."""
    from trainertui.history import History, HistoryError
    from trainertui.progress import progress

    ids = ", ".join(s.id for s in programme.sessions)
    if programme.alternatives:
        raise UserError(f"{programme.id}'s sessions are alternatives, with no order; name one: {ids}")
    try:
        with History.open() as history:
            upcoming = progress(history, programme).next_session_id
    except HistoryError as error:
        raise UserError(f"cannot tell which session is next ({error}); name one: {ids}") from None
    if upcoming is None:
        raise UserError(f"every session of {programme.id} is done; name one to do again: {ids}")
    session = programme.session(upcoming)
    assert session is not None
    return session


# --- list ---------------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace) -> int:
    from trainertui.catalogue import load_catalogue

    catalogue = load_catalogue()
    if args.json:
        import json

        print(json.dumps(_catalogue_json(catalogue), indent=2))
        return EXIT_OK
    for programme in catalogue.programmes:
        origin = "" if programme.bundled else f"  [{programme.path}]"
        out(f"{programme.id}  {programme.name}  ({plural(len(programme.sessions), 'session')}){origin}")
        for week, sessions in programme.weeks:
            prefix = f"  week {week}: " if week is not None else "  "
            out(prefix + ", ".join(f"{s.id} ({format_span(s.planned_s)})" for s in sessions))
    for broken in catalogue.broken:
        out(f"{broken.path.stem}  (not usable: {broken.problems[0]})")
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
        import json

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
            {
                "kind": i.step.kind,
                "name": i.step.label,
                "start_s": i.start_s,
                "duration_s": i.step.duration_s,
                "cadence": i.step.cadence,
            }
            for i in timeline.intervals
        ],
        "cues": [{"at_s": c.at_s, "kind": c.kind, "text": c.text} for c in timeline.cues],
    }


def _print_timeline(programme: Programme, timeline: Timeline) -> None:
    session = timeline.session
    work = timeline.work_s
    out(f"{programme.name}: {session.title} [{session.id}]")
    untimed = sum(1 for i in timeline.intervals if not i.step.timed)
    extra = f" + {plural(untimed, 'untimed step')}" if untimed else ""
    out(
        f"{format_clock(timeline.duration_s)} planned{extra}, {format_clock(work)} running or exercising, "
        f"{plural(len(timeline.intervals), 'step')}"
    )
    out()
    for interval in timeline.intervals:
        step = interval.step
        if step.duration_s is not None:
            length = format_span(step.duration_s)
        else:
            length = f"{step.reps} reps, Enter when done" if step.reps else "Enter when done"
        beat = f"  {step.cadence} steps a minute" if step.cadence else ""
        out(f"  {format_clock(interval.start_s):>8}  {step.kind:<9} {step.label:<32} {length}{beat}")
        if step.tip:
            out(f"  {'':>8}  {'':<9} {step.tip}")
    out()
    out("cues:")
    for cue in timeline.cues:
        out(f"  {format_clock(cue.at_s):>8}  {cue.kind:<9} {cue.text}")


def _find_programme(name: str) -> Programme:
    """A programme by id (bundled or the user's), or a routine file by its path."""
    from trainertui.catalogue import load_catalogue, load_one
    from trainertui.paths import ROUTINE_SUFFIXES
    from trainertui.problems import RoutineError

    path = Path(name)
    is_file = path.suffix in ROUTINE_SUFFIXES or path.exists()
    try:
        if is_file:  # a file named on the command line is read as it is now, like `validate` does
            from trainertui.routines import load_programme

            programme: Programme | None = load_programme(path)
        else:
            programme = load_one(name) if "/" not in name else None
    except RoutineError as error:
        raise UserError(f"{name} has problems:\n" + "\n".join(map(str, error.problems))) from None
    except Exception:  # noqa: BLE001 - whatever is in the file, a one-line answer, not a traceback
        raise UserError(
            f"{name}: trainertui could not read this file (an error in trainertui: please report it)"
        ) from None
    if programme is None:
        known = ", ".join(p.id for p in load_catalogue().programmes)
        raise UserError(f"no programme '{name}' (known: {known})")
    return programme


def _find_session(programme: Programme, session_id: str | None, *, next_from_history: bool = False) -> Session:
    if session_id is None:
        if len(programme.sessions) == 1:
            return programme.sessions[0]
        if next_from_history:
            return _next_session(programme)
        ids = ", ".join(s.id for s in programme.sessions)
        raise UserError(f"{programme.id} has {len(programme.sessions)} sessions; name one: {ids}")
    session = programme.session(session_id)
    if session is None:
        ids = ", ".join(s.id for s in programme.sessions)
        raise UserError(f"{programme.id} has no session '{session_id}' (sessions: {ids})")
    return session


# --- check-audio --------------------------------------------------------------------------


def cmd_check_audio(args: argparse.Namespace) -> int:
    """The question to answer when a workout is silent: is it the device, or the settings?"""
    from trainertui.audio import (
        Clips,
        NullPlayer,
        SimpleAudioPlayer,
        device_problem,
        look_at_sound,
        make_player,
        seconds,
        what_to_check,
    )
    from trainertui.paths import config_file
    from trainertui.settings import SoundSettings, load_settings

    config = load_settings()
    for problem in config.problems:
        out(problem)
    # The test is of the device, so it speaks and rings whatever voice/tones/muted say.
    volume = config.sound.volume
    sound = config.sound
    player = make_player(SoundSettings(volume=volume, voice_command=sound.voice_command, voice_model=sound.voice_model))
    if not isinstance(player, SimpleAudioPlayer):
        reason = (player.reason if isinstance(player, NullPlayer) else None) or "sound off"
        out(reason)
        if isinstance(player, NullPlayer) and player.device_failed:
            for line in what_to_check(reason, look_at_sound()):
                out(line)
        return EXIT_FAILED
    clips: Clips = player.clips
    if clips.own is not None:  # the test sound in the person's own voice, when it can speak
        for problem in clips.render(["Sound check"]):
            out(problem)
    frames = (clips.words("Sound check") or b"") + (clips.tone("finish") or b"")
    try:
        player.play_frames(frames)
        player.wait()
    except Exception as error:  # noqa: BLE001 - report whatever the device says
        problem = f"sound off: {device_problem(error)}"
        out(problem)
        for line in what_to_check(problem, look_at_sound()):
            out(line)
        return EXIT_FAILED
    out(f"sound on: {player.description}")
    out(f"played 'Sound check' and the finish chime ({seconds(frames):.1f} s) at volume {volume}%")
    from trainertui.voice import OWN, engine_choice

    engine, what = engine_choice(clips.own)
    out(f"words for every cue: {what}" if engine == OWN else f"words for your own routines: {what}")
    settings_note = [name for name in ("voice", "tones") if not getattr(config.sound, name)]
    if config.sound.muted:
        settings_note.append("muted (press m during a workout)")
    if settings_note:
        out(f"note: {config_file()} turns off: " + ", ".join(settings_note))
    return EXIT_OK


# --- doctor -------------------------------------------------------------------------------


def cmd_doctor(args: argparse.Namespace) -> int:
    """The desktop side of a workout, one line each: does keep-awake work here, which media
    players could make way for the cues, and the sound device (check-audio's line, found
    with 10 ms of silence: doctor makes no sound). A report, so it exits 0 whatever it finds;
    with no bus each check gives up at once, and a bus that hangs costs about a second."""
    import threading

    from trainertui.audio import NullPlayer, SimpleAudioPlayer, make_player
    from trainertui.keep_awake import KeepAwake
    from trainertui.mpris import MediaPlayer
    from trainertui.music import visible_players
    from trainertui.settings import SoundSettings, load_settings
    from trainertui.text import shorten

    config = load_settings()
    for problem in config.problems:
        print(visible(problem))
    # A real inhibitor for a moment, even when the setting is off: the only sure way to know.
    awake = KeepAwake()
    awake.hold()
    seen: list[tuple[list[MediaPlayer], str | None]] = []
    looking = threading.Thread(target=lambda: seen.append(visible_players()), daemon=True)
    looking.start()
    player = make_player(SoundSettings(volume=config.sound.volume))
    awake.wait(5)  # the hold has been tried (a release now would cancel it before it starts)
    awake.release()
    awake.close()
    awake.wait(5)
    looking.join(5)

    # Other programs wrote some of this (a player's status, a service's error message): shown
    # with text.visible, so nothing in it can reach the terminal as a control sequence.
    lines = [awake.status()]
    if not config.desktop.keep_awake:
        lines[0] = f"keep-awake off: keep_awake = false in config.toml (here it would be {lines[0]})"
    players, why_none = seen[0] if seen else ([], "no answer from the session bus")
    setting = f'pause_music = "{config.sound.pause_music}"'
    if why_none:
        lines.append(f"music: {why_none}; {setting}")
    elif not players:
        lines.append(f"music: no media players on the session bus (MPRIS); {setting}")
    else:
        each = ", ".join(f"{p.name}: {shorten(p.status, 20) or 'no answer'}" for p in players)
        lines.append(f"music: {plural(len(players), 'media player')} over MPRIS ({each}); {setting}")
    if isinstance(player, SimpleAudioPlayer):
        lines.append(f"sound on: {player.description}")
    else:
        lines.append(player.reason if isinstance(player, NullPlayer) and player.reason else "sound off")
    player.close()
    # What the sound server is told about cue streams (media.role=event: ducking, never pausing).
    props = "; ".join(f"{name}={os.environ.get(name, '')}" for name in ("PULSE_PROP", "PIPEWIRE_PROPS"))
    lines.append(f"cue streams: {props}")
    for line in lines:
        print(visible(line))
    return EXIT_OK


# --- validate -----------------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    from trainertui.paths import routine_files
    from trainertui.routines import Problem, RoutineError, load_programme  # never the cache: checking means reading

    paths: list[Path] = []
    failed = 0
    for path in args.paths:
        if not path.is_dir():
            paths.append(path)
            continue
        try:
            paths.extend(routine_files(path))
        except RoutineError as error:
            failed += 1
            for problem in error.problems:
                out(problem)
    if not paths and not failed:
        raise UserError("no routine files (*.yaml, *.yml) found")
    for path in paths:
        try:
            programme = load_programme(path)
        except RoutineError as error:
            failed += 1
            for problem in error.problems:
                out(problem)
        except Exception:  # noqa: BLE001 - one file never stops the others being checked
            failed += 1
            out(Problem(path, 1, "trainertui could not read this file (an error in trainertui: please report it)"))
        else:
            steps = sum(len(s.steps) for s in programme.sessions)
            out(f"{path}: ok, {plural(len(programme.sessions), 'session')}, {plural(steps, 'step')}")
    return EXIT_USAGE if failed else EXIT_OK


# --- history ------------------------------------------------------------------------------


def cmd_history(args: argparse.Namespace) -> int:
    """The history screen in a terminal; printed otherwise (any of stdin, stdout and stderr not
    a terminal: the screen could not be used). Printing never creates the file: no history yet
    is an empty one."""
    if not (args.table or args.json or args.csv) and not not_terminals():
        return run_app(show_history=True)
    from trainertui.history import EXPORT_FIELDS, History, HistoryError, default_path  # sqlite3 only when needed

    path = default_path()
    records: list[Record] = []
    rows: list[tuple[Any, ...]] = []
    try:
        if path.exists():
            with History.open(path) as history:
                if history.notice:
                    out(f"trainertui: {history.notice}", file=sys.stderr)
                if args.csv:
                    rows = history.export(completed_as=("false", "true"))
                elif args.json:
                    rows = history.export()
                else:
                    records = history.records()
    except HistoryError as error:
        out(f"trainertui: {error}", file=sys.stderr)
        return EXIT_FAILED
    completed = EXPORT_FIELDS.index("completed")
    if args.json:
        import json

        # One workout per line: readable, and json's C encoder (indent= would use the slow one).
        objects = (
            json.dumps(dict(zip(EXPORT_FIELDS, (*r[:completed], bool(r[completed]), *r[completed + 1 :]))))
            for r in rows
        )
        out("[\n" + ",\n".join(objects) + "\n]" if rows else "[]")
    elif args.csv:
        import csv

        if sys.stdout.isatty():  # to a file the values are exact; on a terminal, harmless
            rows = [tuple(visible(cell) if isinstance(cell, str) else cell for cell in row) for row in rows]
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(EXPORT_FIELDS)
        writer.writerows(rows)
    elif not records:
        out("No workouts yet.")
    else:
        _print_history(records)
    return EXIT_OK


def cmd_history_import(args: argparse.Namespace) -> int:
    """Everything in the file or nothing: each problem is printed as FILE:LINE: message."""
    from trainertui.history import History, HistoryError
    from trainertui.history_file import HistoryFileError, read_history_file

    if args.table or args.json or args.csv:
        raise UserError("history import takes a FILE, not --table, --csv or --json")
    try:
        entries = read_history_file(args.file)
    except HistoryFileError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print("trainertui: nothing imported", file=sys.stderr)
        return EXIT_USAGE
    try:
        with History.open() as history:
            if history.notice:
                print(f"trainertui: {history.notice}", file=sys.stderr)
            result = history.import_entries(entries)
    except HistoryError as error:
        print(f"trainertui: {error}", file=sys.stderr)
        return EXIT_FAILED
    already = f" ({plural(result.already, 'workout')} already in your history)" if result.already else ""
    print(f"Imported {plural(result.added, 'workout')} from {args.file}{already}.")
    return EXIT_OK


def _print_history(records: Sequence[Record]) -> None:
    """Newest first, in local time, columns as wide as their widest cell."""
    header = ("date", "programme", "session", "active", "result", "effort", "pain", "note")
    rows = [header]
    for r in records:
        started = r.started.astimezone()
        minutes, seconds = divmod(int(r.active_s), 60)
        c = r.checkin
        effort = "" if c is None or c.effort is None else str(c.effort)
        pain = "" if c is None or c.pain is None else f"{c.pain} {c.pain_where}".rstrip()
        rows.append(
            (
                f"{started:%a} {started.day} {started:%b %Y %H:%M}",
                r.programme_name,
                r.session_title,
                f"{minutes}:{seconds:02d}",
                "done" if r.completed else "partial",
                effort,
                pain,
                c.note if c else "",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header) - 1)]
    lines = ("  ".join([*(cell.ljust(w) for cell, w in zip(row, widths)), row[-1]]).rstrip() for row in rows)
    out("\n".join(lines))

"""The catalogue's cache: used when nothing changed, never trusted over the files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from trainertui import catalogue_cache, routines
from trainertui.catalogue import Catalogue, _bundled_rank, load_catalogue, load_one
from trainertui.cli import main
from trainertui.paths import routine_files
from trainertui.problems import RoutineError
from trainertui.resources import shipped_dir

HOUR_NS = 3600 * 10**9
LUNCH = "name: Lunch\nsessions:\n  - {id: a, title: A, steps: [{run: 1m}, {walk: 2m}]}\n"
TIPS = (
    "name: Tips\nsessions:\n  - id: a\n    title: A\n    steps:\n      - repeat: 3\n        steps:\n"
    "          - run: 1m\n            tip: [Relax, Breathe]\n          - walk: 90s\n"
    "      - exercise: 30s\n        name: Lunge\n        each_side: true\n        switch: 5s\n"
    "  - {id: b, title: B, same_as: a}\n"
)
SHAPES = """\
name: Shapes
alternatives: true
metronome: false
equipment:
  - {id: bench, name: A park bench}
  - {id: home, name: At home}
sessions:
  - {id: all, title: All of it, parts: [warm, work]}
  - {id: warm, title: Warm-up, steps: [{warmup: 1m}, {run: 1m, cadence: 170}]}
  - id: work
    title: Workout
    steps:
      - exercise: 30s
        name: Bench dip
        tip: [Hands on the edge., Elbows back.]
        each_side: true
        instead:
          home: {name: Chair dip, say: Chair dips}
      - repeat: 2
        steps:
          - {exercise: untimed, name: Step-up, reps: "8", instead: {home: {name: Stair step-up}}}
"""
OOPS = "name: Oops\nsessions:\n  - {id: a, title: A, steps: [{jog: 1m}]}\n  - {id: b, title: B, steps: [{run: 0s}]}\n"
NOT_YAML = "name: [unclosed\n"


@pytest.fixture
def folder(isolated_dirs: Path) -> Path:
    path = isolated_dirs / "routines"
    path.mkdir(parents=True)
    return path


@pytest.fixture
def cache_file(tmp_path: Path) -> Path:
    return tmp_path / "cache" / catalogue_cache.CACHE_FILE


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files the YAML reader is asked to read, in order."""
    names: list[str] = []
    real = routines.load_programme

    def counting(path: Path, *, bundled: bool = False) -> object:
        names.append(Path(path).name)
        return real(path, bundled=bundled)

    monkeypatch.setattr(routines, "load_programme", counting)
    return names


def write(folder: Path, name: str, text: str, *, mtime_ns: int | None = None) -> Path:
    """A routine file last modified an hour ago (or at ``mtime_ns``): old enough to be cached."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    when = time.time_ns() - HOUR_NS if mtime_ns is None else mtime_ns
    os.utime(path, ns=(when, when))
    return path


def user_files(folder: Path) -> None:
    write(folder, "lunch.yaml", LUNCH)
    write(folder, "tips.yaml", TIPS)
    write(folder, "shapes.yaml", SHAPES)
    write(folder, "oops.yaml", OOPS)
    write(folder, "not-yaml.yml", NOT_YAML)
    write(folder, "couch-to-5k.yaml", LUNCH)  # takes a bundled programme's id


def origins(catalogue: Catalogue) -> list[int]:
    """Step.origin is left out of ==, so compare it on its own (and that of what is done instead)."""
    steps = [step for p in catalogue.programmes for s in p.sessions for step in s.steps]
    return [step.origin for step in steps] + [other.origin for step in steps for _, other in step.instead]


BUNDLED = [path.name for path in sorted(routine_files(shipped_dir("routines")), key=_bundled_rank)]
USER = ["lunch.yaml", "not-yaml.yml", "oops.yaml", "shapes.yaml", "tips.yaml"]  # couch-to-5k.yaml is never read
PROGRAMMES = [Path(name).stem for name in BUNDLED] + ["lunch", "shapes", "tips"]


def test_a_second_load_reads_no_file_and_equals_reading_them_all(folder, reads):
    user_files(folder)
    cold = load_catalogue()
    assert reads == BUNDLED + USER
    reads.clear()
    warm = load_catalogue()
    assert reads == []
    uncached = load_catalogue(cached=False)
    assert reads == BUNDLED + USER
    assert warm == cold == uncached
    assert origins(warm) == origins(uncached)
    assert [p.id for p in warm.programmes] == PROGRAMMES
    assert warm.get("tips").sessions[0].steps[0].tip == "Relax"
    assert warm.get("tips").sessions[0].steps[2].tip == "Breathe"


def test_every_field_of_the_model_comes_back(folder, reads):
    """Field by field, for a programme that uses every feature of the format (== would pass
    for two equal mistakes, so the values are spelt out)."""
    user_files(folder)
    load_catalogue()
    reads.clear()
    shapes = load_catalogue().get("shapes")
    assert reads == []
    assert (shapes.alternatives, shapes.metronome, [(e.id, e.name) for e in shapes.equipment]) == (
        True,
        False,
        [("bench", "A park bench"), ("home", "At home")],
    )
    whole, warm, work = shapes.sessions
    assert whole.parts == ("warm", "work") and whole.steps == warm.steps + work.steps
    assert [s.cadence for s in warm.steps] == [None, 170]
    left, right = work.steps[:2]
    assert (left.side, left.tip, right.side, right.tip) == ("left", "Hands on the edge.", "right", "Hands on the edge.")
    [(kit, chair)] = left.instead
    assert (kit, chair.name, chair.say, chair.side, chair.duration_s) == ("home", "Chair dip", "Chair dips", "left", 30)
    step_up = work.steps[2]
    assert (step_up.duration_s, step_up.reps, step_up.instead[0][1].name) == (None, "8", "Stair step-up")
    assert work.steps[3] is step_up  # a repeat's copies share one row, and so one object
    assert shapes.session("all").using("home").steps[2].name == "Chair dip"


def test_the_rows_name_every_field_of_the_model():
    """A field added to the model must be added to the cache's rows, or it would be lost."""
    from msgspec.structs import fields

    from trainertui.model import Equipment, Programme, Session, Step

    def names(cls: type) -> set[str]:
        return {f.name for f in fields(cls)}

    assert tuple(f.name for f in fields(Step)) == catalogue_cache.STEP_ROW  # in order: a row is passed as it is
    assert set(catalogue_cache.SESSION_ROW) == names(Session)
    assert set(catalogue_cache.EQUIPMENT_ROW) == names(Equipment)
    assert set(catalogue_cache.PROGRAMME_KEYS) | {"path", "bundled"} == names(Programme)


def test_broken_files_come_back_with_the_same_problems(folder, reads):
    user_files(folder)
    cold = load_catalogue()
    reads.clear()
    warm = load_catalogue()
    assert reads == []
    assert warm.broken == cold.broken
    problems = {b.path.name: [str(p) for p in b.problems] for b in warm.broken}
    assert problems["oops.yaml"][0].startswith(f"{folder / 'oops.yaml'}:3: unknown step kind 'jog'")
    assert problems["oops.yaml"][1] == f"{folder / 'oops.yaml'}:4: the run duration must be longer than zero, got '0s'"
    assert problems["not-yaml.yml"][0].startswith(f"{folder / 'not-yaml.yml'}:")
    assert problems["couch-to-5k.yaml"] == [
        f"{folder / 'couch-to-5k.yaml'}:1: programme id 'couch-to-5k' is already used by a bundled programme; "
        "rename this file"
    ]


def test_unchanged_files_do_not_import_pyyaml(folder):
    """In a fresh process, as a person starts it: the catalogue, `list` and `show` from the cache."""
    user_files(folder)
    load_catalogue()
    code = (
        "import sys\n"
        "from trainertui.catalogue import load_catalogue, load_one\n"
        "from trainertui.cli import main\n"
        "catalogue = load_catalogue()\n"
        f"assert [p.id for p in catalogue.programmes] == {PROGRAMMES!r}, catalogue\n"
        "assert len(catalogue.broken) == 3, catalogue.broken\n"
        "assert load_one('tips').name == 'Tips'\n"
        "main(['list']); main(['show', 'couch-to-5k', 'w1r1']); main(['show', 'lunch', 'a', '--json'])\n"
        "loaded = sorted(m for m in sys.modules if m == 'yaml' or m.startswith(('yaml.', 'trainertui.routines')))\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "lunch  Lunch  (1 session)" in result.stdout


def test_a_new_size_or_time_rereads_that_file_alone(folder, reads):
    user_files(folder)
    load_catalogue()
    reads.clear()
    write(folder, "lunch.yaml", LUNCH.replace("Lunch", "Longer lunch"))
    assert load_catalogue().get("lunch").name == "Longer lunch"
    # The same size, another time: what a save of a one-letter change looks like.
    write(folder, "tips.yaml", TIPS.replace("Tips", "Pits"), mtime_ns=time.time_ns() - 2 * HOUR_NS)
    assert load_catalogue().get("tips").name == "Pits"
    assert reads == ["lunch.yaml", "tips.yaml"]


def test_a_file_made_unusable_is_reread_and_shown_broken(folder, reads):
    user_files(folder)
    load_catalogue()
    reads.clear()
    write(folder, "lunch.yaml", LUNCH.replace("run: 1m", "jog: 1m"))
    catalogue = load_catalogue()
    assert reads == ["lunch.yaml"]
    assert catalogue.get("lunch") is None
    assert "lunch.yaml" in [b.path.name for b in catalogue.broken]
    reads.clear()
    write(folder, "oops.yaml", LUNCH.replace("Lunch", "Fixed"))
    assert load_catalogue().get("oops").name == "Fixed" and reads == ["oops.yaml"]


def test_added_and_removed_files(folder, reads, cache_file):
    user_files(folder)
    load_catalogue()
    reads.clear()
    write(folder, "added.yaml", LUNCH.replace("Lunch", "Added"))
    (folder / "tips.yaml").unlink()
    catalogue = load_catalogue()
    assert reads == ["added.yaml"]
    assert [p.id for p in catalogue.programmes][len(BUNDLED) :] == ["added", "lunch", "shapes"]
    names = sorted(Path(key).name for key in json.loads(cache_file.read_text())["files"])
    assert names == sorted(BUNDLED + ["added.yaml", "lunch.yaml", "not-yaml.yml", "oops.yaml", "shapes.yaml"])


def test_a_file_that_trips_up_the_reader_is_not_cached(folder, monkeypatch):
    """That is a fault in trainertui, not in the file: the next version must read it afresh."""
    user_files(folder)
    real = routines.load_programme

    def exploding(path: Path, *, bundled: bool = False) -> object:
        if Path(path).name == "lunch.yaml":
            raise ZeroDivisionError("a bug in the reader")
        return real(path, bundled=bundled)

    monkeypatch.setattr(routines, "load_programme", exploding)
    [broken] = [b for b in load_catalogue().broken if b.path.name == "lunch.yaml"]
    assert "please report it" in broken.problems[0].message
    monkeypatch.setattr(routines, "load_programme", real)
    assert load_catalogue().get("lunch").name == "Lunch"


def test_a_file_modified_just_now_or_in_the_future_is_not_cached(folder, reads, monkeypatch):
    """Its time may not yet tell it from the next edit's (a clock tick; 2 s on FAT)."""
    now = time.time_ns()
    monkeypatch.setattr(catalogue_cache, "_now_ns", lambda: now)
    write(folder, "lunch.yaml", LUNCH, mtime_ns=now - catalogue_cache.RECENT_NS + 1)
    write(folder, "tips.yaml", TIPS, mtime_ns=now + HOUR_NS)
    load_catalogue()
    reads.clear()
    load_catalogue()
    assert reads == ["lunch.yaml", "tips.yaml"]
    reads.clear()
    monkeypatch.setattr(catalogue_cache, "_now_ns", lambda: now + 2 * HOUR_NS)
    load_catalogue()  # both are old enough now
    load_catalogue()
    assert reads == ["lunch.yaml", "tips.yaml"]


def corrupt_whole_file(cache_file: Path) -> list[tuple[str, object]]:
    good = cache_file.read_bytes()
    data = json.loads(good)
    cases: list[tuple[str, object]] = [
        ("garbage", b"\x00\xff not json at all"),
        ("truncated", good[: len(good) // 2]),
        ("empty", b""),
        ("not UTF-8", good.replace(b'"Lunch"', b'"\xff\xfe"')),
        ("a list", b"[]"),
        ("deeply nested", b"[" * 100_000 + b"]" * 100_000),
    ]
    for key, value in (("format", 99), ("trainertui", "0.0.1"), ("reader", []), ("files", [])):
        cases.append((f"another {key}", json.dumps({**data, key: value}).encode()))
    cases.append(("no files", json.dumps({k: v for k, v in data.items() if k != "files"}).encode()))
    return cases


def test_a_corrupt_truncated_or_foreign_cache_is_ignored_and_rebuilt(folder, reads, cache_file):
    user_files(folder)
    expected = load_catalogue()
    for label, content in corrupt_whole_file(cache_file):
        cache_file.write_bytes(content)
        reads.clear()
        assert load_catalogue() == expected, label
        assert reads == BUNDLED + USER, label
        reads.clear()
        assert load_catalogue() == expected, label  # rebuilt: trusted again
        assert reads == [], label


@pytest.mark.parametrize(
    "damage",
    [
        lambda entry: entry.update(programme=[]),
        lambda entry: entry["programme"].update(name=7),
        lambda entry: entry["programme"].update(sessions_per_week="3"),
        lambda entry: entry["programme"]["steps"][0].__setitem__(2, "60"),  # duration_s
        lambda entry: entry["programme"]["steps"][0].__setitem__(0, "jog"),  # kind
        lambda entry: entry["programme"]["steps"][0].pop(),
        lambda entry: entry["programme"]["sessions"][0][4].append(99),  # no such step
        lambda entry: entry["programme"]["sessions"][0][4].append(-1),
        lambda entry: entry["programme"]["sessions"][0][4].append(True),
        lambda entry: entry["programme"]["sessions"][0][3].append(3),  # parts
        lambda entry: entry["programme"]["steps"][0].__setitem__(7, False),  # line
        lambda entry: entry["programme"]["steps"][0].__setitem__(5, "middle"),  # side
        lambda entry: entry["programme"]["steps"][0].__setitem__(9, [["home", 0]]),  # instead: itself
        lambda entry: entry["programme"]["steps"][1].__setitem__(9, [["home", -1]]),  # counted from the end
        lambda entry: entry["programme"].update(equipment=[["home"]]),
        lambda entry: entry["programme"].update(metronome=1),
        lambda entry: entry["programme"]["sessions"][0].__setitem__(2, 1.5),  # week
        lambda entry: entry.pop("programme"),
        lambda entry: entry.update(problems=[]),
        lambda entry: entry.update(bundled=True),
        lambda entry: entry["programme"].update(steps="", sessions=[["a", "A", None, []]]),  # text for a list
    ],
)
def test_an_entry_that_does_not_check_out_is_read_from_its_file(folder, reads, cache_file, damage):
    user_files(folder)
    expected = load_catalogue()
    data = json.loads(cache_file.read_text())
    damage(data["files"][str(folder / "lunch.yaml")])
    cache_file.write_text(json.dumps(data))
    reads.clear()
    assert load_catalogue() == expected
    assert reads == ["lunch.yaml"]


def test_a_damaged_problems_entry_is_read_from_its_file(folder, reads, cache_file):
    user_files(folder)
    expected = load_catalogue()
    data = json.loads(cache_file.read_text())
    data["files"][str(folder / "oops.yaml")]["problems"][0][0] = "3"
    cache_file.write_text(json.dumps(data))
    reads.clear()
    assert load_catalogue() == expected
    assert reads == ["oops.yaml"]


def test_an_unreadable_cache_is_ignored(folder, reads, cache_file, monkeypatch):
    """Simulated: the tests may run as root, whom file modes do not stop."""
    user_files(folder)
    expected = load_catalogue()
    real_open = os.open

    def refuse(path: object, *args: object, **kwargs: object) -> int:
        if Path(str(path)) == cache_file:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    reads.clear()
    assert load_catalogue() == expected
    assert reads == BUNDLED + USER


def test_a_folder_where_the_cache_file_should_be(folder, reads, cache_file):
    user_files(folder)
    cache_file.mkdir(parents=True)
    expected = load_catalogue(cached=False)
    for _ in range(2):
        reads.clear()
        assert load_catalogue() == expected
        assert reads == BUNDLED + USER
    assert cache_file.is_dir() and os.listdir(cache_file.parent) == [cache_file.name]  # no temporary file left


def test_a_fifo_where_the_cache_file_should_be_does_not_hang_the_start(folder, cache_file):
    """Opening a FIFO to read waits for a writer, unless it is opened without blocking. In a
    subprocess, so that a hang is a failure after a minute rather than a stuck test run."""
    user_files(folder)
    cache_file.parent.mkdir()
    os.mkfifo(cache_file)
    code = "from trainertui.catalogue import load_catalogue; print(len(load_catalogue().programmes))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout) == (0, f"{len(PROGRAMMES)}\n"), result.stderr
    assert json.loads(cache_file.read_text())["format"] == catalogue_cache.FORMAT  # replaced by a cache


def test_a_cache_folder_that_is_a_file(folder, reads, tmp_path, monkeypatch):
    user_files(folder)
    not_a_folder = tmp_path / "cache-file"
    not_a_folder.write_text("mine\n")
    monkeypatch.setenv("TRAINERTUI_CACHE_DIR", str(not_a_folder))
    expected = load_catalogue(cached=False)
    reads.clear()
    assert load_catalogue() == expected
    assert reads == BUNDLED + USER
    assert not_a_folder.read_text() == "mine\n"


def test_a_cache_that_cannot_be_written(folder, reads, cache_file, monkeypatch):
    """Simulated (root can write anywhere): the rename fails; nothing is left behind."""
    user_files(folder)

    def refuse(source: object, target: object) -> None:
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(os, "replace", refuse)
    expected = load_catalogue(cached=False)
    assert load_catalogue() == expected
    assert os.listdir(cache_file.parent) == []


def test_the_cache_is_replaced_whole(folder, cache_file):
    user_files(folder)
    load_catalogue()
    first = cache_file.stat().st_ino
    write(folder, "lunch.yaml", LUNCH.replace("Lunch", "Longer lunch"))
    load_catalogue()
    assert cache_file.stat().st_ino != first  # a new file renamed over the old one, not rewritten in place
    assert os.listdir(cache_file.parent) == [cache_file.name]
    assert json.loads(cache_file.read_text())["format"] == catalogue_cache.FORMAT


def test_an_unchanged_catalogue_does_not_rewrite_the_cache(folder, cache_file):
    user_files(folder)
    load_catalogue()
    written = cache_file.stat().st_mtime_ns, cache_file.stat().st_ino
    load_catalogue()
    assert (cache_file.stat().st_mtime_ns, cache_file.stat().st_ino) == written


def test_uncached_loading_leaves_the_cache_alone(folder, cache_file):
    user_files(folder)
    load_catalogue(cached=False)
    assert not cache_file.exists()


def test_only_what_a_file_said_about_itself_is_kept(tmp_path, folder):
    """A result naming another path (the reader never makes one) is not cached, so it can
    never be handed back for the wrong file."""
    from trainertui.problems import Problem

    path = write(folder, "lunch.yaml", LUNCH)
    cache = catalogue_cache.CatalogueCache(tmp_path / "c.json")
    cache.put(path, path.stat(), (Problem(folder / "other.yaml", 1, "elsewhere"),), bundled=False)
    cache.put(path, path.stat(), (Problem(path, 2, "here"),), bundled=False)
    cache.save()
    again = catalogue_cache.CatalogueCache.open(tmp_path / "c.json")
    assert again.get(path, path.stat(), bundled=False) == (Problem(path, 2, "here"),)
    assert again.get(path, path.stat(), bundled=True) is None
    cache.put(path, path.stat(), (Problem(folder / "other.yaml", 1, "elsewhere"),), bundled=False)
    cache.save()
    assert catalogue_cache.CatalogueCache.open(tmp_path / "c.json").get(path, path.stat(), bundled=False) is None


def test_load_one_uses_and_fills_the_cache(folder, reads):
    user_files(folder)
    assert load_one("tips").name == "Tips"
    assert reads == ["tips.yaml"]
    reads.clear()
    assert load_one("tips") == load_catalogue(cached=False).get("tips")
    with pytest.raises(RoutineError) as first:
        load_one("oops")
    reads.clear()
    with pytest.raises(RoutineError) as again:
        load_one("oops")
    assert reads == [] and again.value.problems == first.value.problems
    assert load_one("couch-to-5k").bundled  # the bundled programme, not the user's file of that name


def test_validate_reads_the_files_never_the_cache(folder, capsys, monkeypatch):
    """A file changed without changing its size or time fools the cache (nothing that keys on
    stat can see it); `validate`, which reads the file, is the check that always tells."""
    path = write(folder, "lunch.yaml", LUNCH)
    load_catalogue()
    stat = path.stat()
    path.write_text(LUNCH.replace("run: 1m", "jog: 1m"), encoding="utf-8")  # one letter: the same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert load_catalogue().get("lunch") is not None  # the stale entry, by design

    def no_cache(*args: object, **kwargs: object) -> None:
        raise AssertionError("validate opened the cache")

    monkeypatch.setattr(catalogue_cache.CatalogueCache, "open", no_cache)
    assert main(["validate", str(path)]) == 2
    assert capsys.readouterr().out.startswith(f"{path}:3: unknown step kind 'jog'")
    assert main(["validate", str(folder)]) == 2
    # `show FILE` names a file, so it too reads that file rather than the cache.
    assert main(["show", str(path)]) == 2

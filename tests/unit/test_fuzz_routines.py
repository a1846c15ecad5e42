"""Generated routine files with arbitrary YAML values in every field of the format (Hypothesis).

Whatever the values, `trainertui validate` exits 0 or 2, prints one `FILE:LINE: message` line
per problem (or `FILE: ok`), never a traceback, never a control character, in bounded time; and
the catalogue (what the menu and `list` read) never raises. A fixed seed and a bounded number of
examples keep `make test` deterministic and quick.
"""

from __future__ import annotations

import io
import json
import re
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainertui.catalogue import load_catalogue
from trainertui.cli import main

CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
INTERNALS = ("Traceback", "int()", "set_int_max_str_digits", "Error:", "object at 0x", "<class ", "please report it")
SECONDS_EACH = 3.0

# Text with the characters that matter: controls, bidi, brackets of markup, quotes, YAML's own.
awkward = st.text(
    alphabet=st.sampled_from(
        list("ab Z9:-#&*!|>[]{},'\"\\%@`\t") + ["\x1b", "\x07", "\x9b", "\u202e", "é", "²", "\x00"]
    ),
    max_size=30,
)


def quoted(text: str) -> str:
    """A YAML double-quoted scalar holding exactly ``text`` (JSON's escapes are YAML's too)."""
    return json.dumps(text)


scalars = st.one_of(
    awkward.map(quoted),
    st.integers(min_value=-(10**6), max_value=10**6).map(str),
    st.integers(min_value=1, max_value=6000).map(lambda n: "9" * n),  # numbers thousands of digits long
    st.floats(allow_nan=True, allow_infinity=True).map(lambda f: repr(f).replace("inf", ".inf").replace("nan", ".nan")),
    st.sampled_from(
        [
            "true",
            "no",
            "~",
            "null",
            "2024-02-30",
            "2026-12-02 07:30:00",
            "!!binary aGk=",
            "!!set {a, b}",
            "!!omap [a: 1]",
            "untimed",
            "90s",
            "1m30s",
            "0s",
            "1:30",
            "'[bold red]Squat[/]'",
            "'[/]'",
            "'[link=file:///etc/passwd]x[/link]'",
            "*nowhere",
            "!!python/object:os.system ls",
            "''",
            "' '",
        ]
    ),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
        st.dictionaries(awkward.map(quoted), children, max_size=3).map(
            lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs.items()) + "}"
        ),
    ),
    max_leaves=8,
)

#: A routine with every field of the format; each {} gets an arbitrary value.
TEMPLATE = """\
name: {name}
description: {description}
credit: {credit}
sessions_per_week: {per_week}
alternatives: {alternatives}
metronome: {metronome}
equipment: [{{id: bench, name: {kit_name}}}, {{id: home, name: At home}}]
blocks:
  b1: [{{run: {block_run}}}]
sessions:
  - id: {sid}
    title: {title}
    steps:
      - warmup: {duration}
        name: {step_name}
        tip: {tip}
        reps: {reps}
        say: {say}
        cadence: {cadence}
      - exercise: {duration2}
        name: Squat
        each_side: {each_side}
        switch: {switch}
        instead: {{home: {instead}}}
      - repeat: {repeat}
        steps: [{{use: {use}}}]
  - id: second
    title: Second
    same_as: {same_as}
  - id: third
    title: Third
    parts: {parts}
"""
FIELDS = [
    "name",
    "description",
    "credit",
    "per_week",
    "alternatives",
    "metronome",
    "kit_name",
    "block_run",
    "sid",
    "title",
    "duration",
    "step_name",
    "tip",
    "reps",
    "say",
    "cadence",
    "duration2",
    "each_side",
    "switch",
    "instead",
    "repeat",
    "use",
    "same_as",
    "parts",
]
KNOWN_GOOD = {
    "name": "Mine",
    "description": "Fine.",
    "credit": "Me.",
    "per_week": "3",
    "alternatives": "false",
    "metronome": "true",
    "kit_name": "A bench",
    "block_run": "1m",
    "sid": "first",
    "title": "First",
    "duration": "2m",
    "step_name": "Walk",
    "tip": "Tall.",
    "reps": "8-10",
    "say": "Go",
    "cadence": "160",
    "duration2": "30s",
    "each_side": "true",
    "switch": "5s",
    "instead": "{name: Chair squat}",
    "repeat": "2",
    "use": "b1",
    "same_as": "first",
    "parts": "[first]",
}


@st.composite
def routines(draw: st.DrawFn) -> str:
    """Mostly sensible files with a few fields replaced by arbitrary values (so the reader gets
    deep into the file), and now and then anything at all in every field."""
    if draw(st.integers(0, 9)) == 0:
        chosen = {field: draw(values) for field in FIELDS}
    else:
        broken = draw(st.sets(st.sampled_from(FIELDS), min_size=1, max_size=4))
        chosen = {field: draw(values) if field in broken else KNOWN_GOOD[field] for field in FIELDS}
    return TEMPLATE.format(**chosen)


def validate(path: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["validate", str(path)])
    return code, out.getvalue() + err.getvalue()


def test_the_known_good_file_is_valid(tmp_path):
    path = tmp_path / "good.yaml"
    path.write_text(TEMPLATE.format(**KNOWN_GOOD))
    assert validate(path) == (0, f"{path}: ok, 3 sessions, 18 steps\n")


@settings(
    max_examples=200,
    derandomize=True,  # the same examples every run: make test stays deterministic
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(source=routines())
def test_any_values_in_any_field_give_plain_one_line_problems(tmp_path_factory, source):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "routines" / "fuzzed.yaml"
    path.parent.mkdir()
    path.write_text(source, encoding="utf-8")
    began = time.process_time()  # bounded work: CPU time, which a busy machine does not inflate
    code, output = validate(path)
    assert time.process_time() - began < SECONDS_EACH
    assert code in (0, 2), output
    lines = output.splitlines()
    assert lines, "validate printed nothing"
    for line in lines:
        assert re.match(rf"^{re.escape(str(path))}(:\d+: .+|: ok, .+)$", line), line
        assert not CONTROL.search(line), line
        assert not any(internal in line for internal in INTERNALS), line
        assert len(line) < len(str(path)) + 300, line
    assert (code == 0) == (len(lines) == 1 and ": ok, " in lines[0])
    catalogue = load_catalogue(path.parent)  # what the menu and `list` do with each user file never raises
    mine = [p for p in catalogue.programmes if p.path == path] + [b for b in catalogue.broken if b.path == path]
    assert len(mine) == 1

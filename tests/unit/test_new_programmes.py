"""routines/back-care.yaml against a table written from the NHS pages, not from the file.

Every number the NHS gives is checked against what the file makes the timer do; every exercise
the NHS does not give is checked to be marked inferred in the file. The sources, with what
each page says, are listed beside the table.
"""

from __future__ import annotations

import wave
from collections import Counter
from dataclasses import dataclass

import pytest

from helpers import ROOT
from trainertui.model import Programme, Step
from trainertui.routines import load_programme
from trainertui.timeline import compile_session
from trainertui.voice import slug

PATH = ROOT / "routines" / "back-care.yaml"


@dataclass(frozen=True)
class Dose:
    """What an NHS page prescribes: repetitions (a range), and a hold in seconds or in breaths."""

    reps: tuple[int, int] | None = None
    hold_s: tuple[int, int] | None = None
    hold_breaths: tuple[int, int] | None = None
    per_side: bool = False
    reps_text: str = ""  # where the NHS counts in words rather than a range


# NHS "Lower back pain exercises", https://www.nhs.uk/live-well/exercise/lower-back-pain-exercises/
# (the 2019 print of it at scribd.com/document/403665966; its back extension, deep abdominal and
# pelvic tilt numbers as quoted from the NHS by newslanes.com 2018-10-12 and 2018-10-19 and by
# briefnews.eu). In the page's order:
LOWER_BACK = {
    "Bottom to heels stretch": Dose(reps=(8, 10)),  # "hold the stretch for one deep breath ... Repeat 8 to 10 times"
    "Knee rolls": Dose(reps=(8, 10)),  # "one deep breath ... Repeat 8 to 10 times, alternating sides"
    "Back extension": Dose(reps=(8, 10), hold_s=(5, 10)),  # "Breathe and hold for 5 to 10 seconds ... 8 to 10 times"
    "Deep abdominal strengthening": Dose(reps=(5, 5), hold_breaths=(5, 10)),  # "Hold for 5 to 10 breaths ... 5 times"
    "Pelvic tilts": Dose(reps=(10, 15)),  # "Repeat 10 to 15 times ... in a slow rocking motion"
}

# The upper back session's numbers, each from an NHS page:
UPPER_BACK = {
    # NHS 6-minute warm-up (reference routines.md 3.2): shoulder rolls, 5 forwards and 5 back.
    "Shoulder rolls": Dose(reps_text="5 forward, 5 back"),
    # NHS "Exercises for older people: sitting" (nhs.uk/exercises-for-older-people; the PDF as copied
    # at pdfcoke.com/documents/nhsexercisesforolderpeoplepdf-lo67wnnr0936): chest stretch "Hold for
    # five to 10 seconds and repeat five times"; upper body twist "Hold for five seconds. Repeat
    # going right. Do five of each."
    "Chest stretch": Dose(reps=(5, 5), hold_s=(5, 10)),
    "Upper body twist": Dose(reps=(5, 5), hold_s=(5, 5), per_side=True),
    # NHS "Common posture mistakes and fixes" recommends back extensions for a slouching posture;
    # the dose is the lower back page's.
    "Back extension": LOWER_BACK["Back extension"],
}

# NHS Strength and Flex, https://www.nhs.uk/Video/Pages/strength-and-flex-upper-back-stretch.aspx:
# "Imagine hugging a tree", with no hold time, so the hold is inferred.
# The NHS posture page names upper back, rear shoulder and neck work but no exercise or number,
# and the roll-down is not NHS at all: these are trainertui's.
INFERRED = ("Chin tuck", "Shoulder blade squeeze", "Reverse fly", "Roll-down", "Upper back stretch")


@pytest.fixture(scope="module")
def back_care() -> Programme:
    return load_programme(PATH, bundled=True)


def moves(steps: tuple[Step, ...]) -> list[Step]:
    return [s for s in steps if s.kind in ("exercise", "stretch")]


def check_dose(name: str, dose: Dose, steps: list[Step]) -> None:
    copies = [s for s in steps if s.name == name]
    assert copies, f"{name} is missing"
    if dose.hold_s:  # a timed hold per repetition
        low, high = dose.hold_s
        assert all(s.timed and low <= (s.duration_s or 0) <= high for s in copies), name
        per_rep = 2 if dose.per_side else 1
        assert len(copies) % per_rep == 0
        assert dose.reps is not None and dose.reps[0] <= len(copies) // per_rep <= dose.reps[1], name
        if dose.per_side:
            assert Counter(s.side for s in copies) == {"left": len(copies) // 2, "right": len(copies) // 2}
        return
    # counted in repetitions (or in breaths, which a timer cannot count): one step, Enter when done
    assert len(copies) == 1 and not copies[0].timed, name
    expected = dose.reps_text or (f"{dose.reps[0]}" if dose.reps[0] == dose.reps[1] else "{}-{}".format(*dose.reps))
    assert copies[0].reps.split()[0] == expected.split()[0] and copies[0].reps.startswith(expected), name
    if dose.hold_breaths:
        assert "{} to {} breaths".format(*dose.hold_breaths) in copies[0].tip, name


def test_the_lower_back_session_is_the_nhs_exercises_in_the_nhs_order(back_care):
    steps = moves(back_care.session("lower-back").steps)
    assert list(dict.fromkeys(s.name for s in steps)) == list(LOWER_BACK)


@pytest.mark.parametrize("name", list(LOWER_BACK))
def test_lower_back_doses_are_the_nhs_numbers(back_care, name):
    check_dose(name, LOWER_BACK[name], moves(back_care.session("lower-back").steps))


def test_knee_rolls_alternate_sides_as_the_nhs_says(back_care):
    (rolls,) = [s for s in back_care.session("lower-back").steps if s.name == "Knee rolls"]
    assert "alternating" in rolls.reps and not rolls.side


@pytest.mark.parametrize("name", list(UPPER_BACK))
def test_upper_back_doses_are_the_nhs_numbers(back_care, name):
    check_dose(name, UPPER_BACK[name], moves(back_care.session("upper-back").steps))


def test_every_upper_back_move_is_from_the_nhs_table_or_marked_inferred(back_care):
    names = {s.name for s in moves(back_care.session("upper-back").steps)}
    assert names == set(UPPER_BACK) | set(INFERRED)


def test_the_hug_a_tree_stretch_is_the_strength_and_flex_one(back_care):
    stretches = [s for s in back_care.session("upper-back").steps if s.name == "Upper back stretch"]
    assert stretches and all(s.kind == "stretch" and s.timed for s in stretches)
    assert any("hugging a tree" in s.tip for s in stretches)
    strength_and_flex = load_programme(ROOT / "routines" / "strength-and-flex.yaml")
    flex = [s for s in strength_and_flex.session("w1-flex").steps if s.name == "Upper back stretch"]
    assert {s.duration_s for s in stretches} == {s.duration_s for s in flex}  # the same inferred 30 s


def test_inferred_parts_are_marked_in_the_header_credit_and_beside_each_step(back_care):
    source = PATH.read_text(encoding="utf-8")
    header = source.split("\nname:", 1)[0]
    inferred_section = header.split("INFERRED by trainertui:", 1)[1]
    credit = back_care.credit.lower()
    assert "Open Government Licence v3.0" in header and "Open Government Licence v3.0" in back_care.credit
    assert "inferred by trainertui" in credit and "not nhs" in credit
    lines = source.splitlines()
    for name in INFERRED:
        assert name.lower() in inferred_section.lower() or name == "Upper back stretch", name
        assert name.lower() in credit or name == "Upper back stretch", name
        # each inferred step is flagged "(inferred)" on its own line or the line above its name
        at = [i for i, line in enumerate(lines) if line.strip() == f"name: {name}"]
        assert at and all(any("(inferred)" in lines[j] for j in (i - 1, i - 2)) for i in at), name
    assert "upper back stretch holds" in credit and "30 s" in back_care.credit
    for documented in ("bottom to heels", "knee rolls", "back extensions", "deep abdominal", "pelvic tilts"):
        assert documented in header.lower()


def test_tips_say_to_stop_if_pain_is_sharp_or_spreads(back_care):
    assert "GP" in back_care.description and "sharp" in back_care.description
    for session in back_care.sessions:
        tips = " ".join(s.tip for s in session.steps)
        assert "sharp" in tips and "spreads" in tips, session.id
        assert session.steps[0].tip and "stop" in session.steps[0].tip.lower()
        untipped = [s.label for s in session.steps if not s.tip]
        assert not untipped, session.id


def test_the_nhs_every_day_is_the_weekly_rhythm(back_care):
    assert back_care.sessions_per_week == 7  # "Aim to do these exercises every day"


def clip_seconds(text: str) -> float:
    with wave.open(str(ROOT / "sounds" / "voice" / f"{slug(text)}.wav"), "rb") as clip:
        return clip.getnframes() / clip.getframerate()


def test_spoken_prompts_are_short(back_care):
    """Each prompt, as shipped, lasts at most 3 s and fits inside the timed step before it, so the
    words can run ahead of the change in full (docs/audio.md, "Why the words come first")."""
    for session in back_care.sessions:
        timeline = compile_session(session)
        for cue in timeline.cues:
            if cue.kind != "start":
                continue
            seconds = clip_seconds(cue.text)
            assert seconds <= 3.0, cue.text
            before = timeline.intervals[cue.step - 1].step if cue.step else None
            if before is not None and before.timed:
                assert seconds < (before.duration_s or 0), (cue.text, before.label)


def test_holds_leave_room_for_the_words_and_the_countdown(back_care):
    """A timed hold is long enough for its prompt and the 3-2-1 not to fall on top of each other."""
    for session in back_care.sessions:
        for step in session.steps:
            if step.timed and step.kind != "rest":
                assert (step.duration_s or 0) >= 5, step.label


# --- Couch to 5K+ ------------------------------------------------------------------------------

# No NHS page describes the three podcasts; these are the listeners' accounts (the sources, with
# quotations, are in the file's header and in the research notes): (minutes, steps a minute) of
# each run, in order.
# Stepping Stone: healthunlocked.com/bridgeto10k/posts/138417545 ("the starting ten minutes at 150
# ... the final 'fast' 5 minutes at 160 ... six 5 minutes blocks") and couchto5k/posts/489387
# ("150 bpm ... On to 155 bpm ... After 15 minutes ... 160 bpm").
# Speed: couchto5k/posts/994909 ("an easy 5 minute warm-up jog at 155bpm before the 6 repetitions of
# 60 seconds @ 165bpm with 60 seconds recovery @ 150bpm"), posts/144161503, posts/133974895.
# Stamina: couchto5k/posts/131617845 ("10 minutes at 158BPM, 20 minutes at 160 and then 5 minutes
# at 165"; "a thirty-five minute run").
C25K_PLUS_RUNS = {
    "stepping-stone": [(10, 150), (15, 155), (5, 160)],
    "speed": [(5, 155)] + [(1, 165), (1, 150)] * 5 + [(1, 165)],
    "stamina": [(10, 158), (20, 160), (5, 165)],
}
#: The documented length of each podcast, in minutes, where a listener gives one.
C25K_PLUS_MINUTES = {"stepping-stone": 40, "speed": 26}


@pytest.fixture(scope="module")
def c25k_plus() -> Programme:
    return load_programme(ROOT / "routines" / "couch-to-5k-plus.yaml")


def test_couch_to_5k_plus_is_three_alternatives(c25k_plus):
    assert c25k_plus.alternatives
    assert [s.id for s in c25k_plus.sessions] == ["stepping-stone", "speed", "stamina"]


@pytest.mark.parametrize("session_id", sorted(C25K_PLUS_RUNS))
def test_couch_to_5k_plus_runs_and_tempos_are_the_documented_ones(c25k_plus, session_id):
    session = c25k_plus.session(session_id)
    runs = [(s.duration_s // 60, s.cadence) for s in session.steps if s.kind == "run"]
    assert runs == C25K_PLUS_RUNS[session_id]
    assert all(s.duration_s % 60 == 0 for s in session.steps if s.kind == "run")
    # A 5-minute walk either side; only the runs carry a beat.
    assert (session.steps[0].kind, session.steps[0].duration_s) == ("warmup", 300)
    assert (session.steps[-1].kind, session.steps[-1].duration_s) == ("cooldown", 300)
    assert all(s.cadence is None for s in session.steps if s.kind != "run")


@pytest.mark.parametrize("session_id, minutes", sorted(C25K_PLUS_MINUTES.items()))
def test_couch_to_5k_plus_lengths_match_the_listeners(c25k_plus, session_id, minutes):
    assert compile_session(c25k_plus.session(session_id)).duration_s == minutes * 60


def test_couch_to_5k_plus_says_what_is_inferred(c25k_plus):
    source = (ROOT / "routines" / "couch-to-5k-plus.yaml").read_text()
    header = source.split("\nname:", 1)[0]
    assert "Open Government Licence v3.0" in header and "Open Government Licence v3.0" in c25k_plus.credit
    assert "No NHS page describes" in header and "no NHS page gives them" in c25k_plus.credit
    for inferred in ("every cool-down walk", "Stamina's warm-up walk", "form tips"):
        assert inferred in header
    assert "inferred" in source.split("cool-down:", 1)[1].splitlines()[0]

"""How a step is named on screen. Colour comes from CSS classes (``-run``, ...) in app.tcss;
the kind's word is always shown too, so nothing depends on telling colours apart."""

from __future__ import annotations

from trainertui.durations import format_clock
from trainertui.model import Step

KIND_WORDS = {
    "warmup": "WARM UP",
    "walk": "WALK",
    "run": "RUN",
    "cooldown": "COOL DOWN",
    "exercise": "EXERCISE",
    "rest": "REST",
    "stretch": "STRETCH",
}


def kind_word(kind: str) -> str:
    return KIND_WORDS.get(kind, kind.upper())


def kind_class(kind: str) -> str:
    return f"-{kind}"


ALL_KIND_CLASSES = tuple(kind_class(kind) for kind in KIND_WORDS)


def own_label(step: Step) -> str:
    """The step's name and side, or "" when the name only repeats its kind ("Run" in a run)."""
    return step.label if step.label.upper() != kind_word(step.kind) else ""


def step_length(step: Step) -> str:
    """ "01:30", or for a rep step its target ("8 reps")."""
    if step.duration_s is not None:
        return format_clock(step.duration_s)
    return f"{step.reps} reps" if step.reps else "untimed"

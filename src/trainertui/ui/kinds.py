"""How a step is named and coloured on screen, from the one table of kinds (model.KINDS).

Colour comes from CSS classes (``-run``, ...) whose rules are generated here from each kind's
theme colour; the kind's word is always shown too, so nothing depends on telling colours apart.
"""

from __future__ import annotations

from collections.abc import Callable

from trainertui.durations import format_clock
from trainertui.model import KINDS, Step


def kind_word(kind: str) -> str:
    known = KINDS.get(kind)
    return known.word if known is not None else kind.upper()


def kind_class(kind: str) -> str:
    return f"-{kind}"


ALL_KIND_CLASSES = tuple(kind_class(kind) for kind in KINDS)


def kind_rules(rule: Callable[[str, str], str]) -> str:
    """CSS with one rule per kind: ``rule(kind_id, "$colour")`` gives each rule's text, so a
    stylesheet colours every kind from the table instead of repeating it."""
    return "\n".join(rule(kind.id, f"${kind.colour}") for kind in KINDS.values())


def own_label(step: Step) -> str:
    """The step's name and side, or "" when the name only repeats its kind ("Run" in a run)."""
    return step.label if step.label.upper() != kind_word(step.kind) else ""


def step_length(step: Step) -> str:
    """ "01:30", or for a rep step its target ("8 reps")."""
    if step.duration_s is not None:
        return format_clock(step.duration_s)
    return f"{step.reps} reps" if step.reps else "untimed"

"""How a kind of step is named on screen. Colour comes from CSS classes (``-run``, ...) in
app.tcss; the word is always shown too, so nothing depends on telling colours apart."""

from __future__ import annotations

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

"""The yardstick for bench/app_bench.py: the smallest Textual countdown worth comparing with.

A Header, a Digits and a Footer. The Digits counts down from 30:00 in mm:ss, computed from
``time.monotonic()`` by a once-a-second ``set_interval``, and is updated only when its text
changes. Anything trainertui spends beyond this is the price of its own screens.

    .venv/bin/python bench/minimal_app.py [--minutes 30]
"""

from __future__ import annotations

import argparse
import time

from textual.app import App, ComposeResult
from textual.widgets import Digits, Footer, Header


def mm_ss(seconds: float) -> str:
    whole = max(0, int(seconds + 0.999))  # round up: 29:59.2 left shows 30:00, as a countdown should
    return f"{whole // 60:02d}:{whole % 60:02d}"


class MinimalCountdown(App[None]):
    TITLE = "minimal"

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self._seconds = seconds
        self._started = time.monotonic()
        self._shown = ""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Digits(id="countdown")
        yield Footer()

    def on_mount(self) -> None:
        self._started = time.monotonic()
        self.tick()
        self.set_interval(1, self.tick)

    def tick(self) -> None:
        text = mm_ss(self._seconds - (time.monotonic() - self._started))
        if text != self._shown:
            self._shown = text
            self.query_one("#countdown", Digits).update(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0)
    MinimalCountdown(parser.parse_args().minutes * 60).run()


if __name__ == "__main__":
    main()

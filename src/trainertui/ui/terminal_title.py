"""The terminal's window title during a workout ("RUN 02:31 · trainertui"), and giving the old
one back afterwards, so a workout in a background tab or tmux window can be followed.

Textual has no API for the window title, so this writes the xterm sequences through the App's
driver (its writer thread, so they never land in the middle of a frame):

- ``CSI 22;0t`` saves the current title on the terminal's title stack, ``CSI 23;0t`` restores
  it: xterm, VTE (GNOME Terminal and friends), kitty, iTerm2, alacritty, foot, WezTerm and
  tmux (its pane title, since 2.6) keep such a stack; terminals without one ignore both.
- ``OSC 0`` sets the icon and window title together (tmux: the pane title, ``#{pane_title}``).

A terminal that keeps no stack is left showing the last title: there is no portable way to read
the old one (xterm's title report is off by default for security), and guessing is worse.
"""

from __future__ import annotations

from typing import Any

SAVE = "\x1b[22;0t"
RESTORE = "\x1b[23;0t"


def set_title(text: str) -> str:
    """The sequence that shows ``text`` as the title (control characters dropped)."""
    clean = "".join(char for char in text if char.isprintable())
    return f"\x1b]0;{clean}\x07"


class TerminalTitle:
    """Saves the title once, shows new ones, restores once. Writes nothing without a driver
    (an app not yet running); the headless driver of the tests writes nowhere."""

    def __init__(self, app: Any) -> None:
        self._app = app
        self._saved = False

    def _write(self, data: str) -> None:
        driver = getattr(self._app, "_driver", None)
        if driver is not None:
            try:
                driver.write(data)
            except Exception:  # a terminal that went away: the title does not matter any more
                pass

    def save(self) -> None:
        if not self._saved:
            self._saved = True
            self._write(SAVE)

    def show(self, text: str) -> None:
        if self._saved:
            self._write(set_title(text))

    def restore(self) -> None:
        if self._saved:
            self._saved = False
            self._write(RESTORE)

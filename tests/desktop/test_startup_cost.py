"""No measurable start-up cost: making the objects the app holds imports no D-Bus library,
starts no thread and opens no socket; all of that waits for the first workout."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import os, sys, threading
before = set(os.listdir("/proc/self/fd"))
from trainertui.keep_awake import KeepAwake
from trainertui.music import MediaPlayers
awake, music = KeepAwake(), MediaPlayers()
awake.status()
after = set(os.listdir("/proc/self/fd"))
lazy = ("jeepney", "socket", "selectors", "dataclasses", "textual")
lazy += ("trainertui.desktop_bus", "trainertui.inhibitors", "trainertui.mpris")
print(sorted(m for m in sys.modules if m.startswith(lazy)))
print(threading.active_count(), len(after - before))
awake.hold()
awake.wait()
print("jeepney" in sys.modules, threading.active_count())
"""


def test_the_objects_cost_nothing_until_used():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "[]",  # no jeepney (nor socket, selectors or dataclasses), no Textual, none of the D-Bus work
        "1 0",  # the main thread only, no new file descriptor
        "True 2",  # the first hold brings them, on one worker thread
    ]

"""The ``terminal`` fixture: a private tmux server for each test (Terminal in test_terminal.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_terminal import Terminal


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    assert shutil.which("tmux"), "the end-to-end test needs tmux (scripts/system-deps.sh installs it)"
    term = Terminal(f"trainertui-e2e-{os.getpid()}-{tmp_path.name}", tmp_path)  # one server a test
    yield term
    subprocess.run(["tmux", "-L", term.socket, "kill-server"], capture_output=True)

"""The source type-checks under mypy --strict (settings in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys

from helpers import ROOT


def test_mypy_strict():
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr

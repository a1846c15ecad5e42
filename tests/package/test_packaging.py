"""The project as a user installs it: the wheel, the console script, and the import wall."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from helpers import ROOT

BIN = Path(sys.executable).parent


def clean_env() -> dict[str, str]:
    """This process's environment without PYTHONPATH: a caller's PYTHONPATH (a checkout's src/)
    would let the wheel's venv import the code under test instead of what the wheel installed."""
    return {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}


def run(
    *argv: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in argv], capture_output=True, text=True, env=env or clean_env(), cwd=cwd, timeout=120
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", out, ROOT)
    assert built.returncode == 0, built.stderr
    [path] = out.glob("trainertui-*.whl")
    return path


def test_wheel_ships_routines_sounds_and_licence(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for routine in (ROOT / "routines").glob("*.yaml"):
        assert f"trainertui/routines/{routine.name}" in names
    assert "trainertui/sounds/README.md" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert not any(n.startswith("tests/") for n in names)


def test_editable_checkout_finds_the_top_level_folders():
    from trainertui.resources import shipped_dir

    assert shipped_dir("routines") == ROOT / "routines"
    assert shipped_dir("sounds") == ROOT / "sounds"
    with pytest.raises(FileNotFoundError, match="missing"):
        shipped_dir("no-such-folder")


def test_installed_wheel_finds_its_routines(wheel, tmp_path):
    """Install the wheel into a fresh venv (not the editable checkout) and run its command.

    The venv borrows PyYAML and platformdirs from the test venv through a .pth line, so the
    test needs no network; a .pth-added folder's own .pth files (the editable install's) are
    not processed, so only the wheel's trainertui can be imported."""
    venv = tmp_path / "venv"
    assert run(sys.executable, "-m", "venv", "--without-pip", venv).returncode == 0
    installed = run(
        sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "--no-deps", "-q", wheel
    )
    assert installed.returncode == 0, installed.stderr
    site = Path(
        run(venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").stdout.strip()
    )
    (site / "borrowed-deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    where = run(
        venv / "bin" / "python",
        "-c",
        "import trainertui.resources as r; print(r.__file__); print(r.shipped_dir('routines'))",
    )
    module_file, routines_dir = where.stdout.split()
    assert module_file.startswith(str(site)) and routines_dir == str(site / "trainertui" / "routines")
    listed = run(venv / "bin" / "trainertui", "list", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert [line.split()[0] for line in listed.stdout.splitlines() if not line.startswith(" ")] == [
        "couch-to-5k",
        "couch-to-5k-plus",
        "firm-glutes-10",
        "strength-and-flex",
        "back-care",
    ]


def test_console_script_and_python_m_agree():
    via_script = run(BIN / "trainertui", "show", "couch-to-5k", "w9r3", "--json")
    via_module = run(sys.executable, "-m", "trainertui", "show", "couch-to-5k", "w9r3", "--json")
    assert via_script.returncode == via_module.returncode == 0
    assert via_script.stdout == via_module.stdout
    assert '"duration_s": 2400' in via_script.stdout


def test_validate_exit_codes_from_the_real_command(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: X\nsessions: [{id: a, title: A, steps: [{run: 0s}]}]\n")
    assert run(BIN / "trainertui", "validate", ROOT / "routines").returncode == 0
    result = run(BIN / "trainertui", "validate", bad)
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        f"{bad}:2: the run duration must be longer than zero, got '0s'\n",
        "",
    )


def test_domain_and_cli_do_not_import_textual():
    modules = [
        "model",
        "durations",
        "routines",
        "catalogue",
        "timeline",
        "workout",
        "clock",
        "settings",
        "resources",
        "audio",
        "cli",
        "worker",
        "desktop_bus",
        "inhibitors",
        "keep_awake",
        "mpris",
        "music",
    ]
    code = (
        "import sys\n"
        + "".join(f"import trainertui.{m}\n" for m in modules)
        + "from trainertui.cli import main\n"
        + "main(['list']); main(['show', 'couch-to-5k', 'w1r1', '--json'])\n"
        + "assert 'textual' not in sys.modules, sorted(m for m in sys.modules if m.startswith('textual'))\n"
    )
    result = run(sys.executable, "-c", code)
    assert result.returncode == 0, result.stderr


def test_the_way_to_the_first_frame_leaves_out_what_it_does_not_need():
    """What the app imports before Textual's (cli.run_app), with the catalogue from its cache:
    each of these would be paid at every start (docs/performance.md has the figures)."""
    from trainertui.catalogue import load_catalogue

    load_catalogue()  # fills the cache (the tests' cache folder) for the process below
    code = (
        "import sys\n"
        "from trainertui import audio, catalogue, cli, clock, settings\n"
        "catalogue.load_catalogue(); settings.load_settings(); audio.make_player(settings.SoundSettings())\n"
        "cli.main(['list'])\n"
        "unwanted = {'csv', 'hashlib', 'importlib.resources', 'zipfile', 'yaml', 'trainertui.routines'}\n"
        "assert not unwanted & set(sys.modules), sorted(unwanted & set(sys.modules))\n"
    )
    result = run(sys.executable, "-c", code)
    assert result.returncode == 0, result.stderr


def test_a_reader_that_stops_early_is_not_an_error():
    """`trainertui show ... | head`: no traceback about a broken pipe."""
    process = subprocess.Popen(
        [str(BIN / "trainertui"), "show", "strength-and-flex", "w5-strength"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=clean_env(),
    )
    process.stdout.close()
    assert process.wait(timeout=60) == 0
    assert process.stderr.read() == b""

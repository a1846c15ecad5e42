"""The docs' examples are real: every YAML example in docs/routine-format.md loads."""

from __future__ import annotations

import re

from helpers import ROOT
from trainertui.routines import load_programme


def test_routine_format_examples_are_valid(tmp_path):
    text = (ROOT / "docs" / "routine-format.md").read_text()
    examples = re.findall(r"```yaml\n(.*?)```", text, re.S)
    full = [e for e in examples if e.lstrip().startswith(("# ", "name:"))]
    assert len(full) >= 2
    for n, example in enumerate(full):
        path = tmp_path / f"example{n}.yaml"
        path.write_text(example)
        programme = load_programme(path)
        assert programme.sessions


def test_the_config_example_in_docs_audio_is_the_default_file():
    import tomllib

    from trainertui.settings import CONFIG_TEMPLATE, DEFAULT_VOLUME

    text = (ROOT / "docs" / "audio.md").read_text()
    (example,) = re.findall(r"```toml\n(.*?)```", text, re.S)
    default = CONFIG_TEMPLATE.format(voice="true", tones="true", volume=DEFAULT_VOLUME, muted="false")
    assert tomllib.loads(example) == tomllib.loads(default)


def test_the_settings_example_in_docs_desktop_is_valid_and_the_defaults(tmp_path):
    from trainertui.settings import Settings, load_settings

    text = (ROOT / "docs" / "desktop.md").read_text()
    (example,) = re.findall(r"```toml\n(.*?)```", text, re.S)
    path = tmp_path / "config.toml"
    path.write_text(example)
    assert load_settings(path) == Settings()

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
    settings = text[text.index("\n## Settings\n") :]
    example = re.findall(r"```toml\n(.*?)```", settings, re.S)[0]
    default = CONFIG_TEMPLATE.format(voice="true", tones="true", volume=DEFAULT_VOLUME, muted="false")
    assert tomllib.loads(example) == tomllib.loads(default)


def test_the_settings_example_in_docs_desktop_is_valid_and_the_defaults(tmp_path):
    from trainertui.settings import Settings, load_settings

    text = (ROOT / "docs" / "desktop.md").read_text()
    (example,) = re.findall(r"```toml\n(.*?)```", text, re.S)
    path = tmp_path / "config.toml"
    path.write_text(example)
    assert load_settings(path) == Settings()


def _anchors(markdown: str) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    headings = re.findall(r"^#+ (.+)$", markdown, re.M)
    return {re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-") for h in headings}


def test_every_link_between_the_docs_leads_somewhere():
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    broken = []
    for page in pages:
        for target in re.findall(r"\]\(([^)\s]+)\)", page.read_text()):
            if "://" in target or target.startswith("mailto:"):
                continue
            path, _, anchor = target.partition("#")
            linked = (page.parent / path).resolve() if path else page
            if not linked.exists():
                broken.append(f"{page.name}: {target}")
            elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked.read_text()):
                broken.append(f"{page.name}: {target} (no such heading)")
    assert not broken


def test_the_own_voice_example_in_docs_audio_loads_without_a_problem(tmp_path):
    from trainertui.settings import load_settings

    text = (ROOT / "docs" / "audio.md").read_text()
    part = text[text.index("### Bring your own voice") : text.index("\n## ", text.index("### Bring your own voice"))]
    (example,) = re.findall(r"```toml\n(.*?)```", part, re.S)
    path = tmp_path / "config.toml"
    path.write_text(example)
    settings = load_settings(path)
    assert settings.problems == () and settings.sound.voice_command and settings.sound.voice_model

"""config.toml: the sound settings, read forgivingly and written without losing anything."""

from __future__ import annotations

from trainertui.paths import config_file
from trainertui.settings import CONFIG_TEMPLATE, Settings, SoundSettings, load_settings, save_muted


def test_no_file_means_the_defaults():
    assert load_settings() == Settings()
    assert SoundSettings() == SoundSettings(voice=True, tones=True, volume=80, muted=False)


def test_the_settings_are_read(isolated_dirs):
    isolated_dirs.mkdir()
    config_file().write_text("[sound]\nvoice = false\nvolume = 35\nmuted = true\n")
    assert load_settings() == Settings(SoundSettings(voice=False, tones=True, volume=35, muted=True))


def test_bad_values_are_reported_with_their_line_and_the_rest_still_apply(isolated_dirs):
    isolated_dirs.mkdir()
    config_file().write_text('[sound]\ntones = false\nvolume = 250\nvoice = "yes"\nvolum = 3\n')
    settings = load_settings()
    assert settings.sound == SoundSettings(tones=False)
    path = config_file()
    assert settings.problems == (
        f"{path} line 3: sound.volume should be a whole number from 0 to 100, not 250",
        f"{path} line 4: sound.voice should be true or false, not 'yes'",
        f"{path} line 5: unknown setting 'sound.volum' (known: voice, tones, volume, muted)",
    )


def test_a_file_that_does_not_parse_gives_the_defaults_and_one_line(isolated_dirs):
    isolated_dirs.mkdir()
    config_file().write_text("[sound]\nvoice = \n")
    settings = load_settings()
    assert settings.sound == SoundSettings()
    (problem,) = settings.problems
    assert problem.startswith(f"{config_file()}: ") and "line 2" in problem and "\n" not in problem


def test_mute_is_remembered_in_a_new_file(isolated_dirs):
    assert save_muted(True) is None
    assert config_file().read_text() == CONFIG_TEMPLATE.format(voice="true", tones="true", volume=80, muted="true")
    assert load_settings() == Settings(SoundSettings(muted=True))


def test_mute_changes_only_its_own_line(isolated_dirs):
    isolated_dirs.mkdir()
    mine = "# my settings\n[sound]\nvolume = 40   # quiet, the kids are asleep\nmuted = false\n"
    config_file().write_text(mine)
    assert save_muted(True) is None
    assert config_file().read_text() == mine.replace("muted = false", "muted = true")
    isolated_dirs.joinpath("config.toml").write_text("[sound]\nvolume = 40\n")
    assert save_muted(True) is None
    assert load_settings().sound == SoundSettings(volume=40, muted=True)


def test_a_broken_file_is_never_overwritten(isolated_dirs):
    isolated_dirs.mkdir()
    broken = "[sound\nvolume = 40\n"
    config_file().write_text(broken)
    assert save_muted(True) == f"{config_file()} has an error, so the mute setting was not saved"
    assert config_file().read_text() == broken

"""config.toml: the sound and desktop settings, read forgivingly and written without losing anything."""

from __future__ import annotations

import os

import pytest

from trainertui.paths import config_file
from trainertui.settings import (
    CONFIG_TEMPLATE,
    DesktopSettings,
    Settings,
    SoundSettings,
    load_settings,
    save_muted,
)


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
        f"{path} line 5: unknown setting 'sound.volum' "
        "(known: voice, tones, volume, muted, pause_music, metronome_volume, voice_command, voice_model)",
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


# --- written without damage (tomlkit), refused when not a settings file ---------------------


def test_an_inline_sound_table_keeps_its_shape_and_stays_valid(isolated_dirs):
    isolated_dirs.mkdir()
    mine = "# mine\nsound = { volume = 50 }   # quiet\n"
    config_file().write_text(mine)
    assert save_muted(True) is None
    text = config_file().read_text()
    assert text.count("sound") == 1 and "# mine" in text and "# quiet" in text
    assert load_settings() == Settings(SoundSettings(volume=50, muted=True))


def test_dotted_keys_comments_and_order_survive(isolated_dirs):
    isolated_dirs.mkdir()
    mine = "sound.volume = 30 # night\nsound.voice = false\n\n# the end\n"
    config_file().write_text(mine)
    assert save_muted(True) is None
    settings = load_settings()
    assert settings.sound == SoundSettings(voice=False, volume=30, muted=True) and not settings.problems
    lines = config_file().read_text().splitlines()
    assert lines[0] == "sound.volume = 30 # night" and "sound.voice = false" in lines and lines[-1] == "# the end"


def test_a_programme_choice_is_saved_and_read_back(isolated_dirs):
    from trainertui.settings import ProgrammeSettings, save_setting

    isolated_dirs.mkdir()
    config_file().write_text("[sound]\nvolume = 40 # keep\n")
    assert save_setting(("programmes", "strength-and-flex", "equipment"), "home", "the equipment") is None
    assert save_setting(("programmes", "couch-to-5k", "metronome"), True, "the metronome") is None
    settings = load_settings()
    assert settings.programme("strength-and-flex") == ProgrammeSettings(equipment="home")
    assert settings.programme("couch-to-5k") == ProgrammeSettings(metronome=True)
    assert settings.programme("other") == ProgrammeSettings()
    assert settings.sound.volume == 40 and "# keep" in config_file().read_text()


def test_bad_programme_choices_are_reported_on_their_line(isolated_dirs):
    isolated_dirs.mkdir()
    config_file().write_text('[sound]\nvolume = 40\n\n[programmes.c25k]\nequipment = "Home Gym"\ncolour = 1\n')
    path = config_file()
    assert load_settings().problems == (
        f"{path} line 5: programmes.c25k.equipment should be a name such as \"home\", not 'Home Gym'",
        f"{path} line 6: unknown setting 'programmes.c25k.colour' (known: equipment, metronome)",
    )


def test_a_key_that_is_not_a_table_is_not_overwritten(isolated_dirs):
    isolated_dirs.mkdir()
    config_file().write_text("sound = 3\n")
    assert save_muted(True) == f"{config_file()} has an error, so the mute setting was not saved"
    assert config_file().read_text() == "sound = 3\n"


def test_a_save_that_fails_says_so_and_leaves_the_file_as_it_was(isolated_dirs):
    isolated_dirs.mkdir()
    config_file().write_text("[sound]\nmuted = false\n")
    blocker = isolated_dirs / f".config.toml.{os.getpid()}.tmp"
    blocker.mkdir()  # where the new file would be written: fails for root too
    problem = save_muted(True)
    assert problem is not None and problem.startswith(f"could not save the mute setting to {config_file()}: ")
    assert config_file().read_text() == "[sound]\nmuted = false\n"


def test_a_write_error_is_reported_not_raised(isolated_dirs, monkeypatch):
    isolated_dirs.mkdir()
    config_file().write_text("[sound]\nmuted = false\n")

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    assert save_muted(True) == f"could not save the mute setting to {config_file()}: No space left on device"
    assert config_file().read_text() == "[sound]\nmuted = false\n"
    assert sorted(p.name for p in isolated_dirs.iterdir()) == ["config.toml"]


@pytest.mark.parametrize("kind", ["fifo", "folder", "huge"])
def test_a_config_that_is_not_a_settings_file_is_refused_unread(isolated_dirs, kind):
    isolated_dirs.mkdir()
    path = config_file()
    if kind == "fifo":
        os.mkfifo(path)  # opening it to read would block for ever
    elif kind == "folder":
        path.mkdir()
    else:
        path.write_text("# " + "x" * 100_000 + "\n")
    (problem,) = load_settings().problems
    assert problem.startswith(str(path)) and problem.endswith("; using the default settings")
    expected = {"fifo": "is not a regular file", "folder": "is a folder", "huge": "is larger than 64 KB"}[kind]
    assert expected in problem
    assert save_muted(True).endswith("so the mute setting was not saved")


# --- the desktop settings ---------------------------------------------------------------


def test_the_desktop_settings_are_read(isolated_dirs):
    isolated_dirs.mkdir()
    config_file().write_text('[sound]\npause_music = "rests"\n\n[desktop]\nkeep_awake = false\n')
    settings = load_settings()
    assert settings == Settings(SoundSettings(pause_music="rests"), desktop=DesktopSettings(keep_awake=False))
    assert Settings().desktop.keep_awake and Settings().sound.pause_music == "off"


def test_bad_desktop_settings_are_reported_with_their_line(isolated_dirs):
    isolated_dirs.mkdir()
    config_file().write_text('[sound]\npause_music = "always"\n[desktop]\nkeep_awake = "no"\nscreen = 1\n')
    settings = load_settings()
    assert settings.sound == SoundSettings() and settings.desktop == DesktopSettings()
    path = config_file()
    assert settings.problems == (
        f'{path} line 2: sound.pause_music should be one of "off", "cues", "rests", not \'always\'',
        f"{path} line 4: desktop.keep_awake should be true or false, not 'no'",
        f"{path} line 5: unknown setting 'desktop.screen' (known: keep_awake)",
    )


def test_a_desktop_key_outside_its_section(isolated_dirs):
    isolated_dirs.mkdir()
    config_file().write_text("keep_awake = false\ndesktop = 3\n")
    path = config_file()
    assert load_settings().problems == (
        f"{path} line 2: 'desktop' should be a [desktop] section",
        f"{path} line 1: unknown section or key 'keep_awake'",
    )


def test_the_new_file_lists_every_setting_at_its_default(isolated_dirs):
    assert save_muted(False) is None
    assert load_settings() == Settings()
    text = config_file().read_text()
    assert 'pause_music = "off"' in text and "[desktop]\nkeep_awake = true" in text

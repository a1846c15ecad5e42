"""`trainertui check-audio`: the one command to run when a workout is silent."""

from __future__ import annotations

import pytest

from audio_helpers import tone, words
from helpers import stub_engines
from trainertui.cli import main
from trainertui.paths import config_file


def test_plays_a_test_sound_and_names_the_device(alsa_capture, capsys, isolated_dirs):
    isolated_dirs.mkdir()
    config_file().write_text("[sound]\nvolume = 100\nvoice = false\n")
    assert main(["check-audio"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("sound on: simpleaudio 1.0.4, ALSA device 'default' (ALSA_CONFIG_PATH=")
    assert out[1].startswith("played 'Sound check' and the finish chime (") and out[1].endswith("at volume 100%")
    assert out[2] == "words for your own routines: flite (rms)"  # the test machine has flite and sox
    assert out[3] == f"note: {config_file()} turns off: voice"
    probe, test_sound = alsa_capture()
    assert test_sound == words("sound-check") + tone("finish")  # the device is tested whatever the settings say


def test_without_a_device_it_says_why_and_fails(no_device, capsys):
    assert main(["check-audio"]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0] == "sound off: no audio device (No such device)"
    assert lines[1] == f"tried: ALSA's 'default' device, as ALSA_CONFIG_PATH={no_device} defines it"
    assert f"check: {no_device}, which sets what 'default' means" in lines
    assert all(line.startswith("check: ") for line in lines[2:])
    assert captured.err == ""


@pytest.mark.parametrize(
    ("programs", "line"),
    [
        (("flite", "sox", "espeak-ng"), "words for your own routines: flite (rms)"),
        (("espeak-ng", "sox"), "words for your own routines: espeak-ng (flite is not installed)"),
        ((), "words for your own routines: none, tones only (neither flite nor espeak-ng is installed)"),
    ],
)
def test_it_says_which_engine_speaks_your_own_routines_and_why(
    alsa_capture, capsys, isolated_dirs, tmp_path, monkeypatch, programs, line
):
    monkeypatch.setenv("PATH", str(stub_engines(tmp_path / "bin", *programs)))
    assert main(["check-audio"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[2] == line
    assert [x for x in out if x.startswith("words for")] == [line]


def test_with_a_voice_of_your_own_the_test_sound_is_in_it(alsa_capture, capsys, isolated_dirs, tmp_path, monkeypatch):
    bin_dir = stub_engines(tmp_path / "bin", "flite", "sox")
    engine = bin_dir / "myvoice"  # copies flite's stand-in clip: reads --out, writes sample 1000
    engine.write_text((bin_dir / "flite").read_text().replace("'-o'", "'--out'").replace("'flite'", "'myvoice'"))
    engine.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    isolated_dirs.mkdir()
    config_file().write_text('[sound]\nvolume = 100\nvoice_command = "myvoice --out {out} --text {text}"\n')
    assert main(["check-audio"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[2] == "words for every cue: your voice (myvoice --out {out} --text {text})"
    probe, test_sound = alsa_capture()
    assert test_sound[: 2 * 2205] == (1000).to_bytes(2, "little", signed=True) * 2205  # its words, then the chime
    assert test_sound.endswith(tone("finish"))


def test_a_voice_of_your_own_that_fails_is_told_and_the_shipped_one_speaks(
    alsa_capture, capsys, isolated_dirs, tmp_path, monkeypatch
):
    bin_dir = stub_engines(tmp_path / "bin", "flite", "sox", "myvoice", failing=["myvoice"])
    monkeypatch.setenv("PATH", str(bin_dir))
    isolated_dirs.mkdir()
    config_file().write_text('[sound]\nvolume = 100\nvoice_command = "myvoice {text} {out}"\n')
    assert main(["check-audio"]) == 0
    out = capsys.readouterr().out
    assert (
        "your voice command failed on 'Sound check' (myvoice failed: it broke); the shipped voice speaks instead" in out
    )
    assert alsa_capture()[1] == words("sound-check") + tone("finish")

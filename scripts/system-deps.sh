#!/bin/sh
# Check the system packages that `pip install` needs to build simpleaudio (ALSA headers, a C
# compiler, Python headers) and that `python -m venv` needs on Debian/Ubuntu, and flite with
# sox, the preferred engine for the words of a user's own routines (flite's rms voice speaks
# at 16 kHz; sox resamples, trims and normalises: src/trainertui/voice.py).
# With "test" as the second argument, also what the tests need: tmux for the end-to-end test,
# espeak-ng (the fallback engine) besides flite and sox for rendering spoken prompts; for tests/desktop, dbus-daemon (private session and system
# buses), libdbus-1-dev, libglib2.0-dev and pkg-config (python-dbusmock's dbus-python builds from
# source), and PulseAudio with ALSA's pulse plugin and pactl (the cue streams' event role).
# As root with apt-get, install what is missing; otherwise print the one command and fail.
set -eu
PYTHON="${1:-python3}"
PURPOSE="${2:-run}"

missing=""
[ -f /usr/include/alsa/asoundlib.h ] || missing="$missing libasound2-dev"
command -v cc >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 || missing="$missing gcc"
pyinc=$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')
if [ ! -f "$pyinc/Python.h" ]; then
    ver=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    missing="$missing python$ver-dev"
fi
if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    ver=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    missing="$missing python$ver-venv"
fi
command -v flite >/dev/null 2>&1 || missing="$missing flite"
command -v sox >/dev/null 2>&1 || missing="$missing sox"
if [ "$PURPOSE" = test ]; then
    command -v tmux >/dev/null 2>&1 || missing="$missing tmux"
    command -v espeak-ng >/dev/null 2>&1 || missing="$missing espeak-ng"
    command -v dbus-daemon >/dev/null 2>&1 || missing="$missing dbus-daemon"
    [ -f /usr/include/dbus-1.0/dbus/dbus.h ] || missing="$missing libdbus-1-dev"
    [ -f /usr/include/glib-2.0/glib.h ] || missing="$missing libglib2.0-dev"
    command -v pkg-config >/dev/null 2>&1 || missing="$missing pkg-config"
    # Never in place of a desktop's pipewire-pulse (the packages conflict): the test says why it
    # did not run there instead.
    command -v pulseaudio >/dev/null 2>&1 || command -v pipewire-pulse >/dev/null 2>&1 || missing="$missing pulseaudio"
    command -v pactl >/dev/null 2>&1 || missing="$missing pulseaudio-utils"
    ls /usr/lib/*/alsa-lib/libasound_module_pcm_pulse.so >/dev/null 2>&1 || missing="$missing libasound2-plugins"
fi

[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing system packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
    exit 0
fi

echo "trainertui needs system packages (to build its audio backend; flite and sox to speak your own routines' words; for the tests: tmux, espeak-ng, D-Bus and PulseAudio). Install them with:" >&2
echo "    sudo apt-get install -y$missing" >&2
exit 1

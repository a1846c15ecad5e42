#!/bin/sh
# Check the system packages that `pip install` needs to build simpleaudio (ALSA headers, a C
# compiler, Python headers) and that `python -m venv` needs on Debian/Ubuntu.
# With "test" as the second argument, also what the tests need: tmux for the end-to-end test,
# espeak-ng and sox for rendering spoken prompts (the app uses them, when present, for the
# words of a user's own routines).
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
if [ "$PURPOSE" = test ]; then
    command -v tmux >/dev/null 2>&1 || missing="$missing tmux"
    command -v espeak-ng >/dev/null 2>&1 || missing="$missing espeak-ng"
    command -v sox >/dev/null 2>&1 || missing="$missing sox"
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

echo "trainertui needs system packages (to build its audio backend; tmux, espeak-ng and sox for the tests). Install them with:" >&2
echo "    sudo apt-get install -y$missing" >&2
exit 1

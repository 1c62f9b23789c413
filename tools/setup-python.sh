#!/bin/sh
# Create the project's virtual environment with Python 3.11 or newer. On Debian, venv support is a
# separate package (python3-venv): install it when running as root, else say the one command to run.
set -eu
python=$1
venv=$2
if ! command -v "$python" >/dev/null 2>&1; then
    echo "Python 3.11 or newer is needed: install it (Debian: apt-get install python3 python3-venv)." >&2
    exit 1
fi
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "Python 3.11 or newer is needed; $python is $("$python" -V 2>&1). Set PYTHON=python3.11 or newer." >&2
    exit 1
fi
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import pip' 2>/dev/null; then
    exit 0
fi
if ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
    minor=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "python$minor-venv" >/dev/null
    else
        echo "Python's venv module is missing. Run: sudo apt-get install python$minor-venv" >&2
        exit 1
    fi
fi
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip

#!/bin/sh
# Qt (PySide6) needs a few system libraries that a minimal Debian or Ubuntu lacks (and CUPS's to
# print). With `dist` (as `make dist` runs it), also what the bundle's build needs: binutils, with
# which PyInstaller reads and strips the libraries, and icupkg (icu-devtools), which cuts ICU's
# data down; with `test` (as `make test` runs it), those too (tests check the cutting) and
# poppler's tools, with which the tests read PDFs back (poppler-utils). Install the missing ones
# when running as root; otherwise print the one apt command to run. Elsewhere, do nothing.
set -eu
command -v dpkg-query >/dev/null 2>&1 || exit 0
# Offscreen rendering (tests) and a real window under X11 or Xvfb (the app, screenshots).
packages="libglib2.0-0 libegl1 libgl1 libx11-6 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3
libx11-xcb1 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-util1 libxcb-xkb1 libxcb-randr0 libxcb-xfixes0
libxcb-sync1 libxcb-shm0 libxcb-xinerama0 libcups2 fonts-dejavu-core"
case "${1:-}" in
    dist) packages="$packages binutils icu-devtools" ;;
    test) packages="$packages binutils icu-devtools poppler-utils" ;;
esac
missing=""
for p in $packages; do
    # Debian 13 renamed some libraries (t64); either name will do.
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" &&
       ! dpkg-query -W -f='${Status}' "${p}t64" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing the system packages needed:$missing"
    apt-get update -qq >/dev/null
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
    echo "System packages are missing. Run:" >&2
    echo "  sudo apt-get install$missing" >&2
    exit 1
fi

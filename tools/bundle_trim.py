# SPDX-License-Identifier: GPL-3.0-or-later
"""What the laptop bundle leaves out of what PyInstaller's hooks collect (``build.spec`` calls it;
Linux only, where the parts below exist).

- **ICU's data.** The Qt of the PySide6 wheels links ICU, whose data library holds every language's
  locale data, every legacy character converter and the word-break dictionaries: 32 MB. Qt reads
  it for case mapping, collation (the file dialogs sort names with it) and time-zone names, and for
  converters the app never asks for (it reads and writes UTF-8 only); it never calls ICU's break
  iterators (Qt breaks text itself). :func:`trim_icu_data` rebuilds the library with ICU's own
  tool (``icupkg``, Debian's ``icu-devtools``), keeping the root, English and Vietnamese data of
  every tree and the shared tables: about 4 MB. The app's self-test checks Vietnamese collation,
  upper case and time-zone names, so ``make dist``'s smoke test fails if the data ever lacks them.
- **Libraries nothing loads.** The hooks collect a library's dependencies before ``build.spec``
  drops the library (GTK's theme plugin brings cairo, pango, gio, ...); :func:`unreachable` finds
  those no kept program, extension module or Qt plugin needs.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from collections.abc import Iterable
from pathlib import Path

# The languages whose locale data the app's two languages need (root is every locale's parent).
ICU_LANGUAGES = frozenset({"root", "en", "vi"})
# Trees of ICU's data that Qt never reads: break iterators' rules and dictionaries, transliterators.
ICU_UNUSED_TREES = ("brkitr/", "translit/")
# Kinds of item Qt never reads here: legacy character converters, dictionaries, character names.
ICU_UNUSED_SUFFIXES = (".cnv", ".dict")
ICU_UNUSED_ITEMS = frozenset({"unames.icu"})
# A locale's resource: a language code, then script, region or variant parts ("de_", "sr_Latn_BA").
_LOCALE = re.compile(r"^([a-z]{2,3})(_[A-Za-z0-9]*)*$")
_SHARED = frozenset({"res_index", "pool"})  # every tree's index and string pool: always kept
_DATA_SYMBOL = re.compile(r"^icudt(\d+)_dat$")


class TrimError(Exception):
    """ICU's data could not be rebuilt (a tool missing or failing); the full library is kept."""


def icu_item_unused(name: str) -> bool:
    """Whether the item ``name`` of ICU's data (``coll/de.res``, ``ibm-1390_P110-2003.cnv``) is
    one Qt never reads for an app in Vietnamese or English."""
    if name.startswith(ICU_UNUSED_TREES):
        return True
    base = name.rsplit("/", 1)[-1]
    if base in ICU_UNUSED_ITEMS or base.endswith(ICU_UNUSED_SUFFIXES):
        return True
    stem, dot, suffix = base.rpartition(".")
    if not dot or suffix != "res" or stem in _SHARED:
        return False
    locale = _LOCALE.match(stem)
    return bool(locale) and locale.group(1) not in ICU_LANGUAGES


def trim_icu_data(library: Path, workdir: Path) -> Path:
    """Rebuild ICU's data library ``library`` (``libicudata.so.NN``) in ``workdir`` without what
    :func:`icu_item_unused` names; return the new library's path.

    The data is one symbol (``icudtNN_dat``) holding an ICU common-data package: it is cut out of
    the library, ``icupkg`` removes the items, and ``as`` and ``ld`` (binutils) wrap the package in
    a library of the same name and symbol. Raises :class:`TrimError` when a tool is missing.
    """
    for tool in ("icupkg", "as", "ld", "nm", "readelf", "objdump"):
        if shutil.which(tool) is None:
            raise TrimError(f"{tool} is not installed (icupkg: icu-devtools; the rest: binutils)")
    symbol, address, size = _data_symbol(library)
    blob = library.read_bytes()
    offset = _file_offset(library, address)
    package = blob[offset : offset + size]
    name = _package_name(package)
    workdir.mkdir(parents=True, exist_ok=True)
    full = workdir / "full" / f"{name}.dat"
    trimmed = workdir / "trimmed" / f"{name}.dat"  # icupkg names the items after the file
    for path in (full, trimmed):
        path.parent.mkdir(exist_ok=True)
        path.unlink(missing_ok=True)
    full.write_bytes(package)
    items = _run("icupkg", "-l", str(full)).split()
    unused = [item for item in items if icu_item_unused(item)]
    listing = workdir / "unused.txt"
    listing.write_text("".join(f"{item}\n" for item in unused), encoding="utf-8")
    _run("icupkg", "-r", str(listing), str(full), str(trimmed))
    soname = _soname(library)
    source = workdir / "icudata.s"
    source.write_text(
        "\t.section .rodata\n"
        f"\t.globl {symbol}\n"
        f"\t.type {symbol}, @object\n"
        "\t.balign 16\n"
        f"{symbol}:\n"
        f'\t.incbin "{trimmed.name}"\n'
        f"\t.size {symbol}, . - {symbol}\n"
        '\t.section .note.GNU-stack,"",@progbits\n',
        encoding="utf-8",
    )
    obj = workdir / "icudata.o"
    out = workdir / soname
    _run("as", "-I", str(trimmed.parent), "-o", str(obj), str(source))
    _run("ld", "-shared", "-soname", soname, "-o", str(out), str(obj))
    if _data_symbol(out)[0] != symbol:
        raise TrimError(f"{out} does not export {symbol}")
    return out


def unreachable(binaries: Iterable[tuple[str, str]]) -> set[str]:
    """The destination names, among ``binaries`` ((destination, source) pairs, as PyInstaller
    lists them), of the libraries that nothing kept loads.

    The roots are what is loaded by name rather than as a dependency: Python's extension modules,
    Qt's plugins, libpython, and libraries kept inside a package's folder (pypdfium2's, loaded
    through ctypes). A library beside them in the bundle's top folder, in Qt's ``lib`` or in a
    wheel's ``*.libs`` folder is kept only if a root needs it, directly or through another.
    """
    entries = [(dest.replace("\\", "/"), source) for dest, source in binaries]
    needed = {dest: _needed(Path(source)) for dest, source in entries}
    by_name: dict[str, list[str]] = {}
    for dest, _source in entries:
        by_name.setdefault(dest.rsplit("/", 1)[-1], []).append(dest)
    todo = [dest for dest, _source in entries if _is_root(dest)]
    reached: set[str] = set()
    while todo:
        dest = todo.pop()
        if dest in reached:
            continue
        reached.add(dest)
        for name in needed[dest]:
            todo.extend(by_name.get(name, []))
    return {dest for dest, _source in entries} - reached


def _is_root(dest: str) -> bool:
    folder, _slash, name = dest.rpartition("/")
    if "/plugins/" in f"/{dest}" or not name.startswith("lib") or name.startswith("libpython"):
        return True
    in_library_folder = (
        folder == "" or folder.endswith("Qt/lib") or folder.split("/")[-1].endswith(".libs")
    )
    return not in_library_folder


def _needed(path: Path) -> list[str]:
    """The libraries an ELF file names as needed (none for a file that is not one)."""
    with path.open("rb") as handle:
        if handle.read(4) != b"\x7fELF":
            return []
    dump = _run("objdump", "-p", str(path))
    return [line.split()[1] for line in dump.splitlines() if line.strip().startswith("NEEDED")]


def _data_symbol(library: Path) -> tuple[str, int, int]:
    for line in _run("nm", "-D", "-S", "--defined-only", str(library)).splitlines():
        parts = line.split()
        if len(parts) == 4 and _DATA_SYMBOL.match(parts[3]):
            return parts[3], int(parts[0], 16), int(parts[1], 16)
    raise TrimError(f"{library} exports no icudtNN_dat symbol")


def _file_offset(library: Path, address: int) -> int:
    """Where the byte at virtual ``address`` lies in the file, from the section holding it."""
    for line in _run("readelf", "-SW", str(library)).splitlines():
        parts = line.replace("[ ", "[").split()
        if len(parts) > 6 and parts[0].startswith("[") and parts[2] == "PROGBITS":
            start, offset, size = int(parts[3], 16), int(parts[4], 16), int(parts[5], 16)
            if start <= address < start + size:
                return address - start + offset
    raise TrimError(f"no section of {library} holds address {address:#x}")


def _package_name(package: bytes) -> str:
    """The package's name (``icudt73l``), the prefix of its items' names in its table."""
    header_size = struct.unpack_from("<H", package, 0)[0]
    if package[2:4] != b"\xda\x27" or package[12:16] != b"CmnD":
        raise TrimError("ICU's data does not start with a common-data header")
    count, first_name = struct.unpack_from("<II", package, header_size)
    if count == 0:
        raise TrimError("ICU's data package is empty")
    start = header_size + first_name
    name = package[start : package.index(b"\0", start)].decode("ascii")
    return name.split("/", 1)[0]


def _soname(library: Path) -> str:
    for line in _run("objdump", "-p", str(library)).splitlines():
        if line.strip().startswith("SONAME"):
            return line.split()[1]
    return library.name


def _run(*command: str) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        raise TrimError(f"{' '.join(command[:2])}: {detail.strip()}") from exc
    return done.stdout

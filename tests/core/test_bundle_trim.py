# SPDX-License-Identifier: GPL-3.0-or-later
"""What the laptop bundle leaves out (tools/bundle_trim.py): ICU's data for the app's languages
only, and no library that nothing kept loads. ``make dist`` checks the bundle itself; these check
the rules and the rebuilt ICU library on their own."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parents[2] / "tools"


def _load():
    spec = importlib.util.spec_from_file_location("bundle_trim", TOOLS / "bundle_trim.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bundle_trim = _load()


@pytest.mark.parametrize(
    ("item", "unused"),
    [
        # the app's languages, and root, every locale's parent: kept in every tree
        ("vi.res", False),
        ("vi_VN.res", False),
        ("en_GB.res", False),
        ("coll/vi.res", False),
        ("coll/root.res", False),
        ("zone/vi.res", False),
        # every tree's index and string pool, the shared tables, collation's and case's data
        ("res_index.res", False),
        ("coll/res_index.res", False),
        ("curr/pool.res", False),
        ("zoneinfo64.res", False),
        ("supplementalData.res", False),
        ("likelySubtags.res", False),
        ("coll/ucadata.icu", False),
        ("nfkc.nrm", False),
        ("cnvalias.icu", False),
        # other languages, with script, region and variant parts, and the aliases ending in "_"
        ("de.res", True),
        ("coll/de.res", True),
        ("coll/de_.res", True),
        ("curr/sr_Latn_BA.res", True),
        ("zone/zh_Hant.res", True),
        ("ars.res", True),
        # what Qt never reads: converters, break iterators, transliterators, character names
        ("ibm-1390_P110-2003.cnv", True),
        ("brkitr/root.res", True),
        ("brkitr/word.brk", True),
        ("brkitr/thaidict.dict", True),
        ("translit/root.res", True),
        ("unames.icu", True),
    ],
)
def test_icu_items_kept_are_those_of_the_apps_languages(item, unused):
    assert bundle_trim.icu_item_unused(item) is unused


def _wheel_icu_data() -> Path:
    import PySide6

    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not sys.platform.startswith("linux") or not found:
        pytest.skip("the PySide6 wheel brings its own ICU on Linux only")
    if shutil.which("icupkg") is None:
        pytest.skip("icupkg (icu-devtools) is not installed: `make test` installs it")
    return found[0]


def test_icu_data_rebuilt_keeps_vietnamese_and_english_and_drops_the_rest(tmp_path):
    library = _wheel_icu_data()
    trimmed = bundle_trim.trim_icu_data(library, tmp_path)

    assert (
        trimmed.name
        == subprocess.check_output(["objdump", "-p", str(trimmed)], text=True)
        .split("SONAME")[1]
        .split()[0]
    )
    assert trimmed.stat().st_size < library.stat().st_size / 5
    package = next((tmp_path / "trimmed").glob("icudt*.dat"))
    items = set(subprocess.check_output(["icupkg", "-l", str(package)], text=True).split())
    full = set(
        subprocess.check_output(
            ["icupkg", "-l", str(next((tmp_path / "full").glob("icudt*.dat")))], text=True
        ).split()
    )
    assert {"coll/vi.res", "coll/root.res", "coll/ucadata.icu", "vi.res", "en.res"} <= items
    assert {"zoneinfo64.res", "zone/vi.res", "res_index.res", "pool.res"} <= items
    assert "coll/de.res" not in items and "fr.res" not in items
    assert not any(item.endswith(".cnv") for item in items)
    # nothing dropped that the rule keeps, and nothing kept that it drops
    assert items == {item for item in full if not bundle_trim.icu_item_unused(item)}
    # the same symbol, holding the package whole
    symbol, _address, size = bundle_trim._data_symbol(trimmed)
    assert symbol == bundle_trim._data_symbol(library)[0]
    assert size == package.stat().st_size


def test_libraries_that_nothing_kept_loads_are_found(tmp_path):
    if shutil.which("objdump") is None:
        pytest.skip("objdump (binutils) is not installed: `make test` installs it")
    python = Path(sys.executable).resolve()
    # an extension module of the standard library, and what it needs (libsqlite3, when the
    # interpreter links it dynamically), beside a library nothing needs
    import _sqlite3

    extension = Path(_sqlite3.__file__)
    needed = bundle_trim._needed(extension)
    orphan = tmp_path / "liborphan.so.1"
    orphan.write_bytes(b"not an ELF file")
    binaries = [
        ("lib-dynload/" + extension.name, str(extension)),
        ("liborphan.so.1", str(orphan)),
        *((name, str(python)) for name in needed if name.startswith("libsqlite3")),
    ]
    unused = bundle_trim.unreachable(binaries)
    assert unused == {"liborphan.so.1"}
    # a Qt plugin, or a library in a package's own folder, is loaded by name: never unreachable
    assert (
        bundle_trim.unreachable([("PySide6/Qt/plugins/platforms/libqxcb.so", str(orphan))]) == set()
    )
    assert bundle_trim.unreachable([("pypdfium2_raw/libpdfium.so", str(orphan))]) == set()
    assert bundle_trim.unreachable([("PySide6/Qt/lib/libQt6Pdf.so.6", str(orphan))]) == {
        "PySide6/Qt/lib/libQt6Pdf.so.6"
    }

# SPDX-License-Identifier: GPL-3.0-or-later
"""The core never imports Qt or the ui package: every module imports with PySide6 made unimportable."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = r"""
import importlib, pkgutil, sys
sys.modules["PySide6"] = None
sys.modules["shiboken6"] = None
sys.modules["ui"] = None
import inspector
names = [m.name for m in pkgutil.walk_packages(inspector.__path__, "inspector.")]
for name in names:
    importlib.import_module(name)
loaded = [m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "ui") and sys.modules[m]]
assert not loaded, loaded
print(len(names))
"""


def test_every_core_module_imports_without_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) >= 15


def test_cli_runs_without_qt(tmp_path) -> None:
    code = (
        "import sys; sys.modules['PySide6'] = None; from inspector.cli import main;"
        f" sys.exit(main(['--home', {str(tmp_path)!r}, 'list', '--json']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"

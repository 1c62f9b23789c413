# SPDX-License-Identifier: GPL-3.0-or-later
"""The core never imports Qt or the ui package: every module imports with PySide6 made unimportable."""

from __future__ import annotations

import ast
import pathlib
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
        "import sys; sys.modules['PySide6'] = None; from inspector.cli.main import main;"
        f" sys.exit(main(['--home', {str(tmp_path)!r}, 'list', '--json']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# The wings of the core and the arrows allowed between them. A module at the top of ``inspector``
# is the base every wing stands on; a wing imports the base, itself, and the wings listed here.
WINGS: dict[str, set[str]] = {
    "base": set(),
    "store": set(),
    "trust": {"store"},
    "fieldwork": {"store"},
    "minutes": {"store", "trust", "fieldwork"},
    "sync": {"store", "trust", "fieldwork", "minutes"},
    "office": {"store", "trust", "fieldwork", "minutes", "sync"},
    "demo": {"store", "trust", "fieldwork", "minutes", "sync"},
    "cli": {"store", "trust", "fieldwork", "minutes", "sync", "demo", "office"},
}

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "inspector"


def _wing(module: str) -> str:
    """The wing of a dotted module name inside ``inspector``."""
    parts = module.split(".")
    if len(parts) > 2 or (len(parts) == 2 and (PACKAGE / parts[1]).is_dir()):
        return parts[1]
    return "base"


def _imports(path: pathlib.Path) -> list[tuple[int, str]]:
    """Every ``inspector`` module a file imports, wherever the import stands (in a function, or
    under ``TYPE_CHECKING``: a circle hidden there is still a circle)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "inspector":
                found += [(node.lineno, f"inspector.{a.name}") for a in node.names]
            elif node.module.startswith("inspector."):
                found += [(node.lineno, node.module)]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("inspector.")]
    return found


def test_every_wing_imports_only_the_wings_below_it() -> None:
    modules = sorted(PACKAGE.rglob("*.py"))
    wings_seen = {
        _wing(".".join(("inspector", *p.relative_to(PACKAGE).with_suffix("").parts)))
        for p in modules
    }
    assert wings_seen == set(WINGS), "a wing without arrows, or arrows for a wing that is gone"
    wrong = []
    for path in modules:
        name = ".".join(("inspector", *path.relative_to(PACKAGE).with_suffix("").parts))
        own = _wing(name)
        for line, target in _imports(path):
            if target in ("inspector._", "inspector.__version__"):
                continue
            wing = _wing(target)
            if wing not in WINGS[own] | {own, "base"}:
                wrong.append(
                    f"{path.relative_to(PACKAGE.parent)}:{line} ({own}) imports {target} ({wing})"
                )
    assert not wrong, "\n".join(wrong)


def test_the_base_and_the_store_stay_below_the_services() -> None:
    # The arrows themselves: a wing may not reach a wing that reaches it.
    for wing, below in WINGS.items():
        for other in below:
            assert wing not in WINGS[other], f"{wing} and {other} import each other"


def test_no_module_is_over_600_lines() -> None:
    # A module a person can hold in their head: past 600 lines it holds more than one thing.
    root = PACKAGE.parent
    long = [
        f"{path.relative_to(root)}: {n} lines"
        for folder in ("inspector", "ui", "tests", "bench", "tools")
        for path in sorted((root / folder).rglob("*.py"))
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 600
    ]
    assert not long, "\n".join(long)

# SPDX-License-Identifier: GPL-3.0-or-later
"""The first window: it lists the workspace's inspections and filters them as the user types."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from inspector import i18n
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def test_lists_and_filters_inspections(qtbot, demo) -> None:
    ws, made = demo
    i18n.set_language("vi")
    window = MainWindow(ws)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    page = window.list_page
    table = page.table
    assert table.model().rowCount() == 1
    assert table.model().index(0, 0).data() == "15/QĐ-BHXH"
    assert table.model().index(0, 2).data() == "05/03/2026"  # dd/mm/yyyy in Vietnamese
    assert table.model().index(0, 0).data(Qt.ItemDataRole.UserRole) == made.inspection_id

    window.windowHandle().requestActivate()  # shortcuts go to the active window only
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    qtbot.keyClicks(page.search, "no such unit")
    assert table.model().rowCount() == 0
    page.search.clear()
    qtbot.keyClicks(page.search, "15/Q")
    assert table.model().rowCount() == 1
    page.status.setCurrentIndex(page.status.findData("SIGNED"))
    assert table.model().rowCount() == 0
    page.status.setCurrentIndex(page.status.findData("ENDED"))
    assert table.model().rowCount() == 1
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Return)  # open it
    assert window.workbench is not None and window.workbench.inspection_id == made.inspection_id


def test_self_test_starts_the_real_app(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ui", "--home", str(tmp_path / "ws"), "gui", "--self-test"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "self-test: ok" in result.stdout


def test_self_test_checks_qt_handles_vietnamese_text(qapp) -> None:
    # what the laptop bundle's trimmed ICU data must still give Qt (tools/bundle_trim.py); here
    # the wheel's whole data does
    from ui.app import text_services_problems

    assert text_services_problems() == []


# What writes and reads papers (PDF, signatures, Word, Excel) loads when a paper is made or read,
# on the worker that makes it: together they take about a second to import, which the app's start
# and every command would otherwise wait for.
PAPER_LIBRARIES = ("pyhanko", "reportlab", "docx", "openpyxl", "pypdfium2", "fontTools", "aiohttp")


def _loaded_after(tmp_path: Path, *args: str) -> list[str]:
    code = (
        "import runpy, sys\n"
        "sys.argv = ['inspector', *sys.argv[1:]]\n"
        "try:\n"
        "    runpy.run_module('ui', run_name='__main__')\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        f"print(sorted(m for m in {PAPER_LIBRARIES!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout.strip().splitlines()[-1])


def test_the_app_and_a_command_start_without_the_paper_libraries(tmp_path: Path) -> None:
    home = str(tmp_path / "ws")
    assert _loaded_after(tmp_path, "--home", home, "gui", "--self-test") == []
    assert _loaded_after(tmp_path, "--home", home, "list") == []

# SPDX-License-Identifier: GPL-3.0-or-later
"""Evidence shows its caption under the thumbnail and its size in the reader's language; pasting
dossier rows that cannot be read says what the clipboard should hold, and adds nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from inspector.fieldwork import screens
from inspector.numbers import show_size
from inspector.store.workspace import Workspace
from tests.ui.helpers import activate, press, shortcut, type_text
from ui import language
from ui.main_window import SCREEN_KEY, MainWindow


def _window(qtbot, home: Path, tab: str) -> tuple[MainWindow, str]:
    ws = Workspace.open(home)
    iid = ws.db.execute("SELECT id FROM inspections").fetchone()[0]
    ws.set_setting(SCREEN_KEY, json.dumps({"inspection": iid, "tab": tab}))
    window = MainWindow(ws)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    activate(qtbot, window)
    return window, iid


def _close(qtbot, window: MainWindow) -> None:
    """Close the window, then its workspace once no field of the window holds the focus (a field
    saves when it loses the focus, which the next window's activation would do later)."""
    window.close()
    qtbot.wait(20)
    focused = window.focusWidget()
    if focused is not None:
        focused.clearFocus()
    window.workspace.close()


def _click(qtbot, grid, row: int) -> None:
    rect = grid.visualItemRect(grid.item(row))
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_typed_caption_shows_under_its_thumbnail(qtbot, demo) -> None:
    ws, _made = demo
    home = ws.home
    ws.close()
    window, iid = _window(qtbot, home, "evidence")
    tab = window.workbench.evidence
    grid = tab.grid
    assert grid.count() >= 2
    _click(qtbot, grid, 0)
    first = grid.item(0).data(Qt.ItemDataRole.UserRole)
    second_text = grid.item(1).text()
    tab.caption.selectAll()
    type_text(tab.caption, "Bảng niêm yết thủ tục")
    _click(qtbot, grid, 1)  # another thumbnail chosen before the typing paused
    assert grid.item(0).text() == "Bảng niêm yết thủ tục"
    assert grid.item(1).text() == second_text
    assert tab.caption.text() == (grid.item(1).data(Qt.ItemDataRole.UserRole)["caption"] or "")
    _click(qtbot, grid, 0)
    assert tab.caption.text() == "Bảng niêm yết thủ tục"
    saved = {r["id"]: r for r in screens.evidence(window.workspace, iid)}
    assert saved[first["id"]]["caption"] == "Bảng niêm yết thủ tục"
    _close(qtbot, window)


def test_undoing_a_caption_shows_the_old_one_under_its_thumbnail(qtbot, demo) -> None:
    ws, _made = demo
    home = ws.home
    ws.close()
    window, _iid = _window(qtbot, home, "evidence")
    grid = window.workbench.evidence.grid
    _click(qtbot, grid, 0)
    before = grid.item(0).text()
    caption = window.workbench.evidence.caption
    caption.selectAll()
    type_text(caption, "Ảnh mặt trước trụ sở")
    _click(qtbot, grid, 1)
    assert grid.item(0).text() == "Ảnh mặt trước trụ sở"
    shortcut(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert grid.item(0).text() == before
    shortcut(qtbot, window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert grid.item(0).text() == "Ảnh mặt trước trụ sở"
    tabs = window.workbench.tabs
    tabs.setCurrentWidget(window.workbench.dossiers)  # undone while another tab is shown
    tabs.currentWidget().setFocus()
    shortcut(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    tabs.setCurrentWidget(window.workbench.evidence)
    assert grid.item(0).text() == before
    _close(qtbot, window)


def test_the_size_of_evidence_is_written_in_the_readers_language(qtbot, demo) -> None:
    ws, _made = demo
    home = ws.home
    ws.close()
    language.apply("vi")
    window, _iid = _window(qtbot, home, "evidence")
    tab = window.workbench.evidence
    _click(qtbot, tab.grid, 0)
    size = tab.grid.item(0).data(Qt.ItemDataRole.UserRole)["size"]
    details = tab.details.text()
    assert f" · {show_size(size, 'vi')} · " in details
    assert re.search(r" · \d+(,\d)? KB · | · [\d.]+ byte · ", details)
    window.set_language("en")
    tab = window.workbench.evidence
    _click(qtbot, tab.grid, 0)
    assert f" · {show_size(size, 'en')} · " in tab.details.text()
    _close(qtbot, window)


def _paste(qtbot, window: MainWindow, text: str) -> None:
    QApplication.clipboard().setText(text)
    table = window.workbench.dossiers.table
    table.setFocus()
    press(table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_pasting_nothing_says_what_the_clipboard_should_hold(qtbot, demo, shown_errors) -> None:
    ws, _made = demo
    home = ws.home
    ws.close()
    language.apply("vi")
    window, iid = _window(qtbot, home, "dossiers")
    before = screens.step_rows(window.workspace, iid)
    rows = window.workbench.dossiers.table.rowCount()

    _paste(qtbot, window, "")
    assert len(shown_errors) == 1
    message = str(shown_errors.pop())
    assert message.startswith("Bộ nhớ tạm không có dòng nào để dán.")
    assert "7 cột" in message and "dd/mm/yyyy" in message and "bảng tính" in message

    _paste(qtbot, window, "Số hồ sơ\tThủ tục\nHS.9\tThai sản\tThẩm định\t02/03/2026")
    assert len(shown_errors) == 1
    message = str(shown_errors.pop())
    assert message.startswith("Dòng 2:") and "7 cột" in message

    assert screens.step_rows(window.workspace, iid) == before
    assert window.workbench.dossiers.table.rowCount() == rows
    _close(qtbot, window)

# SPDX-License-Identifier: GPL-3.0-or-later
"""A finding recorded before findings had to name their area is put under one; that move cannot
be undone (no finding may go back to no area), so no undo step is offered for it and Ctrl+Z goes
on undoing what came before, with no error."""

from __future__ import annotations

from PySide6.QtCore import Qt

from inspector.fieldwork import screens
from tests.ui.helpers import open_window, press, shortcut, type_text


def test_putting_an_old_finding_under_an_area_leaves_the_undo_stack_sound(qtbot, demo) -> None:
    ws, made = demo
    fid = screens.findings(ws, made.inspection_id)[0]["id"]
    with ws.transaction() as db:  # as an older version stored it
        db["findings"].update(fid, {"area_code": None, "item_id": None})
    window = open_window(qtbot, ws)
    window.open_inspection(made.inspection_id)
    tab = window.workbench.findings
    window.workbench.tabs.setCurrentWidget(tab)
    assert tab.select(fid)
    tab.title.setFocus()
    tab.title.selectAll()
    type_text(tab.title, "Niêm yết chưa đủ")
    tab.flush()  # an undoable edit before the move
    steps = window.undo_stack.count()
    assert tab.area.currentData() is None  # shown as "(no area)"
    tab.area.setFocus()
    press(tab.area, Qt.Key.Key_Home)  # the first area in scope
    area = tab.area.currentData()
    assert area is not None and screens.finding(ws, fid)["area_code"] == area
    assert window.undo_stack.count() == steps  # nothing to undo the move with
    shortcut(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert screens.finding(ws, fid)["area_code"] == area  # still under its area
    assert screens.finding(ws, fid)["title"] != "Niêm yết chưa đủ"  # the edit undone

# SPDX-License-Identifier: GPL-3.0-or-later
"""The Check menu offers only what the open check allows: nothing that changes a sealed check."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from inspector.fieldwork import screens
from inspector.store import records
from inspector.store.workspace import Workspace
from tests.conftest import new_small_check
from tests.ui.helpers import activate, in_modal, press, shortcut
from ui.main_window import MainWindow


def test_the_menu_follows_the_check(qtbot, tmp_path: Path) -> None:
    home = tmp_path / "ws"
    iid = new_small_check(home)
    window = MainWindow(Workspace.open(home))
    qtbot.addWidget(window)
    window.show()
    activate(qtbot, window)
    assert not any(a.isEnabled() for a in window.writing_actions)  # the list: no check open
    window.open_inspection(iid)
    assert window.arrive_action.isEnabled() and not window.end_action.isEnabled()
    assert all(a.isEnabled() for a in window.writing_actions)
    assert window.workbench is not None
    in_modal(lambda dialog: press(dialog, Qt.Key.Key_Escape))  # the decision shown on arrival
    qtbot.mouseClick(window.workbench.arrive_button, Qt.MouseButton.LeftButton)
    assert not window.arrive_action.isEnabled() and window.end_action.isEnabled()

    with window.workspace.transaction() as db:  # sealing itself comes with the signed minutes
        records.update(db, window.workspace.actor, "inspections", iid, {"status": "SIGNED"})
    window.workbench.refresh()
    assert not window.arrive_action.isEnabled() and not window.end_action.isEnabled()
    assert not any(a.isEnabled() for a in window.writing_actions)
    before = len(screens.findings(window.workspace, iid))
    shortcut(
        qtbot,
        window,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert len(screens.findings(window.workspace, iid)) == before  # nothing made, nothing refused
    window.close()
    window.workspace.close()

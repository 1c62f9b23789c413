# SPDX-License-Identifier: GPL-3.0-or-later
"""Nothing typed is lost: closing mid-typing saves the text; a crash keeps it as a draft that the
next start applies. Undo reverts the last edits, through the services. The language switches live."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from inspector import i18n
from inspector.fieldwork import drafts, screens
from inspector.store.workspace import Workspace
from tests.ui.helpers import activate, shortcut, type_text
from ui.main_window import SCREEN_KEY, MainWindow


def _window(qtbot, home: Path, screen: dict | None = None) -> MainWindow:
    ws = Workspace.open(home)
    if screen is not None:
        ws.set_setting(SCREEN_KEY, json.dumps(screen))
    window = MainWindow(ws)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    activate(qtbot, window)
    return window


def _first_finding(home: Path) -> tuple[str, str]:
    with Workspace.open(home) as ws:
        iid = ws.db.execute("SELECT id FROM inspections").fetchone()[0]
        return iid, screens.findings(ws, iid)[0]["id"]


def test_closing_in_the_middle_of_typing_saves_the_text(qtbot, demo, tmp_path: Path) -> None:
    ws, _made = demo
    home = ws.home
    ws.close()
    iid, fid = _first_finding(home)
    window = _window(qtbot, home, {"inspection": iid, "tab": "findings", "finding": fid})
    ft = window.workbench.findings
    assert ft.current_id() == fid
    ft.description.moveCursor(ft.description.textCursor().MoveOperation.End)
    type_text(ft.description, " Bổ sung: đã lập biên bản làm việc")
    window.close()  # before the typing pause: the close saves it
    window.workspace.close()
    with Workspace.open(home) as again:
        text = screens.finding(again, fid)["description"]
        assert text.endswith(" Bổ sung: đã lập biên bản làm việc")
        assert drafts.pending(again) == []


def test_a_crash_mid_typing_keeps_every_keystroke(qtbot, demo) -> None:
    ws, _made = demo
    home = ws.home
    ws.close()
    iid, fid = _first_finding(home)
    window = _window(qtbot, home, {"inspection": iid, "tab": "findings", "finding": fid})
    ft = window.workbench.findings
    ft.title.selectAll()
    type_text(ft.title, "Vắng mặt không lý do")
    # The process dies here: no close, no pause. Each keystroke is already a durable draft.
    with Workspace.open(home) as other:
        assert [d["value"] for d in drafts.pending(other)] == ["Vắng mặt không lý do"]
    window.workbench.findings.title_binding.record_id = None  # the dead process saves nothing more
    window.close()
    window.workspace.close()
    restarted = _window(qtbot, home)  # the next start applies the draft
    assert screens.finding(restarted.workspace, fid)["title"] == "Vắng mặt không lý do"
    restarted.close()
    restarted.workspace.close()


def test_undo_and_redo_of_edits(qtbot, demo) -> None:
    ws, _made = demo
    home = ws.home
    ws.close()
    iid, fid = _first_finding(home)
    window = _window(qtbot, home, {"inspection": iid, "tab": "findings", "finding": fid})
    ft = window.workbench.findings
    before = screens.finding(window.workspace, fid)["severity"]
    ft.severity.setFocus()
    qtbot.keyClick(ft.severity, Qt.Key.Key_Down)
    after = screens.finding(window.workspace, fid)["severity"]
    assert after != before
    shortcut(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert screens.finding(window.workspace, fid)["severity"] == before
    shortcut(qtbot, window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert screens.finding(window.workspace, fid)["severity"] == after
    # a roll-call mark, undone
    shortcut(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    rc = window.workbench.roll_call
    rc.table.setFocus()
    rc.table.selectRow(0)
    first = rc.model.rows[0]
    qtbot.keyClick(rc.table, Qt.Key.Key_6)
    assert screens.roll_call(window.workspace, iid)[0]["status"] == "BUSINESS_TRIP"
    shortcut(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert screens.roll_call(window.workspace, iid)[0]["status"] == first["status"]
    window.close()
    window.workspace.close()


def test_language_switches_live_and_keeps_the_screen(qtbot, demo) -> None:
    ws, _made = demo
    home = ws.home
    ws.close()
    i18n.set_language("en")
    iid, fid = _first_finding(home)
    window = _window(qtbot, home, {"inspection": iid, "tab": "checklist", "area": "B"})
    assert window.workbench.tabs.tabText(2).startswith("Checklist")
    window.set_language("vi")
    assert window.workbench.tabs.tabText(2).startswith("Phiếu kiểm tra")
    assert window.workbench.tabs.currentWidget() is window.workbench.checklist
    assert window.workbench.checklist.current_area() == "B"
    assert window.workspace.setting("ui.language") == "vi"
    assert "/" in window.workbench.state.text()  # dates dd/mm/yyyy
    assert QApplication.activeWindow() is window
    window.close()
    window.workspace.close()


def test_qt_texts_follow_the_language(qtbot, tmp_path: Path) -> None:
    from PySide6.QtCore import QCoreApplication

    from ui import language

    language.apply("vi")
    assert QCoreApplication.translate("QLineEdit", "Select All") == "Chọn tất cả"
    language.apply("en")
    assert QCoreApplication.translate("QLineEdit", "Select All") == "Select All"


def test_qt_catalogue_is_compiled_from_its_source(tmp_path: Path) -> None:
    import subprocess
    import sys

    from inspector.resources import resource_path

    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    out = tmp_path / "qt_vi.qm"
    subprocess.run(
        [str(lrelease), str(resource_path("locale", "qt_vi.ts")), "-qm", str(out)],
        check=True,
        capture_output=True,
    )
    assert out.read_bytes() == resource_path("locale", "qt_vi.qm").read_bytes()


def test_shortcuts_and_undo_survive_a_language_switch(qtbot, demo, shown_errors) -> None:
    ws, _made = demo
    home = ws.home
    ws.close()
    iid, fid = _first_finding(home)
    window = _window(qtbot, home, {"inspection": iid, "tab": "findings", "finding": fid})
    ft = window.workbench.findings
    ft.severity.setFocus()
    qtbot.keyClick(ft.severity, Qt.Key.Key_Down)
    count = len(window.actions())
    window.set_language("vi")
    window.set_language("en")
    assert len(window.actions()) == count  # no duplicated (ambiguous) shortcuts
    assert window.undo_stack.count() == 0  # commands of the replaced pages are gone
    shortcut(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # nothing to undo
    shortcut(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert window.workbench.tabs.currentWidget() is window.workbench.roll_call
    assert shown_errors == []
    window.close()
    window.workspace.close()


def test_the_wheel_passing_over_the_severity_changes_nothing(qtbot, demo) -> None:
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent

    ws, _made = demo
    home = ws.home
    ws.close()
    iid, fid = _first_finding(home)
    window = _window(qtbot, home, {"inspection": iid, "tab": "findings", "finding": fid})
    ft = window.workbench.findings
    ft.title.setFocus()
    before = screens.finding(window.workspace, fid)["severity"]
    wheel = QWheelEvent(
        QPointF(5, 5),
        QPointF(5, 5),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(ft.severity, wheel)
    assert screens.finding(window.workspace, fid)["severity"] == before
    window.close()
    window.workspace.close()


def test_a_caption_being_typed_survives_a_refresh(qtbot, demo) -> None:
    ws, _made = demo
    home = ws.home
    ws.close()
    with Workspace.open(home) as w:
        iid = w.db.execute("SELECT id FROM inspections").fetchone()[0]
    window = _window(qtbot, home, {"inspection": iid, "tab": "evidence"})
    tab = window.workbench.evidence
    tab.grid.setCurrentRow(0)
    eid = tab.grid.currentItem().data(Qt.ItemDataRole.UserRole)["id"]
    tab.caption.selectAll()
    type_text(tab.caption, "Ảnh chụp bảng niêm yết")
    tab.refresh()
    assert tab.caption.text() == "Ảnh chụp bảng niêm yết"
    rows = {r["id"]: r for r in screens.evidence(window.workspace, iid)}
    assert rows[eid]["caption"] == "Ảnh chụp bảng niêm yết"
    window.close()
    window.workspace.close()


def test_text_that_cannot_be_recovered_is_kept_in_a_file(qtbot, demo, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    ws, _made = demo
    iid, fid = _first_finding(ws.home)
    drafts.keep(ws, "findings", fid, "title", "   ")  # a title that cannot be saved
    home = ws.home
    ws.close()
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    window = _window(qtbot, home)
    files = list(home.glob("recovered-text-*.txt"))
    assert len(files) == 1 and told and str(files[0]) in told[0]
    assert drafts.pending(window.workspace) == []
    window.close()
    window.workspace.close()

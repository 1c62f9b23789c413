# SPDX-License-Identifier: GPL-3.0-or-later
"""The whole on-site flow, driven through the real widgets as an inspector would, in English and in
Vietnamese: create a check, arrive, roll-call 15 people, answer items in 3 areas, record 3 findings
with evidence, responsibility and recommendations, trace 5 dossiers of which one is late; close the
window; a new window on the same workspace shows all of it."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit

from inspector import i18n
from inspector.fieldwork import roll_call, screens
from tests.ui.helpers import (
    drop_files,
    in_modal,
    open_window,
    press,
    shortcut,
    type_text,
)
from ui.dialogs.new_check import NewCheckDialog
from ui.main_window import MainWindow

STAFF = [
    "Đặng Quốc Toản",
    "Bùi Thị Hồng Nhung",
    "Hoàng Văn Tú",
    "Ngô Thị Thu Hà",
    "Phan Minh Đức",
    "Võ Thị Lan Anh",
    "Đỗ Văn Khánh",
    "Lương Thị Ngọc Ánh",
    "Trịnh Xuân Bách",
    "Hồ Thị Diệu Linh",
    "Chu Văn Lực",
    "Tạ Thị Hương Giang",
    "Lê Đình Nghĩa",
    "Nguyễn Thị Yến",
    "Kiều Văn Sơn",
]
# Keys for the 15 marks: 1 present, 2 late, 3 absent with reason, 4 without, 5 leave, 6 trip.
MARKS = "111112134111561"


def close_window(window: MainWindow) -> None:
    window.close()
    window.workspace.close()


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_whole_check_through_the_screens(qtbot, tmp_path: Path, lang: str) -> None:
    i18n.set_language(lang)
    home = tmp_path / "ws"
    window = open_window(qtbot, home)

    # A new check, typed into the dialog opened with Ctrl+N.
    def fill(dialog: NewCheckDialog) -> None:
        type_text(dialog.number, "15/QĐ-BHXH")
        type_text(dialog.signer, "Phạm Đức Thắng")
        type_text(dialog.signer_title, "Giám đốc")
        type_text(dialog.unit.lineEdit(), "Bảo hiểm xã hội cơ sở Diễn Châu")
        for row, name in zip(
            dialog.team_rows, ["Nguyễn Văn Hùng", "Trần Thị Mai", "Lê Quang Minh"], strict=True
        ):
            type_text(row.name, name)
        box = dialog.findChild(QDialogButtonBox)
        qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    in_modal(fill)
    press(window.list_page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.workbench is not None)
    wb = window.workbench
    iid = wb.inspection_id

    # Arrive: the decision is shown for announcing; close it with Escape.
    in_modal(lambda dialog: press(dialog, Qt.Key.Key_Escape))
    qtbot.mouseClick(wb.arrive_button, Qt.MouseButton.LeftButton)
    assert screens.header(window.workspace, iid)["arrived_at"]
    assert wb.tabs.currentWidget() is wb.roll_call

    # Roll call: add the 15 staff on the spot, then one key per person.
    rc = wb.roll_call
    for name in STAFF:
        type_text(rc.new_name, name + "; Viên chức")
        press(rc.new_name, Qt.Key.Key_Return)
    assert rc.model.rowCount() == 15
    rc.table.setFocus()
    rc.table.selectRow(0)
    for key in MARKS:
        if key == "3":  # absent with reason: pick the reason in the list that opens
            in_modal(lambda dialog: press(dialog, Qt.Key.Key_Return))
        press(rc.table, getattr(Qt.Key, f"Key_{key}"))
    counts = roll_call.attendance_counts(window.workspace, iid)
    assert counts == {
        "PRESENT": 10,
        "LATE": 1,
        "ABSENT_WITH_REASON": 1,
        "ABSENT_WITHOUT_REASON": 1,
        "ON_LEAVE": 1,
        "BUSINESS_TRIP": 1,
    }
    assert rc.counts.text().count(":") == 7

    # Checklist: answer items in areas A, B and F with keys; 2 = does not comply (opens a finding).
    shortcut(qtbot, window, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    cl = wb.checklist
    assert wb.tabs.currentWidget() is cl
    for area, keys in (("A", "1211"), ("B", "112"), ("F", "3121")):
        assert cl.select_area(area)
        cl.items.setFocus()
        cl.items.setCurrentRow(0)
        for key in keys:
            press(cl.items, getattr(Qt.Key, f"Key_{key}"))
    progress = {
        a.code: (a.answered, a.failed) for a in screens.area_progress(window.workspace, iid)
    }
    assert progress["A"] == (4, 1) and progress["B"] == (3, 1) and progress["F"] == (4, 1)

    # Findings: the three opened by non-compliance, each described, with responsibility,
    # a recommendation and a dropped evidence file.
    shortcut(qtbot, window, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    ft = wb.findings
    assert ft.list.count() == 3
    for n in range(3):
        ft.list.setCurrentRow(n)
        type_text(ft.description, f"Mô tả chi tiết số {n + 1}: vi phạm được ghi nhận tại chỗ.")
        ft.severity.setFocus()
        press(ft.severity, Qt.Key.Key_Down)  # one step more serious
        ft.who.setCurrentIndex(n + 1)  # a person of the unit
        qtbot.mouseClick(ft.add_resp_button, Qt.MouseButton.LeftButton)
        type_text(ft.rec_text, "Chấn chỉnh, rút kinh nghiệm")
        type_text(ft.rec_deadline, (date.today() + timedelta(days=30)).strftime("%d/%m/%Y"))
        press(ft.rec_text, Qt.Key.Key_Return)
        photo = tmp_path / f"ảnh-{n}.png"
        photo.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes([n]) * 64)
        drop_files(ft, [photo])
        qtbot.waitUntil(lambda: ft.evidence.count() == 1, timeout=5000)
    found = screens.findings(window.workspace, iid)
    assert [(f["responsibilities"], f["recommendations"], f["evidence"]) for f in found] == [
        (1, 1, 1)
    ] * 3
    assert all(
        screens.finding(window.workspace, f["id"])["description"].startswith("Mô tả") for f in found
    )

    # Dossiers: five pasted from a spreadsheet, then one made late by typing its done date.
    shortcut(qtbot, window, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    dt = wb.dossiers
    rows = "\n".join(
        f"HS.{n}\tThai sản\tThẩm định\t{STAFF[2]}\t02/03/2026\t04/03/2026\t04/03/2026"
        for n in range(5)
    )
    QApplication.clipboard().setText(rows)
    dt.table.setFocus()
    press(dt.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert dt.table.rowCount() == 5
    dt.table.setCurrentCell(4, 6)
    qtbot.keyClick(dt.table, Qt.Key.Key_F2)
    assert dt.table.state() == dt.table.State.EditingState
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "09/03/2026")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dt.table.state() != dt.table.State.EditingState)  # commits queued
    steps = screens.step_rows(window.workspace, iid)
    assert [s["late_days"] for s in steps] == [0, 0, 0, 0, 3]
    assert steps[4]["delaying"] and dt.table.item(4, 7).text() == "3"

    close_window(window)

    # A new window on the same workspace: the same screen, and everything there.
    again = open_window(qtbot, home)
    assert again.workbench is not None and again.workbench.inspection_id == iid
    assert again.workbench.tabs.currentWidget() is again.workbench.dossiers
    wb2 = again.workbench
    assert wb2.roll_call.model.rowCount() == 15
    assert "10" in wb2.roll_call.counts.text()
    assert wb2.findings.list.count() == 3
    assert wb2.dossiers.table.rowCount() == 5
    assert wb2.evidence.grid.count() == 3
    detail = screens.finding(again.workspace, screens.findings(again.workspace, iid)[0]["id"])
    assert detail["responsibilities"] and detail["recommendations"]
    close_window(again)

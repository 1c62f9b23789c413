# SPDX-License-Identifier: GPL-3.0-or-later
"""A finding made from scratch (Ctrl+Shift+N) goes under an area chosen on screen, with its
description, responsibility and a recommendation that does not start as praise; the Minutes tab
lists what the minutes still lack, and a click on an entry goes where it is entered."""

from __future__ import annotations

from PySide6.QtCore import Qt

from inspector.fieldwork import findings, screens, units
from inspector.minutes import content as minutes_content
from inspector.store import records
from inspector.vocabulary import RecommendationType
from tests.ui.helpers import activate, press, shortcut, type_text
from ui.main_window import MainWindow

DESCRIPTION = "Sổ tiếp công dân không ghi kết quả xử lý của 04 lượt tiếp trong tháng 02/2026."


def test_a_finding_from_scratch_reaches_the_minutes_and_the_gaps_are_listed(
    qtbot, demo, shown_errors
) -> None:
    ws, made = demo
    iid = made.inspection_id
    mai, minh = made.people["Trần Thị Mai"], made.people["Lê Quang Minh"]
    units.update_person(ws, mai, position=None)  # gaps the minutes would print as "……", "Ông/Bà"
    units.update_person(ws, minh, gender=None)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    window.open_inspection(iid)
    activate(qtbot, window)
    wb = window.workbench

    # on the checklist, area C is current: a new finding starts under it
    shortcut(qtbot, window, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert wb.checklist.select_area("C")
    before = len(screens.findings(ws, iid))
    shortcut(
        qtbot,
        window,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    ft = wb.findings
    assert wb.tabs.currentWidget() is ft
    assert len(screens.findings(ws, iid)) == before + 1
    fid = ft.current_id()
    assert ft.area.currentData() == "C" and ft.item.currentData() is None

    # the finding belongs to area D: chosen with the keyboard, then undone and chosen again
    ft.area.setFocus()
    press(ft.area, Qt.Key.Key_Down)
    assert records.get(ws.db, "findings", fid)["area_code"] == "D"
    window.ctx.undo.undo()
    assert records.get(ws.db, "findings", fid)["area_code"] == "C"
    assert ft.area.currentData() == "C"
    ft.area.setFocus()
    press(ft.area, Qt.Key.Key_Down)
    assert ft.area.currentData() == "D"
    assert records.get(ws.db, "findings", fid)["area_code"] == "D"

    # title and description typed in Vietnamese, a responsibility and a recommendation added
    ft.title.setFocus()
    press(ft.title, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # the placeholder title
    type_text(ft.title, "Sổ tiếp công dân ghi thiếu kết quả xử lý")
    type_text(ft.description, DESCRIPTION)
    ft.who.setCurrentIndex(ft.who.findText("Tạ Thị Hương Giang", Qt.MatchFlag.MatchStartsWith))
    qtbot.mouseClick(ft.add_resp_button, Qt.MouseButton.LeftButton)
    assert ft.rec_type.currentData() == RecommendationType.LESSONS  # a shortcoming: not praise
    type_text(ft.rec_text, "Ghi đầy đủ kết quả xử lý vào sổ tiếp công dân")
    press(ft.rec_text, Qt.Key.Key_Return)
    ft.flush()
    d = screens.finding(ws, fid)
    assert d["description"] == DESCRIPTION and d["title"].startswith("Sổ tiếp công dân")
    assert [r["name"] for r in d["responsibilities"]] == ["Tạ Thị Hương Giang"]
    assert [c["type"] for c in d["recommendations"]] == [findings.default_recommendation_type("2")]

    # the minutes print it under area D, with its description and responsibility
    lines = next(ls for h, ls in minutes_content.build(ws, iid).sections if h.startswith("III."))
    assert f"- Sổ tiếp công dân ghi thiếu kết quả xử lý: {DESCRIPTION}" in lines
    assert "Trách nhiệm trực tiếp: Bà Tạ Thị Hương Giang, Văn thư." in lines

    # the Minutes tab lists what is missing; a click goes to where it is entered
    shortcut(qtbot, window, Qt.Key.Key_7, Qt.KeyboardModifier.AltModifier)
    mt = wb.minutes
    assert wb.tabs.currentWidget() is mt and mt.missing_box.isVisible()
    entries = [mt.missing_list.item(n).text() for n in range(mt.missing_list.count())]
    basis = "căn cứ pháp lý của phát hiện “Sổ tiếp công dân ghi thiếu kết quả xử lý”"
    assert entries == [
        "số biên bản (nhập khi ký)",
        "chức vụ của Trần Thị Mai",
        "giới tính của Lê Quang Minh",
        basis,  # made from scratch: no item gave it one, and the minutes print it
    ]
    # signing is refused at once, naming what is missing
    qtbot.mouseClick(mt.sign_button, Qt.MouseButton.LeftButton)
    assert len(shown_errors) == 1
    message = str(shown_errors.pop())
    assert "chức vụ của Trần Thị Mai" in message and "giới tính của Lê Quang Minh" in message
    entry = mt.missing_list.item(1)
    qtbot.mouseClick(
        mt.missing_list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=mt.missing_list.visualItemRect(entry).center(),
    )
    assert wb.tabs.currentWidget() is wb.decision
    position = wb.decision.member_position
    assert position.hasFocus()  # Mai's position, where the cursor now is

    # typed there, the list is shorter
    type_text(position, "Chuyên viên Phòng Kiểm tra")
    shortcut(qtbot, window, Qt.Key.Key_7, Qt.KeyboardModifier.AltModifier)
    assert records.get(ws.db, "people", mai)["position"] == "Chuyên viên Phòng Kiểm tra"
    assert [mt.missing_list.item(n).text() for n in range(mt.missing_list.count())] == [
        "số biên bản (nhập khi ký)",
        "giới tính của Lê Quang Minh",
        basis,
    ]

    # the legal basis: a click goes to the finding, the cursor in its legal basis
    entry = mt.missing_list.item(2)
    qtbot.mouseClick(
        mt.missing_list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=mt.missing_list.visualItemRect(entry).center(),
    )
    assert wb.tabs.currentWidget() is ft and ft.current_id() == fid
    assert ft.basis.hasFocus()
    type_text(ft.basis, "Nghị định số 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ")
    shortcut(qtbot, window, Qt.Key.Key_7, Qt.KeyboardModifier.AltModifier)
    assert [mt.missing_list.item(n).text() for n in range(mt.missing_list.count())] == [
        "số biên bản (nhập khi ký)",
        "giới tính của Lê Quang Minh",
    ]
    lines = next(ls for h, ls in minutes_content.build(ws, iid).sections if h.startswith("III."))
    assert any(
        line.startswith("- Sổ tiếp công dân ghi thiếu kết quả xử lý:")
        and line.endswith(
            "Chưa thực hiện đúng quy định tại Nghị định số 118/2025/NĐ-CP ngày"
            " 09/6/2025 của Chính phủ."
        )
        for line in lines
    )
    window.close()

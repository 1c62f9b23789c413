# SPDX-License-Identifier: GPL-3.0-or-later
"""Everything entered can be corrected through the screens: from an empty workspace, a check made
in the new-check dialog (positions, genders, the unit's superior body, address and place name),
then the decision number, a member's position, the unit's address, a staff member's details, a
roll-call note and a late arrival's time corrected; Ctrl+Z undoes a correction; the minutes show
the corrected values."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from inspector import i18n, timefmt
from inspector.fieldwork import screens, units
from inspector.minutes import content as minutes_content
from inspector.store import records
from inspector.store.workspace import Workspace
from inspector.timefmt import VIETNAM
from inspector.vocabulary import ReasonCode
from tests.conftest import new_small_check
from tests.ui.helpers import (
    activate,
    edit_cell,
    in_modal,
    ok,
    open_window,
    press,
    replace_text,
    shortcut,
    type_text,
)
from ui.dialogs.new_check import NewCheckDialog
from ui.workbench.roll_call_tab import RollCallModel, StaffDialog, reason_text


def test_a_check_is_made_and_corrected_through_the_screens(
    qtbot, tmp_path: Path, shown_errors: list[BaseException]
) -> None:
    i18n.set_language("vi")
    window = open_window(qtbot, tmp_path / "ws")
    ws = window.workspace
    seen: dict[str, object] = {}

    def fill(dialog: NewCheckDialog) -> None:
        activate(qtbot, dialog)
        seen["date"] = dialog.signed_on.day()
        type_text(dialog.number, "15/QĐ-BHXH")
        dialog.signed_on.setFocus()
        assert dialog.signed_on.hasFocus()
        press(dialog.signed_on, Qt.Key.Key_Tab)  # Tab leaves the date for the next field
        seen["after_date"] = QApplication.focusWidget()
        type_text(dialog.signer, "Phạm Đức Thắng")
        type_text(dialog.signer_title, "Giám đốc Bảo hiểm xã hội tỉnh")
        type_text(dialog.purpose, "Kiểm tra việc chấp hành kỷ luật, kỷ cương hành chính")
        type_text(dialog.unit.lineEdit(), "Bảo hiểm xã hội cơ sở Diễn Châu")
        type_text(dialog.superior, "Bảo hiểm xã hội tỉnh Nghệ An")
        type_text(dialog.address, "Khối 2, thị trấn Diễn Châu")
        type_text(dialog.place_name, "Diễn Châu")
        leader, member, secretary = dialog.team_rows
        type_text(leader.name, "Lê Minh Tuấn")
        type_text(leader.position, "Thanh tra viên")
        press(leader.gender, Qt.Key.Key_Down)  # Nam
        type_text(member.name, "Trần Thị Mai")
        type_text(member.position, "Thanh tra viên chính")
        press(member.gender, Qt.Key.Key_Down)
        press(member.gender, Qt.Key.Key_Down)  # Nữ
        type_text(secretary.name, "Ngô Văn Bình")
        type_text(secretary.position, "Chuyên viên")
        press(secretary.gender, Qt.Key.Key_Down)
        ok(qtbot, dialog)

    in_modal(fill)
    press(window.list_page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.workbench is not None)
    assert seen["date"] == datetime.now(VIETNAM).date()
    assert seen["after_date"] is not None and seen["after_date"].accessibleName() == (
        "Người ký quyết định"
    )
    wb = window.workbench
    iid = wb.inspection_id
    head = screens.header(ws, iid)
    assert (head["superior_for_header"], head["unit_address"], head["place_name"]) == (
        "Bảo hiểm xã hội tỉnh Nghệ An",
        "Khối 2, thị trấn Diễn Châu",
        "Diễn Châu",
    )
    assert head["purpose"] == "Kiểm tra việc chấp hành kỷ luật, kỷ cương hành chính"
    assert [(m["position"], m["gender"]) for m in screens.team(ws, iid)] == [
        ("Thanh tra viên", "MALE"),
        ("Thanh tra viên chính", "FEMALE"),
        ("Chuyên viên", "MALE"),
    ]

    # The Decision tab: the number, a member's position and the unit's address, typed over.
    in_modal(lambda dialog: press(dialog, Qt.Key.Key_Escape))
    qtbot.mouseClick(wb.arrive_button, Qt.MouseButton.LeftButton)
    shortcut(qtbot, window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    dt = wb.decision
    assert wb.tabs.currentWidget() is dt
    assert dt.place_line.text().startswith("Diễn Châu, ngày ")
    replace_text(dt.number, "16/QĐ-BHXH")
    qtbot.waitUntil(lambda: screens.header(ws, iid)["number_symbol"] == "16/QĐ-BHXH")
    assert "16/QĐ-BHXH" in wb.title.text()
    dt.team.setCurrentCell(0, 0)
    replace_text(dt.member_position, "Chánh Thanh tra")
    qtbot.waitUntil(lambda: screens.team(ws, iid)[0]["position"] == "Chánh Thanh tra")
    assert dt.team.item(0, 1).text() == "Chánh Thanh tra"
    dt.team.setCurrentCell(2, 0)
    dt.member_role.setFocus()
    press(dt.member_role, Qt.Key.Key_Up)  # Thư ký → Thành viên
    assert screens.team(ws, iid)[2]["role"] == "MEMBER"
    # The decision date: a day changed with an arrow key, saved when the field is left.
    signed = screens.header(ws, iid)["signed_on"]
    activate(qtbot, window)
    dt.signed_on.setFocus()
    # (the day section steps within its month: down, unless that is the 1st)
    press(dt.signed_on, Qt.Key.Key_Down if dt.signed_on.day().day > 1 else Qt.Key.Key_Up)
    press(dt.signed_on, Qt.Key.Key_Tab)
    assert not dt.signed_on.hasFocus()
    assert screens.header(ws, iid)["signed_on"] == dt.signed_on.day().isoformat() != signed
    dt.team.setFocus()
    shortcut(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert screens.header(ws, iid)["signed_on"] == signed == dt.signed_on.day().isoformat()

    # A member added on the spot, then taken off the team again.
    type_text(dt.new_member, "Đặng Văn Hải")
    type_text(dt.new_position, "Thanh tra viên")
    press(dt.new_position, Qt.Key.Key_Return)
    assert [m["full_name"] for m in screens.team(ws, iid)][-1] == "Đặng Văn Hải"
    assert dt.team.rowCount() == 4 and dt.member_name.text() == "Đặng Văn Hải"
    in_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    qtbot.mouseClick(dt.remove_button, Qt.MouseButton.LeftButton)
    assert len(screens.team(ws, iid)) == 3 and dt.team.rowCount() == 3
    replace_text(dt.address, "Số 5, khối 2, thị trấn Diễn Châu")
    qtbot.waitUntil(lambda: screens.header(ws, iid)["unit_address"].startswith("Số 5"))

    # Ctrl+Z undoes the last correction, and Ctrl+Y makes it again (in a text field, Ctrl+Z is
    # the field's own undo of the typing: the user leaves the field first).
    dt.team.setFocus()
    shortcut(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert screens.header(ws, iid)["unit_address"] == "Khối 2, thị trấn Diễn Châu"
    assert dt.address.text() == "Khối 2, thị trấn Diễn Châu"
    shortcut(qtbot, window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert screens.header(ws, iid)["unit_address"] == "Số 5, khối 2, thị trấn Diễn Châu"

    # The unit's working hours, typed as people write them; hours out of order are refused.
    activate(qtbot, window)
    for key, typed in zip(units.HOURS, ("7h30", "11:30", "13 giờ 30", "17h"), strict=True):
        replace_text(dt.hours[key], typed)
    dt.team.setFocus()  # leaving a field saves it
    qtbot.waitUntil(lambda: screens.header(ws, iid)["pm_end"] == "17:00")
    assert [screens.header(ws, iid)[key] for key in units.HOURS] == [
        "07:30",
        "11:30",
        "13:30",
        "17:00",
    ]
    replace_text(dt.hours["pm_end"], "13h")  # before the afternoon starts
    dt.team.setFocus()
    assert len(shown_errors) == 1
    assert "Buổi chiều kết thúc (13:00)" in shown_errors.pop().message("vi")
    assert screens.header(ws, iid)["pm_end"] == "17:00"
    replace_text(dt.hours["pm_end"], "17h")
    dt.team.setFocus()
    # its winter hours, from 1 November to 31 March, typed day first
    winter = dict(
        zip(
            (*units.WINTER_SEASON, *units.WINTER_HOURS),
            ("1/11", "31/3", "7h30", "11h30", "13h", "16h30"),
            strict=True,
        )
    )
    for key, typed in winter.items():
        replace_text(dt.hours[key], typed)
    dt.team.setFocus()
    qtbot.waitUntil(lambda: screens.header(ws, iid)["winter_pm_end"] == "16:30")
    head = screens.header(ws, iid)
    assert [head[key] for key in winter] == ["11-01", "03-31", "07:30", "11:30", "13:00", "16:30"]
    dt.refresh()
    assert (dt.hours["winter_from"].text(), dt.hours["winter_to"].text()) == ("01/11", "31/03")

    # The roll call: a staff member added with position and gender, then corrected.
    shortcut(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    rc = wb.roll_call
    for name, position in (("Hoàng Văn Tú", "Viên chức"), ("Ngô Thị Thu Hà", "Kế toán")):
        type_text(rc.new_name, name)
        type_text(rc.new_position, position)
        press(rc.new_gender, Qt.Key.Key_Down)
        press(rc.new_position, Qt.Key.Key_Return)
    staff = screens.roll_call(ws, iid)
    assert [(r["full_name"], r["position"], r["gender"]) for r in staff] == [
        ("Hoàng Văn Tú", "Viên chức", "MALE"),
        ("Ngô Thị Thu Hà", "Kế toán", "MALE"),
    ]

    def fix_details(dialog: StaffDialog) -> None:
        activate(qtbot, dialog)
        dialog.name.selectAll()
        press(dialog.name, Qt.Key.Key_Backspace)
        ok(qtbot, dialog)  # no name: refused, and the dialog stays open
        assert dialog.isVisible() and len(shown_errors) == 1
        shown_errors.clear()
        type_text(dialog.name, "Ngô Thị Thu Hằng")
        dialog.gender.setFocus()
        press(dialog.gender, Qt.Key.Key_Down)  # Nữ
        dialog.staff_type.setFocus()
        press(dialog.staff_type, Qt.Key.Key_Down)
        press(dialog.staff_type, Qt.Key.Key_Down)  # Viên chức
        ok(qtbot, dialog)

    rc.table.setFocus()
    rc.table.selectRow(1)
    in_modal(fix_details)
    qtbot.mouseClick(rc.edit_button, Qt.MouseButton.LeftButton)
    person = records.get(ws.db, "people", staff[1]["person_id"])
    assert (person["full_name"], person["gender"], person["staff_type"]) == (
        "Ngô Thị Thu Hằng",
        "FEMALE",
        "PUBLIC_EMPLOYEE",
    )

    # One late, one absent for another reason ("Khác" in the list, not its code).
    rc.table.setFocus()
    rc.table.selectRow(0)
    press(rc.table, Qt.Key.Key_2)
    offered: list[str] = []

    def choose_other(dialog) -> None:
        combo = dialog.findChild(type(rc.new_gender))
        offered.extend(combo.itemText(n) for n in range(combo.count()))
        combo.setCurrentIndex(combo.count() - 1)
        press(dialog, Qt.Key.Key_Return)

    in_modal(choose_other)
    press(rc.table, Qt.Key.Key_3)
    assert offered[-1] == "Khác" and offered[0].startswith("P — ")
    assert rc.model.rows[1]["reason_code"] == "KHAC"
    assert rc.model.data(rc.model.index(1, RollCallModel.REASON)) == "Khác"
    assert reason_text(ReasonCode.OTHER) == "Khác"

    edit_cell(qtbot, rc.table, 0, RollCallModel.ARRIVED, "08:05")
    late = screens.roll_call(ws, iid)[0]
    assert timefmt.parse_utc(late["arrived_at"]).astimezone(VIETNAM).strftime("%H:%M") == "08:05"
    edit_cell(qtbot, rc.table, 1, RollCallModel.NOTE, "Đi khám bệnh, có giấy hẹn")
    assert screens.roll_call(ws, iid)[1]["note"] == "Đi khám bệnh, có giấy hẹn"
    assert rc.model.data(rc.model.index(1, RollCallModel.NOTE)) == "Đi khám bệnh, có giấy hẹn"
    edit_cell(qtbot, rc.table, 0, RollCallModel.POSITION, "Viên chức thu")
    assert screens.roll_call(ws, iid)[0]["position"] == "Viên chức thu"
    shortcut(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert screens.roll_call(ws, iid)[0]["position"] == "Viên chức"
    shortcut(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert screens.roll_call(ws, iid)[1]["note"] is None
    shortcut(qtbot, window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert screens.roll_call(ws, iid)[1]["note"] == "Đi khám bệnh, có giấy hẹn"

    # The minutes show the corrected values, and no "……" for a position or the place.
    minutes = minutes_content.build(ws, iid)
    text = "\n".join(
        [minutes.place_date, *minutes.opening]
        + [line for _title, lines in minutes.sections for line in lines]
    )
    team_lines = [line for _title, lines in minutes.sections for line in lines][:4]
    assert "Ông Lê Minh Tuấn, Chánh Thanh tra, Trưởng đoàn" in text
    assert not any("……" in line for line in team_lines)
    assert minutes.place_date.startswith("Diễn Châu, ")
    assert minutes.superior == "BẢO HIỂM XÃ HỘI TỈNH NGHỆ AN"
    assert "16/QĐ-BHXH" in text and "15/QĐ-BHXH" not in text
    annex = "\n".join(" ".join(row) for row in minutes.annexes[0].rows)
    assert "Ngô Thị Thu Hằng" in annex and "Ngô Thị Thu Hà " not in annex + " "
    assert "Đi khám bệnh, có giấy hẹn" in annex
    assert "đến lúc 08 giờ 05 phút, muộn 35 phút" in annex  # from the hours typed above

    window.close()
    window.workspace.close()


def test_a_sealed_check_disables_every_correction(qtbot, tmp_path: Path) -> None:
    home = tmp_path / "ws"
    iid = new_small_check(home)
    with Workspace.open(home) as ws:
        with ws.transaction() as db:  # sealing itself comes with the signed minutes
            records.update(db, ws.actor, "inspections", iid, {"status": "SIGNED"})
    window = open_window(qtbot, home)
    window.open_inspection(iid)
    dt = window.workbench.decision
    for widget in (
        dt.number,
        dt.signed_on,
        dt.signer,
        dt.purpose,
        dt.basis,
        dt.unit_name,
        dt.superior,
        dt.address,
        dt.place_name,
        dt.location,
        dt.member_name,
        dt.member_position,
        dt.member_gender,
        dt.member_role,
        dt.remove_button,
        dt.new_member,
        dt.add_button,
    ):
        assert not widget.isEnabled(), widget.accessibleName()
    rc = window.workbench.roll_call
    assert not rc.edit_button.isEnabled() and not rc.new_position.isEnabled()
    flags = rc.model.flags(rc.model.index(0, RollCallModel.NAME))
    assert not flags & Qt.ItemFlag.ItemIsEditable
    window.close()
    window.workspace.close()


def test_a_unit_chosen_from_the_register_shows_its_details_to_check(qtbot, tmp_path: Path) -> None:
    i18n.set_language("vi")
    home = tmp_path / "ws"
    with Workspace.open(home) as ws:
        units.add_unit(
            ws,
            name="Bảo hiểm xã hội cơ sở Quỳnh Lưu",
            level="GRASSROOTS",
            superior_for_header="Bảo hiểm xã hội tỉnh Nghệ An",
            place_name="Quỳnh Lưu",
        )
    window = open_window(qtbot, home)

    def fill(dialog: NewCheckDialog) -> None:
        activate(qtbot, dialog)
        dialog.unit.setFocus()
        press(dialog.unit, Qt.Key.Key_Down)  # the one unit of the register
        assert dialog.superior.text() == "Bảo hiểm xã hội tỉnh Nghệ An"
        assert dialog.place_name.text() == "Quỳnh Lưu"
        type_text(dialog.address, "Thị trấn Cầu Giát")  # completed here, kept in the register
        type_text(dialog.number, "21/QĐ-BHXH")
        type_text(dialog.signer, "Phạm Đức Thắng")
        type_text(dialog.team_rows[0].name, "Lê Minh Tuấn")
        type_text(dialog.team_rows[0].position, "Chánh Thanh tra")
        ok(qtbot, dialog)

    in_modal(fill)
    press(window.list_page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.workbench is not None)
    head = screens.header(window.workspace, window.workbench.inspection_id)
    assert (head["unit_name"], head["unit_address"], head["place_name"]) == (
        "Bảo hiểm xã hội cơ sở Quỳnh Lưu",
        "Thị trấn Cầu Giát",
        "Quỳnh Lưu",
    )
    assert len(units.units(window.workspace)) == 1
    window.close()
    window.workspace.close()

# SPDX-License-Identifier: GPL-3.0-or-later
"""The real field path, through the screens alone, from an EMPTY workspace to signed minutes.

The office makes its authority in the app; on a new laptop the inspector sets up a signing identity
from the welcome screen, the office issues the certificate from the request file, the inspector
installs it and trusts the authority after confirming its fingerprint. Then the check: every field
of the new-check dialog, the arrival, a roll call of 12 with notes and a late arrival's time, items
in 3 areas with notes, 4 findings (2 from items, 2 from scratch) with descriptions, responsibility,
recommendations, explanations and a photo, 6 dossiers through the dossier dialogs, 5 corrections,
hand signatures of both sides and a refusal, and the certificate signature. The signed PDF is then
read as the official who signs it would: every value as last corrected, never the old one, no "……"
and no "Ông/Bà", and the signature valid and trusted. Once in Vietnamese, once in English.

No service is called to make or change anything: the services are only read, to check.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from openpyxl import load_workbook

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from inspector import i18n
from inspector.fieldwork import screens
from inspector.i18n import _
from inspector.minutes import sealing
from inspector.trust import identity
from tests.ui.helpers import (
    activate,
    answer_prompts,
    choose_file,
    drop_files,
    edit_cell,
    export_from_menu,
    in_modal,
    ok,
    open_window,
    press,
    replace_text,
    shortcut,
    type_text,
)
from ui import language as ui_language
from ui.context import t
from ui.dialogs.enrol import EnrolDialog
from ui.main_window import MainWindow
from ui.workbench.dossiers_tab import StepDialog
from ui.workbench.roll_call_tab import RollCallModel

OFFICE_PASSPHRASE = "mật khẩu của văn phòng tỉnh"
PASSPHRASE = "mật khẩu của trưởng đoàn"
LEADER = "Lê Minh Tuấn"
UNIT = "Bảo hiểm xã hội cơ sở Diễn Châu"
# (name, position, gender key presses in the list: 1 = Nam, 2 = Nữ)
STAFF = [
    ("Đặng Quốc Toản", "Giám đốc", 1),
    ("Bùi Thị Hồng Nhung", "Phó Giám đốc", 2),
    ("Hoàng Văn Tú", "Viên chức thu", 1),
    ("Ngô Thị Thu Hà", "Kế toán viên", 2),
    ("Phan Minh Đức", "Viên chức một cửa", 1),
    ("Võ Thị Lan Anh", "Viên chức chế độ", 2),
    ("Đỗ Văn Khánh", "Viên chức cấp sổ, thẻ", 1),
    ("Lương Thị Ngọc Ánh", "Thủ quỹ", 2),
    ("Trịnh Xuân Bách", "Viên chức kiểm tra", 1),
    ("Hồ Thị Diệu Linh", "Văn thư", 2),
    ("Lê Đình Nghĩa", "Viên chức công nghệ thông tin", 1),
    ("Tạ Thị Hương Giang", "Viên chức giám định", 2),
]
# One key per person: 1 present, 2 late, 3 absent with reason, 4 without, 5 leave, 6 trip.
MARKS = "112113145116"
NOTES = {
    5: "Đi khám bệnh, có giấy hẹn của bệnh viện huyện",
    7: "Không báo cáo lãnh đạo đơn vị",
}
LATE_AT, LATE_AT_CORRECTED = "08:05", "08:12"
OLD_NAME, NEW_NAME = "Ngô Thị Thu Hà", "Ngô Thị Thu Hằng"
OLD_NUMBER, NEW_NUMBER = "14/QĐ-BHXH", "15/QĐ-BHXH"
OLD_POSITION, NEW_POSITION = "Chuyên viên Phòng Kiểm tra", "Kiểm tra viên chính"
OLD_ADDRESS, NEW_ADDRESS = (
    "Khối 2, thị trấn Diễn Châu",
    "Số 5 đường Lý Tự Trọng, thị trấn Diễn Châu",
)
OLD_DESCRIPTION = "Sổ theo dõi không ghi ngày trả kết quả của 03 hồ sơ trong tháng 02/2026"
NEW_DESCRIPTION = "Sổ theo dõi không ghi ngày trả kết quả của 04 hồ sơ trong tháng 02 năm 2026"
ITEM_NOTES = {
    "A": "Bảng tên đeo đủ, trừ viên chức mới chuyển đến",
    "B": "Đối chiếu sổ tiếp nhận với hệ thống một cửa điện tử",
    "F": "Hội nghị sơ kết quý I tổ chức tại hội trường đơn vị",
}
SCRATCH = [
    # (area key presses from the first area in scope, title, description, legal basis)
    (
        2,
        "Chưa niêm yết số điện thoại đường dây nóng",
        "Bảng niêm yết tại Bộ phận một cửa thiếu số điện thoại đường dây nóng của cơ quan cấp trên",
        "Nghị định số 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ",
    ),
    (
        3,
        "Mua sắm máy in vượt định mức",
        "Đơn vị mua 03 máy in trong quý I năm 2026, vượt 01 máy so với tiêu chuẩn, định mức",
        "Chỉ thị số 150-CT/BCSĐ ngày 12/11/2024 của Ban Cán sự đảng Bảo hiểm xã hội Việt Nam",
    ),
]
RECOMMENDATION = "Báo cáo Đoàn kiểm tra kết quả khắc phục nội dung"
EXPLANATION = "Đơn vị tiếp thu, sẽ khắc phục ngay trong tuần"
DOSSIERS = [
    # (number, title, step, holder, received, due, done)
    ("HS.0301", "Hưởng chế độ thai sản", "Tiếp nhận", 4, "02/03/2026", "03/03/2026", "03/03/2026"),
    (
        "HS.0302",
        "Cấp lại sổ bảo hiểm xã hội",
        "Tiếp nhận",
        6,
        "02/03/2026",
        "04/03/2026",
        "03/03/2026",
    ),
    ("HS.0303", "Hưởng trợ cấp ốm đau", "Thẩm định", 5, "03/03/2026", "05/03/2026", "10/03/2026"),
    (
        "HS.0304",
        "Điều chỉnh thông tin thẻ",
        "Tiếp nhận",
        4,
        "04/03/2026",
        "06/03/2026",
        "05/03/2026",
    ),
    ("HS.0305", "Hưởng lương hưu", "Thẩm định", 5, "04/03/2026", "11/03/2026", "11/03/2026"),
    ("HS.0306", "Trợ cấp một lần", "Tiếp nhận", 4, "05/03/2026", "06/03/2026", "06/03/2026"),
]
NEXT_STEP = ("HS.0302", "Phê duyệt", 0, "03/03/2026", "05/03/2026", "05/03/2026")
REFUSAL = "Không đồng ý với cách lấy mẫu hồ sơ"
REFUSAL_WITNESS = "Ông Đỗ Văn Khánh, viên chức cấp sổ, thẻ"
WITNESS = ("Lê Đình Nghĩa", "Viên chức công nghệ thông tin")
MINUTES_NUMBER = "05/BB-ĐKT"


def _draw(qtbot, pad, seed: int) -> None:
    """A signature drawn with the mouse on the pad."""
    box = pad._box()
    points = [(0.1, 0.6), (0.25, 0.3 + 0.05 * seed), (0.45, 0.7), (0.6, 0.35), (0.85, 0.55)]

    def at(x: float, y: float) -> QPoint:
        return QPoint(int(box.left() + x * box.width()), int(box.top() + y * box.height()))

    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=at(*points[0]))
    for x, y in points[1:]:
        qtbot.mouseMove(pad, at(x, y))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=at(*points[-1]))


def _pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    return re.sub(r"\s+", " ", text)


def _enrol(qtbot, tmp_path: Path, office: MainWindow, field: MainWindow) -> None:
    """The office's authority, the inspector's identity from the welcome, the certificate issued
    from the request file and installed, the authority trusted after its fingerprint is read."""
    usb = tmp_path / "usb"
    usb.mkdir()
    request_file, certificate_file = usb / "yeu-cau.csr", usb / "chung-thu.pem"
    entry = next(a for a in office.actions() if a.text() == t(_("Si&gning identity…")))
    seen: dict[str, str] = {}

    def make_authority(dialog: EnrolDialog) -> None:
        dialog.tabs.setCurrentWidget(dialog.office)
        page = dialog.office
        type_text(page.organisation, "Bảo hiểm xã hội tỉnh Nghệ An")
        type_text(page.passphrase, OFFICE_PASSPHRASE)
        type_text(page.repeat, OFFICE_PASSPHRASE)
        qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(page.fingerprint.text()), timeout=60000)
        seen["authority"] = page.fingerprint.text()
        press(dialog, Qt.Key.Key_Escape)

    in_modal(make_authority)
    entry.trigger()

    def make_identity(dialog: EnrolDialog) -> None:
        page = dialog.mine
        assert dialog.tabs.currentWidget() is page
        type_text(page.name, LEADER)
        type_text(page.position, "Trưởng phòng Kiểm tra")
        type_text(page.passphrase, PASSPHRASE)
        type_text(page.repeat, PASSPHRASE)
        qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.save_request_button.isEnabled(), timeout=60000)
        in_modal(choose_file(request_file), not_this=dialog)
        qtbot.mouseClick(page.save_request_button, Qt.MouseButton.LeftButton)
        press(dialog, Qt.Key.Key_Escape)

    activate(qtbot, field)
    assert field.list_page is not None and field.list_page.is_welcome()
    in_modal(make_identity)
    qtbot.mouseClick(field.list_page.welcome.enrol_button, Qt.MouseButton.LeftButton)
    assert request_file.exists()

    def issue(dialog: EnrolDialog) -> None:
        page = dialog.office
        assert dialog.tabs.currentWidget() is page
        in_modal(choose_file(request_file), not_this=dialog)
        qtbot.mouseClick(page.choose_button, Qt.MouseButton.LeftButton)
        assert LEADER in page.request_info.text()
        type_text(page.issue_passphrase, OFFICE_PASSPHRASE)
        in_modal(choose_file(certificate_file), not_this=dialog)
        qtbot.mouseClick(page.issue_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: certificate_file.name in page.issue_result.text(), timeout=60000)
        press(dialog, Qt.Key.Key_Escape)

    activate(qtbot, office)
    in_modal(issue)
    entry.trigger()

    def install(dialog: EnrolDialog) -> None:
        page = dialog.mine
        in_modal(choose_file(certificate_file), not_this=dialog)
        qtbot.mouseClick(page.install_button, Qt.MouseButton.LeftButton)
        assert page.authority_fingerprint.text() == seen["authority"]
        assert not page.trust_button.isEnabled()  # not before the fingerprint is confirmed
        page.confirm.click()
        qtbot.mouseClick(page.trust_button, Qt.MouseButton.LeftButton)
        assert LEADER in page.install_result.text()
        press(dialog, Qt.Key.Key_Escape)

    activate(qtbot, field)
    in_modal(install)
    next(a for a in field.actions() if a.text() == t(_("Si&gning identity…"))).trigger()
    mine = identity.identities(field.workspace)[0]
    assert (mine.name, mine.issued, mine.trusted) == (LEADER, True, True)


def _office_papers(qtbot, tmp_path: Path, office: MainWindow, field: MainWindow) -> tuple[str, Any]:
    """Export from the laptop (Ctrl+E), import at the office (a drop), then the office's ledger
    (PDF) and period report (Excel) from its Papers menu; the ledger's text and the report's
    summary sheet."""
    package, said = export_from_menu(qtbot, field, PASSPHRASE)  # the name the app offers
    assert package.exists() and package.suffix == ".inspkg", said
    told: dict[str, str] = {}

    def preview(dialog) -> None:
        in_modal(imported, not_this=dialog)
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    def imported(box) -> None:
        told["imported"] = box.text()
        box.accept()  # no receipt saved here

    in_modal(preview)
    drop_files(office, [package])
    qtbot.waitUntil(lambda: "imported" in told, timeout=60000)

    office.show_office()
    page = office.office_page
    qtbot.waitUntil(lambda: not page.counting, timeout=20000)
    page.papers_actions["reports"].trigger()
    dialog = page.papers_dialog
    papers = {"ledger": tmp_path / "so-trach-nhiem.pdf", "report": tmp_path / "bao-cao.xlsx"}
    for button, out in (
        (dialog.ledger_button, papers["ledger"]),
        (dialog.report_xlsx_button, papers["report"]),
    ):
        in_modal(choose_file(out))
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda o=out: o.name in office.statusBar().currentMessage(), timeout=60000)
    dialog.close()
    return _pdf_text(papers["ledger"]), load_workbook(papers["report"]).worksheets[0]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_from_a_new_laptop_to_signed_minutes_in_the_app_alone(
    qtbot, tmp_path: Path, lang: str, shown_errors: list[BaseException]
) -> None:
    before = i18n.current_language()
    ui_language.apply(lang)
    office = open_window(qtbot, tmp_path / "office")
    field = open_window(qtbot, tmp_path / "field")
    ws = field.workspace
    _enrol(qtbot, tmp_path, office, field)

    # A new check with every field, typed into the dialog that Ctrl+N opens.
    def fill(dialog) -> None:
        activate(qtbot, dialog)
        type_text(dialog.number, OLD_NUMBER)
        type_text(dialog.signer, "Phạm Đức Thắng")
        type_text(dialog.signer_title, "Giám đốc Bảo hiểm xã hội tỉnh Nghệ An")
        type_text(dialog.purpose, "Kiểm tra việc chấp hành kỷ luật, kỷ cương hành chính")
        type_text(dialog.unit.lineEdit(), UNIT)
        type_text(dialog.superior, "Bảo hiểm xã hội tỉnh Nghệ An")
        type_text(dialog.address, OLD_ADDRESS)
        type_text(dialog.place_name, "Diễn Châu")
        type_text(dialog.location, "Trụ sở Bảo hiểm xã hội cơ sở Diễn Châu")
        team = [
            (LEADER, "Trưởng phòng Kiểm tra", 1),
            ("Trần Thị Mai", OLD_POSITION, 2),
            ("Ngô Văn Bình", "Chuyên viên", 1),
        ]
        for row, (name, position, gender) in zip(dialog.team_rows, team, strict=True):
            type_text(row.name, name)
            type_text(row.position, position)
            for _n in range(gender):
                press(row.gender, Qt.Key.Key_Down)
        ok(qtbot, dialog)

    in_modal(fill)
    shortcut(qtbot, field, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: field.workbench is not None)
    wb = field.workbench
    iid = wb.inspection_id
    assert screens.header(ws, iid)["number_symbol"] == OLD_NUMBER

    # Arrive: the decision is shown for announcing; Escape closes it.
    in_modal(lambda dialog: press(dialog, Qt.Key.Key_Escape))
    qtbot.mouseClick(wb.arrive_button, Qt.MouseButton.LeftButton)
    assert wb.tabs.currentWidget() is wb.roll_call

    # Roll call of 12: added on the spot with position and gender, one key per person.
    rc = wb.roll_call
    for name, position, gender in STAFF:
        type_text(rc.new_name, name)
        type_text(rc.new_position, position)
        rc.new_gender.setCurrentIndex(gender)
        press(rc.new_position, Qt.Key.Key_Return)
    assert rc.model.rowCount() == 12
    rc.table.setFocus()
    rc.table.selectRow(0)
    for key in MARKS:
        if key == "3":  # absent with reason: the first reason offered
            in_modal(lambda dialog: press(dialog, Qt.Key.Key_Return))
        press(rc.table, getattr(Qt.Key, f"Key_{key}"))
    late_row = MARKS.index("2")
    edit_cell(qtbot, rc.table, late_row, RollCallModel.ARRIVED, LATE_AT)
    for row, note in NOTES.items():
        edit_cell(qtbot, rc.table, row, RollCallModel.NOTE, note)
    edit_cell(qtbot, rc.table, late_row, RollCallModel.ARRIVED, LATE_AT_CORRECTED)

    # Checklist: items answered with keys in areas A, B and F, each area with a note on an item;
    # "2" (does not comply) opens a finding for the item.
    shortcut(qtbot, field, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    cl = wb.checklist
    for area, keys in (("A", "1211"), ("B", "1112"), ("F", "1311")):
        assert cl.select_area(area)
        cl.items.setFocus()
        cl.items.setCurrentRow(0)
        for key in keys:
            press(cl.items, getattr(Qt.Key, f"Key_{key}"))
        cl.items.setCurrentRow(0)
        type_text(cl.note, ITEM_NOTES[area])
        cl.items.setFocus()
        cl.items.setCurrentRow(1)  # leaving the item saves its note
    assert len(screens.findings(ws, iid)) == 2

    # Findings: the two from items and two from scratch, each described, with a responsibility,
    # a recommendation, the unit's explanation, and a photo dropped on one.
    ft = wb.findings
    for _area_steps, _title, _description, _basis in SCRATCH:
        shortcut(
            qtbot,
            field,
            Qt.Key.Key_N,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        assert wb.tabs.currentWidget() is ft
    assert ft.list.count() == 4
    areas_in_scope = [ft.area.itemData(n) for n in range(ft.area.count())]
    descriptions = [
        OLD_DESCRIPTION,
        "Hồ sơ HS.0303 giải quyết chậm 03 ngày làm việc ở khâu thẩm định",
        *(description for _a, _t, description, _b in SCRATCH),
    ]
    deadline = (date.today() + timedelta(days=30)).strftime("%d/%m/%Y")
    for n in range(4):
        ft.list.setCurrentRow(n)
        if n >= 2:  # made from scratch: its title, and the area it belongs to
            steps, title, _description, basis = SCRATCH[n - 2]
            ft.title.setFocus()
            ft.title.selectAll()
            type_text(ft.title, title)
            ft.basis.setFocus()  # the minutes print "vi phạm quy định tại …": it is asked for
            type_text(ft.basis, basis)
            ft.area.setFocus()
            ft.area.setCurrentIndex(0)
            for _step in range(steps):
                press(ft.area, Qt.Key.Key_Down)
        ft.description.setFocus()
        ft.description.selectAll()
        type_text(ft.description, descriptions[n])
        ft.who.setCurrentIndex(ft.who.findText(STAFF[2 + n][0], Qt.MatchFlag.MatchStartsWith))
        qtbot.mouseClick(ft.add_resp_button, Qt.MouseButton.LeftButton)
        type_text(ft.rec_text, f"{RECOMMENDATION} số {n + 1}")
        type_text(ft.rec_deadline, deadline)
        press(ft.rec_text, Qt.Key.Key_Return)
        replace_text(ft.explained_by, f"{STAFF[0][0]}, Giám đốc")  # kept from the last one
        type_text(ft.explanation, f"{EXPLANATION} (nội dung {n + 1})")
        qtbot.mouseClick(ft.add_ex_button, Qt.MouseButton.LeftButton)
    photo = tmp_path / "ảnh-bảng-niêm-yết.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(64)))
    ft.list.setCurrentRow(2)
    drop_files(ft, [photo])
    qtbot.waitUntil(lambda: ft.evidence.count() == 1, timeout=10000)
    ft.flush()
    made = screens.findings(ws, iid)
    assert len(made) == 4
    assert {f["area_code"] for f in made[2:]} == {areas_in_scope[2], areas_in_scope[3]}

    # Dossiers: six through the dossier dialog, and the next step of one.
    shortcut(qtbot, field, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    dt = wb.dossiers

    def step_dialog(values: tuple, *, new: bool):
        def fill_step(dialog: StepDialog) -> None:
            activate(qtbot, dialog)
            if new:
                ref, title, step, holder, received, due, done = values
                type_text(dialog.ref, ref)
                type_text(dialog.dossier_title, title)
            else:
                _ref, step, holder, received, due, done = values
                dialog.received.clear()
            type_text(dialog.step, step)
            dialog.holder.setCurrentIndex(holder)
            type_text(dialog.received, received)
            type_text(dialog.due, due)
            type_text(dialog.done_on, done)
            ok(qtbot, dialog)

        return fill_step

    for values in DOSSIERS:
        in_modal(step_dialog(values, new=True))
        qtbot.mouseClick(dt.add_dossier_button, Qt.MouseButton.LeftButton)
    dt.table.setCurrentCell(1, 0)  # HS.0302
    in_modal(step_dialog(NEXT_STEP, new=False))
    qtbot.mouseClick(dt.add_step_button, Qt.MouseButton.LeftButton)
    steps = screens.step_rows(ws, iid)
    assert len({s["trace_id"] for s in steps}) == 6 and len(steps) == 7
    assert [s["late_days"] for s in steps if s["object_ref"] == "HS.0303"] == [3]

    # Five corrections after entering: decision number, a staff name, a position, the unit's
    # address, a finding's description.
    shortcut(qtbot, field, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    dec = wb.decision
    replace_text(dec.number, NEW_NUMBER)
    dec.team.setCurrentCell(1, 0)
    replace_text(dec.member_position, NEW_POSITION)
    replace_text(dec.address, NEW_ADDRESS)
    dec.team.setFocus()
    shortcut(qtbot, field, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    edit_cell(qtbot, rc.table, 3, RollCallModel.NAME, NEW_NAME)
    shortcut(qtbot, field, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    ft.list.setCurrentRow(0)
    ft.description.setFocus()
    ft.description.selectAll()
    type_text(ft.description, NEW_DESCRIPTION)
    ft.list.setFocus()
    ft.flush()
    head = screens.header(ws, iid)
    assert (head["number_symbol"], head["unit_address"]) == (NEW_NUMBER, NEW_ADDRESS)

    # End the visit, then the minutes: hand signatures of both sides, a witness who refuses.
    in_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    shortcut(
        qtbot,
        field,
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert screens.header(ws, iid)["ended_at"]
    shortcut(qtbot, field, Qt.Key.Key_7, Qt.KeyboardModifier.AltModifier)
    mt = wb.minutes
    answer_prompts(qtbot, list(WITNESS))
    qtbot.mouseClick(mt.edit_buttons[3], Qt.MouseButton.LeftButton)  # add a witness
    names = [r["name"] for r in mt.rows]
    for n, name in enumerate(names):
        mt.people.setCurrentRow(n)
        if name == WITNESS[0]:
            answer_prompts(qtbot, [REFUSAL, REFUSAL_WITNESS])
            qtbot.mouseClick(mt.edit_buttons[2], Qt.MouseButton.LeftButton)
            continue
        _draw(qtbot, mt.pad, n)
        qtbot.mouseClick(mt.save_button, Qt.MouseButton.LeftButton)
    assert all(r["strokes"] or r["refusal_reason"] for r in mt.rows)
    sides = {r["side"] for r in mt.rows if r["strokes"]}
    assert {"TEAM", "UNIT"} <= sides
    missing = [mt.missing_list.item(n).text() for n in range(mt.missing_list.count())]
    assert len(missing) <= 1  # at most the minutes' number, typed when signing

    # The certificate signature: the number, the passphrase; then the check is sealed.
    answer_prompts(qtbot, [MINUTES_NUMBER, PASSPHRASE])
    qtbot.mouseClick(mt.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(mt, "signed_path", None) is not None, timeout=60000)
    assert screens.header(ws, iid)["status"] == "SIGNED"
    signed = Path(mt.signed_path)
    reports = sealing.verify_pdf(signed, identity.trust_roots(ws))
    assert [r.ok for r in reports] == [True]  # intact, and trusted on this laptop

    # The signed PDF, read as the official who signs it.
    text = _pdf_text(signed)
    typed = [
        NEW_NUMBER,
        "Giám đốc Bảo hiểm xã hội tỉnh Nghệ An",  # the decision is "of" its signer's title
        UNIT,
        "BẢO HIỂM XÃ HỘI TỈNH NGHỆ AN",
        NEW_ADDRESS,
        "Diễn Châu, ",
        "Trụ sở Bảo hiểm xã hội cơ sở Diễn Châu",
        LEADER,
        "Trần Thị Mai",
        NEW_POSITION,
        "Ngô Văn Bình",
        NEW_NAME,
        *(name for name, _p, _g in STAFF if name != OLD_NAME),
        *(position for _n, position, _g in STAFF),
        *NOTES.values(),
        "08 giờ 12 phút" if lang == "vi" else "08:12",
        *ITEM_NOTES.values(),
        NEW_DESCRIPTION,
        *descriptions[1:],
        *(title for _a, title, _d, _b in SCRATCH),
        *(basis for _a, _t, _d, basis in SCRATCH),
        *(f"{RECOMMENDATION} số {n}" for n in range(1, 5)),
        *(f"{EXPLANATION} (nội dung {n})" for n in range(1, 5)),
        "HS.0303",
        REFUSAL,
        REFUSAL_WITNESS,
        MINUTES_NUMBER,
    ]
    absent = [p for p in typed if p not in text]
    assert not absent, f"typed but not in the signed minutes: {absent}"
    for old in (OLD_NUMBER, OLD_POSITION, OLD_ADDRESS, OLD_DESCRIPTION, OLD_NAME + " "):
        assert old not in text, f"the old value {old!r} is still in the minutes"
    assert text.count(f"{STAFF[0][0]}, Giám đốc (") == 4  # each explanation, its author once
    assert "……" not in text
    assert ("Ông/Bà" if lang == "vi" else "Mr/Ms") not in text

    # The office: the package exported from the laptop's menu, dropped on the office's window and
    # imported; then the responsibility ledger and the period report of the year so far (the
    # dialog's own period), read as the office files them: each person and number as corrected.
    annex, workbook = _office_papers(qtbot, tmp_path, office, field)
    assert NEW_NAME in annex and OLD_NAME not in annex
    late, absent_without_reason = STAFF[MARKS.index("2")][0], STAFF[MARKS.index("4")][0]
    for person in (late, absent_without_reason, *(name for name, _p, _g in STAFF[2:6])):
        assert person.replace(OLD_NAME, NEW_NAME) in annex, person
    assert NEW_NUMBER in annex and OLD_NUMBER not in annex
    # drawn up by the office whose authority this is (the decision names only its signer)
    header = annex[: annex.index("PHỤ LỤC")]
    assert (
        header.startswith("BẢO HIỂM XÃ HỘI VIỆT NAM") and "BẢO HIỂM XÃ HỘI TỈNH NGHỆ AN" in header
    )
    assert workbook["B5"].value == 1  # one check
    assert not shown_errors

    for window in (office, field):
        window.close()
        window.workspace.close()
    ui_language.apply(before)

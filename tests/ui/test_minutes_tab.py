# SPDX-License-Identifier: GPL-3.0-or-later
"""Signing on screen: a signature drawn with the mouse, a refusal recorded with its reason and
witness, then the certificate signature that seals the inspection."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox

from inspector.fieldwork import screens
from inspector.i18n import _
from inspector.minutes import sealing
from inspector.store import records
from inspector.store.workspace import Workspace
from inspector.trust import identity
from tests.ui.helpers import activate, answer_prompts, in_modal, pdf_printer, type_text
from ui.context import t
from ui.main_window import SCREEN_KEY, MainWindow

PASSPHRASE = "mật khẩu ký biên bản"


def _draw(qtbot, pad, points: list[tuple[float, float]]) -> None:
    def at(x: float, y: float) -> QPoint:
        box = pad._box()
        return QPoint(int(box.left() + x * box.width()), int(box.top() + y * box.height()))

    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=at(*points[0]))
    for x, y in points[1:]:
        qtbot.mouseMove(pad, at(x, y))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=at(*points[-1]))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_sign_by_hand_refuse_and_seal(qtbot, demo) -> None:
    ws, made = demo
    identity.init_keys(ws, "Nguyễn Văn Hùng", PASSPHRASE)  # self-signed until the office issues
    ws.set_setting(SCREEN_KEY, json.dumps({"inspection": made.inspection_id, "tab": "minutes"}))
    home = ws.home
    ws.close()
    window = MainWindow(Workspace.open(home))
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    activate(qtbot, window)
    tab = window.workbench.minutes
    assert window.workbench.tabs.currentWidget() is tab
    names = [r["name"] for r in tab.rows]
    leader = names.index("Nguyễn Văn Hùng")
    unit_head = names.index("Đặng Quốc Toản")

    # the team leader signs with the mouse
    tab.people.setCurrentRow(leader)
    _draw(qtbot, tab.pad, [(0.1, 0.6), (0.25, 0.3), (0.4, 0.7), (0.6, 0.35), (0.85, 0.55)])
    assert not tab.pad.is_empty()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    signed = [r for r in tab.rows if r["name"] == "Nguyễn Văn Hùng"][0]
    assert signed["id"] and len(json.loads(signed["strokes"])[0]) >= 5

    # the unit's head refuses, with the reason and a witness
    tab.people.setCurrentRow(unit_head)
    answers = iter(
        [
            "Không đồng ý với kết quả lấy mẫu hồ sơ",
            "Ông Lê Đình Nghĩa, viên chức công nghệ thông tin",
        ]
    )

    def answer(dialog) -> None:
        edit = dialog.findChild(QLineEdit)
        text = next(answers)
        if text.startswith("Không"):
            in_modal(answer, not_this=dialog)  # the witness is asked in a second dialog
        type_text(edit, text)
        qtbot.keyClick(edit, Qt.Key.Key_Return)

    in_modal(answer)
    qtbot.mouseClick(tab.edit_buttons[2], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(r["refusal_reason"] for r in tab.rows), timeout=3000)

    # the certificate signature, off the UI thread; then everything is sealed
    def untrusted(box) -> None:  # a self-signed certificate: signed anyway, on purpose
        assert isinstance(box, QMessageBox)
        in_modal(confirm, not_this=box)
        next(b for b in box.buttons() if b.text() == t(_("Sign anyway"))).click()

    def confirm(box) -> None:  # members who have not signed by hand: sealing is confirmed
        assert isinstance(box, QMessageBox)
        answer_prompts(qtbot, ["03/BB-ĐKT", PASSPHRASE], not_this=box)
        box.button(QMessageBox.StandardButton.Yes).click()

    in_modal(untrusted)
    qtbot.mouseClick(tab.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(tab, "signed_path", None) is not None, timeout=20000)
    ws2 = window.workspace
    assert screens.header(ws2, made.inspection_id)["status"] == "SIGNED"
    assert not tab.pad.isEnabled() and not tab.sign_button.isEnabled()
    text = " ".join(
        subprocess.run(
            ["pdftotext", tab.signed_path, "-"], capture_output=True, text=True
        ).stdout.split()
    )
    assert "không ký biên bản với lý do: Không đồng ý với kết quả lấy mẫu hồ sơ" in text
    assert "Ông Lê Đình Nghĩa" in text
    assert "Số: 03/BB-ĐKT" in text
    reports = sealing.verify_pdf(Path(tab.signed_path), identity.trust_roots(ws2))
    assert reports[0].valid and reports[0].intact
    minutes = records.get(ws2.db, "inspections", made.inspection_id)
    assert minutes["status"] == "SIGNED"
    wb = window.workbench  # every tab is now read-only
    assert not wb.findings.add_button.isEnabled() and wb.findings.title.isReadOnly()
    assert not wb.dossiers.paste_button.isEnabled() and not wb.evidence.attach_button.isEnabled()
    assert not wb.end_button.isVisible()
    window.close()
    window.workspace.close()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_verify_dialog_checks_a_file_and_a_printed_code(qtbot, demo) -> None:
    from inspector.demo.build import sign_demo
    from ui.dialogs.verify import VerifyDialog

    ws, made = demo
    pdf = sign_demo(ws, made.inspection_id)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    dialog = VerifyDialog(window.ctx)
    qtbot.addWidget(dialog)
    dialog.verify_file(pdf)
    qtbot.waitUntil(lambda: hasattr(dialog, "reports"), timeout=10000)
    assert dialog.reports[0].unchanged and not dialog.reports[0].trusted  # the demo authority
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    code = text.split("Mã xác thực: ", 1)[1].split()[0]
    type_text(dialog.code, code)
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert "15/QĐ-BHXH" in dialog.code_result.text()
    dialog.code.clear()
    type_text(dialog.code, "0123456789abcdef")
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert "15/QĐ-BHXH" not in dialog.code_result.text() and dialog.code_result.text()


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs poppler-utils")
def test_printing_draws_every_page(qtbot, demo, tmp_path: Path) -> None:
    ws, made = demo
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.open_inspection(made.inspection_id)
    tab = window.workbench.minutes
    out = tmp_path / "printed.pdf"
    printer = pdf_printer(out)
    tab.print_minutes(printer)
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=20000)
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    pages = int(info.split("Pages:")[1].split()[0])
    assert pages >= 5  # the minutes and their annexes


def test_a_witness_is_added_and_signs(qtbot, demo) -> None:
    ws, made = demo
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.open_inspection(made.inspection_id)
    tab = window.workbench.minutes
    answers = iter(["Phạm Thị Hoa", "Công chức Ủy ban nhân dân xã Diễn Châu"])

    def answer(dialog) -> None:
        edit = dialog.findChild(QLineEdit)
        text = next(answers)
        if text == "Phạm Thị Hoa":
            in_modal(answer, not_this=dialog)
        type_text(edit, text)
        qtbot.keyClick(edit, Qt.Key.Key_Return)

    in_modal(answer)
    qtbot.mouseClick(tab.edit_buttons[3], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(r["side"] == "WITNESS" for r in tab.rows), timeout=3000)
    assert tab.rows[tab.people.currentRow()]["name"] == "Phạm Thị Hoa"
    _draw(qtbot, tab.pad, [(0.2, 0.5), (0.5, 0.3), (0.8, 0.6)])
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    witness = next(r for r in tab.rows if r["side"] == "WITNESS")
    assert witness["strokes"]
    from inspector.minutes import content as minutes_content

    model = minutes_content.build(window.workspace, made.inspection_id)
    assert any(s.name == "Phạm Thị Hoa" and s.strokes for s in model.signatories)

# SPDX-License-Identifier: GPL-3.0-or-later
"""A name read from a file or typed in is shown as its characters, never as markup: a certificate
or request named ``X<span style="font-size:1px">`` must not shrink the text after it (the warning
to trust an authority only if every character of its fingerprint is the same)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import Qt, QTextDocument  # QtGui's Qt has mightBeRichText
from PySide6.QtWidgets import QLabel

from inspector.fieldwork import findings, inspections, recommendations, screens, units
from inspector.trust import identity
from tests.ui.helpers import choose_file, in_modal, open_window
from ui.dialogs.enrol import EnrolDialog
from ui.workbench.page import decision_html

HOLDER = 'X<span style="font-size:1px">'
AUTHORITY = 'Y<span style="font-size:1px">'
PASSPHRASE = "mật khẩu đủ dài để thử"


def shown(label: QLabel) -> str:
    """The characters the label shows, as the user reads them."""
    text = label.text()
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and Qt.mightBeRichText(text)
    )
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def test_names_in_a_request_and_a_certificate_show_as_typed(qtbot, tmp_path: Path) -> None:
    office = open_window(qtbot, tmp_path / "office")
    field = open_window(qtbot, tmp_path / "field")
    identity.init_ca(office.workspace, AUTHORITY, PASSPHRASE)
    request = identity.init_keys(field.workspace, HOLDER, PASSPHRASE)
    certificate = tmp_path / "chung-thu.pem"
    certificate.write_bytes(identity.issue(office.workspace, request.read_bytes(), PASSPHRASE))

    dialog = EnrolDialog(office.ctx)
    qtbot.addWidget(dialog)
    page = dialog.office
    in_modal(choose_file(request))
    qtbot.mouseClick(page.choose_button, Qt.MouseButton.LeftButton)
    assert HOLDER in shown(page.request_info)

    dialog = EnrolDialog(field.ctx)
    qtbot.addWidget(dialog)
    page = dialog.mine
    assert HOLDER in shown(page.request_info)
    in_modal(choose_file(certificate))
    qtbot.mouseClick(page.install_button, Qt.MouseButton.LeftButton)
    warning = shown(page.authority_info)
    assert HOLDER in warning and AUTHORITY in warning
    assert warning.endswith(":")  # the whole warning, up to the fingerprint it introduces
    for window in (office, field):
        window.close()
        window.workspace.close()


def test_a_unit_and_a_signatory_named_with_markup_show_as_typed(qtbot, tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path / "field")
    ws = window.workspace
    unit = units.add_unit(ws, name="Bảo hiểm xã hội <i>huyện</i> & <b>xã", level="GRASSROOTS")
    units.add_person(ws, full_name=HOLDER, unit_id=unit, position="Giám đốc", gender="FEMALE")
    leader = units.add_person(ws, full_name="Trần Văn Trưởng", unit_id=None, gender="MALE")
    iid = inspections.create_inspection(
        ws,
        decision_number="01/QĐ-BHXH",
        decision_date="2026-03-02",
        signer_name="Phạm Văn Ký",
        legal_basis="Công văn 1251/BHXH-TCCB",
        unit_id=unit,
        team=[(leader, "LEADER")],
    )
    window.open_inspection(iid)
    assert "Bảo hiểm xã hội <i>huyện</i> & <b>xã" in shown(window.workbench.title)
    announced = QTextDocument()  # the decision as read out on arrival
    announced.setHtml(decision_html(screens.header(ws, iid), screens.team(ws, iid)))
    assert "Bảo hiểm xã hội <i>huyện</i> & <b>xã" in announced.toPlainText()
    tab = window.workbench.minutes
    row = next(n for n, r in enumerate(tab.rows) if r["name"] == HOLDER)
    tab.people.setCurrentRow(row)
    assert shown(tab.who).startswith(HOLDER)
    # an explanation with markup, as typed or as a package brought it
    finding = findings.add_finding(ws, iid, title="Thiếu sổ", severity="2", area_code="A")
    recommendations.add_explanation(
        ws, iid, given_by=HOLDER, text="<s>đã</s> khắc phục", finding_id=finding
    )
    window.workbench.refresh()
    window.workbench.findings.select(finding)
    assert shown(window.workbench.findings.explanations) == f"{HOLDER}: <s>đã</s> khắc phục"
    window.close()
    ws.close()

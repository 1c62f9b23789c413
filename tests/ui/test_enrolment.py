# SPDX-License-Identifier: GPL-3.0-or-later
"""From empty workspaces to signed minutes, through the app's dialogs alone: the office makes its
authority, the inspector makes an identity (from the Sign button, which leads there), the office
issues the certificate from the request file, the inspector installs it and trusts the authority
after confirming its whole fingerprint, then signs and seals from the Minutes tab."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from inspector.fieldwork import checklists, inspections, screens, units
from inspector.i18n import _
from inspector.minutes import sealing
from inspector.store.workspace import Workspace
from inspector.trust import identity
from tests.ui.helpers import (
    activate,
    answer_prompts,
    choose_file,
    in_modal,
    open_window,
    type_text,
)
from ui.context import t
from ui.dialogs.enrol import EnrolDialog
from ui.main_window import MainWindow

OFFICE_PASSPHRASE = "mật khẩu văn phòng tỉnh"
PASSPHRASE = "mật khẩu trưởng đoàn"
LEADER = "Trần Văn Trưởng"
UNIT_HEAD = "Nguyễn Thị Thử"


def _open_enrolment(window: MainWindow, action) -> None:
    """Run ``action(dialog)`` on the dialog the Signing identity menu entry opens."""
    entry = next(a for a in window.actions() if a.text() == t(_("Si&gning identity…")))
    in_modal(action)
    entry.trigger()


def _make_check(ws: Workspace, member: str | None = None) -> str:
    """A check ready to sign, recorded with the services (other tests walk those screens)."""
    unit = units.add_unit(ws, name="Bảo hiểm xã hội cơ sở Thử Nghiệm", level="GRASSROOTS")
    units.add_person(ws, full_name=UNIT_HEAD, unit_id=unit, position="Giám đốc", gender="FEMALE")
    leader = units.add_person(
        ws, full_name=LEADER, unit_id=None, position="Trưởng phòng", gender="MALE"
    )
    team = [(leader, "LEADER")]
    if member is not None:
        person = units.add_person(
            ws, full_name=member, unit_id=None, position="Thanh tra viên", gender="FEMALE"
        )
        team.append((person, "MEMBER"))
    units.update_unit(
        ws, unit, place_name="Thử Nghiệm", superior_for_header="BẢO HIỂM XÃ HỘI TỈNH THỬ NGHIỆM"
    )
    iid = inspections.create_inspection(
        ws,
        decision_number="01/QĐ-BHXH",
        decision_date="2026-03-02",
        signer_name="Phạm Văn Ký",
        legal_basis="Công văn 1251/BHXH-TCCB",
        unit_id=unit,
        team=team,
    )
    inspections.arrive(ws, iid, "2026-03-05T07:30:00+07:00")
    inspections.end_visit(ws, iid, "2026-03-05T11:30:00+07:00")
    return iid


def test_from_empty_workspaces_to_signed_minutes_in_the_app(
    qtbot, tmp_path: Path, shown_errors: list[BaseException]
) -> None:
    office = open_window(qtbot, tmp_path / "office")
    field = open_window(qtbot, tmp_path / "field")
    request_file = tmp_path / "usb" / "yeu-cau.csr"
    certificate_file = tmp_path / "usb" / "chung-thu.pem"
    request_file.parent.mkdir()
    seen: dict[str, str] = {}

    # the office makes its authority, and sees the fingerprint to read out to inspectors
    def make_authority(dialog) -> None:
        assert isinstance(dialog, EnrolDialog)
        bar = dialog.tabs.tabBar()
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
        page = dialog.office
        assert dialog.tabs.currentWidget() is page and not page.issue_button.isEnabled()
        type_text(page.organisation, "Bảo hiểm xã hội tỉnh Thử Nghiệm")
        type_text(page.passphrase, OFFICE_PASSPHRASE)
        type_text(page.repeat, OFFICE_PASSPHRASE)
        qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(page.fingerprint.text()), timeout=30000)
        seen["authority"] = page.fingerprint.text()
        dialog.reject()

    _open_enrolment(office, make_authority)
    assert len(seen["authority"].replace(" ", "")) == 64  # the whole fingerprint
    assert identity.is_authority_here(office.workspace)

    # the inspector: signing with no identity leads into enrolment, not to a terminal
    iid = _make_check(field.workspace)
    field.open_inspection(iid)
    tab = field.workbench.minutes
    field.workbench.tabs.setCurrentWidget(tab)

    def make_identity(dialog) -> None:
        assert isinstance(dialog, EnrolDialog)
        page = dialog.mine
        assert dialog.tabs.currentWidget() is page
        type_text(page.name, LEADER)
        type_text(page.position, "Trưởng phòng Thanh tra")
        type_text(page.passphrase, PASSPHRASE)
        type_text(page.repeat, PASSPHRASE + "x")
        qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)  # they differ: refused
        assert [str(e) for e in shown_errors] == [
            t(_("The two passphrases differ; type the same one twice."))
        ]
        shown_errors.clear()
        page.repeat.clear()
        type_text(page.repeat, "ngắn")
        page.passphrase.clear()
        type_text(page.passphrase, "ngắn")
        qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)  # too short: refused
        assert len(shown_errors) == 1 and not identity.has_identity(field.workspace)
        shown_errors.clear()
        for edit in (page.passphrase, page.repeat):
            edit.clear()
            type_text(edit, PASSPHRASE)
        qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.save_request_button.isEnabled(), timeout=30000)
        seen["request"] = page.request_fingerprint.text()
        in_modal(choose_file(request_file))
        qtbot.mouseClick(page.save_request_button, Qt.MouseButton.LeftButton)
        assert request_file.exists()
        dialog.reject()

    in_modal(make_identity)
    qtbot.mouseClick(tab.sign_button, Qt.MouseButton.LeftButton)
    assert identity.has_identity(field.workspace)
    assert screens.header(field.workspace, iid)["status"] != "SIGNED"

    # the office issues the certificate from the request file, after comparing its fingerprint
    def issue(dialog) -> None:
        page = dialog.office
        assert dialog.tabs.currentWidget() is page  # the office's dialog opens on its authority
        in_modal(choose_file(request_file))
        qtbot.mouseClick(page.choose_button, Qt.MouseButton.LeftButton)
        assert page.request_fingerprint.text() == seen["request"]
        assert LEADER in page.request_info.text()
        type_text(page.issue_passphrase, OFFICE_PASSPHRASE)
        in_modal(choose_file(certificate_file))
        qtbot.mouseClick(page.issue_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: certificate_file.name in page.issue_result.text(), timeout=30000)
        dialog.reject()

    _open_enrolment(office, issue)
    assert certificate_file.exists()

    # the inspector installs it, trusting the authority only once its fingerprint is confirmed
    def install(dialog) -> None:
        page = dialog.mine
        in_modal(choose_file(certificate_file))
        qtbot.mouseClick(page.install_button, Qt.MouseButton.LeftButton)
        assert page.authority_fingerprint.text() == seen["authority"]
        assert page.trust_button.isVisible() and not page.trust_button.isEnabled()
        qtbot.mouseClick(page.trust_button, Qt.MouseButton.LeftButton)  # disabled: nothing
        assert not identity.identities(field.workspace)[0].issued
        page.confirm.click()
        assert page.trust_button.isEnabled()
        qtbot.mouseClick(page.trust_button, Qt.MouseButton.LeftButton)
        assert LEADER in page.install_result.text()
        dialog.reject()

    activate(qtbot, field)
    _open_enrolment(field, install)
    mine = identity.identities(field.workspace)[0]
    assert (mine.name, mine.issued, mine.trusted) == (LEADER, True, True)

    # the leader signs; the unit's head has neither signed nor refused: confirmed explicitly
    def confirm(box) -> None:
        assert isinstance(box, QMessageBox) and UNIT_HEAD in box.text()
        answer_prompts(qtbot, ["07/BB-ĐKT", PASSPHRASE], not_this=box)
        box.button(QMessageBox.StandardButton.Yes).click()

    in_modal(confirm)
    qtbot.mouseClick(tab.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(tab, "signed_path", None) is not None, timeout=30000)
    ws = field.workspace
    assert screens.header(ws, iid)["status"] == "SIGNED"
    reports = sealing.verify_pdf(Path(tab.signed_path), identity.trust_roots(ws))
    assert [r.ok for r in reports] == [True]  # valid, and trusted on this laptop

    # read-only: nothing that would change the sealed check is enabled
    tab = field.workbench.minutes
    assert not tab.sign_button.isEnabled() and not tab.pad.isEnabled()
    assert not any(button.isEnabled() for button in tab.edit_buttons)
    findings = field.workbench.findings
    assert not findings.add_button.isEnabled() and not findings.delete_button.isEnabled()
    assert not field.workbench.evidence.attach_button.isEnabled()
    assert not field.workbench.evidence.remove_button.isEnabled()
    # the leader shows as signed with the certificate; the unit's head as not signed
    states = {row["name"]: tab.people.item(n).text() for n, row in enumerate(tab.rows)}
    assert t(_("signed with the certificate")) in states[LEADER]
    assert t(_("had not signed when the minutes were sealed")) in states[UNIT_HEAD]
    for window in (office, field):
        window.close()
        window.workspace.close()


def test_a_team_members_identity_on_the_same_laptop(qtbot, tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path / "office")
    ws = window.workspace
    identity.init_ca(ws, "Bảo hiểm xã hội tỉnh Thử Nghiệm", OFFICE_PASSPHRASE)  # trusted here
    identity.init_keys(ws, LEADER, PASSPHRASE)
    member = "Lê Thị Thành Viên"
    certificate_file = tmp_path / "thanh-vien.pem"

    def make_member(dialog) -> None:
        page = dialog.mine
        dialog.tabs.setCurrentWidget(page)
        assert page.member.isChecked() and not page.member.isEnabled()  # the laptop has its own
        type_text(page.name, member)
        type_text(page.passphrase, PASSPHRASE)
        type_text(page.repeat, PASSPHRASE)
        qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: member in page.request_info.text(), timeout=30000)
        request = identity.own_request(ws, member).read_bytes()
        certificate_file.write_bytes(identity.issue(ws, request, OFFICE_PASSPHRASE))
        in_modal(choose_file(certificate_file))
        qtbot.mouseClick(page.install_button, Qt.MouseButton.LeftButton)
        # the authority is this workspace's own, trusted already: no fingerprint to confirm
        assert not page.trust_button.isVisible() and member in page.install_result.text()
        assert member in page.status.text()
        dialog.reject()

    _open_enrolment(window, make_member)
    states = {i.name: (i.member, i.issued, i.trusted) for i in identity.identities(ws)}
    assert states == {LEADER: (False, False, False), member: (True, True, True)}
    window.close()
    ws.close()


def test_a_member_approves_the_sealed_minutes_from_the_minutes_tab(qtbot, tmp_path: Path) -> None:
    member = "Lê Thị Thành Viên"
    with Workspace.open(tmp_path / "field") as ws:
        checklists.ensure_bundled_checklist(ws)  # as the app does when it opens a workspace
        identity.init_ca(ws, "Bảo hiểm xã hội tỉnh Thử Nghiệm", OFFICE_PASSPHRASE)
        for name, is_member in ((LEADER, False), (member, True)):
            request = identity.init_keys(ws, name, PASSPHRASE, member=is_member)
            pem = identity.issue(ws, request.read_bytes(), OFFICE_PASSPHRASE)
            identity.install(ws, pem, member=name if is_member else None)
        iid = _make_check(ws, member)
        sealing.sign_minutes(ws, iid, PASSPHRASE, number="08/BB-ĐKT", unsigned=[UNIT_HEAD, member])
    window = open_window(qtbot, tmp_path / "field")
    window.open_inspection(iid)
    tab = window.workbench.minutes
    window.workbench.tabs.setCurrentWidget(tab)
    names = [r["name"] for r in tab.rows]
    tab.people.setCurrentRow(names.index(LEADER))
    assert tab.approve_button.isVisible() and not tab.approve_button.isEnabled()
    tab.people.setCurrentRow(names.index(member))
    assert tab.approve_button.isEnabled()
    assert t(_("signed with the certificate")) not in tab.people.currentItem().text()

    answer_prompts(qtbot, [PASSPHRASE])
    qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.approved.get(member) is True, timeout=30000)
    row = [r["name"] for r in tab.rows].index(member)
    assert t(_("signed with the certificate")) in tab.people.item(row).text()
    assert not tab.approve_button.isEnabled()  # signed once
    reports = sealing.verify_pdf(Path(tab.signed_path), identity.trust_roots(window.workspace))
    assert len(reports) == 2 and all(r.ok for r in reports)
    window.close()
    window.workspace.close()

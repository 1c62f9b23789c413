# SPDX-License-Identifier: GPL-3.0-or-later
"""Signing identities in the app: an inspector makes a key pair and a certificate request, hands
the request to the office, installs the certificate the office issues and trusts the office's
authority once its whole fingerprint was read out and found the same; a team member sharing the
laptop does the same. At the office, the same dialog makes the authority and issues certificates.

Key generation and unlocking (600,000 PBKDF2 rounds) run on a worker, never on the UI thread.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector import atomic
from inspector.errors import ValidationError
from inspector.i18n import Text, _
from inspector.store.workspace import Workspace
from inspector.trust import identity
from ui.context import Context, t
from ui.dialogs.base import Dialog

PEM_FILTER = "PEM (*.pem *.crt *.cer);;* (*)"
REQUEST_FILTER = "CSR (*.csr *.pem);;* (*)"


def _init_keys(home: Path, values: dict[str, Any], on_progress: Any, is_cancelled: Any) -> str:
    """Worker side: key pair, self-signed certificate and request (files only)."""
    with Workspace.open(home) as ws:
        return str(identity.init_keys(ws, **values))


def _init_ca(home: Path, name: str, passphrase: str, on_progress: Any, is_cancelled: Any) -> str:
    """Worker side: the office's authority."""
    with Workspace.open(home) as ws:
        return str(identity.init_ca(ws, name, passphrase))


def _issue(
    home: Path, request: bytes, passphrase: str, out: Path, on_progress: Any, is_cancelled: Any
) -> str:
    """Worker side: unlock the authority, issue the certificate, write it where chosen."""
    with Workspace.open(home) as ws:
        pem = identity.issue(ws, request, passphrase)
    try:
        atomic.write_atomic(out, pem)
    except OSError as exc:
        raise ValidationError(_("The file {path} cannot be written.", path=str(out))) from exc
    return str(out)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ValidationError(_("The file {path} cannot be read.", path=str(path))) from exc


def _password() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def _label() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # names come from files: never markup
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _fingerprint_label() -> QLabel:
    label = _label()
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setWeight(QFont.Weight.Bold)
    label.setFont(font)
    return label


def _passphrase_pair(first: QLineEdit, second: QLineEdit) -> str:
    """The new passphrase typed twice; refused when they differ or it is too short."""
    if first.text() != second.text():
        raise ValidationError(_("The two passphrases differ; type the same one twice."))
    if len(first.text()) < identity.MIN_PASSPHRASE:
        raise ValidationError(
            _("The passphrase must have at least {n} characters.", n=identity.MIN_PASSPHRASE)
        )
    return first.text()


def _slug(name: str) -> str:
    return re.sub(r"[^\w]+", "-", name, flags=re.UNICODE).strip("-").lower() or "chung-thu"


class IdentityPage(QWidget):
    """This user's (or a team member's) signing identity: create, request, install, trust."""

    changed = Signal()

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.request_path: Path | None = None
        self.pending: tuple[bytes, identity.AuthorityInfo] | None = None
        self.status = _label()
        create = QGroupBox(t(_("1. Create a signing identity")))
        self.name = QLineEdit()
        self.position = QLineEdit()
        self.organisation = QLineEdit()
        self.member = QCheckBox(t(_("For a team member who shares this laptop")))
        self.passphrase = _password()
        self.repeat = _password()
        self.create_button = QPushButton(t(_("Create the identity")))
        self.create_button.clicked.connect(self.create)
        form = QFormLayout(create)
        form.addRow(t(_("Full name")), self.name)
        form.addRow(t(_("Position")), self.position)
        form.addRow(t(_("Office")), self.organisation)
        form.addRow("", self.member)
        form.addRow(t(_("Passphrase")), self.passphrase)
        form.addRow(t(_("Passphrase again")), self.repeat)
        form.addRow("", self.create_button)
        request = QGroupBox(t(_("2. Hand the request to the office")))
        self.request_info = _label()
        self.request_fingerprint = _fingerprint_label()
        self.save_request_button = QPushButton(t(_("Save the request as…")))
        self.save_request_button.clicked.connect(self.save_request)
        request_layout = QVBoxLayout(request)
        request_layout.addWidget(self.request_info)
        request_layout.addWidget(self.request_fingerprint)
        request_layout.addWidget(self.save_request_button)
        install = QGroupBox(t(_("3. Install the certificate the office issued")))
        self.install_button = QPushButton(t(_("Choose the certificate file…")))
        self.install_button.clicked.connect(self.choose_certificate)
        self.authority_info = _label()
        self.authority_fingerprint = _fingerprint_label()
        self.confirm = QCheckBox(
            t(_("I read this fingerprint out with the office, and it is the same"))
        )
        self.confirm.toggled.connect(self._confirmed)
        self.trust_button = QPushButton(t(_("Trust this authority and install")))
        self.trust_button.clicked.connect(self.trust_and_install)
        self.install_result = _label()
        install_layout = QVBoxLayout(install)
        for widget in (
            self.install_button,
            self.authority_info,
            self.authority_fingerprint,
            self.confirm,
            self.trust_button,
            self.install_result,
        ):
            install_layout.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(create)
        layout.addWidget(request)
        layout.addWidget(install)
        layout.addStretch(1)
        self._show_pending(None)
        self.refresh()

    def refresh(self) -> None:
        """Show the identities of this workspace, and the request still to hand over."""
        found = identity.identities(self.ctx.ws)
        lines = []
        for item in found:
            state = (
                _("certificate issued; its authority is trusted")
                if item.trusted
                else _("certificate issued; its authority is not trusted yet")
                if item.issued
                else _("waiting for the office's certificate")
            )
            who = _("{name} (team member)", name=item.name) if item.member else item.name
            lines.append(f"• {who}: {t(state)}")
        self.status.setText(
            "\n".join(lines) if lines else t(_("There is no signing identity on this laptop yet."))
        )
        own = any(not item.member for item in found)
        self.member.setChecked(own)  # the laptop has its own: another is a team member's
        self.member.setEnabled(not own)
        if self.request_path is None and found and not found[0].member and not found[0].issued:
            try:
                self.request_path = identity.own_request(self.ctx.ws)
            except ValidationError:  # the request was removed: nothing to hand over
                self.request_path = None
        self._show_request()

    def _show_request(self) -> None:
        self.save_request_button.setEnabled(self.request_path is not None)
        if self.request_path is None:
            self.request_info.setText(t(_("Create the identity first.")))
            self.request_fingerprint.clear()
            return
        try:
            info = identity.request_info(_read(self.request_path))
        except ValidationError as exc:
            self.request_info.setText(str(exc))
            self.request_fingerprint.clear()
            self.save_request_button.setEnabled(False)
            return
        self.request_info.setText(
            t(
                _(
                    "The certificate request of {name} is {path}. Save it where the office can"
                    " take it (a USB stick, e-mail), and read them this fingerprint:",
                    name=info.name,
                    path=str(self.request_path),
                )
            )
        )
        self.request_fingerprint.setText(info.fingerprint)

    @Slot()
    def create(self) -> None:
        try:
            passphrase = _passphrase_pair(self.passphrase, self.repeat)
            if not self.name.text().strip():
                raise ValidationError(_("Type the full name, as on the certificate."))
        except ValidationError as exc:
            self.ctx.error(exc)
            return
        values = {
            "name": self.name.text(),
            "passphrase": passphrase,
            "organisation": self.organisation.text().strip() or None,
            "member": self.member.isChecked(),
            "title": self.position.text().strip() or None,
        }
        self.create_button.setEnabled(False)
        self.ctx.jobs.start(
            partial(_init_keys, self.ctx.ws.home, values),
            label=t(_("Making the key pair…")),
            on_success=self._created,
            on_failure=self._failed,
        )

    def _created(self, path: str) -> None:
        self.create_button.setEnabled(True)
        self.passphrase.clear()
        self.repeat.clear()
        self.request_path = Path(path)
        self.refresh()
        self.changed.emit()

    def _failed(self, exc: BaseException) -> None:
        self.create_button.setEnabled(True)
        self.ctx.error(exc)

    @Slot()
    def save_request(self) -> None:
        if self.request_path is None:
            return
        name = identity.request_info(self.request_path.read_bytes()).name
        default = Path.home() / f"yeu-cau-{_slug(name)}.csr"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, t(_("Save the request as…")), str(default), REQUEST_FILTER
        )
        if not chosen:
            return
        try:
            atomic.write_atomic(Path(chosen), self.request_path.read_bytes())
        except OSError as exc:
            refused = ValidationError(_("The file {path} cannot be written.", path=chosen))
            refused.__cause__ = exc
            self.ctx.error(refused)
            return
        self.request_info.setText(
            t(_("The request is saved as {path}. Read the office this fingerprint:", path=chosen))
        )

    @Slot()
    def choose_certificate(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, t(_("Choose the certificate file…")), str(Path.home()), PEM_FILTER
        )
        if chosen:
            self.read_certificate(Path(chosen))

    def read_certificate(self, path: Path) -> None:
        """Read an issued certificate; install it at once if its authority is trusted here,
        else show the authority's whole fingerprint to check before trusting it."""
        try:
            pem = _read(path)
            info = identity.authority_of(self.ctx.ws, pem)
        except ValidationError as exc:
            self.ctx.error(exc)
            return
        if info.trusted:
            self._install(pem, info, trust=False)
            return
        self._show_pending((pem, info))

    def _show_pending(self, pending: tuple[bytes, identity.AuthorityInfo] | None) -> None:
        self.pending = pending
        self.confirm.setChecked(False)
        for widget in (self.authority_info, self.authority_fingerprint, self.confirm):
            widget.setVisible(pending is not None)
        self.trust_button.setVisible(pending is not None)
        self.trust_button.setEnabled(False)
        if pending is None:
            return
        info = pending[1]
        self.install_result.clear()
        self.authority_info.setText(
            t(
                _(
                    "The certificate of {holder} was issued by {authority}, which this laptop"
                    " does not trust yet. Telephone the office and read out its fingerprint;"
                    " trust it only if every character is the same:",
                    holder=info.holder,
                    authority=info.name,
                )
            )
        )
        self.authority_fingerprint.setText(info.fingerprint)

    @Slot(bool)
    def _confirmed(self, checked: bool) -> None:
        self.trust_button.setEnabled(checked and self.pending is not None)

    @Slot()
    def trust_and_install(self) -> None:
        if self.pending is None or not self.confirm.isChecked():
            return
        pem, info = self.pending
        self._install(pem, info, trust=True)

    def _install(self, pem: bytes, info: identity.AuthorityInfo, *, trust: bool) -> None:
        members = {i.name for i in identity.identities(self.ctx.ws) if i.member}
        member = info.holder if info.holder in members else None
        try:
            cert = identity.install(self.ctx.ws, pem, member=member, trust=trust)
        except Exception as exc:  # noqa: BLE001 - a slot's boundary
            self.ctx.error(exc)
            return
        self._show_pending(None)
        self.install_result.setText(
            t(_("Certificate installed for {name}.", name=identity.common_name(cert)))
        )
        self.refresh()
        self.changed.emit()


class AuthorityPage(QWidget):
    """At the office: make the workspace the authority, and issue certificates from requests."""

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.request: bytes | None = None
        self.status = _label()
        self.fingerprint = _fingerprint_label()
        self.create_box = QGroupBox(t(_("Make this workspace the office's authority")))
        self.organisation = QLineEdit()
        self.passphrase = _password()
        self.repeat = _password()
        self.create_button = QPushButton(t(_("Create the authority")))
        self.create_button.clicked.connect(self.create)
        form = QFormLayout(self.create_box)
        form.addRow(t(_("Organisation")), self.organisation)
        form.addRow(t(_("Passphrase")), self.passphrase)
        form.addRow(t(_("Passphrase again")), self.repeat)
        form.addRow("", self.create_button)
        self.issue_box = QGroupBox(t(_("Issue a certificate from a request")))
        self.choose_button = QPushButton(t(_("Choose a request file…")))
        self.choose_button.clicked.connect(self.choose_request)
        self.request_info = _label()
        self.request_fingerprint = _fingerprint_label()
        self.issue_passphrase = _password()
        self.issue_button = QPushButton(t(_("Issue the certificate…")))
        self.issue_button.clicked.connect(self.issue)
        self.issue_result = _label()
        issue_layout = QFormLayout(self.issue_box)
        issue_layout.addRow(self.choose_button)
        issue_layout.addRow(self.request_info)
        issue_layout.addRow(self.request_fingerprint)
        issue_layout.addRow(t(_("Passphrase of the authority")), self.issue_passphrase)
        issue_layout.addRow("", self.issue_button)
        issue_layout.addRow(self.issue_result)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.fingerprint)
        layout.addWidget(self.create_box)
        layout.addWidget(self.issue_box)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        here = identity.is_authority_here(self.ctx.ws)
        self.create_box.setVisible(not here)
        self.issue_box.setEnabled(here)
        self.issue_button.setEnabled(here and self.request is not None)
        if not here:
            self.status.setText(
                t(
                    _(
                        "Only the office that issues its inspectors' certificates needs an"
                        " authority; an inspector's laptop does not."
                    )
                )
            )
            self.fingerprint.clear()
            return
        cert = identity.authority_certificate(self.ctx.ws)
        self.status.setText(
            t(
                _(
                    "This workspace is the authority {name}. Inspectors trust it after reading"
                    " out this fingerprint with you:",
                    name=identity.common_name(cert),
                )
            )
        )
        self.fingerprint.setText(identity.certificate_fingerprint(cert))

    @Slot()
    def create(self) -> None:
        try:
            passphrase = _passphrase_pair(self.passphrase, self.repeat)
        except ValidationError as exc:
            self.ctx.error(exc)
            return
        self.create_button.setEnabled(False)
        self.ctx.jobs.start(
            partial(_init_ca, self.ctx.ws.home, self.organisation.text(), passphrase),
            label=t(_("Making the authority's keys…")),
            on_success=self._created,
            on_failure=self._failed,
        )

    def _created(self, _path: str) -> None:
        self.create_button.setEnabled(True)
        self.passphrase.clear()
        self.repeat.clear()
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self.create_button.setEnabled(True)
        self.refresh()
        self.ctx.error(exc)

    @Slot()
    def choose_request(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, t(_("Choose a request file…")), str(Path.home()), REQUEST_FILTER
        )
        if chosen:
            self.read_request(Path(chosen))

    def read_request(self, path: Path) -> None:
        """Show whom a request is for and its fingerprint, to compare with the inspector's."""
        try:
            data = _read(path)
            info = identity.request_info(data)
        except ValidationError as exc:
            self.ctx.error(exc)
            return
        self.request = data
        self.issue_result.clear()
        self.request_info.setText(
            t(
                _(
                    "A request from {name}. Issue the certificate only if the inspector reads"
                    " you the same fingerprint:",
                    name=info.name,
                )
            )
        )
        self.request_fingerprint.setText(info.fingerprint)
        self.refresh()

    @Slot()
    def issue(self) -> None:
        if self.request is None:
            return
        name = identity.request_info(self.request).name
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            t(_("Save the certificate as…")),
            str(Path.home() / f"chung-thu-{_slug(name)}.pem"),
            PEM_FILTER,
        )
        if not chosen:
            return
        self.issue_button.setEnabled(False)
        self.ctx.jobs.start(
            partial(
                _issue, self.ctx.ws.home, self.request, self.issue_passphrase.text(), Path(chosen)
            ),
            label=t(_("Issuing the certificate…")),
            on_success=self._issued,
            on_failure=self._failed,
        )

    def _issued(self, path: str) -> None:
        self.issue_passphrase.clear()
        self.issue_result.setText(
            t(_("The certificate is saved as {path}; give it to the inspector.", path=path))
        )
        self.refresh()


class EnrolDialog(Dialog):
    """Signing identities on this laptop, and the office's authority."""

    def __init__(self, ctx: Context, *, reason: Text | None = None) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx
        self.setWindowTitle(t(_("Signing identity")))
        self.setMinimumWidth(680)
        self.tabs = QTabWidget()
        self.mine = IdentityPage(ctx)
        self.office = AuthorityPage(ctx)
        self.tabs.addTab(self.mine, t(_("My signing identity")))
        self.tabs.addTab(self.office, t(_("Office: certificate authority")))
        if identity.is_authority_here(ctx.ws) and not identity.identities(ctx.ws):
            self.tabs.setCurrentWidget(self.office)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if reason is not None:
            why = _label()
            why.setText(t(reason))
            layout.addWidget(why)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        for button in self.findChildren(QPushButton):  # Enter in a field presses nothing
            button.setAutoDefault(False)
            button.setDefault(False)

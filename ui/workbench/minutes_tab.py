# SPDX-License-Identifier: GPL-3.0-or-later
"""The minutes: each signatory signs by hand on screen (or refuses, with the reason and a
witness), the minutes are previewed, then signed with the team leader's certificate and sealed."""

from __future__ import annotations

import html
import json
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import InspectorError
from inspector.fieldwork import screens, signatories
from inspector.i18n import _, current_language
from inspector.minutes import content as minutes_content
from inspector.minutes import sealing
from inspector.trust import identity
from inspector.vocabulary import InspectionStatus, SignatorySide, label
from ui import printing
from ui.context import Context, t
from ui.dialogs.base import ask_text
from ui.dialogs.enrol import EnrolDialog
from ui.dialogs.passphrase import ask_passphrase
from ui.dialogs.preview import PreviewDialog
from ui.operations.minutes import MinutesRequest, approve_job, sign_job
from ui.widgets.signature_pad import SignaturePad


class MinutesTab(QWidget):
    """Signatures by hand, refusals, preview, and the signing with a certificate."""

    sealed = Signal()
    go_to_requested = Signal(str, str, str)  # tab, record id, field: where a value is entered

    def __init__(self, ctx: Context, inspection_id: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.inspection_id = inspection_id
        self.rows: list[dict[str, Any]] = []
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.missing: list[minutes_content.Missing] = []
        # what the minutes still lack, each entry a link to where it is entered
        self.missing_box = QGroupBox(t(_("Still missing before signing")))
        self.missing_list = QListWidget()
        self.missing_list.setAccessibleName(t(_("Still missing before signing")))
        self.missing_list.setToolTip(t(_("Click an entry to go where it is entered")))
        self.missing_list.itemClicked.connect(self._missing_clicked)
        self.missing_list.itemActivated.connect(self._missing_clicked)
        missing_layout = QVBoxLayout(self.missing_box)
        missing_layout.addWidget(self.missing_list)
        self.people = QListWidget()
        self.people.setAccessibleName(t(_("Signatories")))
        self.people.setSpacing(4)
        self.people.currentRowChanged.connect(self._selected)
        self.people.itemDoubleClicked.connect(self.edit_title)
        self.people.setToolTip(t(_("Double-click a signatory to change the title printed")))
        self.who = QLabel()
        self.pad = SignaturePad()
        self.pad.setAccessibleName(t(_("Signature pad")))
        self.save_button = QPushButton(t(_("Keep this signature")))
        self.save_button.clicked.connect(self.save_signature)
        clear = QPushButton(t(_("Clear")))
        clear.clicked.connect(self.clear_signature)
        refuse = QPushButton(t(_("Refuses to sign…")))
        refuse.clicked.connect(self.refuse)
        witness = QPushButton(t(_("Add a witness…")))
        witness.setToolTip(
            t(_("A witness signs the minutes too (a representative of the commune, for instance)"))
        )
        witness.clicked.connect(self.add_witness)
        self.edit_buttons = [self.save_button, clear, refuse, witness]
        preview = QPushButton(t(_("Preview the minutes")))
        preview.setToolTip(t(_("Show the pages of the minutes as they will print")))
        preview.clicked.connect(self.preview)
        self.print_button = QPushButton(t(_("Print…")))
        self.print_button.setToolTip(
            t(_("Print the minutes (Ctrl+P): the signed ones once sealed"))
        )
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.clicked.connect(lambda: self.print_minutes())
        self.sign_button = QPushButton(t(_("Sign with the certificate and seal…")))
        self.sign_button.clicked.connect(self.sign)
        self.approved: dict[str, bool] = {}
        self.approve_button = QPushButton(t(_("Approve with my certificate…")))
        self.approve_button.setToolTip(
            t(_("The team member chosen adds an approval signature to the sealed minutes"))
        )
        self.approve_button.clicked.connect(self.approve)
        self.people.currentRowChanged.connect(self._update_approve)
        pad_buttons = QHBoxLayout()
        for button in self.edit_buttons:
            pad_buttons.addWidget(button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.who)
        right_layout.addWidget(self.pad, 1)
        right_layout.addLayout(pad_buttons)
        split = QSplitter()
        split.addWidget(self.people)
        split.addWidget(right)
        split.setSizes([320, 700])
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(preview)
        bottom.addWidget(self.print_button)
        bottom.addWidget(self.sign_button)
        bottom.addWidget(self.approve_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.missing_box)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)

    def flush(self) -> None:
        """Signatures are kept with the button."""

    def _is_sealed(self) -> bool:
        return screens.header(self.ctx.ws, self.inspection_id)["status"] == InspectionStatus.SIGNED

    def refresh(self) -> None:
        sealed = self._is_sealed()
        keep = self.people.currentRow()
        self.rows = signatories.proposed_signatories(self.ctx.ws, self.inspection_id)
        signer = signatories.certificate_signer(self.ctx.ws, self.inspection_id)
        self.approved = sealing.approvals(self.ctx.ws, self.inspection_id) if sealed else {}
        self.people.blockSignals(True)
        self.people.clear()
        for row in self.rows:
            states = [t(_("signed"))] if row["strokes"] else []
            if (signer and sealing.same_person(signer, row["name"])) or self.approved.get(
                row["name"]
            ):
                states.append(t(_("signed with the certificate")))
            state = (
                "; ".join(states)
                if states
                else t(_("refused to sign"))
                if row["refusal_reason"]
                else t(_("had not signed when the minutes were sealed"))
                if sealed
                else t(_("not yet signed"))
            )
            entry = QListWidgetItem(f"{row['name']} — {label(SignatorySide(row['side']))}\n{state}")
            self.people.addItem(entry)
        self.people.blockSignals(False)
        if self.rows:
            self.people.setCurrentRow(max(0, min(keep, len(self.rows) - 1)))
        self._selected(self.people.currentRow())
        self.banner.setText(
            t(
                _(
                    "These minutes are signed and sealed: nothing in this inspection can be changed."
                    " Corrections go into supplementary minutes."
                )
            )
            if sealed
            else t(
                _(
                    "Each person signs in the box; then the team leader signs with the"
                    " certificate, which seals the inspection."
                )
            )
        )
        for widget in [self.pad, self.sign_button, *self.edit_buttons]:
            widget.setEnabled(not sealed)
        self.approve_button.setVisible(bool(self.approved))
        self._update_approve()
        self._show_missing(sealed)

    def _show_missing(self, sealed: bool) -> None:
        """List what the minutes would still print as "……" or "Ông/Bà", each a link."""
        self.missing = [] if sealed else minutes_content.missing(self.ctx.ws, self.inspection_id)
        self.missing_box.setVisible(bool(self.missing))
        self.missing_list.clear()
        link = self.palette().link()
        for lack in self.missing:
            text = t(lack.label)
            if lack.field == "number":
                text = t(_("{what} (asked when signing)", what=lack.label))
            entry = QListWidgetItem(text)
            entry.setForeground(link)
            font = entry.font()
            font.setUnderline(True)
            entry.setFont(font)
            self.missing_list.addItem(entry)
        rows = max(1, min(len(self.missing), 6))
        self.missing_list.setFixedHeight(rows * self.missing_list.sizeHintForRow(0) + 8)

    @Slot(QListWidgetItem)
    def _missing_clicked(self, entry: QListWidgetItem) -> None:
        lack = self.missing[self.missing_list.row(entry)]
        self.go_to_requested.emit(lack.tab, lack.record_id or "", lack.field)

    def focus_record(self, record_id: str | None, field: str = "") -> None:
        """Select the signatory ``record_id``; a missing title is asked for at once."""
        if field == "number":  # asked when signing
            self.sign_button.setFocus()
            return
        found = [
            n
            for n, r in enumerate(self.rows)
            if (record_id is not None and r["id"] == record_id)
            or (field == "representative" and r["side"] == SignatorySide.UNIT)
        ]
        if found:
            self.people.setCurrentRow(found[0])
        self.people.setFocus()
        if field == "title" and found:
            self.edit_title()

    @Slot()
    def edit_title(self) -> None:
        """Ask for the title printed after the current signatory's name."""
        record = self._current()
        if record is None or self._is_sealed():
            return
        title = ask_text(
            self,
            _("Signatory's title"),
            _("Title or position of {name}", name=record["name"]),
            text=record["title"] or "",
        )
        if title is None:
            return
        try:
            if record["id"]:
                signatories.update_signatory(self.ctx.ws, record["id"], title=title)
            else:
                signatories.ensure_signatory(
                    self.ctx.ws, self.inspection_id, {**record, "title": title}
                )
        except InspectorError as exc:
            self.ctx.error(exc)
            return
        self.refresh()

    @Slot(int)
    def _selected(self, row: int) -> None:
        if not 0 <= row < len(self.rows):
            self.who.clear()
            self.pad.set_strokes(None)
            return
        record = self.rows[row]
        self.who.setText(
            f"<b>{html.escape(record['name'])}</b> {html.escape(record['title'] or '')}"
        )
        self.pad.set_strokes(json_strokes(record["strokes"]))

    def _current(self) -> dict[str, Any] | None:
        row = self.people.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    @Slot()
    def save_signature(self) -> None:
        record = self._current()
        if record is None:
            return
        try:
            signatories.sign_as(self.ctx.ws, self.inspection_id, record, self.pad.strokes())
        except InspectorError as exc:
            self.ctx.error(exc)
            return
        self.refresh()

    @Slot()
    def clear_signature(self) -> None:
        record = self._current()
        self.pad.clear()
        if record is None or not (record["strokes"] or record["refusal_reason"]):
            return
        try:
            signatories.clear_signature(self.ctx.ws, record["id"])
        except InspectorError as exc:
            self.ctx.error(exc)
            return
        self.refresh()

    @Slot()
    def refuse(self) -> None:
        record = self._current()
        if record is None:
            return
        reason = ask_text(self, _("Refuses to sign"), _("Reason given for refusing to sign"))
        if reason is None:
            return
        witness = ask_text(self, _("Refuses to sign"), _("Witness of the refusal (name, title)"))
        if witness is None:
            return
        try:
            signatories.refuse_as(
                self.ctx.ws, self.inspection_id, record, reason=reason, witness=witness
            )
        except InspectorError as exc:
            self.ctx.error(exc)
            return
        self.refresh()

    @Slot()
    def add_witness(self) -> None:
        name = ask_text(self, _("Witness"), _("Full name"))
        if name is None:
            return
        title = ask_text(self, _("Witness"), _("Title or organisation"))
        if title is None:
            return
        try:
            added = signatories.add_signatory(
                self.ctx.ws,
                self.inspection_id,
                name=name,
                side=SignatorySide.WITNESS.value,
                title=title or None,
            )
        except InspectorError as exc:
            self.ctx.error(exc)
            return
        self.refresh()
        self.people.setCurrentRow([r["id"] for r in self.rows].index(added))

    def _source(self) -> Path | MinutesRequest | None:
        """What to show or print: the signed file once sealed (a fresh rendering's code would
        not verify), else the minutes as they stand, composed and laid out on a worker; None
        (said) if the signed file is missing or was changed."""
        try:  # a small file read and hashed: the check is sealed or not before anything starts
            signed = sealing.signed_minutes(self.ctx.ws, self.inspection_id)
        except InspectorError as exc:
            self.ctx.error(exc)
            return None
        if signed is not None:
            return signed.path
        return MinutesRequest(self.ctx.ws.home, self.inspection_id, current_language())

    @Slot()
    def preview(self) -> None:
        """The pages in the app, laid out and drawn on a worker; the dialog says meanwhile."""
        source = self._source()
        if source is None:
            return
        self.preview_dialog = PreviewDialog(self.ctx, source)
        self.preview_dialog.show()

    def print_minutes(self, printer: Any = None) -> None:
        """Print the signed minutes if sealed, else the minutes as they stand now."""
        source = self._source()
        if source is None:
            return
        printing.print_pdf(self.ctx, source, printer)

    @Slot()
    def sign(self) -> None:
        lacking = [
            m
            for m in minutes_content.missing(self.ctx.ws, self.inspection_id)
            if m.field != "number"
        ]
        if lacking:  # said before anything is asked
            self.ctx.error(minutes_content.incomplete(lacking))
            return
        if not identity.has_identity(self.ctx.ws):  # enrolment in the app, not a terminal
            EnrolDialog(
                self.ctx,
                reason=_(
                    "To sign the minutes with a certificate, create your signing identity here"
                    " and have the office issue its certificate; then sign again."
                ),
            ).exec()
            return
        own = next((i for i in identity.identities(self.ctx.ws) if not i.member), None)
        if own is not None and not own.trusted and not self._sign_untrusted(own.name):
            return
        unsigned = [
            r["name"] for r in signatories.unsigned_parties(self.ctx.ws, self.inspection_id)
        ]
        if unsigned and not self._confirm_unsigned(unsigned):
            return
        number = ask_text(
            self, _("Sign the minutes"), _("Number and symbol of the minutes (e.g. 03/BB-ĐKT)")
        )
        if number is None:
            return
        self.number = number.strip() or None
        try:  # the number too: the signed minutes print no "……"
            minutes_content.require_complete(self.ctx.ws, self.inspection_id, number=self.number)
        except InspectorError as exc:
            self.ctx.error(exc)
            return
        passphrase = ask_passphrase(self, _("Sign with the certificate"))
        if passphrase is None:
            return
        self.sign_button.setEnabled(False)
        self.ctx.jobs.start(
            sign_job(
                self.ctx.ws.home,
                self.inspection_id,
                passphrase,
                current_language(),
                self.number,
                unsigned,
            ),
            label=t(_("Signing the minutes…")),
            on_success=self._signed,
            on_failure=self._sign_failed,
        )

    def _sign_untrusted(self, name: str) -> bool:
        """Sealing is for good: before signing with a certificate no trusted authority issued,
        offer to install the office's first (the enrolment); True to sign anyway."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            t(_("Sign with the certificate")),
            t(
                _(
                    "The certificate of {name} was not issued by an authority this laptop trusts."
                    " Minutes signed now are sealed for good, and every check of them will say"
                    " that the signature is not trusted. Install the office's certificate first?",
                    name=name,
                )
            ),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        install = box.addButton(t(_("Install the certificate…")), QMessageBox.ButtonRole.AcceptRole)
        anyway = box.addButton(t(_("Sign anyway")), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(install)
        box.exec()
        if box.clickedButton() is install:
            EnrolDialog(self.ctx).exec()
        return box.clickedButton() is anyway

    def _confirm_unsigned(self, names: list[str]) -> bool:
        """Ask before sealing without someone's signature; the minutes will say so."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            t(_("Seal without every signature?")),
            t(
                _(
                    "Not signed, and no refusal recorded: {names}. Once sealed, nobody can sign"
                    " these minutes by hand; they will say that these people had not signed when"
                    " the minutes were sealed. Seal anyway?",
                    names="; ".join(names),
                )
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def _signed(self, path: str) -> None:
        self.signed_path = path
        self.refresh()
        self.sealed.emit()

    def _sign_failed(self, exc: BaseException) -> None:
        self.sign_button.setEnabled(True)
        self.ctx.error(exc)

    @Slot()
    def _update_approve(self) -> None:
        """A member with a block in the sealed minutes, not yet signed, whose identity is here."""
        record = self._current()
        members = {i.name for i in identity.identities(self.ctx.ws) if i.member}
        self.approve_button.setEnabled(
            record is not None
            and self.approved.get(record["name"]) is False
            and record["name"] in members
        )

    @Slot()
    def approve(self) -> None:
        record = self._current()
        if record is None or self.approved.get(record["name"]) is not False:
            return
        passphrase = ask_passphrase(self, _("Approve with my certificate…"))
        if passphrase is None:
            return
        self.approve_button.setEnabled(False)
        self.ctx.jobs.start(
            partial(approve_job, self.ctx.ws.home, self.inspection_id, record["name"], passphrase),
            label=t(_("Signing the minutes…")),
            on_success=self._approved,
            on_failure=self._approve_failed,
        )

    def _approved(self, path: str) -> None:
        self.signed_path = path
        self.refresh()

    def _approve_failed(self, exc: BaseException) -> None:
        self._update_approve()
        self.ctx.error(exc)


def json_strokes(text: str | None) -> list[list[list[float]]] | None:
    """Strokes as stored (JSON), or None."""
    return json.loads(text) if text else None

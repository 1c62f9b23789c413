# SPDX-License-Identifier: GPL-3.0-or-later
"""Check signed minutes: a PDF's signatures (who, when, intact, trusted), or a code printed on a
paper copy against the sealed minutes of this workspace."""

from __future__ import annotations

import html
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
)

from inspector.errors import InspectorError
from inspector.i18n import _
from inspector.minutes import sealing
from inspector.timefmt import show_moment
from inspector.trust import identity
from ui.context import Context, t
from ui.dialogs.base import Dialog


def _result_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.MinimumExpanding)
    return label


def _verify(path: Path, trust: list[Any], on_progress: Any, is_cancelled: Any) -> Any:
    """Worker side: verification hashes the whole file (no database, no widgets)."""
    return sealing.verify_pdf(path, trust)


class VerifyDialog(Dialog):
    """Verify a signed minutes file, or a printed code."""

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx
        self.setWindowTitle(t(_("Verify minutes")))
        self.setMinimumWidth(560)
        file_box = QGroupBox(t(_("A signed minutes file")))
        choose = QPushButton(t(_("Choose a PDF…")))
        choose.clicked.connect(self.choose)
        self.file_result = _result_label()
        file_layout = QVBoxLayout(file_box)
        file_layout.addWidget(choose)
        file_layout.addWidget(self.file_result)
        code_box = QGroupBox(t(_("A code from a paper copy")))
        self.code = QLineEdit()
        self.code.setPlaceholderText(t(_("Type or scan the code printed beside the QR code")))
        self.code.setAccessibleName(t(_("Verification code")))
        self.code.returnPressed.connect(self.check_code)
        check = QPushButton(t(_("Check")))
        check.clicked.connect(self.check_code)
        self.code_result = _result_label()
        row = QHBoxLayout()
        row.addWidget(self.code, 1)
        row.addWidget(check)
        code_layout = QVBoxLayout(code_box)
        code_layout.addLayout(row)
        code_layout.addWidget(self.code_result)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(file_box)
        layout.addWidget(code_box)
        layout.addWidget(buttons)
        for button in self.findChildren(QPushButton):  # Enter checks the code, opens nothing
            button.setAutoDefault(False)
            button.setDefault(False)

    @Slot()
    def choose(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, t(_("Choose a PDF…")), str(self.ctx.ws.home / "minutes"), "PDF (*.pdf)"
        )
        if name:
            self.verify_file(Path(name))

    def verify_file(self, path: Path) -> None:
        """Verify a file's signatures off the UI thread; show the outcome here."""
        self.file_result.setText(t(_("Checking…")))
        self.ctx.jobs.start(
            partial(_verify, path, identity.trust_roots(self.ctx.ws)),
            label=t(_("Checking the signatures…")),
            on_success=self._verified,
            on_failure=self._failed,
        )

    def _verified(self, reports: list[sealing.SignatureReport]) -> None:
        lines = []
        for r in reports:
            state = t(_("valid")) if r.unchanged else t(_("INVALID: the document was changed"))
            trust = t(_("trusted")) if r.trusted else t(_("untrusted: unknown authority"))
            when = show_moment(r.signed_at) if r.signed_at else "?"
            lines.append(f"<b>{html.escape(r.name or r.signer)}</b> — {when}<br>{state} — {trust}")
        self._show(self.file_result, "<br><br>".join(lines))
        self.reports = reports

    def _failed(self, exc: BaseException) -> None:
        self._show(
            self.file_result, html.escape(str(exc)) if isinstance(exc, InspectorError) else ""
        )
        if not isinstance(exc, InspectorError):
            self.ctx.error(exc)

    @Slot()
    def check_code(self) -> None:
        try:
            row = sealing.check_digest(self.ctx.ws, self.code.text())
        except InspectorError as exc:
            self._show(self.code_result, html.escape(str(exc)))
            return
        self._show(
            self.code_result,
            html.escape(
                t(
                    _(
                        "The code matches the sealed minutes of {number} at {unit}, signed by {signer}.",
                        number=row["number_symbol"],
                        unit=row["unit"],
                        signer=row["signed_by"],
                    )
                )
            ),
        )

    def _show(self, label: QLabel, text: str) -> None:
        """Show a result in full: the label wraps, and the dialog grows to hold it."""
        label.setText(text)
        label.updateGeometry()
        self.layout().activate()
        self.adjustSize()

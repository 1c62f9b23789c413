# SPDX-License-Identifier: GPL-3.0-or-later
"""The dialog of the office's periodic papers: a period, a unit (or every unit), then the paper to
write for it (the responsibility ledger's annex, the period report as PDF or workbook), each
written on a worker (:mod:`ui.operations.papers`)."""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from inspector.errors import ValidationError
from inspector.i18n import _
from inspector.office import ledger
from ui.context import Context, t
from ui.dialogs.base import Dialog
from ui.operations.papers import ask_file, papers_job, written
from ui.widgets.dates import DateField, vietnam_today


class PapersDialog(Dialog):
    """A period (and a unit, or every unit), then the paper to write for it."""

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx
        self.setWindowTitle(t(_("Ledger and reports")))
        today = vietnam_today()
        self.start = DateField(date(today.year, 1, 1))
        self.end = DateField(today)
        self.unit = QComboBox()
        self.unit.addItem(t(_("Every unit")), None)
        for unit_id, name in ctx.ws.db.execute(
            "SELECT id, name FROM org_units WHERE deleted = 0 ORDER BY name"
        ).fetchall():
            self.unit.addItem(name, unit_id)
        form = QFormLayout()
        form.addRow(t(_("From")), self.start)
        form.addRow(t(_("To")), self.end)
        form.addRow(t(_("Unit (with its sub-units)")), self.unit)
        self.ledger_button = QPushButton(t(_("Responsibility ledger (PDF)…")))
        self.report_pdf_button = QPushButton(t(_("Period report (PDF)…")))
        self.report_xlsx_button = QPushButton(t(_("Period report (Excel)…")))
        self.ledger_button.clicked.connect(partial(self.write, "ledger", ".pdf"))
        self.report_pdf_button.clicked.connect(partial(self.write, "report", ".pdf"))
        self.report_xlsx_button.clicked.connect(partial(self.write, "report", ".xlsx"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        for button in (self.ledger_button, self.report_pdf_button, self.report_xlsx_button):
            layout.addWidget(button)
        layout.addWidget(self.message)
        layout.addWidget(close)

    def write(self, what: str, suffix: str, _checked: bool = False) -> None:
        """Ask where, then write the paper on a worker (a bad period is said here, nothing
        written)."""
        start, end = self.start.day(), self.end.day()
        try:
            ledger.period(start, end)
        except ValidationError as exc:
            self.message.setText(str(exc))
            return
        self.message.clear()
        stem = "so-theo-doi-trach-nhiem" if what == "ledger" else "bao-cao-tong-hop"
        kinds = {".pdf": "PDF", ".xlsx": "Excel"}
        out = ask_file(
            self,
            self.windowTitle(),
            str(Path.home() / f"{stem}-{start:%Y%m%d}-{end:%Y%m%d}{suffix}"),
            {suffix: kinds[suffix]},
        )
        if out is None:
            return
        self.ctx.jobs.start(
            partial(papers_job, self.ctx.ws.home, what, start, end, self.unit.currentData(), out),
            label=t(_("Writing {name}…", name=out.name)),
            on_success=partial(written, self.ctx, out),
            on_failure=self.ctx.error,
        )

# SPDX-License-Identifier: GPL-3.0-or-later
"""Dossier tracing: one row per processing step, lateness in working days computed live, the
delaying step and person highlighted; rows typed or pasted from a spreadsheet."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector import traces, views
from inspector.errors import InspectorError
from inspector.i18n import _
from inspector.timefmt import show_day
from ui.context import Context, t
from ui.undo import EditCommand

LATE = QColor(253, 226, 226)
DELAYING = QColor(246, 180, 180)
# Editable columns and the step field each edits.
EDITABLE = {2: "step_name", 4: "received_on", 5: "due_on", 6: "done_on"}


class StepDialog(QDialog):
    """Type one processing step (a new dossier, or the next step of one)."""

    def __init__(
        self, ctx: Context, inspection_id: str, ref: str | None, title: str | None
    ) -> None:
        super().__init__(ctx.window)
        self.setWindowTitle(t(_("Add a processing step")))
        self.ref = QLineEdit(ref or "")
        self.ref.setAccessibleName(t(_("Dossier or document number")))
        self.title = QLineEdit(title or "")
        self.title.setAccessibleName(t(_("Dossier title")))
        self.step = QLineEdit()
        self.step.setAccessibleName(t(_("Step")))
        self.step.setPlaceholderText(t(_("e.g. Tiếp nhận, Thẩm định, Phê duyệt, Trả kết quả")))
        self.holder = QComboBox()
        self.holder.setAccessibleName(t(_("Holder")))
        for person in views.roll_call(ctx.ws, inspection_id):
            self.holder.addItem(person["full_name"], person["person_id"])
        self.received = QLineEdit()
        self.due = QLineEdit()
        self.done = QLineEdit()
        for edit, name in (
            (self.received, _("Received on")),
            (self.due, _("Due on")),
            (self.done, _("Done on")),
        ):
            edit.setPlaceholderText("dd/mm/yyyy")
            edit.setAccessibleName(t(name))
        form = QFormLayout()
        form.addRow(t(_("Dossier or document number")), self.ref)
        form.addRow(t(_("Dossier title")), self.title)
        form.addRow(t(_("Step")), self.step)
        form.addRow(t(_("Holder")), self.holder)
        form.addRow(t(_("Received on")), self.received)
        form.addRow(t(_("Due on")), self.due)
        form.addRow(t(_("Done on")), self.done)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        (self.step if ref else self.ref).setFocus()

    def save(self, ctx: Context, inspection_id: str) -> bool:
        """Record the typed step (the holder by id, not by name); say why if it is refused."""
        try:
            traces.record_step(
                ctx.ws,
                inspection_id,
                object_ref=self.ref.text(),
                title=self.title.text() or None,
                step_name=self.step.text(),
                person_id=self.holder.currentData(),
                received_on=self.received.text(),
                due_on=self.due.text(),
                done_on=self.done.text() or None,
            )
        except InspectorError as exc:
            ctx.error(exc)
            return False
        return True


class DossiersTab(QWidget):
    """The sampled dossiers, step by step."""

    HEADERS = (
        _("Dossier"),
        _("Procedure"),
        _("Step"),
        _("Holder"),
        _("Received on"),
        _("Due on"),
        _("Done on"),
        _("Working days late"),
    )

    def __init__(self, ctx: Context, inspection_id: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.inspection_id = inspection_id
        self.rows: list[dict[str, Any]] = []
        self.summary = QLabel()
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setHorizontalHeaderLabels([t(h) for h in self.HEADERS])
        self.table.setAccessibleName(t(_("Dossier steps")))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setToolTip(
            t(
                _(
                    "Double-click or F2 edits a step's name or dates; Ctrl+V adds rows copied from a"
                    " spreadsheet"
                )
            )
        )
        self.table.itemChanged.connect(self._edited)
        add_dossier = self.add_dossier_button = QPushButton(t(_("New dossier…")))
        add_dossier.clicked.connect(lambda: self.add_step(new_dossier=True))
        add_step = self.add_step_button = QPushButton(t(_("Next step…")))
        add_step.clicked.connect(lambda: self.add_step(new_dossier=False))
        paste = self.paste_button = QPushButton(t(_("Paste rows")))
        paste.setToolTip(
            t(
                _(
                    "Paste rows copied from a spreadsheet: dossier number, procedure, step, holder,"
                    " received, due, done (Ctrl+V)"
                )
            )
        )
        paste.clicked.connect(self.paste)
        shortcut = QShortcut(QKeySequence.StandardKey.Paste, self.table)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(self.paste)
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(add_dossier)
        bar.addWidget(add_step)
        bar.addWidget(paste)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)

    def flush(self) -> None:
        """Cells are saved when an edit is committed."""

    def set_sealed(self, sealed: bool) -> None:
        """Show the dossiers read-only once the minutes are sealed."""
        for widget in (self.add_dossier_button, self.add_step_button, self.paste_button):
            widget.setEnabled(not sealed)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers
            if sealed
            else QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )

    def refresh(self) -> None:
        """Reload the steps and recompute lateness."""
        current = self.table.currentRow()
        self.rows = views.step_rows(self.ctx.ws, self.inspection_id)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        bold = QFont()
        bold.setBold(True)
        for n, row in enumerate(self.rows):
            cells = (
                row["object_ref"],
                row["title"] or "",
                row["step_name"],
                row["person"] or "",
                show_day(row["received_on"]),
                show_day(row["due_on"]),
                show_day(row["done_on"]),
                str(row["late_days"]) if row["late_days"] else "",
            )
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, row["id"])
                if col not in EDITABLE:
                    cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if row["delaying"]:
                    cell.setBackground(QBrush(DELAYING))
                    if col in (2, 3, 7):
                        cell.setFont(bold)
                elif row["late_days"]:
                    cell.setBackground(QBrush(LATE))
                self.table.setItem(n, col, cell)
        self.table.blockSignals(False)
        self.table.resizeColumnsToContents()
        if self.rows:
            self.table.setCurrentCell(max(0, min(current, len(self.rows) - 1)), 0)
        dossiers = {r["trace_id"]: r["trace_late_days"] for r in self.rows}
        late = sum(1 for days in dossiers.values() if days)
        self.summary.setText(t(_("Dossiers traced: {n}; late: {late}", n=len(dossiers), late=late)))

    def _set(self, step_id: str, field: str, value: str | None) -> None:
        traces.update_step(self.ctx.ws, step_id, **{field: value})
        self.refresh()

    @Slot(QTableWidgetItem)
    def _edited(self, cell: QTableWidgetItem) -> None:
        field = EDITABLE.get(cell.column())
        if field is None:
            return
        row = self.rows[cell.row()]
        step_id, old, new = row["id"], row[field], cell.text().strip() or None
        try:
            self._set(step_id, field, new)
        except InspectorError as exc:
            self.ctx.error(exc)
            self.refresh()
            return
        self.ctx.undo.push(
            EditCommand(
                t(_("Edit a step")),
                lambda: self._set(step_id, field, new),
                lambda: self._set(step_id, field, old),
                on_error=self.ctx.error,
            )
        )

    @Slot()
    def paste(self) -> None:
        """Add the rows on the clipboard (copied from a spreadsheet)."""
        text = QApplication.clipboard().text()
        self.add_rows(text)

    def add_rows(self, text: str) -> bool:
        """Add tab-separated rows; say why if they are refused (then nothing is added)."""
        try:
            traces.paste_steps(self.ctx.ws, self.inspection_id, text)
        except InspectorError as exc:
            self.ctx.error(exc)
            return False
        self.refresh()
        return True

    def add_step(self, *, new_dossier: bool) -> None:
        row = self.rows[self.table.currentRow()] if self.rows and not new_dossier else None
        dialog = StepDialog(
            self.ctx,
            self.inspection_id,
            row["object_ref"] if row else None,
            row["title"] if row else None,
        )
        while dialog.exec() == QDialog.DialogCode.Accepted:
            if dialog.save(self.ctx, self.inspection_id):
                self.refresh()
                return

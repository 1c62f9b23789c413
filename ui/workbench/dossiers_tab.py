# SPDX-License-Identifier: GPL-3.0-or-later
"""Dossier tracing: one row per processing step, lateness in working days computed live, the
delaying step and person highlighted; rows typed or pasted from a spreadsheet."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QRegularExpression, Qt, Slot
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QKeySequence,
    QRegularExpressionValidator,
    QShortcut,
)
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

from inspector.errors import InspectorError, ValidationError
from inspector.fieldwork import screens, traces
from inspector.i18n import Text, _
from inspector.timefmt import show_day
from ui.context import Context, t
from ui.dialogs.base import Dialog
from ui.undo import EditCommand

LATE = QColor(253, 226, 226)
DELAYING = QColor(246, 180, 180)
# Editable columns and the step field each edits.
EDITABLE = {2: "step_name", 4: "received_on", 5: "due_on", 6: "done_on"}
# Day, month and year as people type them: 5/3/2026, 05.03.2026, 5-3-26.
DAY_TYPED = re.compile(r"(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{4}|\d{2})")


def day_text(text: str) -> str:
    """A date as people type it (5/3/2026, 05.03.2026, 5-3-26) as dd/mm/yyyy; other text as it is,
    for the core to refuse with its message."""
    match = DAY_TYPED.fullmatch(text.strip())
    if match is None:
        return text.strip()
    day, month, year = match.groups()
    if len(year) == 2:
        year = f"20{year}"
    return f"{int(day):02d}/{int(month):02d}/{year}"


class DayEdit(QLineEdit):
    """A date field: typed as day/month/year (or yyyy-mm-dd), checked when the step is saved."""

    def __init__(self, name: Text, text: str = "") -> None:
        super().__init__(text)
        self.setPlaceholderText(t(_("dd/mm/yyyy")))
        self.setAccessibleName(t(name))
        self.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9/.\- ]{0,10}")))

    def day(self) -> str:
        """The typed date as dd/mm/yyyy where it reads as one."""
        return day_text(self.text())


class StepDialog(Dialog):
    """Type a new dossier and its first step, or the next step of a dossier; saved on OK.

    A refused step is said, and the dialog stays open with everything typed, on the field to fix.
    """

    def __init__(self, ctx: Context, inspection_id: str, dossier: dict[str, Any] | None) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx
        self.inspection_id = inspection_id
        self.step_id: str | None = None
        self.setWindowTitle(t(_("Next processing step") if dossier else _("Add a dossier")))
        self.setMinimumWidth(560)
        self.ref = QLineEdit(dossier["object_ref"] if dossier else "")
        self.ref.setAccessibleName(t(_("Dossier or document number")))
        self.dossier_title = QLineEdit((dossier["title"] or "") if dossier else "")
        self.dossier_title.setAccessibleName(t(_("Dossier title")))
        for fixed in (self.ref, self.dossier_title):
            fixed.setReadOnly(dossier is not None)  # the next step belongs to this dossier
        self.step = QLineEdit()
        self.step.setAccessibleName(t(_("Step")))
        self.step.setPlaceholderText(t(_("e.g. Tiếp nhận, Thẩm định, Phê duyệt, Trả kết quả")))
        self.holder = QComboBox()
        self.holder.setAccessibleName(t(_("Holder")))
        for person in screens.roll_call(ctx.ws, inspection_id):
            self.holder.addItem(person["full_name"], person["person_id"])
        # The next step usually starts the day the one before it was done.
        self.received = DayEdit(_("Received on"), show_day(dossier["done_on"]) if dossier else "")
        self.due = DayEdit(_("Due on"))
        self.done_on = DayEdit(_("Done on"))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(t(_("Dossier or document number")), self.ref)
        form.addRow(t(_("Dossier title")), self.dossier_title)
        form.addRow(t(_("Step")), self.step)
        form.addRow(t(_("Holder")), self.holder)
        form.addRow(t(_("Received on")), self.received)
        form.addRow(t(_("Due on")), self.due)
        form.addRow(t(_("Done on")), self.done_on)
        self.fields: dict[str, QWidget] = {
            "Dossier or document number": self.ref,
            "Dossier title": self.dossier_title,
            "Step": self.step,
            "Received on": self.received,
            "Due on": self.due,
            "Done on": self.done_on,
        }
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        (self.step if dossier else self.ref).setFocus()

    @Slot()
    def accept(self) -> None:
        """Record the typed step (the holder by id, not by name); if refused, say why and stay."""
        try:
            self.step_id = traces.record_step(
                self.ctx.ws,
                self.inspection_id,
                object_ref=self.ref.text(),
                title=self.dossier_title.text() or None,
                step_name=self.step.text(),
                person_id=self.holder.currentData(),
                received_on=self.received.day(),
                due_on=self.due.day(),
                done_on=self.done_on.day() or None,
            )
        except InspectorError as exc:
            self.ctx.error(exc)
            field = self.fields.get(getattr(exc, "field", None) or "")
            if field is not None:
                field.setFocus()
                if isinstance(field, QLineEdit):
                    field.selectAll()
            return
        super().accept()


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
        shortcut = self.paste_shortcut = QShortcut(QKeySequence.StandardKey.Paste, self.table)
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
        self.paste_shortcut.setEnabled(not sealed)
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
        self.rows = screens.step_rows(self.ctx.ws, self.inspection_id)
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
        if new is not None and field != "step_name":
            new = day_text(new)  # a date typed as people write it
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
        """Add the rows on the clipboard (copied from a spreadsheet); if the clipboard holds none
        that can be read, say what it should hold (and add nothing)."""
        text = QApplication.clipboard().text()
        expected = _(
            "Copy the rows from a spreadsheet, one step of a dossier a row, in 7 columns: dossier"
            " number, procedure, step, holder, received, due, done (empty if not finished);"
            " dates as dd/mm/yyyy. A heading row is skipped."
        )
        try:
            if not text.strip():
                raise ValidationError(_("The clipboard holds no rows."))
            traces.parse_steps(text)
        except ValidationError as exc:
            self.ctx.error(
                ValidationError(_("{problem}\n\n{expected}", problem=exc.text, expected=expected))
            )
            return
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
        """Type a new dossier, or the next step of the selected one, in a dialog."""
        dossier = None
        if self.rows and not new_dossier:
            trace_id = self.rows[max(0, self.table.currentRow())]["trace_id"]
            dossier = [r for r in self.rows if r["trace_id"] == trace_id][-1]  # its last step
        dialog = StepDialog(self.ctx, self.inspection_id, dossier)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            self.refresh()
            rows = [n for n, r in enumerate(self.rows) if r["id"] == dialog.step_id]
            if rows:
                self.table.setCurrentCell(rows[0], 0)
        finally:
            dialog.deleteLater()

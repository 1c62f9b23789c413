# SPDX-License-Identifier: GPL-3.0-or-later
"""Roll call: the unit's staff, each marked with one key; the counts always in view."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector import inspections, units, views
from inspector.errors import InspectorError
from inspector.i18n import _
from inspector.model import AttendanceStatus, ReasonCode, label
from inspector.timefmt import show_moment
from ui.context import Context, t
from ui.undo import EditCommand
from ui.widgets.fields import keyed_choice

Index = QModelIndex | QPersistentModelIndex

# One key per mark (digits work the same in both languages).
MARK_KEYS = {
    Qt.Key.Key_1: AttendanceStatus.PRESENT,
    Qt.Key.Key_2: AttendanceStatus.LATE,
    Qt.Key.Key_3: AttendanceStatus.ABSENT_WITH_REASON,
    Qt.Key.Key_4: AttendanceStatus.ABSENT_WITHOUT_REASON,
    Qt.Key.Key_5: AttendanceStatus.ON_LEAVE,
    Qt.Key.Key_6: AttendanceStatus.BUSINESS_TRIP,
}


class RollCallModel(QAbstractTableModel):
    """One row per staff member: name, position, mark, reason, arrival, note."""

    HEADERS = (_("Full name"), _("Position"), _("Mark"), _("Reason"), _("Arrived"), _("Note"))

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == 0:
                return row["full_name"]
            if column == 1:
                return row["position"] or ""
            if column == 2:
                return label(AttendanceStatus(row["status"])) if row["status"] else "—"
            if column == 3:
                return label(ReasonCode(row["reason_code"])) if row["reason_code"] else ""
            if column == 4:
                return show_moment(row["arrived_at"])
            return row["note"] or ""
        if role == Qt.ItemDataRole.UserRole:
            return row["person_id"]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return t(self.HEADERS[section])
        return None


class RollCallView(QTableView):
    """The staff table: keys 1–6 mark the current person and move to the next, Delete clears."""

    def __init__(self, tab: RollCallTab) -> None:
        super().__init__()
        self.tab = tab
        self.sealed = False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        mark = keyed_choice(event, MARK_KEYS, self.sealed)
        if mark is not None:
            self.tab.mark_current(mark)
            return
        if not self.sealed and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.tab.clear_current()
            return
        super().keyPressEvent(event)


class RollCallTab(QWidget):
    """Mark everyone present or absent, quickly, with the counts in view."""

    def __init__(self, ctx: Context, inspection_id: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.inspection_id = inspection_id
        self.model = RollCallModel()
        self.table = RollCallView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName(t(_("Roll call")))
        self.table.setToolTip(
            t(
                _(
                    "Keys: 1 present, 2 late, 3 absent with reason, 4 absent without reason, 5 on leave,"
                    " 6 business trip; Delete clears the mark"
                )
            )
        )
        self.counts = QLabel()
        self.counts.setAccessibleName(t(_("Roll-call counts")))
        self.keys_help = QLabel(
            t(
                _(
                    "1 Present · 2 Late · 3 Absent with reason · 4 Absent without reason · 5 On leave ·"
                    " 6 Business trip · Del clear"
                )
            )
        )
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(t(_("Add a staff member: name; position")))
        self.new_name.setAccessibleName(t(_("Add a staff member")))
        self.new_name.returnPressed.connect(self.add_person)
        import_button = self.import_button = QPushButton(t(_("Paste a staff list…")))
        import_button.clicked.connect(self.import_people)
        adder = QHBoxLayout()
        adder.addWidget(self.new_name, 1)
        adder.addWidget(import_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(self.keys_help)
        layout.addWidget(self.table)
        layout.addLayout(adder)

    def refresh(self) -> None:
        current = self.table.currentIndex().row()
        self.model.set_rows(views.roll_call(self.ctx.ws, self.inspection_id))
        self.table.resizeColumnsToContents()
        if self.model.rowCount():
            self.table.selectRow(max(0, min(current, self.model.rowCount() - 1)))
        self.update_counts()

    def update_counts(self) -> None:
        counts = inspections.attendance_counts(self.ctx.ws, self.inspection_id)
        marked = sum(counts.values())
        parts = [f"{label(AttendanceStatus(k))}: {n}" for k, n in counts.items()]
        parts.append(t(_("Not yet called: {n}", n=self.model.rowCount() - marked)))
        self.counts.setText(" · ".join(parts))

    def flush(self) -> None:
        """Marks are saved as they are made."""

    def set_sealed(self, sealed: bool) -> None:
        """Show the roll call read-only once the minutes are sealed."""
        self.table.setEnabled(True)
        self.table.sealed = sealed
        for widget in (self.new_name, self.import_button):
            widget.setEnabled(not sealed)

    def _current(self) -> dict[str, Any] | None:
        row = self.table.currentIndex().row()
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    def _apply(self, person_id: str, mark: dict[str, Any] | None) -> None:
        """Set one person's mark (None clears it) through the services."""
        if mark is None:
            inspections.clear_attendance(self.ctx.ws, self.inspection_id, person_id)
        else:
            inspections.record_attendance(self.ctx.ws, self.inspection_id, person_id, **mark)
        self.refresh()

    def mark_current(self, status: AttendanceStatus) -> None:
        """Mark the selected person and move to the next one."""
        row = self._current()
        if row is None:
            return
        mark: dict[str, Any] = {"status": status.value}
        if status == AttendanceStatus.LATE:
            mark["arrived_at"] = datetime.now().astimezone()
        if status == AttendanceStatus.ABSENT_WITH_REASON:
            reason = self.ask_reason()
            if reason is None:
                return
            mark["reason_code"] = reason
        old = self._mark_of(row)
        try:
            self._apply(row["person_id"], mark)
        except InspectorError as exc:
            self.ctx.error(exc)
            return
        pid = row["person_id"]
        self.ctx.undo.push(
            EditCommand(
                t(_("Roll-call mark")),
                lambda: self._apply(pid, mark),
                lambda: self._apply(pid, old),
                on_error=self.ctx.error,
            )
        )
        next_row = (
            self.model.rows.index(next(r for r in self.model.rows if r["person_id"] == pid)) + 1
        )
        if next_row < self.model.rowCount():
            self.table.selectRow(next_row)

    def clear_current(self) -> None:
        row = self._current()
        if row is None or row["status"] is None:
            return
        old = self._mark_of(row)
        pid = row["person_id"]
        try:
            self._apply(pid, None)
        except InspectorError as exc:
            self.ctx.error(exc)
            return
        self.ctx.undo.push(
            EditCommand(
                t(_("Roll-call mark")),
                lambda: self._apply(pid, None),
                lambda: self._apply(pid, old),
                on_error=self.ctx.error,
            )
        )

    @staticmethod
    def _mark_of(row: dict[str, Any]) -> dict[str, Any] | None:
        if row["status"] is None:
            return None
        return {
            "status": row["status"],
            "reason_code": row["reason_code"],
            "arrived_at": row["arrived_at"],
            "note": row["note"],
        }

    def ask_reason(self) -> str | None:
        """Ask which reason an absence has; None if the user cancels."""
        choices = [f"{code.value} — {label(code)}" for code in ReasonCode]
        text, ok = QInputDialog.getItem(
            self, t(_("Reason for the absence")), t(_("Reason")), choices, 0, False
        )
        if not ok:
            return None
        return list(ReasonCode)[choices.index(text)].value

    @Slot()
    def add_person(self) -> None:
        """Add the typed person to the unit's staff (and to the roll call)."""
        text = self.new_name.text()
        name, _sep, position = text.partition(";")
        try:
            unit_id = views.header(self.ctx.ws, self.inspection_id)["unit_id"]
            units.add_person(
                self.ctx.ws, full_name=name, unit_id=unit_id, position=position or None
            )
        except InspectorError as exc:
            self.ctx.error(exc)
            return
        self.new_name.clear()
        self.refresh()
        self.table.selectRow(self.model.rowCount() - 1)

    @Slot()
    def import_people(self) -> None:
        """Paste a staff list (a name a line, with the position after a tab, ``;`` or ``,``)."""
        dialog = QDialog(self)
        dialog.setWindowTitle(t(_("Paste a staff list")))
        edit = QPlainTextEdit()
        edit.setPlaceholderText(t(_("One person a line: name, then the position after a tab or ;")))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(edit)
        layout.addWidget(buttons)
        dialog.resize(520, 400)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            unit_id = views.header(self.ctx.ws, self.inspection_id)["unit_id"]
            units.import_people(self.ctx.ws, unit_id, edit.toPlainText())
        except InspectorError as exc:
            self.ctx.error(exc)
            return
        self.refresh()

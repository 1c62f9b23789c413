# SPDX-License-Identifier: GPL-3.0-or-later
"""Roll call: the unit's staff, each marked with one key; the counts always in view."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Slot,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector import timefmt
from inspector.errors import InspectorError
from inspector.fieldwork import roll_call, screens, units
from inspector.i18n import _
from inspector.timefmt import show_moment
from inspector.vocabulary import AttendanceStatus, ReasonCode, label
from ui.context import Context, t
from ui.dialogs.base import Dialog, ask_item
from ui.undo import EditCommand
from ui.widgets.choices import gender_box, staff_type_box
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

    NAME, POSITION, MARK, REASON, ARRIVED, NOTE = range(6)

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, Any]] = []
        # Saves a cell typed in place (row, column, text); True if saved.
        self.on_edit: Callable[[dict[str, Any], int, str], bool] | None = None
        self.sealed = False

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
        if role == Qt.ItemDataRole.EditRole:
            return self.data(index, Qt.ItemDataRole.DisplayRole)
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

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid() or self.sealed:
            return base
        row, column = self.rows[index.row()], index.column()
        editable = (
            column in (self.NAME, self.POSITION)
            or (column == self.NOTE and row["attendance_id"] is not None)
            or (column == self.ARRIVED and row["status"] == AttendanceStatus.LATE)
        )
        return base | Qt.ItemFlag.ItemIsEditable if editable else base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.on_edit is None:
            return False
        return self.on_edit(self.rows[index.row()], index.column(), str(value))

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
        self.table.setEditTriggers(
            QTableView.EditTrigger.DoubleClicked | QTableView.EditTrigger.EditKeyPressed
        )
        self.model.on_edit = self.edit_cell
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName(t(_("Roll call")))
        self.table.setToolTip(
            t(
                _(
                    "Keys: 1 present, 2 late, 3 absent with reason, 4 absent without reason, 5 on leave,"
                    " 6 business trip; Delete clears the mark; F2 or a double click corrects a name,"
                    " a position, a late arrival's time or a note"
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
        self.new_name.setPlaceholderText(t(_("Add a staff member: full name")))
        self.new_name.setAccessibleName(t(_("Add a staff member")))
        self.new_name.returnPressed.connect(self.add_person)
        self.new_position = QLineEdit()
        self.new_position.setPlaceholderText(t(_("Position")))
        self.new_position.setAccessibleName(t(_("New staff member's position")))
        self.new_position.returnPressed.connect(self.add_person)
        self.new_gender = gender_box(QComboBox())
        self.new_gender.setAccessibleName(t(_("New staff member's gender")))
        add_button = self.add_button = QPushButton(t(_("Add")))
        add_button.clicked.connect(self.add_person)
        edit_button = self.edit_button = QPushButton(t(_("Staff member's details…")))
        edit_button.setToolTip(t(_("Correct the name, position, gender and kind of employment")))
        edit_button.clicked.connect(self.edit_person)
        import_button = self.import_button = QPushButton(t(_("Paste a staff list…")))
        import_button.clicked.connect(self.import_people)
        adder = QHBoxLayout()
        adder.addWidget(self.new_name, 3)
        adder.addWidget(self.new_position, 2)
        adder.addWidget(self.new_gender)
        adder.addWidget(add_button)
        adder.addWidget(edit_button)
        adder.addWidget(import_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(self.keys_help)
        layout.addWidget(self.table)
        layout.addLayout(adder)

    def refresh(self) -> None:
        current = self.table.currentIndex().row()
        self.model.set_rows(screens.roll_call(self.ctx.ws, self.inspection_id))
        self.table.resizeColumnsToContents()
        if self.model.rowCount():
            self.table.selectRow(max(0, min(current, self.model.rowCount() - 1)))
        self.update_counts()

    def update_counts(self) -> None:
        counts = roll_call.attendance_counts(self.ctx.ws, self.inspection_id)
        marked = sum(counts.values())
        parts = [f"{label(AttendanceStatus(k))}: {n}" for k, n in counts.items()]
        parts.append(t(_("Not yet called: {n}", n=self.model.rowCount() - marked)))
        self.counts.setText(" · ".join(parts))

    def flush(self) -> None:
        """Marks are saved as they are made."""

    def focus_record(self, record_id: str | None, field: str = "") -> None:
        """Select the person ``record_id``: the position opens for typing; for the gender, the
        button of the person's details takes the focus."""
        for n, row in enumerate(self.model.rows):
            if row["person_id"] == record_id:
                self.table.selectRow(n)
                if self.table.sealed:
                    self.table.setFocus()
                elif field == "gender":
                    self.edit_button.setFocus()
                else:
                    index = self.model.index(n, RollCallModel.POSITION)
                    self.table.setCurrentIndex(index)
                    self.table.setFocus()
                    self.table.edit(index)
                return

    def set_sealed(self, sealed: bool) -> None:
        """Show the roll call read-only once the minutes are sealed."""
        self.table.setEnabled(True)
        self.table.sealed = sealed
        self.model.sealed = sealed
        for widget in (
            self.new_name,
            self.new_position,
            self.new_gender,
            self.add_button,
            self.edit_button,
            self.import_button,
        ):
            widget.setEnabled(not sealed)

    def _current(self) -> dict[str, Any] | None:
        row = self.table.currentIndex().row()
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    def _apply(self, person_id: str, mark: dict[str, Any] | None) -> None:
        """Set one person's mark (None clears it) through the services."""
        if mark is None:
            roll_call.clear_attendance(self.ctx.ws, self.inspection_id, person_id)
        else:
            roll_call.record_attendance(self.ctx.ws, self.inspection_id, person_id, **mark)
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
        choices = [reason_text(code) for code in ReasonCode]
        text = ask_item(self, _("Absence"), _("Reason for the absence"), choices)
        if text is None:
            return None
        return list(ReasonCode)[choices.index(text)].value

    @Slot()
    def add_person(self) -> None:
        """Add the typed person to the unit's staff (and to the roll call), with the position
        and gender given ("name; position" typed in the name field works too)."""
        name, _sep, typed_position = self.new_name.text().partition(";")
        position = self.new_position.text().strip() or typed_position
        try:
            unit_id = screens.header(self.ctx.ws, self.inspection_id)["unit_id"]
            units.add_person(
                self.ctx.ws,
                full_name=name,
                unit_id=unit_id,
                position=position or None,
                gender=self.new_gender.currentData(),
            )
        except InspectorError as exc:
            self.ctx.error(exc)
            return
        self.new_name.clear()
        self.new_position.clear()
        self.new_gender.setCurrentIndex(0)
        self.new_name.setFocus()
        self.refresh()
        self.table.selectRow(self.model.rowCount() - 1)

    # corrections -----------------------------------------------------------------------------

    def _saved_by(self, column: int, row: dict[str, Any]) -> Callable[[Any], object] | None:
        """The service that saves one in-place column of a row (None: not editable)."""
        ws, pid, mark = self.ctx.ws, row["person_id"], row["attendance_id"]
        if column == RollCallModel.NAME:
            return lambda value: units.update_person(ws, pid, full_name=value)
        if column == RollCallModel.POSITION:
            return lambda value: units.update_person(ws, pid, position=value)
        if column == RollCallModel.NOTE and mark:
            return lambda value: roll_call.update_attendance_note(ws, mark, value or "")
        if column == RollCallModel.ARRIVED and mark:
            return lambda value: roll_call.update_late_arrival(ws, mark, value)
        return None

    def edit_cell(self, row: dict[str, Any], column: int, text: str) -> bool:
        """Save a cell corrected in place, as one undoable step; False if refused."""
        save = self._saved_by(column, row)
        if save is None:
            return False
        old: Any = {
            RollCallModel.NAME: row["full_name"],
            RollCallModel.POSITION: row["position"],
            RollCallModel.NOTE: row["note"],
            RollCallModel.ARRIVED: timefmt.parse_utc(row["arrived_at"])
            if row["arrived_at"]
            else None,
        }[column]
        shown = {
            RollCallModel.NAME: row["full_name"],
            RollCallModel.POSITION: row["position"] or "",
            RollCallModel.NOTE: row["note"] or "",
            RollCallModel.ARRIVED: show_moment(row["arrived_at"]),
        }[column]
        if text == shown or old is None and column == RollCallModel.ARRIVED:
            return False

        def apply(value: Any) -> None:
            save(value)
            self.refresh()

        try:
            save(text)
        except InspectorError as exc:
            self.ctx.error(exc)
            return False
        what = t(RollCallModel.HEADERS[column])
        self.ctx.undo.push(
            EditCommand(what, lambda: apply(text), lambda: apply(old), on_error=self.ctx.error)
        )
        self._reload(row["person_id"])  # in place: the view is still closing its editor
        return True

    def _reload(self, person_id: str) -> None:
        """Show one person's row as stored now."""
        fresh = next(
            (
                r
                for r in screens.roll_call(self.ctx.ws, self.inspection_id)
                if r["person_id"] == person_id
            ),
            None,
        )
        for n, row in enumerate(self.model.rows):
            if row["person_id"] == person_id and fresh is not None:
                self.model.rows[n] = fresh
                last = self.model.columnCount() - 1
                self.model.dataChanged.emit(self.model.index(n, 0), self.model.index(n, last))

    @Slot()
    def edit_person(self) -> None:
        """Correct the selected person's name, position, gender and kind of employment."""
        row = self._current()
        if row is not None:
            StaffDialog(self, row, self._save_person).exec()

    def _save_person(self, row: dict[str, Any], values: dict[str, Any]) -> None:
        """Save a person's corrected details as one undoable step.

        Raises:
            InspectorError: refused (nothing is changed).
        """
        pid = row["person_id"]
        old = {k: row[k] for k in StaffDialog.FIELDS}
        new = dict(values)
        if units.gender_of(old["gender"]) == units.gender_of(new["gender"]):
            new["gender"] = old["gender"]  # "Nam" already says male
        new = {k: v for k, v in new.items() if (v or None) != old[k]}
        if not new:
            return

        def apply(changes: dict[str, Any]) -> None:
            units.update_person(self.ctx.ws, pid, **changes)
            self.refresh()

        apply(new)
        undo = {k: old[k] for k in new}
        self.ctx.undo.push(
            EditCommand(
                t(_("Staff member's details")),
                lambda: apply(new),
                lambda: apply(undo),
                on_error=self.ctx.error,
            )
        )

    @Slot()
    def import_people(self) -> None:
        """Paste a staff list (a name a line, with the position after a tab, ``;`` or ``,``)."""
        dialog = Dialog(self)
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
            unit_id = screens.header(self.ctx.ws, self.inspection_id)["unit_id"]
            units.import_people(self.ctx.ws, unit_id, edit.toPlainText())
        except InspectorError as exc:
            self.ctx.error(exc)
            return
        self.refresh()


def reason_text(code: ReasonCode) -> str:
    """A reason as the list of reasons shows it: the timesheet symbol and its meaning ("P — Nghỉ
    phép"), or the meaning alone where the code is no symbol of the timesheet ("Khác")."""
    if code == ReasonCode.OTHER:
        return label(code)
    return f"{code.value} — {label(code)}"


class StaffDialog(Dialog):
    """A staff member's name, position, gender and kind of employment, to correct.

    ``save(row, values)`` saves on OK; a refusal is shown and the dialog stays open with
    everything typed. Without ``save``, the caller reads :meth:`values` after OK.
    """

    FIELDS = ("full_name", "position", "gender", "staff_type")

    def __init__(
        self,
        parent: QWidget,
        row: dict[str, Any],
        save: Callable[[dict[str, Any], dict[str, Any]], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.row = row
        self.saver = save
        self.setWindowTitle(t(_("Staff member's details")))
        self.name = QLineEdit(row["full_name"])
        self.name.setAccessibleName(t(_("Full name")))
        self.position = QLineEdit(row["position"] or "")
        self.position.setAccessibleName(t(_("Position")))
        self.gender = gender_box(QComboBox())
        self.gender.setAccessibleName(t(_("Gender")))
        gender = units.gender_of(row["gender"])
        self.gender.setCurrentIndex(max(0, self.gender.findData(gender.value if gender else None)))
        self.staff_type = staff_type_box(QComboBox())
        self.staff_type.setAccessibleName(t(_("Kind of employment")))
        self.staff_type.setCurrentIndex(max(0, self.staff_type.findData(row["staff_type"])))
        form = QFormLayout()
        form.addRow(t(_("Full name")), self.name)
        form.addRow(t(_("Position")), self.position)
        form.addRow(t(_("Gender")), self.gender)
        form.addRow(t(_("Kind of employment")), self.staff_type)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(t(_("Save")))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(t(_("Cancel")))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    @Slot()
    def accept(self) -> None:
        """Save the details (a refusal is shown by the base, and the dialog stays open)."""
        if self.saver is not None:
            self.saver(self.row, self.values())
        super().accept()

    def values(self) -> dict[str, Any]:
        """The details as typed and chosen."""
        return {
            "full_name": self.name.text(),
            "position": self.position.text().strip() or None,
            "gender": self.gender.currentData(),
            "staff_type": self.staff_type.currentData(),
        }

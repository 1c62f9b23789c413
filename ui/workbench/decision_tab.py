# SPDX-License-Identifier: GPL-3.0-or-later
"""The Decision tab: the decision, the inspected unit and the team, each field corrected in place.

Texts save as they are typed (a draft per keystroke, a logged change on a pause), choices and the
date when made; every correction goes through a core service and Ctrl+Z undoes it. Once the
minutes are sealed, every control is disabled.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector import timefmt
from inspector.errors import InspectorError
from inspector.fieldwork import checklists, inspections, screens, units
from inspector.i18n import _, current_language
from inspector.minutes.wording import date_words
from inspector.timefmt import VIETNAM
from inspector.vocabulary import TeamRole, label
from ui.context import Context, t
from ui.undo import EditCommand
from ui.widgets.choices import gender_box, role_box, select_data
from ui.widgets.dates import DateField
from ui.widgets.fields import DraftBinding, QuietComboBox


def _text_box(height: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


# What each working-hours field looks like filled in (shown greyed while it is empty): a usual
# day, and a usual winter from 1 November to 31 March.
HOUR_EXAMPLES = {
    "am_start": "07:00",
    "am_end": "11:30",
    "pm_start": "13:30",
    "pm_end": "17:00",
    "winter_from": "01/11",
    "winter_to": "31/03",
    "winter_am_start": "07:30",
    "winter_am_end": "11:30",
    "winter_pm_start": "13:00",
    "winter_pm_end": "16:30",
}


class DecisionTab(QWidget):
    """The decision, the inspected unit and its place, and the team: everything corrected here."""

    changed = Signal()  # something the page's header shows may have changed

    def __init__(self, ctx: Context, inspection_id: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.inspection_id = inspection_id
        self.sealed = False
        self.member_id: str | None = None
        self.shown_day: str | None = None  # the decision date as stored when last shown
        ws, undo, err = ctx.ws, ctx.undo, ctx.error
        self.bindings: list[DraftBinding] = []

        def bound(widget: QLineEdit | QPlainTextEdit, table: str, field: str) -> DraftBinding:
            binding = DraftBinding(widget, ws, table, field, undo, err)
            binding.saved.connect(self._saved)
            self.bindings.append(binding)
            return binding

        # The decision.
        self.number = QLineEdit()
        self.number.setAccessibleName(t(_("Decision number")))
        self.signed_on = DateField()
        self.signed_on.setAccessibleName(t(_("Decision date")))
        self.signed_on.editingFinished.connect(self._date_edited)
        self.signer = QLineEdit()
        self.signer.setAccessibleName(t(_("Signer of the decision")))
        self.signer_title = QLineEdit()
        self.signer_title.setAccessibleName(t(_("Signer's title")))
        self.purpose = _text_box(50)
        self.purpose.setAccessibleName(t(_("Purpose")))
        self.basis = _text_box(70)
        self.basis.setAccessibleName(t(_("Legal basis")))
        self.scope = QLabel()
        self.scope.setWordWrap(True)
        self.scope.setAccessibleName(t(_("Checklist areas in scope")))
        self.decision_bindings = [
            bound(self.number, "decisions", "number_symbol"),
            bound(self.signer, "decisions", "signer_name"),
            bound(self.signer_title, "decisions", "signer_title"),
            bound(self.purpose, "decisions", "purpose"),
            bound(self.basis, "decisions", "legal_basis"),
        ]
        decision_box = QGroupBox(t(_("Decision")))
        form = QFormLayout(decision_box)
        form.addRow(t(_("Decision number")), self.number)
        form.addRow(t(_("Decision date")), self.signed_on)
        form.addRow(t(_("Signer of the decision")), self.signer)
        form.addRow(t(_("Signer's title")), self.signer_title)
        form.addRow(t(_("Purpose")), self.purpose)
        form.addRow(t(_("Legal basis")), self.basis)
        form.addRow(t(_("Scope")), self.scope)

        # The inspected unit and where the check happens.
        self.unit_name = QLineEdit()
        self.unit_name.setAccessibleName(t(_("Inspected unit")))
        self.superior = QLineEdit()
        self.superior.setAccessibleName(t(_("Superior body")))
        self.address = QLineEdit()
        self.address.setAccessibleName(t(_("Address")))
        self.place_name = QLineEdit()
        self.place_name.setAccessibleName(t(_("Place name")))
        self.place_name.setPlaceholderText(t(_("e.g. Diễn Châu (the minutes open with it)")))
        self.location = QLineEdit()
        self.location.setAccessibleName(t(_("Location")))
        self.location.setPlaceholderText(t(_("Where the team works, if not the unit's office")))
        # the unit's working day: how late a late arrival was, in the roll-call annex
        # (and, where the unit keeps them, its winter hours and the days they run between)
        self.hours: dict[str, QLineEdit] = {}
        labels = {**units.HOUR_LABELS, **units.SEASON_LABELS}
        for key in (*units.HOURS, *units.WINTER_HOURS, *units.WINTER_SEASON):
            box = QLineEdit()
            box.setAccessibleName(t(labels[key]))
            box.setPlaceholderText(HOUR_EXAMPLES[key])
            box.setMaximumWidth(80)
            self.hours[key] = box
        self.unit_bindings = [
            bound(self.unit_name, "org_units", "name"),
            bound(self.superior, "org_units", "superior_for_header"),
            bound(self.address, "org_units", "address"),
            bound(self.place_name, "org_units", "place_name"),
            *(bound(box, "org_units", key) for key, box in self.hours.items()),
        ]
        self.location_binding = bound(self.location, "inspections", "location")
        self.place_line = QLabel()
        self.place_line.setAccessibleName(t(_("Place and date in the minutes")))
        self.place_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        unit_box = QGroupBox(t(_("Inspected unit")))
        form = QFormLayout(unit_box)
        form.addRow(t(_("Name")), self.unit_name)
        form.addRow(t(_("Superior body")), self.superior)
        form.addRow(t(_("Address")), self.address)
        form.addRow(t(_("Place name")), self.place_name)
        for heading, prefix, season in (
            (_("Working hours"), "", False),
            (_("Winter hours"), "winter_", True),
        ):
            day = QHBoxLayout()
            parts = [(_("Morning"), "am_start", "am_end"), (_("Afternoon"), "pm_start", "pm_end")]
            if season:  # from which day to which day of the year
                day.addWidget(QLabel(t(_("from"))))
                day.addWidget(self.hours["winter_from"])
                day.addWidget(QLabel(t(_("to"))))
                day.addWidget(self.hours["winter_to"])
                day.addSpacing(12)
            for part, first, last in parts:
                day.addWidget(QLabel(t(part)))
                day.addWidget(self.hours[prefix + first])
                day.addWidget(QLabel("–"))
                day.addWidget(self.hours[prefix + last])
                day.addSpacing(12)
            day.addStretch(1)
            form.addRow(t(heading), day)
        form.addRow(t(_("Location")), self.location)
        form.addRow(t(_("In the minutes")), self.place_line)

        # The team: a list, the selected member's details, and a row to add one.
        self.team = QTableWidget(0, 4)
        self.team.setAccessibleName(t(_("Inspection team")))
        self.team.setHorizontalHeaderLabels(
            [t(_("Full name")), t(_("Position")), t(_("Gender")), t(_("Role"))]
        )
        self.team.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.team.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.team.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.team.verticalHeader().setVisible(False)
        self.team.horizontalHeader().setStretchLastSection(True)
        self.team.setMinimumHeight(120)
        self.team.currentCellChanged.connect(self._member_selected)
        self.member_name = QLineEdit()
        self.member_name.setAccessibleName(t(_("Team member's name")))
        self.member_position = QLineEdit()
        self.member_position.setAccessibleName(t(_("Team member's position")))
        self.member_position.setPlaceholderText(t(_("Position, e.g. Chief Inspector")))
        self.member_bindings = [
            bound(self.member_name, "team_members", "full_name"),
            bound(self.member_position, "team_members", "position"),
        ]
        self.member_gender = gender_box(QuietComboBox())
        self.member_gender.setAccessibleName(t(_("Team member's gender")))
        self.member_gender.activated.connect(self._gender_chosen)
        self.member_role = role_box(QuietComboBox())
        self.member_role.setAccessibleName(t(_("Team member's role")))
        self.member_role.activated.connect(self._role_chosen)
        self.remove_button = QPushButton(t(_("Remove from the team…")))
        self.remove_button.clicked.connect(self.remove_member)
        editor = QHBoxLayout()
        editor.addWidget(self.member_name, 3)
        editor.addWidget(self.member_position, 2)
        editor.addWidget(self.member_gender)
        editor.addWidget(self.member_role)
        editor.addWidget(self.remove_button)

        self.new_member = QLineEdit()
        self.new_member.setAccessibleName(t(_("New team member")))
        self.new_member.setPlaceholderText(t(_("Add a member: full name")))
        self.new_member.returnPressed.connect(self.add_member)
        self.new_position = QLineEdit()
        self.new_position.setAccessibleName(t(_("New member's position")))
        self.new_position.setPlaceholderText(t(_("Position")))
        self.new_position.returnPressed.connect(self.add_member)
        self.new_gender = gender_box(QuietComboBox())
        self.new_gender.setAccessibleName(t(_("New member's gender")))
        self.new_role = role_box(QuietComboBox())
        self.new_role.setAccessibleName(t(_("New member's role")))
        self.new_role.setCurrentIndex(list(TeamRole).index(TeamRole.MEMBER))
        self.add_button = QPushButton(t(_("Add to the team")))
        self.add_button.clicked.connect(self.add_member)
        adder = QHBoxLayout()
        adder.addWidget(self.new_member, 3)
        adder.addWidget(self.new_position, 2)
        adder.addWidget(self.new_gender)
        adder.addWidget(self.new_role)
        adder.addWidget(self.add_button)
        team_box = QGroupBox(t(_("Inspection team")))
        team_layout = QVBoxLayout(team_box)
        team_layout.addWidget(self.team)
        team_layout.addLayout(editor)
        team_layout.addLayout(adder)

        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(decision_box)
        column.addWidget(unit_box)
        column.addWidget(team_box)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    # showing ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the record as stored (saving whatever is being typed first)."""
        head = screens.header(self.ctx.ws, self.inspection_id)
        for binding, key in zip(
            self.decision_bindings,
            ("number_symbol", "signer_name", "signer_title", "purpose", "legal_basis"),
            strict=True,
        ):
            binding.bind(head["decision_id"], head[key])
        self.flush_date()
        self._show_day(head["signed_on"])
        for binding, key in zip(
            self.unit_bindings,
            ("unit_name", "superior_for_header", "unit_address", "place_name", *self.hours),
            strict=True,
        ):
            value = head[key]
            if key in units.WINTER_SEASON and value:  # stored "11-01", read as 01/11
                value = "/".join(reversed(value.split("-")))
            binding.bind(head["unit_id"], value)
        self.location_binding.bind(self.inspection_id, head["location"])
        titles = {
            a["code"]: a["title_vi"] if current_language() == "vi" else a["title_en"]
            for a in checklists.areas(self.ctx.ws.db, head["template_id"])
        }
        self.scope.setText("; ".join(f"{code}. {titles.get(code, '')}" for code in head["areas"]))
        self._show_place(head)
        names = [
            p["full_name"]
            for p in self.ctx.ws.db.query(
                "SELECT full_name FROM people WHERE deleted = 0 ORDER BY full_name"
            )
        ]
        self.new_member.setCompleter(QCompleter(names, self.new_member))
        self._fill_team()
        self._show_member()
        self._apply_sealed()

    def _show_day(self, stored: str) -> None:
        self.shown_day = stored
        self.signed_on.show_day(date.fromisoformat(stored))

    def _show_place(self, head: dict[str, Any]) -> None:
        """The place-and-date line the minutes open with, as it reads now."""
        arrived = head["arrived_at"]
        day = (
            timefmt.parse_utc(arrived).astimezone(VIETNAM).date()
            if arrived
            else date.fromisoformat(head["signed_on"])
        )
        place = head["place_name"] or "……"
        self.place_line.setText(f"{place}, {date_words(day, current_language())}")
        self.place_line.setToolTip(
            "" if head["place_name"] else t(_("Give the place name, or the minutes print ……"))
        )

    def _fill_team(self) -> None:
        """List the team, keeping the selected member selected."""
        rows = screens.team(self.ctx.ws, self.inspection_id)
        self.team.blockSignals(True)
        self.team.setRowCount(len(rows))
        selected = -1
        for n, row in enumerate(rows):
            gender = units.gender_of(row["gender"])
            cells = (
                row["full_name"],
                row["position"] or "",
                label(gender) if gender else "",
                label(TeamRole(row["role"])),
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, row)
                self.team.setItem(n, column, cell)
            if row["id"] == self.member_id:
                selected = n
        if selected < 0 and rows:
            selected = 0
        if selected >= 0:
            self.team.setCurrentCell(selected, 0)
        self.team.blockSignals(False)
        self.team.resizeColumnsToContents()
        self.member_id = rows[selected]["id"] if selected >= 0 else None

    def _member(self) -> dict[str, Any] | None:
        cell = self.team.item(self.team.currentRow(), 0)
        return cell.data(Qt.ItemDataRole.UserRole) if cell is not None else None

    def _show_member(self) -> None:
        """Show the selected member's details in the editor row."""
        row = self._member()
        self.member_id = row["id"] if row else None
        self.member_bindings[0].bind(self.member_id, row["full_name"] if row else None)
        self.member_bindings[1].bind(self.member_id, row["position"] if row else None)
        gender = units.gender_of(row["gender"]) if row else None
        select_data(self.member_gender, gender.value if gender else None)
        select_data(self.member_role, row["role"] if row else TeamRole.MEMBER.value)
        self._apply_sealed()

    @Slot(int, int, int, int)
    def _member_selected(self, row: int, _column: int, previous: int, _prev_column: int) -> None:
        if row != previous:
            self._show_member()

    def focus_record(self, record_id: str | None, field: str = "") -> None:
        """Put the cursor where ``field`` of a record is entered: the unit's superior body or
        place name, or a team member's (``record_id``: the person) position or gender."""
        unit_fields = {
            "superior_for_header": self.superior,
            "place_name": self.place_name,
            "address": self.address,
        }
        if field in unit_fields:
            unit_fields[field].setFocus()
            return
        if field == "team":  # no leader: the team, where a member's role is chosen
            if self.team.rowCount():
                self.team.setCurrentCell(0, 0)
                self.member_role.setFocus()
            else:
                self.new_member.setFocus()
            return
        for n in range(self.team.rowCount()):
            row = self.team.item(n, 0).data(Qt.ItemDataRole.UserRole)
            if row["person_id"] == record_id:
                self.team.setCurrentCell(n, 0)
                target = self.member_gender if field == "gender" else self.member_position
                target.setFocus()
                return

    def flush(self) -> None:
        """Save whatever is being typed (tab switched, window closing)."""
        for binding in self.bindings:
            binding.flush()
        self.flush_date()

    def set_sealed(self, sealed: bool) -> None:
        """Disable every control once the minutes are sealed."""
        self.sealed = sealed
        self._apply_sealed()

    def _apply_sealed(self) -> None:
        has_member = self.member_id is not None
        for widget in (
            self.number,
            self.signed_on,
            self.signer,
            self.signer_title,
            self.purpose,
            self.basis,
            self.unit_name,
            self.superior,
            self.address,
            self.place_name,
            self.location,
            self.new_member,
            self.new_position,
            self.new_gender,
            self.new_role,
            self.add_button,
        ):
            widget.setEnabled(not self.sealed)
        for widget in (
            self.member_name,
            self.member_position,
            self.member_gender,
            self.member_role,
            self.remove_button,
        ):
            widget.setEnabled(not self.sealed and has_member)

    # corrections -----------------------------------------------------------------------------

    @Slot(str)
    def _saved(self, _text: str) -> None:
        """A typed correction was saved: update what shows it elsewhere (not the field typed in)."""
        self._show_place(screens.header(self.ctx.ws, self.inspection_id))
        self._fill_team()
        self.changed.emit()

    def _decision_id(self) -> str:
        return str(screens.header(self.ctx.ws, self.inspection_id)["decision_id"])

    @Slot()
    def _date_edited(self) -> None:
        self.flush_date()

    def flush_date(self) -> None:
        """Save the decision date if it was changed."""
        old, new = self.shown_day, self.signed_on.day().isoformat()
        if self.sealed or old is None or new == old:
            return
        decision_id = self._decision_id()

        def apply(value: str) -> None:
            inspections.correct_decision(self.ctx.ws, decision_id, signed_on=value)
            self._show_day(value)
            self._show_place(screens.header(self.ctx.ws, self.inspection_id))
            self.changed.emit()

        try:
            apply(new)
        except InspectorError as exc:
            self._show_day(old)
            self.ctx.error(exc)
            return
        self.ctx.undo.push(
            EditCommand(
                t(_("Decision date")),
                lambda: apply(new),
                lambda: apply(old),
                on_error=self.ctx.error,
            )
        )

    def _correct_member(self, what: str, **change: Any) -> None:
        """Change the selected member's role or gender, as one undoable step."""
        row = self._member()
        if row is None:
            return
        member_id = row["id"]
        ((key, new),) = change.items()
        old = row[key]
        if key == "gender":
            known = units.gender_of(old)
            old = known.value if known else None
        if new == old:
            return

        def apply(value: Any) -> None:
            inspections.update_team_member(self.ctx.ws, member_id, **{key: value})
            self._fill_team()
            if self.member_id == member_id:
                self._show_member()

        try:
            apply(new)
        except InspectorError as exc:
            self.ctx.error(exc)
            self._show_member()
            return
        self.ctx.undo.push(
            EditCommand(what, lambda: apply(new), lambda: apply(old), on_error=self.ctx.error)
        )

    @Slot(int)
    def _gender_chosen(self, index: int) -> None:
        self._correct_member(t(_("Gender")), gender=self.member_gender.itemData(index))

    @Slot(int)
    def _role_chosen(self, index: int) -> None:
        self._correct_member(t(_("Role")), role=self.member_role.itemData(index))

    @Slot()
    def add_member(self) -> None:
        """Add the person typed to the team (new in the register if not there yet)."""
        if self.sealed:
            return
        try:
            member_id = inspections.add_member_named(
                self.ctx.ws,
                self.inspection_id,
                self.new_member.text(),
                self.new_role.currentData(),
                position=self.new_position.text(),
                gender=self.new_gender.currentData(),
            )
        except InspectorError as exc:
            self.ctx.error(exc)
            return
        self.new_member.clear()
        self.new_position.clear()
        self.new_gender.setCurrentIndex(0)
        self.new_role.setCurrentIndex(list(TeamRole).index(TeamRole.MEMBER))
        self.member_id = member_id
        self._fill_team()
        self._show_member()
        self.new_member.setFocus()
        self.changed.emit()

    @Slot()
    def remove_member(self) -> None:
        """Take the selected member off the team, once confirmed."""
        row = self._member()
        if row is None or self.sealed:
            return
        answer = QMessageBox.question(
            self,
            t(_("Remove from the team")),
            t(_("Take {name} off the inspection team?", name=row["full_name"])),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        for binding in self.member_bindings:
            binding.flush()
        try:
            inspections.remove_team_member(self.ctx.ws, row["id"])
        except InspectorError as exc:
            self.ctx.error(exc)
            return
        self.member_id = None
        self._fill_team()
        self._show_member()
        self.changed.emit()

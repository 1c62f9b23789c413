# SPDX-License-Identifier: GPL-3.0-or-later
"""A new surprise check: the decision, the team, the inspected unit and the scope."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import InspectorError
from inspector.fieldwork import checklists, inspections, units
from inspector.i18n import _, current_language
from inspector.vocabulary import TeamRole
from ui.context import Context, t
from ui.dialogs.base import Dialog
from ui.widgets.choices import gender_box, role_box
from ui.widgets.dates import DateField

DEFAULT_BASIS = (
    "Công văn số 1251/BHXH-TCCB năm 2023 của Bảo hiểm xã hội Việt Nam về tăng cường kỷ luật, kỷ"
    " cương hành chính; Chỉ thị số 150-CT/BCSĐ ngày 12/11/2024 về thực hành tiết kiệm, chống lãng"
    " phí"
)


class TeamRow(QWidget):
    """One member of the team: name, position (as the minutes print it), gender and role."""

    def __init__(self, role: TeamRole, names: list[str]) -> None:
        super().__init__()
        self.name = QLineEdit()
        self.name.setPlaceholderText(t(_("Full name")))
        self.name.setAccessibleName(t(_("Team member")))
        self.name.setCompleter(QCompleter(names, self))
        self.position = QLineEdit()
        self.position.setPlaceholderText(t(_("Position, e.g. Chief Inspector")))
        self.position.setAccessibleName(t(_("Team member's position")))
        self.gender = gender_box(QComboBox())
        self.gender.setAccessibleName(t(_("Team member's gender")))
        self.role = role_box(QComboBox())
        self.role.setAccessibleName(t(_("team role")))
        self.role.setCurrentIndex(list(TeamRole).index(role))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.name, 3)
        layout.addWidget(self.position, 2)
        layout.addWidget(self.gender)
        layout.addWidget(self.role)

    def member(self) -> inspections.NewMember:
        """The member as typed."""
        return inspections.NewMember(
            self.name.text(),
            self.role.currentData(),
            self.position.text(),
            self.gender.currentData(),
        )


class NewCheckDialog(Dialog):
    """Collects the decision, team, unit and scope; creates the check on OK, all or nothing."""

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx
        self.inspection_id: str | None = None
        self.setWindowTitle(t(_("New surprise check")))
        self.setMinimumWidth(780)
        ws = ctx.ws

        self.number = QLineEdit()
        self.number.setPlaceholderText(t(_("e.g. 15/QĐ-BHXH (provisional until registered)")))
        self.number.setAccessibleName(t(_("Decision number")))
        self.signed_on = DateField()  # today in Vietnam
        self.signed_on.setAccessibleName(t(_("Decision date")))
        self.signer = QLineEdit()
        self.signer.setAccessibleName(t(_("Signer of the decision")))
        self.signer_title = QLineEdit()
        self.signer_title.setAccessibleName(t(_("Signer's title")))
        self.basis = QPlainTextEdit(DEFAULT_BASIS)
        self.basis.setTabChangesFocus(True)
        self.basis.setFixedHeight(70)
        self.basis.setAccessibleName(t(_("Legal basis")))
        self.purpose = QPlainTextEdit()
        self.purpose.setTabChangesFocus(True)
        self.purpose.setFixedHeight(50)
        self.purpose.setPlaceholderText(t(_("What the check is for, as the decision states it")))
        self.purpose.setAccessibleName(t(_("Purpose")))
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.setAccessibleName(t(_("Inspected unit")))
        self.unit.lineEdit().setPlaceholderText(t(_("Choose or type the unit's name")))
        for row in units.units(ws):
            self.unit.addItem(row["name"], row["id"])
        self.unit.setCurrentIndex(-1)
        self.unit.currentIndexChanged.connect(self._unit_chosen)
        self.superior = QLineEdit()
        self.superior.setPlaceholderText(t(_("e.g. Bảo hiểm xã hội tỉnh Nghệ An")))
        self.superior.setAccessibleName(t(_("Superior body")))
        self.address = QLineEdit()
        self.address.setAccessibleName(t(_("Address")))
        self.place_name = QLineEdit()
        self.place_name.setPlaceholderText(t(_("e.g. Diễn Châu (the minutes open with it)")))
        self.place_name.setAccessibleName(t(_("Place name")))
        self.location = QLineEdit()
        self.location.setPlaceholderText(t(_("Where the team works, if not the unit's office")))
        self.location.setAccessibleName(t(_("Location")))

        form = QFormLayout()
        form.addRow(t(_("Decision number")), self.number)
        form.addRow(t(_("Decision date")), self.signed_on)
        form.addRow(t(_("Signer of the decision")), self.signer)
        form.addRow(t(_("Signer's title")), self.signer_title)
        form.addRow(t(_("Legal basis")), self.basis)
        form.addRow(t(_("Purpose")), self.purpose)
        form.addRow(t(_("Inspected unit")), self.unit)
        form.addRow(t(_("Superior body")), self.superior)
        form.addRow(t(_("Address")), self.address)
        form.addRow(t(_("Place name")), self.place_name)
        form.addRow(t(_("Location")), self.location)

        names = [
            p["full_name"] for p in ws.db.query("SELECT full_name FROM people WHERE deleted = 0")
        ]
        self.team_box = QGroupBox(t(_("Inspection team")))
        self.team_layout = QVBoxLayout(self.team_box)
        self.team_rows = [
            TeamRow(r, names) for r in (TeamRole.LEADER, TeamRole.MEMBER, TeamRole.SECRETARY)
        ]
        for row in self.team_rows:
            self.team_layout.addWidget(row)
        add_member = QPushButton(t(_("Add a member")))
        add_member.clicked.connect(lambda: self._add_member(names))
        self.team_layout.addWidget(add_member)

        self.scope_box = QGroupBox(t(_("Checklist areas in scope")))
        grid = QGridLayout(self.scope_box)
        self.area_boxes: list[tuple[str, QCheckBox]] = []
        template = checklists.default_template_id(ws.db)
        for n, area in enumerate(checklists.areas(ws.db, template)):
            title = area["title_vi"] if current_language() == "vi" else area["title_en"]
            box = QCheckBox(f"{area['code']}. {title}")
            box.setChecked(True)
            grid.addWidget(box, n // 2, n % 2)
            self.area_boxes.append((area["code"], box))

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(t(_("Create the check")))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(t(_("Cancel")))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.team_box)
        layout.addWidget(self.scope_box)
        layout.addWidget(buttons)
        self.number.setFocus()

    @Slot(int)
    def _unit_chosen(self, index: int) -> None:
        """Show the register's details of a unit chosen from the list, to check or complete."""
        unit_id = self.unit.itemData(index) if index >= 0 else None
        row = next((u for u in units.units(self.ctx.ws) if u["id"] == unit_id), None)
        if row is None:
            return
        self.superior.setText(row["superior_for_header"] or "")
        self.address.setText(row["address"] or "")
        self.place_name.setText(row["place_name"] or "")

    def _add_member(self, names: list[str]) -> None:
        row = TeamRow(TeamRole.MEMBER, names)
        self.team_rows.append(row)
        self.team_layout.insertWidget(len(self.team_rows) - 1, row)
        row.name.setFocus()

    @Slot()
    def accept(self) -> None:
        """Create the check; on a refusal, say why and stay open with everything typed."""
        unit_id = (
            self.unit.currentData()
            if self.unit.currentText() == self.unit.itemText(self.unit.currentIndex())
            else None
        )
        team = [row.member() for row in self.team_rows if row.name.text().strip()]
        try:
            self.inspection_id = inspections.new_check(
                self.ctx.ws,
                decision_number=self.number.text(),
                decision_date=self.signed_on.day(),
                signer_name=self.signer.text(),
                signer_title=self.signer_title.text(),
                legal_basis=self.basis.toPlainText(),
                purpose=self.purpose.toPlainText(),
                unit_id=unit_id,
                unit_name=self.unit.currentText(),
                unit_details={
                    "superior_for_header": self.superior.text(),
                    "address": self.address.text(),
                    "place_name": self.place_name.text(),
                },
                location=self.location.text(),
                areas=[code for code, box in self.area_boxes if box.isChecked()],
                team_names=team,
            )
        except InspectorError as exc:
            self.ctx.error(exc)
            return
        super().accept()

# SPDX-License-Identifier: GPL-3.0-or-later
"""A new surprise check: the decision, the team, the inspected unit and the scope."""

from __future__ import annotations

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
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

from inspector import checklists, inspections, units
from inspector.errors import InspectorError
from inspector.i18n import _, current_language
from inspector.model import TeamRole, label
from ui.context import Context, t

DEFAULT_BASIS = (
    "Công văn số 1251/BHXH-TCCB năm 2023 của Bảo hiểm xã hội Việt Nam về tăng cường kỷ luật, kỷ"
    " cương hành chính; Chỉ thị số 150-CT/BCSĐ ngày 12/11/2024 về thực hành tiết kiệm, chống lãng"
    " phí"
)


def date_format() -> str:
    """The date format of date fields: dd/MM/yyyy in Vietnamese, ISO in English."""
    return "dd/MM/yyyy" if current_language() == "vi" else "yyyy-MM-dd"


class TeamRow(QWidget):
    """One member of the team: name and role."""

    def __init__(self, role: TeamRole, names: list[str]) -> None:
        super().__init__()
        self.name = QLineEdit()
        self.name.setPlaceholderText(t(_("Full name")))
        self.name.setAccessibleName(t(_("Team member")))
        self.name.setCompleter(QCompleter(names, self))
        self.role = QComboBox()
        self.role.setAccessibleName(t(_("team role")))
        for r in TeamRole:
            self.role.addItem(label(r), r.value)
        self.role.setCurrentIndex(list(TeamRole).index(role))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.name, 1)
        layout.addWidget(self.role)


class NewCheckDialog(QDialog):
    """Collects the decision, team, unit and scope; creates the check on OK, all or nothing."""

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx
        self.inspection_id: str | None = None
        self.setWindowTitle(t(_("New surprise check")))
        self.setMinimumWidth(640)
        ws = ctx.ws

        self.number = QLineEdit()
        self.number.setPlaceholderText(t(_("e.g. 15/QĐ-BHXH (provisional until registered)")))
        self.number.setAccessibleName(t(_("Decision number")))
        self.signed_on = QDateEdit(QDate.currentDate())
        self.signed_on.setCalendarPopup(True)
        self.signed_on.setDisplayFormat(date_format())
        self.signed_on.setAccessibleName(t(_("Decision date")))
        self.signer = QLineEdit()
        self.signer.setAccessibleName(t(_("Signer of the decision")))
        self.signer_title = QLineEdit()
        self.signer_title.setAccessibleName(t(_("Signer's title")))
        self.basis = QPlainTextEdit(DEFAULT_BASIS)
        self.basis.setTabChangesFocus(True)
        self.basis.setFixedHeight(70)
        self.basis.setAccessibleName(t(_("Legal basis")))
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.setAccessibleName(t(_("Inspected unit")))
        self.unit.lineEdit().setPlaceholderText(t(_("Choose or type the unit's name")))
        for row in units.units(ws):
            self.unit.addItem(row["name"], row["id"])
        self.unit.setCurrentIndex(-1)
        self.location = QLineEdit()
        self.location.setAccessibleName(t(_("Location")))

        form = QFormLayout()
        form.addRow(t(_("Decision number")), self.number)
        form.addRow(t(_("Decision date")), self.signed_on)
        form.addRow(t(_("Signer of the decision")), self.signer)
        form.addRow(t(_("Signer's title")), self.signer_title)
        form.addRow(t(_("Legal basis")), self.basis)
        form.addRow(t(_("Inspected unit")), self.unit)
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
        team = [
            (row.name.text(), row.role.currentData())
            for row in self.team_rows
            if row.name.text().strip()
        ]
        try:
            self.inspection_id = inspections.new_check(
                self.ctx.ws,
                decision_number=self.number.text(),
                decision_date=self.signed_on.date().toPython(),
                signer_name=self.signer.text(),
                signer_title=self.signer_title.text(),
                legal_basis=self.basis.toPlainText(),
                unit_id=unit_id,
                unit_name=self.unit.currentText(),
                location=self.location.text(),
                areas=[code for code, box in self.area_boxes if box.isChecked()],
                team_names=team,
            )
        except InspectorError as exc:
            self.ctx.error(exc)
            return
        super().accept()

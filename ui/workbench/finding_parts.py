# SPDX-License-Identifier: GPL-3.0-or-later
"""The parts of a finding that are lists of their own, each edited in its box of the Findings
tab: who is responsible and how, the recommendations, the unit's explanations."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import InspectorError
from inspector.fieldwork import findings, recommendations, screens
from inspector.i18n import _
from inspector.timefmt import show_day
from inspector.vocabulary import (
    RecommendationStatus,
    RecommendationType,
    ResponsibilityLevel,
    SubjectType,
    label,
)
from ui.context import Context, t


def text_box(height: int) -> QPlainTextEdit:
    """A multi-line text of a fixed height, left with Tab."""
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


def _table(columns: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(columns)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.setFixedHeight(120)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, list[str]]]) -> None:
    """Show ``rows`` (record id, cells) in ``table``; each cell holds its record's id."""
    table.setRowCount(0)
    for record_id, cells in rows:
        n = table.rowCount()
        table.insertRow(n)
        for col, text in enumerate(cells):
            cell = QTableWidgetItem(text)
            cell.setData(Qt.ItemDataRole.UserRole, record_id)
            table.setItem(n, col, cell)


class _Part(QGroupBox):
    """A box of the finding shown; :attr:`changed` after each change it saved."""

    changed = Signal()

    def __init__(self, ctx: Context, inspection_id: str, title: str) -> None:
        super().__init__(title)
        self.ctx = ctx
        self.inspection_id = inspection_id
        self.finding_id: str | None = None
        self.inputs: list[QWidget] = []  # disabled once the check is sealed

    def set_sealed(self, sealed: bool) -> None:
        """Read-only once the minutes are sealed."""
        for widget in self.inputs:
            widget.setEnabled(not sealed)

    def _saved(self, change: Any) -> bool:
        """Run ``change()``; say why it was refused, or tell that it was saved."""
        try:
            change()
        except InspectorError as exc:
            self.ctx.error(exc)
            return False
        self.changed.emit()
        return True


class ResponsibilityEditor(_Part):
    """Who is responsible for the finding (the unit as a collective, or a person of the roll
    call) and at what level."""

    def __init__(self, ctx: Context, inspection_id: str) -> None:
        super().__init__(ctx, inspection_id, t(_("Responsibility")))
        self.table = _table(
            [t(_("Responsible")), t(_("Collective or individual")), t(_("Kind of responsibility"))],
            t(_("Responsibility")),
        )
        self.who = QComboBox()
        self.who.setAccessibleName(t(_("Responsible")))
        self.level = QComboBox()
        self.level.setAccessibleName(t(_("responsibility level")))
        for level in ResponsibilityLevel:
            self.level.addItem(label(level), level.value)
        self.add_button = QPushButton(t(_("Add")))
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton(t(_("Remove")))
        self.remove_button.clicked.connect(self.remove)
        self.inputs = [self.who, self.level, self.add_button, self.remove_button]
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        row.addWidget(self.who, 2)
        row.addWidget(self.level, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        layout.addLayout(row)

    def fill_people(self) -> None:
        """Offer the unit and each person of the roll call."""
        self.who.clear()
        head = screens.header(self.ctx.ws, self.inspection_id)
        self.who.addItem(
            f"{head['unit_name']} ({label(SubjectType.COLLECTIVE)})", ("unit", head["unit_id"])
        )
        for person in screens.roll_call(self.ctx.ws, self.inspection_id):
            text = person["full_name"] + (f" — {person['position']}" if person["position"] else "")
            self.who.addItem(text, ("person", person["person_id"]))

    def show_rows(self, finding_id: str, rows: list[dict[str, Any]]) -> None:
        """Show the responsibilities of ``finding_id``."""
        self.finding_id = finding_id
        _fill(
            self.table,
            [
                (
                    r["id"],
                    [
                        r["name"],
                        label(SubjectType(r["subject_type"])),
                        label(ResponsibilityLevel(r["level"])),
                    ],
                )
                for r in rows
            ],
        )

    @Slot()
    def add(self) -> None:
        finding_id = self.finding_id
        if finding_id is None:
            return
        kind, target = self.who.currentData()
        self._saved(
            lambda: findings.assign_responsibility(
                self.ctx.ws,
                finding_id,
                level=self.level.currentData(),
                person_id=target if kind == "person" else None,
                unit_id=target if kind == "unit" else None,
            )
        )

    @Slot()
    def remove(self) -> None:
        cell = self.table.currentItem()
        if cell is not None:
            record_id = cell.data(Qt.ItemDataRole.UserRole)
            self._saved(lambda: findings.delete_responsibility(self.ctx.ws, record_id))


class RecommendationEditor(_Part):
    """What the unit must do about the finding, by when; a request to repay money says where
    it is paid."""

    def __init__(self, ctx: Context, inspection_id: str) -> None:
        super().__init__(ctx, inspection_id, t(_("Recommendations")))
        self.table = _table(
            [t(_("Recommendation")), t(_("Text")), t(_("Deadline")), t(_("Follow-up"))],
            t(_("Recommendations")),
        )
        self.type = QComboBox()
        self.type.setAccessibleName(t(_("recommendation type")))
        for kind in RecommendationType:
            self.type.addItem(label(kind), kind.value)
        self.text = QLineEdit()
        self.text.setPlaceholderText(t(_("What the unit must do")))
        self.text.setAccessibleName(t(_("Recommendation text")))
        self.text.returnPressed.connect(self.add)
        # a request to repay money: where it is paid (shown for that kind only)
        self.pay_to = QLineEdit()
        self.pay_to.setPlaceholderText(t(_("Paid into (account, treasury)")))
        self.pay_to.setAccessibleName(t(_("Paid into")))
        self.pay_to.returnPressed.connect(self.add)
        self.type.currentIndexChanged.connect(self._show_pay_to)
        self.deadline = QLineEdit()
        self.deadline.setPlaceholderText(t(_("Deadline (dd/mm/yyyy)")))
        self.deadline.setAccessibleName(t(_("Deadline")))
        self.deadline.setMaximumWidth(150)
        self.add_button = QPushButton(t(_("Add")))
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton(t(_("Remove")))
        self.remove_button.clicked.connect(self.remove)
        self.inputs = [
            self.type,
            self.text,
            self.pay_to,
            self.deadline,
            self.add_button,
            self.remove_button,
        ]
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        row.addWidget(self.type, 1)
        row.addWidget(self.text, 2)
        row.addWidget(self.pay_to, 1)
        row.addWidget(self.deadline)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        layout.addLayout(row)
        self._show_pay_to()

    def show_rows(self, finding_id: str, rows: list[dict[str, Any]]) -> None:
        """Show the recommendations of ``finding_id``."""
        self.finding_id = finding_id
        _fill(
            self.table,
            [
                (
                    c["id"],
                    [
                        label(RecommendationType(c["type"])),
                        c["text"],
                        show_day(c["deadline"]),
                        label(RecommendationStatus(c["status"])),
                    ],
                )
                for c in rows
            ],
        )
        self.table.resizeColumnToContents(0)

    def default_type(self, severity: str) -> None:
        """Start a new recommendation as the type that fits the severity (praise only for good)."""
        kind = findings.default_recommendation_type(severity)
        self.type.setCurrentIndex(self.type.findData(kind.value))

    @Slot()
    def _show_pay_to(self) -> None:
        """Where repaid money is paid is asked for a request to repay money only."""
        self.pay_to.setVisible(self.type.currentData() == RecommendationType.REFUND)

    @Slot()
    def add(self) -> None:
        finding_id = self.finding_id
        if finding_id is None:
            return
        head = screens.header(self.ctx.ws, self.inspection_id)
        if self._saved(
            lambda: recommendations.recommend(
                self.ctx.ws,
                self.inspection_id,
                finding_id=finding_id,
                type=self.type.currentData(),
                text=self.text.text(),
                deadline=self.deadline.text() or None,
                owner_unit_id=head["unit_id"],
                pay_to=self.pay_to.text() if self.pay_to.isVisibleTo(self) else None,
            )
        ):
            self.text.clear()
            self.pay_to.clear()
            self.deadline.clear()

    @Slot()
    def remove(self) -> None:
        cell = self.table.currentItem()
        if cell is not None:
            record_id = cell.data(Qt.ItemDataRole.UserRole)
            self._saved(lambda: recommendations.delete_recommendation(self.ctx.ws, record_id))


class ExplanationEditor(_Part):
    """The unit's explanations of the finding: who gave each, and what they said."""

    def __init__(self, ctx: Context, inspection_id: str) -> None:
        super().__init__(ctx, inspection_id, t(_("The unit's explanation")))
        self.shown = QLabel()
        self.shown.setWordWrap(True)
        self.given_by = QLineEdit()
        self.given_by.setPlaceholderText(t(_("Explanation given by (name, title)")))
        self.given_by.setAccessibleName(t(_("Explanation given by")))
        self.text = text_box(60)
        self.text.setAccessibleName(t(_("Explanation")))
        self.text.setPlaceholderText(t(_("The unit's explanation")))
        self.add_button = QPushButton(t(_("Record the explanation")))
        self.add_button.clicked.connect(self.add)
        self.inputs = [self.given_by, self.text, self.add_button]
        layout = QVBoxLayout(self)
        layout.addWidget(self.shown)
        layout.addWidget(self.given_by)
        layout.addWidget(self.text)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignRight)

    def show_rows(self, finding_id: str, rows: list[dict[str, Any]]) -> None:
        """Show the explanations of ``finding_id``."""
        self.finding_id = finding_id
        self.shown.setText(
            "<br>".join(  # typed or imported text: shown as written, never as markup
                f"<b>{escape(e['given_by'])}</b>: {escape(e['text'])}" for e in rows
            )
            or t(_("No explanation recorded yet."))
        )

    @Slot()
    def add(self) -> None:
        finding_id = self.finding_id
        if finding_id is None:
            return
        if self._saved(
            lambda: recommendations.add_explanation(
                self.ctx.ws,
                self.inspection_id,
                finding_id=finding_id,
                given_by=self.given_by.text(),
                text=self.text.toPlainText(),
            )
        ):
            self.text.clear()

# SPDX-License-Identifier: GPL-3.0-or-later
"""Prepare a re-inspection: the failed items of a check (all ticked), the new decision and who
leads the team. OK prepares the check (:mod:`inspector.office.reinspect`); a refusal leaves the
dialog open with everything typed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from inspector.i18n import _
from inspector.office import followup, reinspect
from inspector.store import records
from inspector.timefmt import show_day
from inspector.vocabulary import Answer, label
from ui.context import Context, t
from ui.dialogs.base import Dialog
from ui.widgets.dates import DateField

CODE_ROLE = Qt.ItemDataRole.UserRole


class ReinspectDialog(Dialog):
    """A re-inspection of the failed items of ``inspection_id``; ``prepared`` its id once OK."""

    def __init__(self, ctx: Context, inspection_id: str) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx
        self.earlier = inspection_id
        self.prepared: str | None = None
        check = records.get(ctx.ws.db, "inspections", inspection_id)
        decision = records.get(ctx.ws.db, "decisions", check["decision_id"])
        unit = records.get(ctx.ws.db, "org_units", check["unit_id"])
        self.setWindowTitle(t(_("Re-inspection of {unit}", unit=unit["name"])))
        self.setMinimumWidth(620)
        intro = QLabel(
            t(
                _(
                    "A new check of {unit} that looks again at the items the check under decision"
                    " {number} of {day} found failing. Untick the items not to inspect again.",
                    unit=unit["name"],
                    number=decision["number_symbol"],
                    day=show_day(decision["signed_on"]),
                )
            )
        )
        intro.setWordWrap(True)
        self.items = QListWidget()
        for failed in reinspect.failed_items(ctx.ws, inspection_id):
            why = []
            if failed.answered:
                why.append(label(Answer(failed.answered)))
            if failed.findings:
                why.append(t(_("{n} findings", n=failed.findings)))
            entry = QListWidgetItem(f"{failed.code}. {failed.text_vi} ({'; '.join(why)})")
            entry.setData(CODE_ROLE, failed.code)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked)
            self.items.addItem(entry)
        self.number = QLineEdit()
        self.number.setPlaceholderText(t(_("e.g. 15/QĐ-BHXH (provisional until registered)")))
        self.signed_on = DateField()
        self.signer = QLineEdit(decision["signer_name"] or "")
        self.signer_title = QLineEdit(decision["signer_title"] or "")
        self.leader = QComboBox()
        leader = ctx.ws.db.execute(
            "SELECT person_id FROM team_members WHERE inspection_id = ? AND role = 'LEADER'"
            " AND deleted = 0",
            [inspection_id],
        ).fetchone()
        for person, name in followup.followers(ctx.ws).items():
            self.leader.addItem(name, person)
        if leader is not None:
            self.leader.setCurrentIndex(max(0, self.leader.findData(leader[0])))
        form = QFormLayout()
        form.addRow(t(_("Decision number")), self.number)
        form.addRow(t(_("Decision date")), self.signed_on)
        form.addRow(t(_("Signer of the decision")), self.signer)
        form.addRow(t(_("Signer's title")), self.signer_title)
        form.addRow(t(_("Team leader")), self.leader)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(t(_("Prepare the check")))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.items, 1)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def chosen(self) -> list[str]:
        """The codes of the items ticked."""
        return [
            str(self.items.item(n).data(CODE_ROLE))
            for n in range(self.items.count())
            if self.items.item(n).checkState() == Qt.CheckState.Checked
        ]

    def accept(self) -> None:
        """Prepare the check; a refusal is shown and the dialog stays open."""
        self.prepared = reinspect.prepare_reinspection(
            self.ctx.ws,
            self.earlier,
            decision_number=self.number.text(),
            decision_date=self.signed_on.day(),
            signer_name=self.signer.text(),
            signer_title=self.signer_title.text() or None,
            leader_id=str(self.leader.currentData()),
            items=self.chosen(),
        )
        super().accept()

# SPDX-License-Identifier: GPL-3.0-or-later
"""The conflicts screen: fields changed on two sides, both values, who and when; a person
chooses, and says why. The conflicts are found on a worker (:mod:`ui.operations.conflicts`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
)

from inspector.errors import InspectorError, ValidationError
from inspector.i18n import _
from inspector.sync import merge
from inspector.timefmt import show_moment
from inspector.vocabulary import field_label, value_label
from ui.context import Context, t
from ui.dialogs.base import Dialog
from ui.operations.conflicts import list_job


class ConflictsDialog(Dialog):
    """Fields changed on two sides: both values, who and when; a person chooses, and says why."""

    def __init__(self, ctx: Context, on_change: Callable[[], None]) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx
        self.on_change = on_change
        self.setWindowTitle(t(_("Conflicts")))
        self.setMinimumSize(760, 480)
        self.list = QListWidget()
        self.list.setAccessibleName(t(_("Conflicts")))
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(self.show_conflict)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.options = QVBoxLayout()
        self.group = QButtonGroup(self)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(t(_("Why this value (kept in the log)")))
        self.reason.setAccessibleName(t(_("Reason")))
        self.keep = QPushButton(t(_("&Keep the chosen value")))
        self.keep.clicked.connect(self.resolve)
        self.empty = QLabel(t(_("No conflicts.")))
        right = QVBoxLayout()
        right.addWidget(self.detail)
        right.addLayout(self.options)
        right.addWidget(self.reason)
        right.addWidget(self.keep)
        right.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(right, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.conflicts: list[merge.Conflict] = []
        self.labels: list[str] = []
        self.asked = 0  # the latest listing asked for: an older one that ends later is dropped
        self.refresh()

    def _label(self, row: int) -> str:
        return self.labels[row]

    def refresh(self) -> None:
        """List the conflicts again, found on a worker; the screen says so meanwhile."""
        self.asked += 1
        self.keep.setEnabled(False)
        self.empty.setText(t(_("Looking for conflicts…")))
        self.empty.setVisible(True)
        self.ctx.jobs.start(
            partial(list_job, self.ctx.ws.home),
            label=t(_("Looking for conflicts…")),
            on_success=partial(self._listed, self.asked),
            on_failure=partial(self._not_listed, self.asked),
            quiet=True,
        )

    def _listed(self, asked: int, found: list[tuple[merge.Conflict, str]]) -> None:
        if asked != self.asked:
            return
        self.conflicts = [c for c, _label in found]
        self.labels = [label for _c, label in found]
        self.list.clear()
        for text in self.labels:
            self.list.addItem(QListWidgetItem(text))
        self.empty.setText(t(_("No conflicts.")))
        self.empty.setVisible(not self.conflicts)
        self.keep.setEnabled(bool(self.conflicts))
        if self.conflicts:
            self.list.setCurrentRow(0)
        else:
            self.show_conflict(-1)

    def _not_listed(self, asked: int, exc: BaseException) -> None:
        if asked != self.asked:
            return
        self.empty.setText("")
        self.ctx.error(exc)

    @Slot(int)
    def show_conflict(self, row: int) -> None:
        for button in self.group.buttons():
            self.group.removeButton(button)
            self.options.removeWidget(button)
            button.deleteLater()
        if row < 0 or row >= len(self.conflicts):
            self.detail.setText("")
            return
        c = self.conflicts[row]
        self.detail.setText(self._label(row))
        if c.field in (merge.DELETED, merge.PARENT_DELETED):
            edits = "; ".join(
                f"{field_label(o.field or '')}: “{value_label(c.table, o.field or '', o.value)}”"
                f" ({o.changed_by}, {show_moment(o.changed_at)})"
                for o in c.options
            )
            option = QRadioButton(
                t(_("Keep it deleted (the edit stays in the log)"))
                if c.field == merge.DELETED
                else t(_("Delete it too (it stays in the log)"))
            )
            option.setToolTip(edits)
            option.setChecked(True)
            self.group.addButton(option, 0)
            self.options.addWidget(option)
            if edits:
                self.detail.setText(f"{self._label(row)}\n{edits}")
            return
        for n, o in enumerate(c.options):
            option = QRadioButton(
                t(
                    _(
                        "“{value}” — {who} on device {device}, {when}",
                        value=value_label(c.table, c.field, o.value),
                        who=o.changed_by,
                        device=o.device_id[:8],
                        when=show_moment(o.changed_at),
                    )
                )
            )
            self.group.addButton(option, n)
            self.options.addWidget(option)

    @Slot()
    def resolve(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        conflict = self.conflicts[row]
        chosen = self.group.checkedId()
        reason = self.reason.text().strip()
        if chosen < 0 or not reason:
            self.ctx.error(
                ValidationError(
                    _("Choose the value to keep.")
                    if chosen < 0
                    else _("Say why this value is kept.")
                )
            )
            return
        deletion = conflict.field in (merge.DELETED, merge.PARENT_DELETED)
        value = None if deletion else conflict.options[chosen].value
        try:
            with self.ctx.ws.transaction() as db:
                merge.resolve(db, self.ctx.ws.actor, conflict, value, reason)
        except InspectorError as exc:
            self.ctx.error(exc)
            self.refresh()  # other values arrived meanwhile: show what stands now
            return
        self.reason.clear()
        self.refresh()
        self.on_change()

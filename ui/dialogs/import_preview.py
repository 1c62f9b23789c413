# SPDX-License-Identifier: GPL-3.0-or-later
"""What importing a sync package will do, shown before it is done (and what it did, after)."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from inspector.i18n import _
from inspector.store.workspace import Workspace
from inspector.sync import inbox
from inspector.sync.exchange import ImportResult
from inspector.timefmt import show_moment
from inspector.vocabulary import TABLE_LABELS
from ui.context import t
from ui.dialogs.base import Dialog
from ui.operations.conflicts import record_label

RECORD = _("Record")


def _table(name: str) -> str:
    return t(TABLE_LABELS.get(name, RECORD))


def _table_counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{_table(k)}: {n}" for k, n in sorted(counts.items()))


def describe_result(result: ImportResult) -> str:
    """The preview (or outcome) of an import, as rich text."""
    head = t(
        _(
            "Package from {signer}, made on {when}.",
            signer=result.signer,
            when=show_moment(result.created_at),
        )
    )
    lines = [html.escape(head), html.escape(inbox.describe(result))]
    if result.new_records:
        lines.append(html.escape(t(_("New: {counts}", counts=_table_counts(result.new_records)))))
    if result.changed_records:
        lines.append(
            html.escape(t(_("Changed: {counts}", counts=_table_counts(result.changed_records))))
        )
    if result.conflicts:
        lines.append(
            "<b>"
            + html.escape(
                t(
                    _(
                        "{n} fields were changed on both sides: both values are kept until you"
                        " choose (Sync → Conflicts).",
                        n=len(result.conflicts),
                    )
                )
            )
            + "</b>"
        )
    if result.refused:
        lines.append(
            "<b>"
            + html.escape(
                t(_("{n} changes are refused; they stay in the log.", n=len(result.refused)))
            )
            + "</b>"
        )
        lines += [
            html.escape(t(_("{reason} ({n} changes)", reason=reason, n=n)))
            for reason, n in inbox.refusal_reasons(result)
            if reason
        ]
    if result.kit.get("trusted"):
        lines.append(
            html.escape(
                t(_("Authorities to trust: {names}", names=", ".join(result.kit["trusted"])))
            )
        )
    return "<br>".join(lines)


class ImportDialog(Dialog):
    """What importing a package will do; Import applies it. ``labels`` name the records whose
    fields will wait for a choice (named by the preview's job, off the UI thread)."""

    def __init__(
        self,
        parent: QWidget,
        result: ImportResult,
        ws: Workspace | None = None,
        labels: list[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(t(_("Import {file}", file=Path(result.path).name)))
        self.setMinimumWidth(560)
        text = QLabel(describe_result(result))
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        self.conflicts = QListWidget()  # which fields will wait for a choice
        self.conflicts.setAccessibleName(t(_("Conflicts")))
        if labels is None:  # named here (a few rows each): a preview made without the names
            labels = [
                record_label(ws, c["table"], c["record_id"], c["field"]) if ws else c["table"]
                for c in result.conflicts[:200]
            ]
        self.conflicts.addItems(labels)
        self.conflicts.setVisible(bool(result.conflicts))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            t(_("&Import")), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.conflicts)
        layout.addWidget(self.buttons)

# SPDX-License-Identifier: GPL-3.0-or-later
"""Sync in the app: export and import packages (by menu or by dropping files on the window),
a preview of what an import does before it is done, receipts, the inbox folder, the conflicts
screen and what went out and came in.

Export, import and the inbox run off the UI thread, each on its own workspace connection.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import InspectorError, ValidationError
from inspector.fieldwork import screens
from inspector.i18n import _
from inspector.store.workspace import Workspace
from inspector.sync import exchange, inbox, merge, packages, receipts
from inspector.sync.exchange import ImportResult
from inspector.timefmt import show_moment
from inspector.trust import identity
from inspector.vocabulary import TABLE_LABELS, field_label, value_label
from ui.context import Context, t
from ui.dialogs.base import Dialog
from ui.dialogs.passphrase import ask_passphrase

INBOX_KEY = "sync.inbox"
INBOX_EVERY_MS = 5000
INBOX_MAX_MS = 5 * 60 * 1000
FILTER = "Inspector (*.inspkg)"


def _export_job(home: Path, out: Path, passphrase: str, everything: bool) -> Any:
    def job(on_progress: Any, is_cancelled: Any) -> exchange.ExportResult:
        with Workspace.open(home) as ws:
            ident = identity.load_identity(ws, passphrase)
            return exchange.export_package(
                ws,
                out,
                ident,
                everything=everything,
                on_progress=on_progress,
                is_cancelled=is_cancelled,
            )

    return job


def _import_job(home: Path, path: Path, preview: bool, trust: str | None = None) -> Any:
    def job(on_progress: Any, is_cancelled: Any) -> ImportResult:
        with Workspace.open(home) as ws:
            return exchange.import_package(
                ws,
                path,
                preview=preview,
                trust_fingerprint=trust,
                on_progress=on_progress,
                is_cancelled=is_cancelled,
            )

    return job


def _receipt_job(home: Path, package_id: str, passphrase: str, out: Path) -> Any:
    def job(on_progress: Any, is_cancelled: Any) -> Path:
        with Workspace.open(home) as ws:
            authority = identity.load_authority(ws, passphrase)  # the office signs receipts
            return exchange.receipt_for_package(ws, package_id, authority, out)

    return job


def _inbox_job(home: Path, folder: Path) -> Any:
    def job(on_progress: Any, is_cancelled: Any) -> list[inbox.InboxEntry]:
        with Workspace.open(home) as ws:
            return inbox.scan(ws, folder)

    return job


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
    """What importing a package will do; Import applies it."""

    def __init__(self, parent: QWidget, result: ImportResult, ws: Workspace | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(t(_("Import {file}", file=Path(result.path).name)))
        self.setMinimumWidth(560)
        text = QLabel(describe_result(result))
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        self.conflicts = QListWidget()  # which fields will wait for a choice
        self.conflicts.setAccessibleName(t(_("Conflicts")))
        for c in result.conflicts[:200]:
            self.conflicts.addItem(
                record_label(ws, c["table"], c["record_id"], c["field"]) if ws else c["table"]
            )
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


def record_label(ws: Workspace, table: str, record_id: str, field: str) -> str:
    """A record and field as people name them: “Findings “title”: Severity”."""
    what = (
        t(_("edited elsewhere after it was deleted here"))
        if field == merge.DELETED
        else t(_("the record it belongs to was deleted"))
        if field == merge.PARENT_DELETED
        else field_label(field)
    )
    return f"{screens.record_name(ws, table, record_id)}: {what}"


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
        self.refresh()

    def _label(self, c: merge.Conflict) -> str:
        return record_label(self.ctx.ws, c.table, c.record_id, c.field)

    def refresh(self) -> None:
        self.conflicts = merge.conflicts(self.ctx.ws.db)
        self.list.clear()
        for c in self.conflicts:
            self.list.addItem(QListWidgetItem(self._label(c)))
        self.empty.setVisible(not self.conflicts)
        self.keep.setEnabled(bool(self.conflicts))
        if self.conflicts:
            self.list.setCurrentRow(0)
        else:
            self.show_conflict(-1)

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
        self.detail.setText(self._label(c))
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
                self.detail.setText(f"{self._label(c)}\n{edits}")
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


class SyncStatusDialog(Dialog):
    """Packages sent (and whether the office confirmed them), received, and the inbox log."""

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx.window)
        self.setWindowTitle(t(_("Packages and receipts")))
        self.setMinimumSize(720, 440)
        status = exchange.sync_status(ctx.ws)
        lines = ["<p>" + html.escape(t(receipts.status_text(status))) + "</p><ul>"]
        for p in status.packages:
            state = t(receipts.package_state(p))
            lines.append(
                f"<li>{show_moment(p['created_at'])} — {html.escape(p['file_name'] or '')}"
                f" — {html.escape(state)}</li>"
            )
        lines.append("</ul><p><b>" + html.escape(t(_("Received"))) + "</b></p><ul>")
        for r in ctx.ws.db.query(
            "SELECT kind, signer, done_at, file_name FROM packages WHERE direction = 'in'"
            " ORDER BY done_at"
        ):
            lines.append(
                f"<li>{show_moment(r['done_at'])} — {html.escape(r['file_name'] or '')}"
                f" — {html.escape(r['signer'])}</li>"
            )
        lines.append("</ul><p><b>" + html.escape(t(_("Inbox"))) + "</b></p><ul>")
        for e in inbox.read_log(ctx.ws)[-200:]:
            lines.append(
                f"<li>{show_moment(e.at)} — {html.escape(e.file)}: {html.escape(e.message)}</li>"
            )
        lines.append("</ul>")
        browser = QTextBrowser()
        browser.setHtml("".join(lines))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(browser)
        layout.addWidget(buttons)


class Sync(QObject):
    """The sync actions of one main window."""

    def __init__(self, ctx: Context, on_change: Callable[[], None]) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx
        self.on_change = on_change
        self.queue: list[Path] = []
        self.last: ImportResult | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(INBOX_EVERY_MS)
        self.timer.timeout.connect(self.look_in_inbox)
        self.inbox_running = False
        if self.inbox_folder() is not None:
            self.timer.start()

    @property
    def ws(self) -> Workspace:
        return self.ctx.ws

    # export ---------------------------------------------------------------------------------

    @Slot()
    def export_changes(self) -> None:
        self.export(everything=False)

    @Slot()
    def export_everything(self) -> None:
        self.export(everything=True)

    def export(self, *, everything: bool) -> None:
        """Ask where, and the passphrase; write the package off the UI thread."""
        flush = getattr(self.ctx.window, "flush", None)
        if flush is not None:
            flush()
        default = self.ws.home / "outbox" / f"{self.ws.actor.user}-{date.today():%Y%m%d}.inspkg"
        default.parent.mkdir(exist_ok=True)
        name, _filter = QFileDialog.getSaveFileName(
            self.ctx.window, t(_("Export a sync package")), str(default), FILTER
        )
        if not name:
            return
        out = Path(name)
        if out.suffix != packages.SUFFIX:
            out = out.with_name(out.name + packages.SUFFIX)
        passphrase = ask_passphrase(self.ctx.window, _("Export a sync package"))
        if passphrase is None:
            return
        self.ctx.jobs.start(
            _export_job(self.ws.home, out, passphrase, everything),
            label=t(_("Writing the package…")),
            on_success=self._exported,
            on_failure=self.ctx.error,
        )

    def _exported(self, result: exchange.ExportResult) -> None:
        QTimer.singleShot(0, lambda: self._tell_exported(result))  # not inside the job's slot

    def _tell_exported(self, result: exchange.ExportResult) -> None:
        QMessageBox.information(
            self.ctx.window,
            "Inspector",
            t(result.describe()),
        )

    @Slot()
    def choose_packages(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self.ctx.window, t(_("Import sync packages")), str(self.ws.home), FILTER
        )
        self.import_files([Path(n) for n in names])

    def import_files(self, paths: list[Path]) -> None:
        """Preview, then (if the user agrees) import each file in turn."""
        flush = getattr(self.ctx.window, "flush", None)
        if flush is not None:
            flush()
        self.queue += paths
        if len(self.queue) == len(paths):
            self._next()

    def _next(self) -> None:
        if not self.queue:
            return
        path = self.queue[0]
        self.ctx.jobs.start(
            _import_job(self.ws.home, path, True),
            label=t(_("Checking the package…")),
            on_success=self._previewed,
            on_failure=self._failed,
        )

    def _done_with_current(self) -> None:
        self.queue.pop(0)
        QTimer.singleShot(0, self._next)

    def _failed(self, exc: BaseException) -> None:
        self.ctx.error(exc)
        self._done_with_current()

    def _previewed(self, result: ImportResult) -> None:
        # a modal dialog runs its own event loop: open it once the job's slot has returned
        QTimer.singleShot(0, lambda: self._ask_import(result))

    def _ask_import(self, result: ImportResult) -> None:
        if result.already:
            QMessageBox.information(
                self.ctx.window,
                "Inspector",
                t(_("{file}: already imported; nothing changed.", file=Path(result.path).name)),
            )
            self._done_with_current()
            return
        dialog = ImportDialog(self.ctx.window, result, self.ws)
        if not dialog.exec():
            self._done_with_current()
            return
        self.ctx.jobs.start(
            _import_job(self.ws.home, Path(result.path), False),
            label=t(_("Importing the package…")),
            on_success=self._imported,
            on_failure=self._failed,
        )

    def _imported(self, result: ImportResult) -> None:
        self.last = result
        self.on_change()
        QTimer.singleShot(0, lambda: self._tell_imported(result))

    def _tell_imported(self, result: ImportResult) -> None:
        box = QMessageBox(self.ctx.window)
        box.setWindowTitle("Inspector")
        box.setText(describe_result(result))
        box.setTextFormat(Qt.TextFormat.RichText)
        receipt = None
        if result.kind == "changes" and identity.is_authority_here(self.ws):
            receipt = box.addButton(t(_("Save a &receipt…")), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if receipt is not None and box.clickedButton() is receipt:
            self.save_receipt(result)
        self._done_with_current()

    def save_receipt(self, result: ImportResult) -> None:
        """Write the signed receipt of an import, for its author to import back."""
        source = Path(result.path)
        default = source.with_name(f"{source.stem}-receipt{packages.SUFFIX}")
        name, _filter = QFileDialog.getSaveFileName(
            self.ctx.window, t(_("Save a receipt")), str(default), FILTER
        )
        if not name:
            return
        passphrase = ask_passphrase(self.ctx.window, _("Save a receipt"))
        if passphrase is None:
            return
        self.ctx.jobs.start(
            _receipt_job(self.ws.home, result.package_id, passphrase, Path(name)),
            label=t(_("Writing the receipt…")),
            on_success=lambda path: None,
            on_failure=self.ctx.error,
        )

    # inbox ----------------------------------------------------------------------------------

    def inbox_folder(self) -> Path | None:
        value = self.ws.setting(INBOX_KEY)
        return Path(value) if value else None

    @Slot()
    def choose_inbox(self) -> None:
        current = self.inbox_folder()
        name = QFileDialog.getExistingDirectory(
            self.ctx.window, t(_("Inbox folder")), str(current or Path.home())
        )
        self.set_inbox(Path(name) if name else None)

    def set_inbox(self, folder: Path | None) -> None:
        """Watch ``folder`` for packages (None: stop watching)."""
        self.ws.set_setting(INBOX_KEY, str(folder) if folder else None)
        if folder is None:
            self.timer.stop()
        else:
            self.timer.start()
            self.look_in_inbox()

    @Slot()
    def look_in_inbox(self) -> None:
        folder = self.inbox_folder()
        if folder is None or self.inbox_running or not folder.is_dir():
            return
        self.inbox_running = True
        self.ctx.jobs.start(
            _inbox_job(self.ws.home, folder),
            label=t(_("Looking in the inbox…")),
            on_success=self._inbox_done,
            on_failure=self._inbox_failed,
        )

    def _inbox_done(self, entries: list[inbox.InboxEntry]) -> None:
        self.inbox_running = False
        self.timer.setInterval(INBOX_EVERY_MS)
        if not entries:
            return
        self.on_change()
        counts = inbox.summary(entries)
        status = getattr(self.ctx.window, "statusBar", None)
        if status is not None:
            status().showMessage(
                t(
                    _(
                        "Inbox: {imported} imported, {already} already here, {refused} refused"
                        " (Sync → Packages and receipts).",
                        **counts,
                    )
                )
            )

    def _inbox_failed(self, exc: BaseException) -> None:
        """Said in the status bar (a message box every few seconds would pile up), and the
        inbox is looked at less often until it works again."""
        self.inbox_running = False
        self.timer.setInterval(min(self.timer.interval() * 2, INBOX_MAX_MS))
        status = getattr(self.ctx.window, "statusBar", None)
        text = str(exc) if isinstance(exc, InspectorError) else repr(exc)
        if status is not None:
            status().showMessage(t(_("Inbox: {problem}", problem=text)))

    # screens --------------------------------------------------------------------------------

    @Slot()
    def show_conflicts(self) -> None:
        ConflictsDialog(self.ctx, self.on_change).exec()
        self.on_change()

    @Slot()
    def show_status(self) -> None:
        SyncStatusDialog(self.ctx).exec()


def package_paths(urls: list[Any]) -> list[Path]:
    """The package files among dropped URLs."""
    return [
        Path(u.toLocalFile())
        for u in urls
        if u.isLocalFile() and u.toLocalFile().endswith(packages.SUFFIX)
    ]

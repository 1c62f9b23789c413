# SPDX-License-Identifier: GPL-3.0-or-later
"""The Sync menu of one window: export and import packages (by menu or by dropping files on the
window), receipts, the inbox folder, and the conflicts and packages screens.

The work runs off the UI thread (:mod:`ui.operations.sync`); the dialogs are in
:mod:`ui.dialogs.import_preview`, :mod:`ui.dialogs.conflicts` and :mod:`ui.dialogs.sync_status`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Slot
from PySide6.QtWidgets import QFileDialog, QMessageBox

from inspector.errors import InspectorError
from inspector.i18n import _
from inspector.store.workspace import Workspace
from inspector.sync import exchange, inbox, packages
from inspector.sync.exchange import ImportResult
from inspector.trust import identity
from ui.context import Context, t
from ui.dialogs.conflicts import ConflictsDialog
from ui.dialogs.import_preview import ImportDialog, describe_result
from ui.dialogs.passphrase import ask_passphrase
from ui.dialogs.sync_status import SyncStatusDialog
from ui.operations.sync import export_job, import_job, inbox_job, preview_job, receipt_job

INBOX_KEY = "sync.inbox"
INBOX_EVERY_MS = 5000
INBOX_MAX_MS = 5 * 60 * 1000
FILTER = "Inspector (*.inspkg)"


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
            export_job(self.ws.home, out, passphrase, everything),
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
            preview_job(self.ws.home, path),
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

    def _previewed(self, previewed: tuple[ImportResult, list[str]]) -> None:
        # a modal dialog runs its own event loop: open it once the job's slot has returned
        QTimer.singleShot(0, lambda: self._ask_import(*previewed))

    def _ask_import(self, result: ImportResult, labels: list[str]) -> None:
        if result.already:
            QMessageBox.information(
                self.ctx.window,
                "Inspector",
                t(_("{file}: already imported; nothing changed.", file=Path(result.path).name)),
            )
            self._done_with_current()
            return
        dialog = ImportDialog(self.ctx.window, result, labels=labels)
        if not dialog.exec():
            self._done_with_current()
            return
        self.ctx.jobs.start(
            import_job(self.ws.home, Path(result.path), False),
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
            receipt_job(self.ws.home, result.package_id, passphrase, Path(name)),
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
            inbox_job(self.ws.home, folder),
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

# SPDX-License-Identifier: GPL-3.0-or-later
"""Long work off the UI thread: the one place that uses QThreadPool.

A :class:`Worker` runs a plain callable from ``inspector`` on the global pool. The callable gets
``on_progress(done, total)`` and ``is_cancelled()`` and must not touch the window's database
connection (it belongs to the UI thread: a job that reads the workspace opens its own) nor any
widget. Results come back through :class:`WorkerSignals`, which live on the UI thread; connect
them to bound slots of UI objects. The jobs themselves are in :mod:`ui.operations`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from inspector.errors import Cancelled
from inspector.i18n import _

Job = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]


class WorkerSignals(QObject):
    """What a worker reports; created on the UI thread so slots run there."""

    progress = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()


class Worker(QRunnable):
    """Run ``job(on_progress, is_cancelled)`` on the pool; report through :attr:`signals`."""

    def __init__(self, job: Job) -> None:
        super().__init__()
        self.job = job
        self.signals = WorkerSignals()
        self.cancel_event = threading.Event()
        self.setAutoDelete(False)

    def cancel(self) -> None:
        """Ask the job to stop at its next check."""
        self.cancel_event.set()

    def run(self) -> None:
        try:
            result = self.job(self.signals.progress.emit, self.cancel_event.is_set)
        except BaseException as exc:  # noqa: BLE001 - the boundary: report everything
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)
        finally:
            self.signals.finished.emit()


class _Job(QObject):
    """The UI-thread side of one running worker: progress dialog, busy cursor, callbacks.

    Its slots are bound methods of an object living on the UI thread, so the worker's signals
    reach them queued, on the UI thread (a lambda would run on the worker).
    """

    def __init__(
        self,
        runner: JobRunner,
        worker: Worker,
        label: str,
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
        quiet: bool = False,
    ) -> None:
        super().__init__(runner)
        self.runner = runner
        self.worker = worker
        self.on_success = on_success
        self.on_failure = on_failure
        self.quiet = quiet
        self.dialog: QProgressDialog | None = None
        self.busy = QTimer(self)
        self.busy.setSingleShot(True)
        self.busy.timeout.connect(self.show_busy)
        if not quiet:  # a quiet job works behind the screen: no dialog, no busy cursor
            self.dialog = QProgressDialog(label, str(_("Cancel")), 0, 100, runner.parent_widget)
            self.dialog.setMinimumDuration(600)  # only long jobs show a dialog (STYLE.md §5)
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
            self.dialog.canceled.connect(worker.cancel)
            self.busy.start(300)
        self.cursor_set = False
        self.done = False
        self.last_update = 0.0
        worker.signals.progress.connect(self.progress)
        worker.signals.succeeded.connect(self.succeeded)
        worker.signals.failed.connect(self.failed)
        worker.signals.finished.connect(self.finished)

    @Slot()
    def show_busy(self) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        self.cursor_set = True

    @Slot(int, int)
    def progress(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self.dialog is None:
            return
        if now - self.last_update >= 0.1 or done >= total:  # at most 10 updates a second
            self.last_update = now
            self.dialog.setValue(int(done * 100 / total) if total else 100)

    @Slot(object)
    def succeeded(self, result: Any) -> None:
        try:
            self.on_success(result)
        finally:  # the result is in: the job is over, whenever its last signal arrives
            self.finished()

    @Slot(object)
    def failed(self, exc: BaseException) -> None:
        try:
            if not isinstance(exc, Cancelled):
                self.on_failure(exc)
        finally:
            self.finished()

    @Slot()
    def finished(self) -> None:
        if self.done:
            return
        self.done = True
        self.busy.stop()
        if self.cursor_set:
            QApplication.restoreOverrideCursor()
        if self.dialog is not None:
            self.dialog.close()
        self.runner.forget(self)


class JobRunner(QObject):
    """Start workers, keep them alive while they run, show progress after a moment, allow cancel."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self._running: set[_Job] = set()

    def start(
        self,
        job: Job,
        *,
        label: str,
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
        quiet: bool = False,
    ) -> Worker:
        """Run ``job`` on the pool; ``on_success(result)`` or ``on_failure(exc)`` run on this thread.

        A ``quiet`` job works behind the screen (a thumbnail, a count): it shows no progress and
        no busy cursor; the screen shows its result when it comes.
        """
        worker = Worker(job)
        self._running.add(_Job(self, worker, label, on_success, on_failure, quiet))
        # what a person waits for goes before what only feeds the screen (many thumbnails)
        QThreadPool.globalInstance().start(worker, -1 if quiet else 0)
        return worker

    def forget(self, job: _Job) -> None:
        """Drop a finished job."""
        self._running.discard(job)
        job.deleteLater()

    def finish_all(self) -> None:
        """Wait for every running job and deliver its results now (on quit, before the database
        closes); no progress dialog shows meanwhile. Quiet jobs, which only feed the screen, are
        asked to stop first."""
        for job in list(self._running):
            if job.quiet:
                job.worker.cancel()
            if job.dialog is not None:
                job.dialog.setMinimumDuration(2**30)
        QThreadPool.globalInstance().waitForDone()
        QCoreApplication.sendPostedEvents()  # the queued succeeded/finished signals
        for job in list(self._running):
            if job.dialog is not None:
                job.dialog.close()

    @property
    def busy(self) -> bool:
        """Whether a job is running."""
        return bool(self._running)

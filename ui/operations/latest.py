# SPDX-License-Identifier: GPL-3.0-or-later
"""A count a screen asks for again and again (new filters, a click, a change), run on a worker
where only the last request's result matters: the office's findings, the follow-up register.

One runs at a time. A request made while one runs is kept (only the last), the running job is
asked to stop, and the kept request starts when it ends; a superseded job's result is dropped,
so :attr:`LatestOnly.counted` only ever tells the result of the last request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from ui.workers import JobRunner, Worker


class LatestOnly(QObject):
    """Runs ``job(request)`` (a worker job) for the last request only; None from a job means
    it was superseded (it saw it was cancelled) and is dropped."""

    counted = Signal(object)  # the last request's result
    failed = Signal(object)  # the exception of the last request

    def __init__(
        self, jobs: JobRunner, job: Callable[[Any], Callable[..., Any]], label: str
    ) -> None:
        super().__init__(jobs)
        self.jobs = jobs
        self.job = job
        self.label = label
        self.worker: Worker | None = None  # the job running
        self.pending: Any = None  # asked while it ran
        self.last: Any = None  # the last request

    @property
    def busy(self) -> bool:
        """Whether the last request has no result yet."""
        return self.worker is not None or self.pending is not None

    def request(self, request: Any) -> None:
        """Run ``request`` (now, or as soon as the job running stops)."""
        self.last = request
        if self.worker is not None:
            self.pending = request
            self.worker.cancel()
            return
        self._start(request)

    def _start(self, request: Any) -> None:
        self.pending = None
        self.worker = self.jobs.start(
            self.job(request),
            label=self.label,
            on_success=self._done,
            on_failure=self._failed,
            quiet=True,
        )

    def _done(self, result: Any) -> None:
        self.worker = None
        if self.pending is not None:  # superseded: run the last request instead
            self._start(self.pending)
            return
        if result is not None:
            self.counted.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self.worker = None
        if self.pending is not None:
            self._start(self.pending)
            return
        self.failed.emit(exc)

# SPDX-License-Identifier: GPL-3.0-or-later
"""Packages sent (and whether the office confirmed them), received, and the inbox log; read on a
worker (:func:`ui.operations.sync.status_job`)."""

from __future__ import annotations

import html
from functools import partial

from PySide6.QtWidgets import QDialogButtonBox, QTextBrowser, QVBoxLayout

from inspector.i18n import _
from ui.context import Context, t
from ui.dialogs.base import Dialog
from ui.operations.sync import status_job


class SyncStatusDialog(Dialog):
    """Packages sent (and whether the office confirmed them), received, and the inbox log."""

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx
        self.setWindowTitle(t(_("Packages and receipts")))
        self.setMinimumSize(720, 440)
        self.browser = QTextBrowser()
        self.browser.setHtml("<p>" + html.escape(t(_("Reading the packages…"))) + "</p>")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        ctx.jobs.start(
            partial(status_job, ctx.ws.home),
            label=t(_("Reading the packages…")),
            on_success=self.browser.setHtml,
            on_failure=self._not_read,
            quiet=True,
        )

    def _not_read(self, exc: BaseException) -> None:
        self.browser.setHtml("")
        self.ctx.error(exc)

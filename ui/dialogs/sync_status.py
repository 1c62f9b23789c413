# SPDX-License-Identifier: GPL-3.0-or-later
"""Packages sent (and whether the office confirmed them), received, and the inbox log."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialogButtonBox, QTextBrowser, QVBoxLayout

from inspector.i18n import _
from inspector.sync import exchange, inbox, receipts
from inspector.timefmt import show_moment
from ui.context import Context, t
from ui.dialogs.base import Dialog


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

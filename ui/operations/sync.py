# SPDX-License-Identifier: GPL-3.0-or-later
"""Sync on workers: export a package, preview or import one, write a receipt, scan the inbox,
read what went out and came in.

Each job opens the workspace at ``home`` on its own connection (see :mod:`ui.operations`).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from inspector.i18n import _
from inspector.store.workspace import Workspace
from inspector.sync import exchange, inbox, receipts
from inspector.sync.exchange import ExportResult, ImportResult
from inspector.timefmt import show_moment
from inspector.trust import identity
from ui.context import t
from ui.operations.conflicts import record_label


def export_job(home: Path, out: Path, passphrase: str, everything: bool) -> Any:
    """A job writing the package of this device's changes (or of everything) to ``out``."""

    def job(on_progress: Any, is_cancelled: Any) -> ExportResult:
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


def import_job(home: Path, path: Path, preview: bool, trust: str | None = None) -> Any:
    """A job importing the package at ``path`` (only saying what it would do, if ``preview``)."""

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


def preview_job(home: Path, path: Path) -> Any:
    """A job saying what importing the package at ``path`` would do (nothing is changed), with
    the names of the records whose fields would wait for a choice (the first 200)."""

    def job(on_progress: Any, is_cancelled: Any) -> tuple[ImportResult, list[str]]:
        with Workspace.open(home) as ws:
            result = exchange.import_package(
                ws, path, preview=True, on_progress=on_progress, is_cancelled=is_cancelled
            )
            labels = [
                record_label(ws, c["table"], c["record_id"], c["field"])
                for c in result.conflicts[:200]
            ]
        return result, labels

    return job


def receipt_job(home: Path, package_id: str, passphrase: str, out: Path) -> Any:
    """A job writing the office's signed receipt of an imported package to ``out``."""

    def job(on_progress: Any, is_cancelled: Any) -> Path:
        with Workspace.open(home) as ws:
            authority = identity.load_authority(ws, passphrase)  # the office signs receipts
            return exchange.receipt_for_package(ws, package_id, authority, out)

    return job


def kit_job(home: Path, out: Path, passphrase: str, inspections: list[str]) -> Any:
    """A job writing a field kit with the prepared checks ``inspections``, signed with the
    office's authority, to ``out``."""

    def job(on_progress: Any, is_cancelled: Any) -> ExportResult:
        with Workspace.open(home) as ws:
            authority = identity.load_authority(ws, passphrase)
            return exchange.make_field_kit(ws, out, authority, inspections=inspections)

    return job


def inbox_job(home: Path, folder: Path) -> Any:
    """A job importing the packages waiting in the inbox ``folder``."""

    def job(on_progress: Any, is_cancelled: Any) -> list[inbox.InboxEntry]:
        with Workspace.open(home) as ws:
            return inbox.scan(ws, folder)

    return job


def status_job(home: Path, on_progress: Any, is_cancelled: Any) -> str:
    """Worker side: what went out (and whether the office confirmed it), what came in, and the
    inbox's log, as rich text."""
    with Workspace.open(home) as ws:
        status = exchange.sync_status(ws)
        lines = ["<p>" + html.escape(t(receipts.status_text(status))) + "</p><ul>"]
        for p in status.packages:
            state = t(receipts.package_state(p))
            lines.append(
                f"<li>{show_moment(p['created_at'])} — {html.escape(p['file_name'] or '')}"
                f" — {html.escape(state)}</li>"
            )
        lines.append("</ul><p><b>" + html.escape(t(_("Received"))) + "</b></p><ul>")
        for r in ws.db.query(
            "SELECT kind, signer, done_at, file_name FROM packages WHERE direction = 'in'"
            " ORDER BY done_at"
        ):
            lines.append(
                f"<li>{show_moment(r['done_at'])} — {html.escape(r['file_name'] or '')}"
                f" — {html.escape(r['signer'])}</li>"
            )
        lines.append("</ul><p><b>" + html.escape(t(_("Inbox"))) + "</b></p><ul>")
        for e in inbox.read_log(ws)[-200:]:
            lines.append(
                f"<li>{show_moment(e.at)} — {html.escape(e.file)}: {html.escape(e.message)}</li>"
            )
        lines.append("</ul>")
    return "".join(lines)

# SPDX-License-Identifier: GPL-3.0-or-later
"""Receipts: the office tells an inspector's workspace which of its packages it has imported.

A receipt is a small signed package (kind ``receipt``) holding ``receipt.json``: the package it is
for, when it was imported, and what the import did. The inspector imports it like any package;
the workspace then knows which of its changes the office holds (``sync_status``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inspector.errors import PackageError, ValidationError
from inspector.i18n import Text, _
from inspector.store import faults
from inspector.store.workspace import Workspace
from inspector.sync import outbox, packages
from inspector.sync.packages import Package
from inspector.timefmt import show_moment
from inspector.trust.identity import Identity


def write_receipt(
    ws: Workspace,
    package_id: str,
    source_device: str,
    summary: dict[str, Any],
    ident: Identity,
    out: Path,
) -> Path:
    """Write the receipt of an imported package, signed by the office's ``authority`` (see
    :func:`inspector.trust.identity.load_authority`), for the package's author to import back.

    Raises:
        StorageError: the folder's disk is full or read-only, or this user may not write there.
        ValidationError: ``ident`` is not an authority, or ``out`` cannot be written.
    """
    if not packages.is_authority(ident.certificate):
        raise ValidationError(_("A receipt is signed with the office's authority."))
    try:
        writer = packages.Writer(out, "receipt", outbox.header(ws, ident))
    except OSError as exc:
        raise faults.write_error(exc, out) from exc
    try:
        body = {
            "package_id": package_id,
            "source_device": source_device,
            "imported_at": outbox.now(),
            "summary": summary,
        }
        writer.add_bytes(
            "receipt.json", json.dumps(body, ensure_ascii=False, sort_keys=True).encode()
        )
        writer.commit(ident)
    except OSError as exc:  # a full disk says so; the inbox and the command line say it on
        writer.abort()
        raise faults.write_error(exc, out) from exc
    except BaseException:
        writer.abort()
        raise
    return out


def receipt_for_package(ws: Workspace, package_id: str, ident: Identity, out: Path) -> Path:
    """Write a receipt for a package imported earlier (from what the workspace recorded)."""
    row = ws.db.execute(
        "SELECT device_id, kind, summary FROM packages WHERE package_id = ? AND direction = 'in'",
        [package_id],
    ).fetchone()
    if row is None or row[1] != "changes":
        raise ValidationError(_("No package {id} was imported here.", id=package_id))
    return write_receipt(ws, package_id, row[0], json.loads(row[2]), ident, out)


def import_receipt(ws: Workspace, pkg: Package, *, preview: bool) -> tuple[str, bool]:
    """Record a receipt for a package this workspace made; return that package's id and whether
    the receipt was already here.

    Raises:
        PackageError: the receipt is malformed, or for a package not made here.
    """
    if not packages.is_authority(pkg.signer):
        raise PackageError(_("A receipt must be signed by the office's authority."))
    try:
        body = json.loads(pkg.read("receipt.json"))
        package_id = str(body["package_id"])
        summary = dict(body["summary"])
    except (KeyError, ValueError, TypeError) as exc:
        raise PackageError(_("The package is damaged: its changes are not well formed.")) from exc
    mine = ws.db.execute(
        "SELECT 1 FROM packages WHERE package_id = ? AND direction = 'out'", [package_id]
    ).fetchone()
    if mine is None:
        raise PackageError(_("This receipt is for a package that was not made in this workspace."))
    if ws.db.execute("SELECT 1 FROM receipts WHERE package_id = ?", [package_id]).fetchone():
        return package_id, True
    if not preview:
        with ws.transaction() as db:
            db.execute(
                "INSERT INTO receipts (package_id, receipt_id, office_device, office_signer,"
                " imported_at, summary, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    package_id,
                    pkg.package_id,
                    pkg.manifest["device_id"],
                    pkg.signer_name,
                    str(body.get("imported_at", "")),
                    json.dumps(summary, ensure_ascii=False, sort_keys=True),
                    outbox.now(),
                ],
            )
    return package_id, False


@dataclass
class SyncStatus:
    """Which of this workspace's changes have gone out, and which the office confirmed."""

    exported: int
    confirmed: int
    unconfirmed_changes: int
    not_exported_changes: int
    packages: list[dict[str, Any]]


def sync_status(ws: Workspace) -> SyncStatus:
    """Packages made here, the receipts for them, and what the office does not have yet."""
    rows = list(
        ws.db.query(
            "SELECT p.package_id, p.kind, p.from_seq, p.to_seq, p.created_at, p.file_name,"
            " r.office_signer, r.imported_at AS confirmed_at, r.summary AS receipt"
            " FROM packages p LEFT JOIN receipts r ON r.package_id = p.package_id"
            " WHERE p.direction = 'out' ORDER BY p.created_at"
        )
    )
    unconfirmed = ws.db.execute(
        "SELECT count(*) FROM changes c WHERE NOT EXISTS (SELECT 1 FROM packages p"
        " JOIN receipts r ON r.package_id = p.package_id WHERE p.direction = 'out'"
        " AND c.seq > p.from_seq AND c.seq <= p.to_seq)"
    ).fetchone()[0]
    not_exported = ws.db.execute(
        "SELECT count(*) FROM changes WHERE seq > ?", [outbox.last_export_seq(ws)]
    ).fetchone()[0]
    return SyncStatus(
        exported=len(rows),
        confirmed=sum(1 for r in rows if r["confirmed_at"]),
        unconfirmed_changes=int(unconfirmed),
        not_exported_changes=int(not_exported),
        packages=rows,
    )


def status_text(status: SyncStatus) -> Text:
    """One sentence: packages sent and confirmed, changes the office does not have yet."""
    return _(
        "Packages sent: {sent}, confirmed by the office: {confirmed}. Changes the office has not"
        " confirmed: {unconfirmed}; not yet in any package: {new}.",
        sent=status.exported,
        confirmed=status.confirmed,
        unconfirmed=status.unconfirmed_changes,
        new=status.not_exported_changes,
    )


def package_state(package: dict[str, Any]) -> Text:
    """Whether the office confirmed a package made here (a row of ``SyncStatus.packages``)."""
    if package["confirmed_at"]:
        return _(
            "confirmed by {office} on {when}",
            office=package["office_signer"],
            when=show_moment(package["confirmed_at"]),
        )
    return _("not confirmed")

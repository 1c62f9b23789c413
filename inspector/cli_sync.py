# SPDX-License-Identifier: GPL-3.0-or-later
"""The command line's sync commands: export, import, kit, inbox, conflicts, resolve, packages."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from inspector import exchange, identity, inbox, merge, overview, packages, receipts, views
from inspector.cli_util import emit, passphrase, read, safe_out, terminal_safe
from inspector.errors import PackageError, ValidationError
from inspector.i18n import _
from inspector.model import field_label, value_label
from inspector.timefmt import show_moment
from inspector.workspace import Workspace


def export(ws: Workspace, args: argparse.Namespace) -> int:
    """``inspector export``: a package of what changed since the last one (or everything)."""
    out = safe_out(ws, Path(args.out))
    ident = identity.load_identity(ws, passphrase(args))
    result = exchange.export_package(ws, out, ident, everything=args.all)
    data = {
        "path": str(result.path),
        "package_id": result.package_id,
        "changes": result.changes,
        "records": result.records,
        "evidence_files": result.evidence_files,
        "minutes_files": result.minutes_files,
        "bytes": result.size,
    }
    emit(args, data, str(result.describe()))
    return 0


def import_(ws: Workspace, args: argparse.Namespace) -> int:
    """``inspector import``: each file checked whole, then applied in one transaction."""
    ident = None
    if args.receipt_dir and not args.preview:  # receipts are signed by the office's authority
        ident = identity.load_authority(ws, passphrase(args))
    results: list[dict[str, Any]] = []
    refused = 0
    for name in args.files:
        path = Path(name)
        try:
            result = exchange.import_package(
                ws, path, preview=args.preview, trust_fingerprint=args.trust
            )
        except PackageError as exc:
            refused += 1
            results.append(
                {"file": name, "refused": exc.message(), "refused_en": exc.message("en")}
            )
            print(f"inspector: {path.name}: {exc}", file=sys.stderr)
            continue
        data = {"file": name, **result.to_json()}
        line = f"{path.name}: {inbox.describe(result)}"
        if ident is not None and result.kind == "changes" and not result.already:
            out = Path(args.receipt_dir) / f"{path.stem}-receipt.inspkg"
            exchange.make_receipt(ws, result, ident, out)
            data["receipt"] = str(out)
            line += " " + str(_("Receipt: {path}", path=str(out)))
        results.append(data)
        if not args.json:
            print(terminal_safe(line))
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    return 1 if refused else 0


def kit(ws: Workspace, args: argparse.Namespace) -> int:
    """``inspector kit``: what an inspector's laptop needs from the office."""
    out = safe_out(ws, Path(args.out))
    inspections = [overview.resolve_inspection_id(ws, i) for i in args.inspection]
    certificate = read(args.cert) if args.cert else None
    ident = identity.load_authority(ws, passphrase(args))  # only the office's authority
    result = exchange.make_field_kit(
        ws, out, ident, certificate=certificate, inspections=inspections
    )
    emit(
        args,
        {"path": str(result.path), "package_id": result.package_id, "changes": result.changes},
        str(_("Field kit {path}: {changes} changes.", path=str(out), changes=result.changes)),
    )
    return 0


def watch_inbox(ws: Workspace, args: argparse.Namespace) -> int:
    """``inspector inbox DIR``: import the new packages there (and keep watching with --watch)."""
    folder = Path(args.folder)
    if not folder.is_dir():
        raise ValidationError(_("The folder {path} does not exist.", path=str(folder)))
    maker = None
    if args.receipts:
        ident = identity.load_authority(ws, passphrase(args))

        def maker(result: exchange.ImportResult, out: Path) -> Path:
            return exchange.make_receipt(ws, result, ident, out)

    refused = 0
    while True:
        entries = inbox.scan(ws, folder, receipts=maker, settle=0 if not args.watch else 3.0)
        for entry in entries:
            refused += entry.outcome == "refused"
            if args.json:
                print(json.dumps(entry.__dict__, ensure_ascii=False))
            else:
                print(terminal_safe(f"{entry.file}: {entry.message}"))
            sys.stdout.flush()
        if not args.watch:
            return 1 if refused else 0
        time.sleep(args.watch)


def conflicts(ws: Workspace, args: argparse.Namespace) -> int:
    """``inspector conflicts``: every open conflict with its values, authors and times."""
    inspection = overview.resolve_inspection_id(ws, args.inspection) if args.inspection else None
    found = merge.conflicts(ws.db, inspection)
    lines = []
    for c in found:
        what = (
            _("edited elsewhere after it was deleted here")
            if c.field == merge.DELETED
            else _(
                "the record it belongs to was deleted; resolve {id} deletes it too",
                id=c.record_id[:8],
            )
            if c.field == merge.PARENT_DELETED
            else _("field {field}", field=field_label(c.field))
        )
        lines.append(f"{views.record_name(ws, c.table, c.record_id)}: {what}")
        for o in c.options:
            value = value_label(c.table, o.field or c.field, o.value)
            lines.append(
                f"  {o.change_id[:8]}  {o.field if c.field == merge.DELETED else ''}“{value}”"
                f"  — {o.changed_by}, {show_moment(o.changed_at)}"
            )
    data = [
        {
            "table": c.table,
            "record_id": c.record_id,
            "field": c.field,
            "current": c.current,
            "inspection_id": c.inspection_id,
            "options": [o.__dict__ for o in c.options],
        }
        for c in found
    ]
    emit(args, data, "\n".join(lines) or str(_("No conflicts.")))
    return 0


def resolve(ws: Workspace, args: argparse.Namespace) -> int:
    """``inspector resolve CHANGE --reason R``: keep that change's value (logged with the reason)."""
    reason = args.reason.strip()
    if not reason:
        raise ValidationError(_("Say why this value is kept."))
    choice = args.choice.lower()
    open_ = merge.conflicts(ws.db)
    matches = [(c, o.value) for c in open_ for o in c.options if o.change_id.startswith(choice)]
    matches += [
        (c, None)
        for c in open_
        if c.field == merge.PARENT_DELETED and c.record_id.startswith(choice)
    ]
    if len(matches) != 1:
        raise ValidationError(
            _("No open conflict has the value {id}; see 'inspector conflicts'.", id=args.choice)
            if not matches
            else _("{id} is not unique; give more of it.", id=args.choice)
        )
    conflict, value = matches[0]
    with ws.transaction() as db:
        merge.resolve(db, ws.actor, conflict, value, reason)
    emit(
        args,
        {"table": conflict.table, "record_id": conflict.record_id, "field": conflict.field},
        str(_("Resolved; the choice and its reason are in the log.")),
    )
    return 0


def packages_status(ws: Workspace, args: argparse.Namespace) -> int:
    """``inspector packages``: what went out, what the office confirmed, what is still only here."""
    status = exchange.sync_status(ws)
    lines = [str(receipts.status_text(status))]
    for p in status.packages:
        state = receipts.package_state(p)
        lines.append(f"  {show_moment(p['created_at'])}  {p['file_name']}  {state}")
    received = list(
        ws.db.query(
            "SELECT package_id, kind, signer, done_at, file_name FROM packages"
            " WHERE direction = 'in' ORDER BY done_at"
        )
    )
    for r in received:
        lines.append(
            "  "
            + str(
                _(
                    "received {file} from {signer} on {when}",
                    file=r["file_name"],
                    signer=r["signer"],
                    when=show_moment(r["done_at"]),
                )
            )
        )
    emit(args, {**status.__dict__, "received": received}, "\n".join(lines))
    return 0


def verify_package(ws: Workspace, path: Path, args: argparse.Namespace) -> int:
    """``inspector verify FILE`` for a package: its signature, signer and contents."""
    pkg = packages.read(path, identity.trust_roots(ws))
    m = pkg.manifest
    emit(
        args,
        {
            "package_id": pkg.package_id,
            "kind": pkg.kind,
            "signer": pkg.signer_name,
            "valid": True,
            "trusted": True,
            "created_at": m["created_at"],
            "entries": len(m["entries"]),
        },
        str(
            _(
                "Package {id} ({kind}) signed by {signer} on {when}: intact and trusted.",
                id=pkg.package_id[:8],
                kind=pkg.kind,
                signer=pkg.signer_name,
                when=show_moment(m["created_at"]),
            )
        ),
    )
    return 0

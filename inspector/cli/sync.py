# SPDX-License-Identifier: GPL-3.0-or-later
"""The command line's sync commands: export, import, receipt, kit, inbox, conflicts, resolve,
packages (``verify`` of a package is in :mod:`inspector.cli.verify`)."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from inspector.cli.keys import passphrase
from inspector.cli.util import PARTLY, emit, read, refusal, safe_out, terminal_safe
from inspector.errors import InspectorError, PackageError, ValidationError
from inspector.fieldwork import listing, screens
from inspector.i18n import _
from inspector.store import faults
from inspector.store.evidence_store import file_digest
from inspector.store.workspace import Workspace
from inspector.sync import exchange, inbox, merge, receipts
from inspector.timefmt import show_moment
from inspector.trust import identity
from inspector.vocabulary import field_label, value_label


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
    """``inspector import``: each file checked whole, then applied in one transaction.

    Exit code 0 when every file was imported (with its receipt, if asked); 1 when none was and
    nothing changed; 3 (``PARTLY``) when some were and something was not: a file refused, a
    receipt not written, or the workspace failing after the first package. Each file's line
    says which (issue 10).
    """
    ident = None
    receipt_dir = Path(args.receipt_dir) if args.receipt_dir else None
    if receipt_dir is not None and not args.preview:  # signed by the office's authority
        faults.writable_folder(receipt_dir)  # an unwritable folder refuses before any import
        ident = identity.load_authority(ws, passphrase(args))
    results: list[dict[str, Any]] = []
    refused = imported = 0
    missed = False  # something asked for was not done after a package was committed
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
        except (InspectorError, OSError, sqlite3.Error) as exc:  # the workspace, not the file
            if not imported:
                raise
            problem = exc if isinstance(exc, InspectorError) else refusal(exc, ws.db_path)
            results.append(
                {"file": name, "refused": problem.message(), "refused_en": problem.message("en")}
            )
            print(f"inspector: {path.name}: {problem}", file=sys.stderr)
            missed = True
            break  # the next files would meet the same disk
        imported += not (result.already or result.preview)
        data = {"file": name, **result.to_json()}
        line = f"{path.name}: {inbox.describe(result)}"
        if receipt_dir and ident and result.kind == "changes" and not result.already:
            out = receipt_dir / f"{path.stem}-receipt.inspkg"
            try:
                exchange.make_receipt(ws, result, ident, out)
            except (InspectorError, OSError) as exc:
                problem = exc if isinstance(exc, InspectorError) else refusal(exc, out)
                missed = True
                data["receipt_error"] = problem.message()
                print(
                    terminal_safe(
                        "inspector: "
                        + str(
                            _(
                                "{file}: imported; the receipt could not be written to {folder}:"
                                " {problem} Make it again with: inspector receipt {id} --out"
                                " {folder}",
                                file=path.name,
                                folder=str(receipt_dir),
                                problem=str(problem),
                                id=result.package_id,
                            )
                        )
                    ),
                    file=sys.stderr,
                )
            else:
                data["receipt"] = str(out)
                line += " " + str(_("Receipt: {path}", path=str(out)))
        results.append(data)
        if not args.json:
            print(terminal_safe(line))
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    if (refused or missed) and imported:
        return PARTLY
    return 1 if refused or missed else 0


def receipt(ws: Workspace, args: argparse.Namespace) -> int:
    """``inspector receipt PACKAGE --out DIR``: the signed receipt of a package imported here,
    made again (the first one was lost, or could not be written at the import)."""
    package_id, file_name = _imported_package(ws, args.package)
    folder = Path(args.out)
    faults.writable_folder(folder)
    out = safe_out(ws, folder / f"{Path(file_name).stem}-receipt.inspkg")
    ident = identity.load_authority(ws, passphrase(args))
    exchange.receipt_for_package(ws, package_id, ident, out)
    emit(
        args,
        {"package_id": package_id, "receipt": str(out)},
        str(_("Receipt: {path}", path=str(out))),
    )
    return 0


def _imported_package(ws: Workspace, given: str) -> tuple[str, str]:
    """The id and file name of the package of changes imported here that ``given`` names: a
    package file (found by its content), or its id or the start of it."""
    rows = list(
        ws.db.execute(
            "SELECT package_id, file_name, file_sha256 FROM packages"
            " WHERE direction = 'in' AND kind = 'changes' ORDER BY done_at"
        )
    )
    path = Path(given)
    if path.is_file():
        try:
            digest = file_digest(path)
        except OSError as exc:
            raise ValidationError(_("The file {path} cannot be read.", path=given)) from exc
        found = [r for r in rows if r[2] == digest]
        if not found:
            raise ValidationError(
                _("The package {path} was not imported here: import it first.", path=given)
            )
        return found[0][0], found[0][1]
    key = given.strip().lower()
    found = [r for r in rows if key and r[0].lower().startswith(key)]
    if len(found) != 1:
        raise ValidationError(
            _("No package {id} was imported here.", id=given)
            if not found
            else _("{id} is not unique; give more of it.", id=given)
        )
    return found[0][0], found[0][1]


def kit(ws: Workspace, args: argparse.Namespace) -> int:
    """``inspector kit``: what an inspector's laptop needs from the office."""
    out = safe_out(ws, Path(args.out))
    inspections = [listing.resolve_inspection_id(ws, i) for i in args.inspection]
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

    refused = imported = 0
    while True:
        entries = inbox.scan(ws, folder, receipts=maker, settle=0 if not args.watch else 3.0)
        for entry in entries:
            refused += entry.outcome in ("refused", "busy")  # busy: its disk, or another import
            imported += entry.outcome == "imported"
            if args.json:
                print(json.dumps(entry.__dict__, ensure_ascii=False))
            else:
                print(terminal_safe(f"{entry.file}: {entry.message}"))
            sys.stdout.flush()
        if not args.watch:  # some imported and some refused: done in part, as import says
            return (PARTLY if imported else 1) if refused else 0
        time.sleep(args.watch)


def conflicts(ws: Workspace, args: argparse.Namespace) -> int:
    """``inspector conflicts``: every open conflict with its values, authors and times."""
    inspection = listing.resolve_inspection_id(ws, args.inspection) if args.inspection else None
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
        lines.append(f"{screens.record_name(ws, c.table, c.record_id)}: {what}")
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

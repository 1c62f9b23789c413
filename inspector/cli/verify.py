# SPDX-License-Identifier: GPL-3.0-or-later
"""The command line's ``verify``: signed minutes, a sync package, or a code printed on minutes."""

from __future__ import annotations

import argparse
from pathlib import Path

from inspector.cli.util import emit
from inspector.errors import SignatureError, ValidationError
from inspector.i18n import _
from inspector.minutes import sealing
from inspector.store.workspace import Workspace
from inspector.sync import packages
from inspector.timefmt import show_moment
from inspector.trust import identity


def verify(ws: Workspace, args: argparse.Namespace) -> int:
    """``inspector verify``: signed minutes, a sync package, or a code printed on minutes."""
    if args.digest:
        row = sealing.check_digest(ws, args.digest)
        found = {
            k: row[k]
            for k in (
                "inspection_id",
                "number_symbol",
                "unit",
                "record_digest",
                "signed_by",
                "sealed_at",
                "file_name",
            )
        }
        emit(
            args,
            {"match": True, **found},
            str(
                _(
                    "The code matches the sealed minutes of {number} at {unit}, signed by {signer}.",
                    number=row["number_symbol"],
                    unit=row["unit"],
                    signer=row["signed_by"],
                )
            ),
        )
        return 0
    if not args.file:
        raise ValidationError(_("Name a signed minutes file, or give --digest CODE."))
    if args.file.endswith(packages.SUFFIX):
        return verify_package(ws, Path(args.file), args)
    reports = sealing.verify_pdf(Path(args.file), identity.trust_roots(ws))
    lines = []
    for r in reports:
        state = _("valid") if r.unchanged else _("INVALID: the document was changed")
        trust = _("trusted") if r.trusted else _("untrusted: unknown authority")
        when = r.signed_at.isoformat() if r.signed_at else "?"
        lines.append(f"{r.field}: {r.signer} — {when} — {state} — {trust}")
    data = [
        {
            "field": r.field,
            "signer": r.signer,
            "signed_at": r.signed_at.isoformat() if r.signed_at else None,
            "intact": r.intact,
            "valid": r.valid,
            "trusted": r.trusted,
            "covers_whole_file": r.covers_whole_file,
            "changes_allowed": r.changes_allowed,
        }
        for r in reports
    ]
    emit(args, data, "\n".join(lines))
    if not all(r.unchanged for r in reports):
        raise SignatureError(_("A signature is not valid: the file was changed after signing."))
    if not all(r.trusted for r in reports):
        raise SignatureError(
            _("A signature is valid but its certificate is not from a trusted authority.")
        )
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

# SPDX-License-Identifier: GPL-3.0-or-later
"""The command line's minutes: ``minutes`` renders them, ``sign`` signs and seals them."""

from __future__ import annotations

import argparse
from pathlib import Path

from inspector import atomic
from inspector.cli.keys import passphrase
from inspector.cli.util import emit, safe_out
from inspector.errors import ValidationError
from inspector.fieldwork import listing, signatories
from inspector.fieldwork.inspections import editable_inspection
from inspector.i18n import _
from inspector.minutes import content as minutes_content
from inspector.minutes import layout as minutes_layout
from inspector.minutes import sealing
from inspector.store.workspace import Workspace


def minutes(ws: Workspace, args: argparse.Namespace) -> int:
    """``inspector minutes ID --out FILE``: render the minutes, or copy the signed file of a
    sealed inspection."""
    inspection_id = listing.resolve_inspection_id(ws, args.id)
    signed = sealing.signed_minutes(ws, inspection_id)
    if signed is not None:  # sealed: the signed file, whose printed code verifies (issue 9)
        out = safe_out(ws, Path(args.out))
        try:
            atomic.write_atomic(out, signed.path.read_bytes())
        except OSError as exc:
            raise ValidationError(_("The file {path} cannot be written.", path=args.out)) from exc
        data = {
            "path": str(out),
            "inspection_id": inspection_id,
            "digest": signed.record_digest,
            "signed": True,
            "source": str(signed.path),
        }
        emit(
            args,
            data,
            str(
                _(
                    "{path}: a copy of the signed minutes {source} (the inspection is sealed).",
                    path=str(out),
                    source=str(signed.path),
                )
            ),
        )
        return 0
    # --lang chooses the edition of the minutes (Vietnamese by default), as the contract says
    edition = args.lang or "vi"
    model = minutes_content.build(ws, inspection_id, lang=edition, number=args.number)
    try:
        out = minutes_layout.render(model, safe_out(ws, Path(args.out)))
    except OSError as exc:
        raise ValidationError(_("The file {path} cannot be written.", path=args.out)) from exc
    data = {
        "path": str(out),
        "inspection_id": inspection_id,
        "digest": model.digest(),
        "qr": minutes_layout.qr_payload(model),
        "signed": False,
    }
    emit(args, data, str(out))
    return 0


def sign(ws: Workspace, args: argparse.Namespace) -> int:
    """``inspector sign ID``: sign and seal the minutes; with ``--member``, add a member's
    approval; with ``--supplement``, sign supplementary minutes."""
    inspection_id = listing.resolve_inspection_id(ws, args.id)
    if args.member:
        path = sealing.approve(ws, inspection_id, args.member, passphrase(args))
        emit(args, {"path": str(path), "inspection_id": inspection_id}, str(path))
        return 0
    if args.supplement:
        try:
            text = Path(args.supplement).read_text(encoding="utf-8")
        except OSError as exc:
            raise ValidationError(
                _("The file {path} cannot be read.", path=args.supplement)
            ) from exc
        except UnicodeDecodeError as exc:
            raise ValidationError(
                _(
                    "The file {path} is not text (UTF-8): write the corrections in a plain text"
                    " file.",
                    path=args.supplement,
                )
            ) from exc
        path = sealing.sign_supplement(
            ws, inspection_id, text, passphrase(args), number=args.number, lang=args.lang or "vi"
        )
        emit(args, {"path": str(path), "inspection_id": inspection_id}, str(path))
        return 0
    editable_inspection(ws.db, inspection_id)  # a sealed one is refused before asking
    unsigned = [p["name"] for p in signatories.unsigned_parties(ws, inspection_id)]
    path = sealing.sign_minutes(
        ws, inspection_id, passphrase(args), number=args.number, lang=args.lang or "vi"
    )
    lines = [str(path)]
    if unsigned:  # the minutes say so; the command line says it too
        lines.append(
            str(
                _(
                    "Had not signed when the minutes were sealed (the minutes say so): {names}.",
                    names=", ".join(unsigned),
                )
            )
        )
    data = {"path": str(path), "inspection_id": inspection_id, "unsigned": unsigned}
    emit(args, data, "\n".join(lines))
    return 0

# SPDX-License-Identifier: GPL-3.0-or-later
"""Signing and sealing the minutes.

Signing renders the minutes, signs them with pyHanko (PAdES baseline B: the team leader's
certification signature in the leader's signature block), writes the PDF atomically to
``minutes/``, then in one transaction records the minutes and seals the inspection: from then on
the services refuse every change to it (corrections go into supplementary minutes).

Its parts: signing a PDF (:mod:`~inspector.minutes.pdf_signing`, with pyHanko's classes in
:mod:`~inspector.minutes.signer`), the visible stamp (:mod:`~inspector.minutes.stamp`), verifying
signed minutes (:mod:`~inspector.minutes.verifying`). pyHanko and reportlab load inside the
functions that sign, read or draw minutes, not with this module: the app and the commands start
without them (about a second less).
"""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import tempfile
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inspector import atomic, timefmt
from inspector.errors import SignatureError, ValidationError
from inspector.fieldwork import signatories
from inspector.fieldwork.inspections import editable_inspection
from inspector.i18n import _
from inspector.minutes import content as minutes_content
from inspector.minutes.model import QR_PREFIX
from inspector.minutes.pdf_signing import LEADER_FIELD, Box, member_field, sign_pdf
from inspector.minutes.stamp import STAMP_TEXT, STAMP_TIME, stamp_style
from inspector.minutes.verifying import (
    SignatureReport,
    certified_keywords,
    check_digest,
    verify_pdf,
)
from inspector.store import columns, evidence_store, faults, records, seals
from inspector.store.workspace import Workspace
from inspector.trust import identity
from inspector.vocabulary import InspectionStatus

# what callers use from here, defined in the parts
__all__ = [
    "LEADER_FIELD",
    "STAMP_TEXT",
    "STAMP_TIME",
    "SignatureReport",
    "SignedMinutes",
    "approvals",
    "approve",
    "certified_keywords",
    "check_digest",
    "check_seal",
    "member_field",
    "same_person",
    "seal_text",
    "sign_minutes",
    "sign_pdf",
    "sign_supplement",
    "signed_minutes",
    "stamp_style",
    "verify_pdf",
]


@contextmanager
def _writing(ws: Workspace) -> Iterator[tuple[Any, faults.FileUndo]]:
    """The write lock at once, for the moment a signed file and its record are put in place;
    another window or an import writing meanwhile is a refusal to try again, not a crash.

    The files put in place in the block (:func:`_keep`) are taken back unless the record
    commits: a full disk leaves no signed file without its record (issue 10).
    """
    try:
        with faults.undone_on_failure() as undo, ws.write_transaction() as db:
            yield db, undo
    except sqlite3.OperationalError as exc:
        raise ValidationError(
            _("The workspace is busy with another import; try again in a moment.")
        ) from exc


def seal_text(state: dict[str, Any], inspection_id: str) -> str:
    """The sealed state as stored and hashed: the inspection marked signed, canonical JSON."""
    state["inspections"][inspection_id]["status"] = InspectionStatus.SIGNED.value
    return json.dumps(state, ensure_ascii=False, sort_keys=True)


def check_seal(signed: dict[str, Any], keywords: str, signer: str) -> bool:
    """Whether a seal (a MAIN minutes insert) is the one its signed file was made for.

    Its ``body`` hashes to its ``record_digest``, which the certified document names in full;
    the body is these minutes' content, naming the SHA-256 of its ``sealed_state``; and what is
    not signed (file name, number, who signed, approval fields) agrees with what is.
    """
    body, digest, state = (
        signed.get("body"),
        signed.get("record_digest"),
        signed.get("sealed_state"),
    )
    if not (isinstance(body, str) and isinstance(digest, str) and isinstance(state, str)):
        return False
    if hashlib.sha256(body.encode()).hexdigest() != digest:
        return False
    if keywords != f"{QR_PREFIX};sha256={digest}":
        return False
    try:
        content = json.loads(body)
        iid = str(content["inspection_id"])
        names = {str(s["name"]) for s in content["signatories"]}
        slots = json.loads(signed.get("slots") or "{}")
        number = signed.get("number")  # as typed; the minutes print it in their wording
        printed = str(content["words"]["number"]).format(number=number) if number else None
    except (ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise SignatureError(_("The file is not a readable PDF.")) from exc
    return (
        content.get("sealed") == hashlib.sha256(state.encode()).hexdigest()
        and iid == signed.get("inspection_id")
        and signed.get("file_name") == f"{iid}.pdf"
        and (number is None or printed == content.get("number"))
        and same_person(signer, str(signed.get("signed_by", "")))
        and isinstance(slots, dict)
        and all(n in names and slots[n] == member_field(n) for n in slots)
    )


def _keep(ws: Workspace, path: Path, signed: bytes, undo: faults.FileUndo) -> None:
    """Put a signed file in place, and a copy in the content-addressed store, from which an
    import or a repair can put it back; ``undo`` takes both back if the record is not kept."""
    undo.save(path)
    undo.save(evidence_store.path_for(ws.evidence_dir, hashlib.sha256(signed).hexdigest()))
    try:
        atomic.write_atomic(path, signed)
    except OSError as exc:
        raise faults.write_error(exc, path) from exc
    evidence_store.store_file(ws.evidence_dir, path)


def same_person(certificate_name: str, name: str) -> bool:
    """Whether a certificate's name is this person's (a "(demo)" suffix aside, on either side:
    a seal records the certificate's name as it is)."""

    def norm(text: str) -> str:
        return " ".join(text.replace("(demo)", "").split()).casefold()

    return norm(certificate_name) == norm(name)


def _require_leader(ident: identity.Identity, model: minutes_content.MinutesModel) -> None:
    """Refuse a certificate that is not the team leader's (the leader's block is the second)."""
    leader = model.signatories[1].name
    if not same_person(ident.name, leader):
        raise SignatureError(
            _(
                "The certificate is {name}'s, but the team leader who signs first is {leader}.",
                name=ident.name,
                leader=leader,
            )
        )


def _render(model: minutes_content.MinutesModel, slots: dict[int, tuple[int, Box]]) -> bytes:
    """The minutes drawn as a PDF to sign, where each signature slot landed put in ``slots``.

    reportlab, like pyHanko, loads when minutes are made or read, not when the app starts.
    """
    from inspector.minutes import layout as minutes_layout

    with tempfile.TemporaryDirectory(prefix="inspector-minutes-") as tmp:
        return minutes_layout.render(model, Path(tmp) / "draft.pdf", slots).read_bytes()


def _signed_fields(data: bytes) -> set[str]:
    """The names of a signed PDF's signature fields that hold a signature.

    Raises:
        SignatureError: the bytes are not a readable PDF.
    """
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        return {s.field_name for s in PdfFileReader(io.BytesIO(data)).embedded_signatures}
    except (PdfReadError, ValueError, KeyError) as exc:
        raise SignatureError(_("The file is not a readable PDF.")) from exc


def sign_minutes(
    ws: Workspace,
    inspection_id: str,
    passphrase: str,
    *,
    number: str | None = None,
    lang: str = "vi",
    unsigned: Collection[str] | None = None,
) -> Path:
    """Render, sign and seal the minutes of an inspection; return the signed PDF's path.

    The signing identity must be the team leader's, and nothing the minutes print may be missing
    (:func:`minutes_content.missing`, the ``number`` included). The signed file is put in place
    inside the transaction that records the minutes and seals the inspection, after the seal is
    re-checked under the write lock, so two signers cannot both succeed.

    The minutes say of each party who has neither signed by hand nor refused that they had not
    signed when the minutes were sealed, and the change that seals the inspection names them in
    its reason. ``unsigned``: the names of those parties the user confirmed sealing without (the
    app asks); anyone else unsigned is a refusal. None (scripts) does not ask.

    Raises:
        ValidationError: the inspection is sealed, something the minutes print is missing, or a
            party not in ``unsigned`` has not signed.
        SignatureError: a wrong passphrase, or a certificate not the team leader's.
    """
    editable_inspection(ws.db, inspection_id)  # refuses one already sealed
    columns.check_value("minutes", "number", number)  # as typed, and as every workspace reads it
    # finished minutes print no "……" and no "Ông/Bà": what is missing is entered first
    minutes_content.require_complete(ws, inspection_id, number=number)
    parties = signatories.unsigned_parties(ws, inspection_id)
    if unsigned is not None:
        missing = [p["name"] for p in parties if p["name"] not in set(unsigned)]
        if missing:
            raise ValidationError(
                _(
                    "{names} has neither signed nor refused to sign; confirm sealing the minutes"
                    " without that signature.",
                    names=", ".join(missing),
                )
            )
    ident = identity.load_identity(ws, passphrase)
    # the record as it stands is sealed (read first: a later edit shows in the check below),
    # and its digest is part of the minutes' content, which the signed file names
    state = seal_text(seals.sealed_state(ws.db, inspection_id), inspection_id)
    model = minutes_content.build(ws, inspection_id, lang=lang, number=number)
    _require_leader(ident, model)
    model.sealed = hashlib.sha256(state.encode()).hexdigest()
    model.refusals += minutes_content.unsigned_notes(ws, parties, lang)
    reason = "minutes signed and sealed"
    if parties:  # the confirmation, in the log: who had not signed
        reason += "; not signed by " + ", ".join(p["name"] for p in parties)
    slots: dict[int, tuple[int, Box]] = {}
    draft = _render(model, slots)
    members = {
        member_field(sign.name): slots[n]
        for n, sign in enumerate(model.signatories)
        if n in slots
        and sign.heading in (model.words["sign_member"], model.words["sign_secretary"])
    }
    page, box = slots[1]  # the team leader's block (index 1, right of the unit's)
    signed = sign_pdf(
        draft, ident, page=page, box=box, certify=True, empty_fields=members, lang=lang
    )
    path = ws.home / "minutes" / f"{inspection_id}.pdf"
    approvals = {
        sign.name: member_field(sign.name)
        for sign in model.signatories
        if member_field(sign.name) in members
    }
    with _writing(ws) as (db, undo):
        editable_inspection(db, inspection_id)
        if seal_text(seals.sealed_state(db, inspection_id), inspection_id) != state:
            raise ValidationError(
                _("The record changed while the minutes were being signed; sign them again.")
            )
        # the status first: once the minutes are recorded, the inspection is sealed
        records.update(
            db,
            ws.actor,
            "inspections",
            inspection_id,
            {"status": InspectionStatus.SIGNED.value},
            reason=reason,
        )
        records.insert(
            db,
            ws.actor,
            "minutes",
            {
                "id": seals.seal_id(inspection_id),  # one seal a check, whoever relays it
                "inspection_id": inspection_id,
                "kind": "MAIN",
                "number": number,
                "lang": lang,
                "record_digest": model.digest(),
                "pdf_sha256": hashlib.sha256(signed).hexdigest(),
                "file_name": path.name,
                "signed_by": ident.name,
                "sealed_at": timefmt.now_utc(),
                "slots": json.dumps(approvals, ensure_ascii=False),
                "sealed_state": state,  # what no change made elsewhere may alter
                "body": model.content(),  # hashes to record_digest, printed in the file
            },
        )
        _keep(ws, path, signed, undo)  # last: a refusal above leaves no file behind
    return path


@dataclass(frozen=True)
class SignedMinutes:
    """The signed file of sealed minutes, checked against its record."""

    path: Path
    record_digest: str
    signed_by: str


def signed_minutes(ws: Workspace, inspection_id: str) -> SignedMinutes | None:
    """The signed minutes of a sealed inspection (None if it is not sealed).

    Raises:
        SignatureError: the inspection is sealed but its signed file is missing or was changed
            outside the app (the message names the file).
    """
    row = ws.db.execute(
        "SELECT file_name, pdf_sha256, record_digest, signed_by FROM minutes"
        " WHERE inspection_id = ? AND kind = 'MAIN' AND deleted = 0",
        [inspection_id],
    ).fetchone()
    if row is None:
        return None
    path = ws.home / "minutes" / row[0]
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SignatureError(
            _(
                "The inspection is sealed, but its signed minutes {path} are missing.",
                path=str(path),
            )
        ) from exc
    if hashlib.sha256(data).hexdigest() != row[1]:
        raise SignatureError(
            _(
                "The inspection is sealed, but its signed minutes {path} were changed outside"
                " the app.",
                path=str(path),
            )
        )
    return SignedMinutes(path, row[2], row[3])


def sign_supplement(
    ws: Workspace,
    inspection_id: str,
    text: str,
    passphrase: str,
    *,
    number: str | None = None,
    lang: str = "vi",
) -> Path:
    """Render, sign and record supplementary minutes correcting an inspection's sealed minutes."""
    inspection = records.get(ws.db, "inspections", inspection_id, what=_("Inspection"))
    columns.check_value("minutes", "number", number)
    if inspection["status"] != InspectionStatus.SIGNED:
        raise ValidationError(
            _("Only signed and sealed minutes can be supplemented; edit the record instead.")
        )
    model = minutes_content.build_supplement(ws, inspection_id, text, lang=lang, number=number)
    ident = identity.load_identity(ws, passphrase)
    _require_leader(ident, model)
    main_id = ws.db.execute(
        "SELECT id FROM minutes WHERE inspection_id = ? AND kind = 'MAIN' AND deleted = 0",
        [inspection_id],
    ).fetchone()[0]
    slots: dict[int, tuple[int, Box]] = {}
    draft = _render(model, slots)
    page, box = slots[1]
    signed = sign_pdf(draft, ident, page=page, box=box, certify=True, lang=lang)
    with _writing(ws) as (db, undo):
        count = db.execute(
            "SELECT count(*) FROM minutes WHERE inspection_id = ? AND kind = 'SUPPLEMENT'",
            [inspection_id],
        ).fetchone()[0]
        path = ws.home / "minutes" / f"{inspection_id}-bo-sung-{count + 1}.pdf"
        records.insert(
            db,
            ws.actor,
            "minutes",
            {
                "inspection_id": inspection_id,
                "kind": "SUPPLEMENT",
                "supplements_id": main_id,
                "number": number,
                "lang": lang,
                "record_digest": model.digest(),
                "pdf_sha256": hashlib.sha256(signed).hexdigest(),
                "file_name": path.name,
                "signed_by": ident.name,
                "sealed_at": timefmt.now_utc(),
                "body": text,
            },
        )
        _keep(ws, path, signed, undo)
    return path


def approve(ws: Workspace, inspection_id: str, member: str, passphrase: str) -> Path:
    """Add a team member's approval signature, in their block, to the sealed minutes."""
    row = ws.db.execute(
        "SELECT id, file_name, slots, pdf_sha256, lang FROM minutes WHERE inspection_id = ?"
        " AND kind = 'MAIN' AND deleted = 0",
        [inspection_id],
    ).fetchone()
    if row is None:
        raise ValidationError(_("The team leader signs the minutes first."))
    fields_of = json.loads(row[2] or "{}")
    name = member.strip()
    if name not in fields_of:
        raise ValidationError(_("{name} has no signature block in these minutes.", name=name))
    path = ws.home / "minutes" / row[1]
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != row[3]:
        raise SignatureError(
            _("The signed minutes file was changed outside the app; it is not signed further.")
        )
    field = fields_of[name]
    signed_fields = _signed_fields(data)
    if field in signed_fields:
        raise ValidationError(_("{name} has already signed these minutes.", name=name))
    ident = identity.load_identity(ws, passphrase, member=name)
    if not same_person(ident.name, name):
        raise SignatureError(
            _("The certificate is {name}'s, not {member}'s.", name=ident.name, member=name)
        )
    signed = sign_pdf(
        data, ident, page=0, box=(0, 0, 0, 0), certify=False, field_name=field, lang=row[4] or "vi"
    )
    with _writing(ws) as (db, undo):
        current = db.execute("SELECT pdf_sha256 FROM minutes WHERE id = ?", [row[0]]).fetchone()
        if current[0] != row[3]:
            raise SignatureError(_("Someone else signed these minutes meanwhile; try again."))
        records.update(
            db,
            ws.actor,
            "minutes",
            row[0],
            {"pdf_sha256": hashlib.sha256(signed).hexdigest()},
            reason=f"approval signature of {ident.name}",
        )
        _keep(ws, path, signed, undo)
    return path


def approvals(ws: Workspace, inspection_id: str) -> dict[str, bool]:
    """The team members who may add an approval signature to the sealed minutes, each with
    whether they have (their field in the signed file is signed); empty if not sealed. Reads the
    signed file: quick, a few hundred kilobytes."""
    row = ws.db.execute(
        "SELECT file_name, slots FROM minutes WHERE inspection_id = ? AND kind = 'MAIN'"
        " AND deleted = 0",
        [inspection_id],
    ).fetchone()
    if row is None:
        return {}
    slots = json.loads(row[1] or "{}")
    try:
        data = (ws.home / "minutes" / row[0]).read_bytes()
        signed = _signed_fields(data)
    except (OSError, SignatureError):
        signed = set()  # a missing or damaged file: nobody can be shown as having signed it
    return {str(name): field in signed for name, field in slots.items()}

# SPDX-License-Identifier: GPL-3.0-or-later
"""Signing and sealing the minutes, and verifying signed minutes.

Signing renders the minutes, signs them with pyHanko (PAdES baseline B: the team leader's
certification signature in the leader's signature block), writes the PDF atomically to
``minutes/``, then in one transaction records the minutes and seals the inspection: from then on
the services refuse every change to it (corrections go into supplementary minutes).
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
from datetime import datetime
from pathlib import Path
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from inspector import atomic, timefmt
from inspector.errors import SignatureError, ValidationError
from inspector.fieldwork import signatories
from inspector.fieldwork.inspections import editable_inspection
from inspector.i18n import _
from inspector.minutes import content as minutes_content
from inspector.minutes import layout as minutes_layout
from inspector.resources import resource_path
from inspector.store import columns, evidence_store, faults, records, seals
from inspector.store.workspace import Workspace
from inspector.timefmt import VIETNAM
from inspector.trust import identity
from inspector.vocabulary import InspectionStatus

LEADER_FIELD = "ChuKy-TruongDoan"


def _asn1_cert(cert: Any) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _signer(ident: identity.Identity) -> signers.SimpleSigner:
    key_der = ident.key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    chain = [_asn1_cert(c) for c in ident.chain]
    return signers.SimpleSigner(
        signing_cert=_asn1_cert(ident.certificate),
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=SimpleCertificateStore.from_certs(chain),
    )


Box = tuple[float, float, float, float]

#: The visible signature's words: who signed and when, in Vietnam's time (ISO 8601, +07:00).
STAMP_TEXT = {
    "vi": "Đã ký số bởi: %(signer)s\nThời gian ký: %(ts)s",
    "en": "Digitally signed by: %(signer)s\nSigned at: %(ts)s",
}
#: Vietnam keeps UTC+7 all year, so the offset is part of the format.
STAMP_TIME = "%Y-%m-%dT%H:%M:%S+07:00"


class _VietnamTimeSigner(signers.PdfSigner):
    """pyHanko's signer with the signing time fixed beforehand, in Vietnam's time.

    The same moment is the CMS signing time, the signature dictionary's /M and the time the
    visible stamp prints, whatever time zone the laptop is set to.
    """

    def __init__(self, *args: Any, moment: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._moment = moment

    def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
        session = super().init_signing_session(pdf_out, existing_fields_only)
        session.system_time = self._moment
        return session


def stamp_style(lang: str = "vi") -> TextStampStyle:
    """The visible signature: Vietnamese with its diacritics, in the embedded Noto Serif.

    Noto Serif has 1,000 units per em, which pyHanko's text layout assumes; the minutes' own
    font (2,048 units) would print the stamp's letters spread apart.
    """
    # fontTools and HarfBuzz take 0.4 s to import: only when a signature is drawn
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory

    font = GlyphAccumulatorFactory(str(resource_path("fonts", "NotoSerif-Regular.ttf")))
    return TextStampStyle(
        stamp_text=STAMP_TEXT.get(lang, STAMP_TEXT["vi"]),
        timestamp_format=STAMP_TIME,
        text_box_style=TextBoxStyle(font=font, font_size=8),
        border_width=0,
    )


def member_field(name: str) -> str:
    """The signature field of a team member's block (an ASCII name derived from theirs)."""
    return "ChuKy-" + hashlib.sha256(name.strip().encode()).hexdigest()[:8]


def _int_box(box: Any) -> tuple[int, int, int, int]:
    """A signature field's box: the stamp band of the slot (see minutes_layout.stamp_box)."""
    return tuple(int(round(c)) for c in minutes_layout.stamp_box(box))  # type: ignore[return-value]


def sign_pdf(
    pdf: bytes,
    ident: identity.Identity,
    *,
    page: int,
    box: Box,
    certify: bool,
    field_name: str = LEADER_FIELD,
    empty_fields: dict[str, tuple[int, Box]] | None = None,
    lang: str = "vi",
) -> bytes:
    """Sign PDF bytes (PAdES B-B); return the signed bytes.

    ``certify``: the first signature, certifying the document; ``empty_fields`` are the fields
    others will sign later, created before it, since a certified document allows filling fields
    but not adding them. Otherwise ``field_name`` is an existing empty field to sign (an approval).
    ``lang``: the language of the visible stamp, the minutes' own.
    """
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    for name, (field_page, field_box) in (empty_fields or {}).items():
        fields.append_signature_field(
            writer, fields.SigFieldSpec(name, on_page=field_page, box=_int_box(field_box))
        )
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        certify=certify,
        docmdp_permissions=fields.MDPPerm.FILL_FORMS,
        subfilter=fields.SigSeedSubFilter.PADES,
        reason="Biên bản kiểm tra / Examination minutes",
        name=ident.name,
    )
    new_field = (
        fields.SigFieldSpec(field_name, on_page=page, box=_int_box(box)) if certify else None
    )
    moment = datetime.now(VIETNAM).replace(microsecond=0)
    out = io.BytesIO()
    _VietnamTimeSigner(
        meta,
        signer=_signer(ident),
        stamp_style=stamp_style(lang),
        new_field_spec=new_field,
        moment=moment,
    ).sign_pdf(writer, output=out)
    return out.getvalue()


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


def certified_keywords(path: Path) -> str:
    """The document keywords as the first (certification) signature signed them: later
    revisions cannot change what this returns."""
    try:
        data = Path(path).read_bytes()
        signature = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
        start, length, after, rest = (int(n) for n in signature.sig_object["/ByteRange"])
        signed = PdfFileReader(io.BytesIO(data[: after + rest]))
        return str(signed.trailer["/Info"].get("/Keywords", ""))
    except (OSError, PdfReadError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise SignatureError(_("The file is not a readable PDF.")) from exc


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
    if keywords != f"{minutes_layout.QR_PREFIX};sha256={digest}":
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
    with tempfile.TemporaryDirectory(prefix="inspector-minutes-") as tmp:
        draft = minutes_layout.render(model, Path(tmp) / "draft.pdf", slots).read_bytes()
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
    with tempfile.TemporaryDirectory(prefix="inspector-minutes-") as tmp:
        draft = minutes_layout.render(model, Path(tmp) / "draft.pdf", slots).read_bytes()
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
    signed_fields = {sig.field_name for sig in PdfFileReader(io.BytesIO(data)).embedded_signatures}
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
        signed = {s.field_name for s in PdfFileReader(io.BytesIO(data)).embedded_signatures}
    except (OSError, PdfReadError, ValueError, KeyError):
        signed = set()  # a missing or damaged file: nobody can be shown as having signed it
    return {str(name): field in signed for name, field in slots.items()}


@dataclass(frozen=True)
class SignatureReport:
    """What verification found about one signature."""

    field: str
    signer: str
    signed_at: datetime | None
    intact: bool
    valid: bool
    trusted: bool
    covers_whole_file: bool
    changes_allowed: bool = True
    name: str = ""  # the common name of the signer's certificate

    @property
    def unchanged(self) -> bool:
        """Intact and valid, and nothing but permitted signatures added after it."""
        return self.intact and self.valid and self.changes_allowed

    @property
    def ok(self) -> bool:
        """Unchanged and trusted."""
        return self.unchanged and self.trusted


def verify_pdf(path: Path | str, trust: list[Any]) -> list[SignatureReport]:
    """Verify every signature of a PDF against the trusted roots ``trust`` (cryptography certs).

    Raises:
        SignatureError: the file cannot be read as a PDF, or it holds no signature.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SignatureError(_("The file {path} cannot be read.", path=str(path))) from exc
    try:
        reader = PdfFileReader(io.BytesIO(data))
        embedded = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError) as exc:
        raise SignatureError(_("The file is not a readable PDF.")) from exc
    if not embedded:
        raise SignatureError(_("The file holds no signature."))
    context = ValidationContext(trust_roots=[_asn1_cert(c) for c in trust], allow_fetching=False)
    reports = []
    for sig in embedded:
        try:
            status = validate_pdf_signature(sig, signer_validation_context=context)
        except Exception:  # noqa: BLE001 - a broken signature is a finding to report, not a crash
            reports.append(SignatureReport(sig.field_name, "?", None, False, False, False, False))
            continue
        reports.append(
            SignatureReport(
                field=sig.field_name,
                signer=status.signing_cert.subject.human_friendly,
                signed_at=status.signer_reported_dt,
                intact=bool(status.intact),
                valid=bool(status.valid),
                trusted=bool(status.trusted),
                covers_whole_file=status.coverage is not None
                and status.coverage.name == "ENTIRE_FILE",
                changes_allowed=_changes_allowed(status),
                name=str(status.signing_cert.subject.native.get("common_name", "")),
            )
        )
    return reports


def _changes_allowed(status: Any) -> bool:
    """Whether what was added after a signature is allowed: nothing, or signatures and form
    filling that the certification permits."""
    if status.coverage is not None and status.coverage.name == "ENTIRE_FILE":
        return True
    level = getattr(status, "modification_level", None)
    allowed = level is not None and level.name in ("NONE", "LTA_UPDATES", "FORM_FILLING")
    return bool(allowed and getattr(status, "docmdp_ok", True))


def check_digest(ws: Workspace, code: str) -> dict[str, Any]:
    """Find the sealed minutes a printed code (the QR payload, or the digest or its first 16 hex
    digits) belongs to.

    Raises:
        ValidationError: the code matches no sealed minutes of this workspace.
    """
    text = code.strip()
    if "sha256=" in text:
        text = text.split("sha256=", 1)[1].split(";", 1)[0]
    text = text.lower()
    if len(text) < 16 or any(c not in "0123456789abcdef" for c in text):
        raise ValidationError(_("“{code}” is not a verification code.", code=code))
    rows = list(
        ws.db.query(
            "SELECT m.*, d.number_symbol, u.name AS unit, u.id AS unit_id FROM minutes m"
            " JOIN inspections i ON i.id = m.inspection_id JOIN decisions d ON d.id = i.decision_id"
            " JOIN org_units u ON u.id = i.unit_id WHERE m.deleted = 0 AND substr(m.record_digest, 1, ?) = ?",
            [len(text), text],
        )
    )
    if not rows:
        raise ValidationError(
            _("No sealed minutes in this workspace have the code {code}.", code=code)
        )
    found = rows[0]  # the unit named as the seal fixed it, whatever the register says since
    names = seals.sealed_names(ws.db, found["inspection_id"])
    found["unit"] = names.unit(found["unit_id"], "name", found["unit"])
    return found

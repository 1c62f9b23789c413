# SPDX-License-Identifier: GPL-3.0-or-later
"""Verifying signed minutes: every signature of a PDF against the trusted roots, the keywords as
the certification signature signed them, and the sealed minutes a printed code belongs to."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from inspector.errors import SignatureError, ValidationError
from inspector.i18n import _
from inspector.store import seals
from inspector.store.workspace import Workspace


def certified_keywords(path: Path) -> str:
    """The document keywords as the first (certification) signature signed them: later
    revisions cannot change what this returns."""
    # pyHanko loads only when minutes are read (see inspector.minutes.signer)
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        data = Path(path).read_bytes()
        signature = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
        start, length, after, rest = (int(n) for n in signature.sig_object["/ByteRange"])
        signed = PdfFileReader(io.BytesIO(data[: after + rest]))
        return str(signed.trailer["/Info"].get("/Keywords", ""))
    except (OSError, PdfReadError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise SignatureError(_("The file is not a readable PDF.")) from exc


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
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from inspector.minutes.signer import asn1_cert

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
    context = ValidationContext(trust_roots=[asn1_cert(c) for c in trust], allow_fetching=False)
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

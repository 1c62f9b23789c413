# SPDX-License-Identifier: GPL-3.0-or-later
"""Signing the minutes' PDF with a certificate (pyHanko, PAdES baseline B): the team leader's
certification signature with the empty fields of the members who approve later, or a member's
approval in their own field."""

from __future__ import annotations

import hashlib
import io
from datetime import datetime

from inspector.minutes.stamp import stamp_field_box, stamp_style
from inspector.timefmt import VIETNAM
from inspector.trust import identity

LEADER_FIELD = "ChuKy-TruongDoan"

Box = tuple[float, float, float, float]


def member_field(name: str) -> str:
    """The signature field of a team member's block (an ASCII name derived from theirs)."""
    return "ChuKy-" + hashlib.sha256(name.strip().encode()).hexdigest()[:8]


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
    # pyHanko loads only here, when a signature is made (see inspector.minutes.signer)
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    from inspector.minutes.signer import VietnamTimeSigner, simple_signer

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    for name, (field_page, field_box) in (empty_fields or {}).items():
        fields.append_signature_field(
            writer, fields.SigFieldSpec(name, on_page=field_page, box=stamp_field_box(field_box))
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
        fields.SigFieldSpec(field_name, on_page=page, box=stamp_field_box(box)) if certify else None
    )
    moment = datetime.now(VIETNAM).replace(microsecond=0)
    out = io.BytesIO()
    VietnamTimeSigner(
        meta,
        signer=simple_signer(ident),
        stamp_style=stamp_style(lang),
        new_field_spec=new_field,
        moment=moment,
    ).sign_pdf(writer, output=out)
    return out.getvalue()

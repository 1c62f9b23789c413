# SPDX-License-Identifier: GPL-3.0-or-later
"""Many checks' signed minutes in one file, to print in one job (issue #14): a cover list (each
check's unit, decision, minutes' number and printed code, and the pages its minutes take in the
file), then each check's signed minutes page by page, as signed. Every page of the minutes keeps
the code printed on it when it was sealed, so each printed copy still says which sealed record
it is and can be verified from paper (``inspector verify --digest CODE``).

A signature covers its own file, so the pages copied into the bundle carry none; each check's
signed file is attached to the bundle whole (``bien-ban-CODE.pdf``), so that the bundle alone
still proves, with pyHanko, who signed each set of its pages.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Flowable, Spacer

from inspector import atomic
from inspector.errors import ValidationError
from inspector.i18n import _
from inspector.minutes import sealing
from inspector.minutes.typesetting import MARGINS, para, register_fonts, styles
from inspector.minutes.wording import date_words
from inspector.office import facets, papers
from inspector.office.facets import Filters
from inspector.store.workspace import Workspace

TITLE = "DANH MỤC BIÊN BẢN KIỂM TRA"


@dataclass(frozen=True)
class Bundled:
    """A check's signed minutes in the bundle: who and what, its code, and where it stands."""

    inspection_id: str
    check: str  # the decision's number
    unit: str
    minutes_number: str
    code: str  # the first 16 digits of the sealed record's digest, as printed on each page
    first_page: int  # from 1, in the bundle
    pages: int


def is_signed(ws: Workspace, inspection_id: str) -> bool:
    """Whether a check's minutes are signed and sealed."""
    return (
        ws.db.execute(
            "SELECT 1 FROM minutes WHERE inspection_id = ? AND kind = 'MAIN' AND deleted = 0",
            [inspection_id],
        ).fetchone()
        is not None
    )


def signed_checks(ws: Workspace, filters: Filters) -> list[str]:
    """The checks of the findings ``filters`` leave whose minutes are signed, by the day of
    their decision, then their number."""
    checks = [
        row[0]
        for row in facets.select(
            ws,
            "DISTINCT f.inspection_id, d.signed_on, d.number_symbol",
            filters,
            joins=" JOIN decisions d ON d.id = i.decision_id",
            tail="ORDER BY 2, 3",
        )  # fmt: skip
    ]
    return [check for check in checks if is_signed(ws, check)]


def bundle(
    ws: Workspace, inspection_ids: Iterable[str], out: Path, *, today: date | None = None
) -> list[Bundled]:
    """Write the signed minutes of ``inspection_ids`` (in that order) into one PDF at ``out``,
    after a cover list; return what went where.

    Raises:
        ValidationError: no check given, or a check whose minutes are not signed (all of them
            named; nothing is written).
        SignatureError: a signed file missing or changed outside the app.
    """
    wanted = list(dict.fromkeys(inspection_ids))
    if not wanted:
        raise ValidationError(_("Choose the checks whose minutes to print."))
    found = []
    unsigned = []
    for inspection_id in wanted:
        signed = sealing.signed_minutes(ws, inspection_id)
        row = ws.db.execute(
            "SELECT d.number_symbol, u.name, coalesce(m.number, '') FROM inspections i"
            " JOIN decisions d ON d.id = i.decision_id JOIN org_units u ON u.id = i.unit_id"
            " LEFT JOIN minutes m ON m.inspection_id = i.id AND m.kind = 'MAIN' AND m.deleted = 0"
            " WHERE i.id = ?",
            [inspection_id],
        ).fetchone()
        if row is None:
            raise ValidationError(_("There is no check {id}.", id=inspection_id))
        if signed is None:
            unsigned.append(f"{row[0]} ({row[1]})")
            continue
        found.append((inspection_id, row, signed))
    if unsigned:
        raise ValidationError(
            _(
                "These checks' minutes are not signed yet, so there is nothing to print for them:"
                " {checks}.",
                checks="; ".join(unsigned),
            )
        )
    documents = [pdfium.PdfDocument(signed.path) for _i, _r, signed in found]
    try:
        counts = [len(doc) for doc in documents]
        cover_pages, cover = 1, b""
        listed: list[Bundled] = []
        for _attempt in range(5):  # the cover's own length moves the pages it lists
            listed, at = [], cover_pages + 1
            for (inspection_id, (check, unit, number), signed), pages in zip(
                found, counts, strict=True
            ):
                code = signed.record_digest[:16]
                listed.append(Bundled(inspection_id, check, unit, number, code, at, pages))
                at += pages
            cover = _cover(ws, listed, today or date.today())
            laid_out = pdfium.PdfDocument(cover)
            length = len(laid_out)
            laid_out.close()
            if length == cover_pages:
                break
            cover_pages = length
        merged = pdfium.PdfDocument.new()
        front = pdfium.PdfDocument(cover)
        merged.import_pages(front)
        front.close()
        for doc in documents:
            merged.import_pages(doc)
        for item, (_i, _r, signed) in zip(listed, found, strict=True):
            # the signed file itself, attached whole: its signature verifies from the bundle
            attached = merged.new_attachment(f"bien-ban-{item.code}.pdf")
            attached.set_data(signed.path.read_bytes())
        with atomic.replacing(out, prefix=".minutes-", suffix=".pdf") as fh:
            merged.save(fh)
        merged.close()
    finally:
        for doc in documents:
            doc.close()
    return listed


def _cover(ws: Workspace, listed: list[Bundled], today: date) -> bytes:
    """The cover list of a bundle, as a PDF."""
    register_fonts()
    st = styles()
    width = A4[0] - MARGINS["left"] - MARGINS["right"]
    superior, issuer = papers.office(ws, None, [b.inspection_id for b in listed])
    cells: list[list[object]] = [
        [
            para(h, st["cell_head"])
            for h in (
                "TT",
                "Đơn vị được kiểm tra",
                "Quyết định",
                "Biên bản",
                "Mã xác thực",
                "Trang",
            )
        ]
    ]
    for n, item in enumerate(listed, 1):
        last = item.first_page + item.pages - 1
        cells.append(
            [
                para(str(n), st["cell_centre"]),
                para(item.unit, st["cell"]),
                para(item.check, st["cell"]),
                para(item.minutes_number or "—", st["cell"]),
                para(item.code, st["cell"]),
                para(f"{item.first_page}–{last}", st["cell_centre"]),
            ]
        )
    story: list[Flowable] = [
        papers.header(superior, issuer, width, st),
        Spacer(1, 12),
        para(TITLE, st["center_bold"]),
        para(f"Lập {date_words(today)}; {len(listed)} biên bản", st["place_date"]),
        Spacer(1, 8),
        papers.grid(cells, (0.06, 0.3, 0.16, 0.16, 0.2, 0.12), width),
        Spacer(1, 8),
        para(
            "Mỗi trang biên bản in kèm mã xác thực của bản đã ký; tra cứu bằng mã này để đối"
            " chiếu bản giấy với bản điện tử đã ký.",
            st["annex_note"],
        ),
    ]
    buffer = io.BytesIO()
    papers.document(buffer, A4, TITLE, issuer).build(story)
    return buffer.getvalue()

# SPDX-License-Identifier: GPL-3.0-or-later
"""Lay out the minutes as a PDF in the form of Decree 30/2020/NĐ-CP (Appendix I): A4 portrait,
margins 20/20/30/15 mm, a Times-metric serif (Liberation Serif, embedded), the two-column header,
page numbers centred in the top margin from page 2, and a QR code on every page that carries the
minutes' id and the digest of the record they were made from.

Its parts: the type (:mod:`~inspector.minutes.typesetting`), the flowables of its own
(:mod:`~inspector.minutes.flowables`), each page's number and QR code
(:mod:`~inspector.minutes.page_marks`).

The minutes are laid out once: the closing clause states the body's page count, learnt when the
layout reaches it by laying out only what is left of the body (:class:`PageCount`). The file is
written atomically (a temporary file, flushed, then renamed).
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from inspector import atomic
from inspector.errors import ValidationError
from inspector.i18n import _
from inspector.minutes import page_marks
from inspector.minutes.annexes import Annex
from inspector.minutes.flowables import (
    HeadingGroup,
    Rule,
    SignatureSlot,
    TableWithFooter,
)
from inspector.minutes.model import QR_PREFIX, MinutesModel
from inspector.minutes.page_marks import no_decoration, qr_payload
from inspector.minutes.stamp import stamp_box
from inspector.minutes.typesetting import FONT, MARGINS, PAGE_MARGINS, para, register_fonts, styles

# what callers use from here, defined beside it
__all__ = [
    "QR_PREFIX",
    "MinutesDocTemplate",
    "PageCount",
    "SignatureSlot",
    "count_body_pages",
    "qr_payload",
    "register_fonts",
    "render",
    "stamp_box",
]


def _header(model: MinutesModel, st: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    left_w, right_w = width * 0.45, width * 0.55
    motto_width = pdfmetrics.stringWidth(model.words["motto"], FONT + "-Bold", 13)
    issuer_width = pdfmetrics.stringWidth(model.issuer, FONT + "-Bold", 12)
    left = [
        para(model.superior, st["header_left"]),
        para(model.issuer, st["header_left_bold"]),
        Rule(issuer_width * 0.45, space=5),
        Spacer(1, 4),
        para(model.number, st["number"]),
    ]
    right = [
        para(model.words["motto_country"], st["country"]),
        para(model.words["motto"], st["motto"]),
        Rule(motto_width, space=5),
        Spacer(1, 4),
        para(model.place_date, st["place_date"]),
    ]
    table = Table([[left, right]], colWidths=[left_w, right_w])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [table, Spacer(1, 14)]


def _annex_table(annex: Annex, width: float, st: dict[str, ParagraphStyle]) -> Table:
    """An annex's table: its heading rows (a second one under grouped columns), repeated on
    every page it runs over, its rows, and its totals row in bold."""
    grouped = {c: g for g in annex.groups for c in range(g[0], g[1] + 1)}
    head = [[para(h, st["cell_head"]) for h in annex.head]]
    spans: list[tuple[str, tuple[int, int], tuple[int, int]]] = []
    if grouped:
        top = [
            para(grouped[c][2] if c in grouped else h, st["cell_head"])
            for c, h in enumerate(annex.head)
        ]
        under = [para(h, st["cell_head"]) if c in grouped else "" for c, h in enumerate(annex.head)]
        head = [top, under]
        spans = [("SPAN", (first, 0), (last, 0)) for first, last, _text in annex.groups]
        spans += [("SPAN", (c, 0), (c, 1)) for c in range(len(annex.head)) if c not in grouped]

    def cells(row: list[str], plain: str, centre: str) -> list[Paragraph]:
        return [para(c, st[centre if n in annex.centred else plain]) for n, c in enumerate(row)]

    data: list[list[Any]] = head + [cells(r, "cell", "cell_centre") for r in annex.rows]
    if annex.total:
        data.append(cells(annex.total, "cell_total", "cell_total_centre"))
        last = next((n for n, c in enumerate(annex.total[1:], start=1) if c), len(annex.total))
        data[-1][0] = para(annex.total[0], st["cell_total"])
        spans.append(("SPAN", (0, len(data) - 1), (last - 1, len(data) - 1)))
    table = Table(
        data,
        colWidths=[f * width for f in annex.widths],
        repeatRows=len(head),
        splitInRow=1,  # a tall row may split
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("VALIGN", (0, 0), (-1, len(head) - 1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, len(head) - 1), colors.Color(0.93, 0.93, 0.93)),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                *spans,
            ]
        )
    )
    return table


def _initials(sides: list[tuple[str, str]], width: float, st: dict[str, ParagraphStyle]) -> Table:
    """The room under an annex for the initials (ký nháy) of each side, side by side."""
    table = Table(
        [
            [
                [para(heading, st["sign_head"]), para(note, st["sign_note"])]
                for heading, note in sides
            ]
        ],
        colWidths=[width / len(sides)] * len(sides),
        rowHeights=[24 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return table


SignatureCells = list[tuple[list[list[Flowable]], list[Flowable]]]


def _signature_cells(model: MinutesModel, st: dict[str, ParagraphStyle]) -> SignatureCells:
    """The words of the signature blocks, two by two: the headings with their notes, the names.
    A layout may lay them out again (reportlab's multiBuild does as much)."""
    cells = []
    for first in range(0, len(model.signatories), 2):
        pair = model.signatories[first : first + 2]
        heads = [[para(s.heading, st["sign_head"]), para(s.note, st["sign_note"])] for s in pair]
        cells.append((heads, [para(s.name, st["sign_head"]) for s in pair]))
    return cells


def _signatures(
    model: MinutesModel,
    cells: SignatureCells,
    width: float,
    slots: dict[int, tuple[int, tuple[float, float, float, float]]] | None,
    signed: bool = True,
) -> Table:
    """The signature blocks, two side by side, with ``cells`` (see :func:`_signature_cells`);
    ``signed`` False leaves the slots blank (what is drawn in a slot never changes its size)."""
    blank: list[Flowable] = []
    rows: list[list[Any]] = []
    style = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    # a row each for the headings, the slots and the names of two blocks side by side, so that
    # the slots and the names line up when one heading runs over two lines
    for (heads, names), first in zip(cells, range(0, len(model.signatories), 2), strict=True):
        pair = list(enumerate(model.signatories))[first : first + 2]
        places = [
            SignatureSlot(
                n,
                width / 2 - 16 * mm,
                22 * mm,
                slots,
                s.strokes if signed else None,
                model.words["refused_mark"] if s.refused and signed else None,
            )
            for n, s in pair
        ]
        rows += [row + [blank] * (2 - len(row)) for row in (heads, places, names)]
        style.append(("BOTTOMPADDING", (0, len(rows) - 1), (-1, len(rows) - 1), 14))
    sign_table = Table(rows, colWidths=[width / 2, width / 2])
    sign_table.setStyle(TableStyle(style))
    return sign_table


def _closing(model: MinutesModel, pages: int | str, headings: list[str]) -> list[Flowable]:
    """The closing paragraphs, ``pages`` filled in, the first kept with the ``headings`` still
    waiting for a paragraph."""
    st = styles()
    closing: list[Flowable] = [para(text, st["body"]) for text in model.closing_paragraphs(pages)]
    if headings:
        closing[0] = HeadingGroup([para(h, st["heading"]) for h in headings], closing[0])
    return closing


def _ending(
    model: MinutesModel,
    pages: int | str,
    headings: list[str],
    slots: dict[int, tuple[int, tuple[float, float, float, float]]] | None,
    start: int = 0,
    signed: bool = True,
    cells: SignatureCells | None = None,
) -> list[Flowable]:
    """The closing paragraphs from the ``start``-th (see :func:`_closing`), and the signature
    blocks (see :func:`_signatures`) with the sentence that ends the text."""
    closing = _closing(model, pages, headings)
    width = A4[0] - MARGINS["left"] - MARGINS["right"]
    cells = cells or _signature_cells(model, styles())
    signatures = _signatures(model, cells, width, slots, signed)
    # the signature blocks never stand alone on a page: the sentence that ends the text ("./.")
    # moves with them (issue 11)
    return [*closing[start:-1], KeepTogether([closing[-1], Spacer(1, 6), signatures])]


# The count laid out to learn the pages: the widest two digits (the figures of Liberation Serif
# are all one width, so in Vietnamese, "05", the count's digits cannot change it).
COUNT_PLACEHOLDER = 99


class PageCount(Flowable):
    """Where the rest of the body starts to depend on the body's page count (the closing
    clause's "gồm N trang"). :class:`MinutesDocTemplate` replaces it, when the layout reaches it,
    by ``tail(count)``: the count learnt by laying out ``sketch()`` (the same flowables, the count
    as COUNT_PLACEHOLDER, nothing drawn in the signature slots) from there alone, on a scratch
    canvas; everything before it is laid out and drawn once."""

    def __init__(
        self, tail: Callable[[int], list[Flowable]], sketch: Callable[[], list[Flowable]]
    ) -> None:
        super().__init__()
        self.tail, self.sketch = tail, sketch

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        """Never drawn: the document replaces it by the flowables it stands for."""


class MinutesDocTemplate(BaseDocTemplate):
    """The minutes' document: a :class:`PageCount` in the story is filled in where it stands."""

    def filterFlowables(self, flowables: list[Flowable]) -> None:  # noqa: N802 (reportlab's)
        first = flowables[0]
        if isinstance(first, PageCount):
            flowables[0:1] = first.tail(self._pages_after(first.sketch()))

    def _pages_after(self, tail: list[Flowable]) -> int:
        """The number of the page on which ``tail`` ends, laid out from where this document
        stands (its page, its frame's position and the space after what precedes), on a
        document of the same pages that draws nowhere. Its page template is this one's."""
        scratch = MinutesDocTemplate(
            None,
            pagesize=self.pagesize,
            leftMargin=self.leftMargin,
            rightMargin=self.rightMargin,
            topMargin=self.topMargin,
            bottomMargin=self.bottomMargin,
        )
        scratch.addPageTemplates(
            [
                PageTemplate(
                    id=self.pageTemplate.id,
                    frames=[copy.copy(self.frame)],
                    onPage=no_decoration,
                    pagesize=self.pageTemplate.pagesize,
                )
            ]
        )
        scratch._startBuild(os.devnull)
        scratch.clean_hanging()  # its first page begins: this page, where this frame is
        scratch.page = self.page
        for name in ("_y", "_atTop", "_prevASpace"):
            setattr(scratch.frame, name, getattr(self.frame, name))
        scratch._curPageFlowableCount = self._curPageFlowableCount
        scratch._emptyPages = self._emptyPages
        while tail:  # reportlab's own loop (BaseDocTemplate.build), without saving a file
            scratch.clean_hanging()
            scratch.handle_flowable(tail)
        return int(scratch.page)


def _story(
    model: MinutesModel,
    pages: int | str | None,
    *,
    annexes: bool = True,
    slots: dict[int, tuple[int, tuple[float, float, float, float]]] | None = None,
) -> list[Flowable]:
    """The flowables of the minutes; ``pages`` None leaves the body's page count to learn from
    the layout itself (a :class:`PageCount` before the first closing paragraph that states it)."""
    st = styles()
    width = A4[0] - MARGINS["left"] - MARGINS["right"]
    story: list[Flowable] = _header(model, st, width)
    story += [para(model.title, st["center_bold"]), para(model.summary, st["center_bold"])]
    summary_width = min(width, pdfmetrics.stringWidth(model.summary, FONT + "-Bold", 14))
    story += [Rule(summary_width * 0.4, space=7), Spacer(1, 10)]
    story += [para(text, st["body"]) for text in model.opening]
    headings: list[str] = []  # waiting for the paragraph they are kept with
    for heading, lines in model.sections:
        headings.append(heading)
        for line in lines:
            if line[:2].rstrip(".").isdigit() and line.endswith(":"):  # "1. Đoàn kiểm tra:"
                headings.append(line)
                continue
            paragraph = para(line, st["item"] if line.startswith(("-", "+")) else st["body"])
            if headings:
                paragraph = HeadingGroup([para(h, st["heading"]) for h in headings], paragraph)
            story.append(paragraph)
            headings = []
    if pages is not None:
        story += _ending(model, pages, headings, slots)
    else:  # from the first closing paragraph that states the count, the count is learnt
        counted = [a != b for a, b in zip(*map(model.closing_paragraphs, (1, 2)), strict=True)]
        first = counted.index(True) if True in counted else len(counted) - 1
        story += _closing(model, COUNT_PLACEHOLDER, headings)[:first]
        cells = _signature_cells(model, st)  # laid out twice: to count, then on the page
        story.append(
            PageCount(
                lambda n: _ending(model, n, headings, slots, first, cells=cells),
                lambda: _ending(model, COUNT_PLACEHOLDER, headings, None, first, False, cells),
            )
        )
    if not annexes or not model.annexes:
        return story
    story.append(NextPageTemplate("annex"))
    annex_width = landscape(A4)[0] - MARGINS["left"] - MARGINS["right"]
    for annex in model.annexes:
        story += [
            PageBreak(),
            para(annex.title, st["center_bold"]),
            para(annex.attached_to, st["center"]),
            Spacer(1, 8),
        ]
        after = [para(text, st["annex_note"]) for text in annex.footer]
        if annex.initials:
            after.append(_initials(annex.initials, annex_width, st))
        if annex.rows:
            story.append(TableWithFooter(_annex_table(annex, annex_width, st), after))
        else:
            story += [para(annex.empty, st["center"]), *after]
    return story


def _document(target: Any, model: MinutesModel, *, decorate: bool = True) -> MinutesDocTemplate:
    digest = model.digest()
    doc = MinutesDocTemplate(
        target,
        pagesize=A4,
        **PAGE_MARGINS,
        title=model.title,
        author="Inspector",
        subject=model.summary,
        keywords=f"{QR_PREFIX};sha256={digest}",  # the record, under the signature
        lang=model.lang,
    )
    portrait = Frame(
        MARGINS["left"],
        MARGINS["bottom"],
        A4[0] - MARGINS["left"] - MARGINS["right"],
        A4[1] - MARGINS["top"] - MARGINS["bottom"],
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    wide = landscape(A4)
    annex = Frame(
        MARGINS["left"],
        MARGINS["bottom"],
        wide[0] - MARGINS["left"] - MARGINS["right"],
        wide[1] - MARGINS["top"] - MARGINS["bottom"],
        id="annex",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    on_page = page_marks.decorate(model, qr_payload(model, digest)) if decorate else no_decoration
    doc.addPageTemplates(
        [
            PageTemplate(id="body", frames=[portrait], onPage=on_page, pagesize=A4),
            PageTemplate(id="annex", frames=[annex], onPage=on_page, pagesize=wide),
        ]
    )
    return doc


def count_body_pages(model: MinutesModel) -> int:
    """Lay out the minutes without their annexes, without drawing pages; return the page count.

    The count the closing clause states, as :func:`render` learns it in its one layout (it does
    not call this): the body laid out with COUNT_PLACEHOLDER for the count.
    """
    register_fonts()  # called on its own too, before any rendering
    doc = _document(None, model, decorate=False)
    doc.build(_story(model, COUNT_PLACEHOLDER, annexes=False), filename=os.devnull)
    return int(doc.page)


def render(
    model: MinutesModel,
    out: Path,
    slots: dict[int, tuple[int, tuple[float, float, float, float]]] | None = None,
) -> Path:
    """Write the minutes to ``out`` (atomically); return the path.

    ``slots``, if given, receives for each signatory (by index) the page (from 0) and the box
    (x1, y1, x2, y2, in points) left for the signature.
    """
    register_fonts()
    out = Path(out)
    with atomic.replacing(out, prefix=".minutes-", suffix=".pdf") as fh:
        try:
            # the body's page count is learnt where the closing clause states it (PageCount)
            _document(fh, model).build(_story(model, None, slots=slots))
        except LayoutError as exc:
            raise ValidationError(
                _(
                    "A text of the minutes is too long to lay out on a page; shorten the longest"
                    " note or description."
                )
            ) from exc
    return out

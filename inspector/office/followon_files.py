# SPDX-License-Identifier: GPL-3.0-or-later
"""A check's follow-on documents written out: as a PDF in the typography of the minutes, and as an
editable Word file (python-docx) in the same form (Decree 30/2020/NĐ-CP: A4, Times New Roman 13,
its margins, its header, the recipients and the signature block side by side) for the registry
clerk who gives the official number and day."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from inspector import atomic
from inspector.errors import ValidationError
from inspector.i18n import _
from inspector.minutes.typesetting import MARGINS, para, register_fonts, styles
from inspector.minutes.words import WORDS
from inspector.office import papers
from inspector.office.followon import FollowOn

DOCX_FONT = "Times New Roman"  # Decree 30's typeface; the PDF embeds its metric twin


def to_pdf(doc: FollowOn, out: Path) -> Path:
    """Write ``doc`` as a PDF at ``out`` (whole or not at all)."""
    register_fonts()
    st = styles()
    width = A4[0] - MARGINS["left"] - MARGINS["right"]
    story: list[Flowable] = [
        papers.header(
            doc.superior, doc.issuer, width, st, number=doc.number, place_date=doc.place_date
        ),
        Spacer(1, 12),
        para(doc.title, st["center_bold"]),
        para(doc.subtitle, st["sign_head"]),
        Spacer(1, 8),
    ]
    if doc.addressee:
        story += [para(doc.addressee, st["center"]), Spacer(1, 6)]
    story += [para(line, st["body"]) for line in doc.opening]
    for heading, body in doc.sections:
        story.append(para(heading, st["heading"]))
        story += [para(line, st["body"]) for line in body]
    recipients = [para("Nơi nhận:", st["cell_total"])] + [
        para(line, st["cell"]) for line in doc.recipients
    ]
    signer = [
        para(doc.sign_title, st["sign_head"]),
        Spacer(1, 60),
        para(doc.sign_name, st["sign_head"]),
    ]
    closing = Table([[recipients, signer]], colWidths=[width * 0.5, width * 0.5])
    closing.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [Spacer(1, 10), KeepTogether([closing])]
    with atomic.replacing(out, prefix=".document-", suffix=".pdf") as fh:
        papers.document(fh, A4, f"{doc.title} — {doc.subtitle}", doc.issuer).build(
            story, onFirstPage=papers.number_pages, onLaterPages=papers.number_pages
        )
    return out


def _run(paragraph: DocxParagraph, text: str, *, bold: bool = False, italic: bool = False,
         size: float = 13) -> None:  # fmt: skip
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size)
    run.font.name = DOCX_FONT
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), DOCX_FONT)  # Vietnamese marks in the same face


def _line(
    holder: _Cell | DocxDocument,
    text: str,
    *,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
    bold: bool = False,
    italic: bool = False,
    size: float = 13,
) -> DocxParagraph:
    """A paragraph of ``text`` at the end of ``holder`` (a new cell's own empty one, first)."""
    fresh = isinstance(holder, _Cell) and len(holder.paragraphs) == 1
    if fresh and not holder.paragraphs[0].text:
        paragraph = holder.paragraphs[0]
    else:
        paragraph = holder.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    _run(paragraph, text, bold=bold, italic=italic, size=size)
    return paragraph


def to_docx(doc: FollowOn, out: Path) -> Path:
    """Write ``doc`` as an editable Word file at ``out`` (whole or not at all)."""
    word = Document()
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = word.styles["Normal"]
    normal.font.name, normal.font.size = DOCX_FONT, Pt(13)
    words = WORDS["vi"]
    head = word.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = head.rows[0].cells
    _line(left, doc.superior, size=12.5)
    _line(left, doc.issuer, bold=True, size=12.5)
    _line(left, "________", size=12.5)
    _line(left, doc.number)
    _line(right, words["motto_country"], bold=True, size=12)
    _line(right, words["motto"], bold=True)
    _line(right, "________________", size=12)
    _line(right, doc.place_date, italic=True)
    _line(word, "")
    _line(word, doc.title, bold=True, size=14)
    _line(word, doc.subtitle, bold=True)
    if doc.addressee:
        _line(word, "")
        _line(word, doc.addressee)
    _line(word, "")
    body = WD_ALIGN_PARAGRAPH.JUSTIFY
    for text in doc.opening:
        _indented(_line(word, text, align=body))
    for heading, lines in doc.sections:
        _line(word, heading, align=WD_ALIGN_PARAGRAPH.LEFT, bold=True)
        for text in lines:
            _indented(_line(word, text, align=body))
    _line(word, "")
    closing = word.add_table(rows=1, cols=2)
    sent, signer = closing.rows[0].cells
    _line(sent, "Nơi nhận:", align=WD_ALIGN_PARAGRAPH.LEFT, bold=True, italic=True, size=12)
    for text in doc.recipients:
        _line(sent, text, align=WD_ALIGN_PARAGRAPH.LEFT, size=11)
    _line(signer, doc.sign_title, bold=True)
    for _blank in range(4):
        _line(signer, "")
    _line(signer, doc.sign_name, bold=True)
    with atomic.replacing(out, prefix=".document-", suffix=".docx") as fh:
        word.save(fh)
    return out


def _indented(paragraph: DocxParagraph) -> None:
    paragraph.paragraph_format.first_line_indent = Mm(12.7)
    paragraph.paragraph_format.space_after = Pt(6)


def write(doc: FollowOn, out: Path) -> Path:
    """Write ``doc`` at ``out``, as a PDF or a Word file by its suffix.

    Raises:
        ValidationError: a file that is neither ``.pdf`` nor ``.docx``.
    """
    suffix = out.suffix.lower()
    if suffix == ".pdf":
        return to_pdf(doc, out)
    if suffix == ".docx":
        return to_docx(doc, out)
    raise ValidationError(
        _("A document is written as .pdf or .docx, not as “{name}”.", name=out.name)
    )

# SPDX-License-Identifier: GPL-3.0-or-later
"""The type of the minutes: the bundled Liberation Serif (metric-compatible with Times New Roman,
embedded), the page margins of Decree 30/2020/NĐ-CP and the paragraph styles."""

from __future__ import annotations

from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

from inspector.resources import resource_path

rl_config.useA85 = 0  # plain streams: much faster, smaller (measured on photo-heavy minutes)

FONT = "LiberationSerif"
# Decree 30 margins (bottom 20-25 mm): the bottom one holds the QR code, clear of the strip most
# printers cannot print (nothing is closer than page_marks.EDGE to any edge of the page)
MARGINS = {"top": 20 * mm, "bottom": 25 * mm, "left": 30 * mm, "right": 15 * mm}
# the same, as reportlab's document templates take them
PAGE_MARGINS = {f"{side}Margin": size for side, size in MARGINS.items()}


@lru_cache(maxsize=1)
def register_fonts() -> str:
    """Register the bundled Liberation Serif family with reportlab; return its name."""
    faces = {"": "Regular", "-Bold": "Bold", "-Italic": "Italic", "-BoldItalic": "BoldItalic"}
    for suffix, face in faces.items():
        path = resource_path("fonts", f"LiberationSerif-{face}.ttf")
        pdfmetrics.registerFont(TTFont(FONT + suffix, str(path)))
    # A canvas starts in the base font; make it ours so no unembedded Helvetica is referenced.
    rl_config.canvas_basefontname = FONT
    pdfmetrics.registerFontFamily(
        FONT,
        normal=FONT,
        bold=FONT + "-Bold",
        italic=FONT + "-Italic",
        boldItalic=FONT + "-BoldItalic",
    )
    return FONT


def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles of the minutes and their annexes, by name."""
    base = ParagraphStyle(
        "body",
        fontName=FONT,
        fontSize=13,
        leading=17,
        alignment=TA_JUSTIFY,
        firstLineIndent=12.7 * mm,
        spaceAfter=6,
    )
    return {
        "body": base,
        "item": ParagraphStyle("item", parent=base, firstLineIndent=0, leftIndent=6 * mm),
        "heading": ParagraphStyle(
            "heading",
            parent=base,
            fontName=FONT + "-Bold",
            firstLineIndent=0,
            spaceBefore=4,
        ),
        "center_bold": ParagraphStyle(
            "cb",
            parent=base,
            fontName=FONT + "-Bold",
            fontSize=14,
            leading=18,
            alignment=TA_CENTER,
            firstLineIndent=0,
            spaceAfter=0,
        ),
        "center": ParagraphStyle(
            "c", parent=base, alignment=TA_CENTER, firstLineIndent=0, spaceAfter=0
        ),
        "header_left": ParagraphStyle(
            "hl", fontName=FONT, fontSize=12.5, leading=15, alignment=TA_CENTER
        ),
        "header_left_bold": ParagraphStyle(
            "hlb", fontName=FONT + "-Bold", fontSize=12.5, leading=15, alignment=TA_CENTER
        ),
        "country": ParagraphStyle(
            "qh", fontName=FONT + "-Bold", fontSize=12, leading=15, alignment=TA_CENTER
        ),
        "motto": ParagraphStyle(
            "tn", fontName=FONT + "-Bold", fontSize=13, leading=16, alignment=TA_CENTER
        ),
        "number": ParagraphStyle("so", fontName=FONT, fontSize=13, leading=16, alignment=TA_CENTER),
        "place_date": ParagraphStyle(
            "nd", fontName=FONT + "-Italic", fontSize=13, leading=16, alignment=TA_CENTER
        ),
        "sign_head": ParagraphStyle(
            "sh", fontName=FONT + "-Bold", fontSize=13, leading=16, alignment=TA_CENTER
        ),
        "sign_note": ParagraphStyle(
            "sn", fontName=FONT + "-Italic", fontSize=12, leading=15, alignment=TA_CENTER
        ),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=11, leading=13, alignment=TA_LEFT),
        "cell_head": ParagraphStyle(
            "ch", fontName=FONT + "-Bold", fontSize=11, leading=13, alignment=TA_CENTER
        ),
        "cell_centre": ParagraphStyle(
            "cc", fontName=FONT, fontSize=11, leading=13, alignment=TA_CENTER
        ),
        "cell_total": ParagraphStyle(
            "ct", fontName=FONT + "-Bold", fontSize=11, leading=13, alignment=TA_LEFT
        ),
        "cell_total_centre": ParagraphStyle(
            "ctc", fontName=FONT + "-Bold", fontSize=11, leading=13, alignment=TA_CENTER
        ),
        "annex_note": ParagraphStyle(
            "an",
            fontName=FONT + "-Italic",
            fontSize=11,
            leading=13,
            alignment=TA_JUSTIFY,
            spaceBefore=4,
        ),
    }


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (nothing in it read as markup)."""
    return Paragraph(escape(text), style)

# SPDX-License-Identifier: GPL-3.0-or-later
"""The visible stamp of a certificate signature on the minutes: "Đã ký số bởi: …" and the
signing time in Vietnam's time (ISO 8601, +07:00), set in the embedded Noto Serif, in the band
of the signature slot kept for it (above a signature drawn by hand)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from inspector.resources import resource_path

if TYPE_CHECKING:
    from pyhanko.stamp import TextStampStyle

#: The visible signature's words: who signed and when, in Vietnam's time (ISO 8601, +07:00).
STAMP_TEXT = {
    "vi": "Đã ký số bởi: %(signer)s\nThời gian ký: %(ts)s",
    "en": "Digitally signed by: %(signer)s\nSigned at: %(ts)s",
}
#: Vietnam keeps UTC+7 all year, so the offset is part of the format.
STAMP_TIME = "%Y-%m-%dT%H:%M:%S+07:00"
# The top part of a signature slot is left for the certificate signature's stamp, so that it never
# covers a signature drawn by hand, which fills the rest.
STAMP_BAND = 0.38


def stamp_box(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """The part of a signature slot (x0, y0, x1, y1 in PDF points) where a certificate
    signature's stamp goes: its top band, above the handwritten signature."""
    x0, y0, x1, y1 = box
    return (x0, y1 - (y1 - y0) * STAMP_BAND, x1, y1)


def stamp_style(lang: str = "vi") -> TextStampStyle:
    """The visible signature: Vietnamese with its diacritics, in the embedded Noto Serif.

    Noto Serif has 1,000 units per em, which pyHanko's text layout assumes; the minutes' own
    font (2,048 units) would print the stamp's letters spread apart.
    """
    # pyHanko takes 0.7 s to import, fontTools and HarfBuzz 0.4 s more: only when a signature
    # is drawn, not when the app starts
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    font = GlyphAccumulatorFactory(str(resource_path("fonts", "NotoSerif-Regular.ttf")))
    return TextStampStyle(
        stamp_text=STAMP_TEXT.get(lang, STAMP_TEXT["vi"]),
        timestamp_format=STAMP_TIME,
        text_box_style=TextBoxStyle(font=font, font_size=8),
        border_width=0,
    )


def stamp_field_box(box: Any) -> tuple[int, int, int, int]:
    """A signature field's box, in whole points: the stamp band of the slot (see
    :func:`stamp_box`)."""
    return tuple(int(round(c)) for c in stamp_box(box))  # type: ignore[return-value]

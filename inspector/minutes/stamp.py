# SPDX-License-Identifier: GPL-3.0-or-later
"""The visible stamp of a certificate signature on the minutes: "Đã ký số bởi: …" and the
signing time in Vietnam's time (ISO 8601, +07:00), set in the embedded Noto Serif, in the band
of the signature slot kept for it (above a signature drawn by hand)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import signers
from pyhanko.stamp import TextStampStyle

from inspector.minutes.flowables import stamp_box
from inspector.resources import resource_path

#: The visible signature's words: who signed and when, in Vietnam's time (ISO 8601, +07:00).
STAMP_TEXT = {
    "vi": "Đã ký số bởi: %(signer)s\nThời gian ký: %(ts)s",
    "en": "Digitally signed by: %(signer)s\nSigned at: %(ts)s",
}
#: Vietnam keeps UTC+7 all year, so the offset is part of the format.
STAMP_TIME = "%Y-%m-%dT%H:%M:%S+07:00"


class VietnamTimeSigner(signers.PdfSigner):
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


def stamp_field_box(box: Any) -> tuple[int, int, int, int]:
    """A signature field's box, in whole points: the stamp band of the slot (see
    :func:`inspector.minutes.flowables.stamp_box`)."""
    return tuple(int(round(c)) for c in stamp_box(box))  # type: ignore[return-value]

# SPDX-License-Identifier: GPL-3.0-or-later
"""The minutes' own flowables: the signature slot (with the band kept for a certificate's
stamp), the rules under header lines, headings kept with what follows them, and a table kept
with what follows it."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Table,
)

from inspector.minutes.stamp import STAMP_BAND
from inspector.minutes.typesetting import FONT


class SignatureSlot(Flowable):
    """The space left for a signature; records where it landed (page, box) for signing later.

    A handwritten signature is drawn below the band kept for a certificate's stamp."""

    def __init__(
        self,
        index: int,
        width: float,
        height: float,
        found: dict[int, tuple[int, tuple[float, float, float, float]]] | None,
        strokes: list[list[list[float]]] | None = None,
        refused: str | None = None,
    ) -> None:
        super().__init__()
        self.index, self.width, self.height, self.found = index, width, height, found
        self.strokes, self.refused = strokes, refused

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        if self.strokes:  # the handwritten signature, as vector paths, centred in a 3:1 box
            height = self.height * (1 - STAMP_BAND)
            box_w = min(self.width, height * 3)
            left = (self.width - box_w) / 2
            self.canv.setLineWidth(0.9)
            self.canv.setLineCap(1)
            self.canv.setLineJoin(1)
            for stroke in self.strokes:
                path = self.canv.beginPath()
                x0, y0 = stroke[0]
                path.moveTo(left + x0 * box_w, (1 - y0) * height)
                for x, y in stroke[1:]:
                    path.lineTo(left + x * box_w, (1 - y) * height)
                if len(stroke) == 1:
                    path.lineTo(left + x0 * box_w + 0.3, (1 - y0) * height)
                self.canv.drawPath(path, stroke=1, fill=0)
        elif self.refused:
            self.canv.setFont(FONT + "-Italic", 12)
            self.canv.drawCentredString(self.width / 2, self.height / 2, self.refused)
        if self.found is not None:
            x, y = self.canv.absolutePosition(0, 0)
            page = self.canv.getPageNumber() - 1
            self.found[self.index] = (page, (x, y, x + self.width, y + self.height))


class Rule(Flowable):
    """A solid horizontal line, centred, of a given width (the rules under header lines)."""

    def __init__(self, width: float, space: float = 2) -> None:
        super().__init__()
        self.rule_width = width
        self.space = space

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.available = available_width
        self.width, self.height = available_width, self.space + 1  # tables read these
        return self.width, self.height

    def draw(self) -> None:  # at the bottom of the box: ``space`` points below what precedes
        x = (self.available - self.rule_width) / 2
        self.canv.setLineWidth(0.6)
        self.canv.line(x, 0.5, x + self.rule_width, 0.5)


def _stacked_height(flowables: list[Flowable], width: float, height: float) -> float:
    """The height of flowables laid one under the other, their spaces before and after counted
    in full (a frame drops some of them: this is never less than what they take)."""
    return sum(f.wrap(width, height)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables)


def _space_between(above: Flowable, below: Flowable, frame: Any) -> float:
    """The space a frame leaves between two flowables: the space after the upper one, and the
    lower one's space before, less what the frame lets the two overlap (reportlab's default)."""
    before = below.getSpaceBefore()
    if getattr(frame, "_oASpace", 0):
        before = max(before - above.getSpaceAfter(), 0)
    return above.getSpaceAfter() + before


class HeadingGroup(KeepTogether):
    """Headings kept with the start of what follows them: they stay at a page's foot when the
    paragraph after them can start there with at least two lines (the rest flowing to the next
    page); else they all move to the next page. A heading never ends a page alone, and a long
    paragraph after a heading no longer leaves the foot of a page blank (issue 11: a quarter of
    page 1 stayed empty while "III." and its first paragraph waited for a page of their own)."""

    def __init__(self, headings: list[Flowable], first: Flowable) -> None:
        super().__init__([*headings, first])
        self.headings, self.first = headings, first

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        content = [*self.headings, self.first]
        frame = getattr(self, "_frame", None)
        if frame is not None and frame._atTop:
            return content
        # from the top of the first heading (the frame took its space before already) to the top
        # of the paragraph after the headings
        room = available_height - sum(
            h.wrap(available_width, available_height)[1] for h in self.headings
        )
        for above, below in zip(self.headings, [*self.headings[1:], self.first], strict=True):
            room -= _space_between(above, below, frame)
        if room > 0 and (
            self.first.wrap(available_width, room)[1] <= room
            or len(self.first.split(available_width, room)) > 1
        ):
            return content  # it fits, or the frame splits it there, two lines or more before
        return [PageBreak(), *content]


class TableWithFooter(Flowable):
    """A table and what follows it (notes, the initials of both sides): when the table runs
    over pages, what follows stays with its last rows, never alone at the top of a page."""

    def __init__(self, table: Table, footer: list[Flowable]) -> None:
        super().__init__()
        self.table, self.footer = table, footer

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return available_width, 0xFFFFFF  # always split, as KeepTogether does

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        footer = _stacked_height(self.footer, available_width, available_height)
        table = self.table.wrap(available_width, available_height)[1]
        if table + footer <= available_height:
            return [self.table, *self.footer]
        parts = self.table.split(available_width, available_height - footer)
        if len(parts) < 2:
            frame = getattr(self, "_frame", None)
            if frame is not None and frame._atTop:  # a footer taller than a page: let it flow
                return [self.table, *self.footer]
            return [PageBreak(), TableWithFooter(self.table, self.footer)]
        return [parts[0], TableWithFooter(parts[1], self.footer)]

    def draw(self) -> None:
        """Never drawn: split always replaces it by its table and footer."""

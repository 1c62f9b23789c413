# SPDX-License-Identifier: GPL-3.0-or-later
"""The minutes as plain data, ready to lay out: what :func:`inspector.minutes.content.build`
composes from the record and :mod:`inspector.minutes.layout` lays out. Its digest identifies the
exact record the minutes were made from (printed in the QR code of every page)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

from inspector.minutes.annexes import Annex
from inspector.minutes.wording import count

#: What begins the minutes' QR payload and the keywords under their signature: the format of the
#: record they carry.
QR_PREFIX = "INSPECTOR-BB:1"


@dataclass
class Signatory:
    """One signature block, with the handwritten strokes if the person signed on screen."""

    heading: str
    note: str
    name: str
    strokes: list[list[list[float]]] | None = None
    refused: bool = False


@dataclass
class MinutesModel:
    """Everything the minutes show, in one language, ready to lay out."""

    inspection_id: str
    lang: str
    superior: str
    issuer: str
    number: str
    place_date: str
    title: str
    summary: str
    opening: list[str]
    sections: list[tuple[str, list[str]]]
    closing: list[str]
    signatories: list[Signatory]
    annexes: list[Annex]
    words: dict[str, str] = field(default_factory=dict)
    refusals: list[str] = field(default_factory=list)
    sealed: str = ""  # SHA-256 of the record state the signing seals (see sealing.sign_minutes)

    def closing_paragraphs(self, pages: int | str) -> list[str]:
        """The closing of the minutes as printed, ``pages`` filled in: the unit's accountability,
        the end of the visit and the reading-out, each refusal to sign (or signature missing at
        sealing) with its reason, and last the page and copy count, which ends the text with
        "./.". With a refusal, the reading-out no longer says everyone agreed and signed."""
        pages_text = count(pages, self.lang) if isinstance(pages, int) else str(pages)
        if len(self.closing) < 3:  # supplementary minutes: one closing sentence, no reading-out
            return [text.replace("{pages}", pages_text) for text in self.closing]
        *before, ended, copies = self.closing
        read = self.words["read_not_all" if self.refusals else "read_agreed"]
        return [*before, f"{ended} {read}", *self.refusals, copies.replace("{pages}", pages_text)]

    def text(self, pages: int | str = "{pages}") -> list[str]:
        """The minutes as plain lines, in the order printed: the header, title, opening, each
        section, the closing, the signature blocks and each annex (a table row a line, cells
        joined by " | "). What a reader reviews word for word; the PDF lays these lines out."""
        lines = [
            self.superior,
            self.issuer,
            self.number,
            self.words["motto_country"],
            self.words["motto"],
            self.place_date,
            self.title,
            self.summary,
            *self.opening,
        ]
        for heading, body in self.sections:
            lines += [heading, *body]
        lines += self.closing_paragraphs(pages)
        for sign in self.signatories:
            mark = f" {self.words['refused_mark']}" if sign.refused else ""
            lines.append(f"{sign.heading} {sign.note}: {sign.name}{mark}")
        for annex in self.annexes:
            groups = [f"{text} ({first + 1}–{last + 1})" for first, last, text in annex.groups]
            lines += [annex.title, annex.attached_to, *groups, " | ".join(annex.head)]
            lines += [" | ".join(row) for row in annex.rows] or [annex.empty]
            lines += [" | ".join(annex.total)] if annex.total else []
            lines += annex.footer
            lines += [f"{side} {note}" for side, note in annex.initials]
        return lines

    def content(self) -> str:
        """The content as canonical JSON, whose SHA-256 is :meth:`digest`."""
        # the closing keeps "{pages}": the count is known after layout
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    def digest(self) -> str:
        """SHA-256 of the content, identifying the record behind the minutes."""
        return hashlib.sha256(self.content().encode()).hexdigest()

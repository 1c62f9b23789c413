# SPDX-License-Identifier: GPL-3.0-or-later
"""From a finding at the office down to the signed minutes behind it: the file, what verifying
its signatures found (who signed, when, trusted, intact), and the page where the finding is
printed, so a figure on a screen can be checked against the paper."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from inspector.errors import NotFoundError
from inspector.i18n import _
from inspector.minutes import sealing
from inspector.minutes.verifying import SignatureReport
from inspector.office.search import fold
from inspector.store.workspace import Workspace
from inspector.trust import identity

NEEDLE = 60  # characters of the finding's title looked for on the pages


@dataclass(frozen=True)
class SignedFinding:
    """Where a finding stands in its check's signed minutes."""

    inspection_id: str
    path: Path
    signatures: list[SignatureReport]
    page: int | None  # from 1; None if its title is not found on any page

    @property
    def ok(self) -> bool:
        """Every signature intact, valid, unchanged since and trusted here."""
        return bool(self.signatures) and all(s.ok for s in self.signatures)


def _plain(text: str) -> str:
    return " ".join(fold(text).split())


def page_of(path: Path, text: str) -> int | None:
    """The first page (from 1) on which ``text`` is printed, its marks, case and line breaks
    aside; a text running over a page break counts on the page where it begins."""
    needle = _plain(text)[:NEEDLE]
    if not needle:
        return None
    import pypdfium2  # loads when a page is read, not when the app starts

    pdf = pypdfium2.PdfDocument(path)
    try:
        pages = []
        for page in pdf:
            textpage = page.get_textpage()
            pages.append(_plain(textpage.get_text_range()))
            textpage.close()
            page.close()
    finally:
        pdf.close()
    for n, content in enumerate(pages):
        following = pages[n + 1][: len(needle)] if n + 1 < len(pages) else ""
        if needle in content or needle in f"{content[-len(needle) :]} {following}":
            return n + 1
    return None


def signed_finding(ws: Workspace, finding_id: str) -> SignedFinding | None:
    """The signed minutes of a finding's check, verified, and its page in them (None while the
    check is not sealed).

    Raises:
        NotFoundError: no such live finding.
        SignatureError: the check is sealed but its signed file is missing or was changed.
    """
    row = ws.db.execute(
        "SELECT inspection_id, title FROM findings WHERE id = ? AND deleted = 0", [finding_id]
    ).fetchone()
    if row is None:
        raise NotFoundError(_("This finding does not exist (any more)."))
    inspection_id, title = row
    signed = sealing.signed_minutes(ws, inspection_id)
    if signed is None:
        return None
    reports = sealing.verify_pdf(signed.path, identity.trust_roots(ws))
    return SignedFinding(inspection_id, signed.path, reports, page_of(signed.path, title))

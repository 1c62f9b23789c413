# SPDX-License-Identifier: GPL-3.0-or-later
"""From a finding down to the signed minutes behind it: verified, and on the page it is printed,
as a PDF reader other than the app's finds it."""

from __future__ import annotations

import pdfplumber
import pytest

from inspector.demo.build import DemoResult, sign_demo
from inspector.errors import NotFoundError, SignatureError
from inspector.office import drill
from inspector.store.workspace import Workspace
from tests.office_world import make_office, plain


def _plain(text: str) -> str:
    return " ".join(plain(text).split())


def test_every_finding_of_a_sealed_check_leads_to_its_page_of_the_signed_minutes(
    demo: tuple[Workspace, DemoResult],
) -> None:
    ws, made = demo
    findings = ws.db.execute(
        "SELECT id, title FROM findings WHERE inspection_id = ? AND deleted = 0",
        [made.inspection_id],
    ).fetchall()
    assert drill.signed_finding(ws, findings[0][0]) is None  # not sealed yet
    signed = sign_demo(ws, made.inspection_id)
    assert signed is not None
    with pdfplumber.open(signed) as pdf:
        pages = [_plain(page.extract_text() or "") for page in pdf.pages]
    for finding_id, title in findings:
        found = drill.signed_finding(ws, finding_id)
        assert found is not None and found.path == signed
        (signature,) = found.signatures
        assert signature.intact and signature.valid and signature.unchanged
        # the demo signs as an inspector of a demo authority that this workspace does not trust
        assert not signature.trusted and not found.ok
        assert signature.name == "Nguyễn Văn Hùng (demo)"
        assert found.page is not None, title
        start = _plain(title)[:40]
        assert start in pages[found.page - 1] or start in " ".join(
            pages[found.page - 1 : found.page + 1]
        ), title
        assert not any(start in page for page in pages[: found.page - 1]), title  # the first page


def test_a_missing_or_changed_signed_file_is_said_so(demo: tuple[Workspace, DemoResult]) -> None:
    ws, made = demo
    signed = sign_demo(ws, made.inspection_id)
    assert signed is not None
    (finding_id,) = ws.db.execute(
        "SELECT id FROM findings WHERE inspection_id = ? AND deleted = 0 LIMIT 1",
        [made.inspection_id],
    ).fetchone()
    signed.write_bytes(signed.read_bytes() + b"%")
    with pytest.raises(SignatureError):
        drill.signed_finding(ws, finding_id)
    with pytest.raises(NotFoundError):
        drill.signed_finding(ws, "00000000-0000-4000-8000-000000000000")


def test_at_the_office_a_teams_signed_minutes_verify_as_trusted(tmp_path) -> None:
    made = make_office(tmp_path)
    office = made.office
    sealed = [
        r[0]
        for r in office.db.execute(
            "SELECT f.id FROM findings f JOIN minutes m ON m.inspection_id = f.inspection_id"
            " WHERE f.deleted = 0 AND m.deleted = 0"
        )
    ]
    assert sealed  # the first team's check came sealed, its signed file with it
    for finding_id in sealed:
        found = drill.signed_finding(office, finding_id)
        assert found is not None and found.ok  # intact, valid, unchanged and trusted here
        assert found.page is not None
    others = office.db.execute(
        "SELECT id FROM findings WHERE inspection_id NOT IN (SELECT inspection_id FROM minutes)"
    ).fetchall()
    assert others and all(drill.signed_finding(office, r[0]) is None for r in others)

# SPDX-License-Identifier: GPL-3.0-or-later
"""Three teams' signed minutes printed in one file at the office: a cover list, then each check's
minutes, every page of which is attributed to its check by the code printed on it (the code that
verifies the paper copy)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest

from inspector.demo.build import DemoResult
from inspector.errors import ValidationError
from inspector.minutes import sealing
from inspector.office import bundle, table, views
from inspector.store.workspace import Workspace
from inspector.trust import identity
from tests.cli_run import inspector, readme_commands
from tests.office_world import Office, make_office

CODE = re.compile(r"Mã xác thực: ([0-9a-f]{16})")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Office:
    return make_office(tmp_path_factory.mktemp("bundle"), sign_all=True)


def _codes(ws: Workspace) -> dict[str, str]:
    """Each check's code, from its sealed record."""
    return dict(
        ws.db.execute(
            "SELECT inspection_id, substr(record_digest, 1, 16) FROM minutes"
            " WHERE kind = 'MAIN' AND deleted = 0"
        ).fetchall()
    )


def test_every_page_is_attributed_to_its_check_by_its_code(world: Office, tmp_path: Path) -> None:
    ws = world.office
    codes = _codes(ws)
    assert len(codes) == 3
    checks = sorted(codes)
    out = tmp_path / "bien-ban.pdf"
    listed = bundle.bundle(ws, checks, out)
    assert [b.inspection_id for b in listed] == checks
    with pdfplumber.open(out) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    cover = pages[0]
    assert bundle.TITLE in cover
    for item in listed:
        assert item.code == codes[item.inspection_id] and item.code in cover
        assert f"{item.first_page}–{item.first_page + item.pages - 1}" in cover
    # every page after the cover carries the code of the check whose pages the cover says it is
    owner = {n: b for b in listed for n in range(b.first_page, b.first_page + b.pages)}
    assert sorted(owner) == list(range(2, len(pages) + 1))
    for number, text in enumerate(pages[1:], start=2):
        found = CODE.findall(text)
        assert found and set(found) == {owner[number].code}, number
    # the bundle carries each signed file whole: pyHanko verifies it, and its code is the one
    # printed on the pages the cover gives to that check
    bundled = pdfium.PdfDocument(out)
    attached = [bundled.get_attachment(n) for n in range(bundled.count_attachments())]
    assert sorted(a.get_name() for a in attached) == sorted(
        f"bien-ban-{b.code}.pdf" for b in listed
    )
    for item in listed:
        (whole,) = [a for a in attached if a.get_name() == f"bien-ban-{item.code}.pdf"]
        signed = tmp_path / whole.get_name()
        signed.write_bytes(bytes(whole.get_data()))
        (report,) = sealing.verify_pdf(signed, identity.trust_roots(ws))
        assert report.ok, report
        with pdfplumber.open(signed) as original:
            assert set(CODE.findall(original.pages[0].extract_text() or "")) == {item.code}
    bundled.close()
    # and the printed code leads back to its check, as from a paper copy
    for item in listed:
        ran = inspector("--home", str(ws.home), "verify", "--digest", item.code, "--json")
        assert ran.returncode == 0, ran.stderr
        assert json.loads(ran.stdout)["inspection_id"] == item.inspection_id


def test_a_saved_view_on_the_command_line(world: Office, tmp_path: Path) -> None:
    ws = world.office
    views.save(ws, "Mức 3", table.parse("severity=3"))
    wanted = {r.inspection_id for r in table.rows(ws, table.parse("severity=3"))}
    out = tmp_path / "muc-3.pdf"
    ran = inspector(
        "--home", str(ws.home), "bundle", "--view", "Mức 3", "--out", str(out), "--json"
    )
    assert ran.returncode == 0, ran.stderr
    assert {b["inspection_id"] for b in json.loads(ran.stdout)} == wanted
    assert out.read_bytes().startswith(b"%PDF")


def test_unsigned_minutes_are_named_and_nothing_is_written(
    demo: tuple[Workspace, DemoResult], tmp_path: Path
) -> None:
    ws, made = demo
    out = tmp_path / "bien-ban.pdf"
    (number,) = ws.db.execute(
        "SELECT d.number_symbol FROM inspections i JOIN decisions d ON d.id = i.decision_id"
        " WHERE i.id = ?",
        [made.inspection_id],
    ).fetchone()
    with pytest.raises(ValidationError, match=number):  # the unsigned check, named
        bundle.bundle(ws, [made.inspection_id], out)
    with pytest.raises(ValidationError):
        bundle.bundle(ws, [], out)
    assert not out.exists()


def test_the_readmes_bundle_commands_on_the_office_demo(tmp_path: Path) -> None:
    home = tmp_path / "office"
    assert inspector("--home", str(home), "demo", "--office").returncode == 0
    with Workspace.open(home) as ws:
        (signed,) = ws.db.execute("SELECT id FROM inspections WHERE status = 'SIGNED'").fetchone()
        views.save(ws, "Chưa khắc phục", table.parse("recommendation_status=PROPOSED"))
    commands = [w for w in readme_commands("The office") if w[1] == "bundle"]
    assert len(commands) == 2
    for words in commands:
        args = [signed[:8] if w == "CHECK" else w for w in words[1:]]
        args[-1] = str(tmp_path / args[-1])
        ran = inspector("--home", str(home), *args)
        assert ran.returncode == 0, (words, ran.stderr)
        assert Path(args[-1]).read_bytes().startswith(b"%PDF")

# SPDX-License-Identifier: GPL-3.0-or-later
"""The bundled VSS checklist: version 1 (8 areas, 46 items) kept for the checks made with it, and
version 2 (8 areas, 60 items) for new checks, each item complete in both languages, with how its
failure is written, whether it is a duty or praise, and whether it concerns money."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from inspector.cli import main as cli
from inspector.demo.build import build_demo
from inspector.errors import ValidationError
from inspector.fieldwork import answers, checklists, findings, listing
from inspector.i18n import set_language
from inspector.store.workspace import Workspace
from inspector.sync import exchange, packages
from inspector.vocabulary import ItemKind, Severity
from tests.conftest import snapshot
from tests.sync_world import World

V1, V2 = checklists.BUNDLED_VERSIONS


def _items(path: Path) -> list[dict]:
    data = checklists.load_template_file(path)
    return [i for a in data["areas"] for i in a["items"]]


@pytest.mark.parametrize(("path", "count"), [(V1, 46), (V2, 60)])
def test_bundled_files_are_complete(path: Path, count: int) -> None:
    data = checklists.load_template_file(path)
    assert [a["code"] for a in data["areas"]] == list("ABCDEFGH")
    items = _items(path)
    assert len(items) == count
    assert len({i["code"] for i in items}) == count
    for item in items:
        for key in ("text_vi", "text_en", "how_vi", "how_en", "legal_basis"):
            assert item[key].strip(), (item["code"], key)
            assert unicodedata.is_normalized("NFC", item[key])
        assert item["methods"] and set(item["methods"]) <= set(data["methods"])
        Severity(item["default_severity"])


def test_version_2_keeps_the_codes_of_version_1_and_adds_what_the_directives_ask() -> None:
    old, new = {i["code"] for i in _items(V1)}, {i["code"] for i in _items(V2)}
    assert old <= new
    added = new - old
    assert added == {"B10", "C9", "C10", "C11", "C12", "F7", "F8", "F9", "F10", "F11"} | {
        "G6",
        "G7",
        "G8",
        "G9",
    }
    text = {i["code"]: i["text_vi"] for i in _items(V2)}
    assert "1251" in text["C9"] and "280" in text["C9"]  # disseminated, with a plan
    assert "kiểm tra đột xuất" in text["C11"]  # the unit's own checks, surprise ones too
    assert "Chương trình thực hành tiết kiệm" in text["F7"]
    assert "cho thuê, cho mượn" in text["G9"]


def test_version_2_items_say_how_a_failure_is_written_never_twice_negative() -> None:
    for item in _items(V2):
        for key in ("violation_vi", "violation_en"):
            wording = item[key]
            assert wording.strip() and wording == wording.strip(), (item["code"], key)
            assert not wording.endswith("."), item["code"]  # the minutes end their lists
            assert unicodedata.is_normalized("NFC", wording)
            assert wording != item[key.replace("violation", "text")], item["code"]
        vi = item["violation_vi"].lower()
        assert not vi.startswith(("không đạt", "không không")), item["code"]
        assert "không không" not in vi and "chưa không" not in vi, item["code"]
        assert item["kind"] in {k.value for k in ItemKind}
        assert isinstance(item["money"], bool)


def test_praise_items_are_positive_and_money_items_are_in_f_and_g() -> None:
    items = _items(V2)
    praise = {i["code"] for i in items if i["kind"] == "PRAISE"}
    assert {"C8", "B10", "F11"} == praise
    assert all(i["default_severity"] == "0" for i in items if i["kind"] == "PRAISE")
    assert all(i["default_severity"] != "0" for i in items if i["kind"] == "DUTY")
    money = {i["code"] for i in items if i["money"]}
    assert {"F2", "F3", "F4", "G2", "G8", "G9"} <= money
    assert all(code[0] in "FG" for code in money)


def test_legal_bases_are_only_citations_checked_against_the_texts() -> None:
    for item in _items(V2):
        basis = item["legal_basis"]
        assert "kiểm tra lại" not in basis and "tham khảo" not in basis, item["code"]
        for citation in basis.split("; "):
            # a numbered text names its issuer; a dated one, its date as dd/mm/yyyy
            if re.search(r"số \d", citation):
                assert " của " in citation or citation.startswith("Luật"), citation
            for day in re.findall(r"ngày (\S+)", citation):
                assert re.fullmatch(r"\d{2}/\d{1,2}/\d{4},?\)?", day), citation


def test_every_version_is_installed_once_with_the_same_ids_everywhere(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "a") as a, Workspace.open(tmp_path / "b") as b:
        assert checklists.ensure_bundled_checklist(a) == checklists.ensure_bundled_checklist(b)
        ids_a = sorted(r[0] for r in a.db.execute("SELECT id FROM checklist_items"))
        ids_b = sorted(r[0] for r in b.db.execute("SELECT id FROM checklist_items"))
        assert len(ids_a) == 46 + 60 and ids_a == ids_b
    with Workspace.open(tmp_path / "a") as again:  # seeding again installs nothing twice
        checklists.ensure_bundled_checklist(again)
        assert again.db.execute("SELECT count(*) FROM checklist_items").fetchone()[0] == 106


def test_a_new_check_takes_version_2_and_reads_its_items(ws: Workspace) -> None:
    template = checklists.default_template_id(ws.db)
    row = ws.db.execute(
        "SELECT template_version FROM checklist_templates WHERE id = ?", [template]
    ).fetchone()
    assert row == (2,)
    assert [a["code"] for a in checklists.areas(ws.db, template)] == list("ABCDEFGH")
    b4 = checklists.item_by_code(ws.db, template, "B4")
    assert b4.area_code == "B" and "PM" in b4.methods
    assert len(checklists.items(ws.db, template, "C")) == 12
    c8 = checklists.item_by_code(ws.db, template, "C8")
    assert c8.is_praise and c8.default_severity == "0" and not c8.money
    f3 = checklists.item_by_code(ws.db, template, "F3")
    assert f3.money and not f3.is_praise
    assert f3.violation("vi").startswith("Tổ chức hội nghị")
    assert f3.violation("en").startswith("Conferences")


def test_a_version_1_item_is_written_as_version_2_writes_the_same_duty(ws: Workspace) -> None:
    (old,) = ws.db.execute(
        "SELECT id FROM checklist_templates WHERE template_version = 1"
    ).fetchone()
    a4 = checklists.item_by_code(ws.db, old, "A4")
    assert a4.kind == "DUTY" and not a4.money and a4.violation_vi is not None
    assert a4.violation("vi").startswith("Công chức, viên chức, người lao động làm việc riêng")
    c8 = checklists.item_by_code(ws.db, old, "C8")  # a duty there, praise in version 2
    assert not c8.is_praise and c8.violation("en").startswith("Finding on item C8")
    # the checks made with version 1 are shown its items cited as version 2 cites them
    stored = ws.db.execute(
        "SELECT count(*) FROM checklist_items WHERE template_id = ?"
        " AND legal_basis LIKE '%kiểm tra lại%'",
        [old],
    ).fetchone()[0]
    assert stored == 22  # as installed everywhere: the records stay as they travel
    assert not [i.code for i in checklists.items(ws.db, old) if "kiểm tra lại" in i.legal_basis]


def test_auto_title_is_the_items_violation_in_the_language_in_use(
    ws: Workspace, check: dict[str, str]
) -> None:
    iid = check["inspection"]
    answers.answer_item(ws, iid, "A4", "NOT_COMPLY")
    fid = findings.add_finding(ws, iid, item_code="A4")
    row = ws.db.execute("SELECT title, severity FROM findings WHERE id = ?", [fid]).fetchone()
    assert row == (
        "Công chức, viên chức, người lao động làm việc riêng, sử dụng đồ uống có cồn trong giờ"
        " làm việc hoặc hút thuốc lá tại nơi làm việc",
        "3",
    )
    assert not row[0].startswith("Không")
    set_language("en")
    fid = findings.add_finding(ws, iid, item_code="B5")
    title = ws.db.execute("SELECT title FROM findings WHERE id = ?", [fid]).fetchone()[0]
    assert title == "Overdue dossiers lacking the apology and new-date slip"


def test_praise_is_observed_not_complied_with_and_never_a_violation(
    ws: Workspace, check: dict[str, str]
) -> None:
    iid = check["inspection"]
    before = snapshot(ws)
    with pytest.raises(ValidationError) as info:
        answers.answer_item(ws, iid, "C8", "NOT_COMPLY")
    assert "observed or not observed" in info.value.message("en")
    assert "có ghi nhận hoặc không ghi nhận" in info.value.message("vi")
    with pytest.raises(ValidationError) as info:
        answers.answer_item(ws, iid, "A1", "OBSERVED")
    assert "is a duty" in info.value.message("en")
    with pytest.raises(ValidationError) as info:
        findings.add_finding(ws, iid, item_code="C8", severity="3")
    assert "good practice" in info.value.message("en")
    assert snapshot(ws) == before
    answers.answer_item(ws, iid, "C8", "OBSERVED")
    fid = findings.add_finding(ws, iid, item_code="C8")
    row = ws.db.execute("SELECT kind, severity FROM findings WHERE id = ?", [fid]).fetchone()
    assert row == ("GOOD_PRACTICE", "0")
    with pytest.raises(ValidationError) as info:
        findings.update_finding(ws, fid, severity="4")
    assert "good practice" in info.value.message("en")
    other = findings.add_finding(ws, iid, item_code="A1")
    with pytest.raises(ValidationError) as info:
        findings.move_finding(ws, other, area_code=None, item_code="C8")
    assert "điển hình" in info.value.message("vi")


def test_a_check_cites_the_law_in_force_on_its_day() -> None:
    """The Law on Thrift and Anti-Waste (passed 10/12/2025) replaces Law 44/2013/QH13 from
    01/7/2026: a check made before then cites the old law, one made after it the new."""
    newer, in_force, older = checklists.REPLACED_LAWS[0]
    basis = f"Chỉ thị số 150-CT/BCSĐ ngày 12/11/2024; {newer}"
    assert (
        checklists.basis_on(basis, date(2026, 3, 5))
        == f"Chỉ thị số 150-CT/BCSĐ ngày 12/11/2024; {older}"
    )
    assert checklists.basis_on(basis, in_force) == basis
    assert checklists.basis_on(None, in_force) is None


def test_the_demo_finding_on_spending_cites_the_law_of_march_2026(ws: Workspace) -> None:
    made = build_demo(ws)  # the visit: 05/03/2026
    (basis,) = ws.db.execute(
        "SELECT f.legal_basis FROM findings f JOIN checklist_items ci ON ci.id = f.item_id"
        " WHERE f.inspection_id = ? AND ci.code = 'F3'",
        [made.inspection_id],
    ).fetchone()
    assert "44/2013/QH13" in basis and "10/12/2025" not in basis


def _templates(home: Path) -> int:
    with Workspace.open(home) as ws:
        return int(ws.db.execute("SELECT count(*) FROM checklist_templates").fetchone()[0])


def test_opening_a_workspace_seeds_nothing_the_command_line_does(tmp_path: Path) -> None:
    assert _templates(tmp_path / "store") == 0  # the store alone holds no check's list
    assert cli.main(["--home", str(tmp_path / "cli"), "list", "--json"]) == 0
    assert _templates(tmp_path / "cli") == 2  # the first command finds every bundled version


def test_a_package_imports_into_a_workspace_without_the_checklist(
    world: World, tmp_path: Path
) -> None:
    out = world.export(world.a, "everything", everything=True)
    root = world.keys["office"].chain[-1]
    with Workspace.open(tmp_path / "bare") as bare:
        assert bare.db.execute("SELECT count(*) FROM checklist_templates").fetchone()[0] == 0
        exchange.import_package(bare, out, trust_fingerprint=packages.fingerprint(root)[:32])
        detail = listing.inspection_detail(bare, world.inspection_id)
        answered = listing.inspection_detail(world.a, world.inspection_id)
        assert detail["checklist"] == answered["checklist"]  # every item, with its answer
        assert checklists.default_template_id(bare.db) == checklists.default_template_id(world.a.db)

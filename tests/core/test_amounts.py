# SPDX-License-Identifier: GPL-3.0-or-later
"""Amounts on findings (norm, actual, excess, whole đồng): typed as people write them, checked
against each other, refused whole when a package brings what no screen could type; an old
workspace gains them (schema 6) and keeps its checks on the checklist they were made with."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from inspector.errors import ValidationError
from inspector.fieldwork import amounts, checklists, drafts, findings, listing
from inspector.i18n import set_language
from inspector.store import columns, records
from inspector.store.workspace import DB_NAME, Workspace
from tests.conftest import snapshot
from tests.sync_world import World, change, craft, finding_of, heads_for, refused_whole

DATA = Path(__file__).resolve().parent.parent / "data"
NORM = amounts.amount_label("amount_norm")


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("18.500.000", 18_500_000),
        ("18500000", 18_500_000),
        ("18,500,000", 18_500_000),
        ("18 500 000 đ", 18_500_000),
        (" 6.000.000 đồng ", 6_000_000),
        ("0", 0),
        ("", None),
        ("   ", None),
        (None, None),
        (12_500_000, 12_500_000),
    ],
)
def test_an_amount_is_read_as_a_person_types_it(typed: object, value: int | None) -> None:
    assert amounts.parse_amount(typed, NORM) == value


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("18,5", "whole number of đồng"),
        ("18.50.000", "whole number of đồng"),
        ("18.500,000", "whole number of đồng"),
        ("mười triệu", "whole number of đồng"),
        ("-5", "below zero"),
        (-5, "below zero"),
        (10**15, "too large"),
        (True, "whole number of đồng"),
        (1.5, "whole number of đồng"),
    ],
)
def test_an_amount_that_is_not_whole_dong_is_refused(typed: object, words: str) -> None:
    with pytest.raises(ValidationError) as info:
        amounts.parse_amount(typed, NORM)
    assert words in info.value.message("en")
    assert "Amount allowed by the norm" in info.value.message("en")
    assert "Số tiền theo định mức" in info.value.message("vi")


def test_amounts_are_shown_as_each_language_writes_them() -> None:
    assert amounts.show_amount(18_500_000, "vi") == "18.500.000"
    assert amounts.show_amount(18_500_000, "en") == "18,500,000"
    assert amounts.show_amount(None) == ""


def test_a_finding_carries_its_amounts_and_the_excess_follows(
    ws: Workspace, check: dict[str, str]
) -> None:
    iid = check["inspection"]
    fid = findings.add_finding(
        ws, iid, item_code="F3", amount_norm="6.000.000", amount_actual="18.500.000"
    )
    row = records.get(ws.db, "findings", fid)
    assert (row["amount_norm"], row["amount_actual"], row["amount_excess"]) == (
        6_000_000,
        18_500_000,
        12_500_000,
    )
    assert row["title"].startswith("Tổ chức hội nghị, hội thảo, lễ kỷ niệm chi vượt định mức")
    # the amount spent corrected: the excess follows it
    assert findings.update_finding(ws, fid, amount_actual="16500000")
    assert records.get(ws.db, "findings", fid)["amount_excess"] == 10_500_000
    # the amount spent cleared: the excess it gave goes with it
    findings.update_finding(ws, fid, amount_actual="")
    row = records.get(ws.db, "findings", fid)
    assert (row["amount_actual"], row["amount_excess"]) == (None, None)
    # an excess known on its own (no breakdown) is kept as typed
    findings.update_finding(ws, fid, amount_norm=None, amount_excess="3.000.000")
    findings.update_finding(ws, fid, amount_norm="1.000.000")
    assert records.get(ws.db, "findings", fid)["amount_excess"] == 3_000_000
    # within the norm: nothing over it
    findings.update_finding(ws, fid, amount_excess=None)
    findings.update_finding(ws, fid, amount_actual="900.000")
    assert records.get(ws.db, "findings", fid)["amount_excess"] == 0
    detail = listing.inspection_detail(ws, iid)
    (found,) = [f for f in detail["findings"] if f["id"] == fid]
    assert (found["amount_norm"], found["amount_actual"], found["amount_excess"]) == (
        1_000_000,
        900_000,
        0,
    )
    assert detail["amount_totals"] == {
        "amount_norm": 1_000_000,
        "amount_actual": 900_000,
        "amount_excess": 0,
    }


def test_bad_amounts_change_nothing_and_say_why_in_both_languages(
    ws: Workspace, check: dict[str, str]
) -> None:
    iid = check["inspection"]
    fid = findings.add_finding(ws, iid, item_code="F4", amount_norm=6_000_000)
    before = snapshot(ws)
    with pytest.raises(ValidationError) as info:
        findings.add_finding(
            ws, iid, item_code="F3", amount_norm=6_000_000, amount_actual=18_500_000,
            amount_excess=10_000_000,
        )  # fmt: skip
    assert "not the amount spent less the norm" in info.value.message("en")
    assert "12.500.000" in info.value.message("vi")
    assert "không bằng số tiền thực chi trừ định mức" in info.value.message("vi")
    for bad in (
        {"amount_actual": "18,5"},
        {"amount_norm": -1},
        {"amount_excess": "10.000.000", "amount_actual": "18.500.000"},
        {"amount_actual": 10**16},
    ):
        with pytest.raises(ValidationError):
            findings.update_finding(ws, fid, **bad)
    with pytest.raises(ValidationError):
        findings.add_finding(ws, iid, item_code="F2", amount_actual="abc")
    with pytest.raises(ValidationError):  # a typed draft that is not an amount is kept, unsaved
        drafts.commit(ws, "findings", fid, "amount_actual", "18.5")
    assert snapshot(ws) == before


def test_an_amount_typed_in_the_editor_becomes_a_logged_change(
    ws: Workspace, check: dict[str, str]
) -> None:
    fid = findings.add_finding(ws, check["inspection"], item_code="G8")
    drafts.keep(ws, "findings", fid, "amount_actual", "18.500.0")
    drafts.commit(ws, "findings", fid, "amount_actual", "18.500.000")
    assert drafts.pending(ws) == []
    assert records.get(ws.db, "findings", fid)["amount_actual"] == 18_500_000
    logged = ws.db.execute(
        "SELECT new_value FROM changes WHERE record_id = ? AND field = 'amount_actual'", [fid]
    ).fetchall()
    assert logged == [("18500000",)]


def test_a_finding_on_a_praise_item_is_good_practice_titled_as_praise(
    ws: Workspace, check: dict[str, str]
) -> None:
    set_language("en")
    fid = findings.add_finding(ws, check["inspection"], item_code="F11")
    row = records.get(ws.db, "findings", fid)
    assert (row["kind"], row["severity"]) == ("GOOD_PRACTICE", "0")
    assert (
        row["title"]
        == "The unit has effective thrift and anti-waste initiatives, proposed for praise"
    )


def test_overview_gives_each_items_wording_kind_and_money(
    ws: Workspace, check: dict[str, str]
) -> None:
    detail = listing.inspection_detail(ws, check["inspection"])
    items = {i["code"]: i for a in detail["checklist"] for i in a["items"]}
    assert items["C8"]["kind"] == "PRAISE" and items["C8"]["money"] is False
    assert items["F3"]["money"] is True and items["F3"]["kind"] == "DUTY"
    assert items["A4"]["violation_vi"].startswith("Công chức, viên chức, người lao động làm")
    assert items["A4"]["violation_en"].startswith("Staff doing personal business")


# ------------------------------------------------------------------------- an older workspace


def test_a_schema_5_workspace_gains_the_columns_and_keeps_its_checklist(tmp_path: Path) -> None:
    home = tmp_path / "ws"
    home.mkdir()
    shutil.copy(DATA / "schema_v5.sqlite3", home / DB_NAME)
    with Workspace.open(home) as ws:
        checklists.ensure_bundled_checklist(ws)  # as the app and the command line open it
        assert (home / f"{DB_NAME}.v5.bak").exists()
        kinds = ws.db.execute(
            "SELECT DISTINCT t.template_version, ci.kind, ci.money, ci.violation_vi IS NULL"
            " FROM checklist_items ci JOIN checklist_templates t ON t.id = ci.template_id"
            " WHERE t.template_version = 1"
        ).fetchall()
        assert kinds == [(1, "DUTY", 0, 1)]  # as a new copy of version 1 installs them
        assert ws.db.execute(
            "SELECT count(*) FROM findings WHERE amount_norm IS NOT NULL"
            " OR amount_actual IS NOT NULL OR amount_excess IS NOT NULL"
        ).fetchone() == (0,)
        # version 2 came with the upgrade; the old check keeps version 1 and its answers
        (iid,) = ws.db.execute("SELECT id FROM inspections").fetchone()
        detail = listing.inspection_detail(ws, iid)
        assert detail["checklist_template"]["template_version"] == 1
        items = [i for a in detail["checklist"] for i in a["items"]]
        assert len(items) == 46 and all(i["answer"] for i in items)
        assert all(i["kind"] == "DUTY" and i["money"] is False for i in items)
        (a1,) = [i for i in items if i["code"] == "A1"]
        assert a1["violation_vi"].startswith("Công chức, viên chức, người lao động vắng mặt")
        (kept,) = ws.db.execute(
            "SELECT template_id FROM inspections WHERE id = ?", [iid]
        ).fetchone()
        assert checklists.default_template_id(ws.db) != kept
        for table in ("checklist_items", "findings"):
            for row in ws.db.query(f"SELECT * FROM {table}"):
                columns.check_row(table, row)


def test_an_item_of_a_template_older_than_schema_6_still_travels() -> None:
    """A peer on the earlier schema sends items without the new columns."""
    columns.check_row(
        "checklist_items",
        {
            "template_id": "6f1c2f0e-3f52-4c55-9d0b-5b1f0c9a7e21",
            "area_code": "A",
            "code": "A1",
            "text_vi": "Có mặt",
            "text_en": "Present",
            "methods": '["QS"]',
            "how_vi": "x",
            "how_en": "x",
            "legal_basis": "x",
            "default_severity": "2",
            "position": 1,
        },
    )


# ------------------------------------------------------------------------- hostile packages


def _amount_edit(world: World, field: str, value: object) -> Path:
    finding = finding_of(world.office, world.inspection_id)
    edit = change("findings", finding, "update", field, value,
                  parents=heads_for(world.office, "findings", finding, field))  # fmt: skip
    return craft(world.root / f"{field}.inspkg", world.keys["b"], [edit])


def _disagreeing_insert(world: World) -> Path:
    values = {"inspection_id": world.inspection_id, "area_code": "F", "kind": "VIOLATION",
              "title": "Chi hội nghị vượt định mức", "severity": "3", "amount_norm": 6_000_000,
              "amount_actual": 18_500_000, "amount_excess": 500}  # fmt: skip
    insert = change("findings", records.new_id(), "insert", None, values, version=1)
    return craft(world.root / "excess.inspkg", world.keys["b"], [insert])


HOSTILE = {
    "amount below zero": (lambda w: _amount_edit(w, "amount_excess", -5), "whole number"),
    "amount as typed text": (lambda w: _amount_edit(w, "amount_norm", "6.000.000"), "whole"),
    "amount with a fraction": (lambda w: _amount_edit(w, "amount_actual", 1.5), "whole number"),
    "amount beyond any budget": (lambda w: _amount_edit(w, "amount_actual", 10**18), "whole"),
    "excess that is not actual less norm": (_disagreeing_insert, "amount spent less the norm"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_package_with_an_amount_no_screen_could_type_is_refused_whole(
    case: str, world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    make, words = HOSTILE[case]
    refused_whole(world, make(world), words, capsys)

# SPDX-License-Identifier: GPL-3.0-or-later
"""A sealed check: no local edit, deletion or addition changes it (the write path refuses, whatever
service calls it), its follow-up stays open, and it keeps the names its minutes printed when the
registers are corrected afterwards; an unsealed check follows the registers."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from inspector.cli import main as cli
from inspector.demo.build import DemoResult, sign_demo
from inspector.errors import ValidationError
from inspector.fieldwork import inspections, recommendations, units
from inspector.minutes import content as minutes_content
from inspector.store import records, seals
from inspector.store.db import META_COLUMNS, OWNERS
from inspector.store.workspace import Workspace
from tests.conftest import snapshot

SEALED = re.escape(str(seals.refusal()))  # the message the services always gave
# the follow-up files a seal leaves free are tested with the follow-up register
OWNED = [
    table
    for table, owner in OWNERS.items()
    if owner is not None and table not in seals.FOLLOW_UP_TABLES
]


@pytest.fixture(scope="module")
def _sealed_template(
    tmp_path_factory: pytest.TempPathFactory, _demo_template: tuple[Path, DemoResult]
) -> tuple[Path, DemoResult]:
    home = tmp_path_factory.mktemp("sealed") / "ws"
    shutil.copytree(_demo_template[0], home)
    with Workspace.open(home) as ws:
        assert sign_demo(ws, _demo_template[1].inspection_id) is not None
        ws.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return home, _demo_template[1]


@pytest.fixture
def sealed(
    tmp_path: Path, _sealed_template: tuple[Path, DemoResult]
) -> Iterator[tuple[Workspace, DemoResult]]:
    """The demo check, its minutes signed and sealed (a private copy per test)."""
    home = tmp_path / "sealed"
    shutil.copytree(_sealed_template[0], home)
    ws = Workspace.open(home)
    yield ws, _sealed_template[1]
    ws.close()


def _row_of(ws: Workspace, table: str, inspection_id: str) -> dict[str, Any]:
    """A live record of ``table`` that belongs to the inspection."""
    ids = [r[0] for r in ws.db.execute(f"SELECT id FROM {table} WHERE deleted = 0")]
    owned = [
        rid for rid, owner in seals.owners(ws.db, table, ids).items() if owner == inspection_id
    ]
    assert owned, f"the demo has no {table}"
    return records.get(ws.db, table, sorted(owned)[0])


def _other(value: Any) -> Any:
    if isinstance(value, str):
        return value + " (sửa)"
    return 1 - value if value in (0, 1) else (value or 0) + 1


@pytest.mark.parametrize("table", OWNED)
def test_no_field_of_a_sealed_record_can_be_changed_nor_the_record_deleted(
    sealed: tuple[Workspace, DemoResult], table: str
) -> None:
    ws, made = sealed
    row = _row_of(ws, table, made.inspection_id)
    free = seals.AFTER_SEALING.get(table, set())
    before = snapshot(ws)
    columns = [c for c in row if c not in META_COLUMNS and c not in free]
    assert columns
    for column in columns:
        with pytest.raises(ValidationError, match=SEALED), ws.transaction() as db:
            records.update(db, ws.actor, table, row["id"], {column: _other(row[column])})
    for remove in (records.delete, records.delete_tree):
        with pytest.raises(ValidationError, match=SEALED), ws.transaction() as db:
            remove(db, ws.actor, table, row["id"])
    if OWNERS[table] and not OWNERS[table].named_by and table not in ("inspections", "minutes"):
        copy = {k: v for k, v in row.items() if k not in META_COLUMNS}
        with pytest.raises(ValidationError, match=SEALED), ws.transaction() as db:
            records.insert(db, ws.actor, table, copy)  # nothing is added to a sealed check
    assert snapshot(ws) == before


def test_the_follow_up_and_the_approvals_stay_open(sealed: tuple[Workspace, DemoResult]) -> None:
    ws, made = sealed
    rec = _row_of(ws, "recommendations", made.inspection_id)
    recommendations.set_recommendation_status(ws, rec["id"], "DONE", note="Đã khắc phục")
    assert records.get(ws.db, "recommendations", rec["id"])["status"] == "DONE"
    with pytest.raises(ValidationError, match=SEALED), ws.transaction() as db:
        records.update(db, ws.actor, "recommendations", rec["id"], {"status": "OPEN", "text": "x"})
    minutes = _row_of(ws, "minutes", made.inspection_id)
    with ws.transaction() as db:  # a member's approval signature changes the signed file
        records.update(db, ws.actor, "minutes", minutes["id"], {"pdf_sha256": "0" * 64})
    with pytest.raises(ValidationError, match=SEALED), ws.transaction() as db:
        records.update(db, ws.actor, "minutes", minutes["id"], {"number": "99/BB-ĐKT"})


def test_a_record_cannot_be_moved_into_a_sealed_check(sealed: tuple[Workspace, DemoResult]) -> None:
    ws, made = sealed
    sealed_row = records.get(ws.db, "inspections", made.inspection_id)
    other = inspections.create_inspection(
        ws,
        decision_number="09/QĐ-BHXH",
        decision_date="2026-03-02",
        signer_name="Phạm Văn Ký",
        legal_basis="Công văn 1251/BHXH-TCCB",
        unit_id=sealed_row["unit_id"],
    )
    finding = _row_of(ws, "findings", made.inspection_id)
    copy = {k: v for k, v in finding.items() if k not in META_COLUMNS}
    with ws.transaction() as db:
        mine = records.insert(db, ws.actor, "findings", {**copy, "inspection_id": other})
    with pytest.raises(ValidationError, match=SEALED), ws.transaction() as db:
        records.update(db, ws.actor, "findings", mine, {"inspection_id": made.inspection_id})
    assert records.get(ws.db, "findings", mine)["inspection_id"] == other
    with ws.transaction() as db:  # the unsealed check is edited as ever
        assert records.update(db, ws.actor, "findings", mine, {"title": "Tiêu đề mới"})


def test_every_owned_table_answers_its_inspection(sealed: tuple[Workspace, DemoResult]) -> None:
    ws, made = sealed
    for table in OWNED:
        row = _row_of(ws, table, made.inspection_id)
        assert seals.owners(ws.db, table, [row["id"]]) == {row["id"]: made.inspection_id}
    assert seals.owners(ws.db, "people", list(made.people.values())) == {}


def _show(home: Path, inspection_id: str, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert cli.main(["--home", str(home), "--lang", "vi", "show", inspection_id]) == 0
    return capsys.readouterr().out


def _verify(home: Path, code: str, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert cli.main(["--home", str(home), "--lang", "vi", "verify", "--digest", code]) == 0
    return capsys.readouterr().out


def _responsible(ws: Workspace, inspection_id: str) -> str:
    return str(
        ws.db.execute(
            "SELECT r.person_id FROM responsibilities r JOIN findings f ON f.id = r.finding_id"
            " WHERE f.inspection_id = ? AND r.person_id IS NOT NULL AND r.deleted = 0"
            " ORDER BY r.created_at LIMIT 1",
            [inspection_id],
        ).fetchone()[0]
    )


def _rename(ws: Workspace, unit_id: str, person_id: str) -> tuple[str, str]:
    """Rename the unit and a person in the registers; return the new names."""
    units.update_unit(ws, unit_id, name="Bảo hiểm xã hội cơ sở Đã Đổi Tên")
    units.update_person(ws, person_id, full_name="Người Đã Đổi Tên", position="Chức vụ mới")
    return "Bảo hiểm xã hội cơ sở Đã Đổi Tên", "Người Đã Đổi Tên"


def test_a_sealed_check_keeps_the_names_it_printed(
    sealed: tuple[Workspace, DemoResult], capsys: pytest.CaptureFixture[str]
) -> None:
    ws, made = sealed
    iid = made.inspection_id
    person = _responsible(ws, iid)
    leader = ws.db.execute(
        "SELECT person_id FROM team_members WHERE inspection_id = ? AND role = 'LEADER'", [iid]
    ).fetchone()[0]
    code = ws.db.execute("SELECT record_digest FROM minutes WHERE inspection_id = ?", [iid])
    code = code.fetchone()[0][:16]
    shown, verified = _show(ws.home, iid, capsys), _verify(ws.home, code, capsys)
    model = minutes_content.build(ws, iid).content()
    unit_name = records.get(ws.db, "org_units", made.unit_id)["name"]
    person_name = records.get(ws.db, "people", person)["full_name"]
    assert unit_name in shown and person_name in shown and unit_name in verified
    assert person_name in model and unit_name in model

    new_unit, new_person = _rename(ws, made.unit_id, person)
    units.update_person(ws, leader, full_name="Trưởng Đoàn Đổi Tên", gender="FEMALE")

    assert _show(ws.home, iid, capsys) == shown
    assert _verify(ws.home, code, capsys) == verified
    assert minutes_content.build(ws, iid).content() == model
    for text in (new_unit, new_person, "Trưởng Đoàn Đổi Tên"):
        assert text not in model
    assert records.get(ws.db, "people", person)["full_name"] == new_person  # the register moved on


def test_an_unsealed_check_follows_the_registers(
    demo: tuple[Workspace, DemoResult], capsys: pytest.CaptureFixture[str]
) -> None:
    ws, made = demo
    iid = made.inspection_id
    person = _responsible(ws, iid)
    shown = _show(ws.home, iid, capsys)
    model = minutes_content.build(ws, iid).content()
    new_unit, new_person = _rename(ws, made.unit_id, person)
    now = _show(ws.home, iid, capsys)
    assert now != shown and new_unit in now and new_person in now
    text = minutes_content.build(ws, iid).content()
    assert text != model and new_unit in text and new_person in text


def test_the_seal_keeps_the_names_of_the_unit_its_superior_and_the_people_named(
    sealed: tuple[Workspace, DemoResult],
) -> None:
    ws, made = sealed
    iid = made.inspection_id
    names = seals.sealed_names(ws.db, iid)
    unit = records.get(ws.db, "org_units", made.unit_id)
    assert names.units[made.unit_id]["name"] == unit["name"]
    if unit["parent_id"]:
        assert unit["parent_id"] in names.units  # the superior body
    named = {
        r[0]
        for table in ("team_members", "attendance", "signatories")
        for r in ws.db.execute(
            f"SELECT person_id FROM {table} WHERE inspection_id = ? AND deleted = 0"
            " AND person_id IS NOT NULL",
            [iid],
        )
    }
    named.add(_responsible(ws, iid))
    assert named <= set(names.people)
    assert all(
        set(p) == {"full_name", "gender", "position", "staff_type"} for p in names.people.values()
    )
    assert seals.sealed_names(ws.db, "no-such-check") == seals.SealedNames()


def test_a_seal_made_before_seals_kept_names_follows_the_registers(
    sealed: tuple[Workspace, DemoResult],
) -> None:
    ws, made = sealed
    with ws.transaction() as db:  # as minutes signed by an earlier version stored their seal
        db.execute(
            "UPDATE minutes SET sealed_state = json_remove(sealed_state, '$.people', '$.org_units')"
        )
    assert seals.sealed_names(ws.db, made.inspection_id) == seals.SealedNames()
    new_unit, _person = _rename(ws, made.unit_id, _responsible(ws, made.inspection_id))
    assert new_unit in minutes_content.build(ws, made.inspection_id).content()


def test_a_seal_from_elsewhere_names_only_its_check_and_what_the_minutes_print(
    sealed: tuple[Workspace, DemoResult],
) -> None:
    ws, made = sealed
    iid = made.inspection_id
    (text,) = ws.db.execute("SELECT sealed_state FROM minutes WHERE inspection_id = ?", [iid])
    state = json.loads(text[0])
    assert seals.check_state(state, iid)
    assert seals.check_state({k: v for k, v in state.items() if k in seals.SEAL_TABLES}, iid)
    person = next(iter(state["people"]))
    more = {**state, "people": {person: {**state["people"][person], "phone": "0912345678"}}}
    assert not seals.check_state(more, iid)  # a register's other fields are not the seal's
    assert not seals.check_state({**state, "settings": {}}, iid)
    assert not seals.check_state(state, "another-check")

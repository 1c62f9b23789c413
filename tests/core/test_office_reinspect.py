# SPDX-License-Identifier: GPL-3.0-or-later
"""Re-inspection: the office prepares a check of only the items a team's check found failing,
carries it to the team's laptop in a field kit, the team answers those items alone, and its
package comes back to the office."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inspector.errors import ValidationError
from inspector.fieldwork import answers, screens
from inspector.office import reinspect
from inspector.store.workspace import Workspace
from inspector.sync import exchange
from inspector.trust import identity
from tests.office_world import PASSPHRASE, make_office, package_rows, team_home


def _failed_from_packages(rows: dict, inspection_id: str, items: dict[str, str]) -> set[str]:
    """The codes of the items a check failed, worked out from the package's records."""
    failed = {
        items[r["item_id"]]
        for r in rows["responses"]
        if r["inspection_id"] == inspection_id and r["answer"] == "NOT_COMPLY"
    }
    failed |= {
        items[f["item_id"]]
        for f in rows["findings"]
        if f["inspection_id"] == inspection_id and f["item_id"] and f["severity"] not in ("0", "1")
    }
    return failed


def test_a_reinspection_of_the_failed_items_goes_to_the_team_and_comes_back(
    tmp_path: Path,
) -> None:
    made = make_office(tmp_path)
    office = made.office
    try:
        rows = package_rows(made.packages)
        items = dict(office.db.execute("SELECT id, code FROM checklist_items").fetchall())
        earlier = next(r for r in rows["inspections"] if r["status"] == "SIGNED")
        failed = reinspect.failed_items(office, earlier["id"])
        expected = _failed_from_packages(rows, earlier["id"], items)
        assert {f.code for f in failed} == expected and len(expected) >= 2
        leader = office.db.execute(
            "SELECT person_id FROM team_members WHERE inspection_id = ? AND role = 'LEADER'",
            [earlier["id"]],
        ).fetchone()[0]

        # only failed items, and at least one
        passed = next(c for c in items.values() if c not in expected)
        before = office.db.execute("SELECT count(*) FROM changes").fetchone()
        with pytest.raises(ValidationError, match=passed):
            reinspect.prepare_reinspection(
                office,
                earlier["id"],
                decision_number="88/QĐ-BHXH",
                decision_date="2026-09-01",
                signer_name="Nguyễn Văn Giám Đốc",
                leader_id=leader,
                items=[passed],
            )
        assert office.db.execute("SELECT count(*) FROM changes").fetchone() == before

        chosen = [f.code for f in failed][:2]
        new_id = reinspect.prepare_reinspection(
            office,
            earlier["id"],
            decision_number="88/QĐ-BHXH",
            decision_date="2026-09-01",
            signer_name="Nguyễn Văn Giám Đốc",
            leader_id=leader,
            items=chosen,
        )
        assert reinspect.reinspections(office, earlier["id"]) == [new_id]
        head = screens.header(office, new_id)
        assert head["items"] == chosen and head["follows_id"] == earlier["id"]
        assert head["unit_id"] == earlier["unit_id"]
        assert "88/QĐ-BHXH" == head["number_symbol"] and chosen[0] in head["purpose"]
        progress = screens.area_progress(office, new_id)
        assert sum(p.total for p in progress) == len(chosen)
        shown = [
            i["item"].code for p in progress for i in screens.area_items(office, new_id, p.code)
        ]
        assert shown == chosen

        # carried in a field kit to the team that made the earlier check
        kit = tmp_path / "reinspect-kit.inspkg"
        exchange.make_field_kit(
            office, kit, identity.load_authority(office, PASSPHRASE), inspections=[new_id]
        )
        laptop_home = team_home(tmp_path, earlier["id"])
        with Workspace.open(laptop_home) as laptop:
            got = exchange.import_package(laptop, kit)
            assert not got.refused, got.refused[:3]
            there = screens.header(laptop, new_id)
            assert there["items"] == chosen
            answers.answer_item(laptop, new_id, chosen[0], "COMPLIES", note="Đã khắc phục")
            with pytest.raises(ValidationError):
                answers.answer_item(laptop, new_id, passed, "COMPLIES")
            back = tmp_path / "team-back.inspkg"
            exchange.export_package(laptop, back, identity.load_identity(laptop, PASSPHRASE))
        result = exchange.import_package(office, back)
        assert not result.refused, result.refused[:3]
        answered = office.db.execute(
            "SELECT ci.code, r.answer FROM responses r JOIN checklist_items ci ON ci.id = r.item_id"
            " WHERE r.inspection_id = ? AND r.deleted = 0",
            [new_id],
        ).fetchall()
        assert answered == [(chosen[0], "COMPLIES")]
        stored = office.db.execute("SELECT items FROM inspections WHERE id = ?", [new_id])
        assert json.loads(stored.fetchone()[0]) == chosen
    finally:
        office.close()


def test_a_check_without_failed_items_has_nothing_to_inspect_again(tmp_path: Path) -> None:
    made = make_office(tmp_path)
    office = made.office
    try:
        inspection_id = office.db.execute("SELECT id FROM inspections LIMIT 1").fetchone()[0]
        with office.transaction() as db:  # every failing answer and grave finding set aside
            db.execute(
                "UPDATE responses SET answer = 'COMPLIES' WHERE inspection_id = ?", [inspection_id]
            )
            db.execute(
                "UPDATE findings SET item_id = NULL WHERE inspection_id = ?", [inspection_id]
            )
        assert reinspect.failed_items(office, inspection_id) == []
        with pytest.raises(ValidationError):
            reinspect.prepare_reinspection(
                office,
                inspection_id,
                decision_number="89/QĐ-BHXH",
                decision_date="2026-09-01",
                signer_name="Nguyễn Văn Giám Đốc",
                leader_id=office.db.execute("SELECT id FROM people LIMIT 1").fetchone()[0],
            )
    finally:
        office.close()

# SPDX-License-Identifier: GPL-3.0-or-later
"""The follow-up from a hostile (but trusted) laptop: an inspector may follow up the
recommendations of her own checks, sealed or not, and nothing of another team's; a file she
claims to keep for another team's recommendation is refused with the rest of her trespass."""

from __future__ import annotations

import hashlib

from inspector.fieldwork import recommendations
from inspector.office import followup
from inspector.store import records
from inspector.sync import exchange
from tests.conftest import new_small_check
from tests.sync_world import MEMBER, World, change, craft, heads_for, sealed_at_office


def test_an_inspector_follows_up_her_own_checks_only(world: World) -> None:
    iid = sealed_at_office(world)
    other = new_small_check(world.root / "office")  # a check Mai is not on
    theirs = recommendations.recommend(
        world.office, other, type="RECTIFY", text="Niêm yết đầy đủ thủ tục hành chính"
    )
    own = world.office.db.execute(
        "SELECT id FROM recommendations WHERE inspection_id = ? AND deleted = 0 ORDER BY id"
        " LIMIT 1",
        [iid],
    ).fetchone()[0]
    content = b"%PDF-1.4 bao cao khac phuc"
    digest = hashlib.sha256(content).hexdigest()
    before = followup.entry(world.office, theirs)
    forged = [
        change("recommendations", theirs, "update", "status", "DONE",
               parents=heads_for(world.office, "recommendations", theirs, "status")),
        change("recommendations", theirs, "update", "report", "Đã niêm yết",
               parents=heads_for(world.office, "recommendations", theirs, "report")),
        change("follow_up_files", records.new_id(), "insert", None,
               {"recommendation_id": theirs, "sha256": digest, "size": len(content),
                "file_name": "bao-cao.pdf", "media_type": "application/pdf"}, version=1),
        # her own check's recommendation: followed up after the seal, within her scope
        change("recommendations", own, "update", "status", "IN_PROGRESS",
               parents=heads_for(world.office, "recommendations", own, "status")),
    ]  # fmt: skip
    package = craft(
        world.root / "followup.inspkg",
        world.keys["b"],
        forged,
        extra={f"evidence/{digest}": content},
    )
    result = exchange.import_package(world.office, package)
    assert result.applied == 1
    assert {r["record_id"] for r in result.refused} >= {theirs}
    assert len(result.refused) == 3 and {r["changed_by"] for r in result.refused} == {MEMBER}
    assert all("not on the team" in r["reason"].render("en") for r in result.refused)
    after = followup.entry(world.office, theirs)
    assert (after.status, after.report, after.files) == (before.status, before.report, 0)
    assert followup.entry(world.office, own).status == "IN_PROGRESS"

# SPDX-License-Identifier: GPL-3.0-or-later
"""A trusted, enrolled inspector turned hostile: Trần Thị Mai (laptop B, a member of the demo
check's team) rebuilds ``changes.jsonl`` by hand and signs the package with her own real key.

A valid signature proves who sent a package, not that what it says is allowed. Each class of
forgery is refused as designed, with one sentence: a change outside the signer's scope is kept
apart (``refused_changes``) while the rest imports; a package that no honest laptop could have
made is refused whole, and then the office's database and files are byte-identical (those
packages, and the signed minutes she forges, are in :mod:`tests.core.test_hostile_minutes`).
"""

from __future__ import annotations

import json

import pytest

from inspector import i18n, timefmt
from inspector.fieldwork import findings, inspections
from inspector.minutes import sealing
from inspector.store import records
from inspector.store.workspace import Workspace
from inspector.sync import changesets, exchange, inbox, packages
from tests.conftest import new_small_check
from tests.sync_world import (
    LEADER,
    MEMBER,
    PASSPHRASE,
    World,
    change,
    craft,
    finding_of,
    heads_for,
    refused_whole,
    sealed_at_office,
)

# ------------------------------------------------------------------------- authorship


def test_a_forged_author_is_recorded_as_the_signer(world: World) -> None:
    finding = finding_of(world.office, world.inspection_id)
    edit = change(
        "findings",
        finding,
        "update",
        "title",
        "Không phát hiện vi phạm",
        parents=heads_for(world.office, "findings", finding, "title"),
        by=LEADER,  # she claims to be the leader, on his laptop
    )
    edit["device_id"] = world.a.actor.device_id
    result = exchange.import_package(
        world.office, craft(world.root / "forged-author.inspkg", world.keys["b"], [edit])
    )
    assert result.applied == 1 and not result.refused  # her own check: within her scope
    logged = world.office.db.execute(
        "SELECT changed_by, author, author_fp FROM changes WHERE change_id = ?",
        [edit["change_id"]],
    ).fetchone()
    assert logged == (LEADER, MEMBER, packages.fingerprint(world.keys["b"].certificate))
    row = world.office.db.execute("SELECT changed_by FROM findings WHERE id = ?", [finding])
    assert row.fetchone() == (MEMBER,)  # what screens show is the certificate's name


def test_a_relay_cannot_add_a_change_to_another_persons_set_nor_alter_one(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    finding = finding_of(world.a, world.inspection_id)
    findings.update_finding(world.a, finding, title="Hùng sửa")
    real = world.export(world.a, "a1")
    pkg = packages.read(real, [world.keys["office"].chain[-1]])
    lines = [ln for ln in pkg.read("changes.jsonl").split(b"\n") if ln]
    his = changesets.read_sets(pkg.read(changesets.ENTRY), [world.keys["office"].chain[-1]], None)
    theirs = [json.loads(ln) for ln in lines]
    extra = change("findings", finding, "update", "severity", "1", parents=[], by=LEADER)
    extra["device_id"] = world.a.actor.device_id
    added = craft(
        world.root / "added.inspkg", world.keys["b"], [*theirs, extra], sets=list(his.values())
    )
    refused_whole(world, added, "did not sign", capsys)
    altered = [dict(c) for c in theirs]
    for c in altered:
        if c["table_name"] == "findings" and c["op"] == "update":
            c["new_value"] = json.dumps("Mai sửa thay Hùng", ensure_ascii=False)
    forged = craft(world.root / "altered.inspkg", world.keys["b"], altered, sets=list(his.values()))
    refused_whole(world, forged, "did not sign", capsys)
    # passed on unaltered, his set still names him
    relayed = craft(world.root / "relayed.inspkg", world.keys["b"], theirs, sets=list(his.values()))
    exchange.import_package(world.office, relayed)
    authors = {
        r[0]
        for r in world.office.db.execute(
            "SELECT author FROM changes WHERE record_id = ? AND op = 'update'", [finding]
        )
    }
    assert authors == {LEADER}


# ------------------------------------------------------------------------- scope


def test_another_teams_records_are_kept_apart_and_the_rest_imports(world: World) -> None:
    other = new_small_check(world.root / "office")  # a check Mai is not on
    for title in ("Vắng mặt không lý do", "Hồ sơ quá hạn"):
        findings.add_finding(world.office, other, title=title, severity="2")
    theirs, gone = finding_of(world.office, other, 0), finding_of(world.office, other, 1)
    own = finding_of(world.office, world.inspection_id)
    resp = world.office.db.execute(
        "SELECT r.id FROM responsibilities r JOIN findings f ON f.id = r.finding_id"
        " WHERE f.inspection_id = ? LIMIT 1",
        [world.inspection_id],
    ).fetchone()[0]
    before = world.office.db.execute(
        "SELECT title, severity, deleted FROM findings WHERE inspection_id = ? ORDER BY id", [other]
    ).fetchall()
    package = craft(
        world.root / "scope.inspkg",
        world.keys["b"],
        [
            change("findings", theirs, "update", "title", "Không phát hiện vi phạm",
                   parents=heads_for(world.office, "findings", theirs)),
            change("findings", theirs, "update", "severity", "0",
                   parents=heads_for(world.office, "findings", theirs)),
            change("findings", gone, "delete", "deleted", 1, old=0,
                   parents=heads_for(world.office, "findings", gone)),
            change("findings", own, "update", "title", "Mai sửa phát hiện của đoàn mình",
                   parents=heads_for(world.office, "findings", own, "title")),
            # a responsibility of her check moved under the other team's finding
            change("responsibilities", resp, "update", "finding_id", theirs,
                   parents=heads_for(world.office, "responsibilities", resp, "finding_id")),
        ],
    )  # fmt: skip
    result = exchange.import_package(world.office, package)
    assert result.applied == 1
    assert {(r["record_id"], r["changed_by"]) for r in result.refused} == {
        (theirs, MEMBER),
        (gone, MEMBER),
        (resp, MEMBER),
    }
    assert all("not on the team" in r["reason"].render("en") for r in result.refused)
    after = world.office.db.execute(
        "SELECT title, severity, deleted FROM findings WHERE inspection_id = ? ORDER BY id", [other]
    ).fetchall()
    assert after == before  # not applied, and the deletion never happened
    kept = world.office.db.execute(
        "SELECT count(*), min(author) FROM refused_changes WHERE package_id = ?",
        [result.package_id],
    ).fetchone()
    assert kept == (4, MEMBER)
    i18n.set_language("en")
    said = inbox.describe(result)  # what the command line and the inbox say
    assert "4 changes refused" in said
    assert f"{MEMBER} is not on the team of this check" in said and "(4 changes)" in said
    assert world.office.db.execute("SELECT title FROM findings WHERE id = ?", [own]).fetchone() == (
        "Mai sửa phát hiện của đoàn mình",
    )


def test_joining_another_team_or_renaming_the_registers_is_kept_apart(world: World) -> None:
    other = new_small_check(world.root / "office")
    iid = sealed_at_office(world)
    mai = world.office.db.execute(
        "SELECT person_id FROM team_members t JOIN people p ON p.id = t.person_id"
        " WHERE t.inspection_id = ? AND p.full_name = ?",
        [iid, MEMBER],
    ).fetchone()[0]
    unit, unit_name = world.office.db.execute(
        "SELECT u.id, u.name FROM inspections i JOIN org_units u ON u.id = i.unit_id"
        " WHERE i.id = ?",
        [iid],
    ).fetchone()
    join = change(
        "team_members",
        records.new_id(),
        "insert",
        None,
        {"inspection_id": other, "person_id": mai, "role": "MEMBER", "assigned_areas": "[]",
         "coi_declared": 0},
        version=1,
    )  # fmt: skip
    rename = change(
        "org_units", unit, "update", "name", "Đơn vị đã đổi tên",
        parents=heads_for(world.office, "org_units", unit, "name"),
    )  # fmt: skip
    result = exchange.import_package(
        world.office, craft(world.root / "join.inspkg", world.keys["b"], [join, rename])
    )
    assert {r["table_name"] for r in result.refused} == {"team_members", "org_units"}
    assert world.office.db.execute(
        "SELECT count(*) FROM team_members WHERE inspection_id = ?", [other]
    ).fetchone() == (1,)
    assert world.office.db.execute(
        "SELECT name FROM org_units WHERE id = ?", [unit]
    ).fetchone() == (unit_name,)


def test_a_person_met_on_site_may_be_added_and_corrected_by_who_added_them(world: World) -> None:
    unit = world.office.db.execute("SELECT unit_id FROM inspections WHERE id = ?",
                                   [world.inspection_id]).fetchone()[0]  # fmt: skip
    person = records.new_id()
    added = change(
        "people", person, "insert", None,
        {"full_name": "Lê Văn Bảo", "unit_id": unit, "position": "Nhân viên"}, version=1,
    )  # fmt: skip
    first = exchange.import_package(
        world.office, craft(world.root / "p1.inspkg", world.keys["b"], [added])
    )
    assert not first.refused
    fix = change("people", person, "update", "full_name", "Lê Văn Bảo Anh",
                 parents=[added["change_id"]])  # fmt: skip
    assert not exchange.import_package(
        world.office, craft(world.root / "p2.inspkg", world.keys["b"], [fix])
    ).refused
    other = change("people", person, "update", "position", "Bảo vệ", parents=[added["change_id"]])
    refused = exchange.import_package(
        world.office, craft(world.root / "p3.inspkg", world.keys["a"], [other])
    ).refused
    assert [r["changed_by"] for r in refused] == [LEADER]  # not his to correct


def _team_row(ws: Workspace, inspection_id: str, name: str) -> str:
    return str(
        ws.db.execute(
            "SELECT t.id FROM team_members t JOIN people p ON p.id = t.person_id"
            " WHERE t.inspection_id = ? AND p.full_name = ? AND t.deleted = 0",
            [inspection_id, name],
        ).fetchone()[0]
    )


def test_a_member_cannot_make_herself_leader_and_seal(world: World) -> None:
    """On her own laptop, with the app's own screens: she names herself leader, signs."""
    iid = world.inspection_id
    inspections.update_team_member(world.b, _team_row(world.b, iid, MEMBER), role="LEADER")
    takeover = world.export(world.b, "takeover")
    result = exchange.import_package(world.office, takeover)
    assert {r["table_name"] for r in result.refused} == {"team_members"}
    assert all("not the leader" in r["reason"].render("en") for r in result.refused)
    leaders = world.office.db.execute(
        "SELECT p.full_name FROM team_members t JOIN people p ON p.id = t.person_id"
        " WHERE t.inspection_id = ? AND t.role = 'LEADER' AND t.deleted = 0",
        [iid],
    ).fetchall()
    assert leaders == [(LEADER,)]
    sealing.sign_minutes(world.b, iid, PASSPHRASE, number="04/BB-ĐKT")
    with pytest.raises(exchange.PackageError):
        exchange.import_package(world.office, world.export(world.b, "her-seal"))
    status = world.office.db.execute("SELECT status FROM inspections WHERE id = ?", [iid])
    assert status.fetchone() != ("SIGNED",)
    # the leader hands over in his turn: that is his to do
    inspections.update_team_member(world.a, _team_row(world.a, iid, MEMBER), role="LEADER")
    assert not exchange.import_package(world.office, world.export(world.a, "handover")).refused


def test_records_of_her_check_cannot_point_at_another_teams_finding(world: World) -> None:
    iid = world.inspection_id
    other = new_small_check(world.root / "office")
    theirs = findings.add_finding(world.office, other, title="Thu sai", severity="2")
    evidence = world.office.db.execute(
        "SELECT id FROM evidence WHERE inspection_id = ? LIMIT 1", [iid]
    ).fetchone()[0]
    pointing = [
        change("recommendations", records.new_id(), "insert", None,
               {"inspection_id": iid, "finding_id": theirs, "type": "LESSONS",
                "text": "Không cần xử lý", "status": "PROPOSED"}, version=1),
        change("evidence_links", records.new_id(), "insert", None,
               {"evidence_id": evidence, "target_table": "findings", "target_id": theirs},
               version=1),
        change("explanations", records.new_id(), "insert", None,
               {"inspection_id": iid, "finding_id": theirs, "given_by": "Đơn vị",
                "text": "Đã khắc phục", "given_at": timefmt.now_utc()}, version=1),
    ]  # fmt: skip
    result = exchange.import_package(
        world.office, craft(world.root / "pointing.inspkg", world.keys["b"], pointing)
    )
    assert result.applied == 0 and len(result.refused) == 3
    for table in ("recommendations", "explanations"):
        assert world.office.db.execute(
            f"SELECT count(*) FROM {table} WHERE finding_id = ?", [theirs]
        ).fetchone() == (0,)


def test_a_person_she_added_cannot_be_renamed_into_another_teams_place(world: World) -> None:
    planted = records.new_id()
    plant = change("people", planted, "insert", None, {"full_name": "Lê Minh Tuấn"}, version=1)
    plant["changed_at"] = "2001-01-01T00:00:00.000000Z"  # the oldest of the name, to be reused
    exchange.import_package(world.office, craft(world.root / "plant.inspkg", world.keys["b"],
                                                [plant]))  # fmt: skip
    other = new_small_check(world.root / "office")  # its leader is named Lê Minh Tuấn
    person = world.office.db.execute(
        "SELECT person_id FROM team_members WHERE inspection_id = ?", [other]
    ).fetchone()[0]
    assert person == planted  # the office's new check took her record for its leader
    rename = change("people", person, "update", "full_name", MEMBER,
                    parents=heads_for(world.office, "people", person, "full_name"))  # fmt: skip
    result = exchange.import_package(
        world.office, craft(world.root / "rename.inspkg", world.keys["b"], [rename])
    )
    assert [r["table_name"] for r in result.refused] == ["people"]
    assert world.office.db.execute(
        "SELECT full_name FROM people WHERE id = ?", [person]
    ).fetchone() == ("Lê Minh Tuấn",)


def test_the_offices_checklists_and_unit_history_are_not_added_to(world: World) -> None:
    template, area = world.office.db.execute(
        "SELECT template_id, code FROM checklist_areas LIMIT 1"
    ).fetchone()
    item = change("checklist_items", records.new_id(), "insert", None,
                  {"template_id": template, "area_code": area, "code": "Z9",
                   "text_vi": "Đơn vị không cần báo cáo", "text_en": "No report needed",
                   "methods": "[]", "how_vi": "x", "how_en": "x", "legal_basis": "x",
                   "default_severity": "1", "position": 99}, version=1)  # fmt: skip
    units_ = [r[0] for r in world.office.db.execute("SELECT id FROM org_units LIMIT 2")]
    history = change("org_unit_predecessors", records.new_id(), "insert", None,
                     {"unit_id": units_[0], "predecessor_id": units_[1]}, version=1)  # fmt: skip
    result = exchange.import_package(
        world.office, craft(world.root / "lists.inspkg", world.keys["b"], [item, history])
    )
    assert {r["table_name"] for r in result.refused} == {"checklist_items", "org_unit_predecessors"}

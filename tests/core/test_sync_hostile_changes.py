# SPDX-License-Identifier: GPL-3.0-or-later
"""Changes a trusted laptop could send by hand (or by a bug): a seal is not undone, a signed
file is not replaced, authority cannot be forged, order does not matter for deleted records, and
what would be hidden shows as a conflict."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from inspector import i18n
from inspector.errors import PackageError, ValidationError
from inspector.fieldwork import findings, inspections, recommendations
from inspector.minutes import sealing
from inspector.store import records
from inspector.store.workspace import Workspace
from inspector.sync import exchange, inbox, merge, packages
from inspector.trust.identity import Identity, trust_roots
from tests.sync_world import PASSPHRASE, World, change, craft, minutes_row


def _sealed_at_office(world: World) -> str:
    sealing.sign_minutes(world.a, world.inspection_id, PASSPHRASE, number="03/BB-ĐKT")
    exchange.import_package(world.office, world.export(world.a, "seal"))
    return world.inspection_id


def test_a_package_cannot_unseal_minutes_nor_edit_or_move_a_sealed_record(world: World) -> None:
    iid = _sealed_at_office(world)
    db = world.office.db
    minutes_id = db.execute("SELECT id FROM minutes WHERE inspection_id = ?", [iid]).fetchone()[0]
    finding, title = db.execute(
        "SELECT id, title FROM findings WHERE inspection_id = ? ORDER BY id LIMIT 1", [iid]
    ).fetchone()
    every = [c for ids in records.heads_of(db, "minutes", minutes_id).values() for c in ids]
    heads = records.heads_of(db, "findings", finding)
    evil = craft(
        world.root / "evil.inspkg",
        world.keys["b"],
        [
            change("minutes", minutes_id, "delete", "deleted", 1, parents=every, old=0),
            change("findings", finding, "update", "title", "Sửa sau khi ký", parents=heads["*"]),
            change(
                "findings", finding, "update", "inspection_id", records.new_id(), parents=heads["*"]
            ),
        ],
    )
    result = exchange.import_package(world.office, evil)
    assert {(r["table_name"], r["field"]) for r in result.refused} == {
        ("minutes", "deleted"),
        ("findings", "title"),
        ("findings", "inspection_id"),
    }
    row = db.execute("SELECT title, inspection_id, deleted FROM findings WHERE id = ?", [finding])
    assert row.fetchone() == (title, iid, 0)
    assert db.execute("SELECT deleted FROM minutes WHERE id = ?", [minutes_id]).fetchone() == (0,)
    refused = db.execute("SELECT count(*) FROM changes WHERE refused IS NOT NULL").fetchone()[0]
    assert refused == 2  # kept in the log, marked
    # the move to a check whose team does not include B is outside B's scope: kept apart
    (reason,) = db.execute("SELECT reason FROM refused_changes").fetchone()
    assert "Trần Thị Mai" in reason


def test_a_package_cannot_replace_a_signed_minutes_file(world: World) -> None:
    iid = _sealed_at_office(world)
    target = world.office.home / "minutes" / f"{iid}.pdf"
    before = target.read_bytes()
    forged = b"%PDF-1.7 forged minutes"
    digest = hashlib.sha256(forged).hexdigest()
    row = minutes_row(iid, kind="SUPPLEMENT", pdf_sha256=digest)  # the signed one's name
    evil = craft(
        world.root / "evil.inspkg",
        world.keys["b"],
        [change("minutes", records.new_id(), "insert", None, row, version=1)],
        extra={f"minutes/{digest}.pdf": forged},
    )
    with pytest.raises(PackageError):  # minutes come only with their signed file
        exchange.import_package(world.office, evil)
    assert target.read_bytes() == before


def _certificate(
    name: str, key: ec.EllipticCurvePrivateKey, issuer: Identity, ca: bool
) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, name)]))
        .issuer_name(issuer.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .sign(issuer.key, hashes.SHA256())
    )


def test_a_person_cannot_issue_certificates_nor_act_as_the_office(world: World) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    b = world.keys["b"]
    fake = _certificate("Phòng Thanh tra - Kiểm tra", key, b, ca=False)  # issued by B, a person
    forged = craft(world.root / "forged.inspkg", Identity(key, fake, [b.certificate, *b.chain]), [])
    with pytest.raises(PackageError) as caught:
        packages.read(forged, trust_roots(world.a))
    assert "chain" in caught.value.message("en")
    receipt = craft(
        world.root / "receipt.inspkg",
        b,
        [],
        kind="receipt",
        extra={"receipt.json": b'{"package_id": "x", "summary": {}}'},
    )
    with pytest.raises(PackageError) as caught:
        exchange.import_package(world.a, receipt)
    assert "authority" in caught.value.message("en")


def test_edit_then_delete_arrive_in_either_order_to_the_same_state(world: World) -> None:
    finding = world.a.db.execute("SELECT id FROM findings ORDER BY id LIMIT 1").fetchone()[0]
    findings.update_finding(world.a, finding, title="Sửa trước khi xóa")
    first = world.export(world.a, "a1")
    findings.delete_finding(world.a, finding, reason="Trùng")
    second = world.export(world.a, "a2")
    world.office.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copytree(world.office.home, world.root / "office2")
    other = Workspace.open(world.root / "office2")
    try:
        for package in (first, second):
            exchange.import_package(world.office, package)
        for package in (second, first):
            exchange.import_package(other, package)
        assert merge.state_digest(world.office.db) == merge.state_digest(other.db)
        assert merge.conflicts(other.db) == []  # A saw its own edit before deleting
    finally:
        other.close()


def test_a_record_added_under_one_deleted_elsewhere_is_a_conflict(world: World) -> None:
    finding = world.a.db.execute("SELECT id FROM findings ORDER BY id LIMIT 1").fetchone()[0]
    person = world.b.db.execute("SELECT id FROM people LIMIT 1").fetchone()[0]
    findings.delete_finding(world.a, finding, reason="Không đủ căn cứ")
    findings.assign_responsibility(world.b, finding, level="DIRECT", person_id=person)
    exchange.import_package(world.office, world.export(world.a, "a1"))
    result = exchange.import_package(world.office, world.export(world.b, "b1"))
    assert any(c["field"] == merge.PARENT_DELETED for c in result.conflicts)
    open_ = [c for c in merge.conflicts(world.office.db) if c.field == merge.PARENT_DELETED]
    assert {c.table for c in open_} >= {"responsibilities"}
    with world.office.transaction() as db:
        for conflict in open_:
            merge.resolve(db, world.office.actor, conflict, None, "Phát hiện đã bị bỏ")
    assert not [c for c in merge.conflicts(world.office.db) if c.field == merge.PARENT_DELETED]


def test_follow_up_of_a_sealed_check_can_still_conflict_and_be_settled(world: World) -> None:
    iid = world.inspection_id
    sealing.sign_minutes(world.a, iid, PASSPHRASE, number="03/BB-ĐKT")
    exchange.import_package(world.b, world.export(world.a, "seal"))
    rec = world.a.db.execute(
        "SELECT id FROM recommendations WHERE inspection_id = ? ORDER BY id LIMIT 1", [iid]
    ).fetchone()[0]
    recommendations.set_recommendation_status(world.a, rec, "IN_PROGRESS", note="A: đã nộp")
    recommendations.set_recommendation_status(world.b, rec, "IN_PROGRESS", note="B: chưa nộp")
    exchange.import_package(world.office, world.export(world.a, "a2"))
    exchange.import_package(world.office, world.export(world.b, "b2"))
    (conflict,) = merge.conflicts(world.office.db)
    assert conflict.field == "status_note"
    assert {o.value for o in conflict.options} == {"A: đã nộp", "B: chưa nộp"}


def test_a_deeply_nested_manifest_is_refused_and_the_inbox_goes_on(
    world: World, tmp_path: Path
) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    with zipfile.ZipFile(folder / "deep.inspkg", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", "[" * 200_000)
        z.writestr("manifest.sig", b"x")
        z.writestr("signer.pem", b"x")
    finding = world.a.db.execute("SELECT id FROM findings LIMIT 1").fetchone()[0]
    findings.update_finding(world.a, finding, title="Sau gói hỏng")
    good = world.export(world.a, "z-good")
    (folder / good.name).write_bytes(good.read_bytes())
    entries = inbox.scan(world.office, folder, settle=0)
    assert {e.file: e.outcome for e in entries} == {"deep.inspkg": "refused", good.name: "imported"}


def test_packages_imported_out_of_order_still_apply(world: World) -> None:
    severity = world.a.db.execute("SELECT severity FROM findings LIMIT 1").fetchone()[0]
    finding = findings.add_finding(
        world.a, world.inspection_id, title="Mới ở hiện trường", severity=severity
    )
    first = world.export(world.a, "p1")
    person = world.a.db.execute("SELECT id FROM people LIMIT 1").fetchone()[0]
    findings.assign_responsibility(world.a, finding, level="DIRECT", person_id=person)
    second = world.export(world.a, "p2")
    exchange.import_package(world.office, second)  # the later one first
    # the second carried what it builds on: the first has nothing new left
    assert exchange.import_package(world.office, first).already
    assert world.office.db.execute(
        "SELECT count(*) FROM responsibilities WHERE finding_id = ? AND deleted = 0", [finding]
    ).fetchone() == (1,)
    assert not world.office.db.conn.in_transaction


def _forged_seal(world: World, *, record_id: str | None = None) -> Path:
    """A seal made by hand by inspector B, who is not the team leader."""
    iid = world.inspection_id
    state = {"inspections": {iid: {"id": iid, "status": "SIGNED"}}}
    row = minutes_row(iid, signed_by="Trần Thị Mai", sealed_state=json.dumps(state))
    minutes = record_id or records.new_id()
    return craft(
        world.root / f"seal-{minutes[:8]}.inspkg",
        world.keys["b"],
        [change("minutes", minutes, "insert", None, row, version=1)],
    )


def test_a_seal_not_signed_by_the_leader_is_refused_and_changes_nothing(world: World) -> None:
    before = merge.state_digest(world.office.db)
    with pytest.raises(PackageError) as caught:
        exchange.import_package(world.office, _forged_seal(world))
    assert "team leader" in caught.value.message("en")
    assert merge.state_digest(world.office.db) == before
    # nor can one override the real seal, whatever its id
    _sealed_at_office(world)
    with pytest.raises(PackageError):
        exchange.import_package(world.office, _forged_seal(world, record_id="0" * 36))


def test_a_record_moved_into_a_sealed_check_goes_back_in_either_order(world: World) -> None:
    iid = _sealed_at_office(world)
    other = world.office.db.execute(
        "SELECT id FROM inspections WHERE id != ? LIMIT 1", [iid]
    ).fetchone()
    if other is None:  # a second check at the office, with a finding of its own
        unit = world.office.db.execute("SELECT unit_id FROM inspections").fetchone()[0]
        other_id = inspections.create_inspection(
            world.office,
            decision_number="99/QĐ-BHXH",
            decision_date="2026-03-02",
            signer_name="Phạm Văn Ký",
            legal_basis="Công văn 1251/BHXH-TCCB",
            unit_id=unit,
        )
    else:
        other_id = other[0]
    finding = findings.add_finding(world.office, other_id, title="Của cuộc khác", severity="2")
    heads = records.heads_of(world.office.db, "findings", finding)
    move = change("findings", finding, "update", "inspection_id", iid, parents=heads["*"])
    evil = craft(world.root / "move.inspkg", world.keys["b"], [move])
    result = exchange.import_package(world.office, evil)
    assert [r["field"] for r in result.refused] == ["inspection_id"]
    row = world.office.db.execute(
        "SELECT inspection_id, deleted FROM findings WHERE id = ?", [finding]
    )
    assert row.fetchone() == (other_id, 0)  # back where it was, and live


def test_a_file_named_like_the_minutes_before_they_are_signed_gives_way(world: World) -> None:
    iid = world.inspection_id
    forged = b"%PDF-1.7 forged before signing"
    digest = hashlib.sha256(forged).hexdigest()
    row = minutes_row(iid, pdf_sha256=digest)
    with pytest.raises(PackageError):  # minutes with no seal are no minutes
        exchange.import_package(
            world.office,
            craft(
                world.root / "squat.inspkg",
                world.keys["b"],
                [change("minutes", records.new_id(), "insert", None, row, version=1)],
                extra={f"minutes/{digest}.pdf": forged},
            ),
        )
    _sealed_at_office(world)
    assert (world.office.home / "minutes" / f"{iid}.pdf").read_bytes().startswith(b"%PDF-1.4")


def test_a_choice_made_on_stale_options_is_refused(world: World) -> None:
    finding = world.a.db.execute("SELECT id FROM findings ORDER BY id LIMIT 1").fetchone()[0]
    findings.update_finding(world.a, finding, title="A một")
    findings.update_finding(world.b, finding, title="B một")
    exchange.import_package(world.office, world.export(world.a, "a1"))
    exchange.import_package(world.office, world.export(world.b, "b1"))
    (shown,) = merge.conflicts(world.office.db)
    findings.update_finding(world.a, finding, title="A hai")  # arrives while the screen is open
    exchange.import_package(world.office, world.export(world.a, "a2"))
    with pytest.raises(ValidationError), world.office.transaction() as db:
        merge.resolve(db, world.office.actor, shown, "B một", "chọn B")
    (now,) = merge.conflicts(world.office.db)
    assert {o.value for o in now.options} == {"A hai", "B một"}


def test_a_relayed_edit_of_a_record_deleted_earlier_imports_in_any_order(world: World) -> None:
    finding = world.a.db.execute("SELECT id FROM findings ORDER BY id LIMIT 1").fetchone()[0]
    findings.update_finding(world.b, finding, title="B sửa")
    findings.delete_finding(world.a, finding, reason="Trùng lặp")
    first = world.export(world.a, "p1")
    exchange.import_package(world.a, world.export(world.b, "b1"))
    third = world.export(world.a, "p3")  # relays B's edit of the finding A deleted
    assert not exchange.import_package(world.office, third).already  # not refused
    exchange.import_package(world.office, first)  # what is under the finding, deleted with it
    assert world.office.db.execute(
        "SELECT deleted FROM findings WHERE id = ?", [finding]
    ).fetchone() == (1,)


def _leaders_seal(world: World) -> tuple[Path, dict[str, Any], bytes]:
    """The leader signs: the package, the minutes' insert as signed, and the signed file."""
    sealing.sign_minutes(world.a, world.inspection_id, PASSPHRASE, number="03/BB-ĐKT")
    real = world.export(world.a, "seal")
    insert = json.loads(
        world.a.db.execute(
            "SELECT new_value FROM changes WHERE table_name = 'minutes' AND op = 'insert'"
        ).fetchone()[0]
    )
    pdf = (world.a.home / "minutes" / f"{world.inspection_id}.pdf").read_bytes()
    return real, insert, pdf


def test_the_leaders_signed_file_cannot_carry_another_sealed_state(world: World) -> None:
    """A colleague pairs the leader's real signed minutes with a state of their own making."""
    real, insert, pdf = _leaders_seal(world)
    state = json.loads(insert["sealed_state"])
    finding = next(iter(state["findings"]))
    state["findings"][finding]["title"] = "Tiêu đề do người khác đặt"
    body = json.loads(insert["body"])
    body["sealed"] = hashlib.sha256(json.dumps(state).encode()).hexdigest()
    for forged_body in (insert["body"], json.dumps(body)):  # kept, or made to match
        forged = {
            **insert,
            "sealed_state": json.dumps(state),
            "body": forged_body,
            "record_digest": hashlib.sha256(forged_body.encode()).hexdigest(),
        }
        package = craft(
            world.root / f"forged-{len(forged_body)}.inspkg",
            world.keys["b"],
            [change("minutes", records.new_id(), "insert", None, forged, version=1)],
            extra={f"minutes/{insert['pdf_sha256']}.pdf": pdf},
        )
        with pytest.raises(PackageError):
            exchange.import_package(world.office, package)
    exchange.import_package(world.office, real)  # the leader's own seal still comes in
    title = world.office.db.execute("SELECT title FROM findings WHERE id = ?", [finding])
    assert title.fetchone()[0] != "Tiêu đề do người khác đặt"


def test_a_refused_import_leaves_no_file_behind(world: World) -> None:
    before = sorted(p.name for p in world.office.evidence_dir.rglob("*") if p.is_file())
    photo = b"\xff\xd8 anh chup tai hien truong" * 1000
    digest = hashlib.sha256(photo).hexdigest()
    iid = world.inspection_id
    row = minutes_row(iid, sealed_state=json.dumps({"inspections": {iid: {"id": iid}}}))
    package = craft(
        world.root / "refused.inspkg",
        world.keys["b"],
        [change("minutes", records.new_id(), "insert", None, row, version=1)],
        extra={f"evidence/{digest}": photo},
    )
    with pytest.raises(PackageError):
        exchange.import_package(world.office, package)
    after = sorted(p.name for p in world.office.evidence_dir.rglob("*") if p.is_file())
    assert after == before


def test_a_copy_of_the_leaders_seal_neither_changes_it_nor_blocks_it(world: World) -> None:
    iid = world.inspection_id
    real, insert, pdf = _leaders_seal(world)

    def copy(name: str, **changed: object) -> Path:
        return craft(
            world.root / f"{name}.inspkg",
            world.keys["b"],
            [change("minutes", records.new_id(), "insert", None, {**insert, **changed}, version=1)],
            extra={f"minutes/{insert['pdf_sha256']}.pdf": pdf},
        )

    with pytest.raises(PackageError):  # what is not signed must agree with what is
        exchange.import_package(world.office, copy("renumbered", number="99/BB-GIẢ"))
    with pytest.raises(PackageError):
        exchange.import_package(world.office, copy("reslotted", slots='{"Trần Thị Mai": "x"}'))
    with pytest.raises(PackageError):  # a copy of the seal under another id is no seal
        exchange.import_package(world.office, copy("same"))
    exchange.import_package(world.office, real)  # and the leader's own still comes in
    assert world.office.db.execute(
        "SELECT status FROM inspections WHERE id = ?", [iid]
    ).fetchone() == ("SIGNED",)


def test_a_package_waiting_for_an_earlier_one_is_retried_once_that_arrives(
    world: World, tmp_path: Path
) -> None:
    severity = world.a.db.execute("SELECT severity FROM findings LIMIT 1").fetchone()[0]
    finding = findings.add_finding(world.a, world.inspection_id, title="Mới", severity=severity)
    first = world.export(world.a, "p1")
    person = world.a.db.execute("SELECT id FROM people LIMIT 1").fetchone()[0]
    findings.assign_responsibility(world.a, finding, level="DIRECT", person_id=person)
    second = world.export(world.a, "p2")
    # a package that builds on a record no package here carries has to wait
    orphan = change(
        "responsibilities",
        records.new_id(),
        "insert",
        None,
        {"finding_id": records.new_id(), "subject_type": "INDIVIDUAL", "level": "DIRECT"},
        version=1,
    )
    waiting = craft(tmp_path / "waiting.inspkg", world.keys["a"], [orphan])
    folder = tmp_path / "usb"
    folder.mkdir()
    (folder / "waiting.inspkg").write_bytes(waiting.read_bytes())
    (entry,) = inbox.scan(world.office, folder, settle=0)
    assert entry.outcome == "waiting"
    assert inbox.pending(world.office, folder, settle=0) == []  # nothing new: not tried again
    exchange.import_package(world.office, first)  # something arrives by another way
    exchange.import_package(world.office, second)
    assert [p.name for p in inbox.pending(world.office, folder, settle=0)] == ["waiting.inspkg"]


def test_a_laptop_clock_far_ahead_is_pointed_out(world: World) -> None:
    finding = world.a.db.execute("SELECT id FROM findings ORDER BY id LIMIT 1").fetchone()[0]
    heads = records.heads_of(world.a.db, "findings", finding)
    edit = change("findings", finding, "update", "title", "Từ tương lai", parents=heads["*"])
    edit["changed_at"] = "2031-01-01T00:00:00.000000Z"  # a laptop whose clock is years ahead
    result = exchange.import_package(
        world.office, craft(world.root / "ahead.inspkg", world.keys["b"], [edit])
    )
    assert result.clock_ahead_hours > 24 * 365
    i18n.set_language("en")
    assert "ahead of this computer's clock" in inbox.describe(result)

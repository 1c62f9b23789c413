# SPDX-License-Identifier: GPL-3.0-or-later
"""Sync: two inspectors and an office merge without losing anything, in any order."""

from __future__ import annotations

import itertools
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector.errors import PackageError, ValidationError
from inspector.fieldwork import findings, recommendations
from inspector.minutes import sealing
from inspector.store import records
from inspector.store.workspace import Workspace
from inspector.sync import exchange, merge, outbox
from inspector.trust.identity import Identity
from tests.sync_world import LEADER, MEMBER, PASSPHRASE, World, open_world


def _findings(ws: Workspace, inspection_id: str) -> list[dict[str, Any]]:
    return list(
        ws.db.query(
            "SELECT * FROM findings WHERE inspection_id = ? AND deleted = 0 ORDER BY id",
            [inspection_id],
        )
    )


def _copy_office(world: World, name: str) -> Workspace:
    """A second office workspace, as the office stands now (the same device: a copy)."""
    world.office.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copytree(world.office.home, world.root / name)
    return Workspace.open(world.root / name)


def test_both_orders_give_the_same_merged_state_and_the_same_conflicts(world: World) -> None:
    first, second = _findings(world.a, world.inspection_id)[:2]
    findings.update_finding(world.a, first["id"], title="Tiêu đề do An sửa")
    findings.update_finding(world.b, first["id"], description="Mô tả do Mai bổ sung")
    grade_a, grade_b = [g for g in ("1", "2", "3", "4") if g != second["severity"]][:2]
    findings.update_finding(world.a, second["id"], severity=grade_a)
    findings.update_finding(world.b, second["id"], severity=grade_b)
    rec = next(
        r
        for r in world.a.db.query(
            "SELECT * FROM recommendations WHERE inspection_id = ? AND deleted = 0",
            [world.inspection_id],
        )
    )
    recommendations.delete_recommendation(world.a, rec["id"])
    recommendations.update_recommendation(world.b, rec["id"], text="Kiến nghị Mai sửa lại")
    pa, pb = world.export(world.a, "a1"), world.export(world.b, "b1")
    other = _copy_office(world, "office2")
    try:
        for ws, order in ((world.office, (pa, pb)), (other, (pb, pa))):
            for package in order:
                exchange.import_package(ws, package)
        assert merge.state_digest(world.office.db) == merge.state_digest(other.db)
        merged = {f["id"]: f for f in _findings(world.office, world.inspection_id)}
        assert merged[first["id"]]["title"] == "Tiêu đề do An sửa"  # different fields: both
        assert merged[first["id"]]["description"] == "Mô tả do Mai bổ sung"
        open_ = {(c.table, c.record_id, c.field) for c in merge.conflicts(world.office.db)}
        assert open_ == {
            c for c in [(c.table, c.record_id, c.field) for c in merge.conflicts(other.db)]
        }
        assert ("findings", second["id"], "severity") in open_
        assert ("recommendations", rec["id"], "deleted") in open_
        severity = next(c for c in merge.conflicts(world.office.db) if c.field == "severity")
        assert {o.value for o in severity.options} == {grade_a, grade_b}
        # each value is named by the certificate that signed it, not by a login
        assert {o.changed_by for o in severity.options} == {LEADER, MEMBER}
        assert {o.device_id for o in severity.options} == {
            world.a.actor.device_id,
            world.b.actor.device_id,
        }
        deleted = world.office.db.execute(
            "SELECT deleted, text FROM recommendations WHERE id = ?", [rec["id"]]
        ).fetchone()
        assert deleted == (1, "Kiến nghị Mai sửa lại")  # stays deleted; the edit is kept
    finally:
        other.close()


def test_resolution_is_logged_travels_back_and_closes_the_conflict(world: World) -> None:
    finding = _findings(world.a, world.inspection_id)[0]
    grade_a, grade_b = [g for g in ("1", "2", "3", "4") if g != finding["severity"]][:2]
    findings.update_finding(world.a, finding["id"], severity=grade_a)
    findings.update_finding(world.b, finding["id"], severity=grade_b)
    for package in (world.export(world.a, "a1"), world.export(world.b, "b1")):
        exchange.import_package(world.office, package)
    (conflict,) = merge.conflicts(world.office.db)
    with world.office.transaction() as db:
        merge.resolve(db, world.office.actor, conflict, grade_a, "Biên bản ghi nặng hơn")
    assert merge.conflicts(world.office.db) == []
    logged = world.office.db.execute(
        "SELECT new_value, reason, changed_by, parents FROM changes WHERE table_name = 'findings'"
        " AND record_id = ? AND field = 'severity' ORDER BY seq DESC LIMIT 1",
        [finding["id"]],
    ).fetchone()
    assert json.loads(logged[0]) == grade_a and logged[1] == "Biên bản ghi nặng hơn"
    assert sorted(json.loads(logged[3])) == sorted(o.change_id for o in conflict.options)
    # the office's resolution reaches both inspectors, and their conflicts close too
    back = world.export(world.office, "office1")
    for ws in (world.a, world.b):
        exchange.import_package(ws, back)
        assert merge.conflicts(ws.db) == []
        assert ws.db.execute(
            "SELECT severity FROM findings WHERE id = ?", [finding["id"]]
        ).fetchone() == (grade_a,)


def test_importing_twice_or_by_another_route_changes_nothing(world: World) -> None:
    exchange.import_package(world.office, world.export(world.b, "b0"))  # B's own start
    finding = _findings(world.a, world.inspection_id)[0]
    findings.update_finding(world.a, finding["id"], title="Lần một")
    package = world.export(world.a, "a1")
    exchange.import_package(world.b, package)
    relayed = world.export(world.b, "b1")  # B passes A's change on
    first = exchange.import_package(world.office, package)
    assert first.applied > 0 and not first.already
    state = merge.state_digest(world.office.db)
    again = exchange.import_package(world.office, package)
    assert again.already
    by_b = exchange.import_package(world.office, relayed)
    assert by_b.already  # every change in it is here already
    assert merge.state_digest(world.office.db) == state


def test_incremental_export_holds_only_new_changes_and_refuses_when_nothing_new(
    world: World,
) -> None:
    finding = _findings(world.a, world.inspection_id)[0]
    findings.update_finding(world.a, finding["id"], title="Mới")
    world.export(world.a, "a1")
    with pytest.raises(ValidationError):
        world.export(world.a, "a2")
    findings.update_finding(world.a, finding["id"], title="Mới hơn")
    result = exchange.export_package(world.a, world.root / "a3.inspkg", world.keys["a"])
    assert result.records == 1
    with zipfile.ZipFile(result.path) as z:
        carried = [json.loads(line) for line in z.read("changes.jsonl").splitlines()]
    # the one change, and the inserts of the finding and of what it refers to (its inspection,
    # decision, unit, checklist item...) so the package can be applied on its own
    assert [c["op"] for c in carried].count("update") == 1
    assert {c["op"] for c in carried} == {"insert", "update"}
    assert {"findings", "inspections", "decisions"} <= {c["table_name"] for c in carried}


def test_sealed_minutes_refuse_changes_made_elsewhere_in_either_order(world: World) -> None:
    finding = _findings(world.a, world.inspection_id)[0]
    findings.update_finding(world.b, finding["id"], title="Mai sửa sau khi đã ký")
    sealing.sign_minutes(world.a, world.inspection_id, PASSPHRASE, number="03/BB-ĐKT")
    pa, pb = world.export(world.a, "a1"), world.export(world.b, "b1")
    other = _copy_office(world, "office2")
    try:
        reports = {}
        for ws, order in ((world.office, (pa, pb)), (other, (pb, pa))):
            reports[ws.home.name] = [exchange.import_package(ws, p) for p in order]
        assert (
            merge.state_digest(world.office.db)["findings"]
            == merge.state_digest(other.db)["findings"]
        )
        for ws in (world.office, other):
            title = ws.db.execute(
                "SELECT title FROM findings WHERE id = ?", [finding["id"]]
            ).fetchone()[0]
            assert title == finding["title"]  # as signed
            refused = ws.db.execute(
                "SELECT count(*) FROM changes WHERE refused IS NOT NULL AND record_id = ?",
                [finding["id"]],
            ).fetchone()[0]
            assert refused == 1  # kept in the log, marked and reported
        assert reports["office"][1].refused  # A first, then B's late edit is refused
        assert reports["office2"][1].refused  # B first, then the seal overrides it
        assert (world.root / "office" / "minutes" / f"{world.inspection_id}.pdf").exists()
    finally:
        other.close()


def test_own_package_is_refused(world: World) -> None:
    findings.update_finding(
        world.a, _findings(world.a, world.inspection_id)[0]["id"], title="Của chính mình"
    )
    package = world.export(world.a, "a1")
    with pytest.raises(PackageError) as caught:
        exchange.import_package(world.a, package)
    assert "workspace" in caught.value.message("en")


def test_receipt_tells_the_inspector_what_the_office_has(world: World) -> None:
    finding = _findings(world.a, world.inspection_id)[0]
    findings.update_finding(world.a, finding["id"], title="Gửi văn phòng")
    package = world.export(world.a, "a1")
    before = exchange.sync_status(world.a)
    assert before.unconfirmed_changes > 0
    result = exchange.import_package(world.office, package)
    receipt = exchange.make_receipt(
        world.office, result, world.keys["authority"], world.root / "receipt.inspkg"
    )
    got = exchange.import_package(world.a, receipt)
    assert got.receipt_for == result.package_id
    after = exchange.sync_status(world.a)
    assert after.confirmed == 1
    assert after.unconfirmed_changes < before.unconfirmed_changes
    assert exchange.import_package(world.a, receipt).already
    with pytest.raises(PackageError):  # a receipt for B's workspace is not A's
        exchange.import_package(world.b, receipt)


def test_field_kit_brings_registers_authorities_calendar_and_certificate(
    world: World, tmp_path: Path
) -> None:
    laptop = Workspace.open(tmp_path / "laptop")
    try:
        kit = exchange.make_field_kit(
            world.office,
            tmp_path / "kit.inspkg",
            world.keys["authority"],
            inspections=[world.inspection_id],
        )
        assert kit.changes > 0
        fingerprint = exchange.packages.fingerprint(world.keys["office"].chain[-1])
        with pytest.raises(PackageError):  # a new laptop does not trust the office yet
            exchange.import_package(laptop, kit.path)
        result = exchange.import_package(laptop, kit.path, trust_fingerprint=fingerprint[:32])
        assert result.new_records["people"] > 0
        assert laptop.db.execute(
            "SELECT count(*) FROM inspections WHERE id = ?", [world.inspection_id]
        ).fetchone() == (1,)
        assert result.kit["trusted"]  # the office's authority is now trusted here
        assert exchange.import_package(laptop, kit.path).already
    finally:
        laptop.close()


def test_a_field_kit_signed_by_a_person_not_the_authority_is_refused(world: World) -> None:
    """An inspector's certificate is trusted for changes, but may not make others trust an
    authority or replace their calendar."""
    with pytest.raises(ValidationError):
        exchange.make_field_kit(world.a, world.root / "kit.inspkg", world.keys["a"])
    forged = outbox.write_package(
        world.a,
        world.root / "forged-kit.inspkg",
        world.keys["a"],
        "field-kit",
        outbox.select_changes(world.a, "WHERE table_name = 'people'", []),
        extra=lambda w: w.add_bytes("kit/calendar.json", b"{}"),
    )
    with pytest.raises(PackageError) as caught:
        exchange.import_package(world.office, forged.path)
    assert "authority" in caught.value.message("en")


# ------------------------------------------------------------------------- generated histories

FIELDS = {
    "findings": ("title", "description", "severity"),
    "recommendations": ("text", "status_note"),
}
VALUES = st.sampled_from(["một", "hai", "ba", "1", "3", "bốn năm"])
GRADES = {"một": "1", "hai": "2", "ba": "3", "bốn năm": "4"}
SIDES = st.sampled_from(["a", "b"])
STEP = st.one_of(
    # edit a field / delete a record (a finding takes what is under it along)
    st.tuples(
        st.just("edit"),
        SIDES,
        st.sampled_from(sorted(FIELDS)),
        st.integers(0, 3),
        st.integers(0, 2),
        VALUES,
    ),
    st.tuples(
        st.just("delete"),
        SIDES,
        st.sampled_from(sorted(FIELDS)),
        st.integers(0, 3),
        st.just(0),
        st.just(""),
    ),
    # add a finding, or a responsibility under one
    st.tuples(st.just("add"), SIDES, st.just("findings"), st.just(0), st.just(0), VALUES),
    st.tuples(
        st.just("child"), SIDES, st.just("findings"), st.integers(0, 5), st.just(0), st.just("")
    ),
    # export; one inspector imports the other's packages; one settles its open conflicts
    st.tuples(st.just("export"), SIDES, st.just(""), st.just(0), st.just(0), st.just("")),
    st.tuples(
        st.just("relay"),
        st.sampled_from(["ab", "ba"]),
        st.just(""),
        st.just(0),
        st.just(0),
        st.just(""),
    ),
    st.tuples(st.just("settle"), SIDES, st.just(""), st.just(0), st.integers(0, 1), st.just("")),
)


def _targets(ws: Workspace, table: str, inspection_id: str) -> list[str]:
    return [
        r[0]
        for r in ws.db.execute(
            f"SELECT id FROM {table} WHERE inspection_id = ? ORDER BY created_at, id",
            [inspection_id],
        )
    ]


def _step(
    world: World, made: list[Path], n: int, step: tuple[str, str, str, int, int, str]
) -> None:
    """Carry out one generated step on inspector A or B."""
    kind, who, table, index, fld, value = step
    side = {"a": world.a, "b": world.b}
    if kind == "export":
        try:
            made.append(world.export(side[who], f"{who}{n}"))
        except ValidationError:
            pass  # nothing new
        return
    if kind == "relay":  # one inspector imports the other's packages so far
        for package in made:
            if package.name.startswith(who[0]):
                exchange.import_package(side[who[1]], package)
        return
    ws = side[who]
    if kind == "settle":  # choose the first (or last) value of every open conflict, with a reason
        with ws.transaction() as db:
            for conflict in merge.conflicts(db):
                options = conflict.options or [None]
                choice = options[0] if fld == 0 else options[-1]
                merge.resolve(db, ws.actor, conflict, choice and choice.value, "chọn thử")
        return
    if kind == "add":
        records_ = _targets(ws, "findings", world.inspection_id)
        with ws.transaction() as db:
            records.insert(
                db,
                ws.actor,
                "findings",
                {
                    "inspection_id": world.inspection_id,
                    "kind": "VIOLATION",
                    "title": value,
                    "severity": "2",
                },
            )
        assert len(_targets(ws, "findings", world.inspection_id)) == len(records_) + 1
        return
    targets = _targets(ws, table, world.inspection_id)
    rid = targets[index % len(targets)]
    if ws.db.execute(f"SELECT deleted FROM {table} WHERE id = ?", [rid]).fetchone()[0]:
        return
    with ws.transaction() as db:
        if kind == "edit":
            column = FIELDS[table][fld % len(FIELDS[table])]
            if column == "severity":  # a grade, as the screen offers them
                value = GRADES.get(value, value)
            records.update(db, ws.actor, table, rid, {column: value})
        elif kind == "child":
            person = db.execute("SELECT id FROM people ORDER BY id LIMIT 1").fetchone()[0]
            records.insert(
                db,
                ws.actor,
                "responsibilities",
                {
                    "finding_id": rid,
                    "subject_type": "INDIVIDUAL",
                    "person_id": person,
                    "level": "DIRECT",
                },
            )
        elif table == "findings":  # as the app does: with what is under it
            findings.delete_finding(ws, rid, reason="thử")
        else:
            records.delete(db, ws.actor, table, rid, reason="thử")


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(STEP, min_size=1, max_size=16), order_seed=st.randoms(use_true_random=False))
def test_any_history_and_any_import_order_converge_without_losing_a_value(
    sync_base: tuple[Path, str, dict[str, Identity]],
    tmp_path_factory: pytest.TempPathFactory,
    steps: list[tuple[str, str, str, int, int, str]],
    order_seed: Any,
) -> None:
    world = open_world(
        sync_base[0], tmp_path_factory.mktemp("gen") / "w", sync_base[1], sync_base[2]
    )
    others: list[Workspace] = []
    try:
        made: list[Path] = []
        for n, step in enumerate(steps):
            _step(world, made, n, step)
        for who, ws in (("a", world.a), ("b", world.b)):  # everything left goes out at the end
            try:
                made.append(world.export(ws, f"{who}-end"))
            except ValidationError:
                pass
        world.office.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        orders = [list(made), list(reversed(made))]
        shuffled = list(made) * 2  # and each package twice
        order_seed.shuffle(shuffled)
        orders.append(shuffled)
        states = []
        for k, order in enumerate(orders):
            office = world.office if k == 0 else None
            if office is None:
                shutil.copytree(
                    world.root / "office", world.root / f"office{k}", dirs_exist_ok=False
                )
                office = Workspace.open(world.root / f"office{k}")
                others.append(office)
            for package in order:
                exchange.import_package(office, package)
            states.append(merge.state_digest(office.db))
        assert all(s == states[0] for s in states[1:])
        _no_value_lost(world, world.office)
        _each_change_named_by_its_signer(world, world.office)
    finally:
        for ws in others:
            ws.close()
        world.close()


def _each_change_named_by_its_signer(world: World, office: Workspace) -> None:
    """Relayed or not, every change made on A or B reaches the office named by the certificate
    of the laptop that made it, in a set that laptop signed."""
    for ws, name in ((world.a, LEADER), (world.b, MEMBER)):
        device = ws.actor.device_id
        found = office.db.execute(
            "SELECT DISTINCT c.author, s.author, s.device_id FROM changes c"
            " JOIN change_sets s ON s.set_id = c.set_id WHERE c.device_id = ?",
            [device],
        ).fetchall()
        assert found in ([], [(name, name, device)]), found
        unsigned = office.db.execute(
            "SELECT count(*) FROM changes WHERE device_id = ? AND set_id IS NULL", [device]
        ).fetchone()[0]
        assert unsigned == 0


def _no_value_lost(world: World, office: Workspace) -> None:
    """Every change entered on A or B is at the office; each is either followed by a later
    change whose author had it (an edit of its field, or a tombstone that saw it), or is still
    a head: the value shown, or one of an open conflict."""
    entered = set(
        itertools.chain.from_iterable(
            (r[0] for r in ws.db.execute("SELECT change_id FROM changes WHERE op = 'update'"))
            for ws in (world.a, world.b)
        )
    )
    at_office = {r[0] for r in office.db.execute("SELECT change_id FROM changes")}
    assert entered <= at_office
    followed: set[str] = set()
    for (parents,) in office.db.execute("SELECT parents FROM changes"):
        followed.update(json.loads(parents or "[]"))
    heads = {r[0] for r in office.db.execute("SELECT change_id FROM heads")}
    assert all(c in followed or c in heads for c in entered)
    open_ = merge.conflicts(office.db)
    in_conflict = {o.change_id for c in open_ for o in c.options}
    for table, record_id, fld in office.db.execute(
        "SELECT table_name, record_id, field FROM heads WHERE field != '*'"
        " GROUP BY 1, 2, 3 HAVING count(*) > 1"
    ).fetchall():
        options = merge.field_options(office.db, table, record_id, fld)
        if len({json.dumps(o.value) for o in options}) < 2:
            continue
        unseen = [o.change_id for o in options if o.change_id not in followed]
        assert all(c in in_conflict for c in unseen), (table, record_id, fld)
    # nothing live is left hidden under a deleted record without a conflict saying so
    hidden = sum(
        office.db.execute(
            f"SELECT count(*) FROM {child} c JOIN {parent} p ON p.id = c.{column}"
            " WHERE c.deleted = 0 AND p.deleted = 1"
        ).fetchone()[0]
        for child, column, parent in merge.CHILDREN
    )
    assert hidden == sum(1 for c in open_ if c.field == merge.PARENT_DELETED)


def test_two_inspectors_and_the_office_end_with_everything_after_receipts(world: World) -> None:
    """The whole round: both record the same check offline, both export, the office imports
    both, settles the conflict, sends receipts and its own changes back; then all three hold
    the same record, and every value anyone entered is in every log."""
    first, second = _findings(world.a, world.inspection_id)[:2]
    findings.update_finding(world.a, first["id"], title="An: tiêu đề")
    findings.update_finding(world.b, first["id"], description="Mai: mô tả")
    grade_a, grade_b = [g for g in ("1", "2", "3", "4") if g != second["severity"]][:2]
    findings.update_finding(world.a, second["id"], severity=grade_a)
    findings.update_finding(world.b, second["id"], severity=grade_b)
    added = findings.add_finding(
        world.b, world.inspection_id, title="Mai: phát hiện mới", severity="2"
    )
    packages = {"a": world.export(world.a, "a1"), "b": world.export(world.b, "b1")}
    results = {w: exchange.import_package(world.office, p) for w, p in packages.items()}
    (conflict,) = merge.conflicts(world.office.db)
    with world.office.transaction() as db:
        merge.resolve(db, world.office.actor, conflict, grade_b, "Theo hồ sơ gốc")
    for who, result in results.items():
        receipt = exchange.make_receipt(
            world.office, result, world.keys["authority"], world.root / f"receipt-{who}.inspkg"
        )
        ws = world.a if who == "a" else world.b
        assert exchange.import_package(ws, receipt).receipt_for == result.package_id
        assert exchange.sync_status(ws).confirmed == 1
    back = world.export(world.office, "office1")
    for ws in (world.a, world.b):
        exchange.import_package(ws, back)
    digests = [merge.state_digest(ws.db) for ws in (world.a, world.b, world.office)]
    for table in ("findings", "responsibilities", "recommendations", "heads"):
        assert digests[0][table] == digests[1][table] == digests[2][table], table
    entered = set(
        itertools.chain.from_iterable(
            (r[0] for r in ws.db.execute("SELECT change_id FROM changes"))
            for ws in (world.a, world.b, world.office)
        )
    )
    for ws in (world.a, world.b, world.office):
        held = {r[0] for r in ws.db.execute("SELECT change_id FROM changes")}
        assert entered <= held, ws.home.name  # the office relayed each laptop's to the other
        assert merge.conflicts(ws.db) == []
        row = ws.db.execute(
            "SELECT title, description FROM findings WHERE id = ?", [first["id"]]
        ).fetchone()
        assert row == ("An: tiêu đề", "Mai: mô tả")
        assert ws.db.execute(
            "SELECT severity FROM findings WHERE id = ?", [second["id"]]
        ).fetchone() == (grade_b,)
        assert ws.db.execute("SELECT count(*) FROM findings WHERE id = ?", [added]).fetchone() == (
            1,
        )


def test_an_edit_over_a_conflict_says_so_in_the_log(world: World) -> None:
    finding = _findings(world.a, world.inspection_id)[0]
    findings.update_finding(world.a, finding["id"], title="An")
    findings.update_finding(world.b, finding["id"], title="Mai")
    exchange.import_package(world.office, world.export(world.a, "a1"))
    exchange.import_package(world.office, world.export(world.b, "b1"))
    findings.update_finding(world.office, finding["id"], title="Văn phòng", description="khác")
    assert merge.conflicts(world.office.db) == []
    reasons = dict(
        world.office.db.execute(
            "SELECT field, reason FROM changes WHERE record_id = ? ORDER BY seq DESC LIMIT 2",
            [finding["id"]],
        ).fetchall()
    )
    assert reasons == {"title": records.OVER_CONFLICT, "description": None}

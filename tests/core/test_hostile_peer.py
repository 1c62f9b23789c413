# SPDX-License-Identifier: GPL-3.0-or-later
"""A trusted, enrolled inspector turned hostile: Trần Thị Mai (laptop B, a member of the demo
check's team) rebuilds ``changes.jsonl`` by hand and signs the package with her own real key.

A valid signature proves who sent a package, not that what it says is allowed. Each class of
forgery is refused as designed, with one sentence: a change outside the signer's scope is kept
apart (``refused_changes``) while the rest imports; a package that no honest laptop could have
made is refused whole, and then the office's database and files are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from inspector import i18n, timefmt
from inspector.cli import main as cli
from inspector.fieldwork import findings, inspections
from inspector.minutes import sealing
from inspector.store import records
from inspector.store.workspace import Workspace
from inspector.sync import changesets, exchange, inbox, merge, packages
from inspector.trust import identity
from inspector.trust.identity import Identity
from tests.conftest import new_small_check
from tests.sync_world import LEADER, MEMBER, PASSPHRASE, World, change, craft, minutes_row


def _finding(ws: Workspace, inspection_id: str, n: int = 0) -> str:
    return str(
        ws.db.execute(
            "SELECT id FROM findings WHERE inspection_id = ? AND deleted = 0 ORDER BY id"
            " LIMIT 1 OFFSET ?",
            [inspection_id, n],
        ).fetchone()[0]
    )


def _heads(ws: Workspace, table: str, record_id: str, field: str = "*") -> list[str]:
    heads = records.heads_of(ws.db, table, record_id)
    return heads.get(field) or heads["*"]


def _files(home: Path) -> dict[str, bytes]:
    """Every file of a workspace with its bytes, but its logs and SQLite's shared-memory index
    (which readers rewrite)."""
    return {
        str(p.relative_to(home)): p.read_bytes()
        for p in sorted(home.rglob("*"))
        if p.is_file() and "logs" not in p.parts and not p.name.endswith("-shm")
    }


def _refused_whole(world: World, package: Path, words: str, capsys: pytest.CaptureFixture[str]):
    """Import with the real command: exit 1, one sentence with ``words``, nothing changed."""
    office = world.root / "office"
    world.office.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = _files(office)
    code = cli.main(["--home", str(office), "--lang", "en", "import", str(package)])
    err = capsys.readouterr().err.strip()
    assert code == 1, err
    assert words in err
    assert err.count("\n") == 0 and err.endswith("."), err
    world.office.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert _files(office) == before


def _sealed_at_office(world: World) -> str:
    sealing.sign_minutes(world.a, world.inspection_id, PASSPHRASE, number="03/BB-ĐKT")
    exchange.import_package(world.office, world.export(world.a, "seal"))
    return world.inspection_id


# ------------------------------------------------------------------------- authorship


def test_a_forged_author_is_recorded_as_the_signer(world: World) -> None:
    finding = _finding(world.office, world.inspection_id)
    edit = change(
        "findings",
        finding,
        "update",
        "title",
        "Không phát hiện vi phạm",
        parents=_heads(world.office, "findings", finding, "title"),
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
    finding = _finding(world.a, world.inspection_id)
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
    _refused_whole(world, added, "did not sign", capsys)
    altered = [dict(c) for c in theirs]
    for c in altered:
        if c["table_name"] == "findings" and c["op"] == "update":
            c["new_value"] = json.dumps("Mai sửa thay Hùng", ensure_ascii=False)
    forged = craft(world.root / "altered.inspkg", world.keys["b"], altered, sets=list(his.values()))
    _refused_whole(world, forged, "did not sign", capsys)
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
    theirs, gone = _finding(world.office, other, 0), _finding(world.office, other, 1)
    own = _finding(world.office, world.inspection_id)
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
                   parents=_heads(world.office, "findings", theirs)),
            change("findings", theirs, "update", "severity", "0",
                   parents=_heads(world.office, "findings", theirs)),
            change("findings", gone, "delete", "deleted", 1, old=0,
                   parents=_heads(world.office, "findings", gone)),
            change("findings", own, "update", "title", "Mai sửa phát hiện của đoàn mình",
                   parents=_heads(world.office, "findings", own, "title")),
            # a responsibility of her check moved under the other team's finding
            change("responsibilities", resp, "update", "finding_id", theirs,
                   parents=_heads(world.office, "responsibilities", resp, "finding_id")),
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
    iid = _sealed_at_office(world)
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
        parents=_heads(world.office, "org_units", unit, "name"),
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


# ------------------------------------------------------------------------- refused whole


def _minutes_row(inspection_id: str, **values: object) -> dict[str, object]:
    """A minutes record made by hand, with a made-up code."""
    return minutes_row(
        inspection_id, **{"record_digest": "deadbeef" * 8, "signed_by": LEADER, **values}
    )


Make = Callable[[World], Path]


def _forged_supplement(world: World) -> Path:
    iid = _sealed_at_office(world)
    main = world.office.db.execute("SELECT id FROM minutes WHERE inspection_id = ?", [iid])
    row = _minutes_row(
        iid,
        kind="SUPPLEMENT",
        supplements_id=main.fetchone()[0],
        file_name=f"{iid}-bo-sung-1.pdf",
        body="Bổ sung",
    )
    insert = change("minutes", records.new_id(), "insert", None, row, version=1)
    return craft(world.root / "supplement.inspkg", world.keys["b"], [insert])


def _main_file_as_supplement(world: World) -> Path:
    """The main minutes' file and code (certified by the leader) under any text."""
    iid = _sealed_at_office(world)
    main_id, digest, code = world.office.db.execute(
        "SELECT id, pdf_sha256, record_digest FROM minutes WHERE inspection_id = ?", [iid]
    ).fetchone()
    row = _minutes_row(
        iid,
        kind="SUPPLEMENT",
        supplements_id=main_id,
        record_digest=code,
        pdf_sha256=digest,
        file_name=f"{iid}-bo-sung-1.pdf",
        body="Hủy toàn bộ kết luận mục 2.",
    )
    insert = change("minutes", records.new_id(), "insert", None, row, version=1)
    return craft(world.root / "reused.inspkg", world.keys["b"], [insert])


def _unsealed_main(world: World) -> Path:
    row = _minutes_row(world.inspection_id)
    insert = change("minutes", records.new_id(), "insert", None, row, version=1)
    return craft(world.root / "main.inspkg", world.keys["b"], [insert])


def _forged_status(world: World) -> Path:
    iid = world.inspection_id
    edit = change("inspections", iid, "update", "status", "SIGNED",
                  parents=_heads(world.office, "inspections", iid, "status"))  # fmt: skip
    return craft(world.root / "status.inspkg", world.keys["b"], [edit])


def _replaced_file(world: World) -> Path:
    iid = _sealed_at_office(world)
    minutes_id = world.office.db.execute(
        "SELECT id FROM minutes WHERE inspection_id = ?", [iid]
    ).fetchone()[0]
    other = b"%PDF-1.7 the unsigned minutes of another check"
    digest = hashlib.sha256(other).hexdigest()
    edit = change("minutes", minutes_id, "update", "pdf_sha256", digest,
                  parents=_heads(world.office, "minutes", minutes_id, "pdf_sha256"))  # fmt: skip
    return craft(world.root / "replace.inspkg", world.keys["b"], [edit],
                 extra={f"minutes/{digest}.pdf": other})  # fmt: skip


def _approval_in_anothers_block(world: World) -> Path:
    iid = _sealed_at_office(world)
    minutes_id, slots = world.office.db.execute(
        "SELECT id, slots FROM minutes WHERE inspection_id = ?", [iid]
    ).fetchone()
    data = (world.root / "a" / "minutes" / f"{iid}.pdf").read_bytes()
    signed = sealing.sign_pdf(  # the leader signs in Mai's block
        data, world.keys["a"], page=0, box=(0, 0, 0, 0), certify=False,
        field_name=json.loads(slots)[MEMBER],
    )  # fmt: skip
    digest = hashlib.sha256(signed).hexdigest()
    edit = change("minutes", minutes_id, "update", "pdf_sha256", digest,
                  parents=_heads(world.office, "minutes", minutes_id, "pdf_sha256"))  # fmt: skip
    return craft(world.root / "approval.inspkg", world.keys["a"], [edit],
                 extra={f"minutes/{digest}.pdf": signed})  # fmt: skip


def _path_digest(world: World) -> Path:
    row = {
        "inspection_id": world.inspection_id, "sha256": "../../../../../etc/passwd", "size": 10,
        "file_name": "a.jpg", "media_type": "image/jpeg", "kind": "PHOTO",
    }  # fmt: skip
    return craft(world.root / "path.inspkg", world.keys["b"],
                 [change("evidence", records.new_id(), "insert", None, row, version=1)])  # fmt: skip


def _dev_zero(world: World) -> Path:
    iid = _sealed_at_office(world)
    main = world.office.db.execute("SELECT id FROM minutes WHERE inspection_id = ?", [iid])
    row = _minutes_row(iid, kind="SUPPLEMENT", supplements_id=main.fetchone()[0],
                       pdf_sha256="/dev/zero", file_name=f"{iid}-bo-sung-1.pdf", body="x")  # fmt: skip
    return craft(world.root / "zero.inspkg", world.keys["b"],
                 [change("minutes", records.new_id(), "insert", None, row, version=1)])  # fmt: skip


def _edit(world: World, field: str, value: object) -> Path:
    finding = _finding(world.office, world.inspection_id)
    edit = change("findings", finding, "update", field, value,
                  parents=_heads(world.office, "findings", finding, field))  # fmt: skip
    return craft(world.root / f"{field}.inspkg", world.keys["b"], [edit])


def _expired(world: World) -> Path:
    """Mai's certificate expired a second ago; the package says it was made last week."""
    authority = world.keys["authority"]
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, MEMBER)]))
        .issuer_name(authority.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=30))
        .not_valid_after(now - dt.timedelta(seconds=1))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(authority.key, hashes.SHA256())
    )
    ident = Identity(key, cert, [authority.certificate])
    finding = _finding(world.office, world.inspection_id)
    edit = change("findings", finding, "update", "title", "Sửa khi đã hết hạn",
                  parents=_heads(world.office, "findings", finding, "title"))  # fmt: skip
    week_ago = timefmt.utc_text(now - dt.timedelta(days=7))
    edit["changed_at"] = week_ago
    return craft(world.root / "expired.inspkg", ident, [edit], created_at=week_ago)


def _clock_ahead(world: World) -> Path:
    ahead = timefmt.utc_text(dt.datetime.now(dt.UTC) + dt.timedelta(days=5 * 365))
    finding = _finding(world.office, world.inspection_id)
    edit = change("findings", finding, "update", "title", "Từ tương lai",
                  parents=_heads(world.office, "findings", finding, "title"))  # fmt: skip
    return craft(world.root / "ahead.inspkg", world.keys["b"], [edit], created_at=ahead)


def _long_text(size: int) -> str:
    """Text as a person writes it, not a repetition that any zip shrinks to nothing."""
    words = "trách nhiệm hồ sơ quá hạn kiểm tra đơn vị viên chức bảo hiểm xã hội chậm".split()
    rng = random.Random(7)
    return " ".join(rng.choice(words) + str(rng.randrange(1000)) for _ in range(size // 12))


WHOLE: dict[str, tuple[Make, str]] = {
    "made-up supplement code": (_forged_supplement, "signed file"),
    "minutes with no seal": (_unsealed_main, "not the team leader's signed minutes"),
    "the main minutes as a supplement": (
        _main_file_as_supplement,
        "not the team leader's signed minutes",
    ),
    "signed status with no seal": (_forged_status, "marks a check as signed"),
    "signed file replaced": (_replaced_file, "never does"),
    "approval in another's block": (_approval_in_anothers_block, "whose block it fills"),
    "digest as a path": (_path_digest, "SHA-256"),
    "/dev/zero as a digest": (_dev_zero, "SHA-256"),
    "severity out of range": (lambda w: _edit(w, "severity", "99"), "99"),
    "infinite severity": (lambda w: _edit(w, "severity", float("inf")), "Severity"),
    "30 MB text": (lambda w: _edit(w, "description", _long_text(30 << 20)), "too long"),
    "control characters": (lambda w: _edit(w, "title", "Tiêu đề\u202egnahk"), "U+202E"),
    "expired certificate, backdated": (_expired, "expired"),
    "laptop clock years ahead": (_clock_ahead, "clock"),
}


@pytest.mark.parametrize("case", sorted(WHOLE))
def test_a_package_no_honest_laptop_makes_is_refused_whole(
    case: str, world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    make, words = WHOLE[case]
    package = make(world)
    _refused_whole(world, package, words, capsys)


def test_a_made_up_code_never_verifies(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    package = _forged_supplement(world)
    _refused_whole(world, package, "signed file", capsys)
    code = cli.main(["--home", str(world.root / "office"), "--lang", "en", "verify",
                     "--digest", "deadbeefdeadbeef"])  # fmt: skip
    assert code != 0
    assert "No sealed minutes" in capsys.readouterr().err


def test_files_no_record_refers_to_are_not_stored(world: World) -> None:
    junk = {f"evidence/{hashlib.sha256(bytes([n])).hexdigest()}": bytes([n]) for n in range(50)}
    finding = _finding(world.office, world.inspection_id)
    edit = change("findings", finding, "update", "title", "Sửa kèm tệp rác",
                  parents=_heads(world.office, "findings", finding, "title"))  # fmt: skip
    result = exchange.import_package(
        world.office, craft(world.root / "junk.inspkg", world.keys["b"], [edit], extra=junk)
    )
    assert result.applied == 1
    stored = {p.name for p in (world.root / "office" / "evidence").rglob("*") if p.is_file()}
    assert not stored & {name.split("/")[1] for name in junk}


def test_the_office_answers_conflicts_with_the_signers_names(world: World) -> None:
    finding = _finding(world.a, world.inspection_id)
    findings.update_finding(world.a, finding, title="Hùng viết")
    findings.update_finding(world.b, finding, title="Mai viết")
    for package in (world.export(world.a, "a1"), world.export(world.b, "b1")):
        exchange.import_package(world.office, package)
    (conflict,) = merge.conflicts(world.office.db)
    assert {o.changed_by for o in conflict.options} == {LEADER, MEMBER}


SECRETARY = "Lê Quang Minh"  # the demo team's secretary


def _enrol_member(world: World, name: str) -> None:
    """A team member who signs on the leader's laptop."""
    request = identity.init_keys(world.a, name, PASSPHRASE, member=True)
    identity.install(world.a, identity.issue(world.office, request.read_bytes(), PASSPHRASE),
                     member=name)  # fmt: skip


def test_honest_approvals_and_supplements_travel_in_one_package(world: World) -> None:
    """What the checks above refuse, the app's own flow still carries: the leader signs, two
    members approve on his laptop, supplementary minutes follow, all in one export."""
    iid = world.inspection_id
    sealing.sign_minutes(world.a, iid, PASSPHRASE, number="03/BB-ĐKT")
    for name in (MEMBER, SECRETARY):
        _enrol_member(world, name)
        sealing.approve(world.a, iid, name, PASSPHRASE)
    sealing.sign_supplement(world.a, iid, "Bổ sung: số liệu mục 3 sửa lại.", PASSPHRASE)
    result = exchange.import_package(world.office, world.export(world.a, "approved"))
    assert not result.refused
    office_file = world.root / "office" / "minutes" / f"{iid}.pdf"
    assert office_file.read_bytes() == (world.root / "a" / "minutes" / f"{iid}.pdf").read_bytes()
    reports = sealing.verify_pdf(office_file, identity.trust_roots(world.office))
    assert [r.name for r in reports] == [LEADER, MEMBER, SECRETARY] and all(r.ok for r in reports)
    assert (world.root / "office" / "minutes" / f"{iid}-bo-sung-1.pdf").exists()


def test_an_approval_is_never_taken_back(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    iid = world.inspection_id
    sealing.sign_minutes(world.a, iid, PASSPHRASE, number="03/BB-ĐKT")
    versions = [(world.root / "a" / "minutes" / f"{iid}.pdf").read_bytes()]
    for name in (MEMBER, SECRETARY):
        _enrol_member(world, name)
        sealing.approve(world.a, iid, name, PASSPHRASE)
        versions.append((world.root / "a" / "minutes" / f"{iid}.pdf").read_bytes())
    exchange.import_package(world.office, world.export(world.a, "approved"))
    minutes_id = world.office.db.execute(
        "SELECT id FROM minutes WHERE inspection_id = ?", [iid]
    ).fetchone()[0]
    back = hashlib.sha256(versions[1]).hexdigest()  # without the secretary's signature
    edit = change("minutes", minutes_id, "update", "pdf_sha256", back,
                  parents=_heads(world.office, "minutes", minutes_id, "pdf_sha256"))  # fmt: skip
    package = craft(world.root / "back.inspkg", world.keys["b"], [edit],
                    extra={f"minutes/{back}.pdf": versions[1]})  # fmt: skip
    _refused_whole(world, package, "never does", capsys)


def test_changes_made_here_carry_the_certificates_name_not_the_login(world: World) -> None:
    home = world.a.home
    world.a.set_setting("user_name", None)  # a workspace enrolled before the name was kept
    world.a.close()
    with Workspace.open(home) as ws:
        assert ws.actor.user == LEADER
        finding = _finding(ws, world.inspection_id)
        findings.update_finding(ws, finding, title="Sửa trên máy của Hùng")
        logged = ws.db.execute(
            "SELECT changed_by FROM changes WHERE record_id = ? ORDER BY seq DESC LIMIT 1",
            [finding],
        ).fetchone()
        assert logged == (LEADER,)
    world.a = Workspace.open(home)


def test_a_laptop_whose_clock_was_ahead_delivers_once_it_is_set_right(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = timefmt.now_utc
    tomorrow = dt.timedelta(days=1)
    monkeypatch.setattr(
        timefmt, "now_utc", lambda: timefmt.utc_text(timefmt.parse_utc(real()) + tomorrow)
    )
    finding = _finding(world.b, world.inspection_id)
    findings.update_finding(world.b, finding, title="Sửa khi đồng hồ chạy nhanh")
    early = world.export(world.b, "ahead")
    monkeypatch.setattr(timefmt, "now_utc", real)
    with pytest.raises(exchange.PackageError) as caught:
        exchange.import_package(world.office, early)
    assert "clock" in caught.value.message("en")
    again = world.export(world.b, "all-again", everything=True)  # the clock set right
    result = exchange.import_package(world.office, again)
    assert result.applied and not result.refused
    assert world.office.db.execute(
        "SELECT title FROM findings WHERE id = ?", [finding]
    ).fetchone() == ("Sửa khi đồng hồ chạy nhanh",)


def test_an_edit_sent_later_carries_small_sets_not_the_first_exports(world: World) -> None:
    """A record's insert goes with each edit of it, and with it its set: sets stay small, so
    a later package does not carry the statement of everything the laptop ever sent."""
    with world.a.transaction() as db:  # a laptop that has recorded a good deal
        for n in range(2_000):
            records.insert(
                db,
                world.a.actor,
                "findings",
                {"inspection_id": world.inspection_id, "kind": "VIOLATION",
                 "title": f"Hồ sơ {n} quá hạn", "severity": "2"},
            )  # fmt: skip
    everything = world.export(world.a, "all", everything=True)
    finding = _finding(world.a, world.inspection_id)
    findings.update_finding(world.a, finding, title="Một sửa nhỏ")
    later = world.export(world.a, "later")
    trusted = [world.keys["office"].chain[-1]]
    sizes = {}
    for name, path in (("all", everything), ("later", later)):
        pkg = packages.read(path, trusted)
        sets = changesets.read_sets(pkg.read(changesets.ENTRY), trusted, None)
        assert all(len(s.digests) <= changesets.SET_SIZE for s in sets.values())
        sizes[name] = pkg.manifest["entries"][changesets.ENTRY]["size"]
    assert sizes["later"] * 5 < sizes["all"]
    assert exchange.import_package(world.office, later).applied


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
                    parents=_heads(world.office, "people", person, "full_name"))  # fmt: skip
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

# SPDX-License-Identifier: GPL-3.0-or-later
"""The hostile inspector of :mod:`tests.core.test_hostile_peer`, on signed minutes and values: a
package that no honest laptop could have made (a seal or supplement made up, a signed file
replaced, an approval in another's block, a value no screen accepts, an expired certificate, a
clock years ahead) is refused whole, with one sentence, and the office's database and files stay
byte-identical; honest approvals and supplements travel, and an approval is never taken back.
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

from inspector import timefmt
from inspector.cli import main as cli
from inspector.fieldwork import findings
from inspector.minutes import sealing
from inspector.store import records
from inspector.store.workspace import Workspace
from inspector.sync import changesets, exchange, merge, packages
from inspector.trust import identity
from inspector.trust.identity import Identity
from tests.sync_world import (
    LEADER,
    MEMBER,
    PASSPHRASE,
    World,
    change,
    craft,
    finding_of,
    heads_for,
    minutes_row,
    refused_whole,
    sealed_at_office,
)

# ------------------------------------------------------------------------- refused whole


def _minutes_row(inspection_id: str, **values: object) -> dict[str, object]:
    """A minutes record made by hand, with a made-up code."""
    return minutes_row(
        inspection_id, **{"record_digest": "deadbeef" * 8, "signed_by": LEADER, **values}
    )


Make = Callable[[World], Path]


def _forged_supplement(world: World) -> Path:
    iid = sealed_at_office(world)
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
    iid = sealed_at_office(world)
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
                  parents=heads_for(world.office, "inspections", iid, "status"))  # fmt: skip
    return craft(world.root / "status.inspkg", world.keys["b"], [edit])


def _replaced_file(world: World) -> Path:
    iid = sealed_at_office(world)
    minutes_id = world.office.db.execute(
        "SELECT id FROM minutes WHERE inspection_id = ?", [iid]
    ).fetchone()[0]
    other = b"%PDF-1.7 the unsigned minutes of another check"
    digest = hashlib.sha256(other).hexdigest()
    edit = change("minutes", minutes_id, "update", "pdf_sha256", digest,
                  parents=heads_for(world.office, "minutes", minutes_id, "pdf_sha256"))  # fmt: skip
    return craft(world.root / "replace.inspkg", world.keys["b"], [edit],
                 extra={f"minutes/{digest}.pdf": other})  # fmt: skip


def _approval_in_anothers_block(world: World) -> Path:
    iid = sealed_at_office(world)
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
                  parents=heads_for(world.office, "minutes", minutes_id, "pdf_sha256"))  # fmt: skip
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
    iid = sealed_at_office(world)
    main = world.office.db.execute("SELECT id FROM minutes WHERE inspection_id = ?", [iid])
    row = _minutes_row(iid, kind="SUPPLEMENT", supplements_id=main.fetchone()[0],
                       pdf_sha256="/dev/zero", file_name=f"{iid}-bo-sung-1.pdf", body="x")  # fmt: skip
    return craft(world.root / "zero.inspkg", world.keys["b"],
                 [change("minutes", records.new_id(), "insert", None, row, version=1)])  # fmt: skip


def _edit(world: World, field: str, value: object) -> Path:
    finding = finding_of(world.office, world.inspection_id)
    edit = change("findings", finding, "update", field, value,
                  parents=heads_for(world.office, "findings", finding, field))  # fmt: skip
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
    finding = finding_of(world.office, world.inspection_id)
    edit = change("findings", finding, "update", "title", "Sửa khi đã hết hạn",
                  parents=heads_for(world.office, "findings", finding, "title"))  # fmt: skip
    week_ago = timefmt.utc_text(now - dt.timedelta(days=7))
    edit["changed_at"] = week_ago
    return craft(world.root / "expired.inspkg", ident, [edit], created_at=week_ago)


def _clock_ahead(world: World) -> Path:
    ahead = timefmt.utc_text(dt.datetime.now(dt.UTC) + dt.timedelta(days=5 * 365))
    finding = finding_of(world.office, world.inspection_id)
    edit = change("findings", finding, "update", "title", "Từ tương lai",
                  parents=heads_for(world.office, "findings", finding, "title"))  # fmt: skip
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
    refused_whole(world, package, words, capsys)


def test_a_made_up_code_never_verifies(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    package = _forged_supplement(world)
    refused_whole(world, package, "signed file", capsys)
    code = cli.main(["--home", str(world.root / "office"), "--lang", "en", "verify",
                     "--digest", "deadbeefdeadbeef"])  # fmt: skip
    assert code != 0
    assert "No sealed minutes" in capsys.readouterr().err


def test_files_no_record_refers_to_are_not_stored(world: World) -> None:
    junk = {f"evidence/{hashlib.sha256(bytes([n])).hexdigest()}": bytes([n]) for n in range(50)}
    finding = finding_of(world.office, world.inspection_id)
    edit = change("findings", finding, "update", "title", "Sửa kèm tệp rác",
                  parents=heads_for(world.office, "findings", finding, "title"))  # fmt: skip
    result = exchange.import_package(
        world.office, craft(world.root / "junk.inspkg", world.keys["b"], [edit], extra=junk)
    )
    assert result.applied == 1
    stored = {p.name for p in (world.root / "office" / "evidence").rglob("*") if p.is_file()}
    assert not stored & {name.split("/")[1] for name in junk}


def test_the_office_answers_conflicts_with_the_signers_names(world: World) -> None:
    finding = finding_of(world.a, world.inspection_id)
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
                  parents=heads_for(world.office, "minutes", minutes_id, "pdf_sha256"))  # fmt: skip
    package = craft(world.root / "back.inspkg", world.keys["b"], [edit],
                    extra={f"minutes/{back}.pdf": versions[1]})  # fmt: skip
    refused_whole(world, package, "never does", capsys)


def test_changes_made_here_carry_the_certificates_name_not_the_login(world: World) -> None:
    home = world.a.home
    world.a.set_setting("user_name", None)  # a workspace enrolled before the name was kept
    world.a.close()
    with Workspace.open(home) as ws:
        assert ws.actor.user == LEADER
        finding = finding_of(ws, world.inspection_id)
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
    finding = finding_of(world.b, world.inspection_id)
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
    finding = finding_of(world.a, world.inspection_id)
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

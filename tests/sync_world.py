# SPDX-License-Identifier: GPL-3.0-or-later
"""Three workspaces that sync: an office (a certificate authority) and two inspectors.

Making keys is slow (600,000 PBKDF2 rounds per key file), so a world is made once and copied.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from inspector import timefmt
from inspector.cli import main as cli
from inspector.demo.build import build_demo
from inspector.fieldwork import checklists
from inspector.minutes import sealing
from inspector.store import records
from inspector.store.workspace import Workspace
from inspector.sync import changesets, exchange, outbox, packages
from inspector.trust import identity
from inspector.trust.identity import Identity

PASSPHRASE = "mật khẩu dài 123"
LEADER = "Nguyễn Văn Hùng"  # the demo's team leader: signs the minutes
MEMBER = "Trần Thị Mai"


@dataclass
class World:
    """Open workspaces and their unlocked identities."""

    root: Path
    office: Workspace
    a: Workspace
    b: Workspace
    keys: dict[str, Identity]
    inspection_id: str

    def close(self) -> None:
        for ws in (self.office, self.a, self.b):
            ws.close()

    def export(self, ws: Workspace, name: str, *, everything: bool = False) -> Path:
        """Export ``ws``'s changes to a package named ``name`` in the world's folder."""
        who = {id(self.office): "office", id(self.a): "a", id(self.b): "b"}[id(ws)]
        out = self.root / "packages" / f"{name}.inspkg"
        exchange.export_package(ws, out, self.keys[who], everything=everything)
        return out


def _enrol(office: Workspace, ws: Workspace, name: str) -> None:
    request = identity.init_keys(ws, name, PASSPHRASE)
    issued = identity.issue(office, request.read_bytes(), PASSPHRASE)
    identity.install(ws, issued, trust=ws is not office)


def make_base(root: Path) -> str:
    """Make the three workspaces: the inspectors share the demo check (B got A's package)."""
    office = Workspace.open(root / "office")
    checklists.ensure_bundled_checklist(office)  # each opened for use, as the app does
    identity.init_ca(office, "Bảo hiểm xã hội tỉnh Nghệ An", PASSPHRASE)
    _enrol(office, office, "Phòng Thanh tra - Kiểm tra")
    a = Workspace.open(root / "a")
    checklists.ensure_bundled_checklist(a)
    _enrol(office, a, LEADER)
    b = Workspace.open(root / "b")
    checklists.ensure_bundled_checklist(b)
    _enrol(office, b, MEMBER)
    made = build_demo(a)
    out = root / "packages" / "a-start.inspkg"
    exchange.export_package(a, out, identity.load_identity(a, PASSPHRASE), everything=True)
    exchange.import_package(b, out)
    exchange.import_package(office, out)
    for ws in (office, a, b):
        ws.close()
    return made.inspection_id


def open_world(base: Path, root: Path, inspection_id: str, keys: dict[str, Identity]) -> World:
    """Copy a base world to ``root`` and open it."""
    shutil.copytree(base, root)
    return World(
        root,
        Workspace.open(root / "office"),
        Workspace.open(root / "a"),
        Workspace.open(root / "b"),
        keys,
        inspection_id,
    )


def load_keys(base: Path) -> dict[str, Identity]:
    """Unlock the three identities, and the office's authority, once."""
    keys = {}
    for who in ("office", "a", "b"):
        with Workspace.open(base / who) as ws:
            keys[who] = identity.load_identity(ws, PASSPHRASE)
            if who == "office":  # receipts and field kits are signed by the authority
                keys["authority"] = identity.load_authority(ws, PASSPHRASE)
    return keys


def change(
    table: str,
    record_id: str,
    op: str,
    field: str | None = None,
    new: object = None,
    *,
    parents: list[str] | tuple[str, ...] = (),
    old: object = None,
    version: int = 2,
    by: str = "khách lạ",
) -> dict[str, object]:
    """A change-log entry made by hand, as a hostile (but trusted) laptop could send it."""
    return {
        "change_id": records.new_id(),
        "table_name": table,
        "record_id": record_id,
        "op": op,
        "field": field,
        "old_value": None if op == "insert" else json.dumps(old, ensure_ascii=False),
        "new_value": json.dumps(new, ensure_ascii=False),
        "version": version,
        "changed_by": by,
        "device_id": "thiet-bi-la",
        "changed_at": timefmt.now_utc(),
        "reason": None,
        "parents": json.dumps(sorted(parents)),
    }


def craft(
    out: Path,
    ident: Identity,
    changes: list[dict[str, object]],
    *,
    kind: str = "changes",
    extra: dict[str, bytes] | None = None,
    sets: list[changesets.SignedSet] | None = None,
    created_at: str | None = None,
) -> Path:
    """Sign a package holding exactly these changes (and extra entries), made by hand; its
    change sets are ``sets``, else one per device signed by ``ident`` as a laptop signs its own."""
    writer = packages.Writer(
        out,
        kind,
        {
            "package_id": records.new_id(),
            "device_id": "thiet-bi-la",
            "user": "khách lạ",
            "created_at": created_at or timefmt.now_utc(),
            "signer": {"name": ident.name, "fingerprint": packages.fingerprint(ident.certificate)},
        },
    )
    if sets is None:  # the laptop signs its own changes, as export does
        by_device: dict[str, list[dict[str, object]]] = {}
        for c in changes:
            by_device.setdefault(str(c["device_id"]), []).append(c)
        sets = [
            s for device, own in by_device.items() for s in changesets.sign_sets(ident, device, own)
        ]
    writer.add_bytes(changesets.ENTRY, b"".join(s.line() + b"\n" for s in sets))
    writer.add_bytes("changes.jsonl", b"".join(outbox.canonical(c) + b"\n" for c in changes))
    writer.add_bytes("records.jsonl", b"")
    for name, data in (extra or {}).items():
        writer.add_bytes(name, data)
    writer.commit(ident, tables=outbox.table_digests(changes))
    return out


def minutes_row(inspection_id: str, **values: object) -> dict[str, object]:
    """A minutes record made by hand (MAIN, under the name of the signed minutes)."""
    return {
        "inspection_id": inspection_id,
        "kind": "MAIN",
        "lang": "vi",
        "record_digest": "0" * 64,
        "pdf_sha256": "0" * 64,
        "file_name": f"{inspection_id}.pdf",
        "signed_by": MEMBER,
        "sealed_at": timefmt.now_utc(),
        **values,
    }


def finding_of(ws: Workspace, inspection_id: str, n: int = 0) -> str:
    """The id of a check's ``n``-th live finding (by id)."""
    return str(
        ws.db.execute(
            "SELECT id FROM findings WHERE inspection_id = ? AND deleted = 0 ORDER BY id"
            " LIMIT 1 OFFSET ?",
            [inspection_id, n],
        ).fetchone()[0]
    )


def heads_for(ws: Workspace, table: str, record_id: str, field: str = "*") -> list[str]:
    """The heads of a record's field (its insert's, if the field has none of its own)."""
    heads = records.heads_of(ws.db, table, record_id)
    return heads.get(field) or heads["*"]


def workspace_files(home: Path) -> dict[str, bytes]:
    """Every file of a workspace with its bytes, but its logs and SQLite's shared-memory index
    (which readers rewrite)."""
    return {
        str(p.relative_to(home)): p.read_bytes()
        for p in sorted(home.rglob("*"))
        if p.is_file() and "logs" not in p.parts and not p.name.endswith("-shm")
    }


def refused_whole(
    world: World, package: Path, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Import with the real command: exit 1, one sentence with ``words``, nothing changed."""
    office = world.root / "office"
    world.office.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = workspace_files(office)
    code = cli.main(["--home", str(office), "--lang", "en", "import", str(package)])
    err = capsys.readouterr().err.strip()
    assert code == 1, err
    assert words in err
    assert err.count("\n") == 0 and err.endswith("."), err
    world.office.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert workspace_files(office) == before


def sealed_at_office(world: World) -> str:
    """Seal the demo check on laptop A and import the seal at the office; the check's id."""
    sealing.sign_minutes(world.a, world.inspection_id, PASSPHRASE, number="03/BB-ĐKT")
    exchange.import_package(world.office, world.export(world.a, "seal"))
    return world.inspection_id

# SPDX-License-Identifier: GPL-3.0-or-later
"""Three workspaces that sync: an office (a certificate authority) and two inspectors.

Making keys is slow (600,000 PBKDF2 rounds per key file), so a world is made once and copied.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from inspector import exchange, identity
from inspector.demo import build_demo
from inspector.identity import Identity
from inspector.workspace import Workspace

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
    identity.init_ca(office, "Bảo hiểm xã hội tỉnh Nghệ An", PASSPHRASE)
    _enrol(office, office, "Phòng Thanh tra - Kiểm tra")
    a = Workspace.open(root / "a")
    _enrol(office, a, LEADER)
    b = Workspace.open(root / "b")
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

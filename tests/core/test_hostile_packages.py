# SPDX-License-Identifier: GPL-3.0-or-later
"""Hostile packages, each made from a good one: refused with exit 1, one sentence, and a
workspace database left byte for byte as it was."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from inspector.cli import main as cli
from inspector.fieldwork import findings
from inspector.store.workspace import DB_NAME
from inspector.trust.identity import Identity
from tests.sync_world import World

Entries = dict[str, bytes]


@pytest.fixture
def good(world: World) -> Path:
    """A good package from inspector A, with an evidence file in it."""
    finding = world.a.db.execute("SELECT id FROM findings LIMIT 1").fetchone()[0]
    findings.update_finding(world.a, finding, title="Tiêu đề mới")
    package = world.export(world.a, "good", everything=True)
    world.close()  # the CLI opens the workspaces itself
    return package


def _entries(path: Path) -> Entries:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _write(path: Path, entries: Entries, *, big: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in {**entries, **(big or {})}.items():
            z.writestr(name, data)
    return path


def _sign(entries: Entries, ident: Identity, change: Callable[[dict], None]) -> None:
    manifest = json.loads(entries["manifest.json"])
    change(manifest)
    data = json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode()
    entries["manifest.json"] = data
    entries["manifest.sig"] = ident.key.sign(data, ec.ECDSA(hashes.SHA256()))


def _stranger() -> Identity:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Người lạ")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    return Identity(key, cert, [])


def _not_a_package(good: Path, w: World) -> Path:
    out = good.with_name("notes.inspkg")
    out.write_text("Biên bản nháp, không phải gói.\n", encoding="utf-8")
    return out


def _damaged(good: Path, w: World) -> Path:
    data = bytearray(good.read_bytes())
    end = data.rfind(b"PK\x05\x06")  # the end of the central directory
    data[end + 16 : end + 20] = b"\xff\xff\xff\x7f"
    out = good.with_name("damaged.inspkg")
    out.write_bytes(bytes(data))
    return out


def _truncated(good: Path, w: World) -> Path:
    out = good.with_name("truncated.inspkg")
    out.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    return out


def _tampered_entry(good: Path, w: World) -> Path:
    entries = _entries(good)
    entries["changes.jsonl"] = entries["changes.jsonl"].replace(
        "Tiêu đề mới".encode(), "Tiêu đề giả".encode()
    )
    return _write(good.with_name("tampered-entry.inspkg"), entries)


def _tampered_manifest(good: Path, w: World) -> Path:
    entries = _entries(good)
    manifest = json.loads(entries["manifest.json"])
    manifest["created_at"] = "2020-01-01T00:00:00.000000Z"
    entries["manifest.json"] = json.dumps(manifest).encode()  # the signature no longer fits
    return _write(good.with_name("tampered-signature.inspkg"), entries)


def _unknown_signer(good: Path, w: World) -> Path:
    entries = _entries(good)
    stranger = _stranger()
    _sign(entries, stranger, lambda m: None)
    entries["signer.pem"] = stranger.certificate.public_bytes(serialization.Encoding.PEM)
    return _write(good.with_name("unknown-signer.inspkg"), entries)


def _newer_version(good: Path, w: World) -> Path:
    entries = _entries(good)
    _sign(entries, w.keys["a"], lambda m: m.update(format_version=99, app_version="9.0"))
    return _write(good.with_name("newer.inspkg"), entries)


def _escaping_path(good: Path, w: World) -> Path:
    entries = _entries(good)
    entries["../../inspector.sqlite3"] = b"overwritten"
    return _write(good.with_name("escape.inspkg"), entries)


def _zip_bomb(good: Path, w: World) -> Path:
    bomb = bytes(64 << 20)  # 64 MB of zeros deflate to about 64 kB
    name = f"evidence/{hashlib.sha256(bomb).hexdigest()}"
    entries = _entries(good)

    def listed(m: dict) -> None:
        m["entries"][name] = {"sha256": name.split("/")[1], "size": len(bomb)}

    _sign(entries, w.keys["a"], listed)
    return _write(good.with_name("bomb.inspkg"), entries, big={name: bomb})


CASES = {
    "not a package": (_not_a_package, "not an Inspector package"),
    "damaged": (_damaged, "damaged or incomplete"),
    "truncated": (_truncated, "damaged or incomplete"),
    "tampered entry": (_tampered_entry, "changed after it was signed"),
    "tampered signature": (_tampered_manifest, "changed after it was signed"),
    "unknown signer": (_unknown_signer, "does not trust"),
    "newer version": (_newer_version, "newer version of Inspector"),
    "path outside": (_escaping_path, "leads outside it"),
    "zip bomb": (_zip_bomb, "far larger than it is"),
}


def _db_bytes(home: Path) -> tuple[bytes, bool]:
    return (home / DB_NAME).read_bytes(), (home / f"{DB_NAME}-wal").exists()


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_hostile_package_is_refused_in_one_sentence_and_changes_nothing(
    case: str, world: World, good: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, words = CASES[case]
    bad = make(good, world)
    office = world.root / "office"
    before = _db_bytes(office)
    code = cli.main(["--home", str(office), "--lang", "en", "import", str(bad)])
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert words in err
    assert err.count("\n") == 0 and err.endswith(".")
    assert _db_bytes(office) == before
    assert not list((office / "evidence").rglob(".incoming-*"))


def test_a_package_from_this_very_workspace_is_refused(
    world: World, good: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = world.root / "a"
    before = _db_bytes(home)
    assert cli.main(["--home", str(home), "--lang", "en", "import", str(good)]) == 1
    assert "this very workspace" in capsys.readouterr().err
    assert _db_bytes(home) == before


def test_the_real_command_refuses_in_vietnamese_and_imports_the_good_one(
    world: World, good: Path
) -> None:
    office = world.root / "office"
    bad = _tampered_entry(good, world)
    run = [sys.executable, "-m", "ui", "--home", str(office), "import"]
    refused = subprocess.run([*run, str(bad)], capture_output=True, text=True, timeout=120)
    assert refused.returncode == 1
    assert "đã bị thay đổi sau khi ký" in refused.stderr
    done = subprocess.run([*run, str(good)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    again = subprocess.run([*run, str(good)], capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and "Đã nhập trước đây" in again.stdout

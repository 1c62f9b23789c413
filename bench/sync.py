# SPDX-License-Identifier: GPL-3.0-or-later
"""Sync packages, each beside a raw baseline measured in the same run.

Import: a package of 10,000 findings (with their change log) and 1,000 evidence files, imported
whole (every check, the merge, the post-import check, files flushed) into a fresh office
workspace; raw: ``executemany`` of the same rows into the same schema in one transaction, and the
same files unzipped and flushed, one by one.

Long findings: a package of 9,000 findings with descriptions of 2,000 characters each (one
check), imported at the office with every change-set signature, scope and value checked; raw: the
same rows by ``executemany``. And the change-set checks alone (every set's signature and chain,
every change line's digest) beside hashing the same lines.

Preview while someone types: the same package previewed at the office while another connection
writes a small transaction every 10 ms (as the typing of a person saves); the longest any of
those writes waited for the write lock, beside the same writes with no preview running. And what
the preview's private copy of the database (online backup, into memory or a file) costs in the
workspaces of 10,000 and 100,000 findings of :mod:`bench.workbench_open`, beside reading the same file whole.

Incremental export: 10 changed findings out of workspaces of 10,000 and 100,000 findings; raw:
the same 10 rows selected and zipped. The export must not grow with the workspace.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import sqlite3
import statistics
import tempfile
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

from bench.finding_save import populate
from bench.workbench_open import SIZES, built
from inspector.fieldwork import checklists, inspections, units
from inspector.store import evidence_store, records
from inspector.store.db import connect
from inspector.store.workspace import Workspace
from inspector.sync import changesets, exchange, importing
from inspector.trust import identity

FINDINGS = 10_000
FILES = 1_000
FILE_BYTES = 48 << 10
PASSPHRASE = "benchmark-passphrase"
RUNS = 3


def _identity(ws: Workspace, office: Workspace) -> identity.Identity:
    request = identity.init_keys(ws, f"Thanh tra viên {ws.home.name}", PASSPHRASE)
    identity.install(ws, identity.issue(office, request.read_bytes(), PASSPHRASE), trust=True)
    return identity.load_identity(ws, PASSPHRASE)


def _office(root: Path) -> Workspace:
    office = Workspace.open(root / "office")
    identity.init_ca(office, "Văn phòng", PASSPHRASE)
    return office


def _source(root: Path, office: Workspace) -> tuple[Path, int]:
    """A field workspace with 10,000 findings and 1,000 evidence files, exported whole."""
    ws = Workspace.open(root / "field")
    ident = _identity(ws, office)
    ids = populate(ws, FINDINGS)
    with ws.transaction() as db:
        for n in range(FILES):
            data = os.urandom(FILE_BYTES)
            source = root / "photo.jpg"
            source.write_bytes(data)
            digest, size = evidence_store.store_file(ws.evidence_dir, source)
            records.insert(
                db,
                ws.actor,
                "evidence",
                {
                    "inspection_id": ids[n % len(ids)],
                    "sha256": digest,
                    "size": size,
                    "file_name": f"anh-{n}.jpg",
                    "media_type": "image/jpeg",
                    "kind": "PHOTO",
                },
            )
    package = root / "field.inspkg"
    result = exchange.export_package(ws, package, ident, everything=True)
    ws.close()
    return package, result.changes


def _raw_import(package: Path, target_db: Path, files_dir: Path) -> float:
    """The same rows by executemany, the same files unzipped and flushed."""
    with zipfile.ZipFile(package) as z:
        lines = [json.loads(x) for x in z.read("records.jsonl").splitlines() if x]
        changes = [json.loads(x) for x in z.read("changes.jsonl").splitlines() if x]
        names = [n for n in z.namelist() if n.startswith("evidence/")]
        started = time.perf_counter()
        conn = connect(target_db)
        conn.execute("BEGIN")
        by_table: dict[str, list[dict[str, Any]]] = {}
        for line in lines:
            by_table.setdefault(line["table"], []).append(line["row"])
        for table, rows in by_table.items():
            columns = list(rows[0])
            conn.executemany(
                f"INSERT OR REPLACE INTO {table} ({', '.join(columns)})"
                f" VALUES ({', '.join('?' for _ in columns)})",
                [[r[c] for c in columns] for r in rows],
            )
        columns = list(changes[0])
        conn.executemany(
            f"INSERT INTO changes ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
            [[c[k] for k in columns] for c in changes],
        )
        conn.execute("COMMIT")
        conn.close()
        files_dir.mkdir()
        for name in names:
            with open(files_dir / name.split("/")[1], "wb") as out:
                out.write(z.read(name))
                out.flush()
                os.fsync(out.fileno())
        return time.perf_counter() - started


def bench_import(root: Path) -> None:
    office = _office(root)
    package, changes = _source(root, office)
    office.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    office.close()
    ours, raw = [], []
    for run in range(RUNS):
        took = _import_once(root, package, changes, f"{run}")
        ours.append(took[0])
        raw.append(took[1])
    our, base = statistics.median(ours), statistics.median(raw)
    rows = changes
    print(
        f"import of a package ({FINDINGS:,} findings, {FILES:,} evidence files of"
        f" {FILE_BYTES >> 10} kB, {package.stat().st_size / 1e6:.0f} MB; every check, merge,"
        f" post-import check; median of {RUNS}): {our * 1e3:.0f} ms, {rows / our:,.0f} changes/s"
    )
    print(
        f"raw: executemany of the same rows + the same files unzipped and flushed:"
        f" {base * 1e3:.0f} ms, {rows / base:,.0f} changes/s"
    )
    print(f"import rate: {base / our:.0%} of raw (aim: ≥ 30%)")


def _import_once(root: Path, package: Path, changes: int, name: str) -> tuple[float, float]:
    """One import into a copy of the office, and the raw baseline into another: seconds each."""
    home = root / f"office-{name}"
    shutil.copytree(root / "office", home)
    with Workspace.open(home) as ws:
        started = time.perf_counter()
        result = exchange.import_package(ws, package)
        ours = time.perf_counter() - started
        assert result.applied == changes and not result.refused, "not every change applied"
    raw_home = root / f"raw-{name}"
    shutil.copytree(root / "office", raw_home)
    return ours, _raw_import(package, raw_home / "inspector.sqlite3", raw_home / "files")


def _writes(path: Path, stop: threading.Event, waits: list[float]) -> None:
    """Take the write lock every 10 ms from a connection of its own, as a person typing does;
    note how long each wait for it took."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=30.0)
    try:
        while not stop.is_set():
            started = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            waits.append(time.perf_counter() - started)
            conn.execute("ROLLBACK")
            time.sleep(0.01)
    finally:
        conn.close()


def bench_preview(root: Path) -> None:
    """Preview the package of :func:`bench_import` while another connection writes."""
    package = root / "field.inspkg"
    home = root / "office-preview"
    shutil.copytree(root / "office", home)
    alone: list[float] = []
    stop = threading.Event()
    writer = threading.Thread(target=_writes, args=(home / "inspector.sqlite3", stop, alone))
    writer.start()
    time.sleep(0.5)
    stop.set()
    writer.join()
    took, during = [], []
    with Workspace.open(home) as ws:
        for _run in range(RUNS):
            waits: list[float] = []
            stop = threading.Event()
            writer = threading.Thread(target=_writes, args=(ws.db_path, stop, waits))
            writer.start()
            time.sleep(0.05)
            started = time.perf_counter()
            result = exchange.import_package(ws, package, preview=True)
            took.append(time.perf_counter() - started)
            stop.set()
            writer.join()
            during.append(max(waits))
            assert result.preview and result.applied
    print(
        f"preview of the same package (median of {RUNS}): {statistics.median(took) * 1e3:.0f} ms;"
        f" the longest wait of a write meanwhile: {statistics.median(during) * 1e3:.1f} ms"
    )
    print(f"raw: the same writes with no preview running: longest wait {max(alone) * 1e3:.1f} ms")


def bench_private_copy() -> None:
    """The preview's private copy of a grown workspace, beside reading its file whole."""
    line = []
    for total, checks in SIZES:
        home, _demo = built(total, checks)
        ours, raw = [], []
        with Workspace.open(home) as ws:
            for _run in range(RUNS):
                started = time.perf_counter()
                with importing._private_copy(ws) as copy:
                    copy.db.execute("SELECT count(*) FROM findings").fetchone()
                ours.append(time.perf_counter() - started)
                started = time.perf_counter()
                with open(ws.db_path, "rb") as fh:
                    while fh.read(1 << 20):
                        pass
                raw.append(time.perf_counter() - started)
        size = ws.db_path.stat().st_size
        where = "in memory" if size <= importing.COPY_IN_MEMORY_BYTES else "in a file"
        line.append(
            f"{total:,} findings ({size / 1e6:.0f} MB, {where}):"
            f" {statistics.median(ours) * 1e3:.0f} ms"
            f" (raw: the file read whole, {statistics.median(raw) * 1e3:.0f} ms)"
        )
    print(f"the preview's private copy (SQLite's online backup): {'; '.join(line)}")


LONG_FINDINGS = 9_000
LONG_TEXT = 2_000


def _long_text(rng: random.Random) -> str:
    words = (
        "hồ sơ giải quyết chế độ quá hạn trách nhiệm viên chức tiếp nhận bộ phận một cửa"
        " thẩm định phê duyệt chi trả bảo hiểm xã hội đơn vị kiểm tra đột xuất biên bản"
    ).split()
    text = ""
    while len(text) < LONG_TEXT:
        text += rng.choice(words) + (f" {rng.randrange(100)}. " if rng.random() < 0.1 else " ")
    return text[:LONG_TEXT].strip()


def _long_source(root: Path, office: Workspace) -> tuple[Path, int]:
    """One check with 9,000 findings of 2,000 characters, written through the app's write path."""
    ws = Workspace.open(root / "long")
    checklists.ensure_bundled_checklist(ws)
    ident = _identity(ws, office)
    unit = units.add_unit(ws, name="Bảo hiểm xã hội cơ sở Dài", level="GRASSROOTS")
    check = inspections.new_check(
        ws,
        decision_number="9/QĐ-BHXH",
        decision_date="2026-03-02",
        signer_name="Phạm Đức Thắng",
        legal_basis="Công văn 1251/BHXH-TCCB",
        unit_id=unit,
        team_names=[inspections.NewMember(ws.actor.user, "LEADER", "Thanh tra viên", "Nam")],
    )
    rng = random.Random(9)
    with ws.transaction() as db:
        for n in range(LONG_FINDINGS):
            records.insert(
                db,
                ws.actor,
                "findings",
                {
                    "inspection_id": check,
                    "kind": "VIOLATION",
                    "title": f"Hồ sơ số {n} giải quyết quá hạn",
                    "description": _long_text(rng),
                    "severity": "2",
                    "area_code": "ABCDEFGH"[n % 8],
                },
            )
    package = root / "long.inspkg"
    result = exchange.export_package(ws, package, ident, everything=True)
    ws.close()
    return package, result.changes


def bench_long_import(root: Path) -> None:
    office = _office(root)
    package, changes = _long_source(root, office)
    trusted = identity.trust_roots(office)
    office.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    office.close()
    ours, raw, sets, hashing = [], [], [], []
    for run in range(RUNS):
        took = _import_once(root, package, changes, f"long-{run}")
        ours.append(took[0])
        raw.append(took[1])
        with zipfile.ZipFile(package) as z:
            data, lines = z.read(changesets.ENTRY), z.read("changes.jsonl").split(b"\n")[:-1]
        parsed = [json.loads(line) for line in lines]
        started = time.perf_counter()
        changesets.bind(parsed, lines, changesets.read_sets(data, trusted, None))
        sets.append(time.perf_counter() - started)
        started = time.perf_counter()
        for line in lines:
            hashlib.sha256(line).digest()
        hashing.append(time.perf_counter() - started)
    our, base = statistics.median(ours), statistics.median(raw)
    print(
        f"import of {LONG_FINDINGS:,} findings of {LONG_TEXT:,} characters ({changes:,} changes,"
        f" {package.stat().st_size / 1e6:.0f} MB; change-set signatures, scope, column rules,"
        f" merge, post-import check; median of {RUNS}): {our * 1e3:.0f} ms,"
        f" {changes / our:,.0f} changes/s"
    )
    print(
        f"raw: executemany of the same rows: {base * 1e3:.0f} ms, {changes / base:,.0f} changes/s"
    )
    print(f"import rate: {base / our:.0%} of raw (aim: ≥ 30%)")
    print(
        f"change-set checks (signature and chain of each set, digest of each change line):"
        f" {statistics.median(sets) * 1e3:.1f} ms; raw: the same lines hashed:"
        f" {statistics.median(hashing) * 1e3:.1f} ms"
    )


def _incremental(root: Path, office: Workspace, size: int) -> tuple[float, float]:
    ws = Workspace.open(root / f"field-{size}")
    ident = _identity(ws, office)
    populate(ws, size)
    exchange.export_package(ws, root / f"all-{size}.inspkg", ident, everything=True)
    targets = [r[0] for r in ws.db.execute("SELECT id FROM findings LIMIT 10")]
    ours, raw = [], []
    for run in range(7):
        with ws.transaction() as db:
            for fid in targets:
                records.update(db, ws.actor, "findings", fid, {"title": f"Sửa lần {run}"})
        started = time.perf_counter()
        result = exchange.export_package(ws, root / f"inc-{size}-{run}.inspkg", ident)
        ours.append(time.perf_counter() - started)
        assert result.records == 10
        started = time.perf_counter()
        marks = ", ".join("?" for _ in targets)
        rows = list(ws.db.query(f"SELECT * FROM findings WHERE id IN ({marks})", targets))
        with zipfile.ZipFile(root / f"raw-{size}-{run}.zip", "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("records.json", json.dumps(rows, ensure_ascii=False))
        raw.append(time.perf_counter() - started)
    ws.close()
    return statistics.median(ours), statistics.median(raw)


def bench_export(root: Path) -> None:
    office = Workspace.open(root / "office")
    small = _incremental(root, office, 10_000)
    large = _incremental(root, office, 100_000)
    office.close()
    print(
        "incremental export of 10 changed findings (signed, flushed, renamed; median of 7):"
        f" {small[0] * 1e3:.1f} ms from 10,000 findings, {large[0] * 1e3:.1f} ms from 100,000"
        f" ({large[0] / small[0]:.2f}x for 10x the workspace)"
    )
    print(
        f"raw: the same 10 rows selected and zipped: {small[1] * 1e3:.2f} ms from 10,000,"
        f" {large[1] * 1e3:.2f} ms from 100,000"
    )


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="inspector-bench-", dir=Path.cwd()) as tmp:
        bench_import(Path(tmp))
        bench_preview(Path(tmp))
        bench_private_copy()
        bench_long_import(Path(tmp) / "long")
        bench_export(Path(tmp))


if __name__ == "__main__":
    main()

# SPDX-License-Identifier: GPL-3.0-or-later
"""Sync between workspaces: export and import packages, receipts, and the office's field kit.

An inspector exports the changes made since the last export (or everything); the office imports
packages from many inspectors into one workspace; each import gives a signed receipt the inspector
imports back, so the laptop knows which of its changes the office has. The office prepares a
field kit (registers, checklists, holidays, trusted certificates, the inspector's certificate,
prepared checks) that a laptop imports the same way.

Import checks the whole package first (:mod:`inspector.packages`), then the changes themselves,
then merges them in one transaction (:mod:`inspector.merge`) and, before committing, checks that
the workspace now holds every change the package lists and, for every record both sides agree
on, the values the package says. Any mismatch rolls everything back.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from inspector import identity, merge, packages, records, workdays
from inspector.db import RECORD_TABLES
from inspector.errors import Cancelled, PackageError, ValidationError
from inspector.evidence_store import CHUNK, _fsync_dir, path_for
from inspector.i18n import _
from inspector.identity import Identity
from inspector.merge import CHANGE_FIELDS
from inspector.packages import Package
from inspector.workspace import Workspace

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]
REGISTER_TABLES = (
    "org_units",
    "org_unit_predecessors",
    "people",
    "checklist_templates",
    "checklist_areas",
    "checklist_items",
)
_UUIDISH = re.compile(r"^[0-9A-Za-z-]{1,64}$")


@dataclass
class ExportResult:
    """What an export wrote."""

    path: Path
    package_id: str
    kind: str
    changes: int
    records: int
    evidence_files: int
    minutes_files: int
    from_seq: int
    to_seq: int
    size: int


@dataclass
class ImportResult:
    """What importing one package did (or, for a preview, would do)."""

    path: str
    package_id: str
    kind: str
    signer: str
    source_device: str
    created_at: str
    already: bool = False
    preview: bool = False
    applied: int = 0
    known: int = 0
    new_records: dict[str, int] = field(default_factory=dict)
    changed_records: dict[str, int] = field(default_factory=dict)
    conflicts: list[dict[str, str]] = field(default_factory=list)
    refused: list[dict[str, Any]] = field(default_factory=list)
    evidence_files: int = 0
    missing_files: int = 0
    minutes_files: int = 0
    receipt_for: str | None = None
    kit: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """A plain dict for ``--json`` output and receipts."""
        return asdict(self)


def _now() -> str:
    return records.now_utc()


# ---------------------------------------------------------------------------------------- export


def _canonical(change: dict[str, Any]) -> bytes:
    return json.dumps(
        {k: change[k] for k in CHANGE_FIELDS}, ensure_ascii=False, sort_keys=True
    ).encode()


def table_digests(changes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Count and SHA-256 of a batch of changes, per table (what the workspace must then hold)."""
    by_table: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for change in changes:
        by_table[change["table_name"]].append(change)
    out = {}
    for table, rows in sorted(by_table.items()):
        digest = hashlib.sha256()
        for row in sorted(rows, key=lambda r: r["change_id"]):
            digest.update(_canonical(row) + b"\n")
        out[table] = {"changes": len(rows), "sha256": digest.hexdigest()}
    return out


def _select_changes(ws: Workspace, where: str, args: list[Any]) -> list[dict[str, Any]]:
    return list(
        ws.db.query(
            f"SELECT seq, {', '.join(CHANGE_FIELDS)} FROM changes {where} ORDER BY seq", args
        )
    )


def _chunks(items: list[Any], size: int = 500) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _records_of(
    ws: Workspace, changes: list[dict[str, Any]]
) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]]]:
    """The current rows of the records a batch touches, and their inserts the batch lacks."""
    touched: dict[str, set[str]] = defaultdict(set)
    have_insert: set[tuple[str, str]] = set()
    for change in changes:
        touched[change["table_name"]].add(change["record_id"])
        if change["op"] == "insert":
            have_insert.add((change["table_name"], change["record_id"]))
    rows: dict[str, list[dict[str, Any]]] = {}
    inserts: list[dict[str, Any]] = []
    for table in RECORD_TABLES:
        ids = sorted(touched.get(table, ()))
        rows[table] = []
        for chunk in _chunks(ids):
            marks = ", ".join("?" for _ in chunk)
            rows[table] += ws.db.query(f"SELECT * FROM {table} WHERE id IN ({marks})", chunk)
            missing = [rid for rid in chunk if (table, rid) not in have_insert]
            if missing:
                inserts += _select_changes(
                    ws,
                    f"WHERE table_name = ? AND op = 'insert' AND record_id IN"
                    f" ({', '.join('?' for _ in missing)})",
                    [table, *missing],
                )
    return rows, inserts


def _heads_for(ws: Workspace, table: str, ids: list[str]) -> dict[str, dict[str, list[str]]]:
    heads: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for chunk in _chunks(ids):
        marks = ", ".join("?" for _ in chunk)
        for record_id, fld, change_id in ws.db.execute(
            f"SELECT record_id, field, change_id FROM heads WHERE table_name = ?"
            f" AND record_id IN ({marks}) ORDER BY change_id",
            [table, *chunk],
        ):
            heads[record_id][fld].append(change_id)
    return heads


def last_export_seq(ws: Workspace) -> int:
    """The last change (by local sequence) in a package this workspace exported."""
    row = ws.db.execute(
        "SELECT max(to_seq) FROM packages WHERE direction = 'out' AND kind = 'changes'"
    ).fetchone()
    return int(row[0] or 0)


def _write_content(
    writer: packages.Writer,
    ws: Workspace,
    changes: list[dict[str, Any]],
    on_progress: Progress | None,
    is_cancelled: Cancel | None,
) -> dict[str, Any]:
    """Write changes, records, evidence and minutes files; return the manifest's counts."""
    rows, inserts = _records_of(ws, changes)
    changes = inserts + changes
    writer.add_bytes("changes.jsonl", b"".join(_canonical(c) + b"\n" for c in changes))
    lines = []
    files: dict[str, Path] = {}
    minutes_files: dict[str, Path] = {}
    versions: dict[str, list[int]] = {}
    for table in RECORD_TABLES:
        if not rows[table]:
            continue
        heads = _heads_for(ws, table, [r["id"] for r in rows[table]])
        for row in rows[table]:
            lines.append(
                json.dumps(
                    {"table": table, "row": row, "heads": heads.get(row["id"], {})},
                    ensure_ascii=False,
                    sort_keys=True,
                ).encode()
                + b"\n"
            )
        found = [int(r["version"]) for r in rows[table]]
        versions[table] = [min(found), max(found)]
        if table == "evidence":
            for row in rows[table]:
                source = path_for(ws.evidence_dir, row["sha256"])
                if not row["deleted"] and source.is_file():
                    files[row["sha256"]] = source
        if table == "minutes":
            for row in rows[table]:
                source = ws.home / "minutes" / row["file_name"]
                if source.is_file():
                    minutes_files[row["pdf_sha256"]] = source
    writer.add_bytes("records.jsonl", b"".join(lines))
    total = len(files) + len(minutes_files)
    done = 0
    for digest, source in sorted(files.items()):
        if is_cancelled is not None and is_cancelled():
            raise Cancelled(_("Cancelled."))
        writer.add_file(f"evidence/{digest}", source, digest)
        done += 1
        if on_progress is not None:
            on_progress(done, total)
    for digest, source in sorted(minutes_files.items()):
        if hashlib.sha256(source.read_bytes()).hexdigest() == digest:
            writer.add_file(f"minutes/{digest}.pdf", source, digest)
        done += 1
        if on_progress is not None:
            on_progress(done, total)
    return {
        "tables": table_digests(changes),
        "records": {t: len(r) for t, r in rows.items() if r},
        "versions": versions,
        "evidence_files": len(files),
        "minutes_files": len(minutes_files),
        "changes": len(changes),
    }


def _header(ws: Workspace, ident: Identity) -> dict[str, Any]:
    return {
        "package_id": records.new_id(),
        "device_id": ws.actor.device_id,
        "user": ws.actor.user,
        "created_at": _now(),
        "signer": {"name": ident.name, "fingerprint": packages.fingerprint(ident.certificate)},
    }


def export_package(
    ws: Workspace,
    out: Path,
    ident: Identity,
    *,
    everything: bool = False,
    on_progress: Progress | None = None,
    is_cancelled: Cancel | None = None,
) -> ExportResult:
    """Write the changes made since the last export (or ``everything``) as a signed package.

    Raises:
        ValidationError: nothing changed since the last export.
        Cancelled: ``is_cancelled`` turned true; no file is left behind.
    """
    from_seq = 0 if everything else last_export_seq(ws)
    to_seq = int(ws.db.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0])
    changes = _select_changes(ws, "WHERE seq > ? AND seq <= ?", [from_seq, to_seq])
    if not changes:
        raise ValidationError(
            _("Nothing has changed since the last package; export everything with --all.")
        )
    for change in changes:
        change.pop("seq")
    header = _header(ws, ident)
    writer = packages.Writer(out, "changes", header)
    try:
        counts = _write_content(writer, ws, changes, on_progress, is_cancelled)
        manifest = writer.commit(ident, from_seq=from_seq, to_seq=to_seq, all=everything, **counts)
    except BaseException:
        writer.abort()
        raise
    _record_package(ws, "out", manifest, out, None, {"changes": counts["changes"]})
    return ExportResult(
        out,
        manifest["package_id"],
        "changes",
        counts["changes"],
        sum(counts["records"].values()),
        counts["evidence_files"],
        counts["minutes_files"],
        from_seq,
        to_seq,
        out.stat().st_size,
    )


def _record_package(
    ws: Workspace,
    direction: str,
    manifest: dict[str, Any],
    path: Path,
    file_sha: str | None,
    summary: dict[str, Any],
) -> None:
    with ws.transaction() as db:
        _insert_package(db, ws, direction, manifest, path, file_sha, summary)


def _insert_package(
    db: Any,
    ws: Workspace,
    direction: str,
    manifest: dict[str, Any],
    path: Path,
    file_sha: str | None,
    summary: dict[str, Any],
) -> None:
    db.execute(
        "INSERT INTO packages (package_id, direction, kind, device_id, signer, created_at,"
        " from_seq, to_seq, file_name, file_sha256, done_at, done_by, summary)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            manifest["package_id"],
            direction,
            manifest["kind"],
            manifest["device_id"],
            manifest.get("signer", {}).get("name", ""),
            manifest["created_at"],
            manifest.get("from_seq"),
            manifest.get("to_seq"),
            path.name,
            file_sha,
            _now(),
            ws.actor.user,
            json.dumps(summary, ensure_ascii=False, sort_keys=True),
        ],
    )


# ---------------------------------------------------------------------------------------- import


def _line_digests(changes: list[dict[str, Any]], lines: list[bytes]) -> dict[str, Any]:
    """``table_digests`` from the lines as written (each line is a change's canonical form)."""
    by_table: dict[str, list[tuple[str, bytes]]] = defaultdict(list)
    for change, line in zip(changes, lines, strict=True):
        by_table[change["table_name"]].append((change["change_id"], line))
    out = {}
    for table, items in sorted(by_table.items()):
        digest = hashlib.sha256()
        for _id, line in sorted(items):
            digest.update(line + b"\n")
        out[table] = {"changes": len(items), "sha256": digest.hexdigest()}
    return out


def _check_changes(
    ws: Workspace,
    pkg: Package,
    changes: list[dict[str, Any]],
    lines: list[bytes],
    rows: list[dict[str, Any]],
) -> None:
    """Check the changes and records against the manifest and this workspace's schema."""
    columns: dict[str, set[str]] = {
        t: {r[1] for r in ws.db.execute(f"PRAGMA table_info({t})")} for t in RECORD_TABLES
    }
    damaged = _("The package is damaged: its changes are not well formed.")
    inserted: set[tuple[str, str]] = set()
    for c in changes:
        if not isinstance(c, dict) or set(c) != set(CHANGE_FIELDS):
            raise PackageError(damaged)
        table, op = c["table_name"], c["op"]
        if table not in columns or op not in ("insert", "update", "delete"):
            raise PackageError(damaged)
        for key in ("change_id", "record_id"):
            if not isinstance(c[key], str) or not _UUIDISH.match(c[key]):
                raise PackageError(damaged)
        if not isinstance(c["version"], int) or not isinstance(c["changed_at"], str):
            raise PackageError(damaged)
        try:
            new = json.loads(c["new_value"])
            parents = json.loads(c["parents"] or "[]")
        except (TypeError, ValueError) as exc:
            raise PackageError(damaged) from exc
        c["_new"], c["_parents"] = new, parents  # parsed once, for the merge
        if not isinstance(parents, list) or not all(isinstance(p, str) for p in parents):
            raise PackageError(damaged)
        if op == "insert":
            if not isinstance(new, dict) or not set(new) <= columns[table] - set(
                records.META_COLUMNS
            ):
                raise PackageError(damaged)
            inserted.add((table, c["record_id"]))
        elif op == "update" and (
            c["field"] not in columns[table] or c["field"] in records.META_COLUMNS
        ):
            raise PackageError(damaged)
    if _line_digests(changes, lines) != pkg.manifest.get("tables"):
        raise PackageError(
            _("The package is damaged: its changes do not match what its manifest lists.")
        )
    for line in rows:
        if (
            not isinstance(line, dict)
            or line.get("table") not in columns
            or not isinstance(line.get("row"), dict)
            or not set(line["row"]) <= columns[line["table"]]
        ):
            raise PackageError(damaged)
    for table in RECORD_TABLES:
        ids = sorted(
            {c["record_id"] for c in changes if c["table_name"] == table}
            - {rid for (t, rid) in inserted if t == table}
        )
        for chunk in _chunks(ids):
            marks = ", ".join("?" for _ in chunk)
            have = {
                r[0] for r in ws.db.execute(f"SELECT id FROM {table} WHERE id IN ({marks})", chunk)
            }
            if set(chunk) - have:
                raise PackageError(
                    _("The package is damaged: it changes records it does not carry.")
                )


def _verify_result(
    ws: Workspace, pkg: Package, changes: list[dict[str, Any]], rows: list[dict[str, Any]]
) -> None:
    """After merging: the workspace holds every change listed, and agreed records' values."""
    stored: dict[str, tuple[Any, ...]] = {}
    ids = [c["change_id"] for c in changes]
    for chunk in _chunks(ids):
        marks = ", ".join("?" for _ in chunk)
        for row in ws.db.execute(
            f"SELECT {', '.join(CHANGE_FIELDS)} FROM changes WHERE change_id IN ({marks})", chunk
        ):
            stored[row[0]] = tuple(row)
    if any(stored.get(c["change_id"]) != tuple(c[k] for k in CHANGE_FIELDS) for c in changes):
        raise PackageError(
            _("The import was undone: the workspace did not end up holding what the package says.")
        )
    by_table: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in rows:
        by_table[line["table"]].append(line)
    sealed = _sealed_inspections(ws)
    for table, lines in by_table.items():
        local_heads = _heads_for(ws, table, [line["row"]["id"] for line in lines])
        local_rows = {}
        for chunk in _chunks([line["row"]["id"] for line in lines]):
            cursor = ws.db.execute(
                f"SELECT * FROM {table} WHERE id IN ({', '.join('?' for _ in chunk)})", chunk
            )
            names = [d[0] for d in cursor.description]
            for found in cursor:
                local_rows[found[0]] = dict(zip(names, found, strict=True))
        for line in lines:
            row = line["row"]
            local = local_rows.get(row["id"])
            if local is None:
                raise PackageError(
                    _(
                        "The import was undone: the workspace did not end up holding what the package says."
                    )
                )
            theirs = {f: sorted(ids) for f, ids in line["heads"].items()}
            ours = {f: sorted(ids) for f, ids in local_heads.get(row["id"], {}).items()}
            if theirs != ours or (sealed and merge.inspection_of(ws.db, table, local) in sealed):
                continue  # the two sides know different changes: merged, not copied
            differs = [
                k
                for k, value in row.items()
                if k not in ("updated_at", "changed_by", "device_id", "version", "deleted")
                and local.get(k) != value
            ]
            if local["deleted"] < row["deleted"]:  # a tombstone never goes away
                differs.append("deleted")
            if differs:
                raise PackageError(
                    _(
                        "The import was undone: the workspace did not end up holding what the package says."
                    )
                )


def _sealed_inspections(ws: Workspace) -> set[str]:
    return {
        r[0]
        for r in ws.db.execute(
            "SELECT inspection_id FROM minutes WHERE kind = 'MAIN' AND deleted = 0"
            " AND sealed_state IS NOT NULL"
        )
    }


def _store_files(
    pkg: Package,
    store: Path,
    names: list[tuple[str, str]],
    is_cancelled: Cancel | None,
) -> None:
    """Copy entries into the content-addressed store (each flushed, then renamed), in parallel."""
    todo = [(name, digest) for name, digest in names if not path_for(store, digest).exists()]
    if not todo:
        return
    workers = min(8, len(todo))

    def run(part: list[tuple[str, str]]) -> None:
        import zipfile

        with zipfile.ZipFile(pkg.path) as archive:
            for name, digest in part:
                if is_cancelled is not None and is_cancelled():
                    raise Cancelled(_("Cancelled."))
                final = path_for(store, digest)
                final.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=".incoming-", dir=final.parent)
                check = hashlib.sha256()
                try:
                    with os.fdopen(fd, "wb") as out, archive.open(name) as src:
                        while chunk := src.read(CHUNK):
                            check.update(chunk)
                            out.write(chunk)
                        out.flush()
                        os.fsync(out.fileno())
                    if check.hexdigest() != digest:
                        raise PackageError(
                            _("The package was changed while it was being imported.")
                        )
                    os.replace(tmp, final)
                except BaseException:
                    Path(tmp).unlink(missing_ok=True)
                    raise

    parts = [todo[i::workers] for i in range(workers)]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for future in [pool.submit(run, part) for part in parts]:
            future.result()
    for folder in {path_for(store, d).parent for _n, d in todo}:
        _fsync_dir(folder)


class _Preview(Exception):
    """Raised inside the import transaction to roll a preview back."""


def import_package(
    ws: Workspace,
    path: Path,
    *,
    preview: bool = False,
    trust_fingerprint: str | None = None,
    on_progress: Progress | None = None,
    is_cancelled: Cancel | None = None,
) -> ImportResult:
    """Check a package whole, then apply it in one transaction (or, with ``preview``, show what
    it would do and change nothing).

    Raises:
        PackageError: the package is bad, damaged, tampered, untrusted, too new, or this
            workspace's own; nothing was changed.
    """
    path = Path(path)
    repair_minutes_files(ws)
    pkg = packages.read(
        path,
        _trusted(ws),
        trust_fingerprint=trust_fingerprint,
        on_progress=on_progress,
        is_cancelled=is_cancelled,
    )
    m = pkg.manifest
    if m["device_id"] == ws.actor.device_id:
        raise PackageError(
            _("This package was made by this very workspace; import it in another one.")
        )
    result = ImportResult(
        str(path), pkg.package_id, pkg.kind, pkg.signer_name, m["device_id"], m["created_at"]
    )
    result.preview = preview
    done = ws.db.execute(
        "SELECT 1 FROM packages WHERE package_id = ? UNION SELECT 1 FROM receipts"
        " WHERE receipt_id = ?",
        [pkg.package_id, pkg.package_id],
    ).fetchone()
    if done is not None:
        result.already = True
        return result
    if pkg.kind == "receipt":
        return _import_receipt(ws, pkg, result, preview)
    lines = [line for line in pkg.read("changes.jsonl").split(b"\n") if line]
    try:
        changes = [json.loads(line) for line in lines]
        rows = [json.loads(line) for line in pkg.read("records.jsonl").split(b"\n") if line]
    except ValueError as exc:
        raise PackageError(_("The package is damaged: its changes are not well formed.")) from exc
    _check_changes(ws, pkg, changes, lines, rows)
    known = merge.known_change_ids(ws.db, (c["change_id"] for c in changes))
    kit_news = _kit_news(ws, pkg) if pkg.kind == "field-kit" else {}
    if len(known) == len({c["change_id"] for c in changes}) and not any(kit_news.values()):
        result.already = True
        result.known = len(changes)
        return result
    files = [(n, n.split("/")[1]) for n in m["entries"] if n.startswith("evidence/")]
    pdfs = [(n, n.split("/")[1][:-4]) for n in m["entries"] if n.startswith("minutes/")]
    if not preview:
        _store_files(pkg, ws.evidence_dir, files + pdfs, is_cancelled)
    try:
        with ws.write_transaction() as db:
            if db.execute(
                "SELECT 1 FROM packages WHERE package_id = ?", [pkg.package_id]
            ).fetchone():
                result.already = True  # imported meanwhile by another window or the inbox
                return result
            report = merge.apply_changes(db, changes, package_id=pkg.package_id)
            _verify_result(ws, pkg, changes, rows)
            result.applied, result.known = report.applied, report.known
            result.new_records, result.changed_records = report.new_records, report.changed_records
            result.conflicts = [
                {"table": t, "record_id": r, "field": f} for t, r, f in report.conflicts
            ]
            result.refused = [
                {k: c[k] for k in ("change_id", "table_name", "record_id", "field", "changed_by")}
                for c in report.refused
            ]
            result.evidence_files = len(files)
            result.missing_files = _missing_evidence(ws, changes)
            result.kit = kit_news
            if preview:
                raise _Preview
            _insert_package(ws.db, ws, "in", m, path, pkg.file_sha256, _summary(result))
            if pkg.newly_trusted is not None:  # the user checked its fingerprint (--trust)
                _trust(ws, pkg.newly_trusted)
            result.minutes_files = _place_minutes(ws, changes)
            if pkg.kind == "field-kit":
                _apply_kit(ws, pkg, kit_news)
    except _Preview:
        pass
    return result


def _summary(result: ImportResult) -> dict[str, Any]:
    return {
        "applied": result.applied,
        "known": result.known,
        "new_records": result.new_records,
        "changed_records": result.changed_records,
        "conflicts": len(result.conflicts),
        "refused": [c["change_id"] for c in result.refused],
        "missing_files": result.missing_files,
    }


def _missing_evidence(ws: Workspace, changes: list[dict[str, Any]]) -> int:
    ids = sorted({c["record_id"] for c in changes if c["table_name"] == "evidence"})
    missing = 0
    for chunk in _chunks(ids):
        marks = ", ".join("?" for _ in chunk)
        for (digest,) in ws.db.execute(
            f"SELECT sha256 FROM evidence WHERE deleted = 0 AND id IN ({marks})", chunk
        ):
            missing += not path_for(ws.evidence_dir, digest).exists()
    return missing


def _place_minutes(ws: Workspace, changes: list[dict[str, Any]]) -> int:
    """Put each imported minutes PDF under its name, where its record says it is."""
    ids = sorted({c["record_id"] for c in changes if c["table_name"] == "minutes"})
    placed = 0
    for chunk in _chunks(ids):
        marks = ", ".join("?" for _ in chunk)
        for file_name, digest in ws.db.execute(
            f"SELECT file_name, pdf_sha256 FROM minutes WHERE id IN ({marks})", chunk
        ):
            placed += _put_minutes_file(ws, file_name, digest)
    return placed


def _put_minutes_file(ws: Workspace, file_name: str, digest: str) -> int:
    source = path_for(ws.evidence_dir, digest)
    target = ws.home / "minutes" / Path(file_name).name
    if not source.exists():
        return 0
    if target.exists() and _digest(target) == digest:
        return 0
    fd, tmp = tempfile.mkstemp(prefix=".incoming-", suffix=".pdf", dir=target.parent)
    os.close(fd)
    try:
        shutil.copyfile(source, tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return 1


def repair_minutes_files(ws: Workspace) -> int:
    """Put back any signed minutes file whose record says another version (after a crash)."""
    fixed = 0
    for file_name, digest in ws.db.execute(
        "SELECT file_name, pdf_sha256 FROM minutes WHERE deleted = 0"
    ).fetchall():
        target = ws.home / "minutes" / Path(file_name).name
        if not target.exists() or _digest(target) != digest:
            fixed += _put_minutes_file(ws, file_name, digest)
    return fixed


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _trust(ws: Workspace, cert: x509.Certificate) -> None:
    folder = identity.keys_dir(ws) / "trusted"
    folder.mkdir(parents=True, exist_ok=True)
    identity._write(
        folder / f"{packages.fingerprint(cert)[:16]}.pem",
        cert.public_bytes(serialization.Encoding.PEM),
    )


def _trusted(ws: Workspace) -> list[x509.Certificate]:
    return identity.trust_roots(ws)


# --------------------------------------------------------------------------------------- receipts


def make_receipt(ws: Workspace, result: ImportResult, ident: Identity, out: Path) -> Path:
    """Write the signed receipt of an import, for the package's author to import back."""
    if result.preview or result.kind == "receipt":
        raise ValidationError(_("Only an imported package of changes gets a receipt."))
    header = _header(ws, ident)
    writer = packages.Writer(out, "receipt", header)
    try:
        body = {
            "package_id": result.package_id,
            "source_device": result.source_device,
            "imported_at": _now(),
            "summary": _summary(result),
        }
        writer.add_bytes(
            "receipt.json", json.dumps(body, ensure_ascii=False, sort_keys=True).encode()
        )
        writer.commit(ident)
    except BaseException:
        writer.abort()
        raise
    return out


def receipt_for_package(ws: Workspace, package_id: str, ident: Identity, out: Path) -> Path:
    """Write a receipt for a package imported earlier (from what the workspace recorded)."""
    row = ws.db.execute(
        "SELECT device_id, kind, summary, file_name, signer, created_at FROM packages"
        " WHERE package_id = ? AND direction = 'in'",
        [package_id],
    ).fetchone()
    if row is None or row[1] != "changes":
        raise ValidationError(_("No package {id} was imported here.", id=package_id))
    summary = json.loads(row[2])
    result = ImportResult(row[3], package_id, row[1], row[4], row[0], row[5])
    result.applied, result.known = summary.get("applied", 0), summary.get("known", 0)
    result.new_records = summary.get("new_records", {})
    result.changed_records = summary.get("changed_records", {})
    result.refused = [{"change_id": c} for c in summary.get("refused", [])]
    result.missing_files = summary.get("missing_files", 0)
    result.conflicts = [{}] * int(summary.get("conflicts", 0))
    return make_receipt(ws, result, ident, out)


def _import_receipt(
    ws: Workspace, pkg: Package, result: ImportResult, preview: bool
) -> ImportResult:
    try:
        body = json.loads(pkg.read("receipt.json"))
        package_id = str(body["package_id"])
        summary = dict(body["summary"])
    except (KeyError, ValueError, TypeError) as exc:
        raise PackageError(_("The package is damaged: its changes are not well formed.")) from exc
    mine = ws.db.execute(
        "SELECT 1 FROM packages WHERE package_id = ? AND direction = 'out'", [package_id]
    ).fetchone()
    if mine is None:
        raise PackageError(_("This receipt is for a package that was not made in this workspace."))
    result.receipt_for = package_id
    if ws.db.execute("SELECT 1 FROM receipts WHERE package_id = ?", [package_id]).fetchone():
        result.already = True
        return result
    if preview:
        return result
    with ws.transaction() as db:
        db.execute(
            "INSERT INTO receipts (package_id, receipt_id, office_device, office_signer,"
            " imported_at, summary, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                package_id,
                pkg.package_id,
                pkg.manifest["device_id"],
                pkg.signer_name,
                str(body.get("imported_at", "")),
                json.dumps(summary, ensure_ascii=False, sort_keys=True),
                _now(),
            ],
        )
    return result


@dataclass
class SyncStatus:
    """Which of this workspace's changes have gone out, and which the office confirmed."""

    exported: int
    confirmed: int
    unconfirmed_changes: int
    not_exported_changes: int
    packages: list[dict[str, Any]]


def sync_status(ws: Workspace) -> SyncStatus:
    """Packages made here, the receipts for them, and what the office does not have yet."""
    rows = list(
        ws.db.query(
            "SELECT p.package_id, p.kind, p.from_seq, p.to_seq, p.created_at, p.file_name,"
            " r.office_signer, r.imported_at AS confirmed_at, r.summary AS receipt"
            " FROM packages p LEFT JOIN receipts r ON r.package_id = p.package_id"
            " WHERE p.direction = 'out' ORDER BY p.created_at"
        )
    )
    confirmed_ranges = [(r["from_seq"], r["to_seq"]) for r in rows if r["confirmed_at"]]
    local = ws.db.execute("SELECT seq FROM changes ORDER BY seq").fetchall()
    top = last_export_seq(ws)
    unconfirmed = sum(1 for (seq,) in local if not any(a < seq <= b for a, b in confirmed_ranges))
    return SyncStatus(
        exported=len(rows),
        confirmed=len(confirmed_ranges),
        unconfirmed_changes=unconfirmed,
        not_exported_changes=sum(1 for (seq,) in local if seq > top),
        packages=rows,
    )


# -------------------------------------------------------------------------------------- field kit


def make_field_kit(
    ws: Workspace,
    out: Path,
    ident: Identity,
    *,
    certificate: bytes | None = None,
    inspections: list[str] | None = None,
) -> ExportResult:
    """Prepare a package for an inspector's laptop: registers, checklists, holidays, trusted
    certificates, the inspector's issued certificate and prepared checks."""
    marks = ", ".join("?" for _ in REGISTER_TABLES)
    changes = _select_changes(ws, f"WHERE table_name IN ({marks})", list(REGISTER_TABLES))
    for inspection_id in inspections or []:
        row = records.get(ws.db, "inspections", inspection_id, what=_("Inspection"))
        wanted: dict[str, list[str]] = defaultdict(list)
        wanted["decisions"].append(row["decision_id"])
        for table, rec in merge.inspection_records(ws.db, inspection_id):
            wanted[table].append(rec["id"])
        for table, ids in wanted.items():
            for chunk in _chunks(ids):
                changes += _select_changes(
                    ws,
                    f"WHERE table_name = ? AND record_id IN ({', '.join('?' for _ in chunk)})",
                    [table, *chunk],
                )
    for change in changes:
        change.pop("seq")
    header = _header(ws, ident)
    writer = packages.Writer(out, "field-kit", header)
    try:
        counts = _write_content(writer, ws, changes, None, None)
        writer.add_bytes("kit/calendar.json", workdays.calendar_file(ws.home).read_bytes())
        for cert in _kit_trusted(ws):
            writer.add_bytes(
                f"kit/trusted/{packages.fingerprint(cert)[:16]}.pem",
                cert.public_bytes(serialization.Encoding.PEM),
            )
        if certificate is not None:
            try:
                x509.load_pem_x509_certificates(certificate)
            except ValueError as exc:
                raise ValidationError(
                    _("The file does not hold certificates in PEM form.")
                ) from exc
            writer.add_bytes("kit/certificate.pem", certificate)
        manifest = writer.commit(ident, **counts)
    except BaseException:
        writer.abort()
        raise
    _record_package(ws, "out", manifest, out, None, {"changes": counts["changes"]})
    return ExportResult(
        out,
        manifest["package_id"],
        "field-kit",
        counts["changes"],
        sum(counts["records"].values()),
        counts["evidence_files"],
        counts["minutes_files"],
        0,
        0,
        out.stat().st_size,
    )


def _kit_trusted(ws: Workspace) -> list[x509.Certificate]:
    found = {packages.fingerprint(c): c for c in identity.trust_roots(ws)}
    own = identity.keys_dir(ws) / identity.CA_CERT
    if own.exists():
        for cert in x509.load_pem_x509_certificates(own.read_bytes()):
            found[packages.fingerprint(cert)] = cert
    return list(found.values())


def _kit_news(ws: Workspace, pkg: Package) -> dict[str, Any]:
    """What a field kit brings besides changes: a newer calendar, authorities, a certificate."""
    entries = pkg.manifest["entries"]
    news: dict[str, Any] = {"calendar": False, "trusted": [], "certificate": None}
    if "kit/calendar.json" in entries:
        data = pkg.read("kit/calendar.json")
        try:
            workdays.WorkCalendar.from_bytes(data)
        except (KeyError, ValueError, TypeError) as exc:
            raise PackageError(
                _("The package is damaged: its holiday calendar cannot be read.")
            ) from exc
        news["calendar"] = data != workdays.calendar_file(ws.home).read_bytes()
    have = {packages.fingerprint(c) for c in identity.trust_roots(ws)}
    for name in sorted(entries):
        if name.startswith("kit/trusted/"):
            try:
                cert = x509.load_pem_x509_certificate(pkg.read(name))
            except ValueError as exc:
                raise PackageError(_("The package's signer certificate is damaged.")) from exc
            if packages.fingerprint(cert) not in have and _is_authority(cert):
                news["trusted"].append(identity.common_name(cert))
    if "kit/certificate.pem" in entries:
        news["certificate"] = _certificate_news(ws, pkg.read("kit/certificate.pem"))
    return news


def _is_authority(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def _certificate_news(ws: Workspace, pem: bytes) -> str | None:
    """The name on a kit's certificate if it is for this workspace's key and not installed yet."""
    folder = identity.keys_dir(ws)
    current = folder / identity.CERTIFICATE
    if not current.exists():
        return None
    try:
        certs = x509.load_pem_x509_certificates(pem)
        mine = x509.load_pem_x509_certificates(current.read_bytes())
    except ValueError:
        return None
    if certs[0].public_key() != mine[0].public_key() or certs == mine:
        return None
    return identity.common_name(certs[0])


def _apply_kit(ws: Workspace, pkg: Package, news: dict[str, Any]) -> None:
    """Install a kit's calendar, authorities and certificate (called before the commit)."""
    if news.get("calendar"):
        target = workdays.workspace_calendar_path(ws.home)
        target.parent.mkdir(parents=True, exist_ok=True)
        identity._write(target, pkg.read("kit/calendar.json"))
        workdays.use_workspace(ws.home)
    for name in sorted(pkg.manifest["entries"]):
        if name.startswith("kit/trusted/"):
            data = pkg.read(name)
            cert = x509.load_pem_x509_certificate(data)
            if _is_authority(cert):
                _trust(ws, cert)
    if news.get("certificate"):
        identity.install(ws, pkg.read("kit/certificate.pem"))

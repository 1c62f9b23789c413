# SPDX-License-Identifier: GPL-3.0-or-later
"""Sync between workspaces: import packages, and the one place the sync operations are found.

An inspector exports the changes made since the last export (:mod:`inspector.sync.outbox`); the office
imports packages from many inspectors into one workspace; each import can give a signed receipt the
inspector imports back (:mod:`inspector.sync.receipts`), so the laptop knows which of its changes the
office has. The office prepares a field kit for a laptop (:mod:`inspector.sync.fieldkit`), imported the
same way.

Import checks the whole package first (:mod:`inspector.sync.packages`), then the changes themselves,
then merges them in one transaction (:mod:`inspector.sync.merge`) and, before committing, checks that
the workspace now holds every change the package lists and, for every record both sides agree
on, the values the package says. Any mismatch rolls everything back.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sqlite3
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from inspector import atomic, timefmt
from inspector.errors import (
    Cancelled,
    InspectorError,
    PackageError,
    PackageOrderError,
    ValidationError,
    WorkspaceError,
)
from inspector.i18n import _
from inspector.minutes import layout as minutes_layout
from inspector.minutes import sealing
from inspector.store import columns, records, seals
from inspector.store.db import RECORD_TABLES
from inspector.store.evidence_store import CHUNK, file_digest, path_for
from inspector.store.faults import storage_error
from inspector.store.workspace import Workspace
from inspector.sync import changesets, fieldkit, merge, outbox, packages, receipts, scope
from inspector.sync.fieldkit import make_field_kit
from inspector.sync.merge import CHANGE_FIELDS
from inspector.sync.outbox import ExportResult, export_package, last_export_seq, table_digests
from inspector.sync.packages import Package
from inspector.sync.receipts import SyncStatus, receipt_for_package, sync_status
from inspector.trust import identity
from inspector.trust.identity import Identity

__all__ = [
    "ExportResult",
    "ImportResult",
    "SyncStatus",
    "export_package",
    "import_package",
    "last_export_seq",
    "make_field_kit",
    "make_receipt",
    "receipt_for_package",
    "repair_minutes_files",
    "sync_status",
    "table_digests",
]

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]
_UUIDISH = re.compile(r"^[0-9A-Za-z-]{1,64}$")


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
    clock_ahead_hours: int = 0  # how far in this workspace's future the package's times are

    def to_json(self) -> dict[str, Any]:
        """A plain dict for ``--json`` output and receipts (reasons in the current language)."""
        data = asdict(self)
        data["refused"] = [{**r, "reason": str(r.get("reason", ""))} for r in self.refused]
        return data


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
            or not isinstance(line["row"].get("id"), str)
            or not isinstance(line.get("heads"), dict)
            or not all(
                isinstance(ids, list) and all(isinstance(i, str) for i in ids)
                for ids in line["heads"].values()
            )
        ):
            raise PackageError(damaged)
    for c in changes:
        if not all(
            v is None or isinstance(v, str | int | float)
            for v in (c["_new"].values() if isinstance(c["_new"], dict) else [c["_new"]])
        ):
            raise PackageError(damaged)  # a column holds text or a number, never a list
        _check_values(c)
    for table in RECORD_TABLES:
        ids = sorted(
            {c["record_id"] for c in changes if c["table_name"] == table}
            - {rid for (t, rid) in inserted if t == table}
        )
        for chunk in outbox.chunks(ids):
            marks = ", ".join("?" for _ in chunk)
            have = {
                r[0] for r in ws.db.execute(f"SELECT id FROM {table} WHERE id IN ({marks})", chunk)
            }
            if set(chunk) - have:
                raise PackageError(
                    _("The package is damaged: it changes records it does not carry.")
                )


def _check_values(change: dict[str, Any]) -> None:
    """A value that arrives is held to the rules a typed one is (:mod:`inspector.store.columns`)."""
    if change["op"] == "delete" and (change["field"] != "deleted" or change["_new"] != 1):
        raise PackageError(_("The package is damaged: its changes are not well formed."))
    try:
        columns.check_change(change["table_name"], change["op"], change["field"], change["_new"])
    except ValidationError as exc:
        raise PackageError(_("The package is refused: {problem}", problem=exc.text)) from exc


def _verify_result(
    ws: Workspace,
    pkg: Package,
    changes: list[dict[str, Any]],
    rows: list[dict[str, Any]],
    refused: set[tuple[str, str]],
    known: set[str],
) -> None:
    """After merging: the workspace holds every change taken (those it knew before with the
    very content the package gives them; the merge wrote the others as they are), and agreed
    records' values (but for the records that changes refused for their signer's scope would
    have touched)."""
    stored: dict[str, tuple[Any, ...]] = {}
    changes = [c for c in changes if c["change_id"] in known]
    ids = [c["change_id"] for c in changes]
    for chunk in outbox.chunks(ids):
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
        if (line["table"], line["row"]["id"]) not in refused:
            by_table[line["table"]].append(line)
    sealed = set(seals.sealed_inspections(ws.db))
    for table, lines in by_table.items():
        held = seals.owners(ws.db, table, [line["row"]["id"] for line in lines]) if sealed else {}
        local_heads = outbox.heads_for(ws, table, [line["row"]["id"] for line in lines])
        local_rows = {}
        for chunk in outbox.chunks([line["row"]["id"] for line in lines]):
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
            if theirs != ours or line.get("sealed") or held.get(row["id"]) in sealed:
                continue  # different changes known, or held by a seal: merged, not copied
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


def _store_files(
    pkg: Package,
    store: Path,
    names: list[tuple[str, str]],
    is_cancelled: Cancel | None,
    created: list[str] | None = None,
) -> None:
    """Copy entries into the content-addressed store (each flushed, then renamed), in parallel;
    the digests of the files it adds go into ``created``."""
    todo = [(name, digest) for name, digest in names if not path_for(store, digest).exists()]
    if not todo:
        return
    needed = sum(int(pkg.manifest["entries"][name]["size"]) for name, _d in todo)
    store.mkdir(parents=True, exist_ok=True)
    if shutil.disk_usage(store).free < needed + (64 << 20):
        raise PackageError(
            _(
                "There is not enough free disk space to import this package ({size} MB needed).",
                size=needed // 1_000_000 + 1,
            )
        )
    workers = min(8, len(todo))

    def run(part: list[tuple[str, str]]) -> None:
        with zipfile.ZipFile(pkg.path) as archive:
            for name, digest in part:
                if is_cancelled is not None and is_cancelled():
                    raise Cancelled(_("Cancelled."))
                final = path_for(store, digest)
                check = hashlib.sha256()
                with (
                    atomic.AtomicFile(final.parent, prefix=".incoming-") as pending,
                    archive.open(name) as src,
                ):
                    while chunk := src.read(CHUNK):
                        check.update(chunk)
                        pending.file.write(chunk)
                    if check.hexdigest() != digest:
                        raise PackageError(
                            _("The package was changed while it was being imported.")
                        )
                    pending.commit(final, sync=False)  # each folder is synced once, below
                if created is not None:
                    created.append(digest)

    parts = [todo[i::workers] for i in range(workers)]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for future in [pool.submit(run, part) for part in parts]:
            future.result()
    for folder in {path_for(store, d).parent for _n, d in todo}:
        atomic.sync_folder(folder)


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
    repair_minutes_files(ws)  # a signed file a crash left out (cheap: existence only)
    pkg = packages.read(
        path,
        identity.trust_roots(ws),
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
    if pkg.kind == "receipt":
        result.receipt_for, result.already = receipts.import_receipt(ws, pkg, preview=preview)
        return result
    try:
        lines = [line for line in pkg.read("changes.jsonl").split(b"\n") if line]
        changes = [json.loads(line) for line in lines]
        rows = [json.loads(line) for line in pkg.read("records.jsonl").split(b"\n") if line]
        _check_changes(ws, pkg, changes, lines, rows)
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        raise PackageError(_("The package is damaged: its changes are not well formed.")) from exc
    sets = changesets.read_sets(
        pkg.read(changesets.ENTRY) if changesets.ENTRY in m["entries"] else b"",
        identity.trust_roots(ws),
        pkg.newly_trusted,
    )
    changesets.bind(changes, lines, sets)  # every change's author is its set's signer
    result.clock_ahead_hours = _clock_ahead(m["created_at"], changes)
    kit_news = fieldkit.news(ws, pkg) if pkg.kind == "field-kit" else {}
    # only the files a record refers to are kept: the package's, or this workspace's
    wanted = set(outbox.named_files(changes, ("evidence", "minutes"))) | _referenced_digests(ws)
    files = [(n, n.split("/")[1]) for n in m["entries"] if n.startswith("evidence/")]
    pdfs = [(n, n.split("/")[1][:-4]) for n in m["entries"] if n.startswith("minutes/")]
    files, pdfs = [f for f in files if f[1] in wanted], [f for f in pdfs if f[1] in wanted]
    done = ws.db.execute("SELECT 1 FROM packages WHERE package_id = ?", [pkg.package_id])
    known = merge.known_change_ids(ws.db, (c["change_id"] for c in changes))
    if done.fetchone() is not None or (
        len(known) == len({c["change_id"] for c in changes}) and not any(kit_news.values())
    ):
        result.already, result.known = True, len(changes)
        if not preview:  # what an earlier, interrupted import may not have put in place
            wanted = _referenced_digests(ws)
            try:
                _store_files(
                    pkg, ws.evidence_dir, [f for f in files + pdfs if f[1] in wanted], None
                )
                _after_commit(ws, pkg, changes, kit_news)
            except (OSError, sqlite3.OperationalError) as exc:
                raise _disk_error(exc) from exc
        return result
    created: list[str] = []  # files this import adds to the store, taken back if it fails
    if not preview:  # before the write lock: copying a large package takes a while
        try:
            _store_files(pkg, ws.evidence_dir, files + pdfs, is_cancelled, created)
        except OSError as exc:
            _remove_unreferenced(ws, created)
            raise _disk_error(exc) from exc
        except BaseException:
            _remove_unreferenced(ws, created)
            raise
    try:
        with ws.write_transaction() as db:
            if db.execute(
                "SELECT 1 FROM packages WHERE package_id = ?", [pkg.package_id]
            ).fetchone():
                result.already = True  # imported meanwhile by another window or the inbox
                return result
            fresh = [c for c in changes if c["change_id"] not in known]
            try:  # what its signer may not change: kept, not applied
                out = scope.judge(db, fresh)
            except scope.Waiting as exc:
                raise _order_error(pkg) from exc
            taken = [c for c in changes if c["change_id"] not in out]
            # who leads a check is read before the merge: a seal's own state cannot name them
            leaders = {
                iid: _leaders(ws, iid)
                for iid in {
                    str(_parsed_new(c).get("inspection_id"))
                    for c in fresh
                    if c["table_name"] == "minutes" and c["op"] == "insert"
                }
            }
            report = merge.apply_changes(db, taken, package_id=pkg.package_id)
            changesets.keep(db, {c["_set"].set_id: c["_set"] for c in taken}.values())
            scope.keep_refused(db, pkg.package_id, fresh, out)
            fresh = [c for c in fresh if c["change_id"] not in out]
            _verify_seals(ws, pkg, fresh, leaders)
            _verify_minutes(ws, pkg, fresh, leaders)
            _verify_result(
                ws,
                pkg,
                taken,
                rows,
                {(c["table_name"], c["record_id"]) for c in changes if c["change_id"] in out},
                known,
            )
            if report.applied + report.known != len(taken):
                raise PackageError(
                    _(
                        "The import was undone: the workspace did not end up holding what the"
                        " package says."
                    )
                )
            result.applied, result.known = report.applied, report.known
            result.new_records, result.changed_records = report.new_records, report.changed_records
            result.conflicts = [
                {"table": t, "record_id": r, "field": f} for t, r, f in report.conflicts
            ]
            sealed = _("The minutes of this inspection are signed and sealed.")
            result.refused = [
                {
                    **{k: c[k] for k in ("change_id", "table_name", "record_id", "field")},
                    "changed_by": merge.author(c),
                    "reason": sealed,
                }
                for c in report.refused
            ] + [
                {
                    **{k: c[k] for k in ("change_id", "table_name", "record_id", "field")},
                    "changed_by": c["_set"].author.name,
                    "reason": out[c["change_id"]],
                }
                for c in changes
                if c["change_id"] in out
            ]
            result.evidence_files = len(files)
            result.missing_files = _missing_evidence(ws, changes)
            result.kit = kit_news
            if preview:
                raise _Preview
            outbox.insert_package(ws.db, ws, "in", m, path, pkg.file_sha256, _summary(result))
    except _Preview:
        return result
    except sqlite3.IntegrityError as exc:  # a record it refers to is in no package imported here
        raise _order_error(pkg) from exc
    except sqlite3.OperationalError as exc:  # busy, or the disk: nothing about the package
        raise _disk_error(exc) from exc
    except (ValueError, TypeError, KeyError, AttributeError, sqlite3.Error) as exc:
        fault = storage_error(exc, ws.db_path)  # a damaged workspace is not the package's
        raise fault or PackageError(
            _("The package is damaged: its changes are not well formed.")
        ) from exc
    finally:  # takes back the files it added that nothing refers to (a refused change's)
        _remove_unreferenced(ws, created)
    try:
        result.minutes_files = _after_commit(ws, pkg, changes, kit_news)
    except (OSError, sqlite3.OperationalError) as exc:  # imported; importing again finishes
        raise _disk_error(exc) from exc
    return result


def _order_error(pkg: Package) -> PackageOrderError:
    return PackageOrderError(
        _(
            "The package builds on records this workspace does not have; import the earlier"
            " packages from {name} first.",
            name=pkg.signer_name,
        )
    )


def _verify_seals(
    ws: Workspace, pkg: Package, fresh: list[dict[str, Any]], leaders: dict[str, list[str]]
) -> None:
    """A seal a package brings must be the team leader's: its signed minutes come with it and
    verify (intact, trusted, certified by the leader), it fixes only the records of its own
    inspection, and no other seal of that inspection exists."""
    for change in fresh:
        signed = _parsed_new(change)
        if not (
            change["table_name"] == "minutes"
            and change["op"] == "insert"
            and signed.get("kind") == "MAIN"
            and signed.get("sealed_state") is not None
        ):
            continue
        inspection_id = str(signed.get("inspection_id"))
        if change["record_id"] != seals.seal_id(inspection_id):
            raise _not_a_seal()  # a check's seal has one id everywhere: a copy is no seal
        others = ws.db.execute(
            "SELECT count(*) FROM changes WHERE table_name = 'minutes' AND op = 'insert'"
            " AND record_id = ? AND json_extract(new_value, '$.sealed_state') IS NOT NULL"
            " AND json_extract(new_value, '$.record_digest') IS NOT ?",
            [change["record_id"], signed.get("record_digest")],
        ).fetchone()[0]
        if others:
            raise PackageError(
                _("The package brings a second seal for minutes that are already sealed.")
            )
        _check_sealed_state(json.loads(signed["sealed_state"]), inspection_id)
        _check_signed_file(ws, pkg, change, inspection_id, leaders.get(inspection_id, []))


def _parsed_new(change: dict[str, Any]) -> dict[str, Any]:
    new = merge.parsed(change)["_new"]
    return new if isinstance(new, dict) else {}  # an edit's new value is one column's


def _not_a_seal() -> PackageError:
    return PackageError(
        _("The package brings a seal that is not the team leader's signed minutes.")
    )


def _check_sealed_state(state: Any, inspection_id: str) -> None:
    """The seal names only record tables of its own inspection, each record as a dict, and of
    the registers only what the minutes print (see seals.check_state)."""
    if not seals.check_state(state, inspection_id):
        raise _not_a_seal()


def _check_signed_file(
    ws: Workspace, pkg: Package, change: dict[str, Any], inspection_id: str, before: list[str]
) -> None:
    """The minutes' signed file is in the package, verifies, and is certified by the leader."""
    digests = {_parsed_new(change).get("pdf_sha256")}
    for name in pkg.manifest["entries"]:
        if name.startswith("minutes/") and name[len("minutes/") : -len(".pdf")] in digests:
            break
    else:
        row = ws.db.execute(
            "SELECT pdf_sha256 FROM minutes WHERE id = ?", [change["record_id"]]
        ).fetchone()
        name = f"minutes/{row[0]}.pdf" if row else ""
        if name not in pkg.manifest["entries"]:
            raise _not_a_seal()
    reports, keywords = _reports(ws, pkg, pkg.read(name))
    # the leader as this workspace knew them before the package; a check new here, as it came
    leaders = before or _leaders(ws, inspection_id)
    if not leaders:  # the team came in an earlier package, not imported here
        raise _order_error(pkg)
    first = reports[0]
    if not first.ok or not sealing.check_seal(_parsed_new(change), keywords, first.name):
        raise _not_a_seal()  # not intact and trusted, or not the state the signed file names
    if not any(sealing.same_person(first.name, n) for n in leaders):
        raise _order_error(pkg)  # the leader may be named in a package not imported yet


def _verify_minutes(
    ws: Workspace, pkg: Package, fresh: list[dict[str, Any]], leaders: dict[str, list[str]]
) -> None:
    """Minutes rows and a check's signed status are never plain fields: a check is signed only
    by a seal; supplementary minutes come with their signed file, certified by the team leader
    for the code they carry; an approval adds, in the approver's own block, a signature to a
    signed file this workspace knows; nothing else of minutes changes. Call after merging."""
    sealed = seals.sealed_inspections(ws.db)
    for change in fresh:
        table, op, new = change["table_name"], change["op"], change["_new"]
        if table == "inspections" and (
            (op == "update" and change["field"] == "status" and new == "SIGNED")
            or (op == "insert" and isinstance(new, dict) and new.get("status") == "SIGNED")
        ):
            if change["record_id"] not in sealed:
                raise PackageError(
                    _(
                        "The package is refused: it marks a check as signed that has no"
                        " signed minutes."
                    )
                )
        if table != "minutes":
            continue
        if op == "insert" and isinstance(new, dict) and new.get("kind") == "MAIN":
            if new.get("sealed_state") is None:
                raise _not_a_seal()
        elif op == "insert" and isinstance(new, dict) and new.get("kind") == "SUPPLEMENT":
            _check_supplement(ws, pkg, change, sealed, leaders)
        elif op == "insert":
            raise _not_a_seal()
        elif op == "update" and change["field"] == "pdf_sha256":
            _check_approval(ws, pkg, change)
        elif op == "update" and not _is_sealed_main(change["record_id"], sealed):
            raise _minutes_refused()  # a sealed one's are held by its seal, and reported
        elif op == "delete" and not _is_sealed_main(change["record_id"], sealed):
            raise _minutes_refused()


def _is_sealed_main(record_id: str, sealed: dict[str, tuple[str, dict[str, Any]]]) -> bool:
    return any(minutes_id == record_id for minutes_id, _signed in sealed.values())


def _minutes_refused() -> PackageError:
    return PackageError(
        _("The package is refused: it changes signed minutes in a way the app never does.")
    )


def _signed_file(ws: Workspace, pkg: Package, digest: Any) -> bytes:
    """The signed file of a minutes record: from the package, else this workspace's store."""
    if not isinstance(digest, str) or not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise _minutes_refused()
    name = f"minutes/{digest}.pdf"
    if name in pkg.manifest["entries"]:
        return pkg.read(name)
    stored = path_for(ws.evidence_dir, digest)
    if stored.is_file() and file_digest(stored) == digest:
        return stored.read_bytes()
    raise PackageError(_("The package is refused: it brings minutes without their signed file."))


def _reports(ws: Workspace, pkg: Package, data: bytes) -> tuple[list[Any], str]:
    """Verify a signed file (trusted here, or by the authority the user just accepted)."""
    trust = identity.trust_roots(ws) + ([pkg.newly_trusted] if pkg.newly_trusted else [])
    with tempfile.TemporaryDirectory(prefix="inspector-minutes-") as tmp:
        path = Path(tmp) / "minutes.pdf"
        path.write_bytes(data)
        try:
            return sealing.verify_pdf(path, trust), sealing.certified_keywords(path)
        except InspectorError as exc:
            raise _not_a_seal() from exc


def _leaders(ws: Workspace, inspection_id: str) -> list[str]:
    return [
        r[0]
        for r in ws.db.execute(
            "SELECT p.full_name FROM team_members t JOIN people p ON p.id = t.person_id"
            " WHERE t.inspection_id = ? AND t.role = 'LEADER' AND t.deleted = 0",
            [inspection_id],
        )
    ]


def _check_supplement(
    ws: Workspace,
    pkg: Package,
    change: dict[str, Any],
    sealed: dict[str, tuple[str, dict[str, Any]]],
    leaders: dict[str, list[str]],
) -> None:
    """Supplementary minutes: of a sealed check, certified by its leader for the code they
    carry, with their signed file, which no other minutes have (the main minutes' file, certified
    by the same leader, cannot pass for a supplement of any text)."""
    new = change["_new"]
    inspection_id = str(new.get("inspection_id"))
    if inspection_id not in sealed or new.get("supplements_id") != sealed[inspection_id][0]:
        raise _not_a_seal()
    if ws.db.execute(
        "SELECT 1 FROM minutes WHERE id != ? AND (pdf_sha256 = ? OR record_digest = ?)",
        [change["record_id"], new.get("pdf_sha256"), new.get("record_digest")],
    ).fetchone():
        raise _not_a_seal()
    reports, keywords = _reports(ws, pkg, _signed_file(ws, pkg, new.get("pdf_sha256")))
    first = reports[0]
    if not (
        all(r.ok for r in reports)
        and keywords == f"{minutes_layout.QR_PREFIX};sha256={new.get('record_digest')}"
        and any(
            sealing.same_person(first.name, n)
            for n in leaders.get(inspection_id) or _leaders(ws, inspection_id)
        )
        and sealing.same_person(first.name, str(new.get("signed_by", "")))
    ):
        raise _not_a_seal()


def _check_approval(ws: Workspace, pkg: Package, change: dict[str, Any]) -> None:
    """An approval: the new file is every file it replaces (the values of the changes it
    follows) with signatures added, each in the block of the person whose certificate made it;
    so no approval is ever taken back."""
    record_id = change["record_id"]
    row = ws.db.execute("SELECT slots FROM minutes WHERE id = ?", [record_id]).fetchone()
    if row is None or not change["_parents"]:
        raise _minutes_refused()
    data = _signed_file(ws, pkg, change["_new"])
    marks = ", ".join("?" for _ in change["_parents"])
    replaced = ws.db.execute(
        f"SELECT op, field, new_value FROM changes WHERE change_id IN ({marks})"
        " AND table_name = 'minutes' AND record_id = ?",
        [*change["_parents"], record_id],
    ).fetchall()
    if len(replaced) != len(set(change["_parents"])):
        raise _minutes_refused()  # it follows changes that are not this record's signed file
    for op, fld, value in replaced:
        parsed = json.loads(value)
        digest = parsed.get("pdf_sha256") if op == "insert" and isinstance(parsed, dict) else None
        if op == "update" and fld == "pdf_sha256":
            digest = parsed
        before = _signed_file(ws, pkg, digest)
        if not (len(data) > len(before) and data.startswith(before)):
            raise _minutes_refused()
    reports, _keywords = _reports(ws, pkg, data)
    try:
        slots = json.loads(row[0] or "{}")
    except ValueError:
        slots = {}
    blocks = {str(v): str(k) for k, v in slots.items()} if isinstance(slots, dict) else {}
    if not reports[0].ok:
        raise _not_a_seal()
    for report in reports[1:]:
        owner = blocks.get(report.field)
        if not report.ok or owner is None or not sealing.same_person(report.name, owner):
            raise PackageError(
                _(
                    "The package is refused: a signature in the signed minutes is not made by"
                    " the person whose block it fills ({name}).",
                    name=owner or report.field,
                )
            )


CLOCK_SLACK = timedelta(hours=1)


def _clock_ahead(created_at: str, changes: list[dict[str, Any]]) -> int:
    """Hours by which the latest time in a package is ahead of this laptop's clock (0 if not
    more than an hour): a laptop with a wrong clock makes its values look newest."""
    try:
        latest = max(
            [timefmt.parse_utc(created_at)]
            + [timefmt.parse_utc(c["changed_at"]) for c in changes[-1000:]]
        )
    except (ValueError, TypeError):
        return 0
    ahead = latest - datetime.now(UTC)
    return int(ahead.total_seconds() // 3600) if ahead > CLOCK_SLACK else 0


def _disk_error(exc: BaseException) -> WorkspaceError:
    """A failure of this workspace's disk or database, not of the package: try again later."""
    if "locked" in str(exc) or "busy" in str(exc):
        return WorkspaceError(
            _("The workspace is busy with another import; try again in a moment.")
        )
    fault = storage_error(exc)  # full, read-only, not permitted, damaged: said as such
    if fault is not None:
        return fault
    return WorkspaceError(
        _("The workspace could not be written ({problem}); nothing was imported.", problem=str(exc))
    )


def _remove_unreferenced(ws: Workspace, digests: list[str]) -> None:
    if not digests:
        return
    referenced = _referenced_digests(ws)
    for digest in digests:
        if digest not in referenced:
            path_for(ws.evidence_dir, digest).unlink(missing_ok=True)


def _referenced_digests(ws: Workspace) -> set[str]:
    """The digests of the files this workspace's evidence and minutes records refer to."""
    return {
        r[0]
        for r in ws.db.execute(
            "SELECT sha256 FROM evidence WHERE deleted = 0 UNION SELECT pdf_sha256 FROM minutes"
        )
    }


def _after_commit(
    ws: Workspace, pkg: Package, changes: list[dict[str, Any]], kit_news: dict[str, Any]
) -> int:
    """Files that follow an import: trust the user checked, signed minutes, a kit's contents.

    Each is idempotent, so importing the package again finishes what a crash interrupted.
    """
    if pkg.newly_trusted is not None:  # the user checked its fingerprint (--trust)
        fieldkit.trust(ws, pkg.newly_trusted)
    placed = _place_minutes(ws, changes)
    if pkg.kind == "field-kit" and any(kit_news.values()):
        fieldkit.apply(ws, pkg, kit_news)
    return placed


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
    for chunk in outbox.chunks(ids):
        marks = ", ".join("?" for _ in chunk)
        for (digest,) in ws.db.execute(
            f"SELECT sha256 FROM evidence WHERE deleted = 0 AND id IN ({marks})", chunk
        ):
            missing += not path_for(ws.evidence_dir, digest).exists()
    return missing


MINUTES_NAME = re.compile(r"^([0-9a-f-]{36})(-bo-sung-[0-9]{1,4})?\.pdf$")


def _place_minutes(ws: Workspace, changes: list[dict[str, Any]]) -> int:
    """Put each imported signed minutes file under the name its record gives."""
    ids = sorted({c["record_id"] for c in changes if c["table_name"] == "minutes"})
    placed = 0
    for chunk in outbox.chunks(ids):
        marks = ", ".join("?" for _ in chunk)
        for row in ws.db.query(f"SELECT * FROM minutes WHERE id IN ({marks})", chunk):
            placed += _put_minutes_file(ws, row)
    return placed


def _put_minutes_file(ws: Workspace, row: dict[str, Any]) -> int:
    """Write ``minutes/<file_name>`` from the store, if the name is the one the app gives such
    minutes, and the file there (if any) is an earlier version of the same record, or is not a
    valid signed file while this one is; the sealed minutes' own file always takes its place."""
    name = MINUTES_NAME.match(row["file_name"] or "")
    main = row["kind"] == "MAIN"
    if name is None or name.group(1) != row["inspection_id"] or main != (name.group(2) is None):
        return 0
    source = path_for(ws.evidence_dir, row["pdf_sha256"])
    target = ws.home / "minutes" / row["file_name"]
    if not source.exists():
        return 0
    if target.exists():
        current = file_digest(target)
        sealed = seals.sealed_inspections(ws.db).get(row["inspection_id"], ("",))[0]
        if current == row["pdf_sha256"]:
            return 0
        if not (
            current in _versions(ws, row["id"])
            or (main and sealed == row["id"])
            or (not _verifies(ws, target) and _verifies(ws, source))
        ):
            return 0
    atomic.write_atomic(target, source.read_bytes())
    return 1


def _versions(ws: Workspace, record_id: str) -> set[str]:
    """Every digest the signed file of a minutes record has had."""
    found: set[str] = set()
    for op, old, new in ws.db.execute(
        "SELECT op, old_value, new_value FROM changes WHERE table_name = 'minutes'"
        " AND record_id = ? AND (op = 'insert' OR field = 'pdf_sha256')",
        [record_id],
    ):
        if op == "insert":
            found.add(json.loads(new).get("pdf_sha256"))
        else:
            found.update(json.loads(v) for v in (old, new) if v)
    return found


def _verifies(ws: Workspace, path: Path) -> bool:
    """Whether a file is a signed PDF whose signatures are intact and trusted here."""
    try:
        return all(r.ok for r in sealing.verify_pdf(path, identity.trust_roots(ws)))
    except InspectorError:
        return False


def repair_minutes_files(ws: Workspace) -> int:
    """Put back signed minutes files that are missing (after a crash, or deleted by hand)."""
    fixed = 0
    for row in ws.db.query("SELECT * FROM minutes WHERE deleted = 0"):
        if not (ws.home / "minutes" / Path(row["file_name"] or "x").name).exists():
            fixed += _put_minutes_file(ws, row)
    return fixed


def make_receipt(ws: Workspace, result: ImportResult, ident: Identity, out: Path) -> Path:
    """Write the signed receipt of an import, for the package's author to import back."""
    if result.preview or result.kind != "changes" or result.already:
        raise ValidationError(_("Only an imported package of changes gets a receipt."))
    return receipts.write_receipt(
        ws, result.package_id, result.source_device, _summary(result), ident, out
    )

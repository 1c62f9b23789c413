# SPDX-License-Identifier: GPL-3.0-or-later
"""Import a package: one pipeline, each stage in one place, in one direction.

1. **Open and verify** (:func:`inspector.sync.packages.read`): the zip, its format, every entry's
   size and digest, the signature and the signer's chain; not this workspace's own package.
2. **Parse and check** (:func:`_parse`): the changes well formed and as the manifest lists them
   (:mod:`inspector.sync.checks`), each in a change set its author signed
   (:mod:`inspector.sync.changesets`), a field kit's other contents (:mod:`inspector.sync.fieldkit`).
3. **Store files** (:mod:`inspector.sync.files`): evidence and signed minutes into the store, before
   the write lock (copying a large package takes a while); taken back if the import fails.
4. **Apply** (:func:`_apply`), in one transaction: who may change what (:mod:`inspector.sync.scope`),
   the merge (:mod:`inspector.sync.merge`), then before committing the seals and minutes
   (:mod:`inspector.sync.minutes_check`) and that the workspace holds what the package says
   (:func:`inspector.sync.checks.verify_result`). Any mismatch rolls everything back.
5. **After the commit** (:func:`inspector.sync.files.after_commit`): an authority the user
   checked, the signed minutes under their names, a field kit's calendar and certificates.

A preview runs stages 1, 2 and 4 on a private copy of the database (SQLite's online backup, into
memory, or for a large workspace into a temporary file beside it), so it never takes the
workspace's write lock: a person typing meanwhile is not held up.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from inspector.errors import PackageError, ValidationError, WorkspaceError
from inspector.i18n import _
from inspector.store.faults import storage_error
from inspector.store.workspace import Workspace
from inspector.sync import (
    changesets,
    checks,
    fieldkit,
    files,
    graph,
    merge,
    minutes_check,
    outbox,
    packages,
    receipts,
    scope,
)
from inspector.sync.merge import MergeReport
from inspector.sync.packages import Package
from inspector.trust import identity
from inspector.trust.identity import Identity

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


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


@dataclass
class _Batch:
    """A package's changes as parsed and checked, and what else it brings."""

    changes: list[dict[str, Any]]
    rows: list[dict[str, Any]]  # the records as the sender has them, with their heads
    kit_news: dict[str, Any]
    files: list[tuple[str, str]]  # (entry, digest) of the files a record refers to
    evidence_files: int
    known: set[str]  # the ids of its changes this workspace already has


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
    it would do and change nothing, without taking the workspace's write lock).

    Raises:
        PackageError: the package is bad, damaged, tampered, untrusted, too new, or this
            workspace's own; nothing was changed.
    """
    files.repair_minutes_files(ws)  # a signed file a crash left out (cheap: existence only)
    pkg = _open(ws, Path(path), trust_fingerprint, on_progress, is_cancelled)
    result = _result_of(pkg, preview)
    if pkg.kind == "receipt":
        result.receipt_for, result.already = receipts.import_receipt(ws, pkg, preview=preview)
        return result
    batch = _parse(ws, pkg)
    result.clock_ahead_hours = checks.clock_ahead(pkg.manifest["created_at"], batch.changes)
    if _already_here(ws, pkg, batch):
        result.already, result.known = True, len(batch.changes)
        if not preview:  # what an earlier, interrupted import may not have put in place
            _finish_earlier(ws, pkg, batch)
        return result
    if preview:
        with _private_copy(ws) as copy:
            _apply(copy, pkg, batch, result)
        return result
    created = _store_files(ws, pkg, batch, is_cancelled)
    try:
        _apply(ws, pkg, batch, result)
    finally:  # takes back the files it added that nothing refers to (a refused change's)
        files.remove_unreferenced(ws, created)
    if not result.already:  # not imported meanwhile by another window or the inbox
        try:
            result.minutes_files = files.after_commit(ws, pkg, batch.changes, batch.kit_news)
        except (OSError, sqlite3.OperationalError) as exc:  # imported; importing again finishes
            raise _disk_error(exc) from exc
    return result


def _open(
    ws: Workspace,
    path: Path,
    trust_fingerprint: str | None,
    on_progress: Progress | None,
    is_cancelled: Cancel | None,
) -> Package:
    """Stage 1: the package read and verified whole, and not made by this workspace."""
    pkg = packages.read(
        path,
        identity.trust_roots(ws),
        trust_fingerprint=trust_fingerprint,
        on_progress=on_progress,
        is_cancelled=is_cancelled,
    )
    if pkg.manifest["device_id"] == ws.actor.device_id:
        raise PackageError(
            _("This package was made by this very workspace; import it in another one.")
        )
    return pkg


def _result_of(pkg: Package, preview: bool) -> ImportResult:
    m = pkg.manifest
    result = ImportResult(
        str(pkg.path), pkg.package_id, pkg.kind, pkg.signer_name, m["device_id"], m["created_at"]
    )
    result.preview = preview
    return result


def _parse(ws: Workspace, pkg: Package) -> _Batch:
    """Stage 2: the changes parsed and checked, each bound to the signed set it came in."""
    m = pkg.manifest
    try:
        lines = [line for line in pkg.read("changes.jsonl").split(b"\n") if line]
        changes = [json.loads(line) for line in lines]
        rows = [json.loads(line) for line in pkg.read("records.jsonl").split(b"\n") if line]
        checks.check_changes(ws, pkg, changes, lines, rows)
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        raise PackageError(_("The package is damaged: its changes are not well formed.")) from exc
    sets = changesets.read_sets(
        pkg.read(changesets.ENTRY) if changesets.ENTRY in m["entries"] else b"",
        identity.trust_roots(ws),
        pkg.newly_trusted,
    )
    changesets.bind(changes, lines, sets)  # every change's author is its set's signer
    kit_news = fieldkit.news(ws, pkg) if pkg.kind == "field-kit" else {}
    # only the files a record refers to are kept: the package's, or this workspace's
    wanted = set(graph.named_files(changes, ("evidence", "follow_up_files", "minutes")))
    wanted |= files.referenced_digests(ws)
    evidence = [(n, n.split("/")[1]) for n in m["entries"] if n.startswith("evidence/")]
    pdfs = [(n, n.split("/")[1][:-4]) for n in m["entries"] if n.startswith("minutes/")]
    evidence, pdfs = [f for f in evidence if f[1] in wanted], [f for f in pdfs if f[1] in wanted]
    known = merge.known_change_ids(ws.db, (c["change_id"] for c in changes))
    return _Batch(changes, rows, kit_news, evidence + pdfs, len(evidence), known)


def _already_here(ws: Workspace, pkg: Package, batch: _Batch) -> bool:
    """Whether this package, or every change it brings, was imported here before."""
    done = ws.db.execute("SELECT 1 FROM packages WHERE package_id = ?", [pkg.package_id])
    every = len(batch.known) == len({c["change_id"] for c in batch.changes})
    return done.fetchone() is not None or (every and not any(batch.kit_news.values()))


def _finish_earlier(ws: Workspace, pkg: Package, batch: _Batch) -> None:
    """Stages 3 and 5 again for a package imported before: an interrupted import finishes."""
    wanted = files.referenced_digests(ws)
    try:
        files.store_files(pkg, ws.evidence_dir, [f for f in batch.files if f[1] in wanted], None)
        files.after_commit(ws, pkg, batch.changes, batch.kit_news)
    except (OSError, sqlite3.OperationalError) as exc:
        raise _disk_error(exc) from exc


def _store_files(
    ws: Workspace, pkg: Package, batch: _Batch, is_cancelled: Cancel | None
) -> list[str]:
    """Stage 3: the package's files into the store; the digests of those it added."""
    created: list[str] = []  # files this import adds to the store, taken back if it fails
    try:
        files.store_files(pkg, ws.evidence_dir, batch.files, is_cancelled, created)
    except OSError as exc:
        files.remove_unreferenced(ws, created)
        raise _disk_error(exc) from exc
    except BaseException:
        files.remove_unreferenced(ws, created)
        raise
    return created


class _Preview(Exception):
    """Raised inside the import transaction to roll a preview back."""


# Up to this size the preview's copy is held in memory; a larger workspace (an office's) is
# copied into a temporary file in its own folder instead, so a preview never asks for gigabytes.
COPY_IN_MEMORY_BYTES = 256 * 1024 * 1024


@contextmanager
def _private_copy(ws: Workspace) -> Iterator[Workspace]:
    """The workspace on a private copy of its database (SQLite's online backup: into memory, or
    into a temporary file beside the workspace past :data:`COPY_IN_MEMORY_BYTES`), for a preview:
    reading the file takes no write lock, and the merge's writes stay in the copy.

    Inside a caller's transaction (whose writes a backup could not read) the workspace itself
    is used: the preview is then rolled back to the caller's savepoint.
    """
    if ws.db.conn.in_transaction:
        yield ws
        return
    (pages,) = ws.db.execute("PRAGMA page_count").fetchone()
    (page_size,) = ws.db.execute("PRAGMA page_size").fetchone()
    scratch = None
    if pages * page_size > COPY_IN_MEMORY_BYTES:
        scratch = ws.home / f"preview-{uuid.uuid4().hex}.sqlite3"
    copy = sqlite3.connect(str(scratch) if scratch else ":memory:", isolation_level=None)
    try:
        if scratch:  # a throwaway copy: nothing of it needs to survive a crash
            copy.execute("PRAGMA journal_mode=OFF")
            copy.execute("PRAGMA synchronous=OFF")
        try:
            ws.db.conn.backup(copy)
        except sqlite3.OperationalError as exc:
            raise _disk_error(exc) from exc
        copy.execute("PRAGMA foreign_keys=ON")
        yield Workspace(ws.home, Database(copy), ws.actor)
    finally:
        copy.close()
        if scratch:
            scratch.unlink(missing_ok=True)


def _apply(ws: Workspace, pkg: Package, batch: _Batch, result: ImportResult) -> None:
    """Stage 4: merge the changes in one transaction, checked before it commits (a preview is
    rolled back); a failure is said as the package's or as the workspace's."""
    try:
        with ws.write_transaction() as db:
            if db.execute(
                "SELECT 1 FROM packages WHERE package_id = ?", [pkg.package_id]
            ).fetchone():
                result.already = True  # imported meanwhile by another window or the inbox
                return
            _merge(ws, pkg, batch, result)
            if result.preview:
                raise _Preview
            outbox.insert_package(
                db, ws, "in", pkg.manifest, pkg.path, pkg.file_sha256, _summary(result)
            )
    except _Preview:
        return
    except sqlite3.IntegrityError as exc:  # a record it refers to is in no package imported here
        raise checks.order_error(pkg) from exc
    except sqlite3.OperationalError as exc:  # busy, or the disk: nothing about the package
        raise _disk_error(exc) from exc
    except (ValueError, TypeError, KeyError, AttributeError, sqlite3.Error) as exc:
        fault = storage_error(exc, ws.db_path)  # a damaged workspace is not the package's
        raise fault or PackageError(
            _("The package is damaged: its changes are not well formed.")
        ) from exc


def _merge(ws: Workspace, pkg: Package, batch: _Batch, result: ImportResult) -> None:
    """Who may change what, the merge, and the checks after it; call inside the transaction."""
    db, changes = ws.db, batch.changes
    fresh = [c for c in changes if c["change_id"] not in batch.known]
    try:  # what its signer may not change: kept, not applied
        out = scope.judge(db, fresh)
    except scope.Waiting as exc:
        raise checks.order_error(pkg) from exc
    taken = [c for c in changes if c["change_id"] not in out]
    # who leads a check is read before the merge: a seal's own state cannot name them
    leaders = {
        iid: minutes_check.team_leaders(ws, iid)
        for iid in {
            str(minutes_check.parsed_new(c).get("inspection_id"))
            for c in fresh
            if c["table_name"] == "minutes" and c["op"] == "insert"
        }
    }
    report = merge.apply_changes(db, taken, package_id=pkg.package_id)
    changesets.keep(db, {c["_set"].set_id: c["_set"] for c in taken}.values())
    scope.keep_refused(db, pkg.package_id, fresh, out)
    fresh = [c for c in fresh if c["change_id"] not in out]
    minutes_check.verify_seals(ws, pkg, fresh, leaders)
    minutes_check.verify_minutes(ws, pkg, fresh, leaders)
    refused = {(c["table_name"], c["record_id"]) for c in changes if c["change_id"] in out}
    checks.verify_result(ws, pkg, taken, batch.rows, refused, batch.known)
    if report.applied + report.known != len(taken):
        raise PackageError(
            _("The import was undone: the workspace did not end up holding what the package says.")
        )
    _tell(result, report, [c for c in changes if c["change_id"] in out], out)
    result.evidence_files = batch.evidence_files
    result.missing_files = files.missing_evidence(ws, changes)
    result.kit = batch.kit_news


def _tell(
    result: ImportResult, report: MergeReport, kept_out: list[dict[str, Any]], out: dict[str, Any]
) -> None:
    """What the merge did, as the result says it: counts, conflicts, refusals and why."""
    result.applied, result.known = report.applied, report.known
    result.new_records, result.changed_records = report.new_records, report.changed_records
    result.conflicts = [{"table": t, "record_id": r, "field": f} for t, r, f in report.conflicts]
    sealed = _("The minutes of this inspection are signed and sealed.")
    names = ("change_id", "table_name", "record_id", "field")
    result.refused = [
        {**{k: c[k] for k in names}, "changed_by": merge.author(c), "reason": sealed}
        for c in report.refused
    ] + [
        {
            **{k: c[k] for k in names},
            "changed_by": c["_set"].author.name,
            "reason": out[c["change_id"]],
        }
        for c in kept_out
    ]


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


def make_receipt(ws: Workspace, result: ImportResult, ident: Identity, out: Path) -> Path:
    """Write the signed receipt of an import, for the package's author to import back."""
    if result.preview or result.kind != "changes" or result.already:
        raise ValidationError(_("Only an imported package of changes gets a receipt."))
    return receipts.write_receipt(
        ws, result.package_id, result.source_device, _summary(result), ident, out
    )

# SPDX-License-Identifier: GPL-3.0-or-later
"""The files of an import: evidence and signed minutes copied into the content-addressed store
(before the write lock: copying a large package takes a while), taken back if the import fails,
and once it is committed, what follows it: an authority the user checked, each signed minutes
file under the name its record gives, a field kit's calendar, authorities and certificate.

Each step after the commit is idempotent, so importing the package again finishes what a crash
interrupted; :func:`repair_minutes_files` puts back a signed file a crash left out.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from inspector import atomic
from inspector.errors import Cancelled, InspectorError, PackageError
from inspector.i18n import _
from inspector.minutes import sealing
from inspector.store import seals
from inspector.store.evidence_store import CHUNK, file_digest, path_for
from inspector.store.workspace import Workspace
from inspector.sync import fieldkit
from inspector.sync.graph import chunks
from inspector.sync.packages import Package
from inspector.trust import identity

Cancel = Callable[[], bool]


def store_files(
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


def remove_unreferenced(ws: Workspace, digests: list[str]) -> None:
    """Take back the stored files ``digests`` that no record refers to (a failed import's, or a
    refused change's)."""
    if not digests:
        return
    referenced = referenced_digests(ws)
    for digest in digests:
        if digest not in referenced:
            path_for(ws.evidence_dir, digest).unlink(missing_ok=True)


def referenced_digests(ws: Workspace) -> set[str]:
    """The digests of the files this workspace's evidence and minutes records refer to."""
    return {
        r[0]
        for r in ws.db.execute(
            "SELECT sha256 FROM evidence WHERE deleted = 0"
            " UNION SELECT sha256 FROM follow_up_files WHERE deleted = 0"
            " UNION SELECT pdf_sha256 FROM minutes"
        )
    }


def after_commit(
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


def missing_evidence(ws: Workspace, changes: list[dict[str, Any]]) -> int:
    """How many live evidence and follow-up file records of a batch have no file in the store."""
    missing = 0
    for table in ("evidence", "follow_up_files"):
        ids = sorted({c["record_id"] for c in changes if c["table_name"] == table})
        for chunk in chunks(ids):
            marks = ", ".join("?" for _ in chunk)
            for (digest,) in ws.db.execute(
                f"SELECT sha256 FROM {table} WHERE deleted = 0 AND id IN ({marks})", chunk
            ):
                missing += not path_for(ws.evidence_dir, digest).exists()
    return missing


MINUTES_NAME = re.compile(r"^([0-9a-f-]{36})(-bo-sung-[0-9]{1,4})?\.pdf$")


def _place_minutes(ws: Workspace, changes: list[dict[str, Any]]) -> int:
    """Put each imported signed minutes file under the name its record gives."""
    ids = sorted({c["record_id"] for c in changes if c["table_name"] == "minutes"})
    placed = 0
    for chunk in chunks(ids):
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

# SPDX-License-Identifier: GPL-3.0-or-later
"""Export: the changes made since the last package (or all of them), written as a signed package.

A package carries the change-log entries (inserts, field changes, tombstones, each naming the
changes it follows), the inserts of every record they touch (so the receiver can always build the
record), the records as they stand here with their heads, the evidence files and the signed minutes
they refer to. Every package made is recorded in ``packages``; the next export starts after it.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from inspector import timefmt
from inspector.errors import Cancelled, ValidationError
from inspector.i18n import Text, _
from inspector.store import records, seals
from inspector.store.db import RECORD_TABLES
from inspector.store.evidence_store import path_for
from inspector.store.journal import CHANGE_FIELDS
from inspector.store.workspace import Workspace
from inspector.sync import changesets, graph, packages
from inspector.sync.changesets import canonical
from inspector.trust.identity import Identity, common_name

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


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

    def describe(self) -> Text:
        """One sentence saying what the package holds."""
        return _(
            "Package {path}: {changes} changes to {records} records, {files} evidence files,"
            " {minutes} signed minutes.",
            path=str(self.path),
            changes=self.changes,
            records=self.records,
            files=self.evidence_files,
            minutes=self.minutes_files,
        )


def now() -> str:
    """The current time as stored (UTC)."""
    return timefmt.now_utc()


def table_digests(changes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Count and SHA-256 of a batch of changes, per table (what the workspace must then hold)."""
    by_table: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for change in changes:
        by_table[change["table_name"]].append(change)
    out = {}
    for table, rows in sorted(by_table.items()):
        digest = hashlib.sha256()
        for row in sorted(rows, key=lambda r: r["change_id"]):
            digest.update(canonical(row) + b"\n")
        out[table] = {"changes": len(rows), "sha256": digest.hexdigest()}
    return out


def select_changes(ws: Workspace, where: str, args: list[Any]) -> list[dict[str, Any]]:
    """Change-log rows (with ``seq``) matching ``where``, in the order they were made here."""
    return list(
        ws.db.query(
            f"SELECT seq, set_id, {', '.join(CHANGE_FIELDS)} FROM changes {where} ORDER BY seq",
            args,
        )
    )


def chunks(items: list[Any], size: int = 500) -> Iterator[list[Any]]:
    """``items`` in slices small enough for one ``IN (...)`` query."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def records_of(
    ws: Workspace, changes: list[dict[str, Any]]
) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]]]:
    """The current rows of the records a batch touches, and the inserts and tombstones of those
    records (and the inserts of what they refer to) the batch lacks."""
    touched: dict[str, set[str]] = defaultdict(set)
    in_batch = {c["change_id"] for c in changes}
    for change in changes:
        touched[change["table_name"]].add(change["record_id"])
    rows: dict[str, list[dict[str, Any]]] = {}
    inserts: list[dict[str, Any]] = []
    for table in RECORD_TABLES:
        ids = sorted(touched.get(table, ()))
        rows[table] = []
        for chunk in chunks(ids):
            marks = ", ".join("?" for _ in chunk)
            rows[table] += ws.db.query(f"SELECT * FROM {table} WHERE id IN ({marks})", chunk)
            # each record's insert and tombstones go along: the receiver can build it, and
            # knows it is deleted, whatever earlier package it missed
            inserts += [
                c
                for c in select_changes(
                    ws,
                    f"WHERE table_name = ? AND op IN ('insert', 'delete') AND record_id IN"
                    f" ({marks})",
                    [table, *chunk],
                )
                if c["change_id"] not in in_batch
            ]
    inserts += _referenced_inserts(ws, rows, touched)
    return rows, inserts


def _foreign_keys(ws: Workspace, table: str) -> list[tuple[str, str]]:
    """(column, table it refers to) of each foreign key of a record table."""
    return [(r[3], r[2]) for r in ws.db.execute(f"PRAGMA foreign_key_list({table})")]


def _referenced_inserts(
    ws: Workspace, rows: dict[str, list[dict[str, Any]]], touched: dict[str, set[str]]
) -> list[dict[str, Any]]:
    """The inserts of every record the rows refer to, and those they refer to in turn, so that
    a package can be imported where an earlier one from the same laptop never arrived."""
    inserts: list[dict[str, Any]] = []
    seen = {(t, rid) for t, ids in touched.items() for rid in ids}
    frontier = {t: list(r) for t, r in rows.items() if r}
    while frontier:
        wanted: dict[str, set[str]] = defaultdict(set)
        for table, found in frontier.items():
            for column, parent in _foreign_keys(ws, table):
                for row in found:
                    value = row.get(column)
                    if value and (parent, value) not in seen:
                        seen.add((parent, value))
                        wanted[parent].add(value)
        frontier = {}
        for parent, ids in wanted.items():
            for chunk in chunks(sorted(ids)):
                marks = ", ".join("?" for _ in chunk)
                frontier.setdefault(parent, []).extend(
                    ws.db.query(f"SELECT * FROM {parent} WHERE id IN ({marks})", chunk)
                )
                inserts += select_changes(
                    ws,
                    f"WHERE table_name = ? AND op = 'insert' AND record_id IN ({marks})",
                    [parent, *chunk],
                )
    return inserts


def last_export_seq(ws: Workspace) -> int:
    """The last change (by local sequence) in a package this workspace exported."""
    row = ws.db.execute(
        "SELECT max(to_seq) FROM packages WHERE direction = 'out' AND kind = 'changes'"
    ).fetchone()
    return int(row[0] or 0)


def write_content(
    writer: packages.Writer,
    ws: Workspace,
    changes: list[dict[str, Any]],
    ident: Identity,
    on_progress: Progress | None,
    is_cancelled: Cancel | None,
) -> tuple[dict[str, Any], list[changesets.SignedSet]]:
    """Write change sets, changes, records, evidence and minutes files; return the manifest's
    counts and the sets ``ident`` signed for the changes made here (none if there were none)."""
    rows, inserts = records_of(ws, changes)
    changes = list({c["change_id"]: c for c in inserts + changes}.values())
    # changes made here go in a set signed now; those received travel in their author's set
    own = [c for c in changes if c.get("set_id") is None and c["device_id"] == ws.actor.device_id]
    new_sets = changesets.sign_sets(ident, ws.actor.device_id, own)
    mine = {c["change_id"] for c in own}
    changes = [c for c in changes if c.get("set_id") is not None or c["change_id"] in mine]
    sets = changesets.stored(ws.db, {c["set_id"] for c in changes if c.get("set_id")})
    writer.add_bytes(
        changesets.ENTRY,
        b"".join(s.line() + b"\n" for s in [*sets, *new_sets]),
    )
    writer.add_bytes("changes.jsonl", b"".join(canonical(c) + b"\n" for c in changes))
    lines = []
    files: dict[str, Path] = {}
    minutes_files: dict[str, Path] = {}
    versions: dict[str, list[int]] = {}
    sealed = set(seals.sealed_inspections(ws.db))
    for table in RECORD_TABLES:
        if not rows[table]:
            continue
        ids = [r["id"] for r in rows[table]]
        heads = graph.record_heads(ws.db, table, ids)
        held = seals.owners(ws.db, table, ids) if sealed else {}
        for row in rows[table]:
            line: dict[str, Any] = {"table": table, "row": row, "heads": heads.get(row["id"], {})}
            if held.get(row["id"]) in sealed:
                line["sealed"] = True  # its values are the seal's, whatever its heads say
            lines.append(
                json.dumps(
                    line,
                    ensure_ascii=False,
                    sort_keys=True,
                ).encode()
                + b"\n"
            )
        found = [int(r["version"]) for r in rows[table]]
        versions[table] = [min(found), max(found)]
        if table in ("evidence", "follow_up_files"):
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
    for digest in graph.named_files(
        changes, ("minutes",)
    ):  # every signed file the changes name goes along
        stored = path_for(ws.evidence_dir, digest)
        if digest not in minutes_files and stored.is_file():
            minutes_files[digest] = stored
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
    counts = {
        "tables": table_digests(changes),
        "records": {t: len(r) for t, r in rows.items() if r},
        "versions": versions,
        "evidence_files": len(files),
        "minutes_files": len(minutes_files),
        "changes": len(changes),
    }
    return counts, new_sets


def header(ws: Workspace, ident: Identity) -> dict[str, Any]:
    """The manifest fields saying which package this is, where from and signed by whom."""
    return {
        "package_id": records.new_id(),
        "device_id": ws.actor.device_id,
        "user": ws.actor.user,
        "created_at": now(),
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
    changes = select_changes(ws, "WHERE seq > ? AND seq <= ?", [from_seq, to_seq])
    if not changes:
        raise ValidationError(
            _("Nothing has changed since the last package; export everything with --all.")
        )
    return write_package(
        ws,
        out,
        ident,
        "changes",
        changes,
        manifest={"from_seq": from_seq, "to_seq": to_seq, "all": everything},
        on_progress=on_progress,
        is_cancelled=is_cancelled,
    )


def write_package(
    ws: Workspace,
    out: Path,
    ident: Identity,
    kind: str,
    changes: list[dict[str, Any]],
    *,
    manifest: dict[str, Any] | None = None,
    extra: Callable[[packages.Writer], None] | None = None,
    on_progress: Progress | None = None,
    is_cancelled: Cancel | None = None,
) -> ExportResult:
    """Write ``changes`` (rows of the change log, with ``seq``) and what they refer to as a signed
    package of ``kind``, with ``extra`` entries; record it as sent."""
    _valid_now(ident)
    for change in changes:
        change.pop("seq", None)
    writer = packages.Writer(out, kind, header(ws, ident))
    try:
        counts, new_sets = write_content(writer, ws, changes, ident, on_progress, is_cancelled)
        if extra is not None:
            extra(writer)
        written = writer.commit(ident, **(manifest or {}), **counts)
    except BaseException:
        writer.abort()
        raise
    with ws.transaction() as db:
        insert_package(db, ws, "out", written, out, None, {"changes": counts["changes"]})
        changesets.keep(db, new_sets)  # their changes now travel in them, relayed or sent again
        for signed in new_sets:
            changesets.assign(db, signed, signed.members)
    return ExportResult(
        out,
        written["package_id"],
        kind,
        counts["changes"],
        sum(counts["records"].values()),
        counts["evidence_files"],
        counts["minutes_files"],
        int(written.get("from_seq") or 0),
        int(written.get("to_seq") or 0),
        out.stat().st_size,
    )


def _valid_now(ident: Identity) -> None:
    """Refuse to sign with a certificate this laptop's clock says is not valid: the office
    would refuse the package, while the laptop took it for sent."""
    moment = datetime.now(UTC)
    for cert in [ident.certificate, *ident.chain]:
        if not cert.not_valid_before_utc <= moment <= cert.not_valid_after_utc:
            raise ValidationError(
                _(
                    "The certificate of {name} is valid from {start} to {end}, but this"
                    " computer's clock says {now}: nothing was exported. If the clock is wrong,"
                    " set it right; if the certificate has expired, ask the office for a new one.",
                    name=common_name(cert),
                    start=cert.not_valid_before_utc.strftime("%d/%m/%Y"),
                    end=cert.not_valid_after_utc.strftime("%d/%m/%Y"),
                    now=moment.strftime("%d/%m/%Y %H:%M UTC"),
                )
            )


def record_package(
    ws: Workspace,
    direction: str,
    manifest: dict[str, Any],
    path: Path,
    file_sha: str | None,
    summary: dict[str, Any],
) -> None:
    """Note a package made (``out``) or imported (``in``) here, in its own transaction."""
    with ws.transaction() as db:
        insert_package(db, ws, direction, manifest, path, file_sha, summary)


def insert_package(
    db: Any,
    ws: Workspace,
    direction: str,
    manifest: dict[str, Any],
    path: Path,
    file_sha: str | None,
    summary: dict[str, Any],
) -> None:
    """Note a package made or imported here, inside the caller's transaction."""
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
            now(),
            ws.actor.user,
            json.dumps(summary, ensure_ascii=False, sort_keys=True),
        ],
    )

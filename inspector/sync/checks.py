# SPDX-License-Identifier: GPL-3.0-or-later
"""The checks of an import that read the database: the changes against the manifest and this
workspace's schema before merging (:func:`check_changes`), and after merging, that the workspace
holds what the package says (:func:`verify_result`). Each refusal is one sentence.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

from inspector import timefmt
from inspector.errors import PackageError, PackageOrderError, ValidationError
from inspector.i18n import _
from inspector.store import columns, records, seals
from inspector.store.db import RECORD_TABLES
from inspector.store.journal import CHANGE_FIELDS
from inspector.store.workspace import Workspace
from inspector.sync import graph
from inspector.sync.graph import chunks
from inspector.sync.packages import Package

_UUIDISH = re.compile(r"^[0-9A-Za-z-]{1,64}$")


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


def check_changes(
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
        for chunk in chunks(ids):
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


def verify_result(
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
    for chunk in chunks(ids):
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
        local_heads = graph.record_heads(ws.db, table, [line["row"]["id"] for line in lines])
        local_rows = {}
        for chunk in chunks([line["row"]["id"] for line in lines]):
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


CLOCK_SLACK = timedelta(hours=1)


def clock_ahead(created_at: str, changes: list[dict[str, Any]]) -> int:
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


def order_error(pkg: Package) -> PackageOrderError:
    return PackageOrderError(
        _(
            "The package builds on records this workspace does not have; import the earlier"
            " packages from {name} first.",
            name=pkg.signer_name,
        )
    )

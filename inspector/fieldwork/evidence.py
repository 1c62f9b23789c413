# SPDX-License-Identifier: GPL-3.0-or-later
"""Evidence records: files in the evidence store, described and linked to what they prove.

Storing a file (hashing and copying, which takes time for large files) is separate from recording
it, so the app can store on a worker thread and record on the thread that owns the database.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from inspector import timefmt
from inspector.errors import ValidationError
from inspector.fieldwork.inspections import editable_inspection
from inspector.i18n import _
from inspector.store import columns, evidence_store, records
from inspector.store import validate as v
from inspector.store.workspace import Workspace
from inspector.vocabulary import EvidenceKind

EVIDENCE = _("Evidence")
LINKABLE = columns.LINKABLE  # the records evidence may be linked to


@dataclass(frozen=True)
class EvidenceDraft:
    """A validated description of an evidence file, ready to record once the file is stored."""

    inspection_id: str
    file_name: str
    kind: EvidenceKind
    caption: str | None
    captured_at: str | None
    link_table: str | None
    link_id: str | None


def prepare(
    ws: Workspace,
    inspection_id: str,
    path: Path | str,
    *,
    kind: str,
    caption: str | None = None,
    captured_at: datetime | str | None = None,
    link_table: str | None = None,
    link_id: str | None = None,
) -> EvidenceDraft:
    """Check everything about an evidence file but the file itself; nothing is written."""
    evidence_kind = v.choice(EvidenceKind, kind, _("evidence kind"))
    clean_caption = v.text(caption, _("Caption"), required=False, max_len=1000)
    moment = v.moment(captured_at, _("Time taken"), required=False)
    columns.check_value("evidence", "file_name", Path(path).name)  # as every workspace reads it
    _check_link(link_table, link_id)
    editable_inspection(ws.db, inspection_id)
    if link_table is not None:
        _check_target(ws, inspection_id, link_table, str(link_id))
    return EvidenceDraft(
        inspection_id=inspection_id,
        file_name=Path(path).name,
        kind=evidence_kind,
        caption=clean_caption,
        captured_at=timefmt.utc_text(moment) if moment else None,
        link_table=link_table,
        link_id=link_id,
    )


def _check_link(link_table: str | None, link_id: str | None) -> None:
    if (link_table is None) != (link_id is None) or (
        link_table is not None and link_table not in LINKABLE
    ):
        raise ValidationError(
            _(
                "Evidence can be linked to a finding, a roll-call mark, an answer,"
                " a trace, an explanation or a recommendation."
            )
        )


def _check_target(ws: Workspace, inspection_id: str, table: str, record_id: str) -> None:
    target = records.get(ws.db, table, record_id, what=_("Linked record"))
    owner = target.get("inspection_id")
    if owner is not None and owner != inspection_id:
        raise ValidationError(_("The linked record belongs to another inspection."))


def record(ws: Workspace, draft: EvidenceDraft, digest: str, size: int) -> str:
    """Record a file already in the evidence store under ``digest``; return the evidence id."""
    if not evidence_store.path_for(ws.evidence_dir, digest).is_file():
        raise ValidationError(_("The evidence file is not in the evidence store."))
    media_type = mimetypes.guess_type(draft.file_name)[0] or "application/octet-stream"
    with ws.transaction() as db:
        editable_inspection(db, draft.inspection_id)
        if draft.link_table is not None:
            _check_target(ws, draft.inspection_id, draft.link_table, str(draft.link_id))
        evidence_id = records.insert(
            db,
            ws.actor,
            "evidence",
            {
                "inspection_id": draft.inspection_id,
                "sha256": digest,
                "size": size,
                "file_name": draft.file_name,
                "media_type": media_type,
                "kind": draft.kind.value,
                "caption": draft.caption,
                "captured_at": draft.captured_at,
                "captured_by": ws.actor.user,
            },
        )
        if draft.link_table is not None:
            records.insert(
                db,
                ws.actor,
                "evidence_links",
                {
                    "evidence_id": evidence_id,
                    "target_table": draft.link_table,
                    "target_id": draft.link_id,
                },
            )
    return evidence_id


def attach_evidence(
    ws: Workspace,
    inspection_id: str,
    path: Path | str,
    *,
    kind: str,
    caption: str | None = None,
    captured_at: datetime | str | None = None,
    link_table: str | None = None,
    link_id: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> str:
    """Store a file in the evidence store and record it, linked to a finding or other record.

    For large files the app runs :func:`prepare`, then ``evidence_store.store_file`` on a worker,
    then :func:`record`; this does the three in a row.
    """
    draft = prepare(
        ws,
        inspection_id,
        path,
        kind=kind,
        caption=caption,
        captured_at=captured_at,
        link_table=link_table,
        link_id=link_id,
    )
    digest, size = evidence_store.store_file(
        ws.evidence_dir, Path(path), on_progress=on_progress, is_cancelled=is_cancelled
    )
    return record(ws, draft, digest, size)


def update_evidence(
    ws: Workspace, evidence_id: str, *, caption: str | None = None, kind: str | None = None
) -> bool:
    """Change an evidence file's caption or kind; True if anything changed."""
    values: dict[str, Any] = {}
    if caption is not None:
        values["caption"] = v.text(caption, _("Caption"), required=False, max_len=1000)
    if kind is not None:
        values["kind"] = v.choice(EvidenceKind, kind, _("evidence kind")).value
    with ws.transaction() as db:
        return records.update(db, ws.actor, "evidence", evidence_id, values, what=EVIDENCE)


def delete_evidence(ws: Workspace, evidence_id: str) -> None:
    """Remove an evidence record and its links (the stored file stays: others may share it)."""
    with ws.transaction() as db:
        records.delete_tree(db, ws.actor, "evidence", evidence_id, what=EVIDENCE)


def stored_path(ws: Workspace, evidence_id: str) -> Path:
    """Return where the file of an evidence record is in the store."""
    row = records.get(ws.db, "evidence", evidence_id, what=EVIDENCE)
    return evidence_store.path_for(ws.evidence_dir, row["sha256"])


def of_target(ws: Workspace, table: str, record_id: str) -> list[dict[str, Any]]:
    """Return the live evidence linked to one record, oldest first."""
    return list(
        ws.db.query(
            "SELECT e.* FROM evidence e JOIN evidence_links l ON l.evidence_id = e.id"
            " WHERE l.target_table = ? AND l.target_id = ? AND l.deleted = 0 AND e.deleted = 0"
            " ORDER BY e.created_at",
            [table, record_id],
        )
    )

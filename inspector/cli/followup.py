# SPDX-License-Identifier: GPL-3.0-or-later
"""The office's follow-up commands: ``recommendations`` (the register's lines, or the overdue
counts per unit or per follower), ``follow-up`` (record how one is followed, or show its history)
and ``reinspect`` (prepare a check of an earlier one's failed items, or list them)."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from inspector.cli.util import emit
from inspector.errors import NotFoundError, ValidationError
from inspector.fieldwork import listing
from inspector.i18n import Text, _, current_language
from inspector.office import followup, reinspect
from inspector.office.followup import Entry, Narrowing, Standing
from inspector.store import validate as v
from inspector.store.workspace import Workspace
from inspector.timefmt import show_moment
from inspector.vocabulary import (
    FIELD_ENUMS,
    Answer,
    RecommendationStatus,
    RecommendationType,
    field_label,
    label,
)

# The standings as typed on the command line.
STANDINGS = {s.value.lower().replace("_", "-"): s for s in Standing}

# What a prefix names, and the two ways it can fail: (table, nothing matches, several match).
_KINDS: dict[str, tuple[str, Text, Text]] = {
    "recommendation": (
        "recommendations",
        _("No recommendation has the id {id}."),
        _("Several recommendations start with {id}; give more of the id."),
    ),
    "person": (
        "people",
        _("No person has the id {id}."),
        _("Several people start with {id}; give more of the id."),
    ),
    "unit": (
        "org_units",
        _("No unit has the id {id}."),
        _("Several units start with {id}; give more of the id."),
    ),
}


def resolve(ws: Workspace, kind: str, text: str) -> str:
    """The id of the live record of ``kind`` whose id is ``text`` or starts with it (4 or more
    characters), as ``inspector show`` resolves an inspection's.

    Raises:
        NotFoundError: nothing matches.
        ValidationError: several match.
    """
    table, missing, several = _KINDS[kind]
    key = text.strip().lower()
    rows = (
        ws.db.execute(
            f"SELECT id FROM {table} WHERE deleted = 0 AND substr(id, 1, ?) = ? LIMIT 2",
            [len(key), key],
        ).fetchall()
        if len(key) >= 4
        else []
    )
    if not rows:
        raise NotFoundError(Text(missing.msgid, {"id": text}))
    if len(rows) > 1:
        raise ValidationError(Text(several.msgid, {"id": text}))
    return str(rows[0][0])


def _usage(command: str, text: Text) -> int:
    """Say what is wrong with how a command was typed; return exit code 2 (wrong usage)."""
    print(f"inspector {command}: {text}", file=sys.stderr)
    return 2


# recommendations -------------------------------------------------------------------------------


def recommendations(ws: Workspace, args: argparse.Namespace) -> int:
    """``inspector recommendations``: the register's lines, most urgent first, narrowed by where
    they stand, who must act and who follows them; or (``--by``) the overdue counts per unit that
    must act or per follower. Text, ``--json`` or ``--csv``."""
    names = followup.names(ws)
    if args.by:
        return _overdue_by(ws, args, names)
    narrowing = Narrowing(
        standings=frozenset(STANDINGS[s] for s in args.standing),
        units=frozenset(resolve(ws, "unit", u) for u in args.unit),
        supervisors=frozenset(resolve(ws, "person", p) for p in args.follower),
    )
    rows = [_data(ws, e, names) for e in followup.entries(ws, narrowing, limit=args.limit)]
    if args.csv:
        _print_csv(rows[0].keys() if rows else _data_keys(), [r.values() for r in rows])
        return 0
    emit(args, rows, "\n".join(map(_line, rows)) or str(_("Nothing found.")))
    return 0


def _overdue_by(ws: Workspace, args: argparse.Namespace, names: dict[str, str]) -> int:
    counts = followup.overdue_by(ws, "unit" if args.by == "unit" else "supervisor")
    rows = [{"id": k, "name": names.get(k, "") if k else "", "overdue": n} for k, n in counts]
    if args.csv:
        _print_csv(["id", "name", "overdue"], [r.values() for r in rows])
        return 0
    lines = [f"{r['overdue']:>5}  {r['name'] or r['id'] or '—'}" for r in rows]
    emit(args, rows, "\n".join(lines) or str(_("Nothing is overdue.")))
    return 0


def _data(ws: Workspace, item: Entry, names: dict[str, str]) -> dict[str, Any]:
    """One line of the register as JSON and CSV give it: the entry's fields (ISO dates), the
    deadline that counts, the working days late, and the names and labels a person reads."""
    return {
        **asdict(item),
        "standing": item.standing.value,
        "due": item.due,
        "working_days_late": followup.working_days_late(ws, item),
        "actor_unit": names.get(item.actor_unit_id, ""),
        "supervisor": names.get(item.supervisor_id, "") if item.supervisor_id else "",
        "type_label": _label(RecommendationType, item.type),
        "standing_label": str(followup.STANDING_LABELS[item.standing]),
    }


def _data_keys() -> list[str]:
    """The columns of :func:`_data`, for the header of an empty CSV."""
    extra = ["due", "working_days_late", "actor_unit", "supervisor", "type_label"]
    return [*(f.name for f in fields(Entry)), *extra, "standing_label"]


def _label(enum: Any, code: str | None) -> str:
    try:
        return label(enum(code))
    except ValueError:
        return code or ""


def _print_csv(header: Any, rows: Any) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(header))
    writer.writerows([list(r) for r in rows])
    print(out.getvalue(), end="")


def _line(row: dict[str, Any]) -> str:
    """A line of the register as a person reads it."""
    due = _day(row["due"]) if row["due"] else "—"
    if row["extended_to"]:
        due = str(_("{day} (extended)", day=due))
    standing = row["standing_label"]
    if row["working_days_late"]:
        standing = str(
            _("{standing}, {n} working days late", standing=standing, n=row["working_days_late"])
        )
    text = " ".join(str(row["text"]).split())
    files = str(_("{n} files", n=row["files"]))
    return (
        f"{due}  {standing}  {row['actor_unit'] or '—'}  {row['type_label']}: {text}"
        f"  {row['supervisor'] or '—'}  {files}  {row['id'][:8]}"
    )


def _day(iso: str) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}"


# follow-up ------------------------------------------------------------------------------------


def follow_up(ws: Workspace, args: argparse.Namespace) -> int:
    """``inspector follow-up ID``: record how a recommendation is followed (its status, note,
    the unit's report, who follows it, a deadline extended by working days, files kept), all or
    nothing; then print its line. ``--history``: its history instead."""
    updating = (args.status, args.note, args.report, args.follower, args.extend, args.reason)
    if args.history and (any(a is not None for a in updating) or args.file or args.follower_leader):
        return _usage("follow-up", _("--history only shows: give it alone."))
    rec = resolve(ws, "recommendation", args.id)
    if args.history:
        return _history(ws, args, rec)
    if args.extend is not None and not args.reason:
        return _usage("follow-up", _("--extend needs --reason: why the deadline is extended."))
    if args.reason and args.extend is None:
        return _usage("follow-up", _("--reason goes with --extend."))
    if args.extend is not None and args.note is not None:
        return _usage(
            "follow-up", _("--extend writes its reason as the note: give --note or --extend.")
        )
    # Everything is checked before anything is written: the status, the person, each file.
    changes: dict[str, Any] = {}
    if args.status is not None:
        code = args.status.strip().upper().replace("-", "_")
        changes["status"] = v.choice(RecommendationStatus, code, _("recommendation status")).value
    if args.note is not None:
        changes["note"] = args.note
    if args.report is not None:
        changes["report"] = args.report
    if args.follower_leader:
        changes["follow_up_by"] = None
    elif args.follower is not None:
        changes["follow_up_by"] = resolve(ws, "person", args.follower)
    drafts = [followup.prepare_file(ws, rec, Path(p)) for p in args.file]
    # One transaction: a refusal of any part (a drop without its reason, an extension the
    # calendar does not take) undoes the others.
    with ws.transaction():
        if args.extend is not None:
            followup.extend_by_working_days(ws, rec, args.extend, reason=args.reason)
        if changes:
            followup.update(ws, rec, **changes)
        for path, draft in zip(args.file, drafts, strict=True):
            followup.attach_file(ws, rec, path, caption=draft.caption)  # store, then record
    return _show_entry(ws, args, rec)


def _show_entry(ws: Workspace, args: argparse.Namespace, rec: str) -> int:
    names = followup.names(ws)
    row = _data(ws, followup.entry(ws, rec), names)
    kept = [
        {k: str(f[k]) if k == "path" else f[k] for k in ("id", "file_name", "size", "path")}
        for f in followup.files(ws, rec)
    ]
    lines = [
        _line(row),
        str(_("Status: {status}", status=_label(RecommendationStatus, row["status"]))),
        f"{field_label('status_note')}: {row['status_note'] or '—'}",
        f"{field_label('report')}: {row['report'] or '—'}",
        *(f"  {f['file_name']}" for f in kept),
    ]
    emit(args, {**row, "kept_files": kept}, "\n".join(lines))
    return 0


def _history(ws: Workspace, args: argparse.Namespace, rec: str) -> int:
    names = followup.names(ws)
    events = followup.history(ws, rec)
    lines = [f"{show_moment(e.at)}  {e.by}  {_event_text(e, names)}" for e in events]
    emit(args, [asdict(e) for e in events], "\n".join(lines))
    return 0


def _event_text(event: followup.Event, names: dict[str, str]) -> str:
    """A change of the history as a person reads it (as the register's screen shows it)."""
    if event.field is None:
        text = str(_("recorded"))
    elif event.field == "file":
        text = str(_("file kept: {name}", name=event.value))
    elif event.field == "file_removed":
        text = str(_("a file removed"))
    else:
        value = event.value
        if event.field in ("deadline", "extended_to") and value:
            shown = _day(str(value))
        elif ("recommendations", event.field) in FIELD_ENUMS and value:
            shown = _label(FIELD_ENUMS[("recommendations", event.field)], str(value))
        elif event.field == "follow_up_by":
            shown = names.get(str(value), str(value)) if value else ""
        else:
            shown = "" if value is None else " ".join(str(value).split())
        text = f"{field_label(event.field)}: {shown or '—'}"
    return text + (f" ({event.reason})" if event.reason else "")


# reinspect ------------------------------------------------------------------------------------


def reinspect_(ws: Workspace, args: argparse.Namespace) -> int:
    """``inspector reinspect ID``: prepare a check of the failed items of check ID (all, or those
    given with ``--item``) for a team; print its id, its items and the next step (its field
    kit). ``--list``: the failed items of check ID instead."""
    earlier = listing.resolve_inspection_id(ws, args.id)
    failed = reinspect.failed_items(ws, earlier)
    if args.list:
        emit(args, [asdict(f) for f in failed], "\n".join(map(_item_line, failed)))
        return 0
    missing = [
        option
        for option, value in (
            ("--number", args.number),
            ("--date", args.date),
            ("--signer", args.signer),
            ("--leader", args.leader),
        )
        if not value
    ]
    if missing:
        return _usage(
            "reinspect",
            _("A re-inspection needs {options} (or --list).", options=", ".join(missing)),
        )
    leader = resolve(ws, "person", args.leader)
    members = [resolve(ws, "person", m) for m in args.member]
    new_id = reinspect.prepare_reinspection(
        ws,
        earlier,
        decision_number=args.number,
        decision_date=args.date,
        signer_name=args.signer,
        leader_id=leader,
        members=members,
        items=args.item or None,
    )
    chosen = set(args.item) if args.item else {f.code for f in failed}
    items = [f for f in failed if f.code in chosen]
    step = f"inspector kit --inspection {new_id} --out FILE"
    lines = [
        str(_("Re-inspection prepared: {id}", id=new_id)),
        *map(_item_line, items),
        str(_("Next: carry it to the team's laptop in a field kit: {command}", command=step)),
    ]
    data = {"id": new_id, "follows_id": earlier, "items": [f.code for f in items], "next": step}
    emit(args, data, "\n".join(lines))
    return 0


def _item_line(item: reinspect.FailedItem) -> str:
    text = item.text_vi if current_language() == "vi" else item.text_en
    why = [label(Answer(item.answered))] if item.answered else []
    if item.findings:
        why.append(str(_("findings: {n}", n=item.findings)))
    return f"{item.code}  {' '.join(text.split())}  ({'; '.join(why)})"

# SPDX-License-Identifier: GPL-3.0-or-later
"""The office's commands: ``search`` over what the checks found, ``findings`` narrowed by filters."""

from __future__ import annotations

import argparse
import csv
import io
from dataclasses import asdict, fields

from inspector.cli.util import emit
from inspector.i18n import _
from inspector.office import search, table, views
from inspector.store.workspace import Workspace


def search_(ws: Workspace, args: argparse.Namespace) -> int:
    """``inspector search WORDS``: the records holding every word, with or without marks, best
    first, each word marked in the text as typed (``--json``: the records, fields and spans)."""
    hits = search.search(ws, " ".join(args.words), limit=args.limit)
    numbers = dict(
        ws.db.execute(
            "SELECT i.id, d.number_symbol FROM inspections i"
            " JOIN decisions d ON d.id = i.decision_id"
        ).fetchall()
    )
    lines = [
        f"{numbers.get(h.inspection_id, h.inspection_id[:8])}  {search.KINDS[h.table]}:"
        f"  {' '.join(h.highlighted('[', ']').split())}"
        for h in hits
    ]
    emit(args, [asdict(h) for h in hits], "\n".join(lines) or str(_("Nothing found.")))
    return 0


def findings(ws: Workspace, args: argparse.Namespace) -> int:
    """``inspector findings [--filter TEXT]``: every finding of every check the filters leave (the
    same rows as the office's screen with the same filters), as lines, ``--json`` or ``--csv``."""
    filters = views.load(ws, args.view) if args.view else table.parse(args.filter)
    rows = table.rows(
        ws,
        filters,
        sort=args.sort or ("relevance" if search.terms(filters.words) else "date"),
        descending=not args.ascending,
        limit=args.limit,
    )
    if args.csv:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        columns = [f.name for f in fields(table.Row) if f.name != "spans"]
        writer.writerow(columns)
        writer.writerows([[getattr(r, c) for c in columns] for r in rows])
        print(out.getvalue(), end="")
        return 0
    lines = [
        f"{r.check}  {r.unit}  {r.item or r.area or '—'}  {r.severity}  {' '.join(r.title.split())}"
        + (
            f"\n    {search.KINDS[r.found_in.split('.')[0]]}: {search.marked(r.found, r.spans)}"
            if r.found
            else ""
        )
        for r in rows
    ]
    emit(args, [table.as_dict(r) for r in rows], "\n".join(lines) or str(_("Nothing found.")))
    return 0

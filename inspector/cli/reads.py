# SPDX-License-Identifier: GPL-3.0-or-later
"""The command line's reads: ``list`` and ``show``. They load the store and the listing alone,
so that a script asking what is recorded does not wait for signing, sync or the PDF layout."""

from __future__ import annotations

import argparse
from typing import Any

from inspector.cli.util import emit
from inspector.fieldwork import listing
from inspector.i18n import _, current_language
from inspector.store.workspace import Workspace
from inspector.timefmt import show_moment
from inspector.vocabulary import (
    AttendanceStatus,
    InspectionStatus,
    Severity,
    label,
)


def list_inspections(ws: Workspace, args: argparse.Namespace) -> int:
    """``inspector list``: one line per inspection, newest first."""
    rows = listing.list_inspections(ws)
    text = "\n".join(
        f"{r['id']}  {r['number']}  {r['unit']}  {r['date']}  {r['status_label']}" for r in rows
    )
    emit(args, rows, text or str(_("No inspections yet.")))
    return 0


def show(ws: Workspace, args: argparse.Namespace) -> int:
    """``inspector show ID``: everything recorded for one inspection."""
    detail = listing.inspection_detail(ws, listing.resolve_inspection_id(ws, args.id))
    emit(args, detail, describe(detail))
    return 0


def describe(d: dict[str, Any]) -> str:
    """Render an inspection's detail as readable text in the current language."""
    counts = ", ".join(
        f"{label(AttendanceStatus(k))} {n}" for k, n in d["attendance_counts"].items() if n
    )
    texts = [
        _("Status: {status}", status=label(InspectionStatus(d["status"]))),
        _(
            "Arrived: {arrived}   Ended: {ended}",
            arrived=show_moment(d["arrived_at"]) or "—",
            ended=show_moment(d["ended_at"]) or "—",
        ),
        _("Team: {names}", names="; ".join(m["full_name"] for m in d["team"])),
        _("Roll call: {counts}", counts=counts or "—"),
    ]
    lines = [f"{d['decision']['number_symbol']} — {d['unit']['name']}", *map(str, texts)]
    for area in d["checklist"]:
        title = area["title_vi"] if current_language() == "vi" else area["title_en"]
        lines.append(f"  {area['code']}. {title}: {area['answered']}/{area['total']}")
    late = [t for t in d["traces"] if t["late_days"]]
    lines.append(str(_("Traced dossiers: {n} (late: {late})", n=len(d["traces"]), late=len(late))))
    for t in late:
        lines.append(
            "  "
            + str(
                _(
                    "{ref}: {days} working days late, most at step {step} ({person})",
                    ref=t["object_ref"],
                    days=t["late_days"],
                    step=t["delaying_step_no"],
                    person=t["delaying_person"] or "—",
                )
            )
        )
    lines.append(str(_("Findings: {n}", n=len(d["findings"]))))
    for f in d["findings"]:
        people = ", ".join(r["person"] or r["unit"] for r in f["responsibilities"])
        lines.append(
            f"  [{f['item_code'] or '-'}] {f['title']} ({label(Severity(f['severity']))})"
            + (f" — {people}" if people else "")
        )
    lines.append(str(_("Evidence files: {n}", n=len(d["evidence"]))))
    return "\n".join(lines)

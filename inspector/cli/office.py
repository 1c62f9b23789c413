# SPDX-License-Identifier: GPL-3.0-or-later
"""The office's commands: ``search`` over what the checks found, ``findings`` narrowed by filters."""

from __future__ import annotations

import argparse
import csv
import io
from dataclasses import asdict, fields
from pathlib import Path

from inspector.cli.util import emit, safe_out
from inspector.fieldwork import listing
from inspector.i18n import _
from inspector.office import (
    bundle,
    followon,
    followon_files,
    ledger,
    ledger_pdf,
    papers,
    report,
    report_files,
    search,
    table,
    views,
)
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


def ledger_(ws: Workspace, args: argparse.Namespace) -> int:
    """``inspector ledger --from --to [--unit] [--out FILE.pdf]``: per person, then per unit,
    what the period's checks recorded, each line with the minutes behind it (``--json``,
    ``--csv``); ``--out`` also writes it as a PDF annex to sign off."""
    found = ledger.ledger(ws, args.start, args.end, unit_id=args.unit)
    if args.out:
        ledger_pdf.render(ws, found, safe_out(ws, Path(args.out)))
    lines = [*found.persons, *found.units]
    if args.csv:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(LEDGER_COLUMNS)
        writer.writerows([_ledger_cells(line) for line in lines])
        print(out.getvalue(), end="")
        return 0
    text = [
        f"{line.name}"
        + (f" ({line.unit})" if line.unit else "")
        + f": {ledger_pdf.findings_words(line)}; "
        + str(
            _(
                "absent without reason {absent}, late {late}, dossier steps late {steps}"
                " ({days} working days), praised {praised}",
                absent=line.absent_without_reason,
                late=line.late,
                steps=line.late_steps,
                days=line.late_step_days,
                praised=line.praised,
            )
        )
        + "".join(f"\n    {papers.cite(s)}" for s in line.sources)
        for line in lines
    ]
    if args.out:
        text.append(str(_("Written: {path}", path=args.out)))
    emit(args, [_ledger_json(line) for line in lines], "\n".join(text) or str(_("Nothing found.")))
    return 0


LEDGER_COLUMNS = (
    "kind",
    "id",
    "name",
    "unit",
    "findings",
    "by_severity_and_kind",
    "absent_without_reason",
    "late",
    "late_steps",
    "late_step_days",
    "praised",
    "staff_findings",
    "finding_ids",
    "minutes",
)


def _ledger_cells(line: ledger.Line) -> list[object]:
    return [
        line.kind,
        line.id,
        line.name,
        line.unit,
        line.finding_count,
        "; ".join(f"{s}/{k}={n}" for (s, k), n in sorted(line.findings.items())),
        line.absent_without_reason,
        line.late,
        line.late_steps,
        line.late_step_days,
        line.praised,
        line.staff.get("findings", ""),
        " ".join(line.finding_ids),
        "; ".join(papers.cite(s) for s in line.sources),
    ]


def _ledger_json(line: ledger.Line) -> dict[str, object]:
    return {
        **{k: v for k, v in line.__dict__.items() if k not in ("findings", "sources")},
        "findings": [
            {"severity": s, "responsibility": k, "count": n}
            for (s, k), n in sorted(line.findings.items())
        ],
        "sources": [s.__dict__ for s in line.sources],
    }


def report_(ws: Workspace, args: argparse.Namespace) -> int:
    """``inspector report --from --to [--unit] [--out FILE.pdf|.xlsx]``: the period report's
    figures (``--json``: all of them); ``--out`` also writes it as a PDF or a workbook."""
    found = report.report(ws, args.start, args.end, unit_id=args.unit)
    if args.out:
        report_files.write(ws, found, safe_out(ws, Path(args.out)))
    lines = [report_files.TITLE, report_files.period_words(found)]
    sections = [
        (number, heading, [f"  {what}: {report_files.shown(v, kind)}" for what, v, kind in rows])
        for number, heading, rows in report_files.figures(found)
    ]
    findings = [
        f"  {area or '—'} / mức {severity}: {n}"
        for (area, severity), n in sorted(found.findings.items())
    ]
    standings = [f"  {standing}: {n}" for standing, n in sorted(found.standings.items())]
    sections[3:3] = [
        ("IV", f"{found.finding_count} nội dung phát hiện", findings),
        ("V", f"{found.recommendations} kiến nghị", standings),
    ]
    for number, heading, rows in sections:
        lines += [f"{number}. {heading}", *rows]
    lines.append("VII. Các mục vi phạm nhiều nhất")
    lines += [f"  {code}: {n}" for code, _wording, n in found.failing]
    lines.append("VIII. Các biên bản làm căn cứ")
    lines += [f"  {papers.cite(s)}" for s in found.sources]
    if args.out:
        lines.append(str(_("Written: {path}", path=args.out)))
    emit(args, _report_json(found), "\n".join(lines))
    return 0


def _report_json(found: report.Report) -> dict[str, object]:
    data = {k: v for k, v in found.__dict__.items() if k not in ("findings", "sources", "failing")}
    return {
        **data,
        "start": found.start.isoformat(),
        "end": found.end.isoformat(),
        "absence_rate": found.absence_rate,
        "dossier_late_rate": found.dossier_late_rate,
        "findings": [
            {"area": a, "severity": s, "count": n} for (a, s), n in sorted(found.findings.items())
        ],
        "failing": [{"code": c, "text": t, "checks": n} for c, t, n in found.failing],
        "sources": [s.__dict__ for s in found.sources],
    }


def document(ws: Workspace, args: argparse.Namespace) -> int:
    """``inspector document ID report|notice --out FILE.pdf|.docx``: draft a check's report of
    results or notice of conclusions from its record, for the office to finish."""
    inspection_id = listing.resolve_inspection_id(ws, args.id)
    drafted = followon.draft(ws, inspection_id, args.kind)
    out = followon_files.write(drafted, safe_out(ws, Path(args.out)))
    emit(
        args,
        {
            "path": str(out),
            "inspection_id": inspection_id,
            "kind": args.kind,
            "text": drafted.text(),
        },
        str(_("Written: {path}", path=str(out))),
    )
    return 0


def bundle_(ws: Workspace, args: argparse.Namespace) -> int:
    """``inspector bundle ID... | --view NAME --out FILE.pdf``: the checks' signed minutes in one
    PDF to print, after a cover list (a view: those of its checks whose minutes are signed)."""
    if args.view:
        ids = bundle.signed_checks(ws, views.load(ws, args.view))
    else:
        ids = [listing.resolve_inspection_id(ws, text) for text in args.ids]
    listed = bundle.bundle(ws, ids, safe_out(ws, Path(args.out)))
    lines = [
        f"{b.first_page}–{b.first_page + b.pages - 1}  {b.check}  {b.unit}  {b.minutes_number}"
        f"  {b.code}"
        for b in listed
    ]
    lines.append(str(_("Written: {path}", path=args.out)))
    emit(args, [b.__dict__ for b in listed], "\n".join(lines))
    return 0

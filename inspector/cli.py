# SPDX-License-Identifier: GPL-3.0-or-later
"""The command line: a stable contract for scripts, tests and benchmarks (see the README).

Exit codes: 0 done; 1 refused (a one-sentence reason on stderr, nothing changed); 2 wrong usage.
The desktop app is started through a callable the launcher passes in, so this module never imports
the Qt side.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from inspector import __version__, i18n, minutes_model, minutes_pdf, overview
from inspector.demo import build_demo
from inspector.errors import InspectorError
from inspector.i18n import _, current_language
from inspector.model import (
    AttendanceStatus,
    InspectionStatus,
    Severity,
    label,
)
from inspector.timefmt import show_moment
from inspector.workspace import Workspace, resolve_home

GuiRunner = Callable[[Path, bool], int]


def _common(parser: argparse.ArgumentParser, *, sub: bool) -> None:
    default: Any = argparse.SUPPRESS if sub else None
    parser.add_argument(
        "--home",
        metavar="DIR",
        default=default,
        help="the workspace folder (default: $INSPECTOR_HOME, else the user data folder)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS if sub else False,
        help="machine-readable output",
    )
    parser.add_argument(
        "--lang", choices=i18n.LANGUAGES, default=default, help="language of messages (vi or en)"
    )


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``inspector`` command."""
    parser = argparse.ArgumentParser(
        prog="inspector",
        description="Inspector: surprise checks of social-security offices, recorded offline.",
    )
    parser.add_argument("--version", action="version", version=f"inspector {__version__}")
    _common(parser, sub=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    gui = commands.add_parser("gui", help="start the desktop app (the default)")
    gui.add_argument(
        "--self-test",
        action="store_true",
        help="start, open the workspace, show the main window, and exit 0 if all went well",
    )
    demo = commands.add_parser("demo", help="record a realistic demo surprise check")
    demo.add_argument("--seed", type=int, default=1, help="vary the demo (default 1)")
    commands.add_parser("list", help="list the inspections")
    show = commands.add_parser("show", help="show everything recorded for one inspection")
    show.add_argument("id", metavar="ID", help="inspection id (or a unique prefix of it)")
    minutes = commands.add_parser("minutes", help="render the minutes (biên bản) of an inspection")
    minutes.add_argument("id", metavar="ID", help="inspection id (or a unique prefix of it)")
    minutes.add_argument("--out", metavar="FILE.pdf", required=True, help="where to write the PDF")
    minutes.add_argument("--number", help="the minutes' number and symbol, e.g. 03/BB-ĐKT")
    for sub in (gui, demo, commands.choices["list"], show, minutes):
        _common(sub, sub=True)
    return parser


def main(argv: Sequence[str] | None = None, *, run_gui: GuiRunner | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    if args.lang:
        i18n.set_language(args.lang)
    home = resolve_home(args.home)
    try:
        if args.command in (None, "gui"):
            if run_gui is None:
                raise InspectorError(_("The desktop app is not available in this installation."))
            return run_gui(home, bool(getattr(args, "self_test", False)))
        with Workspace.open(home) as ws:
            return COMMANDS[args.command](ws, args)
    except InspectorError as exc:
        if args.json:
            print(
                json.dumps(
                    {"error": exc.message(), "error_en": exc.message("en")}, ensure_ascii=False
                ),
                file=sys.stderr,
            )
        else:
            print(f"inspector: {exc}", file=sys.stderr)
        return 1


def _emit(args: argparse.Namespace, data: Any, text: str) -> None:
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(text)


def _demo(ws: Workspace, args: argparse.Namespace) -> int:
    made = build_demo(ws, seed=args.seed)
    data = {
        "workspace": str(ws.home),
        "inspection_id": made.inspection_id,
        "staff": len(made.people),
        "traces": made.traces,
        "late_traces": made.late_traces,
        "findings": made.findings,
        "evidence_files": made.evidence,
        "evidence_dir": str(ws.evidence_dir),
    }
    lines = [
        _("Demo surprise check recorded in {path}", path=str(ws.home)),
        _("Inspection: {id}", id=made.inspection_id),
        _("Traced dossiers: {n} (late: {late})", n=made.traces, late=made.late_traces),
        _("Findings: {n}", n=made.findings),
        _("Evidence files: {n} in {path}", n=made.evidence, path=str(ws.evidence_dir)),
    ]
    text = "\n  ".join(str(line) for line in lines)
    _emit(args, data, text)
    return 0


def _list(ws: Workspace, args: argparse.Namespace) -> int:
    rows = overview.list_inspections(ws)
    text = "\n".join(
        f"{r['id']}  {r['number']}  {r['unit']}  {r['date']}  {r['status_label']}" for r in rows
    )
    _emit(args, rows, text or str(_("No inspections yet.")))
    return 0


def _show(ws: Workspace, args: argparse.Namespace) -> int:
    detail = overview.inspection_detail(ws, overview.resolve_inspection_id(ws, args.id))
    _emit(args, detail, _describe(detail))
    return 0


def _describe(d: dict[str, Any]) -> str:
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


def _minutes(ws: Workspace, args: argparse.Namespace) -> int:
    inspection_id = overview.resolve_inspection_id(ws, args.id)
    # --lang chooses the edition of the minutes (Vietnamese by default), as the contract says
    edition = args.lang or "vi"
    model = minutes_model.build(ws, inspection_id, lang=edition, number=args.number)
    out = minutes_pdf.render(model, Path(args.out))
    data = {
        "path": str(out),
        "inspection_id": inspection_id,
        "digest": model.digest(),
        "qr": minutes_pdf.qr_payload(model),
    }
    _emit(args, data, str(out))
    return 0


COMMANDS: dict[str, Callable[[Workspace, argparse.Namespace], int]] = {
    "demo": _demo,
    "list": _list,
    "show": _show,
    "minutes": _minutes,
}

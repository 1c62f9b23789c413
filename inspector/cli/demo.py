# SPDX-License-Identifier: GPL-3.0-or-later
"""The command line's ``demo``: a realistic surprise check recorded, signed and exported."""

from __future__ import annotations

import argparse
import os
from dataclasses import asdict

from inspector.cli.util import emit
from inspector.demo.build import DEMO_MARK, DEMO_PASSPHRASE, build_demo, export_demo, sign_demo
from inspector.demo.office import build_office_demo
from inspector.i18n import _
from inspector.store import faults
from inspector.store.workspace import Workspace
from inspector.trust import identity
from inspector.vocabulary import InspectionStatus, label


def demo(ws: Workspace, args: argparse.Namespace) -> int:
    """``inspector demo``: record the demo check; sign its minutes and export its package with
    the workspace's own identity if a passphrase is given, else with the demo's; ``--office``:
    make the (empty) workspace an office holding three teams' checks."""
    if args.office:
        return office_demo(ws, args)
    unlock = (  # a passphrase unlocks the workspace's own identity; without one, the demo's
        identity.read_passphrase(args.passphrase_file, prompt="")
        if (args.passphrase_file or os.environ.get("INSPECTOR_PASSPHRASE"))
        and identity.has_identity(ws)
        and not (identity.keys_dir(ws) / DEMO_MARK).exists()
        else None
    )
    if unlock is not None:  # a wrong passphrase refuses before anything is recorded
        identity.load_identity(ws, unlock)
    with faults.all_or_nothing(ws):  # a full disk midway leaves no half demo (issue 10)
        made = build_demo(ws, seed=args.seed)
        signed = sign_demo(ws, made.inspection_id, unlock)
        package = export_demo(ws, made.inspection_id, unlock) if signed else None
    data = {
        "workspace": str(ws.home),
        "inspection_id": made.inspection_id,
        "staff": len(made.people),
        "traces": made.traces,
        "late_traces": made.late_traces,
        "findings": made.findings,
        "evidence_files": made.evidence,
        "evidence_dir": str(ws.evidence_dir),
        "signed_minutes": str(signed) if signed else None,
        "package": str(package) if package else None,
    }
    lines = [
        _("Demo surprise check recorded in {path}", path=str(ws.home)),
        _("Inspection: {id}", id=made.inspection_id),
        _("Traced dossiers: {n} (late: {late})", n=made.traces, late=made.late_traces),
        _("Findings: {n}", n=made.findings),
        _("Evidence files: {n} in {path}", n=made.evidence, path=str(ws.evidence_dir)),
        _("Signed minutes: {path}", path=str(signed))
        if signed
        else _("Minutes not signed: give the passphrase of this workspace's identity."),
    ]
    if package:
        lines.append(_("Sync package: {path}", path=str(package)))
    text = "\n  ".join(str(line) for line in lines)
    emit(args, data, text)
    return 0


def office_demo(ws: Workspace, args: argparse.Namespace) -> int:
    """``inspector demo --office``: make this empty workspace an office that imported three teams'
    checks from their signed packages; say what each team sent."""
    with faults.all_or_nothing(ws):  # a full disk midway leaves no half office
        made = build_office_demo(ws)
    data = {
        "workspace": str(ws.home),
        "authority": str(identity.keys_dir(ws) / identity.CA_CERT),
        "teams": [asdict(t) for t in made.teams],
        "findings": made.findings,
        "followed_up": made.followed_up,
        "signed_inspection_id": made.signed_inspection,
    }
    lines = [
        _("Office demo made in {path}", path=str(ws.home)),
        _(
            "Its certificate authority is the demo's: the passphrase {passphrase} is public, so"
            " no real laptop should trust it.",
            passphrase=DEMO_PASSPHRASE,
        ),
    ]
    for team in made.teams:
        lines.append(
            _(
                "Imported from the team of {leader}: check {decision} of {unit}, {status},"
                " {n} findings ({changes} changes)",
                leader=team.leader,
                decision=team.decision,
                unit=team.unit,
                status=label(InspectionStatus(team.status)),
                n=team.findings,
                changes=team.changes,
            )
        )
    lines += [
        _("Findings at the office: {n}", n=made.findings),
        _("Recommendations followed up at the office: {n}", n=made.followed_up),
        _("Open it: inspector --home {path}", path=str(ws.home)),
    ]
    emit(args, data, "\n  ".join(str(line) for line in lines))
    return 0

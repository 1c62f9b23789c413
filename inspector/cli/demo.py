# SPDX-License-Identifier: GPL-3.0-or-later
"""The command line's ``demo``: a realistic surprise check recorded, signed and exported."""

from __future__ import annotations

import argparse
import os

from inspector.cli.util import emit
from inspector.demo.build import DEMO_MARK, build_demo, export_demo, sign_demo
from inspector.i18n import _
from inspector.store import faults
from inspector.store.workspace import Workspace
from inspector.trust import identity


def demo(ws: Workspace, args: argparse.Namespace) -> int:
    """``inspector demo``: record the demo check; sign its minutes and export its package with
    the workspace's own identity if a passphrase is given, else with the demo's."""
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

# SPDX-License-Identifier: GPL-3.0-or-later
"""The command line: a stable contract for scripts, tests and benchmarks (see the README).

Exit codes: 0 done; 1 refused (a one-sentence reason on stderr, nothing changed); 2 wrong usage;
3 done in part (what was committed and what was not, each said on stderr).
The desktop app is started through a callable the launcher passes in, so this module never imports
the Qt side.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from inspector import __version__, atomic, i18n, logs
from inspector.cli import sync as cli_sync
from inspector.cli.util import emit, passphrase, read, refusal, safe_out, write_file
from inspector.demo.build import DEMO_MARK, build_demo, export_demo, sign_demo
from inspector.errors import InspectorError, SignatureError, ValidationError
from inspector.fieldwork import checklists, listing, signatories
from inspector.fieldwork.inspections import editable_inspection
from inspector.i18n import _, current_language
from inspector.minutes import content as minutes_content
from inspector.minutes import layout as minutes_layout
from inspector.minutes import sealing
from inspector.store import faults
from inspector.store.workspace import DB_NAME, Workspace, resolve_home
from inspector.sync import packages
from inspector.timefmt import show_moment
from inspector.trust import identity
from inspector.vocabulary import (
    AttendanceStatus,
    InspectionStatus,
    Severity,
    label,
)

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
    demo.add_argument(
        "--passphrase-file",
        metavar="F",
        help="sign with this workspace's own identity, unlocked with this passphrase",
    )
    commands.add_parser("list", help="list the inspections")
    show = commands.add_parser("show", help="show everything recorded for one inspection")
    show.add_argument("id", metavar="ID", help="inspection id (or a unique prefix of it)")
    minutes = commands.add_parser("minutes", help="render the minutes (biên bản) of an inspection")
    minutes.add_argument("id", metavar="ID", help="inspection id (or a unique prefix of it)")
    minutes.add_argument("--out", metavar="FILE.pdf", required=True, help="where to write the PDF")
    minutes.add_argument("--number", help="the minutes' number and symbol, e.g. 03/BB-ĐKT")
    sign = commands.add_parser("sign", help="sign and seal the minutes of an inspection")
    sign.add_argument("id", metavar="ID", help="inspection id (or a unique prefix of it)")
    sign.add_argument("--number", help="the minutes' number and symbol, e.g. 03/BB-ĐKT")
    sign.add_argument(
        "--member",
        metavar="NAME",
        help="add this team member's approval signature to the signed minutes",
    )
    sign.add_argument(
        "--supplement",
        metavar="TEXT_FILE",
        help="sign supplementary minutes with the corrections in this text file",
    )
    verify = commands.add_parser("verify", help="verify signed minutes, or a printed code")
    verify.add_argument("file", metavar="FILE", nargs="?", help="a signed minutes PDF")
    verify.add_argument(
        "--digest", metavar="CODE", help="a code printed on (or scanned from) minutes"
    )
    keys = commands.add_parser("keys", help="this user's signing identity")
    keys_commands = keys.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    keys_init = keys_commands.add_parser("init", help="make a key pair and a certificate request")
    keys_init.add_argument("--name", required=True, help="your full name, as on the certificate")
    keys_init.add_argument("--organisation", help="your office")
    keys_init.add_argument("--title", help="your position, as on the certificate")
    keys_init.add_argument(
        "--member", action="store_true", help="a team member's identity on this shared laptop"
    )
    keys_install = keys_commands.add_parser("install", help="install the certificate issued to you")
    keys_install.add_argument("cert", metavar="CERT", help="the certificate file (PEM)")
    keys_install.add_argument("--member", metavar="NAME", help="for this team member's identity")
    keys_install.add_argument(
        "--trust",
        action="store_true",
        help="trust the issuing authority (after checking its fingerprint with the office)",
    )
    ca = commands.add_parser("ca", help="this office's certificate authority")
    ca_commands = ca.add_subparsers(dest="ca_command", metavar="ACTION", required=True)
    ca_init = ca_commands.add_parser("init", help="make this workspace the office's authority")
    ca_init.add_argument("--name", required=True, help="the organisation's name")
    ca_issue = ca_commands.add_parser("issue", help="issue an inspector's certificate")
    ca_issue.add_argument("request", metavar="REQUEST", help="the certificate request file")
    ca_issue.add_argument(
        "--out", metavar="CERT", required=True, help="where to write the certificate"
    )
    export = commands.add_parser("export", help="write a sync package of this workspace's changes")
    export.add_argument("--all", action="store_true", help="everything, not only what is new")
    export.add_argument("--out", metavar="FILE", required=True, help="the package to write")
    imp = commands.add_parser("import", help="import sync packages, receipts or a field kit")
    imp.add_argument("files", metavar="FILE", nargs="+", help="package files")
    imp.add_argument(
        "--preview", action="store_true", help="say what importing would do; change nothing"
    )
    imp.add_argument(
        "--trust",
        metavar="FINGERPRINT",
        help="trust the package's authority (after checking its fingerprint with the office)",
    )
    imp.add_argument(
        "--receipt-dir", metavar="DIR", help="write a signed receipt of each import here"
    )
    receipt = commands.add_parser(
        "receipt", help="make again the signed receipt of a package imported here"
    )
    receipt.add_argument(
        "package", metavar="PACKAGE_ID_OR_FILE", help="the package file, or its id (or the start)"
    )
    receipt.add_argument(
        "--out", metavar="DIR", required=True, help="the folder to write the receipt into"
    )
    kit = commands.add_parser("kit", help="prepare a field kit for an inspector's laptop")
    kit.add_argument("--out", metavar="FILE", required=True, help="the package to write")
    kit.add_argument("--cert", metavar="CERT", help="the inspector's issued certificate (PEM)")
    kit.add_argument(
        "--inspection",
        metavar="ID",
        action="append",
        default=[],
        help="a prepared check to take along (repeat for more)",
    )
    inbox = commands.add_parser("inbox", help="import the new packages in a folder")
    inbox.add_argument("folder", metavar="DIR", help="the inbox folder")
    inbox.add_argument(
        "--watch",
        metavar="SECONDS",
        type=_seconds,
        help="keep watching, looking this often (at least 1 second)",
    )
    inbox.add_argument(
        "--receipts", action="store_true", help="write signed receipts into DIR/receipts"
    )
    conflicts = commands.add_parser("conflicts", help="fields changed on two sides")
    conflicts.add_argument("--inspection", metavar="ID", help="of this inspection only")
    resolve = commands.add_parser("resolve", help="settle a conflict by choosing one value")
    resolve.add_argument(
        "choice",
        metavar="CHANGE",
        help="the change (id or prefix) whose value to keep; for a record under a deleted one,"
        " its id",
    )
    resolve.add_argument("--reason", required=True, help="why this value (kept in the log)")
    commands.add_parser("packages", help="packages sent and received, and receipts")
    for sub in (sign, keys_init, keys_install, ca_init, ca_issue, export, imp, receipt, kit, inbox):
        sub.add_argument("--passphrase-file", metavar="F", help="read the passphrase from a file")
    for sub in (
        gui,
        demo,
        commands.choices["list"],
        show,
        minutes,
        sign,
        verify,
        keys_init,
        keys_install,
        ca_init,
        ca_issue,
        export,
        imp,
        receipt,
        kit,
        inbox,
        conflicts,
        resolve,
        commands.choices["packages"],
    ):
        _common(sub, sub=True)
    return parser


def _seconds(text: str) -> float:
    """A watch interval in seconds, 1 to a day (argparse refuses others, exit code 2)."""
    refusal = _("Give the watch interval in seconds, from 1 to 86400 (a day).")
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(str(refusal)) from None
    if not 1 <= value <= 86400:  # also refuses nan
        raise argparse.ArgumentTypeError(str(refusal))
    return value


def main(argv: Sequence[str] | None = None, *, run_gui: GuiRunner | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)  # findings are reported, not logged
    if args.lang:
        i18n.set_language(args.lang)
    home = resolve_home(args.home)
    try:
        if args.command in (None, "gui"):
            if run_gui is None:
                raise InspectorError(_("The desktop app is not available in this installation."))
            return run_gui(home, bool(getattr(args, "self_test", False)))
        with Workspace.open(home) as ws:
            logs.configure(ws.home, program=f"cli {args.command}")
            checklists.ensure_bundled_checklist(ws)  # a new workspace has it from its first use
            return COMMANDS[args.command](ws, args)
    except BrokenPipeError:  # the reader went away (`inspector list | head -1`): not an error
        devnull = os.open(os.devnull, os.O_WRONLY)  # so the exit's flush writes nowhere
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except (OSError, sqlite3.Error) as exc:  # a file, the disk or the database: no traceback
        return _refused(args, refusal(exc, home / DB_NAME))
    except InspectorError as exc:
        return _refused(args, exc)


def _refused(args: argparse.Namespace, exc: InspectorError) -> int:
    """Say why a command was refused, in one sentence on stderr; return exit code 1."""
    if args.json:
        print(
            json.dumps({"error": exc.message(), "error_en": exc.message("en")}, ensure_ascii=False),
            file=sys.stderr,
        )
    else:
        print(f"inspector: {exc}", file=sys.stderr)
    return 1


def _demo(ws: Workspace, args: argparse.Namespace) -> int:
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


def _list(ws: Workspace, args: argparse.Namespace) -> int:
    rows = listing.list_inspections(ws)
    text = "\n".join(
        f"{r['id']}  {r['number']}  {r['unit']}  {r['date']}  {r['status_label']}" for r in rows
    )
    emit(args, rows, text or str(_("No inspections yet.")))
    return 0


def _show(ws: Workspace, args: argparse.Namespace) -> int:
    detail = listing.inspection_detail(ws, listing.resolve_inspection_id(ws, args.id))
    emit(args, detail, _describe(detail))
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
    inspection_id = listing.resolve_inspection_id(ws, args.id)
    signed = sealing.signed_minutes(ws, inspection_id)
    if signed is not None:  # sealed: the signed file, whose printed code verifies (issue 9)
        out = safe_out(ws, Path(args.out))
        try:
            atomic.write_atomic(out, signed.path.read_bytes())
        except OSError as exc:
            raise ValidationError(_("The file {path} cannot be written.", path=args.out)) from exc
        data = {
            "path": str(out),
            "inspection_id": inspection_id,
            "digest": signed.record_digest,
            "signed": True,
            "source": str(signed.path),
        }
        emit(
            args,
            data,
            str(
                _(
                    "{path}: a copy of the signed minutes {source} (the inspection is sealed).",
                    path=str(out),
                    source=str(signed.path),
                )
            ),
        )
        return 0
    # --lang chooses the edition of the minutes (Vietnamese by default), as the contract says
    edition = args.lang or "vi"
    model = minutes_content.build(ws, inspection_id, lang=edition, number=args.number)
    try:
        out = minutes_layout.render(model, safe_out(ws, Path(args.out)))
    except OSError as exc:
        raise ValidationError(_("The file {path} cannot be written.", path=args.out)) from exc
    data = {
        "path": str(out),
        "inspection_id": inspection_id,
        "digest": model.digest(),
        "qr": minutes_layout.qr_payload(model),
        "signed": False,
    }
    emit(args, data, str(out))
    return 0


def _sign(ws: Workspace, args: argparse.Namespace) -> int:
    inspection_id = listing.resolve_inspection_id(ws, args.id)
    if args.member:
        path = sealing.approve(ws, inspection_id, args.member, passphrase(args))
        emit(args, {"path": str(path), "inspection_id": inspection_id}, str(path))
        return 0
    if args.supplement:
        try:
            text = Path(args.supplement).read_text(encoding="utf-8")
        except OSError as exc:
            raise ValidationError(
                _("The file {path} cannot be read.", path=args.supplement)
            ) from exc
        except UnicodeDecodeError as exc:
            raise ValidationError(
                _(
                    "The file {path} is not text (UTF-8): write the corrections in a plain text"
                    " file.",
                    path=args.supplement,
                )
            ) from exc
        path = sealing.sign_supplement(
            ws, inspection_id, text, passphrase(args), number=args.number, lang=args.lang or "vi"
        )
        emit(args, {"path": str(path), "inspection_id": inspection_id}, str(path))
        return 0
    editable_inspection(ws.db, inspection_id)  # a sealed one is refused before asking
    unsigned = [p["name"] for p in signatories.unsigned_parties(ws, inspection_id)]
    path = sealing.sign_minutes(
        ws, inspection_id, passphrase(args), number=args.number, lang=args.lang or "vi"
    )
    lines = [str(path)]
    if unsigned:  # the minutes say so; the command line says it too
        lines.append(
            str(
                _(
                    "Had not signed when the minutes were sealed (the minutes say so): {names}.",
                    names=", ".join(unsigned),
                )
            )
        )
    data = {"path": str(path), "inspection_id": inspection_id, "unsigned": unsigned}
    emit(args, data, "\n".join(lines))
    return 0


def _verify(ws: Workspace, args: argparse.Namespace) -> int:
    if args.digest:
        row = sealing.check_digest(ws, args.digest)
        found = {
            k: row[k]
            for k in (
                "inspection_id",
                "number_symbol",
                "unit",
                "record_digest",
                "signed_by",
                "sealed_at",
                "file_name",
            )
        }
        emit(
            args,
            {"match": True, **found},
            str(
                _(
                    "The code matches the sealed minutes of {number} at {unit}, signed by {signer}.",
                    number=row["number_symbol"],
                    unit=row["unit"],
                    signer=row["signed_by"],
                )
            ),
        )
        return 0
    if not args.file:
        raise ValidationError(_("Name a signed minutes file, or give --digest CODE."))
    if args.file.endswith(packages.SUFFIX):
        return cli_sync.verify_package(ws, Path(args.file), args)
    reports = sealing.verify_pdf(Path(args.file), identity.trust_roots(ws))
    lines = []
    for r in reports:
        state = _("valid") if r.unchanged else _("INVALID: the document was changed")
        trust = _("trusted") if r.trusted else _("untrusted: unknown authority")
        when = r.signed_at.isoformat() if r.signed_at else "?"
        lines.append(f"{r.field}: {r.signer} — {when} — {state} — {trust}")
    data = [
        {
            "field": r.field,
            "signer": r.signer,
            "signed_at": r.signed_at.isoformat() if r.signed_at else None,
            "intact": r.intact,
            "valid": r.valid,
            "trusted": r.trusted,
            "covers_whole_file": r.covers_whole_file,
            "changes_allowed": r.changes_allowed,
        }
        for r in reports
    ]
    emit(args, data, "\n".join(lines))
    if not all(r.unchanged for r in reports):
        raise SignatureError(_("A signature is not valid: the file was changed after signing."))
    if not all(r.trusted for r in reports):
        raise SignatureError(
            _("A signature is valid but its certificate is not from a trusted authority.")
        )
    return 0


def _keys(ws: Workspace, args: argparse.Namespace) -> int:
    if args.keys_command == "init":
        request = identity.init_keys(
            ws,
            args.name,
            passphrase(args),
            organisation=args.organisation,
            member=args.member,
            title=args.title,
        )
        emit(
            args,
            {"request": str(request)},
            str(
                _(
                    "Key pair made. Give the certificate request {path} to your office.",
                    path=str(request),
                )
            ),
        )
    else:
        cert = identity.install(ws, read(args.cert), member=args.member, trust=args.trust)
        emit(
            args,
            {"certificate": identity.common_name(cert)},
            str(_("Certificate installed for {name}.", name=identity.common_name(cert))),
        )
    return 0


def _ca(ws: Workspace, args: argparse.Namespace) -> int:
    if args.ca_command == "init":
        path = identity.init_ca(ws, args.name, passphrase(args))
        emit(args, {"certificate": str(path)}, str(path))
    else:
        out = safe_out(ws, Path(args.out))
        pem = identity.issue(ws, read(args.request), passphrase(args))
        write_file(out, pem)
        emit(args, {"certificate": str(out)}, str(out))
    return 0


COMMANDS: dict[str, Callable[[Workspace, argparse.Namespace], int]] = {
    "export": cli_sync.export,
    "import": cli_sync.import_,
    "receipt": cli_sync.receipt,
    "kit": cli_sync.kit,
    "inbox": cli_sync.watch_inbox,
    "conflicts": cli_sync.conflicts,
    "resolve": cli_sync.resolve,
    "packages": cli_sync.packages_status,
    "sign": _sign,
    "verify": _verify,
    "keys": _keys,
    "ca": _ca,
    "demo": _demo,
    "list": _list,
    "show": _show,
    "minutes": _minutes,
}

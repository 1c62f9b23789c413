# SPDX-License-Identifier: GPL-3.0-or-later
"""The command line: a stable contract for scripts, tests and benchmarks (see the README).

Exit codes: 0 done; 1 refused (a one-sentence reason on stderr, nothing changed); 2 wrong usage;
3 done in part (what was committed and what was not, each said on stderr).
The desktop app is started through a callable the launcher passes in, so this module never imports
the Qt side.

A command loads only the wings it uses: this module parses the arguments, and the module of the
command named (:data:`COMMANDS`) is imported when that command runs. ``list`` and ``show`` load
the store and the listing, never signing, sync or the PDF layout; ``--version`` and a usage error
load no workspace at all.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from inspector import __version__, i18n
from inspector.errors import InspectorError
from inspector.i18n import _

if TYPE_CHECKING:
    from inspector.store.workspace import Workspace

GuiRunner = Callable[[Path, bool], int]
Command = Callable[["Workspace", argparse.Namespace], int]

# Each command's function as "module:function", imported when the command runs.
COMMANDS: dict[str, str] = {
    "demo": "inspector.cli.demo:demo",
    "list": "inspector.cli.reads:list_inspections",
    "show": "inspector.cli.reads:show",
    "search": "inspector.cli.office:search_",
    "findings": "inspector.cli.office:findings",
    "ledger": "inspector.cli.office:ledger_",
    "report": "inspector.cli.office:report_",
    "document": "inspector.cli.office:document",
    "bundle": "inspector.cli.office:bundle_",
    "recommendations": "inspector.cli.followup:recommendations",
    "follow-up": "inspector.cli.followup:follow_up",
    "reinspect": "inspector.cli.followup:reinspect_",
    "minutes": "inspector.cli.minutes:minutes",
    "sign": "inspector.cli.minutes:sign",
    "verify": "inspector.cli.verify:verify",
    "keys": "inspector.cli.keys:keys",
    "ca": "inspector.cli.keys:ca",
    "export": "inspector.cli.sync:export",
    "import": "inspector.cli.sync:import_",
    "receipt": "inspector.cli.sync:receipt",
    "kit": "inspector.cli.sync:kit",
    "inbox": "inspector.cli.sync:watch_inbox",
    "conflicts": "inspector.cli.sync:conflicts",
    "resolve": "inspector.cli.sync:resolve",
    "packages": "inspector.cli.sync:packages_status",
}


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
    demo.add_argument(
        "--office",
        action="store_true",
        help="make this empty workspace an office holding three teams' checks, imported from"
        " their signed packages",
    )
    commands.add_parser("list", help="list the inspections")
    show = commands.add_parser("show", help="show everything recorded for one inspection")
    show.add_argument("id", metavar="ID", help="inspection id (or a unique prefix of it)")
    find = commands.add_parser(
        "search", help="search what the checks found, with or without Vietnamese marks"
    )
    find.add_argument("words", metavar="WORD", nargs="+", help='e.g. "trach nhiem"')
    find.add_argument("--limit", type=int, default=200, help="at most this many (default: 200)")
    rows = commands.add_parser(
        "findings", help="every finding of every check, narrowed by filters (the office's table)"
    )
    chosen = rows.add_mutually_exclusive_group()
    chosen.add_argument("--view", metavar="NAME", help="the filters of a view saved on screen")
    chosen.add_argument(
        "--filter",
        metavar="TEXT",
        default="",
        help="e.g. 'severity=3&area=B&q=trach nhiem' (facets: province, unit, team, area,"
        " item, severity, responsibility, person, check_status, recommendation_status, month;"
        " q: words)",
    )
    rows.add_argument(
        "--sort",
        choices=("relevance", "date", "check", "unit", "area", "severity", "title"),
        help="sort by this column (default: with words to search for, the findings that say"
        " them best first; else the date, newest first)",
    )
    rows.add_argument("--ascending", action="store_true", help="smallest first")
    rows.add_argument("--limit", type=int, default=-1, help="at most this many")
    rows.add_argument("--csv", action="store_true", help="print CSV (with a header) instead")
    book = commands.add_parser(
        "ledger", help="the responsibility ledger: per person and unit, what the checks recorded"
    )
    book.add_argument("--from", dest="start", metavar="YYYY-MM-DD", required=True)
    book.add_argument("--to", dest="end", metavar="YYYY-MM-DD", required=True)
    book.add_argument("--unit", metavar="ID", help="only the checks of this unit and its sub-units")
    book.add_argument("--out", metavar="FILE.pdf", help="also write it as an annex to sign off")
    book.add_argument("--csv", action="store_true", help="print CSV (with a header) instead")
    period = commands.add_parser(
        "report", help="the period report: checks, roll call, dossiers, findings, money"
    )
    period.add_argument("--from", dest="start", metavar="YYYY-MM-DD", required=True)
    period.add_argument("--to", dest="end", metavar="YYYY-MM-DD", required=True)
    period.add_argument(
        "--unit", metavar="ID", help="only the checks of this unit and its sub-units"
    )
    period.add_argument("--out", metavar="FILE.pdf|FILE.xlsx", help="also write it as a file")
    paper = commands.add_parser(
        "document", help="draft a check's report of results or notice of conclusions"
    )
    paper.add_argument("id", metavar="ID", help="inspection id (or a unique prefix of it)")
    paper.add_argument("kind", choices=("report", "notice"), help="which document")
    paper.add_argument("--out", metavar="FILE.pdf|FILE.docx", required=True)
    many = commands.add_parser(
        "bundle", help="many checks' signed minutes in one PDF to print, after a cover list"
    )
    which = many.add_mutually_exclusive_group(required=True)
    which.add_argument("ids", metavar="ID", nargs="*", default=[], help="inspection ids")
    which.add_argument("--view", metavar="NAME", help="the signed checks of a saved view")
    many.add_argument("--out", metavar="FILE.pdf", required=True)
    register, follow, again = _followup_parsers(commands)
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
        find,
        rows,
        book,
        period,
        paper,
        many,
        register,
        follow,
        again,
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


def _followup_parsers(commands: Any) -> tuple[argparse.ArgumentParser, ...]:
    """The follow-up register's commands: ``recommendations``, ``follow-up``, ``reinspect``."""
    register = commands.add_parser(
        "recommendations", help="the follow-up register: every recommendation, most urgent first"
    )
    register.add_argument(
        "--standing",
        nargs="+",
        action="extend",
        default=[],
        choices=("overdue", "open", "in-progress", "done", "dropped"),
        help="only those standing so",
    )
    register.add_argument("--unit", metavar="ID", action="append", default=[], help="who must act")
    register.add_argument(
        "--follower", metavar="ID", action="append", default=[], help="who follows it up"
    )
    register.add_argument(
        "--by", choices=("unit", "follower"), help="instead: the overdue counts per unit or person"
    )
    register.add_argument("--csv", action="store_true", help="print CSV (with a header) instead")
    register.add_argument("--limit", type=int, default=-1, help="at most this many")
    follow = commands.add_parser("follow-up", help="record how a recommendation is followed up")
    follow.add_argument("id", metavar="ID", help="recommendation id (or a unique prefix of it)")
    follow.add_argument("--status", help="e.g. IN_PROGRESS, DONE, VERIFIED, NOT_FEASIBLE")
    follow.add_argument("--note", metavar="TEXT", help="the follow-up note (a drop's reason)")
    follow.add_argument("--report", metavar="TEXT", help="the unit's report of what it did")
    who = follow.add_mutually_exclusive_group()
    who.add_argument("--follower", metavar="PERSON_ID", help="the person who follows it up")
    who.add_argument(
        "--follower-leader", action="store_true", help="followed up by the check's team leader"
    )
    follow.add_argument("--extend", metavar="N", type=int, help="extend by N working days")
    follow.add_argument("--reason", metavar="TEXT", help="why the deadline is extended")
    follow.add_argument(
        "--file", metavar="PATH", nargs="+", action="extend", default=[], help="files to keep"
    )
    follow.add_argument("--history", action="store_true", help="print its history instead")
    again = commands.add_parser("reinspect", help="prepare a re-inspection of a check's failures")
    again.add_argument("id", metavar="ID", help="inspection id (or a unique prefix of it)")
    again.add_argument("--list", action="store_true", help="list the failed items instead")
    again.add_argument("--number", help="the new decision's number and symbol")
    again.add_argument("--date", help="the new decision's date (YYYY-MM-DD or DD/MM/YYYY)")
    again.add_argument("--signer", metavar="NAME", help="who signed the new decision")
    again.add_argument("--leader", metavar="PERSON_ID", help="the team leader")
    again.add_argument("--member", metavar="PERSON_ID", action="append", default=[])
    again.add_argument(
        "--item", metavar="CODE", action="append", default=[], help="only these failed items"
    )
    return register, follow, again


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
    """Run the command line; return the exit code.

    What a command sets for itself is undone when it returns (the language of ``--lang``, the
    workspace's log and the levels of the loggers), so that commands run one after another in one
    process (tests, a script) give what each gives alone.
    """
    args = build_parser().parse_args(argv)
    language = i18n.current_language()
    pyhanko = logging.getLogger("pyhanko")
    level = pyhanko.level
    pyhanko.setLevel(logging.CRITICAL)  # findings are reported, not logged
    try:
        if args.lang:
            i18n.set_language(args.lang)
        return _run(args, run_gui)
    finally:
        i18n.set_language(language)
        pyhanko.setLevel(level)


def command(name: str) -> Command:
    """Return the function of the command ``name``, importing its module (see :data:`COMMANDS`)."""
    module, function = COMMANDS[name].split(":")
    return cast(Command, getattr(importlib.import_module(module), function))


def _run(args: argparse.Namespace, run_gui: GuiRunner | None) -> int:
    # Imported here, once the arguments are read, not at the top: --version and a usage error
    # need no workspace, and sqlite-utils alone takes several times Python's own start.
    from inspector import logs
    from inspector.cli.util import refusal
    from inspector.fieldwork import checklists
    from inspector.store.workspace import DB_NAME, Workspace, resolve_home

    home = resolve_home(args.home)
    try:
        if args.command in (None, "gui"):
            if run_gui is None:
                raise InspectorError(_("The desktop app is not available in this installation."))
            return run_gui(home, bool(getattr(args, "self_test", False)))
        run = command(args.command)
        levels = {name: logging.getLogger(name).level for name in logs.LOGGERS}
        with Workspace.open(home) as ws:
            logs.configure(ws.home, program=f"cli {args.command}")
            try:
                checklists.ensure_bundled_checklist(ws)  # a new workspace has it from its first use
                return run(ws, args)
            finally:
                logs.close()
                for name, level in levels.items():
                    logging.getLogger(name).setLevel(level)
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

# SPDX-License-Identifier: GPL-3.0-or-later
"""The checks of an import that concern signed minutes, run after merging, before committing.

A seal a package brings must be the team leader's signed minutes (:func:`verify_seals`); minutes
rows and a check's signed status are never plain fields: a check is signed only by a seal,
supplementary minutes come with their own leader-signed file, an approval only adds signatures,
each in its owner's block (:func:`verify_minutes`).
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

from inspector.errors import InspectorError, PackageError
from inspector.i18n import _
from inspector.minutes import sealing
from inspector.minutes.model import QR_PREFIX
from inspector.store import seals
from inspector.store.evidence_store import file_digest, path_for
from inspector.store.workspace import Workspace
from inspector.sync.checks import order_error
from inspector.sync.graph import parsed
from inspector.sync.packages import Package
from inspector.trust import identity


def verify_seals(
    ws: Workspace, pkg: Package, fresh: list[dict[str, Any]], leaders: dict[str, list[str]]
) -> None:
    """A seal a package brings must be the team leader's: its signed minutes come with it and
    verify (intact, trusted, certified by the leader), it fixes only the records of its own
    inspection, and no other seal of that inspection exists."""
    for change in fresh:
        signed = parsed_new(change)
        if not (
            change["table_name"] == "minutes"
            and change["op"] == "insert"
            and signed.get("kind") == "MAIN"
            and signed.get("sealed_state") is not None
        ):
            continue
        inspection_id = str(signed.get("inspection_id"))
        if change["record_id"] != seals.seal_id(inspection_id):
            raise _not_a_seal()  # a check's seal has one id everywhere: a copy is no seal
        others = ws.db.execute(
            "SELECT count(*) FROM changes WHERE table_name = 'minutes' AND op = 'insert'"
            " AND record_id = ? AND json_extract(new_value, '$.sealed_state') IS NOT NULL"
            " AND json_extract(new_value, '$.record_digest') IS NOT ?",
            [change["record_id"], signed.get("record_digest")],
        ).fetchone()[0]
        if others:
            raise PackageError(
                _("The package brings a second seal for minutes that are already sealed.")
            )
        _check_sealed_state(json.loads(signed["sealed_state"]), inspection_id)
        _check_signed_file(ws, pkg, change, inspection_id, leaders.get(inspection_id, []))


def parsed_new(change: dict[str, Any]) -> dict[str, Any]:
    """The values an insert gives (empty for an edit, whose new value is one column's)."""
    new = parsed(change)["_new"]
    return new if isinstance(new, dict) else {}  # an edit's new value is one column's


def _not_a_seal() -> PackageError:
    return PackageError(
        _("The package brings a seal that is not the team leader's signed minutes.")
    )


def _check_sealed_state(state: Any, inspection_id: str) -> None:
    """The seal names only record tables of its own inspection, each record as a dict, and of
    the registers only what the minutes print (see seals.check_state)."""
    if not seals.check_state(state, inspection_id):
        raise _not_a_seal()


def _check_signed_file(
    ws: Workspace, pkg: Package, change: dict[str, Any], inspection_id: str, before: list[str]
) -> None:
    """The minutes' signed file is in the package, verifies, and is certified by the leader."""
    digests = {parsed_new(change).get("pdf_sha256")}
    for name in pkg.manifest["entries"]:
        if name.startswith("minutes/") and name[len("minutes/") : -len(".pdf")] in digests:
            break
    else:
        row = ws.db.execute(
            "SELECT pdf_sha256 FROM minutes WHERE id = ?", [change["record_id"]]
        ).fetchone()
        name = f"minutes/{row[0]}.pdf" if row else ""
        if name not in pkg.manifest["entries"]:
            raise _not_a_seal()
    reports, keywords = _reports(ws, pkg, pkg.read(name))
    # the leader as this workspace knew them before the package; a check new here, as it came
    leaders = before or team_leaders(ws, inspection_id)
    if not leaders:  # the team came in an earlier package, not imported here
        raise order_error(pkg)
    first = reports[0]
    if not first.ok or not sealing.check_seal(parsed_new(change), keywords, first.name):
        raise _not_a_seal()  # not intact and trusted, or not the state the signed file names
    if not any(sealing.same_person(first.name, n) for n in leaders):
        raise order_error(pkg)  # the leader may be named in a package not imported yet


def verify_minutes(
    ws: Workspace, pkg: Package, fresh: list[dict[str, Any]], leaders: dict[str, list[str]]
) -> None:
    """Minutes rows and a check's signed status are never plain fields: a check is signed only
    by a seal; supplementary minutes come with their signed file, certified by the team leader
    for the code they carry; an approval adds, in the approver's own block, a signature to a
    signed file this workspace knows; nothing else of minutes changes. Call after merging."""
    sealed = seals.sealed_inspections(ws.db)
    for change in fresh:
        table, op, new = change["table_name"], change["op"], change["_new"]
        if table == "inspections" and (
            (op == "update" and change["field"] == "status" and new == "SIGNED")
            or (op == "insert" and isinstance(new, dict) and new.get("status") == "SIGNED")
        ):
            if change["record_id"] not in sealed:
                raise PackageError(
                    _(
                        "The package is refused: it marks a check as signed that has no"
                        " signed minutes."
                    )
                )
        if table != "minutes":
            continue
        if op == "insert" and isinstance(new, dict) and new.get("kind") == "MAIN":
            if new.get("sealed_state") is None:
                raise _not_a_seal()
        elif op == "insert" and isinstance(new, dict) and new.get("kind") == "SUPPLEMENT":
            _check_supplement(ws, pkg, change, sealed, leaders)
        elif op == "insert":
            raise _not_a_seal()
        elif op == "update" and change["field"] == "pdf_sha256":
            _check_approval(ws, pkg, change)
        elif op == "update" and not _is_sealed_main(change["record_id"], sealed):
            raise _minutes_refused()  # a sealed one's are held by its seal, and reported
        elif op == "delete" and not _is_sealed_main(change["record_id"], sealed):
            raise _minutes_refused()


def _is_sealed_main(record_id: str, sealed: dict[str, tuple[str, dict[str, Any]]]) -> bool:
    return any(minutes_id == record_id for minutes_id, _signed in sealed.values())


def _minutes_refused() -> PackageError:
    return PackageError(
        _("The package is refused: it changes signed minutes in a way the app never does.")
    )


def _signed_file(ws: Workspace, pkg: Package, digest: Any) -> bytes:
    """The signed file of a minutes record: from the package, else this workspace's store."""
    if not isinstance(digest, str) or not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise _minutes_refused()
    name = f"minutes/{digest}.pdf"
    if name in pkg.manifest["entries"]:
        return pkg.read(name)
    stored = path_for(ws.evidence_dir, digest)
    if stored.is_file() and file_digest(stored) == digest:
        return stored.read_bytes()
    raise PackageError(_("The package is refused: it brings minutes without their signed file."))


def _reports(ws: Workspace, pkg: Package, data: bytes) -> tuple[list[Any], str]:
    """Verify a signed file (trusted here, or by the authority the user just accepted)."""
    trust = identity.trust_roots(ws) + ([pkg.newly_trusted] if pkg.newly_trusted else [])
    with tempfile.TemporaryDirectory(prefix="inspector-minutes-") as tmp:
        path = Path(tmp) / "minutes.pdf"
        path.write_bytes(data)
        try:
            return sealing.verify_pdf(path, trust), sealing.certified_keywords(path)
        except InspectorError as exc:
            raise _not_a_seal() from exc


def team_leaders(ws: Workspace, inspection_id: str) -> list[str]:
    """The names of a check's team leader as this workspace knows the team now."""
    return [
        r[0]
        for r in ws.db.execute(
            "SELECT p.full_name FROM team_members t JOIN people p ON p.id = t.person_id"
            " WHERE t.inspection_id = ? AND t.role = 'LEADER' AND t.deleted = 0",
            [inspection_id],
        )
    ]


def _check_supplement(
    ws: Workspace,
    pkg: Package,
    change: dict[str, Any],
    sealed: dict[str, tuple[str, dict[str, Any]]],
    leaders: dict[str, list[str]],
) -> None:
    """Supplementary minutes: of a sealed check, certified by its leader for the code they
    carry, with their signed file, which no other minutes have (the main minutes' file, certified
    by the same leader, cannot pass for a supplement of any text)."""
    new = change["_new"]
    inspection_id = str(new.get("inspection_id"))
    if inspection_id not in sealed or new.get("supplements_id") != sealed[inspection_id][0]:
        raise _not_a_seal()
    if ws.db.execute(
        "SELECT 1 FROM minutes WHERE id != ? AND (pdf_sha256 = ? OR record_digest = ?)",
        [change["record_id"], new.get("pdf_sha256"), new.get("record_digest")],
    ).fetchone():
        raise _not_a_seal()
    reports, keywords = _reports(ws, pkg, _signed_file(ws, pkg, new.get("pdf_sha256")))
    first = reports[0]
    if not (
        all(r.ok for r in reports)
        and keywords == f"{QR_PREFIX};sha256={new.get('record_digest')}"
        and any(
            sealing.same_person(first.name, n)
            for n in leaders.get(inspection_id) or team_leaders(ws, inspection_id)
        )
        and sealing.same_person(first.name, str(new.get("signed_by", "")))
    ):
        raise _not_a_seal()


def _check_approval(ws: Workspace, pkg: Package, change: dict[str, Any]) -> None:
    """An approval: the new file is every file it replaces (the values of the changes it
    follows) with signatures added, each in the block of the person whose certificate made it;
    so no approval is ever taken back."""
    record_id = change["record_id"]
    row = ws.db.execute("SELECT slots FROM minutes WHERE id = ?", [record_id]).fetchone()
    if row is None or not change["_parents"]:
        raise _minutes_refused()
    data = _signed_file(ws, pkg, change["_new"])
    marks = ", ".join("?" for _ in change["_parents"])
    replaced = ws.db.execute(
        f"SELECT op, field, new_value FROM changes WHERE change_id IN ({marks})"
        " AND table_name = 'minutes' AND record_id = ?",
        [*change["_parents"], record_id],
    ).fetchall()
    if len(replaced) != len(set(change["_parents"])):
        raise _minutes_refused()  # it follows changes that are not this record's signed file
    for op, fld, value in replaced:
        parsed = json.loads(value)
        digest = parsed.get("pdf_sha256") if op == "insert" and isinstance(parsed, dict) else None
        if op == "update" and fld == "pdf_sha256":
            digest = parsed
        before = _signed_file(ws, pkg, digest)
        if not (len(data) > len(before) and data.startswith(before)):
            raise _minutes_refused()
    reports, _keywords = _reports(ws, pkg, data)
    try:
        slots = json.loads(row[0] or "{}")
    except ValueError:
        slots = {}
    blocks = {str(v): str(k) for k, v in slots.items()} if isinstance(slots, dict) else {}
    if not reports[0].ok:
        raise _not_a_seal()
    for report in reports[1:]:
        owner = blocks.get(report.field)
        if not report.ok or owner is None or not sealing.same_person(report.name, owner):
            raise PackageError(
                _(
                    "The package is refused: a signature in the signed minutes is not made by"
                    " the person whose block it fills ({name}).",
                    name=owner or report.field,
                )
            )

# SPDX-License-Identifier: GPL-3.0-or-later
"""An office and three teams: each team's laptop is enrolled by the office, records a check made
from a seed (the first team signs and seals its minutes), and sends everything in a signed
package that the office imports; and each finding's
facet values worked out in plain Python from rows (the packages' own, or a workspace's)."""

from __future__ import annotations

import json
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from inspector.fieldwork import checklists
from inspector.minutes import sealing
from inspector.store.workspace import Workspace
from inspector.sync import exchange
from inspector.trust import identity
from inspector.workdays import bundled_calendar
from tests.minutes_world import make_check

PASSPHRASE = "mật khẩu của văn phòng"
# Each team's check, made from a seed; its leader signs the team's package (a package may change
# only the checks whose team its signer is in).
TEAMS = {"Đoàn 1": 21, "Đoàn 2": 23, "Đoàn 3": 25}
TABLES = (
    "findings",
    "inspections",
    "decisions",
    "org_units",
    "responsibilities",
    "recommendations",
    "explanations",
    "responses",
    "attendance",
    "team_members",
)


@dataclass
class Office:
    office: Workspace
    packages: list[Path]


def make_office(root: Path, *, sign_all: bool = False) -> Office:
    """The office's workspace with the three teams' packages imported through the sync path (the
    first team's minutes signed, or every team's with ``sign_all``)."""
    office = Workspace.open(root / "office")
    checklists.ensure_bundled_checklist(office)
    identity.init_ca(office, "Bảo hiểm xã hội tỉnh Thử Nghiệm", PASSPHRASE)
    calendar = bundled_calendar()
    packages = []
    for n, seed in enumerate(TEAMS.values(), start=1):
        with Workspace.open(root / f"rehearsal{n}") as rehearsal:  # who the seed makes leader
            checklists.ensure_bundled_checklist(rehearsal)
            leader = make_check(rehearsal, seed, calendar).team[0][0]
        with Workspace.open(root / f"team{n}") as laptop:
            checklists.ensure_bundled_checklist(laptop)
            request = identity.init_keys(laptop, leader, PASSPHRASE)
            issued = identity.issue(office, request.read_bytes(), PASSPHRASE)
            identity.install(laptop, issued, trust=True)
            made = make_check(laptop, seed, calendar)
            if n == 1 or sign_all:  # the leader signs and seals the minutes before sending
                sealing.sign_minutes(laptop, made.inspection_id, PASSPHRASE, number=made.number)
            out = root / "packages" / f"team{n}.inspkg"
            exchange.export_package(
                laptop, out, identity.load_identity(laptop, PASSPHRASE), everything=True
            )
            packages.append(out)
    for package in packages:
        result = exchange.import_package(office, package)
        assert result.applied and not result.refused, result.refused[:3]
    return Office(office, packages)


def team_home(root: Path, inspection_id: str) -> Path:
    """The laptop folder (under ``root``, as :func:`make_office` made it) of the team whose check
    ``inspection_id`` is."""
    for n in range(1, len(TEAMS) + 1):
        with Workspace.open(root / f"team{n}") as ws:
            if ws.db.execute("SELECT 1 FROM inspections WHERE id = ?", [inspection_id]).fetchone():
                return root / f"team{n}"
    raise LookupError(inspection_id)


def plain(text: str) -> str:
    """Vietnamese marks removed the long way, independently of the app's folding: the whole text
    decomposed, its marks dropped, đ spelled d, in lower case."""
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def package_rows(
    packages: Iterable[Path], tables: Iterable[str] = TABLES
) -> dict[str, list[dict[str, Any]]]:
    """The live records the packages carry, by table, read from their own ``records.jsonl``."""
    found: dict[str, dict[str, dict[str, Any]]] = {t: {} for t in tables}
    for package in packages:
        with zipfile.ZipFile(package) as archive:
            for line in archive.read("records.jsonl").splitlines():
                entry = json.loads(line)
                if entry["table"] in found:
                    found[entry["table"]][entry["row"]["id"]] = entry["row"]
    return {t: [r for r in rows.values() if not r["deleted"]] for t, rows in found.items()}


def workspace_rows(ws: Workspace) -> dict[str, list[dict[str, Any]]]:
    """The live records of a workspace, by table."""
    return {t: list(ws.db.query(f"SELECT * FROM {t} WHERE deleted = 0")) for t in TABLES}


def check_day(check: dict[str, Any], decisions: dict[str, dict[str, Any]]) -> str:
    """A check's day: its arrival in Vietnam (UTC+7), else its decision's day."""
    if check["arrived_at"]:
        at = datetime.fromisoformat(check["arrived_at"].replace("Z", "+00:00"))
        return (at + timedelta(hours=7)).date().isoformat()
    return str(decisions[check["decision_id"]]["signed_on"])


def item_codes() -> dict[str, str]:
    """Each checklist item's code by its id, from the bundled checklist file (the ids every
    workspace gives its items)."""
    data = checklists.load_template_file()
    return {
        checklists._stable_id("item", data["code"], int(data["version"]), item["code"]): item[
            "code"
        ]
        for area in data["areas"]
        for item in area["items"]
    }


def facet_values(rows: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, set[str]]]:
    """Each live finding's values of each facet."""
    checks = {r["id"]: r for r in rows["inspections"]}
    decisions = {r["id"]: r for r in rows["decisions"]}
    units_by_id = {r["id"]: r for r in rows["org_units"]}

    def province(unit: str) -> str:
        while units_by_id[unit]["level"] != "PROVINCIAL" and units_by_id[unit]["parent_id"]:
            unit = units_by_id[unit]["parent_id"]
        return unit

    def month(check: dict[str, Any]) -> str:
        if check["arrived_at"]:
            at = datetime.fromisoformat(check["arrived_at"].replace("Z", "+00:00"))
            return (at + timedelta(hours=7)).strftime("%Y-%m")
        return str(decisions[check["decision_id"]]["signed_on"])[:7]

    codes = item_codes()
    leader = {
        m["inspection_id"]: m["person_id"] for m in rows["team_members"] if m["role"] == "LEADER"
    }
    values = {}
    for f in rows["findings"]:
        check = checks.get(f["inspection_id"])
        if check is None:
            continue
        mine = [r for r in rows["responsibilities"] if r["finding_id"] == f["id"]]
        values[f["id"]] = {
            "province": {province(check["unit_id"])},
            "unit": {check["unit_id"]},
            "team": {leader[check["id"]]} if check["id"] in leader else set(),
            "area": {f["area_code"]} if f["area_code"] else set(),
            "item": {codes[f["item_id"]]} if f["item_id"] else set(),
            "severity": {f["severity"]},
            "responsibility": {r["level"] for r in mine},
            "person": {r["person_id"] for r in mine if r["person_id"]},
            "check_status": {check["status"]},
            "recommendation_status": {
                r["status"] for r in rows["recommendations"] if r["finding_id"] == f["id"]
            },
            "month": {month(check)},
        }
    return values

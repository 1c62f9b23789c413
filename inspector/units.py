# SPDX-License-Identifier: GPL-3.0-or-later
"""The registers: organisational units (with effective dates and predecessors) and people."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from inspector import records
from inspector import validate as v
from inspector.errors import ValidationError
from inspector.i18n import _
from inspector.model import StaffType, UnitLevel
from inspector.workspace import Workspace

UNIT = _("Unit")
PERSON = _("Person")


def add_unit(
    ws: Workspace,
    *,
    name: str,
    level: str,
    code: str | None = None,
    admin_unit_code: str | None = None,
    name_short: str | None = None,
    parent_id: str | None = None,
    superior_for_header: str | None = None,
    address: str | None = None,
    place_name: str | None = None,
    valid_from: date | str | None = None,
    valid_to: date | str | None = None,
    predecessor_ids: Iterable[str] = (),
    working_hours: tuple[str, str, str, str] | None = None,
) -> str:
    """Add an organisational unit to the register; return its id."""
    values: dict[str, Any] = {
        "name": v.required_text(name, _("Unit name"), max_len=300),
        "level": v.choice(UnitLevel, level, _("unit level")).value,
        "code": v.text(code, _("Unit code"), required=False, max_len=50),
        "admin_unit_code": v.text(admin_unit_code, _("Administrative unit code"), required=False),
        "name_short": v.text(name_short, _("Short name"), required=False, max_len=100),
        "superior_for_header": v.text(
            superior_for_header, _("Superior body"), required=False, max_len=300
        ),
        "address": v.text(address, _("Address"), required=False, max_len=500),
        "place_name": v.text(place_name, _("Place name"), required=False, max_len=100),
    }
    start = v.day(valid_from, _("Valid from"), required=False)
    end = v.day(valid_to, _("Valid to"), required=False)
    if start and end:
        v.not_before(start, end, _("Valid from"), _("Valid to"))
    values["valid_from"] = start.isoformat() if start else None
    values["valid_to"] = end.isoformat() if end else None
    if working_hours is not None:
        values.update(zip(("am_start", "am_end", "pm_start", "pm_end"), working_hours, strict=True))
    predecessors = list(predecessor_ids)
    with ws.transaction() as db:
        if parent_id is not None:
            records.get(db, "org_units", parent_id, what=_("Parent unit"))
        for pred in predecessors:
            records.get(db, "org_units", pred, what=_("Predecessor unit"))
        unit_id = records.insert(db, ws.actor, "org_units", {**values, "parent_id": parent_id})
        for pred in predecessors:
            records.insert(
                db, ws.actor, "org_unit_predecessors", {"unit_id": unit_id, "predecessor_id": pred}
            )
    return unit_id


def add_person(
    ws: Workspace,
    *,
    full_name: str,
    unit_id: str | None,
    position: str | None = None,
    staff_type: str | None = None,
    gender: str | None = None,
    date_of_birth: date | str | None = None,
    job_position: str | None = None,
    grade: str | None = None,
    badge_no: str | None = None,
    phone: str | None = None,
) -> str:
    """Add a person (a staff member of a unit, or an inspector) to the register; return the id."""
    birth = v.day(date_of_birth, _("Date of birth"), required=False)
    if birth is not None and birth > date.today():
        raise ValidationError(
            _("The date of birth cannot be in the future."), field="date_of_birth"
        )
    kind = v.optional_choice(StaffType, staff_type, _("staff type"))
    values: dict[str, Any] = {
        "full_name": v.required_text(full_name, _("Full name"), max_len=200),
        "position": v.text(position, _("Position"), required=False, max_len=200),
        "staff_type": kind.value if kind else None,
        "gender": v.text(gender, _("Gender"), required=False, max_len=20),
        "date_of_birth": birth.isoformat() if birth else None,
        "job_position": v.text(job_position, _("Job position"), required=False, max_len=200),
        "grade": v.text(grade, _("Grade"), required=False, max_len=100),
        "badge_no": v.text(badge_no, _("Badge number"), required=False, max_len=50),
        "phone": v.text(phone, _("Phone"), required=False, max_len=50),
    }
    with ws.transaction() as db:
        if unit_id is not None:
            records.get(db, "org_units", unit_id, what=UNIT)
        return records.insert(db, ws.actor, "people", {**values, "unit_id": unit_id})


def staff_of(ws: Workspace, unit_id: str) -> list[dict[str, Any]]:
    """Return the live people of a unit, by name."""
    records.get(ws.db, "org_units", unit_id, what=UNIT)
    return list(
        ws.db.query(
            "SELECT * FROM people WHERE unit_id = ? AND deleted = 0 ORDER BY full_name",
            [unit_id],
        )
    )


def units(ws: Workspace) -> list[dict[str, Any]]:
    """Return the live units of the register, by name."""
    return list(ws.db.query("SELECT * FROM org_units WHERE deleted = 0 ORDER BY name"))

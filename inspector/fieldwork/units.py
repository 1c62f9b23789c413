# SPDX-License-Identifier: GPL-3.0-or-later
"""The registers: organisational units (with effective dates and predecessors) and people."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlite_utils import Database

from inspector.errors import ValidationError
from inspector.i18n import Text, _
from inspector.store import columns, records
from inspector.store import validate as v
from inspector.store.workspace import Actor, Workspace
from inspector.vocabulary import Gender, InspectionStatus, StaffType, UnitLevel

UNIT = _("Unit")
PERSON = _("Person")

# How people write a gender, and the code it is stored as (older records hold "Nam", "Nữ").
_GENDER_WORDS = {
    "nam": Gender.MALE,
    "male": Gender.MALE,
    "m": Gender.MALE,
    "nữ": Gender.FEMALE,
    "nu": Gender.FEMALE,
    "female": Gender.FEMALE,
    "f": Gender.FEMALE,
}


def gender_of(value: str | None) -> Gender | None:
    """Read a stored or typed gender (a code, or a word such as "Nam", "Nữ"); None if unknown."""
    if not value:
        return None
    text = value.strip()
    if text in {g.value for g in Gender}:
        return Gender(text)
    return _GENDER_WORDS.get(text.casefold())


def clean_gender(value: Any) -> str | None:
    """Validate a gender given as a code or word; return its code, None for none.

    Raises:
        ValidationError: a value that names no gender.
    """
    text = v.text(value, _("Gender"), required=False, max_len=20)
    if text is None:
        return None
    gender = gender_of(text)
    if gender is None:
        raise ValidationError(
            _("“{value}” is not a gender; choose male or female.", value=text), field="gender"
        )
    return gender.value


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
        "admin_unit_code": v.text(
            admin_unit_code, _("Administrative unit code"), required=False, max_len=50
        ),
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
        values.update(zip(HOURS, working_hours, strict=True))
        for key in HOURS:
            columns.check_value("org_units", key, values[key])  # "07:30"
        check_hours(values)
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
        "gender": clean_gender(gender),
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


# The details of a person typed as they are, each with its label and its longest length.
_DETAILS: dict[str, tuple[Text, int]] = {
    "job_position": (_("Job position"), 200),
    "grade": (_("Grade"), 100),
    "badge_no": (_("Badge number"), 50),
    "phone": (_("Phone"), 50),
}

PERSON_FIELDS = (
    "full_name",
    "position",
    "staff_type",
    "gender",
    "date_of_birth",
    "job_position",
    "grade",
    "badge_no",
    "phone",
)


def update_person(ws: Workspace, person_id: str, **changes: Any) -> bool:
    """Change fields of a person (see PERSON_FIELDS); True if anything changed."""
    v.reject_unknown(changes, PERSON_FIELDS, PERSON)
    values: dict[str, Any] = {}
    for key, value in changes.items():
        if key == "full_name":
            values[key] = v.required_text(value, _("Full name"), max_len=200)
        elif key == "staff_type":
            kind = v.optional_choice(StaffType, value, _("staff type"))
            values[key] = kind.value if kind else None
        elif key == "gender":
            values[key] = clean_gender(value)
        elif key == "position":
            values[key] = v.text(value, _("Position"), required=False, max_len=200)
        elif key == "date_of_birth":
            birth = v.day(value, _("Date of birth"), required=False)
            if birth is not None and birth > date.today():
                raise ValidationError(_("The date of birth cannot be in the future."))
            values[key] = birth.isoformat() if birth else None
        else:
            what, longest = _DETAILS[key]
            values[key] = v.text(value, what, required=False, max_len=longest)
    with ws.transaction() as db:
        return write_person(db, ws.actor, person_id, values)


def write_person(db: Database, actor: Actor, person_id: str, values: dict[str, Any]) -> bool:
    """Write checked ``values`` to a person, and carry a corrected name or position to the
    parties who sign the minutes of checks not yet sealed (their name and title were copied when
    they were named), so the minutes print the person as last corrected. True if anything changed.

    Runs inside the caller's transaction; ``values`` are already validated.
    """
    before = records.get(db, "people", person_id, what=PERSON)
    changed = records.update(db, actor, "people", person_id, values, what=PERSON)
    if not changed or not ({"full_name", "position"} & values.keys()):
        return changed
    parties = db.execute(
        "SELECT s.id, s.name, s.title FROM signatories s JOIN inspections i"
        " ON i.id = s.inspection_id WHERE s.person_id = ? AND s.deleted = 0 AND i.status != ?",
        [person_id, InspectionStatus.SIGNED.value],
    ).fetchall()
    for party_id, name, title in parties:
        follow: dict[str, Any] = {}
        if "full_name" in values and name == before["full_name"]:
            follow["name"] = values["full_name"]
        if values.get("position") and (title or None) == (before["position"] or None):
            follow["title"] = values["position"]
        if follow:
            records.update(db, actor, "signatories", party_id, follow)
    return changed


# A unit's working day: when a late arrival was late (see minutes_annexes.late_by).
HOURS = ("am_start", "am_end", "pm_start", "pm_end")
HOUR_LABELS: dict[str, Text] = {
    "am_start": _("Morning starts"),
    "am_end": _("Morning ends"),
    "pm_start": _("Afternoon starts"),
    "pm_end": _("Afternoon ends"),
}
# Units with winter hours (many in the north): the same four, from one day of the year to
# another ("11-01" to "03-31"); the hours above are the rest of the year's.
WINTER_HOURS = ("winter_am_start", "winter_am_end", "winter_pm_start", "winter_pm_end")
WINTER_SEASON = ("winter_from", "winter_to")
HOUR_LABELS.update(
    {
        "winter_am_start": _("Winter morning starts"),
        "winter_am_end": _("Winter morning ends"),
        "winter_pm_start": _("Winter afternoon starts"),
        "winter_pm_end": _("Winter afternoon ends"),
    }
)
SEASON_LABELS: dict[str, Text] = {
    "winter_from": _("Winter hours from"),
    "winter_to": _("Winter hours until"),
}


UNIT_FIELDS = (
    "name",
    "name_short",
    "code",
    "superior_for_header",
    "address",
    "place_name",
    *HOURS,
    *WINTER_HOURS,
    *WINTER_SEASON,
)


def unit_values(changes: dict[str, Any]) -> dict[str, Any]:
    """Validate fields of a unit (see UNIT_FIELDS); return them as stored.

    Raises:
        ValidationError: an unknown field, a missing name, or a value too long.
    """
    v.reject_unknown(changes, UNIT_FIELDS, UNIT)
    checks: dict[str, tuple[Text, bool, int]] = {
        "name": (_("Unit name"), True, 300),
        "name_short": (_("Short name"), False, 100),
        "code": (_("Unit code"), False, 50),
        "superior_for_header": (_("Superior body"), False, 300),
        "address": (_("Address"), False, 500),
        "place_name": (_("Place name"), False, 100),
    }
    values: dict[str, Any] = {}
    for key, value in changes.items():
        if key in HOUR_LABELS:
            values[key] = v.clock(value, HOUR_LABELS[key])
            continue
        if key in SEASON_LABELS:
            values[key] = v.month_day(value, SEASON_LABELS[key])
            continue
        what, required, longest = checks[key]
        values[key] = v.text(value, what, required=required, max_len=longest)
    return values


def check_hours(hours: dict[str, Any]) -> None:
    """Refuse working hours out of order: the morning starts before it ends, the afternoon
    after the morning, and ends after it starts (hours not given are not compared).

    Raises:
        ValidationError: two given hours in the wrong order.
    """
    keys = WINTER_HOURS if any(key in hours for key in WINTER_HOURS) else HOURS
    given = [(key, str(hours[key])) for key in keys if hours.get(key)]
    for (first, early), (second, late) in zip(given, given[1:], strict=False):
        lunch = first.endswith("am_end") and second.endswith("pm_start")
        wrong = late < early if lunch else late <= early
        if wrong:
            raise ValidationError(
                _(
                    "{later} ({late}) comes before {earlier} ({early}); check the working hours.",
                    later=HOUR_LABELS[second],
                    late=late,
                    earlier=HOUR_LABELS[first],
                    early=early,
                )
            )


def update_unit(ws: Workspace, unit_id: str, **changes: Any) -> bool:
    """Correct fields of a unit of the register (see UNIT_FIELDS); True if anything changed.

    The register is shared by every check of the unit: the minutes made from now on show the new
    values; signed minutes keep what they printed.

    Raises:
        NotFoundError: no such unit.
        ValidationError: bad input (nothing is changed).
    """
    values = unit_values(changes)
    with ws.transaction() as db:
        current: dict[str, Any] | None = None
        for keys in (HOURS, WINTER_HOURS):
            if any(key in keys for key in values):  # the day's hours as they will stand
                current = current or records.get(db, "org_units", unit_id, what=UNIT)
                check_hours({key: values.get(key, current[key]) for key in keys})
        return records.update(db, ws.actor, "org_units", unit_id, values, what=UNIT)


def parse_people(text: str) -> list[tuple[str, str | None]]:
    """Read pasted or imported staff rows: name, then optionally position (tab, ``;`` or ``,``).

    A first row that looks like a heading ("Họ và tên", "Name") is skipped.

    Raises:
        ValidationError: no names at all, or a row without a name.
    """
    rows: list[tuple[str, str | None]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        separator = "\t" if "\t" in line else ";" if ";" in line else ","
        cells = [c.strip() for c in line.split(separator)]
        if number == 1 and cells[0].casefold() in {"họ và tên", "họ tên", "name", "full name"}:
            continue
        if not cells[0]:
            raise ValidationError(_("Line {line} has no name.", line=number))
        name = v.required_text(cells[0], _("Full name"), max_len=200)
        position = (
            v.text(cells[1], _("Position"), required=False, max_len=200) if len(cells) > 1 else None
        )
        rows.append((name, position))
    if not rows:
        raise ValidationError(_("There are no names to import."))
    return rows


def import_people(ws: Workspace, unit_id: str, text: str) -> list[str]:
    """Add the staff listed in ``text`` (see :func:`parse_people`) to a unit; return their ids.

    People already in the unit under the same name are not added twice.
    """
    rows = parse_people(text)
    with ws.transaction() as db:
        records.get(db, "org_units", unit_id, what=UNIT)
        existing = {
            r[0].casefold(): r[1]
            for r in db.execute(
                "SELECT full_name, id FROM people WHERE unit_id = ? AND deleted = 0", [unit_id]
            )
        }
        ids = []
        for name, position in rows:
            if name.casefold() in existing:
                ids.append(existing[name.casefold()])
                continue
            person = records.insert(
                db,
                ws.actor,
                "people",
                {"full_name": name, "position": position, "unit_id": unit_id},
            )
            existing[name.casefold()] = person
            ids.append(person)
    return ids

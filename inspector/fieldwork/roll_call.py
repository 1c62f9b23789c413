# SPDX-License-Identifier: GPL-3.0-or-later
"""The roll call of a check: who of the inspected unit's staff is present, late (and when), on
leave, on a trip or absent, with the reason and a note.

Every call validates all of its input before it writes, and writes in one transaction. A signed
(sealed) inspection refuses every change.
"""

from __future__ import annotations

from datetime import date, datetime

from inspector import timefmt
from inspector.errors import ValidationError
from inspector.fieldwork.inspections import (
    PERSON,
    UNCHANGED,
    Unchanged,
    editable_inspection,
    within_unit,
)
from inspector.i18n import _
from inspector.store import records
from inspector.store import validate as v
from inspector.store.workspace import Workspace
from inspector.timefmt import VIETNAM
from inspector.vocabulary import (
    AttendanceStatus,
    ReasonCode,
)

# Reason codes a mark implies when none is given.
_DEFAULT_REASON = {
    AttendanceStatus.ON_LEAVE: ReasonCode.P,
    AttendanceStatus.BUSINESS_TRIP: ReasonCode.CT,
}


def record_attendance(
    ws: Workspace,
    inspection_id: str,
    person_id: str,
    status: str,
    *,
    reason_code: str | None = None,
    arrived_at: datetime | str | None = None,
    note: str | None | Unchanged = UNCHANGED,
) -> str:
    """Mark one staff member in the roll call (again: the mark is changed); return the record id.

    A note given replaces the mark's note; none given leaves it as it is.
    """
    mark = v.choice(AttendanceStatus, status, _("attendance mark"))
    reason = v.optional_choice(ReasonCode, reason_code, _("reason code")) or _DEFAULT_REASON.get(
        mark
    )
    late_at = v.moment(arrived_at, _("Time of arrival"), required=False)
    clean_note = None if isinstance(note, Unchanged) else v.text(note, _("Note"), required=False)
    if mark == AttendanceStatus.ABSENT_WITH_REASON and reason is None and clean_note is None:
        raise ValidationError(_("Give the reason code or a note for an absence with reason."))
    if mark != AttendanceStatus.LATE and late_at is not None:
        raise ValidationError(_("A time of arrival is recorded only for a late arrival."))
    values = {
        "status": mark.value,
        "reason_code": reason.value if reason else None,
        "arrived_at": timefmt.utc_text(late_at) if late_at else None,
        "checked_at": timefmt.now_utc(),
    }
    if not isinstance(note, Unchanged):
        values["note"] = clean_note
    with ws.transaction() as db:
        inspection = editable_inspection(db, inspection_id)
        person = records.get(db, "people", person_id, what=PERSON)
        if not within_unit(db, person["unit_id"], inspection["unit_id"]):
            raise ValidationError(
                _("{name} is not on the staff of the inspected unit.", name=person["full_name"])
            )
        row = db.execute(
            "SELECT id FROM attendance WHERE inspection_id = ? AND person_id = ? AND deleted = 0",
            [inspection_id, person_id],
        ).fetchone()
        if row is None:
            return records.insert(
                db,
                ws.actor,
                "attendance",
                {"inspection_id": inspection_id, "person_id": person_id, **values},
            )
        records.update(db, ws.actor, "attendance", row[0], values)
        return str(row[0])


def attendance_counts(ws: Workspace, inspection_id: str) -> dict[str, int]:
    """Return how many staff carry each roll-call mark (every mark present, zeros included)."""
    counts = dict.fromkeys((m.value for m in AttendanceStatus), 0)
    for status, n in ws.db.execute(
        "SELECT status, count(*) FROM attendance WHERE inspection_id = ? AND deleted = 0"
        " GROUP BY status",
        [inspection_id],
    ):
        counts[status] = n
    return counts


def clear_attendance(ws: Workspace, inspection_id: str, person_id: str) -> bool:
    """Remove a staff member's roll-call mark (as if not yet called); True if there was one."""
    with ws.transaction() as db:
        editable_inspection(db, inspection_id)
        row = db.execute(
            "SELECT id FROM attendance WHERE inspection_id = ? AND person_id = ? AND deleted = 0",
            [inspection_id, person_id],
        ).fetchone()
        if row is None:
            return False
        records.delete(db, ws.actor, "attendance", row[0])
        return True


def update_late_arrival(ws: Workspace, attendance_id: str, at: datetime | str) -> bool:
    """Correct the time a late person arrived; True if it changed.

    ``at`` is an aware time, or text in Vietnam's time (where the checks happen, whatever this
    computer's zone): "HH:MM" on the day the team arrived at the unit, or "dd/mm/yyyy HH:MM".
    The time must fall on that day, or the day before or after at most (a check lasts a day or
    two: anything further is a typing slip).

    Raises:
        NotFoundError: no such roll-call mark.
        ValidationError: not a time, more than a day from the visit, the mark is not "late", or
            the inspection is sealed.
    """
    with ws.transaction() as db:
        row = records.get(db, "attendance", attendance_id, what=_("Roll-call mark"))
        inspection = editable_inspection(db, row["inspection_id"])
        if row["status"] != AttendanceStatus.LATE:
            raise ValidationError(_("A time of arrival is recorded only for a late arrival."))
        visit = inspection["arrived_at"] or row["arrived_at"]  # the team's arrival, else the mark's
        day = (
            timefmt.parse_utc(visit).astimezone(VIETNAM).date()
            if visit
            else datetime.now(VIETNAM).date()
        )
        moment = _vietnam_moment(at, day)
        return records.update(
            db, ws.actor, "attendance", attendance_id, {"arrived_at": timefmt.utc_text(moment)}
        )


def _vietnam_moment(value: datetime | str, day: date) -> datetime:
    """A time typed in Vietnam's time ("HH:MM" on ``day``, or a date and time), made aware; it
    must fall on ``day`` or the day before or after."""
    moment = _parse_vietnam_moment(value, day)
    try:
        local: date | None = moment.astimezone(VIETNAM).date()
    except (OverflowError, ValueError):  # year 1 or 9999 moved into Vietnam's time
        local = None
    if local is None or abs((local - day).days) > 1:
        raise ValidationError(
            _(
                "{field}: “{value}” is more than a day away from the visit on {day}; write hh:mm"
                " for a time that day, or the date and time of the day before or after.",
                field=_("Time of arrival"),
                value=str(value).strip(),
                day=day.strftime("%d/%m/%Y"),
            ),
            field="arrived_at",
        )
    return moment


def _parse_vietnam_moment(value: datetime | str, day: date) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=VIETNAM)
    text = v.required_text(value, _("Time of arrival"), max_len=40)
    for fmt in ("%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"):
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if fmt == "%H:%M":
            parsed = datetime.combine(day, parsed.time())
        return parsed.replace(tzinfo=VIETNAM)
    raise ValidationError(
        _(
            "{field}: “{value}” is not a time; write it as hh:mm or dd/mm/yyyy hh:mm.",
            field=_("Time of arrival"),
            value=text,
        ),
        field="arrived_at",
    )


def update_attendance_note(ws: Workspace, attendance_id: str, note: str) -> bool:
    """Change the note of a roll-call mark; True if it changed."""
    clean = v.text(note, _("Note"), required=False)
    with ws.transaction() as db:
        return records.update(
            db, ws.actor, "attendance", attendance_id, {"note": clean}, what=_("Roll-call mark")
        )

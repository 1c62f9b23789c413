# SPDX-License-Identifier: GPL-3.0-or-later
"""The check itself: decision and team, the visit (arrive, end), roll call, checklist answers,
signatories.

Every call validates all of its input before it writes, and writes in one transaction, so bad input
changes nothing. A signed (sealed) inspection refuses every change.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from inspector import timefmt
from inspector.errors import ValidationError
from inspector.fieldwork import checklists, units
from inspector.i18n import _
from inspector.store import columns, records, seals
from inspector.store import validate as v
from inspector.store.workspace import Workspace
from inspector.timefmt import VIETNAM
from inspector.vocabulary import (
    ANSWERS_OF,
    Answer,
    AttendanceStatus,
    DecisionKind,
    InspectionStatus,
    ItemKind,
    ReasonCode,
    TeamRole,
    UnitLevel,
)

INSPECTION = _("Inspection")
PERSON = _("Person")


class Unchanged:
    """The value of an optional argument that leaves a field as it is."""

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED = Unchanged()

# Reason codes a mark implies when none is given.
_DEFAULT_REASON = {
    AttendanceStatus.ON_LEAVE: ReasonCode.P,
    AttendanceStatus.BUSINESS_TRIP: ReasonCode.CT,
}


def editable_inspection(db: Database, inspection_id: str) -> dict[str, Any]:
    """Return a live inspection that may still be changed.

    Raises:
        NotFoundError: no such inspection.
        ValidationError: its minutes are signed; corrections go into supplementary minutes.
    """
    row = records.get(db, "inspections", inspection_id, what=INSPECTION)
    if seals.is_sealed(db, inspection_id):
        raise seals.refusal()
    return row


DECISION_FIELDS = (
    "number_symbol",
    "number_is_official",
    "signed_on",
    "signer_name",
    "signer_title",
    "legal_basis",
    "kind",
    "purpose",
    "period_from",
    "period_to",
    "duration_days",
)


def _decision_values(
    *,
    number_symbol: Any,
    number_is_official: Any,
    signed_on: Any,
    signer_name: Any,
    signer_title: Any,
    legal_basis: Any,
    kind: Any,
    purpose: Any,
    period_from: Any,
    period_to: Any,
    duration_days: Any,
) -> dict[str, Any]:
    """Validate a decision's fields; return them as stored."""
    signed = v.required_day(signed_on, _("Decision date"))
    start = v.day(period_from, _("Period from"), required=False)
    end = v.day(period_to, _("Period to"), required=False)
    if start and end:
        v.not_before(start, end, _("Period from"), _("Period to"))
    if duration_days is not None and (
        isinstance(duration_days, bool) or not isinstance(duration_days, int) or duration_days < 1
    ):
        raise ValidationError(_("The duration must be a whole number of days, at least 1."))
    columns.check_value("decisions", "duration_days", duration_days)  # and not years on end
    return {
        "number_symbol": v.required_text(number_symbol, _("Decision number"), max_len=100),
        "number_is_official": int(bool(number_is_official)),
        "signed_on": signed.isoformat(),
        "signer_name": v.required_text(signer_name, _("Signer of the decision"), max_len=200),
        "signer_title": v.text(signer_title, _("Signer's title"), required=False, max_len=200),
        "legal_basis": v.required_text(legal_basis, _("Legal basis")),
        "kind": v.choice(DecisionKind, kind, _("decision kind")).value,
        "unannounced": 1,
        "purpose": v.text(purpose, _("Purpose"), required=False),
        "period_from": start.isoformat() if start else None,
        "period_to": end.isoformat() if end else None,
        "duration_days": duration_days,
    }


def _scope(db: Database, template_id: str, areas: Iterable[str] | None) -> list[str]:
    """The checklist areas in scope, in the template's order (all of them if ``areas`` is None).

    Raises:
        ValidationError: an area the template lacks, or none at all.
    """
    known = [a["code"] for a in checklists.areas(db, template_id)]
    scope = known if areas is None else [str(a) for a in areas]
    bad = [a for a in scope if a not in known]
    if bad or not scope:
        raise ValidationError(
            _(
                "The checklist has no area {codes}; choose among {known}.",
                codes=", ".join(bad) or "—",
                known=", ".join(known),
            )
        )
    return [a for a in known if a in scope]


# The units below a root unit (``?``), the root included, as the table ``tree(id)``.
UNIT_TREE = (
    "WITH RECURSIVE tree(id) AS (SELECT ? UNION SELECT u.id FROM org_units u"
    " JOIN tree ON u.parent_id = tree.id WHERE u.deleted = 0) "
)


def create_inspection(
    ws: Workspace,
    *,
    decision_number: str,
    decision_date: date | str,
    signer_name: str,
    legal_basis: str,
    unit_id: str,
    signer_title: str | None = None,
    issuer_unit_id: str | None = None,
    kind: str = DecisionKind.SURPRISE,
    number_is_official: bool = False,
    purpose: str | None = None,
    period_from: date | str | None = None,
    period_to: date | str | None = None,
    duration_days: int | None = None,
    areas: Iterable[str] | None = None,
    template_id: str | None = None,
    location: str | None = None,
    team: Iterable[tuple[str, str]] = (),
) -> str:
    """Record an inspection decision, its team and the inspection of one unit; return its id.

    ``team`` holds (person id, role) pairs; ``areas`` the checklist area codes in scope (all if None).
    """
    decision = _decision_values(
        number_symbol=decision_number,
        number_is_official=number_is_official,
        signed_on=decision_date,
        signer_name=signer_name,
        signer_title=signer_title,
        legal_basis=legal_basis,
        kind=kind,
        purpose=purpose,
        period_from=period_from,
        period_to=period_to,
        duration_days=duration_days,
    )
    members = [(pid, v.choice(TeamRole, role, _("team role"))) for pid, role in team]
    if sum(1 for _pid, role in members if role == TeamRole.LEADER) > 1:
        raise ValidationError(_("A team has one leader."))
    with ws.transaction() as db:
        records.get(db, "org_units", unit_id, what=_("Inspected unit"))
        if issuer_unit_id is not None:
            records.get(db, "org_units", issuer_unit_id, what=_("Issuing unit"))
        template = template_id or checklists.default_template_id(db)
        records.get(db, "checklist_templates", template, what=_("Checklist"))
        scope = _scope(db, template, areas)
        for pid, _role in members:
            records.get(db, "people", pid, what=_("Team member"))
        decision_id = records.insert(
            db, ws.actor, "decisions", {**decision, "issuer_unit_id": issuer_unit_id}
        )
        inspection_id = records.insert(
            db,
            ws.actor,
            "inspections",
            {
                "decision_id": decision_id,
                "unit_id": unit_id,
                "template_id": template,
                "areas": json.dumps(scope),
                "status": InspectionStatus.DRAFT.value,
                "location": v.text(location, _("Location"), required=False, max_len=300),
            },
        )
        for pid, role in members:
            records.insert(
                db,
                ws.actor,
                "team_members",
                {"inspection_id": inspection_id, "person_id": pid, "role": role.value},
            )
    return inspection_id


def add_team_member(
    ws: Workspace,
    inspection_id: str,
    person_id: str,
    role: str,
    *,
    assigned_areas: Iterable[str] = (),
) -> str:
    """Add a person to the inspection team; return the membership id."""
    member_role = v.choice(TeamRole, role, _("team role"))
    with ws.transaction() as db:
        editable_inspection(db, inspection_id)
        records.get(db, "people", person_id, what=_("Team member"))
        existing = db.execute(
            "SELECT role FROM team_members WHERE inspection_id = ? AND deleted = 0"
            " AND (person_id = ? OR (role = 'LEADER' AND ? = 'LEADER'))",
            [inspection_id, person_id, member_role.value],
        ).fetchone()
        if existing is not None:
            raise ValidationError(
                _("This person is already on the team, or the team has a leader.")
            )
        return records.insert(
            db,
            ws.actor,
            "team_members",
            {
                "inspection_id": inspection_id,
                "person_id": person_id,
                "role": member_role.value,
                "assigned_areas": json.dumps(list(assigned_areas)),
            },
        )


def arrive(ws: Workspace, inspection_id: str, at: datetime | str | None = None) -> str:
    """Stamp the team's arrival at the unit (the decision is announced then); return the time."""
    moment = v.moment(at, _("Arrival time"), required=False) or datetime.now().astimezone()
    with ws.transaction() as db:
        row = editable_inspection(db, inspection_id)
        if row["arrived_at"]:
            raise ValidationError(
                _("The arrival was already recorded; it cannot be stamped twice.")
            )
        stamp = timefmt.utc_text(moment)
        records.update(
            db,
            ws.actor,
            "inspections",
            inspection_id,
            {
                "arrived_at": stamp,
                "announced_at": stamp,
                "status": InspectionStatus.IN_PROGRESS.value,
            },
        )
    return stamp


def end_visit(ws: Workspace, inspection_id: str, at: datetime | str | None = None) -> str:
    """Stamp the end of the visit; it cannot be before the arrival. Return the time."""
    moment = v.moment(at, _("End time"), required=False) or datetime.now().astimezone()
    with ws.transaction() as db:
        row = editable_inspection(db, inspection_id)
        if not row["arrived_at"]:
            raise ValidationError(_("Record the arrival before ending the visit."))
        v.not_before(timefmt.parse_utc(row["arrived_at"]), moment, _("Arrival time"), _("End time"))
        stamp = timefmt.utc_text(moment)
        records.update(
            db,
            ws.actor,
            "inspections",
            inspection_id,
            {"ended_at": stamp, "status": InspectionStatus.ENDED.value},
        )
    return stamp


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
        if not _within(db, person["unit_id"], inspection["unit_id"]):
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


def _within(db: Database, unit_id: str | None, root_id: str) -> bool:
    """Return whether ``unit_id`` is ``root_id`` or one of its sub-units."""
    if unit_id is None:
        return False
    row = db.execute(
        UNIT_TREE + "SELECT 1 FROM tree WHERE id = ?",
        [root_id, unit_id],
    ).fetchone()
    return row is not None


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


def answer_item(
    ws: Workspace,
    inspection_id: str,
    item_code: str,
    answer: str,
    *,
    note: str | None | Unchanged = UNCHANGED,
) -> str:
    """Answer a checklist item (again: the answer is changed); return the response id.

    A note given replaces the answer's note; none given leaves it as it is.
    """
    choice = v.choice(Answer, answer, _("answer"))
    clean_note = None if isinstance(note, Unchanged) else v.text(note, _("Note"), required=False)
    code = v.required_text(item_code, _("Checklist item"), max_len=20)
    with ws.transaction() as db:
        row = editable_inspection(db, inspection_id)
        item = checklists.item_by_code(db, row["template_id"], code)
        if item.area_code not in json.loads(row["areas"]):
            raise ValidationError(
                _("Item {code} is outside this inspection's scope.", code=item.code)
            )
        if choice not in ANSWERS_OF[ItemKind(item.kind)]:
            raise ValidationError(
                _(
                    "Item {code} records good practice: it is observed or not observed, never"
                    " complied with or not.",
                    code=item.code,
                )
                if item.is_praise
                else _(
                    "Item {code} is a duty: it complies or does not comply; only good practice"
                    " is observed or not.",
                    code=item.code,
                )
            )
        values: dict[str, Any] = {
            "answer": choice.value,
            "answered_by": ws.actor.user,
            "answered_at": timefmt.now_utc(),
        }
        if not isinstance(note, Unchanged):
            values["note"] = clean_note
        existing = db.execute(
            "SELECT id FROM responses WHERE inspection_id = ? AND item_id = ? AND deleted = 0",
            [inspection_id, item.id],
        ).fetchone()
        if existing is None:
            return records.insert(
                db,
                ws.actor,
                "responses",
                {"inspection_id": inspection_id, "item_id": item.id, **values},
            )
        records.update(db, ws.actor, "responses", existing[0], values)
        return str(existing[0])


def scope_items(ws: Workspace, inspection_id: str) -> list[checklists.ChecklistItem]:
    """Return the checklist items in an inspection's scope, in order."""
    row = records.get(ws.db, "inspections", inspection_id, what=INSPECTION)
    scope = json.loads(row["areas"])
    return [i for i in checklists.items(ws.db, row["template_id"]) if i.area_code in scope]


def update_decision(ws: Workspace, inspection_id: str, **changes: Any) -> bool:
    """Change fields of an inspection's decision (see DECISION_FIELDS); True if anything changed."""
    v.reject_unknown(changes, DECISION_FIELDS, _("The decision"))
    with ws.transaction() as db:
        row = editable_inspection(db, inspection_id)
        return _change_decision(ws, db, row["decision_id"], changes)


def correct_decision(ws: Workspace, decision_id: str, **changes: Any) -> bool:
    """Change fields of a decision by its id (see DECISION_FIELDS); True if anything changed.

    Raises:
        NotFoundError: no such decision.
        ValidationError: bad input, or an inspection it ordered is sealed (nothing is changed).
    """
    v.reject_unknown(changes, DECISION_FIELDS, _("The decision"))
    with ws.transaction() as db:
        records.get(db, "decisions", decision_id, what=_("Decision"))
        for (inspection_id,) in db.execute(
            "SELECT id FROM inspections WHERE decision_id = ? AND deleted = 0", [decision_id]
        ).fetchall():
            editable_inspection(db, inspection_id)
        return _change_decision(ws, db, decision_id, changes)


def _change_decision(
    ws: Workspace, db: Database, decision_id: str, changes: dict[str, Any]
) -> bool:
    """Validate the decision as it will be once changed, and write it (inside the transaction)."""
    current = records.get(db, "decisions", decision_id, what=_("Decision"))
    merged = {k: changes.get(k, current[k]) for k in DECISION_FIELDS}
    return records.update(db, ws.actor, "decisions", decision_id, _decision_values(**merged))


def update_inspection(
    ws: Workspace,
    inspection_id: str,
    *,
    location: str | None = None,
    areas: Iterable[str] | None = None,
) -> bool:
    """Change an inspection's location or the checklist areas in scope; True if anything changed."""
    changes: dict[str, Any] = {}
    if location is not None:
        changes["location"] = v.text(location, _("Location"), required=False, max_len=300)
    with ws.transaction() as db:
        row = editable_inspection(db, inspection_id)
        if areas is not None:
            changes["areas"] = json.dumps(_scope(db, row["template_id"], areas))
        return records.update(db, ws.actor, "inspections", inspection_id, changes)


def remove_team_member(ws: Workspace, member_id: str) -> None:
    """Take a person off the inspection team, and out of the team's side of the signatures (a
    signature drawn for this team is no longer theirs to give)."""
    with ws.transaction() as db:
        member = records.get(db, "team_members", member_id, what=_("Team member"))
        records.delete(db, ws.actor, "team_members", member_id)  # refused if the check is sealed
        still = db.execute(
            "SELECT 1 FROM team_members WHERE inspection_id = ? AND person_id = ? AND deleted = 0",
            [member["inspection_id"], member["person_id"]],
        ).fetchone()
        if still is None:
            for (party,) in db.execute(
                "SELECT id FROM signatories WHERE inspection_id = ? AND person_id = ?"
                " AND side = 'TEAM' AND deleted = 0",
                [member["inspection_id"], member["person_id"]],
            ).fetchall():
                records.delete(db, ws.actor, "signatories", party)


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


def clear_answer(ws: Workspace, inspection_id: str, item_code: str) -> bool:
    """Remove the answer to a checklist item (back to unanswered); True if there was one."""
    with ws.transaction() as db:
        row = editable_inspection(db, inspection_id)
        item = checklists.item_by_code(db, row["template_id"], item_code)
        existing = db.execute(
            "SELECT id FROM responses WHERE inspection_id = ? AND item_id = ? AND deleted = 0",
            [inspection_id, item.id],
        ).fetchone()
        if existing is None:
            return False
        records.delete(db, ws.actor, "responses", existing[0])
        return True


@dataclass(frozen=True)
class NewMember:
    """A team member named in a new check: the name, the role, and what the minutes print."""

    name: str
    role: str
    position: str | None = None
    gender: str | None = None


def _member_values(member: NewMember | tuple[str, str]) -> tuple[str, TeamRole, dict[str, Any]]:
    """Validate a named member; return the name, the role and the person's details given."""
    if not isinstance(member, NewMember):
        member = NewMember(*member)
    name = v.required_text(member.name, _("Team member"), max_len=200)
    role = v.choice(TeamRole, member.role, _("team role"))
    details = {
        "position": v.text(member.position, _("Position"), required=False, max_len=200),
        "gender": units.clean_gender(member.gender),
    }
    return name, role, {k: value for k, value in details.items() if value is not None}


def _person_named(
    ws: Workspace,
    db: Database,
    name: str,
    unit_id: str | None,
    details: dict[str, Any],
    *,
    inspected: str | None,
) -> str:
    """The id of the register's person called ``name`` (the details given are corrected on it),
    or of a new person of ``unit_id`` (inside the caller's transaction).

    A deleted person is never taken, nor one of the ``inspected`` unit's staff (or of its
    sub-units): the director's name typed as a team member makes a namesake, it does not put the
    director on the team inspecting his own unit (nor change his gender).
    """
    for person_id, person_unit in db.execute(
        "SELECT id, unit_id FROM people WHERE full_name = ? AND deleted = 0 ORDER BY created_at",
        [name],
    ).fetchall():
        if inspected is not None and _within(db, person_unit, inspected):
            continue
        records.update(db, ws.actor, "people", str(person_id), details)
        return str(person_id)
    if unit_id is not None:
        records.get(db, "org_units", unit_id, what=_("Unit"))
    return records.insert(
        db, ws.actor, "people", {"full_name": name, "unit_id": unit_id, **details}
    )


def new_check(
    ws: Workspace,
    *,
    team_names: Iterable[NewMember | tuple[str, str]],
    team_unit_id: str | None = None,
    unit_id: str | None = None,
    unit_name: str | None = None,
    unit_details: dict[str, Any] | None = None,
    **decision: Any,
) -> str:
    """Create a check as :func:`create_inspection` does, naming the team by name: members not yet
    in the register are added to it (in ``team_unit_id``), with the position and gender given
    (which also correct a member already there); the inspected unit is ``unit_id``, or a new
    grassroots unit called ``unit_name``. ``unit_details`` (superior body, address, place name:
    see units.UNIT_FIELDS) are set on that unit. All or nothing: on any refusal, nothing is left."""
    named = [_member_values(m) for m in team_names]
    new_unit = None if unit_id else v.required_text(unit_name, _("Inspected unit"), max_len=300)
    details = units.unit_values(dict(unit_details or {}))
    with ws.transaction() as db:
        if new_unit is not None:
            unit_id = records.insert(
                db,
                ws.actor,
                "org_units",
                {"name": new_unit, "level": UnitLevel.GRASSROOTS.value, **details},
            )
        else:
            records.update(db, ws.actor, "org_units", str(unit_id), details, what=_("Unit"))
        team = [
            (_person_named(ws, db, name, team_unit_id, person, inspected=unit_id), role.value)
            for name, role, person in named
        ]
        return create_inspection(ws, team=team, unit_id=str(unit_id), **decision)


def add_member_named(
    ws: Workspace,
    inspection_id: str,
    name: str,
    role: str,
    *,
    position: str | None = None,
    gender: str | None = None,
) -> str:
    """Add a person to the team by name (from the register, or new there, in the unit of the
    team's other members); return the membership id.

    Raises:
        ValidationError: bad input, the person is already on the team, a second leader, or the
            inspection is sealed (nothing is changed).
    """
    member_name, member_role, details = _member_values(NewMember(name, role, position, gender))
    with ws.transaction() as db:
        inspection = editable_inspection(db, inspection_id)
        home = db.execute(
            "SELECT p.unit_id FROM team_members t JOIN people p ON p.id = t.person_id"
            " WHERE t.inspection_id = ? AND t.deleted = 0 ORDER BY t.created_at LIMIT 1",
            [inspection_id],
        ).fetchone()
        person_id = _person_named(
            ws, db, member_name, home[0] if home else None, details, inspected=inspection["unit_id"]
        )
        return add_team_member(ws, inspection_id, person_id, member_role.value)


def update_team_member(
    ws: Workspace,
    member_id: str,
    *,
    role: str | Unchanged = UNCHANGED,
    full_name: str | Unchanged = UNCHANGED,
    position: str | None | Unchanged = UNCHANGED,
    gender: str | None | Unchanged = UNCHANGED,
) -> bool:
    """Correct a team member: the role on this team, and the name, position (chức vụ) and gender
    of the person, as the minutes print them. True if anything changed.

    Raises:
        NotFoundError: no such member.
        ValidationError: bad input, a second leader, or the inspection is sealed (nothing is
            changed).
    """
    person: dict[str, Any] = {}
    if not isinstance(full_name, Unchanged):
        person["full_name"] = v.required_text(full_name, _("Full name"), max_len=200)
    if not isinstance(position, Unchanged):
        person["position"] = v.text(position, _("Position"), required=False, max_len=200)
    if not isinstance(gender, Unchanged):
        person["gender"] = units.clean_gender(gender)
    new_role = None if isinstance(role, Unchanged) else v.choice(TeamRole, role, _("team role"))
    with ws.transaction() as db:
        member = records.get(db, "team_members", member_id, what=_("Team member"))
        editable_inspection(db, member["inspection_id"])
        changed = False
        if new_role is not None:
            if new_role == TeamRole.LEADER:
                # a team has one leader: the one named before becomes a member
                for (other,) in db.execute(
                    "SELECT id FROM team_members WHERE inspection_id = ? AND deleted = 0"
                    " AND role = 'LEADER' AND id != ?",
                    [member["inspection_id"], member_id],
                ).fetchall():
                    records.update(db, ws.actor, "team_members", other, {"role": "MEMBER"})
            changed = records.update(
                db, ws.actor, "team_members", member_id, {"role": new_role.value}
            )
        if person:
            changed = units.write_person(db, ws.actor, member["person_id"], person) or changed
        return changed


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


def update_response_note(ws: Workspace, response_id: str, note: str) -> bool:
    """Change the note of a checklist answer; True if it changed."""
    clean = v.text(note, _("Note"), required=False)
    with ws.transaction() as db:
        return records.update(
            db, ws.actor, "responses", response_id, {"note": clean}, what=_("Answer")
        )


def update_attendance_note(ws: Workspace, attendance_id: str, note: str) -> bool:
    """Change the note of a roll-call mark; True if it changed."""
    clean = v.text(note, _("Note"), required=False)
    with ws.transaction() as db:
        return records.update(
            db, ws.actor, "attendance", attendance_id, {"note": clean}, what=_("Roll-call mark")
        )

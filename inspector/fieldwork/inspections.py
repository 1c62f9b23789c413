# SPDX-License-Identifier: GPL-3.0-or-later
"""The check itself: the decision, the team, the visit (arrive, end). Its roll call is in
``roll_call``, its checklist answers in ``answers``, who signs in ``signatories``.

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
from inspector.vocabulary import (
    DecisionKind,
    InspectionStatus,
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


def item_scope(row: dict[str, Any]) -> set[str] | None:
    """The codes of the checklist items an inspection looks at (a re-inspection looks again at
    some); None: every item of the areas in its scope."""
    items = row.get("items")
    return None if not items else set(json.loads(items) if isinstance(items, str) else items)


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


def within_unit(db: Database, unit_id: str | None, root_id: str) -> bool:
    """Return whether ``unit_id`` is ``root_id`` or one of its sub-units."""
    if unit_id is None:
        return False
    row = db.execute(
        UNIT_TREE + "SELECT 1 FROM tree WHERE id = ?",
        [root_id, unit_id],
    ).fetchone()
    return row is not None


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
        if inspected is not None and within_unit(db, person_unit, inspected):
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

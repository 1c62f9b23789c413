# SPDX-License-Identifier: GPL-3.0-or-later
"""The people in the minutes: how each is named (Ông/Bà, full name and post), the team and the
unit's representatives (section I), the roll call in one sentence, and the signature blocks with
the refusals to sign."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from inspector.fieldwork import signatories
from inspector.minutes.model import Signatory
from inspector.minutes.wording import address, clause, tidy, time_words
from inspector.minutes.words import ROLES, WORDS
from inspector.store import seals
from inspector.store.workspace import Workspace
from inspector.timefmt import vietnam_time
from inspector.vocabulary import AttendanceStatus, ReasonCode, StaffType

_SICK = {ReasonCode.O, ReasonCode.CO}


def who(person_id: str | None, name: str, genders: dict[str, Any], lang: str) -> str:
    """A person as named in the minutes: with Ông or Bà when the record links a person (Ông/Bà
    while the gender is missing), the name alone for someone known only by name (a witness)."""
    if person_id is None:
        return str(name)
    return f"{address(genders.get(person_id), lang)} {name}"


def sealed_people(ws: Workspace, names: seals.SealedNames) -> dict[str, dict[str, Any]]:
    """The people of the workspace by id (name, post, gender, kind of employment), as a seal
    fixed them where one did."""
    people = {
        p["id"]: p
        for p in ws.db.query(
            "SELECT id, full_name, position, gender, staff_type FROM people WHERE deleted = 0"
        )
    }
    for pid, sealed in names.people.items():  # a seal fixes what the minutes print
        if pid in people:
            people[pid] = {**people[pid], **{k: v for k, v in sealed.items() if k in people[pid]}}
    return people


@dataclass
class Naming:
    """How the minutes of one check name people, in one language: ``people`` by id (see
    :func:`sealed_people`)."""

    people: dict[str, dict[str, Any]]
    lang: str
    genders: dict[str, Any] = field(init=False)

    def __post_init__(self) -> None:
        self.genders = {pid: p.get("gender") for pid, p in self.people.items()}

    def who(self, person_id: str | None, name: str) -> str:
        """A person by form of address and name (see :func:`who`)."""
        return who(person_id, name, self.genders, self.lang)

    def person(
        self, person_id: str | None, name: str | None = None, position: str | None = None
    ) -> str:
        """Ông/Bà, full name and position, as the minutes name a person everywhere."""
        record = self.people.get(person_id or "", {})
        full = name or record.get("full_name") or "……"
        post = position if position is not None else record.get("position")
        return self.who(person_id, full) + (f", {clause(post)}" if clause(post) else "")


def representatives(
    ws: Workspace,
    inspection_id: str,
    d: dict[str, Any],
    names: seals.SealedNames | None = None,
) -> list[dict[str, Any]]:
    """The unit's representatives recorded as signatories, else the one proposed (its head, as
    ``names``, a seal, names him)."""
    recorded = [s for s in d["signatories"] if s["side"] == "UNIT"]
    if recorded:
        return recorded
    proposed = signatories.proposed_signatories(ws, inspection_id)
    names = names or seals.SealedNames()
    return [
        {
            **p,
            "name": names.person(p["person_id"], "full_name", p["name"]),
            "title": names.person(p["person_id"], "position", p["title"]),
        }
        for p in proposed
        if p["side"] == "UNIT"
    ]


def participants(
    d: dict[str, Any],
    reps: list[dict[str, Any]],
    witnesses: list[dict[str, Any]],
    naming: Naming,
    w: dict[str, str],
    unit_name: str,
) -> list[str]:
    """Section I: the team (name, post, role), the unit's representatives (their post naming
    the unit) and the witnesses."""
    who = naming.who
    team = [w["I1"]] + [
        w["member"].format(
            who=who(m["person_id"], m["full_name"]),
            position=clause(m["position"]) or "……",
            role=ROLES[naming.lang][m["role"]],
        )
        for m in d["team"]
    ]
    team.append(w["I2"])
    for s in reps:
        post = clause(s["title"]) or "……"
        if unit_name.casefold() not in post.casefold():
            post = f"{post} {unit_name}"  # "Giám đốc Bảo hiểm xã hội cơ sở Diễn Châu"
        team.append(w["rep"].format(who=who(s["person_id"], s["name"]), position=post))
    if witnesses:
        team.append(w["I3"])
        team += [
            w["rep"].format(who=who(s["person_id"], s["name"]), position=clause(s["title"]) or "……")
            for s in witnesses
        ]
    return team


def signature_blocks(
    d: dict[str, Any],
    reps: list[dict[str, Any]],
    witnesses: list[dict[str, Any]],
    naming: Naming,
    w: dict[str, str],
) -> tuple[list[Signatory], list[str]]:
    """The signature blocks (the unit's representative, the team's leader, its members, its
    secretary, the witnesses), each with the strokes signed on screen, and the sentences that
    report each refusal to sign."""
    who = naming.who
    by_person = {s["person_id"]: s for s in d["signatories"] if s["person_id"]}
    refusals: list[str] = []

    def block(heading: str, note: str, name: str, record: dict[str, Any] | None) -> Signatory:
        strokes = json.loads(record["strokes"]) if record and record["strokes"] else None
        refused = bool(record and record["refusal_reason"])
        return Signatory(heading, note, name, strokes, refused)

    leader = next((m for m in d["team"] if m["role"] == "LEADER"), None)
    signs = [
        block(
            w["sign_unit"],
            w["sign_unit_note"],
            reps[0]["name"] if reps else "",
            reps[0] if reps else None,
        ),
        block(
            w["sign_leader"],
            w["sign_note"],
            leader["full_name"] if leader else "",
            by_person.get(leader["person_id"]) if leader else None,
        ),
    ]
    for m in d["team"]:
        if m["role"] in ("MEMBER", "DEPUTY", "MONITOR"):
            signs.append(
                block(
                    w["sign_member"], w["sign_note"], m["full_name"], by_person.get(m["person_id"])
                )
            )
    for m in d["team"]:
        if m["role"] == "SECRETARY":
            signs.append(
                block(
                    w["sign_secretary"],
                    w["sign_note"],
                    m["full_name"],
                    by_person.get(m["person_id"]),
                )
            )
    for s in witnesses:
        signs.append(block(w["sign_witness"], w["sign_note"], s["name"], s))
    for s in d["signatories"]:
        if s["refusal_reason"]:
            refusals.append(
                tidy(
                    w["refusal"].format(
                        who=who(s["person_id"], s["name"]),
                        position=clause(s["title"]) or "……",
                        reason=clause(s["refusal_reason"]),
                        witness=clause(s["refusal_witness"]),
                    )
                )
            )
    return signs, refusals


def _reason_group(status: str, reason: str | None) -> str:
    """The skeleton's category of an absence with reason: leave, trip, sick, maternity, other."""
    if status == AttendanceStatus.ON_LEAVE or reason == ReasonCode.P:
        return "leave"
    if status == AttendanceStatus.BUSINESS_TRIP or reason == ReasonCode.CT:
        return "trip"
    if reason in _SICK:
        return "sick"
    if reason == ReasonCode.TS:
        return "maternity"
    return "other"


def _counted(pairs: list[tuple[str, int]]) -> str:
    """ " (a: 1; b: 2)" for the non-zero counts, "" when none."""
    shown = [f"{name}: {count}" for name, count in pairs if count]
    return f" ({'; '.join(shown)})" if shown else ""


def roll_sentence(
    d: dict[str, Any],
    naming: Naming,
    w: dict[str, str],
    lang: str,
    arrived: datetime | None,
) -> str:
    """The roll call in one sentence: staff on the list by kind of employment, present, late
    (who, arriving when), absent with reason by the skeleton's categories, absent without
    reason (who)."""
    roll = d["roll_call"]
    kinds = [naming.people.get(r["person_id"], {}).get("staff_type") for r in roll]
    by_status: dict[str, list[dict[str, Any]]] = {}
    for r in roll:
        by_status.setdefault(r["status"], []).append(r)
    excused = [
        r
        for status in (
            AttendanceStatus.ABSENT_WITH_REASON,
            AttendanceStatus.ON_LEAVE,
            AttendanceStatus.BUSINESS_TRIP,
        )
        for r in by_status.get(status, [])
    ]
    groups = [_reason_group(r["status"], r["reason_code"]) for r in excused]
    late = by_status.get(AttendanceStatus.LATE, [])
    absent = by_status.get(AttendanceStatus.ABSENT_WITHOUT_REASON, [])

    def named(rows: list[dict[str, Any]], at: bool = False) -> str:
        if not rows:
            return ""
        shown = []
        for r in rows:
            text = naming.person(r["person_id"], r["full_name"], r["position"])
            moment = vietnam_time(r["arrived_at"]) if at else None
            if moment:
                text += ", " + w["at_time"].format(time=time_words(moment, lang))
            shown.append(text)
        return f" ({'; '.join(shown)})"

    return w["roll"].format(
        time=time_words(arrived, lang) if arrived else "……",
        total=len(roll),
        kinds=_counted([(w[f"kind_{k}"], kinds.count(k)) for k in StaffType]),
        present=len(by_status.get(AttendanceStatus.PRESENT, [])),
        late=len(late),
        late_who=named(late, at=True),
        with_reason=len(excused),
        reasons=_counted(
            [
                (w[f"reason_{g}"], groups.count(g))
                for g in ("leave", "trip", "sick", "maternity", "other")
            ]
        ),
        without=len(absent),
        without_who=named(absent),
    )


def unsigned_notes(ws: Workspace, parties: list[dict[str, Any]], lang: str = "vi") -> list[str]:
    """The sentences the sealed minutes print for the parties who had neither signed nor refused
    when they were sealed (see ``signatories.unsigned_parties``)."""
    genders = {
        p["id"]: p["gender"] for p in ws.db.query("SELECT id, gender FROM people WHERE deleted = 0")
    }
    return [
        WORDS[lang]["unsigned"].format(
            who=who(p["person_id"], p["name"], genders, lang),
            position=p["title"] or "……",
        )
        for p in parties
    ]

# SPDX-License-Identifier: GPL-3.0-or-later
"""What the minutes of a check still lack: each value they would print as "……" (or a person as
"Ông/Bà"), with where it is entered; signing is refused until nothing is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from inspector.errors import ValidationError
from inspector.fieldwork import listing, signatories
from inspector.i18n import Text, _
from inspector.minutes.people import representatives
from inspector.minutes.requests import ACTED_BY_TARGET
from inspector.minutes.wording import gender_known
from inspector.store.workspace import Workspace
from inspector.vocabulary import AttendanceStatus, Severity, TeamRole


@dataclass(frozen=True)
class Missing:
    """A value the minutes need and the record lacks, and where it is entered.

    ``tab`` names the workbench tab ("decision", "roll_call", "checklist", "findings",
    "dossiers", "evidence", "minutes"), ``record_id`` the record to select there (None: the tab
    itself), ``field`` what to fill in ("position", "gender", "title", "place_name",
    "superior_for_header", "arrived_at", "ended_at", "number", "representative").
    """

    label: Text
    tab: str
    record_id: str | None
    field: str

    def __str__(self) -> str:
        return str(self.label)


class _Listing(Text):
    """Texts joined by "; ", each rendered in the language of the message that holds them."""

    __slots__ = ("items",)

    def __init__(self, items: list[Text]) -> None:
        super().__init__("")
        self.items = items

    def render(self, lang: str | None = None) -> str:
        return "; ".join(item.render(lang) for item in self.items)


def missing(ws: Workspace, inspection_id: str, *, number: str | None = None) -> list[Missing]:
    """List, in the order the minutes print them, the values the minutes of an inspection would
    print as "……" (or as "Ông/Bà", a gender not recorded): the minutes' ``number`` (given at
    signing), the superior body of the header, the place name, the arrival, the positions and
    genders of the team and of the unit's representatives and witnesses, the legal basis of
    every finding but praise, the end of the visit.

    An empty list means the minutes are complete; a check is signed only then. Reads only.
    """
    d = listing.inspection_detail(ws, inspection_id)
    found: list[Missing] = []
    seen: set[tuple[str | None, str]] = set()

    def lack(label: Text, tab: str, record_id: str | None, field: str) -> None:
        if (record_id, field) not in seen:
            seen.add((record_id, field))
            found.append(Missing(label, tab, record_id, field))

    unsigned = signatories.unsigned_parties(ws, inspection_id)
    # the unit's staff the text names: late or absent without reason, bearing a
    # responsibility, acting on a request, explaining (each printed with Ông or Bà)
    named = {
        r["person_id"]: r["full_name"]
        for r in d["roll_call"]
        if r["status"] in (AttendanceStatus.LATE, AttendanceStatus.ABSENT_WITHOUT_REASON)
    }
    for f in d["findings"]:
        named.update({r["person_id"]: r["person"] for r in f["responsibilities"] if r["person_id"]})
    staff_names = {r["person_id"]: r["full_name"] for r in d["roll_call"]}
    for r in d["recommendations"]:
        if r["target_person_id"] and r["type"] in ACTED_BY_TARGET:
            named[r["target_person_id"]] = staff_names.get(r["target_person_id"], "")
    for e in d["explanations"]:
        if e.get("person_id"):
            named[e["person_id"]] = staff_names.get(e["person_id"], e["given_by"])
    linked = (
        {m["person_id"] for m in d["team"]}
        | {s["person_id"] for s in d["signatories"] + unsigned if s["person_id"]}
        | set(named)
    )
    marks = ",".join("?" * len(linked))
    rows = ws.db.execute(
        f"SELECT id, gender, full_name FROM people WHERE id IN ({marks}) AND deleted = 0",
        list(linked),
    ).fetchall()
    genders = {pid: gender for pid, gender, _name in rows}
    for pid, _gender, full_name in rows:
        if pid in named and not named[pid]:
            named[pid] = full_name
    team_people = {m["person_id"] for m in d["team"]}

    def gender(person_id: str | None, name: str) -> None:
        if person_id is not None and not gender_known(genders.get(person_id)):
            tab = "decision" if person_id in team_people else "roll_call"
            lack(_("the gender of {name}", name=name), tab, person_id, "gender")

    if not (number or "").strip():
        lack(_("the number of the minutes"), "minutes", None, "number")
    issuer = ws.db.execute(
        "SELECT u.name FROM decisions d JOIN org_units u ON u.id = d.issuer_unit_id WHERE d.id = ?",
        [d["decision"]["id"]],
    ).fetchone()
    unit = d["unit"]
    if not ((issuer and issuer[0]) or unit["superior_for_header"]):
        lack(_("the superior body of the unit"), "decision", unit["id"], "superior_for_header")
    if not unit["place_name"]:
        lack(_("the place name of {unit}", unit=unit["name"]), "decision", unit["id"], "place_name")
    if not d["arrived_at"]:
        lack(_("the arrival time"), "decision", inspection_id, "arrived_at")
    if not any(m["role"] == TeamRole.LEADER for m in d["team"]):
        lack(_("the leader of the team"), "decision", inspection_id, "team")
    for m in d["team"]:
        if not m["position"]:
            lack(
                _("the position of {name}", name=m["full_name"]),
                "decision",
                m["person_id"],
                "position",
            )
        gender(m["person_id"], m["full_name"])
    reps = representatives(ws, inspection_id, d)
    if not reps:
        lack(_("the representative of the inspected unit"), "minutes", None, "representative")
    printed = reps + [s for s in d["signatories"] if s["side"] == "WITNESS" or s["refusal_reason"]]

    def title(p: dict[str, Any]) -> None:
        """A party printed with a position: its own record's title, else the person's."""
        if p["title"]:
            return
        label = _("the position of {name}", name=p["name"])
        if p["id"] or not p["person_id"]:
            lack(label, "minutes", p["id"], "title")
        else:  # proposed, not recorded yet: the position is the person's
            tab = "decision" if p["person_id"] in team_people else "roll_call"
            lack(label, tab, p["person_id"], "position")

    for p in printed + unsigned:  # unsigned: printed as not having signed when sealed
        title(p)
        gender(p["person_id"], p["name"])
    for person_id, name in named.items():
        gender(person_id, name or "……")
    for f in d["findings"]:  # "vi phạm quy định tại …": every finding but praise cites it
        if f["severity"] != Severity.GOOD and f["kind"] != "GOOD_PRACTICE":
            if not (f["legal_basis"] or "").strip():
                lack(
                    _("the legal basis of the finding “{title}”", title=f["title"].strip()),
                    "findings",
                    f["id"],
                    "legal_basis",
                )
    if not d["ended_at"]:
        lack(_("the end of the visit"), "decision", inspection_id, "ended_at")
    return found


def require_complete(ws: Workspace, inspection_id: str, *, number: str | None = None) -> None:
    """Refuse minutes that would still print "……" or "Ông/Bà", naming what is missing.

    Raises:
        ValidationError: :func:`missing` lists something.
    """
    lacking = missing(ws, inspection_id, number=number)
    if lacking:
        raise incomplete(lacking)


def incomplete(lacking: list[Missing]) -> ValidationError:
    """The refusal to sign minutes that lack these values, naming each in the user's language."""
    return ValidationError(
        _(
            "The minutes cannot be signed yet; still missing: {missing}.",
            missing=_Listing([m.label for m in lacking]),
        )
    )

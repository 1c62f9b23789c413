# SPDX-License-Identifier: GPL-3.0-or-later
"""What the minutes (biên bản kiểm tra) say: the record of one inspection turned into the sections
of the official skeleton (reference: domain.md §5.5), in Vietnamese or English.

:func:`build` composes the opening, the scope and the closing here, and the rest from its parts:
the people and the roll call (:mod:`~inspector.minutes.people`), the findings and responsibility
(:mod:`~inspector.minutes.findings_text`), the requests (:mod:`~inspector.minutes.requests`), in
the fixed wording of :mod:`~inspector.minutes.words`. What the minutes still lack is listed by
:mod:`~inspector.minutes.missing`. The model (:mod:`~inspector.minutes.model`) is plain data;
:mod:`inspector.minutes.layout` lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from inspector import timefmt
from inspector.errors import ValidationError
from inspector.fieldwork import listing
from inspector.i18n import _
from inspector.minutes import annexes as minutes_annexes
from inspector.minutes.findings_text import FindingsText
from inspector.minutes.missing import Missing, incomplete, missing, require_complete
from inspector.minutes.model import MinutesModel, Signatory
from inspector.minutes.people import (
    Naming,
    participants,
    representatives,
    sealed_people,
    signature_blocks,
    unsigned_notes,
)
from inspector.minutes.requests import report_back, requests
from inspector.minutes.wording import (
    close_lists,
    count,
    date_words,
    tidy,
    time_words,
)
from inspector.minutes.words import ROLES, WORDS
from inspector.store import seals
from inspector.store import validate as v
from inspector.store.workspace import Workspace
from inspector.timefmt import VIETNAM, vietnam_time

# what callers use from here, defined in the parts
__all__ = [
    "ROLES",
    "WORDS",
    "MinutesModel",
    "Missing",
    "Signatory",
    "build",
    "build_supplement",
    "close_lists",
    "incomplete",
    "listing",
    "missing",
    "require_complete",
    "summary_subjects",
    "tidy",
    "unsigned_notes",
]

_LOWER_PURPOSE = ("Kiểm tra", "Thanh tra", "Giám sát", "Rà soát", "Đánh giá", "Xác minh")
_THRIFT_AREAS = frozenset({"F", "G"})
_DISCIPLINE_AREAS = frozenset({"A"})


def _purpose(decision: dict[str, Any], w: dict[str, str], lang: str) -> str:
    """The decision's "về việc …" as entered (its first word lowered where it is a verb: "kiểm
    tra …"), else the fixed wording of a surprise check."""
    purpose = (decision.get("purpose") or "").strip().rstrip(" .;")
    if not purpose:
        return w["purpose"]
    if "typed_purpose" in w:  # another language than the one typed: quoted as typed
        return w["typed_purpose"].format(purpose=purpose)
    for verb in _LOWER_PURPOSE:
        if lang == "vi" and purpose.startswith(verb):
            return purpose[0].lower() + purpose[1:]
    if lang == "vi" and purpose.casefold().startswith("về việc "):
        return purpose[len("về việc ") :]
    return purpose


def summary_subjects(areas: list[str], lang: str) -> str:
    """The trích yếu's subjects, from the areas examined: discipline (area A), public duties
    (B–E, H), thrift and anti-waste (F, G), in that order, joined as a sentence joins them."""
    w = WORDS[lang]
    codes = set(areas)
    parts = []
    if codes & _DISCIPLINE_AREAS:
        parts.append(w["subject_discipline"])
    if codes - _DISCIPLINE_AREAS - _THRIFT_AREAS:
        parts.append(w["subject_duties"])
    if codes & _THRIFT_AREAS:
        parts.append(w["subject_thrift"])
    if not parts:
        parts.append(w["subject_duties"])
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + f" {w['and']} " + parts[-1]


@dataclass
class Composed:
    """The parts of a check's minutes as composed from its record, before they are put in the
    skeleton: what :func:`build` lays out as the minutes, and what the office's follow-on
    documents (:mod:`inspector.office.followon`) reuse, worded alike."""

    d: dict[str, Any]  # the check's detail (names as sealed, if sealed)
    w: dict[str, str]
    lang: str
    unit_name: str
    issuer_name: str | None
    visit_day: date
    arrived: datetime | None
    ended: datetime | None
    opening: list[str]
    team: list[str]
    scope: list[str]
    results: list[str]
    findings: FindingsText
    naming: Naming
    unit_names: dict[str, str]
    reps: list[dict[str, Any]]
    witnesses: list[dict[str, Any]]

    def good(self) -> list[str]:
        """The good practice found, each with who is praised."""
        return self.findings.good()

    def bad(self) -> list[str]:
        """The shortcomings and violations, each with who is responsible."""
        return self.findings.bad()

    def explanations(self) -> list[str]:
        """The unit's explanations."""
        return self.findings.explanations()

    def asked(self, recommendations: list[dict[str, Any]] | None = None) -> list[str]:
        """The team's requests (of ``recommendations`` only, if given), grouped by kind."""
        d = self.d if recommendations is None else {**self.d, "recommendations": recommendations}
        return requests(
            d,
            self.w,
            self.lang,
            self.findings.about,
            self.naming.person,
            self.unit_name,
            self.unit_names,
        )


def compose(ws: Workspace, inspection_id: str, *, lang: str = "vi") -> Composed:
    """Compose the parts of one inspection's minutes from its record (see :func:`build`)."""
    w = WORDS[lang]
    d = listing.inspection_detail(ws, inspection_id)  # names as sealed, if sealed
    names = seals.sealed_names(ws.db, inspection_id)
    naming = Naming(sealed_people(ws, names), lang)
    issuer = ws.db.execute(
        "SELECT u.id, u.name FROM decisions d JOIN org_units u ON u.id = d.issuer_unit_id"
        " WHERE d.id = ?",
        [d["decision"]["id"]],
    ).fetchone()
    issuer_name = names.unit(issuer[0], "name", issuer[1]) if issuer else None
    arrived, ended = vietnam_time(d["arrived_at"]), vietnam_time(d["ended_at"])
    announced = vietnam_time(d.get("announced_at"))
    visit_day = arrived.date() if arrived else date.today()
    unit_name = d["unit"]["name"]
    decision = d["decision"]
    signer = decision["signer_title"] or decision["signer_name"]

    opening = [
        *([w["unofficial"]] if "unofficial" in w else []),
        w["basis"].format(
            number=decision["number_symbol"],
            date=date_words(date.fromisoformat(decision["signed_on"]), lang),
            signer=signer,
            purpose=_purpose(decision, w, lang),
        ),
        w["today"].format(
            time=time_words(arrived, lang) if arrived else "……",
            date=date_words(visit_day, lang),
            place=(d["location"] or unit_name)
            + (
                f" ({d['unit']['address'].strip()})" if (d["unit"]["address"] or "").strip() else ""
            ),
        ),
    ]
    reps = representatives(ws, inspection_id, d, names)
    witnesses = [s for s in d["signatories"] if s["side"] == "WITNESS"]
    team = participants(d, reps, witnesses, naming, w, unit_name)
    scope = [
        w["announced"].format(time=time_words(announced, lang)) if announced else w["examined"]
    ] + [
        f"{n}. {a['title_vi'] if lang == 'vi' else a['title_en']};"
        for n, a in enumerate(d["checklist"], start=1)
    ]
    findings = FindingsText(d, w, lang, naming, unit_name)
    results = findings.results(ws, inspection_id, visit_day, arrived)
    unit_names = {
        u["id"]: names.unit(u["id"], "name", u["name"])
        for u in ws.db.query("SELECT id, name FROM org_units WHERE deleted = 0")
    }
    return Composed(
        d=d,
        w=w,
        lang=lang,
        unit_name=unit_name,
        issuer_name=issuer_name,
        visit_day=visit_day,
        arrived=arrived,
        ended=ended,
        opening=opening,
        team=team,
        scope=scope,
        results=results,
        findings=findings,
        naming=naming,
        unit_names=unit_names,
        reps=reps,
        witnesses=witnesses,
    )


def build(
    ws: Workspace,
    inspection_id: str,
    *,
    lang: str = "vi",
    number: str | None = None,
    copies: int = 3,
) -> MinutesModel:
    """Turn the record of one inspection into the minutes' content (``{pages}`` left to fill).

    Every sentence is composed here from the record's values; typed texts are put in as clauses
    or sentences of their own, with their end punctuation replaced, never pasted between fixed
    punctuation. A sealed inspection's minutes name its unit, superior body and people as the
    seal fixed them.
    """
    c = compose(ws, inspection_id, lang=lang)
    w, d, findings = c.w, c.d, c.findings
    number_text = number or "……/BB-ĐKT"
    place = d["unit"]["place_name"] or "……"
    asked = c.asked()
    sections = [
        (w["I"], c.team),
        (w["II"], c.scope),
        (w["III"], c.results),
        (w["IV"], findings.explanations()),
        (
            w["V"],
            [
                w["V1"],
                *(findings.good() or [w["none"]]),
                w["V2"],
                *(findings.bad() or [w["none"]]),
                w["V3"],
                *(asked or [w["none"]]),
                *report_back(d, w, lang, c.issuer_name or d["unit"]["superior_for_header"]),
                w["official"],
            ],
        ),
    ]
    annexes = 2
    ended = c.ended
    closing = [
        w["accuracy"],
        w["ended"].format(
            time=time_words(ended, lang) if ended else "……",
            date=date_words(ended.date(), lang) if ended else "……",
        ),
        w["copies"].format(
            pages="{pages}",
            annexes=count(annexes, lang),
            copies=count(copies, lang),
            team_copies=count(copies - 1, lang),
        ),
    ]
    signs, refusals = signature_blocks(d, c.reps, c.witnesses, c.naming, w)
    superior = (c.issuer_name or d["unit"]["superior_for_header"] or "").upper()
    return MinutesModel(
        inspection_id=inspection_id,
        lang=lang,
        superior=superior,
        issuer=w["team"],
        number=w["number"].format(number=number_text),
        place_date=f"{place}, {date_words(c.visit_day, lang)}",
        title=w["title"],
        summary=w["summary"].format(subjects=summary_subjects(d["areas"], lang), unit=c.unit_name),
        opening=close_lists(c.opening),
        sections=[(heading, close_lists(lines)) for heading, lines in sections],
        closing=closing,
        signatories=signs,
        annexes=minutes_annexes.annexes(d, number_text, c.visit_day, lang),
        words=w,
        refusals=refusals,
    )


def build_supplement(
    ws: Workspace,
    inspection_id: str,
    text: str,
    *,
    lang: str = "vi",
    number: str | None = None,
    copies: int = 3,
) -> MinutesModel:
    """The supplementary minutes (biên bản bổ sung) that correct sealed minutes: the same header
    and signatories, a reference to the first minutes, and the corrections, a paragraph a line."""
    body = v.required_text(text, _("Supplement text"))
    main = ws.db.execute(
        "SELECT number, sealed_at FROM minutes WHERE inspection_id = ? AND kind = 'MAIN'"
        " AND deleted = 0",
        [inspection_id],
    ).fetchone()
    if main is None:
        raise ValidationError(_("Only signed and sealed minutes can be supplemented."))
    base = build(ws, inspection_id, lang=lang, number=number, copies=copies)
    w = base.words
    sealed_day = timefmt.parse_utc(main[1]).astimezone(VIETNAM).date()
    reference = {"number": main[0] or "……", "date": date_words(sealed_day, lang)}
    place = base.place_date.split(",", 1)[0]
    base.place_date = f"{place}, {date_words(date.today(), lang)}"  # the day it is made
    base.title = w["supplement_title"]
    base.summary = w["supplement_summary"].format(**reference)
    base.opening = [w["supplement_basis"].format(unit=_unit(ws, inspection_id), **reference)]
    base.sections = [(w["supplement_body"], [p.strip() for p in body.splitlines() if p.strip()])]
    base.closing = [w["supplement_closing"].format(pages="{pages}", copies=count(copies, lang))]
    base.annexes = []
    base.refusals = []  # refusals to sign the first minutes are printed there, not here
    return base


def _unit(ws: Workspace, inspection_id: str) -> str:
    row = ws.db.execute(
        "SELECT u.id, u.name FROM inspections i JOIN org_units u ON u.id = i.unit_id"
        " WHERE i.id = ?",
        [inspection_id],
    ).fetchone()
    return str(seals.sealed_names(ws.db, inspection_id).unit(row[0], "name", row[1]))

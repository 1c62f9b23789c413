# SPDX-License-Identifier: GPL-3.0-or-later
"""The findings in the minutes, and who is responsible: section III (the results, area by area:
the roll call and dossier figures, each finding with its figures, legal basis and
responsibilities, items that do not comply, notes), the unit's explanations (section IV) and the
team's remarks of section V (what deserves praise, what is wrong and whose responsibility)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from inspector.fieldwork import checklists
from inspector.minutes.people import Naming, roll_sentence
from inspector.minutes.wording import clause, money, percent, sentence_of
from inspector.store.workspace import Workspace
from inspector.vocabulary import (
    Answer,
    AttendanceStatus,
    ResponsibilityLevel,
    Severity,
    label,
)


def amounts(f: dict[str, Any], w: dict[str, str], lang: str) -> str:
    """The money figures of a finding (norm, actual, excess), as one sentence; "" if none."""
    parts = [
        f"{w[key]}: {money(int(f[key]), lang)}"
        for key in ("amount_norm", "amount_actual", "amount_excess")
        if f.get(key) is not None
    ]
    if not parts:
        return ""
    text = "; ".join(parts) + "."
    return text[0].upper() + text[1:]


def praised(f: dict[str, Any]) -> bool:
    """Whether a finding is praise (good practice), which cites no law and blames no one."""
    return f["severity"] == Severity.GOOD or f["kind"] == "GOOD_PRACTICE"


@dataclass
class FindingsText:
    """The findings of one check (``d``, its detail) as the minutes word them, in the language
    of ``w``; ``unit_name`` is the inspected unit, the collective a responsibility falls on by
    default."""

    d: dict[str, Any]
    w: dict[str, str]
    lang: str
    naming: Naming
    unit_name: str
    titles: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.titles = {f["id"]: clause(f["title"]) for f in self.d["findings"]}

    def about(self, finding_id: str | None, *more: str) -> str:
        """The parenthesis after an explanation or a request: the finding it follows, and more."""
        titles = self.titles
        parts = [self.w["about"].format(title=titles[finding_id])] if finding_id in titles else []
        parts += [m for m in more if m]
        return f" ({'; '.join(parts)})" if parts else ""

    def subject(self, r: dict[str, Any]) -> str:
        """Who bears a responsibility: a person by name and post, a collective by its unit."""
        if r["subject_type"] == "COLLECTIVE" or not r["person_id"]:
            unit = r["unit"] or self.unit_name
            key = "collective_lead" if r["level"] == ResponsibilityLevel.HEAD else "collective_unit"
            return self.w[key].format(unit=unit)
        return self.naming.person(r["person_id"], r["person"])

    def responsibility_line(self, f: dict[str, Any]) -> str:
        """ "Trách nhiệm trực tiếp: Ông A, Kế toán (note). Trách nhiệm người đứng đầu: …" """
        w = self.w
        if praised(f):
            whom = [self.subject(r) for r in f["responsibilities"]]
            return f"{w['praised']}: {'; '.join(whom)}." if whom else ""
        groups: dict[str, list[str]] = {}
        for r in f["responsibilities"]:
            collective = r["subject_type"] == "COLLECTIVE" or not r["person_id"]
            heading = w["collective"] if collective else w[f"level_{r['level']}"]
            note = clause(r["note"])
            entry = self.subject(r)
            if collective:
                entry = entry[0].upper() + entry[1:]
            groups.setdefault(heading, []).append(entry + (f" ({note})" if note else ""))
        return " ".join(f"{heading}: {'; '.join(whom)}." for heading, whom in groups.items())

    def finding_lines(self, f: dict[str, Any]) -> list[str]:
        """A finding: its title and description, its money figures and the law it breaks, then
        the line of who is responsible."""
        w = self.w
        described = sentence_of(f["description"])
        line = f"- {self.titles[f['id']]}" + (f": {described}" if described else ".")
        figures = amounts(f, w, self.lang)
        basis = clause(f.get("legal_basis"))
        more = [figures] if figures else []
        if basis and not praised(f):
            kind = f["kind"] if f["kind"] in ("SHORTCOMING", "REFERRAL") else "VIOLATION"
            more.append(w[f"basis_{kind}"].format(basis=basis))
        lines = [" ".join([line, *more])]
        said = self.responsibility_line(f)
        if said:
            lines.append(said)
        return lines

    def results(
        self, ws: Workspace, inspection_id: str, visit_day: date, arrived: datetime | None
    ) -> list[str]:
        """Section III, area by area: the roll call (area A) and the dossier figures (area B),
        the findings, the items that do not comply without a finding of their own, the items'
        notes, and what was examined where nothing was found; then the findings of no area in
        the scope."""
        d, w, lang = self.d, self.w, self.lang
        roll = roll_sentence(d, self.naming, w, lang, arrived)
        roll_fault = any(
            r["status"] in (AttendanceStatus.LATE, AttendanceStatus.ABSENT_WITHOUT_REASON)
            for r in d["roll_call"]
        )
        dossier_traces = [t for t in d["traces"] if t["object_type"] == "DOSSIER"]  # not tasks
        late = [t for t in dossier_traces if t["late_days"] > 0]
        no_slip = sum(1 for t in late if not any(s["apology_slip"] for s in t["steps"]))
        total = len(dossier_traces)
        dossiers = w["dossiers"].format(
            total=total,
            on_time=total - len(late),
            on_time_pct=percent(total - len(late), total, lang),
            late=len(late),
            late_pct=percent(len(late), total, lang),
            no_slip=no_slip,
        )
        item_bases = {  # the law in force on the day of the check
            code: checklists.basis_on(basis, visit_day)
            for code, basis in ws.db.execute(
                "SELECT ci.code, ci.legal_basis FROM checklist_items ci"
                " JOIN inspections i ON i.template_id = ci.template_id"
                " WHERE i.id = ? AND ci.deleted = 0",
                [inspection_id],
            ).fetchall()
        }
        results: list[str] = []
        in_scope = {area["code"] for area in d["checklist"]}
        for n, area in enumerate(d["checklist"], start=1):
            title = area["title_vi"] if lang == "vi" else area["title_en"]
            results.append(f"{n}. {title}:")
            heading = len(results)
            if area["code"] == "A":
                results.append(roll)
            if area["code"] == "B" and total:
                results.append(dossiers)
            area_findings = [f for f in d["findings"] if f["area_code"] == area["code"]]
            for f in area_findings:
                results += self.finding_lines(f)
            found_items = {f["item_code"] for f in area_findings}
            described = {(f["description"] or "").strip() for f in area_findings}
            problems = len(area_findings)
            for item in area["items"]:
                note = clause(item["note"])
                if item["answer"] == Answer.NOT_COMPLY and item["code"] not in found_items:
                    problems += 1
                    phrase = item.get(f"violation_{lang}") or item.get("violation_vi")
                    text = clause(phrase) or w["unwritten"].format(code=item["code"])
                    line = w["failed_item"].format(text=text + (f": {note}" if note else ""))
                    basis = clause(item_bases.get(item["code"]))
                    results.append(
                        line + (f" {w['basis_VIOLATION'].format(basis=basis)}" if basis else "")
                    )
                elif note and note not in described:
                    answer = label(Answer(item["answer"]), lang).lower() if item["answer"] else ""
                    results.append(
                        w["item_note"].format(code=item["code"], answer=answer, note=note)
                    )
            if not problems:  # nothing found here: say what was examined, never a bare heading
                answered = sum(
                    1 for item in area["items"] if item["answer"] not in (None, Answer.NOT_CHECKED)
                )
                # figures that show a fault (late, absent, overdue) are no "nothing found"
                figures_fault = (area["code"] == "A" and roll_fault) or (
                    area["code"] == "B" and late
                )
                verdict = "area_checked" if figures_fault else "area_ok"
                said = (
                    w[verdict].format(answered=answered, total=len(area["items"]))
                    if answered
                    else w["area_unchecked"]
                )
                figures = (area["code"] == "A") + (area["code"] == "B" and total > 0)
                results.insert(heading + figures, said)  # after the area's figures, before notes
        elsewhere = [f for f in d["findings"] if f["area_code"] not in in_scope]
        if elsewhere:  # recorded before findings had to name an area, or its area left the scope
            results.append(f"{len(d['checklist']) + 1}. {w['other']}:")
            for f in elsewhere:
                results += self.finding_lines(f)
        return results

    def explanations(self) -> list[str]:
        """Section IV: each explanation of the unit, by whom and about which finding."""
        return [
            f"- {self.naming.person(e['person_id']) if e.get('person_id') else clause(e['given_by'])}"
            f"{self.about(e['finding_id'])}: {sentence_of(e['text'])}"
            for e in self.d["explanations"]
        ] or [self.w["none"]]

    def good(self) -> list[str]:
        """Section V.1: the findings that are praise."""
        return [f"- {self.titles[f['id']]}." for f in self.d["findings"] if praised(f)]

    def bad(self) -> list[str]:
        """Section V.2: every other finding, with whose responsibility it is, by level."""
        w = self.w
        bad = []
        for f in self.d["findings"]:
            if praised(f):
                continue
            levels: dict[str, list[str]] = {}
            for r in f["responsibilities"]:
                if r["subject_type"] == "COLLECTIVE" or not r["person_id"]:
                    levels.setdefault(w["collective_of"], []).append(self.subject(r))
                else:
                    level = w[f"level_{r['level']}"]
                    levels.setdefault(level[0].lower() + level[1:], []).append(
                        self.naming.who(r["person_id"], r["person"])
                    )
            whom = [
                w["of_whom"].format(level=level, who=f" {w['and']} ".join(names_))
                for level, names_ in levels.items()
            ]
            bad.append(f"- {self.titles[f['id']]}" + (f": {'; '.join(whom)}." if whom else "."))
        return bad

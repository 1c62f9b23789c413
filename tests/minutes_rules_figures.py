# SPDX-License-Identifier: GPL-3.0-or-later
"""The rules that recompute the minutes' figures from the generator's account: the roll call
and its annex, the overdue dossiers and their annex, the dossier sentence, money, deadlines."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from fractions import Fraction

from inspector.minutes import annexes as minutes_annexes
from inspector.minutes.content import MinutesModel
from inspector.vocabulary import AttendanceStatus, ReasonCode, StaffType, label
from tests.minutes_reading import (
    Problem,
    World,
    _address,
    _annex,
    _clause,
    _clock,
    _dossiers,
    _section,
    _step_late,
    _template,
)
from tests.minutes_world import VN, MadeCheck, Staff


def _category(s: Staff) -> str:
    """The roll call's category of an absence with reason (the skeleton's)."""
    if s.status == AttendanceStatus.ON_LEAVE or s.reason == ReasonCode.P:
        return "leave"
    if s.status == AttendanceStatus.BUSINESS_TRIP or s.reason == ReasonCode.CT:
        return "trip"
    if s.reason in (ReasonCode.O, ReasonCode.CO):
        return "sick"
    if s.reason == ReasonCode.TS:
        return "maternity"
    return "other"


def _counts(text: str) -> dict[str, int]:
    """ " (a: 1; b: 2)" as {a: 1, b: 2}."""
    inner = text.strip()[1:-1] if text.strip() else ""
    pairs = [part.rsplit(": ", 1) for part in inner.split("; ") if part]
    return {name: int(value) for name, value in pairs}


def _named(text: str) -> list[tuple[str | None, str]]:
    """ " (Ông A, Kế toán; Bà B, …)" as [(form of address, the rest)]."""
    inner = text.strip()[1:-1] if text.strip() else ""
    out = []
    for part in inner.split("; ") if inner else []:
        hit = re.match(r"^(Ông/Bà|Mr/Ms|Ông|Bà|Mr|Ms) (.*)$", part)
        out.append((hit.group(1), hit.group(2)) if hit else (None, part))
    return out


def rule_roll_call(w: World, m: MadeCheck, lang: str, model: MinutesModel) -> list[Problem]:
    """The roll-call sentence's every count, and the people it names, from the generator's own
    record of the marks."""
    words = model.words
    pattern = re.compile(
        _template(
            words["roll"],
            numbers=("total", "present", "late", "with_reason", "without"),
            optional=("kinds", "late_who", "reasons", "without_who"),
        )
    )
    results = _section(model, "III")
    hits = [h for h in map(pattern.fullmatch, results) if h]
    if len(hits) != 1:
        return [Problem(m.seed, lang, "roll-call sentence not found once", words["roll"])]
    hit = hits[0]
    line = hit.group(0)
    staff = m.staff
    by = Counter(s.status for s in staff)
    excused = [
        s
        for s in staff
        if s.status
        in (
            AttendanceStatus.ABSENT_WITH_REASON,
            AttendanceStatus.ON_LEAVE,
            AttendanceStatus.BUSINESS_TRIP,
        )
    ]
    groups = Counter(_category(s) for s in excused)
    at = words["at_time"]
    expected = {
        "time": _clock(m.arrived, lang),
        "total": str(len(staff)),
        "present": str(by[AttendanceStatus.PRESENT]),
        "late": str(by[AttendanceStatus.LATE]),
        "with_reason": str(len(excused)),
        "without": str(by[AttendanceStatus.ABSENT_WITHOUT_REASON]),
        "kinds": {
            words[f"kind_{k}"]: n for k in StaffType if (n := sum(s.staff_type == k for s in staff))
        },
        "reasons": {words[f"reason_{g}"]: n for g, n in groups.items()},
    }
    named = {
        "late_who": [
            (
                _address(s.gender, lang),
                f"{s.name}, {s.position}, {at.format(time=_clock(s.arrived, lang))}",
            )
            for s in staff
            if s.status == AttendanceStatus.LATE and s.arrived
        ],
        "without_who": [
            (_address(s.gender, lang), f"{s.name}, {s.position}")
            for s in staff
            if s.status == AttendanceStatus.ABSENT_WITHOUT_REASON
        ],
    }
    found = []
    for key, want in expected.items():
        got = _counts(hit.group(key)) if key in ("kinds", "reasons") else hit.group(key)
        if got != want:
            found.append(
                Problem(m.seed, lang, f"roll call: {key}", line, f"printed {got}, record {want}")
            )
    for key, people in named.items():
        printed = sorted(_named(hit.group(key)), key=lambda pair: pair[1])
        wanted = sorted(people, key=lambda pair: pair[1])
        if [rest for _a, rest in printed] != [rest for _a, rest in wanted]:
            found.append(Problem(m.seed, lang, f"roll call: {key}", line, f"record {wanted}"))
            continue
        for (form, rest), (should, _rest) in zip(printed, wanted, strict=True):
            if should is not None and form != should:
                found.append(Problem(m.seed, lang, f"roll call: {key} form of address", line, rest))
    return found


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def rule_annex_roll_call(w: World, m: MadeCheck, lang: str, model: MinutesModel) -> list[Problem]:
    """Annex 01: everyone once, with their mark and reason; each late arrival's time and minutes
    late, counted from the start of the unit's morning or afternoon, whichever it fell in."""
    annex = _annex(model, "annex1")
    words = minutes_annexes.WORDS[lang]
    found = []
    rows = {row[1]: row for row in annex.rows}
    if sorted(rows) != sorted(s.name for s in m.staff) or len(annex.rows) != len(m.staff):
        found.append(Problem(m.seed, lang, "Annex 01 lists the staff once each", str(sorted(rows))))
    arrived = _template(words["arrived"])
    late_by = _template(words["late_by"], numbers=("minutes",))
    pattern = re.compile(f"{arrived}(?:{late_by})?(?=;|$)")
    am_start, am_end, pm_start, _pm_end = (_minutes(h) for h in m.hours)
    for s in m.staff:
        row = rows.get(s.name)
        if row is None:
            continue
        line = " | ".join(row)
        if row[3] != label(s.status, lang):
            found.append(Problem(m.seed, lang, "Annex 01 mark", line, label(s.status, lang)))
        if s.reason and s.status != AttendanceStatus.LATE and label(s.reason, lang) not in row[4]:
            found.append(Problem(m.seed, lang, "Annex 01 reason", line, label(s.reason, lang)))
        if s.status != AttendanceStatus.LATE or s.arrived is None:
            continue
        local = s.arrived.astimezone(VN)
        clock = local.hour * 60 + local.minute
        start = pm_start if clock >= am_end else am_start
        hit = pattern.search(row[4])
        if hit is None:
            found.append(Problem(m.seed, lang, "Annex 01 arrival time missing", line))
            continue
        if hit.group("time") != _clock(s.arrived, lang):
            found.append(
                Problem(m.seed, lang, "Annex 01 arrival time", line, _clock(s.arrived, lang))
            )
        want = clock - start if clock > start else None
        got = int(hit.group("minutes")) if hit.group("minutes") else None
        if got != want:
            found.append(
                Problem(
                    m.seed, lang, "Annex 01 minutes late", line, f"printed {got}, record {want}"
                )
            )
    return found


def rule_annex_dossiers(w: World, m: MadeCheck, lang: str, model: MinutesModel) -> list[Problem]:
    """Annex 02: every late dossier once, at the step that delayed it most, with that step's own
    working days late, the dossier's total over its steps, the apology slip; the totals row."""
    annex = _annex(model, "annex2")
    words = minutes_annexes.WORDS[lang]
    found = []
    late = [(d, _step_late(m, d)) for d in _dossiers(m) if sum(_step_late(m, d))]
    rows = {row[1]: row for row in annex.rows}
    if sorted(rows) != sorted(d.ref for d, _l in late) or len(rows) != len(annex.rows):
        found.append(
            Problem(
                m.seed,
                lang,
                "Annex 02 lists the late dossiers once each",
                str(sorted(rows)),
                str(sorted(d.ref for d, _l in late)),
            )
        )
    for dossier, days in late:
        row = rows.get(dossier.ref)
        if row is None:
            continue
        line = " | ".join(row)
        steps = [
            (s, n)
            for s, n in zip(dossier.steps, days, strict=True)
            if (s.name, s.holder, _day(s.due, lang)) == (row[3], row[4], row[5])
        ]
        if len(steps) != 1:
            found.append(Problem(m.seed, lang, "Annex 02 step not in the record", line))
            continue
        step, own = steps[0]
        done = _day(step.done, lang) if step.done else words["not_done"]  # as the edition writes
        checks = [
            ("done date", row[6], done),
            ("step's days late", row[7], str(own)),
            ("dossier's total days late", row[8], str(sum(days))),
            (
                "apology slip",
                row[9],
                words["yes"] if any(s.slip for s in dossier.steps) else words["no"],
            ),
        ]
        if own != max(days):
            checks.append(("the step that delayed it most", str(own), str(max(days))))
        for what, got, want in checks:
            if got != want:
                found.append(
                    Problem(m.seed, lang, f"Annex 02 {what}", line, f"printed {got}, record {want}")
                )
    if not late:
        if annex.rows or annex.empty != words["no_late"]:
            found.append(Problem(m.seed, lang, "Annex 02 without late dossiers", annex.empty))
        return found
    total = annex.total
    line = " | ".join(total)
    count = re.fullmatch(_template(words["total"], numbers=("count",)), total[0] if total else "")
    slips = re.fullmatch(
        _template(words["slips"], numbers=("yes", "no")), total[-1] if total else ""
    )
    with_slip = sum(any(s.slip for s in d.steps) for d, _l in late)
    totals: list[tuple[str, object, object]] = [
        ("count", int(count.group("count")) if count else None, len(late)),
        ("days", total[-2] if len(total) >= 2 else None, str(sum(sum(n) for _d, n in late))),
        (
            "slips",
            (int(slips.group("yes")), int(slips.group("no"))) if slips else None,
            (with_slip, len(late) - with_slip),
        ),
    ]
    for what, shown, record in totals:
        if shown != record:
            found.append(
                Problem(
                    m.seed,
                    lang,
                    f"Annex 02 totals row: {what}",
                    line,
                    f"printed {shown}, record {record}",
                )
            )
    return found


def _percent(text: str, lang: str) -> Fraction | None:
    """A printed percentage in the edition's own form (Vietnamese "83,3%", English "83.3%")."""
    mark = "," if lang == "vi" else "."
    hit = re.fullmatch(rf"(\d+)(?:{re.escape(mark)}(\d))?%", text)
    if hit is None:
        return None
    return Fraction(int(hit.group(1))) + Fraction(int(hit.group(2) or 0), 10)


def rule_dossier_sentence(w: World, m: MadeCheck, lang: str, model: MinutesModel) -> list[Problem]:
    """The sampled dossiers' sentence: how many, on time and overdue with their shares (each
    within rounding of the exact share, in the edition's decimal form), and how many overdue
    dossiers lack an apology slip; no sentence without dossiers."""
    pattern = re.compile(
        _template(model.words["dossiers"], numbers=("total", "on_time", "late", "no_slip"))
    )
    results = _section(model, "III")
    hits = [h for h in map(pattern.fullmatch, results) if h]
    if not _dossiers(m):
        return [
            Problem(m.seed, lang, "dossier sentence without dossiers", h.group(0)) for h in hits
        ]
    if len(hits) != 1:
        return [Problem(m.seed, lang, "dossier sentence not found once", model.words["dossiers"])]
    hit = hits[0]
    line = hit.group(0)
    late = [d for d in _dossiers(m) if sum(_step_late(m, d))]
    total = len(_dossiers(m))
    found = []
    counts = {
        "total": total,
        "on_time": total - len(late),
        "late": len(late),
        "no_slip": sum(not any(s.slip for s in d.steps) for d in late),
    }
    for key, want in counts.items():
        if int(hit.group(key)) != want:
            found.append(Problem(m.seed, lang, f"dossier sentence: {key}", line, f"record {want}"))
    for key, part in (("on_time_pct", total - len(late)), ("late_pct", len(late))):
        printed = _percent(hit.group(key), lang)
        exact = Fraction(part * 100, total)
        if printed is None or abs(printed - exact) > Fraction(1, 20):
            found.append(
                Problem(
                    m.seed, lang, f"dossier sentence: {key}", line, f"exact {float(exact):.4f}%"
                )
            )
    return found


def _money(lang: str) -> str:
    return (
        r"(?P<amount>\d{1,3}(?:\.\d{3})*) đồng"
        if lang == "vi"
        else r"VND (?P<amount>\d{1,3}(?:,\d{3})*)"
    )


def _amount(text: str) -> int:
    return int(re.sub(r"[.,]", "", text))


def rule_money(w: World, m: MadeCheck, lang: str, model: MinutesModel) -> list[Problem]:
    """Each money finding prints its norm, actual spending and excess as recorded (excess = the
    amount spent less the norm), in the edition's form; a repayment request prints the amount
    of the finding it follows."""
    found = []
    results = _section(model, "III")
    money = _money(lang)
    for f in m.findings:
        if f.norm is None and f.actual is None and f.excess is None:
            continue
        lines = [line for line in results if line.startswith(f"- {_clause(f.title)}")]
        if not lines:
            continue  # reported by the legal-basis rule
        line = lines[0]
        for key, want in (
            ("amount_norm", f.norm),
            ("amount_actual", f.actual),
            ("amount_excess", f.excess),
        ):
            name = model.words[key]
            hit = re.search(
                rf"(?:^|[.;!?…] )(?i:{re.escape(name[0])}){re.escape(name[1:])}: {money}", line
            )
            if (_amount(hit.group("amount")) if hit else None) != want:
                got = hit.group("amount") if hit else None
                found.append(
                    Problem(m.seed, lang, f"money: {key}", line, f"printed {got}, record {want}")
                )
    repay = _template(model.words["repay"]).replace("(?P<amount>.+?)", money)
    about = model.words["about"].split("{title}")[0]
    for line in _section(model, "V"):
        hit = re.search(repay, line)
        if hit is None:
            continue
        owners = [f for f in m.findings if f"{about}{_clause(f.title)}" in line]
        owner = max(owners, key=lambda f: len(_clause(f.title)), default=None)
        want = owner.excess if owner else None
        if _amount(hit.group("amount")) != want:
            found.append(Problem(m.seed, lang, "money: amount to repay", line, f"record {want}"))
    return found


def _day(day: date, lang: str) -> str:
    """A date in a request as an official writes it: 05/03/2026; English 5 Mar 2026."""
    if lang == "vi":
        return day.strftime("%d/%m/%Y")
    months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
    return f"{day.day} {months[day.month - 1]} {day.year}"


def rule_deadlines(w: World, m: MadeCheck, lang: str, model: MinutesModel) -> list[Problem]:
    """Each request is printed, with the deadline recorded for it (none if none); the unit
    reports back by the latest of them."""
    words = model.words
    about = words["about"].split("{title}")[0]
    deadline = re.compile(
        _template(words["deadline"]).replace("(?P<date>.+?)", r"(?P<date>[^;)]+)")
    )
    found = []
    requests = _section(model, "V")
    for line in requests:
        owners = [f for f in m.findings if f"{about}{_clause(f.title)}" in line]
        owner = max(owners, key=lambda f: len(_clause(f.title)), default=None)
        if owner is None:
            continue
        wanted = {r.deadline for r in m.requests if r.finding_id == owner.finding_id}
        hit = deadline.search(line)
        printed = hit.group("date") if hit else None
        if printed not in {_day(d, lang) if d else None for d in wanted}:
            found.append(Problem(m.seed, lang, "request deadline", line, f"record {wanted}"))
    for f in m.findings:  # every request is printed, under the finding it follows
        asked = sum(r.finding_id == f.finding_id for r in m.requests)
        printed = sum(f"{about}{_clause(f.title)}" in line for line in requests)
        if printed < asked:
            found.append(Problem(m.seed, lang, "request missing from section V", f.title))
    latest = max((r.deadline for r in m.requests if r.deadline), default=None)
    back = re.compile(_template(words["report_back"]))
    said = [h for h in map(back.fullmatch, requests) if h]
    if latest is None:
        found += [Problem(m.seed, lang, "report-back without a deadline", h.group(0)) for h in said]
    elif len(said) != 1 or said[0].group("date") != _day(latest, lang):
        line = said[0].group(0) if said else words["report_back"]
        found.append(Problem(m.seed, lang, "report-back date", line, _day(latest, lang)))
    return found

# SPDX-License-Identifier: GPL-3.0-or-later
"""Faults put into good minutes (or into the record), each with the rule that must name it: the
checker does not pass minutes because it reads nothing."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from inspector.minutes import content as minutes_content
from inspector.minutes.content import MinutesModel
from inspector.vocabulary import AttendanceStatus
from tests.minutes_reading import (
    _annex,
    _section,
    _template,
)
from tests.minutes_rules_text import HEADING, _basis_openings
from tests.minutes_world import MadeCheck


def _first(lines: list[str], test: Callable[[str], bool]) -> int:
    return next(n for n, line in enumerate(lines) if test(line))


def _end_a_list_with_semicolon(model: MinutesModel, made: MadeCheck) -> None:
    scope = _section(model, "II")
    scope[-1] = scope[-1][:-1] + ";"


def _leave_a_gender_out(model: MinutesModel, made: MadeCheck) -> None:
    team = _section(model, "I")
    n = _first(team, lambda line: line.startswith(("- Ông ", "- Bà ", "- Mr ", "- Ms ")))
    team[n] = "- " + ("Ông/Bà " if model.lang == "vi" else "Mr/Ms ") + team[n].split(" ", 2)[2]


def _speak_the_other_language(model: MinutesModel, made: MadeCheck) -> None:
    results = _section(model, "III")
    results[0] += " Present." if model.lang == "vi" else " Có mặt."


def _drop_a_legal_basis(model: MinutesModel, made: MadeCheck) -> None:
    results = _section(model, "III")
    openings = _basis_openings(model)
    n = _first(results, lambda line: line.startswith("- ") and any(o in line for o in openings))
    results[n] = re.split("|".join(map(re.escape, openings)), results[n])[0].rstrip()


def _empty_an_area(model: MinutesModel, made: MadeCheck) -> None:
    results = _section(model, "III")
    heading = _first(results, lambda line: bool(HEADING.match(line)))
    following = _first(results[heading + 1 :], lambda line: bool(HEADING.match(line)))
    del results[heading + 1 : heading + 1 + following]


def _miscount_a_dossier(model: MinutesModel, made: MadeCheck) -> None:
    row = _annex(model, "annex2").rows[0]
    row[8] = str(int(row[8]) + 1)


def _mark_one_more_absent(model: MinutesModel, made: MadeCheck) -> None:
    present = next(s for s in made.staff if s.status == AttendanceStatus.PRESENT)
    present.status = AttendanceStatus.ABSENT_WITHOUT_REASON


def _arrive_later(model: MinutesModel, made: MadeCheck) -> None:
    late = next(s for s in made.staff if s.status == AttendanceStatus.LATE and s.arrived)
    late.arrived = (late.arrived or made.arrived) + timedelta(minutes=5)


def _sample_one_dossier_less(model: MinutesModel, made: MadeCheck) -> None:
    made.dossiers.pop(0)


def _raise_a_norm(model: MinutesModel, made: MadeCheck) -> None:
    money = next(f for f in made.findings if f.norm is not None)
    money.norm = (money.norm or 0) + 1000


def _push_a_deadline(model: MinutesModel, made: MadeCheck) -> None:
    request = max((r for r in made.requests if r.deadline), key=lambda r: r.deadline or date.min)
    request.deadline = (request.deadline or made.visit_day) + timedelta(days=1)


def _clear_an_area_with_late_dossiers(model: MinutesModel, made: MadeCheck) -> None:
    results = _section(model, "III")
    dossiers = _template(model.words["dossiers"], numbers=("total", "on_time", "late", "no_slip"))
    n = _first(results, lambda line: bool(re.fullmatch(dossiers, line)))
    results.insert(n, model.words["area_ok"].format(answered=1, total=1))


def _swap_a_role(model: MinutesModel, made: MadeCheck) -> None:
    team = _section(model, "I")
    roles = minutes_content.ROLES[model.lang]
    n = _first(team, lambda line: line.rstrip(";.").endswith(roles["LEADER"]))
    team[n] = team[n].replace(roles["LEADER"], roles["MEMBER"])


# Each rule, and one change to the minutes (or to the record) it must name.
MUTATIONS: list[tuple[str, Callable[[MinutesModel, MadeCheck], None], set[str]]] = [
    ("punctuation", _end_a_list_with_semicolon, {"';' where a '.' belongs"}),
    ("placeholders", _leave_a_gender_out, {"'Ông/Bà' in a finished check"}),
    ("language", _speak_the_other_language, {"English word in the Vietnamese edition"}),
    ("legal_basis", _drop_a_legal_basis, {"finding without its legal basis"}),
    ("area_headings", _empty_an_area, {"area heading with nothing under it"}),
    ("annex_dossiers", _miscount_a_dossier, {"Annex 02 dossier's total days late"}),
    ("participants", _swap_a_role, {"participants"}),
    ("roll_call", _mark_one_more_absent, {"roll call: present", "roll call: without"}),
    ("annex_roll_call", _arrive_later, {"Annex 01 arrival time", "Annex 01 minutes late"}),
    ("dossier_sentence", _sample_one_dossier_less, {"dossier sentence: total"}),
    ("money", _raise_a_norm, {"money: amount_norm"}),
    ("deadlines", _push_a_deadline, {"request deadline", "report-back date"}),
    (
        "area_verdict",
        _clear_an_area_with_late_dossiers,
        {"no fault found, yet the figures show one"},
    ),
]
IN_ENGLISH = {
    "'Ông/Bà' in a finished check": "'Mr/Ms' in a finished check",
    "English word in the Vietnamese edition": "Vietnamese app text in the English edition",
}

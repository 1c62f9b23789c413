# SPDX-License-Identifier: GPL-3.0-or-later
"""The reading of generated minutes as an official reads them: the world of checks and their
minutes, the problems found and the defects known, and what the rules share (the template of a
fixed sentence, a time, a form of address, working days counted from the calendar file itself)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from inspector.minutes import annexes as minutes_annexes
from inspector.minutes.content import MinutesModel
from inspector.resources import resource_path
from inspector.store.workspace import Workspace
from tests.minutes_world import VN, Dossier, MadeCheck

SEEDS = range(1, 23)
LANGS = ("vi", "en")


@dataclass(frozen=True)
class Known:
    """A defect the checker found that the minutes still have: the rules it breaks (a regular
    expression over the rules' names), the pattern of the offending text (searched in the line),
    the checks it is known in (all if none named), and a check and line that show it."""

    rule: str
    pattern: str
    seed: int
    lang: str
    line: str
    seeds: tuple[int, ...] = ()

    def covers(self, problem: Problem) -> bool:
        return (
            re.fullmatch(self.rule, problem.rule) is not None
            and re.search(self.pattern, problem.line) is not None
            and (not self.seeds or problem.seed in self.seeds)
        )


# The rule of the time zone test (not one of RULES: it builds the minutes again).
TIME_ZONE = "minutes depend on the laptop's time zone"

# The checks whose sample holds an incoming document and a task beside the dossiers.
OTHER_TRACES = tuple(seed for seed in SEEDS if seed % 3 == 1)

# Defects found and not fixed yet. Each is skipped by its rule alone, explicitly (the test is
# reported skipped, naming them); fix the minutes, then remove the entry.
KNOWN_DEFECTS: list[Known] = []


@dataclass(frozen=True)
class Problem:
    """One thing an official would correct: where, under which rule, and the line."""

    seed: int
    lang: str
    rule: str
    line: str
    detail: str = ""

    def known(self) -> Known | None:
        return next((k for k in KNOWN_DEFECTS if k.covers(self)), None)

    def __str__(self) -> str:
        more = f" ({self.detail})" if self.detail else ""
        return f"seed {self.seed}, {self.lang}, {self.rule}{more}: {self.line!r}"


# ---------------------------------------------------------------------------------------------
# The world: 22 complete checks in one workspace, their minutes in both languages.


@dataclass
class World:
    ws: Workspace
    made: list[MadeCheck]
    models: dict[tuple[int, str], MinutesModel]
    record_texts: list[str]  # texts of the checklist the minutes may quote (legal bases, wording)
    typed: list[str]  # every text the generator typed, in every check
    found: dict[str, list[Problem]] = field(default_factory=dict)  # by rule and language
    english: set[str] = field(default_factory=set)  # the app's English words (not Vietnamese)
    app_text: re.Pattern[str] = re.compile("(?!)")  # the app's Vietnamese texts


def _clause(text: str | None) -> str:
    """A typed text without the end punctuation the minutes replace."""
    return (text or "").strip().rstrip(" .;,:…")


def _body(model: MinutesModel) -> list[list[str]]:
    """The blocks of running text: the opening, each section, the closing."""
    return [model.opening, *(lines for _h, lines in model.sections), model.closing_paragraphs(5)]


def _section(model: MinutesModel, key: str) -> list[str]:
    heading = model.words[key]
    return next(lines for h, lines in model.sections if h == heading)


def _annex(model: MinutesModel, key: str) -> minutes_annexes.Annex:
    title = minutes_annexes.WORDS[model.lang][key]
    return next(a for a in model.annexes if a.title == title)


def _template(text: str, numbers: tuple[str, ...] = (), optional: tuple[str, ...] = ()) -> str:
    """A regular expression for a fixed sentence with its placeholders as named groups: numbers,
    optional parentheses " (…)" (one level of nesting: "(bảo vệ)"), anything else."""
    out, pos = "", 0
    for m in re.finditer(r"\{(\w+)\}", text):
        out += re.escape(text[pos : m.start()])
        name = m.group(1)
        if name in numbers:
            out += rf"(?P<{name}>\d+)"
        elif name in optional:
            out += rf"(?P<{name}>(?: \((?:[^()]|\([^()]*\))*\))?)"
        else:
            out += rf"(?P<{name}>.+?)"
        pos = m.end()
    return out + re.escape(text[pos:])


def _clock(moment: datetime, lang: str) -> str:
    local = moment.astimezone(VN)
    return (
        f"{local.hour:02d} giờ {local.minute:02d} phút"
        if lang == "vi"
        else f"{local.hour:02d}:{local.minute:02d}"
    )


def _address(gender: str | None, lang: str) -> str | None:
    if gender is None:
        return None
    man = gender == "Nam"
    if lang == "vi":
        return "Ông" if man else "Bà"
    return "Mr" if man else "Ms"


# ---------------------------------------------------------------------------------------------
# Working days, counted from the calendar file itself.


class Calendar:
    """The bundled calendar file read on its own: weekly rest days, holidays and days off in
    lieu, and the Saturdays worked in exchange (make-up working days)."""

    def __init__(self, path: Path) -> None:
        data = json.loads(path.read_text("utf-8"))
        self.rest = set(data.get("weekly_rest", [5, 6]))
        self.off = {date.fromisoformat(d["date"]) for days in data["days"].values() for d in days}
        self.off |= {date.fromisoformat(d["date"]) for d in data["adjustments"]["days_off"]}
        self.worked = {date.fromisoformat(d["date"]) for d in data["adjustments"]["working_days"]}

    def working(self, day: date) -> bool:
        return day in self.worked or (day.weekday() not in self.rest and day not in self.off)

    def late(self, due: date, end: date) -> int:
        """Working days after ``due`` up to and including ``end``."""
        return sum(
            1 for n in range(1, (end - due).days + 1) if self.working(due + timedelta(days=n))
        )


CALENDAR = Calendar(resource_path("calendar", "vn-holidays.json"))


def _dossiers(made: MadeCheck) -> list[Dossier]:
    """The administrative dossiers sampled (not the incoming documents or tasks traced): what
    the dossier sentence counts and Annex 02, "overdue dossiers", lists."""
    return [d for d in made.dossiers if d.kind == "DOSSIER"]


def _step_late(made: MadeCheck, dossier: Dossier) -> list[int]:
    return [CALENDAR.late(s.due, s.done or made.visit_day) for s in dossier.steps]

# SPDX-License-Identifier: GPL-3.0-or-later
"""Read the minutes of many generated checks as an official of Vietnam Social Security reads them
before signing, in Vietnamese and in English, and recompute every printed figure from the record.

The checks come from :mod:`tests.minutes_world`, which keeps its own account of what it recorded;
the figures here are counted from that account and from the bundled holiday calendar file, never by
the app's own counting functions. A defect found and not yet fixed is listed, with its seed and
line, in ``KNOWN_DEFECTS``: the rule stays enforced for every other check, and the entry must go
once the minutes are fixed (a test fails while an entry no longer occurs).
"""

from __future__ import annotations

import copy
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pdfplumber
import pytest

from inspector.fieldwork import checklists
from inspector.minutes import content as minutes_content
from inspector.minutes import layout as minutes_layout
from inspector.minutes.content import MinutesModel
from inspector.store.workspace import Workspace
from inspector.vocabulary import AttendanceStatus, ReasonCode, StaffType
from inspector.workdays import bundled_calendar
from tests.minutes_faults import (
    IN_ENGLISH,
    MUTATIONS,
)
from tests.minutes_reading import (
    KNOWN_DEFECTS,
    LANGS,
    SEEDS,
    TIME_ZONE,
    Problem,
    World,
    _annex,
    _clause,
    _dossiers,
    _step_late,
    _template,
)
from tests.minutes_rules_figures import (
    rule_annex_dossiers,
    rule_annex_roll_call,
    rule_deadlines,
    rule_dossier_sentence,
    rule_money,
    rule_roll_call,
)
from tests.minutes_rules_text import (
    _english_vocabulary,
    _vietnamese_fragments,
    rule_area_headings,
    rule_area_verdict,
    rule_language,
    rule_legal_basis,
    rule_participants,
    rule_placeholders,
    rule_punctuation,
)
from tests.minutes_world import MadeCheck, make_check


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    ws = Workspace.open(tmp_path_factory.mktemp("minutes-checker") / "ws")
    checklists.ensure_bundled_checklist(ws)
    calendar = bundled_calendar()
    made = [make_check(ws, seed, calendar) for seed in SEEDS]
    models = {
        (m.seed, lang): minutes_content.build(ws, m.inspection_id, lang=lang, number=m.number)
        for m in made
        for lang in LANGS
    }
    template = checklists.default_template_id(ws.db)
    items = checklists.items(ws.db, template)
    record_texts = []
    for item in items:
        record_texts += [item.legal_basis or "", item.violation_vi or "", item.violation_en or ""]
        record_texts += (item.legal_basis or "").split(";")
    w = World(
        ws,
        made,
        models,
        [t for t in record_texts if t.strip()],
        [t for m in made for t in m.typed],
    )
    w.english = _english_vocabulary(w)
    alternatives = "|".join(map(re.escape, _vietnamese_fragments(w)))
    w.app_text = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
    yield w
    ws.close()


RULES: dict[str, Callable[[World, MadeCheck, str, MinutesModel], list[Problem]]] = {
    "punctuation": rule_punctuation,
    "placeholders": rule_placeholders,
    "language": rule_language,
    "legal_basis": rule_legal_basis,
    "area_headings": rule_area_headings,
    "area_verdict": rule_area_verdict,
    "participants": rule_participants,
    "roll_call": rule_roll_call,
    "annex_roll_call": rule_annex_roll_call,
    "annex_dossiers": rule_annex_dossiers,
    "dossier_sentence": rule_dossier_sentence,
    "money": rule_money,
    "deadlines": rule_deadlines,
}


def _problems(w: World, rule: str, lang: str) -> list[Problem]:
    key = f"{rule}/{lang}"
    if key not in w.found:
        w.found[key] = [
            p for m in w.made for p in RULES[rule](w, m, lang, w.models[(m.seed, lang)])
        ]
    return w.found[key]


def _assert_clean(problems: list[Problem]) -> None:
    """Fail on any problem not in KNOWN_DEFECTS; skip, naming them, if only known ones remain."""
    unknown = [str(p) for p in problems if not p.known()]
    assert not unknown, f"{len(unknown)} defects:\n" + "\n".join(unknown[:25])
    known = Counter(p.known() for p in problems)
    if known:
        pytest.skip(
            "known defects: "
            + "; ".join(
                f"{k.rule} {k.pattern!r} ×{n} (seed {k.seed}, {k.lang})"
                for k, n in known.items()
                if k
            )
        )


# ---------------------------------------------------------------------------------------------
# The tests.


def test_every_generated_check_is_complete(world: World) -> None:
    for m in world.made:
        lacking = minutes_content.missing(world.ws, m.inspection_id, number=m.number)
        assert lacking == [], f"seed {m.seed}: {[str(x) for x in lacking]}"
    assert len(world.made) >= 20


def test_the_generated_checks_cover_every_mark_reason_and_kind(world: World) -> None:
    staff = [s for m in world.made for s in m.staff]
    assert {s.status for s in staff} == set(AttendanceStatus)
    assert {s.reason for s in staff if s.reason} == set(ReasonCode)
    assert {s.staff_type for s in staff} == set(StaffType)
    assert {s.gender for s in staff} >= {"Nam", "Nữ"}
    steps = [s for m in world.made for d in m.dossiers for s in d.steps]
    assert any(s.done is None for s in steps) and any(s.slip for s in steps)
    assert any(f.praise for m in world.made for f in m.findings)
    assert any(f.norm is not None for m in world.made for f in m.findings)
    assert any(not _dossiers(m) for m in world.made)
    assert {d.kind for m in world.made for d in m.dossiers} > {"DOSSIER"}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("rule", list(RULES))
def test_the_minutes_read_as_an_official_reads_them(world: World, rule: str, lang: str) -> None:
    _assert_clean(_problems(world, rule, lang))


def test_every_known_defect_still_occurs(world: World) -> None:
    """An entry of KNOWN_DEFECTS whose check no longer shows it is removed (it was fixed)."""
    problems = [p for rule in RULES for lang in LANGS for p in _problems(world, rule, lang)]
    stale = [
        k
        for k in KNOWN_DEFECTS
        if k.rule != TIME_ZONE  # checked by its own test
        and not any((p.seed, p.lang) == (k.seed, k.lang) and k.covers(p) for p in problems)
    ]
    assert not stale, f"fixed, remove from KNOWN_DEFECTS: {stale}"


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize(("seed", "lang"), [(3, "vi"), (12, "vi"), (8, "en")])
def test_the_printed_pdf_keeps_every_word_whole(
    world: World, tmp_path: Path, seed: int, lang: str
) -> None:
    """What only the layout shows: the PDF's text (as extracted) has no more doubled full stops
    or placeholders than the minutes' lines, keeps every typed title, name and dossier whole (no
    word split or lost), and says how many pages the minutes have before their annexes."""
    made = next(m for m in world.made if m.seed == seed)
    model = world.models[(seed, lang)]
    with pdfplumber.open(minutes_layout.render(model, tmp_path / "minutes.pdf")) as pdf:
        pages = [_flat(page.extract_text() or "") for page in pdf.pages]
    text = " ".join(pages)
    lines = _flat(" ".join(model.text()))
    problems = []
    for mark in ("..", "……", "Ông/Bà", "Mr/Ms"):
        if text.count(mark) > lines.count(mark):
            problems.append(Problem(seed, lang, f"PDF: '{mark}' made by the layout", text))
    wanted = [_clause(f.title) for f in made.findings]
    wanted += [s.name for s in made.staff] + [row[1] for row in _annex(model, "annex2").rows]
    for piece in wanted:
        if piece not in text:
            problems.append(Problem(seed, lang, "PDF: text split or lost", piece))
    first_annex = next(n for n, page in enumerate(pages) if _annex(model, "annex1").title in page)
    said = re.search(_template(model.words["copies"], numbers=("pages",)), text)
    if said is None or int(said.group("pages")) != first_annex:
        problems.append(
            Problem(seed, lang, "PDF: page count", said.group(0) if said else "", str(first_annex))
        )
    _assert_clean(problems)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("rule", "change", "names"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_the_checker_names_a_fault_put_into_good_minutes(
    world: World,
    rule: str,
    change: Callable[[MinutesModel, MadeCheck], None],
    names: set[str],
    lang: str,
) -> None:
    """Each rule, run on minutes (or a record) changed in one place, names that place: the
    checker does not pass minutes because it reads nothing."""
    m = next(
        x
        for x in world.made
        if any(s.status == AttendanceStatus.LATE for s in x.staff)
        and any(f.norm is not None for f in x.findings)
        and x.dossiers
        and any(sum(_step_late(x, d)) for d in x.dossiers)
    )
    before = set(RULES[rule](world, m, lang, world.models[(m.seed, lang)]))
    model, made = copy.deepcopy(world.models[(m.seed, lang)]), copy.deepcopy(m)
    change(model, made)
    found = {p.rule for p in RULES[rule](world, made, lang, model) if p not in before}
    assert found >= {IN_ENGLISH.get(n, n) if lang == "en" else n for n in names}


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Set the process's local time zone, as a laptop's settings set it (restored after)."""

    def use(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield use
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("lang", LANGS)
def test_the_minutes_do_not_depend_on_the_laptops_time_zone(
    world: World, zone: Callable[[str], None], lang: str
) -> None:
    """A check made in Vietnam reads the same on a laptop left on another zone's clock (a new
    laptop set to the Pacific, say): the day of the visit, and with it the working days a step
    still open stands late, is the day in Vietnam."""
    problems = []
    compared = 0
    for m in world.made:
        if not any(s.done is None for d in m.dossiers for s in d.steps):
            continue
        compared += 1
        texts = {}
        for name in ("Asia/Ho_Chi_Minh", "America/Los_Angeles"):
            zone(name)
            model = minutes_content.build(world.ws, m.inspection_id, lang=lang, number=m.number)
            texts[name] = model.text(5)
        for here, there in zip(*texts.values(), strict=True):
            if here != there:
                problems.append(Problem(m.seed, lang, TIME_ZONE, there, here))
    assert compared >= 3
    stale = [
        k
        for k in KNOWN_DEFECTS
        if k.rule == TIME_ZONE
        and k.lang == lang
        and not any(p.seed == k.seed and k.covers(p) for p in problems)
    ]
    assert not stale, f"fixed, remove from KNOWN_DEFECTS: {stale}"
    _assert_clean(problems)

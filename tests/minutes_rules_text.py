# SPDX-License-Identifier: GPL-3.0-or-later
"""The rules that read the minutes' words: punctuation, placeholders, the language of each
edition, legal bases, the areas' headings and verdicts, the participants."""

from __future__ import annotations

import re

from inspector.fieldwork import checklists
from inspector.minutes import annexes as minutes_annexes
from inspector.minutes import content as minutes_content
from inspector.minutes.content import MinutesModel
from inspector.vocabulary import LABELS
from tests.minutes_reading import (
    Problem,
    World,
    _address,
    _body,
    _clause,
    _clock,
    _section,
    _template,
)
from tests.minutes_world import FindingMade, MadeCheck

# ---------------------------------------------------------------------------------------------
# The rules. Each reads one check's minutes in one language and lists what is wrong.

ITEM = re.compile(r"^(- |\+ |\d+\. )")
HEADING = re.compile(r"^\d+\. .*:$")
DOUBLED = re.compile(r"\.\.|[;,:] ?[.;,:]|\. ?[;,:]|[…!?][.;,:]|\s[.;,:](?=\s|$)")
BASIS_OPENINGS = ("Căn cứ ", "Pursuant to ")
ENDS = (".", ":", ";", "!", "?", "…")


def rule_punctuation(w: World, m: MadeCheck, lang: str, model: MinutesModel) -> list[Problem]:
    """No "..", ".;", ";." or " ." anywhere; no line ending with ","; ";" only inside a list
    (a run of "- ", "+ ", "1. " lines: its last item ends with ".") or after a "Căn cứ"; every
    line ends its sentence; no line break typed inside a paragraph."""
    found = []

    def bad(rule: str, line: str, detail: str = "") -> None:
        found.append(Problem(m.seed, lang, rule, line, detail))

    for block in _body(model):
        for n, line in enumerate(block):
            if "\n" in line:  # the PDF lays it out as a space: the sentences run together
                bad("typed line break inside a paragraph", line)
            hit = DOUBLED.search(line)
            if hit:
                bad("doubled punctuation", line, repr(hit.group()))
            if line.endswith(","):
                bad("line ends with a comma", line)
            elif line.endswith(";") and not line.startswith(BASIS_OPENINGS):
                following = block[n + 1] if n + 1 < len(block) else ""
                goes_on = ITEM.match(following) and not HEADING.match(following)
                if not (ITEM.match(line) and goes_on):
                    bad("';' where a '.' belongs", line)
            elif not line.endswith(ENDS):
                bad("sentence without its full stop", line)
    for annex in model.annexes:
        for row in annex.rows:
            for cell in row:
                hit = DOUBLED.search(cell)
                if hit:
                    bad("doubled punctuation in an annex", cell, repr(hit.group()))
                elif cell.endswith((";", ",")):
                    bad("annex cell ends with ';' or ','", cell)
    return found


def rule_placeholders(w: World, m: MadeCheck, lang: str, model: MinutesModel) -> list[Problem]:
    """A finished check prints no "……", no "Ông/Bà" ("Mr/Ms") and no unfilled "{…}"."""
    found = []
    for line in model.text(5):
        for mark in ("……", "Ông/Bà", "Mr/Ms"):
            if mark in line:
                found.append(Problem(m.seed, lang, f"'{mark}' in a finished check", line))
        if re.search(r"\{\w*\}", line):
            found.append(Problem(m.seed, lang, "unfilled placeholder", line))
    notice = model.words.get("unofficial")
    said = sum(line == notice for line in model.text(5)) if notice else 0
    if lang == "en" and said != 1:
        found.append(Problem(m.seed, lang, "the translation notice once", str(said)))
    return found


def _fixed(lang: str) -> list[str]:
    """The app's own texts of the minutes in ``lang``: their fixed wording and the labels."""
    texts = [*minutes_content.WORDS[lang].values(), *minutes_annexes.WORDS[lang].values()]
    texts += minutes_content.ROLES[lang].values()
    texts += [text.render(lang) for text in LABELS.values()]
    return [re.sub(r"\{\w*\}", " ", t) for t in texts]


def _ascii_words(text: str) -> set[str]:
    return {t.casefold() for t in re.findall(r"(?<![^\W\d_])[A-Za-z]{2,}(?![^\W\d_])", text)}


def _words(text: str) -> set[str]:
    return {t.casefold() for t in re.findall(r"[^\W\d_]+", text)}


def _english_vocabulary(w: World) -> set[str]:
    """English words of the app's minutes vocabulary that no Vietnamese text (fixed, typed, or
    quoted from the checklist) uses."""
    english = set().union(*(_ascii_words(t) for t in _fixed("en")))
    vietnamese = set().union(*(_words(t) for t in [*_fixed("vi"), *w.typed, *w.record_texts]))
    for area in checklists.areas(w.ws.db, checklists.default_template_id(w.ws.db)):
        vietnamese |= _words(area["title_vi"])
    return english - vietnamese


def _vietnamese_fragments(w: World) -> list[str]:
    """Pieces of the app's Vietnamese texts (between placeholders and punctuation) that carry a
    Vietnamese letter: none of them belongs in the English edition outside typed text."""
    texts = _fixed("vi")
    texts += [
        a["title_vi"] for a in checklists.areas(w.ws.db, checklists.default_template_id(w.ws.db))
    ]
    pieces = set()
    for text in texts:
        for piece in re.split(r"[.,;:()“”\"/%]| - |\d+|\s{2,}", text):
            piece = piece.strip(" -+")
            if len(piece) >= 3 and re.search(r"[^\x00-\x7f]", piece):
                pieces.add(piece.casefold())
    return sorted(pieces, key=len, reverse=True)


def rule_language(w: World, m: MadeCheck, lang: str, model: MinutesModel) -> list[Problem]:
    """The Vietnamese edition uses no English word of the app; the English edition no Vietnamese
    app text (typed names and texts, and the checklist's legal texts, are kept as typed)."""
    found = []
    lines = model.text(5)
    if lang == "vi":
        for line in lines:
            for word in sorted(_ascii_words(line) & w.english):
                found.append(
                    Problem(m.seed, lang, "English word in the Vietnamese edition", line, word)
                )
        return found
    kept = sorted(
        {  # a text typed a paragraph a line is printed a sentence a line: each is kept
            _clause(part)
            for t in [*m.typed, *w.record_texts]
            for part in t.splitlines()
            if len(_clause(part)) >= 2
        },
        key=len,
        reverse=True,
    )
    typed = re.compile("|".join(map(re.escape, kept)))
    cited = re.compile(rf"(?:{'|'.join(map(re.escape, _basis_openings(model)))}).*$")
    for line in lines:  # the law a finding cites is quoted from the checklist, in Vietnamese
        hit = w.app_text.search(typed.sub(" ¦ ", cited.sub("", line)).casefold())
        if hit:
            found.append(
                Problem(
                    m.seed, lang, "Vietnamese app text in the English edition", line, hit.group()
                )
            )
    return found


def _findings_by_line(m: MadeCheck, line: str) -> list[FindingMade]:
    return [f for f in m.findings if line.startswith(f"- {_clause(f.title)}")]


def _basis_openings(model: MinutesModel) -> list[str]:
    """How the minutes open a finding's legal basis: "Vi phạm quy định tại ", "In breach of "."""
    kinds = ("VIOLATION", "SHORTCOMING", "REFERRAL")
    return [model.words[f"basis_{k}"].split("{basis}")[0] for k in kinds]


def rule_legal_basis(w: World, m: MadeCheck, lang: str, model: MinutesModel) -> list[Problem]:
    """Every finding of section III but praise cites its legal basis ("Vi phạm quy định tại …"):
    the basis typed for it as typed, else its checklist item's (the texts of it in force on the
    day of the check); every finding is printed there."""
    found = []
    openings = _basis_openings(model)
    results = _section(model, "III")
    for line in results:
        if not line.startswith("- "):
            continue
        matched = _findings_by_line(m, line)
        if matched and matched[0].praise:
            continue
        if matched:
            f = matched[0]
            basis = _clause(f.legal_basis)  # typed: printed as typed; else the item's, some text
            cited = rf"(?:{'|'.join(map(re.escape, openings))})" + (
                re.escape(basis) if basis else r"\S"
            )
            if not re.search(cited, line):
                found.append(Problem(m.seed, lang, "finding without its legal basis", line, basis))
        elif not any(o in line for o in openings):
            found.append(Problem(m.seed, lang, "finding without its legal basis", line))
    for f in m.findings:
        if not any(line.startswith(f"- {_clause(f.title)}") for line in results):
            found.append(Problem(m.seed, lang, "finding missing from section III", f.title))
    return found


def rule_area_headings(w: World, m: MadeCheck, lang: str, model: MinutesModel) -> list[Problem]:
    """Every numbered area heading of section III has at least one line under it."""
    results = _section(model, "III")
    return [
        Problem(m.seed, lang, "area heading with nothing under it", line)
        for n, line in enumerate(results)
        if HEADING.match(line) and (n + 1 == len(results) or HEADING.match(results[n + 1]))
    ]


def rule_area_verdict(w: World, m: MadeCheck, lang: str, model: MinutesModel) -> list[Problem]:
    """An area that says nothing wrong was found does not, under the same heading, print figures
    that show a fault: staff late or absent without reason, dossiers overdue."""
    words = model.words
    verdict = re.compile(_template(words["area_ok"], numbers=("answered", "total")))
    roll = re.compile(
        _template(
            words["roll"],
            numbers=("total", "present", "late", "with_reason", "without"),
            optional=("kinds", "late_who", "reasons", "without_who"),
        )
    )
    dossiers = re.compile(
        _template(words["dossiers"], numbers=("total", "on_time", "late", "no_slip"))
    )
    found = []
    block: list[str] = []
    for line in [*_section(model, "III"), "0. :"]:
        if HEADING.match(line):
            said = [x for x in block if verdict.fullmatch(x)]
            faults = [
                x
                for x in block
                if (h := roll.fullmatch(x))
                and int(h.group("late")) + int(h.group("without"))
                or (h := dossiers.fullmatch(x))
                and int(h.group("late"))
            ]
            if said and faults:
                found.append(
                    Problem(
                        m.seed, lang, "no fault found, yet the figures show one", said[0], faults[0]
                    )
                )
            block = []
        else:
            block.append(line)
    return found


def rule_participants(w: World, m: MadeCheck, lang: str, model: MinutesModel) -> list[Problem]:
    """Section I names the team (form of address, name, position, role), the unit's head as
    its representative ("Giám đốc" and the unit's name) and the witness, each once; section IV
    gives each explanation recorded; the closing ends the visit at the time recorded."""
    found = []
    listed = [line[:-1] for line in _section(model, "I") if line.startswith("- ")]
    roles = minutes_content.ROLES[lang]
    head = m.staff[0]
    wanted = [
        f"- {_address(gender, lang)} {name}, {position}, {roles[role]}"
        for name, gender, role, position in m.team
    ]
    wanted.append(f"- {_address(head.gender, lang)} {head.name}, {head.position} {m.unit_name}")
    if m.witness:
        wanted.append(f"- {m.witness[0]}, {m.witness[1]}")
    for line in sorted(set(wanted) ^ set(listed)):
        found.append(
            Problem(m.seed, lang, "participants", line, "printed" if line in listed else "record")
        )
    explained = [line for line in _section(model, "IV") if line.startswith("- ")]
    if len(explained) != m.explanations:
        found.append(
            Problem(m.seed, lang, "explanations", str(len(explained)), str(m.explanations))
        )
    ended = model.closing_paragraphs(5)[1]
    if m.ended and _clock(m.ended, lang) not in ended:
        found.append(Problem(m.seed, lang, "end of the visit", ended, _clock(m.ended, lang)))
    return found

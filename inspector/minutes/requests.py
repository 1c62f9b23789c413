# SPDX-License-Identifier: GPL-3.0-or-later
"""The team's requests in the minutes (section V.3): grouped by kind, each with the finding it
follows, who acts, the money to repay and the deadline; and the date by which the unit reports
back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from inspector.minutes.wording import clause, money, numeric_date
from inspector.vocabulary import RecommendationType

# the kinds of request a named person or another unit acts on (the others concern them)
ACTED_BY_TARGET = frozenset(
    {
        RecommendationType.LESSONS,
        RecommendationType.RECTIFY,
        RecommendationType.REFUND,
        RecommendationType.IMPROVE_RULES,
        RecommendationType.REFER,
    }
)


def requests(
    d: dict[str, Any],
    w: dict[str, str],
    lang: str,
    about: Callable[..., str],
    person: Callable[..., str],
    unit_name: str,
    unit_names: dict[str, str],
) -> list[str]:
    """The team's requests grouped by kind, in the order of the kinds: the kind's label once
    (left out where a lone request's own words begin with it: "Biểu dương …"), the requests of a
    kind with several under it ("+ …"), each with the finding it follows, who acts when not the
    unit itself, the payer and amount to repay, and the deadline. Typed text stays as typed."""
    amounts = {f["id"]: f.get("amount_excess") for f in d["findings"]}
    lines = []
    for kind in RecommendationType:
        group = [r for r in d["recommendations"] if r["type"] == kind]
        if not group:
            continue
        label_text = w[f"request_{kind.value}"]
        clauses = []
        for r in group:
            actor = ""  # who acts, where not the unit; the person a measure concerns is named
            if kind in ACTED_BY_TARGET:  # in the request's own words
                if r["target_person_id"]:
                    actor = person(r["target_person_id"])
                elif r["target_unit_id"] and unit_names.get(r["target_unit_id"]) != unit_name:
                    actor = unit_names.get(r["target_unit_id"], "")
            repay = amounts.get(r["finding_id"])
            text = clause(r["text"])
            more = [
                w["payer" if kind == RecommendationType.REFUND else "acts"].format(who=actor)
                if actor
                else "",
                w["repay"].format(amount=money(int(repay), lang))
                if kind == RecommendationType.REFUND
                and repay is not None
                and money(int(repay), lang).split()[0] not in text
                else "",
                w["pay_into"].format(where=clause(r.get("pay_to")))
                if kind == RecommendationType.REFUND and clause(r.get("pay_to"))
                else "",
                w["deadline"].format(date=numeric_date(date.fromisoformat(r["deadline"]), lang))
                if r["deadline"]
                else "",
            ]
            clauses.append((text, about(r["finding_id"], *more)))
        if len(clauses) == 1:
            text, extra = clauses[0]
            first_word = label_text.split()[0].casefold()
            said = text.casefold().startswith(first_word)  # "Biểu dương …" says its kind
            lines.append(f"- {text}{extra};" if said else f"- {label_text}: {text}{extra};")
            continue
        lines.append(f"- {label_text}:")  # typed requests stay as typed, one a line
        lines += [f"+ {text}{extra};" for text, extra in clauses]
    return lines


def report_back(
    d: dict[str, Any], w: dict[str, str], lang: str, report_to: str | None
) -> list[str]:
    """The sentence asking the unit to report what it put right to ``report_to`` by the last
    deadline of the requests; none without a deadline or someone to report to."""
    deadlines = [r["deadline"] for r in d["recommendations"] if r["deadline"]]
    return (
        [
            w["report_back"].format(
                to=report_to, date=numeric_date(date.fromisoformat(max(deadlines)), lang)
            )
        ]
        if deadlines and report_to
        else []
    )

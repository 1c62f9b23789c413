# SPDX-License-Identifier: GPL-3.0-or-later
"""The findings of every check in a workspace, narrowed by filters, with a count beside each value
of each facet (as Datasette's facets do).

A facet's counts apply every filter but its own, so that choosing a value of one facet narrows the
counts of all the others while the other values of the same facet stay in view, to be added. A
finding counts once in each value it has: a finding with a direct and a supervising
responsibility counts under both kinds.

Choosing a unit (or a province) takes in its sub-units and the units it succeeded (and theirs):
the findings of a district office merged into another stay with the office that holds them now.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from inspector.errors import Cancelled
from inspector.i18n import _, current_language
from inspector.office import search
from inspector.store.workspace import Workspace
from inspector.vocabulary import (
    InspectionStatus,
    RecommendationStatus,
    ResponsibilityLevel,
    Severity,
    TeamRole,
    UnitLevel,
    label,
)

FACETS = (
    "province",
    "unit",
    "team",
    "area",
    "item",
    "severity",
    "responsibility",
    "person",
    "check_status",
    "recommendation_status",
    "month",
)

# The month of a check: of its arrival, in Vietnam's time (UTC+7), else of its decision.
_MONTH = (
    "coalesce(strftime('%Y-%m', i.arrived_at, '+7 hours'),"
    " (SELECT substr(d.signed_on, 1, 7) FROM decisions d WHERE d.id = i.decision_id))"
)
# The value of each facet a finding ``f`` of a check ``i`` has itself.
_KEYS: dict[str, str] = {
    "unit": "i.unit_id",
    "province": "i.unit_id",  # grouped by unit, then each unit under its province
    "team": "i.id",  # grouped by check, then each check under its team's leader
    "area": "f.area_code",
    "item": "f.item_id",  # grouped by item, then each item under its code
    "severity": "f.severity",
    "check_status": "i.status",
    "month": _MONTH,
}
# The facets a finding has through its children: (table, column).
_CHILDREN = {
    "responsibility": ("responsibilities", "level"),
    "person": ("responsibilities", "person_id"),
    "recommendation_status": ("recommendations", "status"),
}


@dataclass(frozen=True)
class Filters:
    """What the findings are narrowed to: for each facet, the values any of which a finding must
    have (an empty or absent facet narrows nothing), and words to search for."""

    chosen: Mapping[str, frozenset[str]] = field(default_factory=dict)
    words: str = ""


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet and how many findings have it under the other filters."""

    value: str
    count: int


@dataclass(frozen=True)
class Units:
    """The register of units as the facets need it, read once for all the queries of a screen:
    each unit's sub-units and the units it succeeded, and each unit's province."""

    below: Mapping[str | None, list[str]]
    province: Mapping[str, str]

    @classmethod
    def read(cls, ws: Workspace) -> Units:
        """The units of ``ws`` as they stand now (two small queries)."""
        below: dict[str | None, list[str]] = {}
        levels: dict[str, tuple[str | None, str]] = {}
        for unit, parent, level in ws.db.execute(
            "SELECT id, parent_id, level FROM org_units WHERE deleted = 0"
        ):
            below.setdefault(parent, []).append(unit)
            levels[unit] = (parent, level)
        for unit, before in ws.db.execute(
            "SELECT unit_id, predecessor_id FROM org_unit_predecessors WHERE deleted = 0"
        ):
            below.setdefault(unit, []).append(before)
        return cls(below, _provinces(levels))

    def within(self, roots: Iterable[str]) -> set[str]:
        """The units ``roots`` stand for: each, its sub-units, the units they succeeded, theirs."""
        seen: set[str] = set()
        todo = list(roots)
        while todo:
            unit = todo.pop()
            if unit not in seen:
                seen.add(unit)
                todo += self.below.get(unit, [])
        return seen


def _provinces(units: Mapping[str, tuple[str | None, str]]) -> dict[str, str]:
    found: dict[str, str] = {}
    for unit in units:
        at, path = unit, [unit]
        while at not in found:
            parent, level = units[at]
            if level == UnitLevel.PROVINCIAL.value or parent not in units or parent in path:
                found[at] = at
                break
            assert parent is not None  # it is a unit
            at = parent
            path.append(at)
        for step in path:
            found.setdefault(step, found[at])
    return found


def province_of(ws: Workspace) -> dict[str, str]:
    """Each unit's province: its nearest provincial ancestor (itself, if provincial), else the
    top of its tree."""
    return dict(Units.read(ws).province)


def conditions(
    ws: Workspace, filters: Filters, skip: str | None = None, units: Units | None = None
) -> tuple[str, list[Any]]:
    """The conditions of ``filters`` on a finding ``f`` of a check ``i`` (all but ``skip``'s);
    ``units`` as read for the screen (else read here, if a unit is chosen).

    Words to search for narrow to the findings that said them, kept on ``ws.db``'s connection
    (:func:`inspector.office.search.said_table`): call it outside a transaction."""
    parts: list[str] = []
    params: list[Any] = []

    def among(sql: str, values: Iterable[str]) -> None:
        values = sorted(values)
        parts.append(f"{sql} IN ({','.join('?' * len(values))})" if values else "0")
        params.extend(values)

    for facet, values in filters.chosen.items():
        if facet == skip or not values:
            continue
        if facet not in _KEYS and facet not in _CHILDREN:
            raise KeyError(facet)
        if facet in ("unit", "province"):
            units = units or Units.read(ws)
            among("i.unit_id", units.within(values))
        elif facet == "team":
            led = leaders(ws)
            among("i.id", [check for check, leader in led.items() if leader in values])
        elif facet == "item":
            codes = item_codes(ws)
            among("f.item_id", [item for item, code in codes.items() if code in values])
        elif facet in _CHILDREN:
            table, key = _CHILDREN[facet]
            marks = ",".join("?" * len(values))
            parts.append(
                f"EXISTS (SELECT 1 FROM {table} x INDEXED BY {table}_office"
                f" WHERE x.finding_id = f.id AND x.deleted = 0 AND x.{key} IN ({marks}))"
            )
            params.extend(sorted(values))
        else:
            among(_KEYS[facet], values)
    if filters.words.strip():
        parts.append(f"f.id IN (SELECT finding_id FROM {search.said_table(ws, filters.words)})")
    return "".join(f" AND {p}" for p in parts), params


def select(
    ws: Workspace,
    what: str,
    filters: Filters,
    *,
    joins: str = "",
    skip: str | None = None,
    tail: str = "",
    params: Iterable[Any] = (),
    units: Units | None = None,
) -> sqlite3.Cursor:
    """``SELECT what`` over the live findings ``f`` of live checks ``i`` that ``filters`` leave
    (all but ``skip``'s), with ``joins`` and ``tail`` (grouping, order, limit) and its
    ``params``; ``units`` as read for the screen, if it was."""
    sql, values = select_sql(ws, what, filters, joins=joins, skip=skip, tail=tail, units=units)
    return ws.db.execute(sql, [*values, *params])


def select_sql(
    ws: Workspace,
    what: str,
    filters: Filters,
    *,
    joins: str = "",
    skip: str | None = None,
    tail: str = "",
    units: Units | None = None,
) -> tuple[str, list[Any]]:
    """The SQL of :func:`select` and the parameters of its filters (those of ``tail`` follow)."""
    cond, chosen = conditions(ws, filters, skip, units)
    # the findings' office index (schema 10) is read in the order of their ids: whole, or at
    # the ids that said some words, also in that order; never the findings' rows themselves
    return (
        f"SELECT {what} FROM findings f INDEXED BY findings_office JOIN inspections i"
        f" ON i.id = f.inspection_id AND i.deleted = 0{joins} WHERE f.deleted = 0{cond} {tail}",
        chosen,
    )


def count(ws: Workspace, filters: Filters, units: Units | None = None) -> int:
    """How many findings the filters leave."""
    (n,) = select(ws, "count(*)", filters, units=units).fetchone()
    return int(n)


def finding_ids(ws: Workspace, filters: Filters) -> list[str]:
    """The ids of the findings the filters leave, in a stable order."""
    return [r[0] for r in select(ws, "f.id", filters, tail="ORDER BY f.id")]


def facet_sql(
    ws: Workspace, name: str, filters: Filters, units: Units | None = None
) -> tuple[str, list[Any]]:
    """The query of facet ``name``'s counts (value, findings) and its parameters."""
    if name in _CHILDREN:
        # a finding counts once under each value its children have; read from each finding,
        # in the order of its id, to its children (CROSS JOIN keeps that order) in the index
        # that holds their values in that order too (schema 10): no page read twice
        table, column = _CHILDREN[name]
        joins = (
            f" CROSS JOIN {table} x INDEXED BY {table}_office"
            " ON x.finding_id = f.id AND x.deleted = 0"
        )
        what = f"x.{column}, count(DISTINCT f.id)"
    else:  # a value of the finding itself (or its check): each finding is one row
        joins, what = "", f"{_KEYS[name]}, count(*)"
    return select_sql(
        ws,
        what,
        filters,
        joins=joins,
        skip=name,
        tail="GROUP BY 1",
        units=units,
    )


def facet(
    ws: Workspace, name: str, filters: Filters, units: Units | None = None
) -> list[FacetValue]:
    """The values of facet ``name`` among the findings every other filter leaves, most first."""
    if name == "province":
        units = units or Units.read(ws)
    sql, params = facet_sql(ws, name, filters, units)
    found = ws.db.execute(sql, params).fetchall()
    # a check counted under its team's leader, an item under its code
    grouped: dict[str, str] = {}
    if name == "team":
        grouped = leaders(ws, [check for check, _n in found])
    elif name == "item":
        grouped = item_codes(ws)
    counts: dict[str, int] = {}
    for value, n in found:
        if name in ("team", "item"):
            value = grouped.get(value)
        if value is None:  # a responsibility of a collective names no person
            continue
        if units is not None and name == "province":
            value = units.province.get(value, value)
        counts[value] = counts.get(value, 0) + n
    return sorted((FacetValue(v, n) for v, n in counts.items()), key=lambda f: (-f.count, f.value))


def facets(
    ws: Workspace,
    filters: Filters,
    units: Units | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> dict[str, list[FacetValue]]:
    """Every facet's values and counts under ``filters`` (the units read once for all).

    Raises:
        Cancelled: ``is_cancelled()`` said so between two facets.
    """
    units = units or Units.read(ws)
    found = {}
    for name in FACETS:
        if is_cancelled is not None and is_cancelled():
            raise Cancelled(_("Cancelled."))
        found[name] = facet(ws, name, filters, units)
    return found


_CODED: dict[str, type[StrEnum]] = {
    "severity": Severity,
    "responsibility": ResponsibilityLevel,
    "check_status": InspectionStatus,
    "recommendation_status": RecommendationStatus,
}


# Each check's team leader (a team has one), as a table (iid, pid) to read or join.
LEADERS = (
    "(SELECT inspection_id AS iid, min(person_id) AS pid FROM team_members"
    f" WHERE role = '{TeamRole.LEADER.value}' AND deleted = 0 GROUP BY inspection_id)"
)


def leaders(ws: Workspace, checks: list[str] | None = None) -> dict[str, str]:
    """Each live check's team (of ``checks`` only, if given), known by its leader: check id ->
    the leader's person id."""
    if checks is None or len(checks) > _FEW_CHECKS:
        return dict(ws.db.execute(f"SELECT iid, pid FROM {LEADERS}").fetchall())
    marks = ",".join("?" * len(checks))
    return dict(
        ws.db.execute(
            "SELECT inspection_id, min(person_id) FROM team_members"
            f" WHERE inspection_id IN ({marks}) AND role = ? AND deleted = 0"
            " GROUP BY inspection_id",
            [*checks, TeamRole.LEADER.value],
        ).fetchall()
    )


_FEW_CHECKS = 5_000  # more are read with every other check's leader (one pass over the teams)


def item_codes(ws: Workspace) -> dict[str, str]:
    """Each checklist item's code, by the item's id: the items of every version of a checklist
    that share a code are one value of the item facet (an office's checks may have used two)."""
    return dict(ws.db.execute("SELECT id, code FROM checklist_items").fetchall())


def labels(
    ws: Workspace, name: str, values: Iterable[str], lang: str | None = None
) -> dict[str, str]:
    """How each value of facet ``name`` reads in ``lang`` (default: the current language): a
    unit's or a person's name, an area's or an item's code and wording, a coded value's label,
    a month as MM/YYYY."""
    values = list(values)
    lang = lang or current_language()
    marks = ",".join("?" * len(values))
    if not values:
        return {}
    found: Iterable[tuple[str, str]]
    if name in ("unit", "province"):
        found = ws.db.execute(f"SELECT id, name FROM org_units WHERE id IN ({marks})", values)
    elif name in ("person", "team"):
        found = ws.db.execute(f"SELECT id, full_name FROM people WHERE id IN ({marks})", values)
    elif name == "area":
        title = "title_vi" if lang == "vi" else "title_en"
        found = ws.db.execute(
            f"SELECT code, code || '. ' || {title} FROM checklist_areas WHERE code IN ({marks})"
            " ORDER BY position",
            values,
        )
    elif name == "item":  # the wording of the newest checklist that has the code
        text = "text_vi" if lang == "vi" else "text_en"
        found = ws.db.execute(
            f"SELECT ci.code, ci.code || '. ' || ci.{text} FROM checklist_items ci"
            " JOIN checklist_templates t ON t.id = ci.template_id"
            f" WHERE ci.code IN ({marks}) ORDER BY t.template_version, ci.position",
            values,
        )
    elif name == "month":
        found = [(v, f"{v[5:7]}/{v[:4]}") for v in values]
    else:
        known = {member.value: member for member in _CODED[name]}
        found = [(v, label(known[v], lang)) for v in values if v in known]
        if name == "severity":  # as the findings' screens show it: the grade, then its name
            found = [(v, f"{v} — {text}") for v, text in found]
    named = dict(found)
    return {v: str(named.get(v, v)) for v in values}

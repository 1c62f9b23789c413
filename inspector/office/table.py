# SPDX-License-Identifier: GPL-3.0-or-later
"""The findings table of the office: the rows a set of filters leaves, sorted, a page at a time
(a screen fetches what it shows; the command line prints them all), and filters written as one
line of text that a saved view keeps and a report request quotes:
``severity=3&severity=2&area=B&q=trach+nhiem``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import parse_qsl, urlencode

from inspector.errors import ValidationError
from inspector.i18n import _
from inspector.office import facets, search
from inspector.office.facets import Filters
from inspector.store.workspace import Workspace

# Column name -> the SQL that sorts by it.
SORTS: dict[str, str] = {
    "check": "d.number_symbol",
    "unit": "u.name",
    "area": "f.area_code",
    "severity": "f.severity",
    "title": "f.title",
    "date": "coalesce(i.arrived_at, d.signed_on)",
    # how well a finding says the words searched for (bm25, lower is better: best first when
    # descending); the date's order where no words are searched for
    "relevance": "-s.rank",
}


@dataclass(frozen=True)
class Row:
    """One finding as the table shows it."""

    id: str
    inspection_id: str
    check: str  # the decision's number and symbol
    unit: str
    area: str | None
    item: str | None
    severity: str
    title: str
    date: str | None  # the check's arrival (UTC), else its decision's day
    # where it says the words searched for (none searched: empty): the record and field, a
    # passage of that field on one line, and where the words stand in it
    found_in: str = ""
    found: str = ""
    spans: tuple[tuple[int, int], ...] = ()


def parse(text: str) -> Filters:
    """Filters from their line of text (``facet=value&…&q=words``).

    Raises:
        ValidationError: a facet that does not exist.
    """
    chosen: dict[str, set[str]] = {}
    words = []
    for key, value in parse_qsl(text.strip().lstrip("?"), keep_blank_values=False):
        if key == "q":
            words.append(value)
        elif key in facets.FACETS:
            chosen.setdefault(key, set()).add(value)
        else:
            raise ValidationError(
                _(
                    "There is no filter {name}; the filters are: {names}.",
                    name=key,
                    names=", ".join((*facets.FACETS, "q")),
                )
            )
    return Filters({k: frozenset(v) for k, v in chosen.items()}, " ".join(words))


def text(filters: Filters) -> str:
    """The line of text of ``filters`` (what :func:`parse` reads back)."""
    pairs = [(k, v) for k in facets.FACETS for v in sorted(filters.chosen.get(k, ()))]
    if filters.words.strip():
        pairs.append(("q", filters.words.strip()))
    return urlencode(pairs)


def rows(
    ws: Workspace,
    filters: Filters,
    *,
    sort: str = "date",
    descending: bool = True,
    offset: int = 0,
    limit: int = -1,
    units: facets.Units | None = None,
) -> list[Row]:
    """The findings ``filters`` leave, sorted by column ``sort`` (ties by id), from ``offset``,
    at most ``limit`` (-1: all); ``units`` as read for the screen, if it was."""
    sql, params = rows_sql(ws, filters, sort=sort, descending=descending, units=units)
    found = [Row(*r) for r in ws.db.execute(sql, [*params, limit, offset])]
    if not filters.words.strip():
        return found
    said = search.passages(ws, [r.id for r in found], filters.words)
    return [
        replace(r, found_in=f"{p.table}.{p.field}", found=p.text, spans=p.spans)
        if (p := said.get(r.id))
        else r
        for r in found
    ]


def rows_sql(
    ws: Workspace,
    filters: Filters,
    *,
    sort: str = "date",
    descending: bool = True,
    units: facets.Units | None = None,
) -> tuple[str, list[Any]]:
    """The query of :func:`rows` and the parameters of its filters (its limit and offset
    follow).

    The page's findings are chosen first from what sorting needs (the index of the findings and
    their checks), and only those few are then read whole: a page of a million findings does
    not read a million findings' texts."""
    if sort == "relevance" and not search.terms(filters.words):
        sort = "date"
    order = f"ORDER BY {SORTS[sort]} {'DESC' if descending else 'ASC'}, f.id"
    checks = " JOIN decisions d ON d.id = i.decision_id JOIN org_units u ON u.id = i.unit_id"
    if sort == "relevance":  # the words' table, filled when the filters' conditions are made
        checks += f" JOIN {search.SAID} s ON s.finding_id = f.id"
    page, params = facets.select_sql(
        ws, "f.id", filters, joins=checks, tail=f"{order} LIMIT ? OFFSET ?", units=units
    )
    return (
        "SELECT f.id, f.inspection_id, d.number_symbol, u.name, f.area_code, ci.code,"
        " f.severity, f.title, coalesce(i.arrived_at, d.signed_on)"
        f" FROM findings f JOIN inspections i ON i.id = f.inspection_id{checks}"
        f" LEFT JOIN checklist_items ci ON ci.id = f.item_id WHERE f.id IN ({page}) {order}",
        params,
    )


def as_dict(row: Row) -> dict[str, Any]:
    """A row as JSON takes it."""
    return {**row.__dict__, "spans": [list(span) for span in row.spans]}

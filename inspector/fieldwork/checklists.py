# SPDX-License-Identifier: GPL-3.0-or-later
"""Checklist templates: the bundled VSS surprise-check list, versioned, and its lookup.

A template is stored as records (template, areas, items) so it travels with the inspections that
use it. Ids of a bundled template are derived from its code and version (UUID 5), so every workspace
that loads the same template gets the same ids and packages merge without duplicates.

Every bundled version is installed: a new check takes the newest, a check keeps the version it was
made with, so its answers read as they were given. From version 2 an item says how a failure is
written as a finding (``violation_vi``/``violation_en``, never the duty's own wording), whether it
is a duty or good practice to praise (``kind``), and whether its findings carry amounts
(``money``). An item of version 1 whose code version 2 kept is read with version 2's citations
and wording (the records stay as installed, so they compare equal wherever they travel).
"""

from __future__ import annotations

import functools
import json
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from inspector.errors import NotFoundError
from inspector.i18n import _, current_language
from inspector.resources import resource_path
from inspector.store import records
from inspector.store.workspace import Workspace
from inspector.vocabulary import ItemKind

# Every bundled version, oldest first: the last is the one new checks use.
BUNDLED_VERSIONS = (
    resource_path("checklists", "vss-surprise-check.json"),
    resource_path("checklists", "vss-surprise-check-v2.json"),
)
BUNDLED = BUNDLED_VERSIONS[-1]
# The columns an item has from version 2 of the template on (schema 6).
_WORDING = ("violation_vi", "violation_en", "kind", "money")
_NAMESPACE = uuid.UUID("6f1c2f0e-3f52-4c55-9d0b-5b1f0c9a7e21")


@dataclass(frozen=True)
class ChecklistItem:
    """One item of a checklist template."""

    id: str
    area_code: str
    code: str
    text_vi: str
    text_en: str
    methods: list[str]
    how_vi: str
    how_en: str
    legal_basis: str
    default_severity: str
    violation_vi: str | None = None
    violation_en: str | None = None
    kind: str = ItemKind.DUTY.value
    money: bool = False

    @property
    def is_praise(self) -> bool:
        """Whether the item is good practice to praise, never a violation."""
        return self.kind == ItemKind.PRAISE.value

    def text(self, lang: str | None = None) -> str:
        """The duty (or the good practice) as the checklist asks it, in ``lang``."""
        return self.text_en if (lang or current_language()) == "en" else self.text_vi

    def violation(self, lang: str | None = None) -> str:
        """How a failure of the item is written as a finding's title, in ``lang``; for a praise
        item, how the good practice is written. An item of an older template, which has no
        wording of its own, is named by its code and duty, never called a failure of it."""
        en = (lang or current_language()) == "en"
        own = self.violation_en if en else self.violation_vi
        if own:
            return own
        return _("Finding on item {code}: {text}", code=self.code, text=self.text(lang)).render(
            lang
        )


# Laws the checklist cites that replaced another from a day: a check made before that day cites
# the law then in force (domain.md §3.5: the Law on Thrift and Anti-Waste of 10/12/2025 replaces
# Law 44/2013/QH13 from 01/7/2026).
REPLACED_LAWS: tuple[tuple[str, date, str], ...] = (
    (
        "Luật Tiết kiệm, chống lãng phí (Quốc hội thông qua ngày 10/12/2025, có hiệu lực từ"
        " 01/7/2026)",
        date(2026, 7, 1),
        "Luật Thực hành tiết kiệm, chống lãng phí số 44/2013/QH13",
    ),
)


def basis_on(text: str | None, day: date) -> str | None:
    """An item's legal basis as it stood on ``day``: a law cited that came into force after the
    day is cited by the law it replaced."""
    if not text:
        return text
    for newer, in_force, older in REPLACED_LAWS:
        if day < in_force:
            text = text.replace(newer, older)
    return text


def _stable_id(*parts: object) -> str:
    return str(uuid.uuid5(_NAMESPACE, ":".join(str(p) for p in parts)))


def load_template_file(path: Path = BUNDLED) -> dict[str, Any]:
    """Read a checklist template file (JSON)."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def install_template(ws: Workspace, data: dict[str, Any]) -> str:
    """Store a template (areas and items) unless that code and version is present; return its id."""
    code, version = data["code"], int(data["version"])
    template_id = _stable_id("template", code, version)
    if ws.db.execute("SELECT 1 FROM checklist_templates WHERE id = ?", [template_id]).fetchone():
        return template_id
    with ws.transaction() as db:
        records.insert(
            db,
            ws.actor,
            "checklist_templates",
            {
                "id": template_id,
                "code": code,
                "template_version": version,
                "title_vi": data["title_vi"],
                "title_en": data["title_en"],
                "valid_from": data.get("valid_from"),
            },
        )
        position = 0
        for area_pos, area in enumerate(data["areas"]):
            records.insert(
                db,
                ws.actor,
                "checklist_areas",
                {
                    "id": _stable_id("area", code, version, area["code"]),
                    "template_id": template_id,
                    "code": area["code"],
                    "title_vi": area["title_vi"],
                    "title_en": area["title_en"],
                    "position": area_pos,
                },
            )
            for item in area["items"]:
                position += 1
                records.insert(
                    db,
                    ws.actor,
                    "checklist_items",
                    {
                        "id": _stable_id("item", code, version, item["code"]),
                        "template_id": template_id,
                        "area_code": area["code"],
                        "code": item["code"],
                        "text_vi": item["text_vi"],
                        "text_en": item["text_en"],
                        "methods": json.dumps(item["methods"]),
                        "how_vi": item["how_vi"],
                        "how_en": item["how_en"],
                        "legal_basis": item["legal_basis"],
                        "default_severity": item["default_severity"],
                        "position": position,
                        # older templates lack these: their items keep the columns' defaults
                        **{
                            key: int(item[key]) if key == "money" else item[key]
                            for key in _WORDING
                            if key in item
                        },
                    },
                )
    return template_id


def ensure_bundled_checklist(ws: Workspace) -> str:
    """Make sure every bundled version of the VSS checklist is in the workspace (checks made
    with an older one keep it); return the id of the newest.

    Called where a workspace is opened for use (the app, the command line, the demo), not by
    :meth:`Workspace.open`: the store seeds nothing of a check. Quick once installed."""
    template_id = ""
    for path in BUNDLED_VERSIONS:
        template_id = install_template(ws, load_template_file(path))
    return template_id


def default_template_id(db: Database) -> str:
    """Return the id of the newest version of the bundled template (the one new checks use)."""
    data = load_template_file()
    row = db.execute(
        "SELECT id FROM checklist_templates WHERE code = ? AND deleted = 0"
        " ORDER BY template_version DESC LIMIT 1",
        [data["code"]],
    ).fetchone()
    if row is None:
        raise NotFoundError(_("The bundled checklist is not installed in this workspace."))
    return str(row[0])


def areas(db: Database, template_id: str) -> list[dict[str, Any]]:
    """Return the areas of a template in order."""
    return list(
        db.query(
            "SELECT id, code, title_vi, title_en FROM checklist_areas"
            " WHERE template_id = ? AND deleted = 0 ORDER BY position",
            [template_id],
        )
    )


_ITEMS = (
    "SELECT ci.*, t.code AS template_code FROM checklist_items ci"
    " JOIN checklist_templates t ON t.id = ci.template_id"
    " WHERE ci.template_id = ? AND ci.deleted = 0"
)


def items(db: Database, template_id: str, area_code: str | None = None) -> list[ChecklistItem]:
    """Return the items of a template (of one area if given) in order."""
    sql = _ITEMS
    params: list[Any] = [template_id]
    if area_code is not None:
        sql += " AND ci.area_code = ?"
        params.append(area_code)
    return [_item(row) for row in db.query(sql + " ORDER BY ci.position", params)]


def item_by_code(db: Database, template_id: str, code: str) -> ChecklistItem:
    """Return an item of a template by its code (e.g. "B4").

    Raises:
        NotFoundError: the template has no such item.
    """
    rows = list(db.query(_ITEMS + " AND ci.code = ?", [template_id, code]))
    if not rows:
        raise NotFoundError(_("The checklist has no item {code}.", code=str(code)))
    return _item(rows[0])


@functools.cache
def _newest_items() -> dict[tuple[str, str], dict[str, Any]]:
    """The items of the newest bundled template, by (template code, item code)."""
    data = load_template_file(BUNDLED)
    return {(data["code"], i["code"]): i for area in data["areas"] for i in area["items"]}


def _item(row: dict[str, Any]) -> ChecklistItem:
    newest = _newest_items().get((str(row.get("template_code")), row["code"]))
    if newest is not None and not row.get("violation_vi"):
        # an item of an older bundled version that kept its code in the newest: the same duty,
        # so it is cited as the newest version cites it (only citations checked against the
        # texts; version 1 marked some "to be checked"), and a failure of it is written as the
        # newest writes it (not where the newest made the item good practice to praise)
        row = {**row, "legal_basis": newest["legal_basis"]}
        if newest["kind"] == ItemKind.DUTY.value and row.get("kind", "DUTY") == ItemKind.DUTY:
            row.update(violation_vi=newest["violation_vi"], violation_en=newest["violation_en"])
    return ChecklistItem(
        id=row["id"],
        area_code=row["area_code"],
        code=row["code"],
        text_vi=row["text_vi"],
        text_en=row["text_en"],
        methods=json.loads(row["methods"]),
        how_vi=row["how_vi"],
        how_en=row["how_en"],
        legal_basis=row["legal_basis"],
        default_severity=row["default_severity"],
        violation_vi=row.get("violation_vi"),
        violation_en=row.get("violation_en"),
        kind=row.get("kind") or ItemKind.DUTY.value,
        money=bool(row.get("money")),
    )

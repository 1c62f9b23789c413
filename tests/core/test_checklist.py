# SPDX-License-Identifier: GPL-3.0-or-later
"""The bundled VSS checklist: 8 areas, 46 items, each complete in both languages."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from inspector import checklists
from inspector.model import Severity
from inspector.workspace import Workspace


def test_bundled_file_is_complete() -> None:
    data = checklists.load_template_file()
    assert [a["code"] for a in data["areas"]] == list("ABCDEFGH")
    items = [i for a in data["areas"] for i in a["items"]]
    assert len(items) == 46
    assert len({i["code"] for i in items}) == 46
    for item in items:
        for key in ("text_vi", "text_en", "how_vi", "how_en", "legal_basis"):
            assert item[key].strip(), (item["code"], key)
            assert unicodedata.is_normalized("NFC", item[key])
        assert item["methods"] and set(item["methods"]) <= set(data["methods"])
        Severity(item["default_severity"])


def test_installed_once_with_the_same_ids_everywhere(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "a") as a, Workspace.open(tmp_path / "b") as b:
        ids_a = sorted(r[0] for r in a.db.execute("SELECT id FROM checklist_items"))
        ids_b = sorted(r[0] for r in b.db.execute("SELECT id FROM checklist_items"))
        assert len(ids_a) == 46 and ids_a == ids_b
    with Workspace.open(tmp_path / "a") as again:  # reopening installs nothing twice
        assert again.db.execute("SELECT count(*) FROM checklist_items").fetchone()[0] == 46


def test_lookup(ws: Workspace) -> None:
    template = checklists.default_template_id(ws.db)
    assert [a["code"] for a in checklists.areas(ws.db, template)] == list("ABCDEFGH")
    b4 = checklists.item_by_code(ws.db, template, "B4")
    assert b4.area_code == "B" and "PM" in b4.methods
    assert len(checklists.items(ws.db, template, "A")) == 7

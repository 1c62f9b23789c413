# SPDX-License-Identifier: GPL-3.0-or-later
"""Screens that read one finding, not the whole list: the checklist's link to an item's finding,
and the findings list after a title is saved, still show the right finding."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt

from inspector.fieldwork import findings, screens
from inspector.store.workspace import Workspace
from tests.ui.helpers import activate, press, type_text
from ui.main_window import SCREEN_KEY, MainWindow


def _window(qtbot, home: Path, screen: dict) -> MainWindow:
    ws = Workspace.open(home)
    ws.set_setting(SCREEN_KEY, json.dumps(screen))
    window = MainWindow(ws)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    activate(qtbot, window)
    return window


def test_each_checklist_item_links_to_its_own_finding(qtbot, demo) -> None:
    ws, made = demo
    iid = made.inspection_id
    listed = screens.findings(ws, iid)
    first = next(f for f in listed if f["item_code"])
    # a second finding under the same item: the link still opens the first one
    findings.add_finding(ws, iid, item_code=first["item_code"], title="Phát hiện thêm")
    home = ws.home
    ws.close()
    window = _window(qtbot, home, {"inspection": iid, "tab": "checklist"})
    cl = window.workbench.checklist
    oldest: dict[str, str] = {}
    for f in screens.findings(window.workspace, iid):
        if f["item_code"]:
            oldest.setdefault(f["item_code"], f["id"])
    seen_links = seen_blanks = 0
    for area in {f["area_code"] for f in listed if f["item_code"]}:
        assert cl.select_area(area)
        cl.items.setFocus()
        cl.items.setCurrentRow(0)
        for row in range(cl.items.count()):
            if row:
                press(cl.items, Qt.Key.Key_Down)
            assert cl.items.currentRow() == row
            code = cl.rows[row]["item"].code
            if code in oldest:
                assert f'href="{oldest[code]}"' in cl.finding_hint.text()
                seen_links += 1
            else:
                assert cl.finding_hint.text() == ""
                seen_blanks += 1
    assert seen_links == len(oldest) and seen_blanks
    window.close()
    window.workspace.close()


def test_a_saved_title_shows_in_the_list_under_its_finding_only(qtbot, demo) -> None:
    ws, made = demo
    iid = made.inspection_id
    listed = screens.findings(ws, iid)
    home = ws.home
    ws.close()
    target = listed[1]
    window = _window(qtbot, home, {"inspection": iid, "tab": "findings", "finding": target["id"]})
    ft = window.workbench.findings
    assert ft.current_id() == target["id"]
    before = [ft.list.item(n).text() for n in range(ft.list.count())]
    ft.title.selectAll()
    type_text(ft.title, "Chưa niêm yết thủ tục tại Bộ phận một cửa")
    row = ft.list.currentRow()
    qtbot.waitUntil(lambda: "Chưa niêm yết" in ft.list.item(row).text(), timeout=5000)  # the pause
    assert ft.list.item(row).data(Qt.ItemDataRole.UserRole) == target["id"]
    entry = screens.finding_entry(window.workspace, target["id"])
    assert entry is not None and entry["title"] == "Chưa niêm yết thủ tục tại Bộ phận một cửa"
    assert ft.list.item(row).text() == ft._entry_text(entry)
    place = target["item_code"] or target["area_code"]
    assert ft.list.item(row).text().startswith(f"[{place}] Chưa niêm yết")
    after = [ft.list.item(n).text() for n in range(ft.list.count())]
    assert after[:row] + after[row + 1 :] == before[:row] + before[row + 1 :]
    window.close()
    window.workspace.close()

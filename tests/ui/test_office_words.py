# SPDX-License-Identifier: GPL-3.0-or-later
"""At the office demo's office, words typed into the findings' search box with and without
Vietnamese marks ("trach nhiem", "dien") find the same findings as typed with them, and the
button beside them opens the follow-up register."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from inspector.demo.office import build_office_demo
from inspector.office import facets
from inspector.office.facets import Filters
from inspector.store.workspace import Workspace
from tests.ui.helpers import open_window, type_text


def test_words_with_or_without_marks_find_the_same_findings(qtbot, tmp_path: Path) -> None:
    ws = Workspace.open(tmp_path / "office")
    build_office_demo(ws)
    window = open_window(qtbot, ws)  # an office's workspace opens on every team's findings
    page = window.office_page
    assert page is not None
    qtbot.waitUntil(lambda: not page.counting, timeout=20000)
    every = page.model.rowCount()
    for bare, marked in (("trach nhiem", "trách nhiệm"), ("dien", "điện")):
        found = []
        for words in (bare, marked):
            page.words.clear()
            qtbot.waitUntil(lambda: not page.counting and page.model.rowCount() == every)
            type_text(page.words, words)
            QTest.keyClick(page.words, Qt.Key.Key_Return)
            expected = facets.count(ws, Filters({}, words))
            qtbot.waitUntil(lambda e=expected: not page.counting and page.model.rowCount() == e)
            found.append({page.model.row(n).id for n in range(page.model.rowCount())})
        assert found[0] == found[1] and 0 < len(found[0]) < every, bare
    QTest.mouseClick(page.followup_button, Qt.MouseButton.LeftButton)
    assert window.followup_page is not None
    assert window.stack.currentWidget() is window.followup_page
    window.close()
    ws.close()

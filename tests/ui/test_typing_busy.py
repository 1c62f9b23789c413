# SPDX-License-Identifier: GPL-3.0-or-later
"""Typing while an import holds the workspace: every keystroke's draft is kept, the window says
the workspace is busy (no error box), and the text becomes a change once the import is done."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from inspector import i18n
from inspector.fieldwork import drafts, screens
from inspector.store.workspace import Workspace
from tests.core.test_drafts_busy import write_lock
from tests.ui.helpers import activate, type_text
from ui import errors
from ui.errors import show_error  # the presenter itself (the UI tests' fixture replaces it)
from ui.main_window import SCREEN_KEY, MainWindow
from ui.widgets.fields import busy_message


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every message box the error presenter opens (none should open here; the UI tests' own
    fixture also fails a test that shows an error)."""
    shown: list[str] = []
    monkeypatch.setattr(errors, "_box", lambda _parent, message: shown.append(message))
    return shown


def _window(qtbot, home: Path) -> tuple[MainWindow, str]:
    with Workspace.open(home) as ws:
        iid = ws.db.execute("SELECT id FROM inspections").fetchone()[0]
        fid = screens.findings(ws, iid)[0]["id"]
        ws.set_setting(
            SCREEN_KEY, json.dumps({"inspection": iid, "tab": "findings", "finding": fid})
        )
    window = MainWindow(Workspace.open(home))
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    activate(qtbot, window)
    return window, fid


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_typing_while_an_import_holds_the_workspace(qtbot, demo, boxes, lang) -> None:
    i18n.set_language(lang)
    ws, _made = demo
    home = ws.home
    ws.close()
    window, fid = _window(qtbot, home)
    binding = window.workbench.findings.title_binding
    title = window.workbench.findings.title
    before = screens.finding(window.workspace, fid)["title"]
    title.selectAll()
    typed = ""
    with write_lock(home / "inspector.sqlite3"), Workspace.open(home) as other:
        for ch in "Vắng mặt":
            type_text(title, ch)
            typed += ch
            # each keystroke's draft is already stored, as another process sees it
            assert [d["value"] for d in drafts.pending(other)] == [typed]
        binding.timer.timeout.emit()  # the typing pauses: the change needs the busy workspace
        assert binding.busy and binding.retry.isActive()
        assert window.statusBar().currentMessage() == str(busy_message())
        binding.flush()  # leaving the field: still busy, still kept, still said
        assert binding.busy
        binding.bind(fid, before)  # the tab shows the finding again (a refresh)
        assert title.text() == "Vắng mặt"  # what was typed, not what is stored
        assert screens.finding(window.workspace, fid)["title"] == before
        assert [d["value"] for d in drafts.pending(other)] == ["Vắng mặt"]
    assert boxes == []  # no error box: the status bar said it
    binding.retry.timeout.emit()  # the import is done: the retry saves it
    assert not binding.busy and not binding.retry.isActive()
    assert screens.finding(window.workspace, fid)["title"] == "Vắng mặt"
    assert drafts.pending(window.workspace) == []
    assert window.statusBar().currentMessage() == ""
    assert window.undo_stack.count() == 1  # one undoable edit, as for any typing
    window.undo_stack.undo()
    assert screens.finding(window.workspace, fid)["title"] == before
    window.close()
    window.workspace.close()
    assert boxes == []


def test_text_of_a_finding_left_while_busy_is_saved_later(qtbot, demo, boxes) -> None:
    ws, _made = demo
    home = ws.home
    ws.close()
    window, fid = _window(qtbot, home)
    tab = window.workbench.findings
    with write_lock(home / "inspector.sqlite3"):
        tab.title.selectAll()
        type_text(tab.title, "Không niêm yết")
        rows = screens.findings(window.workspace, tab.inspection_id)
        other = next(f for f in rows if f["id"] != fid)
        tab.title_binding.bind(other["id"], other["title"])  # the field shows another finding
        assert tab.title_binding.busy  # the first one's text waits, its draft kept
        assert tab.title.text() == other["title"]
    tab.title_binding.retry.timeout.emit()
    assert screens.finding(window.workspace, fid)["title"] == "Không niêm yết"
    assert drafts.pending(window.workspace) == []
    assert boxes == []
    window.close()
    window.workspace.close()


def test_a_busy_database_elsewhere_is_said_as_busy(qtbot, boxes) -> None:
    i18n.set_language("en")
    show_error(None, sqlite3.OperationalError("database is locked"))
    assert boxes == ["The workspace is busy importing a package; try again in a moment."]
    i18n.set_language("vi")
    show_error(None, sqlite3.OperationalError("database is locked"))
    assert len(boxes) == 2 and boxes[1] != boxes[0]  # said in the user's language
    assert "Something went wrong" not in boxes[1] and "busy" not in boxes[1]

# SPDX-License-Identifier: GPL-3.0-or-later
"""The Help menu: the keyboard shortcuts as the window really has them, the user guide inside the
app in the user's language, and About."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QTextBrowser, QWidget

from inspector import __version__, i18n
from inspector.resources import resource_path
from inspector.store.workspace import Workspace
from tests.ui.helpers import activate, in_modal
from ui import language
from ui.dialogs.help import GUIDES, ShortcutsDialog, guide_path, plain
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def _window(qtbot, ws: Workspace) -> MainWindow:
    window = MainWindow(ws)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    activate(qtbot, window)
    return window


def _help_action(window: MainWindow, text: str) -> QAction:
    menu = window.menuBar().actions()[-1].menu()
    assert menu is not None and plain(window.menuBar().actions()[-1].text()) == "Trợ giúp"
    return next(a for a in menu.actions() if plain(a.text()) == text)


def _run(action: QAction, read) -> dict:
    seen: dict = {}

    def look(dialog: QWidget) -> None:
        seen.update(read(dialog))
        dialog.close()

    in_modal(look)
    action.trigger()
    return seen


def test_the_shortcuts_are_those_of_the_windows_actions(qtbot, ws) -> None:
    language.apply("vi")
    window = _window(qtbot, ws)
    seen = _run(
        _help_action(window, "Phím tắt"),
        lambda d: {"rows": d.rows(), "title": d.windowTitle(), "kind": type(d)},
    )
    assert seen["kind"] is ShortcutsDialog and seen["title"] == "Phím tắt"
    rows = seen["rows"]
    assert ("Không gian làm việc", "Tạo cuộc kiểm tra đột xuất…", "Ctrl+N") in rows
    assert ("Kiểm tra", "Đến đơn vị và công bố", "Ctrl+Shift+A") in rows
    assert ("Trợ giúp", "Hướng dẫn sử dụng", "F1") in rows
    assert ("Điểm danh", "Có mặt", "1") in rows and ("Điểm danh", "Đi công tác", "6") in rows
    assert ("Phiếu kiểm tra", "Không đạt", "2") in rows
    with_keys = {
        (plain(a.text()), a.shortcut().toString())
        for menu in window.menuBar().actions()
        if menu.menu() is not None
        for a in menu.menu().actions()
        if not a.shortcut().isEmpty()
    }
    assert len(with_keys) > 15
    assert with_keys <= {(command, keys.split(", ")[0]) for _g, command, keys in rows}
    window.close()


def test_the_guide_opens_inside_the_app_in_the_users_language(qtbot, ws) -> None:
    language.apply("vi")
    window = _window(qtbot, ws)
    seen = _run(
        _help_action(window, "Hướng dẫn sử dụng"),
        lambda d: {"text": d.findChild(QTextBrowser).toPlainText(), "title": d.windowTitle()},
    )
    assert seen["title"] == "Hướng dẫn sử dụng"
    assert seen["text"].startswith("Hướng dẫn sử dụng Inspector")  # Markdown, rendered
    assert "# " not in seen["text"] and "Điểm danh" in seen["text"]
    window.set_language("en")
    menu = window.menuBar().actions()[-1].menu()
    guide = next(a for a in menu.actions() if plain(a.text()) == "User guide")
    seen = _run(guide, lambda d: {"text": d.findChild(QTextBrowser).toPlainText()})
    assert seen["text"].startswith("Inspector user guide")
    window.close()


def test_about_tells_the_version_licence_and_workspace(qtbot, ws) -> None:
    language.apply("vi")
    window = _window(qtbot, ws)
    seen = _run(_help_action(window, "Giới thiệu"), lambda d: {"text": d.text(), "kind": type(d)})
    assert seen["kind"] is QMessageBox
    assert __version__ in seen["text"] and "GPL-3.0-or-later" in seen["text"]
    assert str(ws.home) in seen["text"]
    window.close()


def _names_in(guide: str) -> list[str]:
    """The menu, tab and button names the guide quotes in *italics*."""
    return re.findall(r"(?<![*\w])\*([^*\n]+)\*(?!\*)", guide)


def _ui_texts(lang: str) -> set[str]:
    """Every text of the app in ``lang``, without mnemonic marks."""
    from tests.core.test_i18n import _msgids

    return {plain(i18n.translate(m, lang)) for m in _msgids()}


def test_the_guide_names_only_what_the_app_shows() -> None:
    """Every name the guide quotes is a text of the app in the guide's language, so the guide says
    what the user sees."""
    for lang, name in GUIDES.items():
        guide = resource_path("help", name).read_text(encoding="utf-8")
        names = _names_in(guide)
        assert len(names) > 25
        texts = _ui_texts(lang)
        assert [n for n in names if n not in texts] == [], lang


def test_the_guide_is_bundled_and_linked_from_the_docs() -> None:
    assert guide_path("vi") == resource_path("help", "huong-dan.md")
    docs = (ROOT / "docs" / "huong-dan.md").read_text(encoding="utf-8")
    assert "../resources/help/huong-dan.md" in docs
    assert (ROOT / "docs" / "../resources/help/huong-dan.md").resolve().is_file()


def test_the_shortcuts_include_the_buttons_of_the_screen_shown(qtbot, demo) -> None:
    ws, _made = demo
    iid = ws.db.execute("SELECT id FROM inspections").fetchone()[0]
    language.apply("vi")
    window = _window(qtbot, ws)
    window.open_inspection(iid)
    window.workbench.tabs.setCurrentWidget(window.workbench.minutes)
    seen = _run(_help_action(window, "Phím tắt"), lambda d: {"rows": d.rows()})
    assert ("Trên màn hình này", "In…", "Ctrl+P") in seen["rows"]
    window.close()

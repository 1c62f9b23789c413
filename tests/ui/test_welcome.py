# SPDX-License-Identifier: GPL-3.0-or-later
"""The first run: an empty workspace opens on a welcome that says what to do first."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QProcess, Qt

from inspector import i18n
from inspector.demo import demo_home
from inspector.workspace import Workspace
from tests.ui.helpers import in_modal, press
from ui.main_window import MainWindow


def _window(qtbot, home: Path) -> MainWindow:
    window = MainWindow(Workspace.open(home))
    qtbot.addWidget(window)
    window.show()
    return window


def test_an_empty_workspace_opens_on_the_welcome(qtbot, tmp_path: Path) -> None:
    i18n.set_language("vi")
    window = _window(qtbot, tmp_path / "ws")
    page = window.list_page
    assert page is not None and page.is_welcome()
    texts = [b.text() for b in page.welcome.findChildren(type(page.welcome.new_button))]
    assert texts[0].startswith("Bắt đầu") and len(texts) == 4

    # The first button opens the new-check dialog; Escape closes it and nothing is made.
    in_modal(lambda dialog: press(dialog, Qt.Key.Key_Escape))
    qtbot.mouseClick(page.welcome.new_button, Qt.MouseButton.LeftButton)
    assert page.is_welcome()
    window.close()
    window.workspace.close()


def test_the_demo_opens_in_a_workspace_of_its_own(qtbot, tmp_path: Path, monkeypatch) -> None:
    i18n.set_language("en")
    home = tmp_path / "ws"
    started: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(
        QProcess,
        "startDetached",
        lambda program, args: started.append((program, args)) or (True, 1),
    )
    window = _window(qtbot, home)
    assert window.list_page is not None
    qtbot.mouseClick(window.list_page.welcome.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(started), timeout=60000)
    folder = demo_home(home)
    assert started[0][1][-2:] == ["--home", str(folder)]
    with Workspace.open(folder) as demo:
        assert demo.db.execute("SELECT count(*) FROM inspections").fetchone()[0] == 1
    # this workspace is left empty: still the welcome
    assert window.workspace.db.execute("SELECT count(*) FROM inspections").fetchone()[0] == 0
    assert window.list_page.is_welcome()
    window.close()
    window.workspace.close()

# SPDX-License-Identifier: GPL-3.0-or-later
"""The first run: an empty workspace opens on a welcome that says what to do first."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QProcess, Qt

from inspector import i18n
from inspector.demo.build import demo_home
from inspector.fieldwork import checklists
from inspector.store.workspace import Workspace
from tests.ui.helpers import in_modal, press
from ui.main_window import MainWindow


def _window(qtbot, home: Path) -> MainWindow:
    workspace = Workspace.open(home)
    checklists.ensure_bundled_checklist(workspace)  # as the app opens it
    window = MainWindow(workspace)
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


def test_the_app_gives_an_empty_workspace_the_checklist_on_its_first_run(tmp_path: Path) -> None:
    home = tmp_path / "ws"
    result = subprocess.run(
        [sys.executable, "-m", "ui", "--home", str(home), "gui", "--self-test"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    with Workspace.open(home) as ws:
        versions = ws.db.execute("SELECT template_version FROM checklist_templates").fetchall()
        assert sorted(versions) == [(1,), (2,)]
        assert checklists.default_template_id(ws.db)  # a new check can be made at once

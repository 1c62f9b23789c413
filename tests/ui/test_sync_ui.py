# SPDX-License-Identifier: GPL-3.0-or-later
"""Sync in the app: a package dropped on the window is previewed then imported, a receipt saved;
conflicts are settled on their screen with a reason; export from the menu; the inbox folder; the
packages and receipts, read on a worker."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QLineEdit, QMessageBox, QRadioButton

from inspector.fieldwork import findings, screens
from inspector.i18n import _
from inspector.store.workspace import Workspace
from inspector.sync import exchange, inbox, merge, packages
from inspector.trust.identity import trust_roots
from inspector.vocabulary import field_label, value_label
from tests.sync_world import PASSPHRASE, World
from tests.ui.helpers import activate, drop_files, export_from_menu, in_modal, shortcut, type_text
from ui.context import t
from ui.dialogs.conflicts import ConflictsDialog
from ui.dialogs.import_preview import ImportDialog
from ui.dialogs.sync_status import SyncStatusDialog
from ui.main_window import MainWindow


def _window(qtbot, ws: Workspace) -> MainWindow:
    window = MainWindow(ws)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    activate(qtbot, window)
    return window


def _edit_and_export(world: World, title: str) -> tuple[Path, str]:
    finding = world.a.db.execute("SELECT id FROM findings ORDER BY id LIMIT 1").fetchone()[0]
    findings.update_finding(world.a, finding, title=title)
    return world.export(world.a, "a1"), finding


def test_dropped_package_is_previewed_imported_and_a_receipt_saved(qtbot, world: World) -> None:
    package, finding = _edit_and_export(world, "Sửa tại hiện trường")
    window = _window(qtbot, world.office)
    seen: dict[str, str] = {}
    receipt = world.root / "receipt.inspkg"

    def preview(dialog) -> None:
        assert isinstance(dialog, ImportDialog)
        seen["preview"] = " ".join(label.text() for label in dialog.findChildren(QLabel))
        in_modal(outcome, not_this=dialog)
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    def outcome(box) -> None:
        assert isinstance(box, QMessageBox)
        seen["outcome"] = box.text()
        save = [b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.ActionRole][
            0
        ]
        in_modal(where, not_this=box)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    def where(dialog) -> None:
        assert isinstance(dialog, QFileDialog)
        in_modal(passphrase, not_this=dialog)
        dialog.selectFile(str(receipt))
        dialog.accept()

    def passphrase(dialog) -> None:
        edit = dialog.findChild(QLineEdit)
        type_text(edit, PASSPHRASE)
        qtbot.keyClick(edit, Qt.Key.Key_Return)

    in_modal(preview)
    drop_files(window, [package])
    qtbot.waitUntil(lambda: receipt.exists(), timeout=20000)
    assert "Nguyễn Văn Hùng" in seen["preview"] and "nothing was changed" not in seen["outcome"]
    title = world.office.db.execute("SELECT title FROM findings WHERE id = ?", [finding])
    assert title.fetchone()[0] == "Sửa tại hiện trường"
    # the inspector imports the receipt: the office has the package
    assert exchange.import_package(world.a, receipt).receipt_for
    assert exchange.sync_status(world.a).confirmed == 1
    window.close()


def test_conflicts_are_settled_on_screen_with_a_reason(
    qtbot, world: World, shown_errors: list[BaseException]
) -> None:
    finding = world.a.db.execute("SELECT id, severity FROM findings ORDER BY id LIMIT 1").fetchone()
    grade_a, grade_b = [g for g in ("1", "2", "3", "4") if g != finding[1]][:2]
    findings.update_finding(world.a, finding[0], severity=grade_a)
    findings.update_finding(world.b, finding[0], severity=grade_b)
    for package in (world.export(world.a, "a1"), world.export(world.b, "b1")):
        exchange.import_package(world.office, package)
    window = _window(qtbot, world.office)
    qtbot.waitUntil(  # counted off the UI thread, shown when counted
        lambda: window.conflicts_button.isVisible() and "1" in window.conflicts_button.text()
    )
    done: dict[str, bool] = {}

    def settle(dialog) -> None:
        assert isinstance(dialog, ConflictsDialog)
        qtbot.waitUntil(lambda: dialog.list.count() == 1)  # found on a worker
        options = dialog.findChildren(QRadioButton)
        chosen = next(
            o for o in options if f"“{value_label('findings', 'severity', grade_b)}”" in o.text()
        )
        qtbot.mouseClick(chosen, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.keep, Qt.MouseButton.LeftButton)  # no reason yet: refused
        done["refused"] = bool(shown_errors)
        shown_errors.clear()
        type_text(dialog.reason, "Theo hồ sơ gốc")
        qtbot.mouseClick(dialog.keep, Qt.MouseButton.LeftButton)
        listed = t(_("No conflicts."))  # the list found again, on a worker
        qtbot.waitUntil(lambda: dialog.empty.isVisible() and dialog.empty.text() == listed)
        done["empty"] = dialog.list.count() == 0
        dialog.reject()

    in_modal(settle)
    shortcut(
        qtbot,
        window,
        Qt.Key.Key_K,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: "empty" in done, timeout=5000)
    assert done == {"refused": True, "empty": True}
    qtbot.waitUntil(lambda: not window.conflicts_button.isVisible(), timeout=3000)
    assert merge.conflicts(world.office.db) == []
    logged = world.office.db.execute(
        "SELECT new_value, reason FROM changes WHERE record_id = ? AND field = 'severity'"
        " ORDER BY seq DESC LIMIT 1",
        [finding[0]],
    ).fetchone()
    assert json.loads(logged[0]) == grade_b and logged[1] == "Theo hồ sơ gốc"
    window.close()


def test_export_from_the_menu_writes_a_signed_package(qtbot, world: World) -> None:
    finding = world.a.db.execute("SELECT id FROM findings ORDER BY id LIMIT 1").fetchone()[0]
    findings.update_finding(world.a, finding, title="Xuất từ ứng dụng")
    window = _window(qtbot, world.a)
    out = world.root / "from-app.inspkg"
    written, said = export_from_menu(qtbot, window, PASSPHRASE, out)
    package = packages.read(out, trust_roots(world.office))
    assert written == out and package.kind == "changes" and str(out) in said
    window.close()


def test_inbox_folder_imports_new_packages_and_logs_each(qtbot, world: World) -> None:
    package, finding = _edit_and_export(world, "Qua thư mục chung")
    folder = world.root / "usb"
    folder.mkdir()
    copied = folder / package.name
    copied.write_bytes(package.read_bytes())
    (folder / "broken.inspkg").write_bytes(package.read_bytes()[:1000])
    old = time.time() - 60  # copied a minute ago: no longer being written
    for path in folder.iterdir():
        os.utime(path, (old, old))
    window = _window(qtbot, world.office)
    window.sync.set_inbox(folder)
    qtbot.waitUntil(lambda: len(inbox.read_log(world.office)) == 2, timeout=20000)
    outcomes = {e.file: e.outcome for e in inbox.read_log(world.office)}
    assert outcomes == {package.name: "imported", "broken.inspkg": "refused"}
    qtbot.waitUntil(lambda: not window.sync.inbox_running, timeout=5000)
    title = world.office.db.execute("SELECT title FROM findings WHERE id = ?", [finding])
    assert title.fetchone()[0] == "Qua thư mục chung"
    window.sync.look_in_inbox()  # nothing new: nothing logged twice
    qtbot.waitUntil(lambda: not window.sync.inbox_running, timeout=5000)
    assert len(inbox.read_log(world.office)) == 2
    window.close()


def test_packages_and_receipts_are_read_off_the_ui_thread(
    qtbot, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    package, _finding = _edit_and_export(world, "Đã nhận tại văn phòng")
    exchange.import_package(world.office, package)
    real = exchange.sync_status
    threads: list[threading.Thread] = []

    def recorded(ws):
        threads.append(threading.current_thread())
        return real(ws)

    monkeypatch.setattr(exchange, "sync_status", recorded)
    window = _window(qtbot, world.office)
    dialog = SyncStatusDialog(window.ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: package.name in dialog.browser.toPlainText())  # what came in
    assert threads and threading.main_thread() not in threads
    dialog.close()
    window.close()


def test_an_import_preview_names_its_conflicts_from_a_worker(
    qtbot, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    finding = world.a.db.execute("SELECT id, severity FROM findings ORDER BY id LIMIT 1").fetchone()
    grade_a, grade_b = [g for g in ("1", "2", "3", "4") if g != finding[1]][:2]
    findings.update_finding(world.a, finding[0], severity=grade_a)
    findings.update_finding(world.b, finding[0], severity=grade_b)
    exchange.import_package(world.office, world.export(world.a, "a1"))
    second = world.export(world.b, "b1")
    real = screens.record_name
    named_on: list[threading.Thread] = []

    def recorded(ws, table, record_id):
        named_on.append(threading.current_thread())
        return real(ws, table, record_id)

    monkeypatch.setattr(screens, "record_name", recorded)
    window = _window(qtbot, world.office)
    seen: dict[str, list[str]] = {}

    def preview(dialog) -> None:
        assert isinstance(dialog, ImportDialog)
        seen["conflicts"] = [
            dialog.conflicts.item(n).text() for n in range(dialog.conflicts.count())
        ]
        dialog.reject()

    in_modal(preview)
    drop_files(window, [second])
    qtbot.waitUntil(lambda: "conflicts" in seen, timeout=20000)
    title = world.office.db.execute("SELECT title FROM findings WHERE id = ?", [finding[0]])
    name = real(world.office, "findings", finding[0])  # the title, shortened as on screen
    assert title.fetchone()[0][:20] in name
    assert seen["conflicts"] == [f"{name}: {field_label('severity')}"]
    assert named_on and threading.main_thread() not in named_on
    qtbot.waitUntil(lambda: not window.sync.queue)
    window.close()

# SPDX-License-Identifier: GPL-3.0-or-later
"""The minutes' pages inside the app (zoom, page keys, no PDF viewer needed), and the Verify
dialog: a typed code checked on Enter, never a file picker, its result shown in full."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QPushButton

from inspector.demo.build import sign_demo
from inspector.i18n import _
from tests.ui.helpers import press, shortcut, type_text
from ui.context import t
from ui.dialogs.preview import PreviewDialog
from ui.dialogs.verify import VerifyDialog
from ui.main_window import MainWindow


def _button(widget, text: str) -> QPushButton:
    return next(b for b in widget.findChildren(QPushButton) if b.text() == text)


def test_preview_shows_the_pages_with_zoom_and_page_keys(
    qtbot, demo, monkeypatch: pytest.MonkeyPatch, shown_errors: list[BaseException]
) -> None:
    ws, made = demo
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.open_inspection(made.inspection_id)
    tab = window.workbench.minutes
    qtbot.mouseClick(_button(tab, t(_("Preview the minutes"))), Qt.MouseButton.LeftButton)
    dialog: PreviewDialog = tab.preview_dialog  # the window's, deleted when closed
    qtbot.waitUntil(lambda: len(dialog.labels) >= 5, timeout=60000)  # the minutes and annexes
    qtbot.waitExposed(dialog)
    assert dialog.labels[0].pixmap() is not None and not dialog.labels[0].pixmap().isNull()
    assert dialog.fit  # fits the width at first

    width = dialog.labels[0].width()
    shortcut(qtbot, dialog, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.fit and dialog.labels[0].width() > width
    bigger = dialog.labels[0].width()
    shortcut(qtbot, dialog, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    shortcut(qtbot, dialog, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert dialog.labels[0].width() < bigger
    assert f"{round(dialog.zoom * 100)} %" in dialog.status.text()

    bar = dialog.view.verticalScrollBar()
    press(dialog.view, Qt.Key.Key_PageDown)
    assert dialog.current == 1 and bar.value() > 0
    second = bar.value()
    press(dialog.view, Qt.Key.Key_PageDown)
    assert dialog.current == 2 and bar.value() > second
    press(dialog.view, Qt.Key.Key_End)
    assert dialog.current == len(dialog.labels) - 1
    press(dialog.view, Qt.Key.Key_Home)
    assert dialog.current == 0 and bar.value() == 0
    press(dialog.view, Qt.Key.Key_PageUp)  # before the first page: stays there
    assert dialog.current == 0

    qtbot.mouseClick(_button(dialog, t(_("Fit width"))), Qt.MouseButton.LeftButton)
    assert dialog.fit and dialog.labels[0].width() <= dialog.view.viewport().width()

    # no PDF viewer on this computer: said in a message, with the file's place
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda _url: False)
    qtbot.mouseClick(dialog.external, Qt.MouseButton.LeftButton)
    assert len(shown_errors) == 1 and str(dialog.pdf) in str(shown_errors[0])
    shown_errors.clear()
    dialog.close()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_verify_checks_a_typed_code_on_enter_and_shows_it_in_full(
    qtbot, demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws, made = demo
    pdf = sign_demo(ws, made.inspection_id)
    assert pdf is not None
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    code = text.split("Mã xác thực: ", 1)[1].split()[0]
    pickers: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: (pickers.append("opened"), ("", ""))[1]
    )
    window = MainWindow(ws)
    qtbot.addWidget(window)
    dialog = VerifyDialog(window.ctx)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    assert len(dialog.windowTitle()) <= 30  # a short title
    type_text(dialog.code, code)
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert not pickers and dialog.isVisible()  # Enter checked the code: no picker, not closed
    result = dialog.code_result
    assert "15/QĐ-BHXH" in result.text()
    qtbot.waitUntil(lambda: result.height() >= result.heightForWidth(result.width()))
    assert result.wordWrap()
    assert dialog.height() >= dialog.sizeHint().height()  # the dialog holds all of it

    dialog.code.clear()
    type_text(dialog.code, "not a code at all " * 8)
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert not pickers and "15/QĐ-BHXH" not in result.text() and result.text()
    qtbot.waitUntil(lambda: result.height() >= result.heightForWidth(result.width()))
    assert result.width() <= dialog.width()


def test_a_sealed_check_previews_and_prints_its_signed_file_only(
    qtbot, demo, shown_errors: list[BaseException]
) -> None:
    ws, made = demo
    pdf = sign_demo(ws, made.inspection_id)
    assert pdf is not None
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.open_inspection(made.inspection_id)
    tab = window.workbench.minutes
    qtbot.mouseClick(_button(tab, t(_("Preview the minutes"))), Qt.MouseButton.LeftButton)
    dialog: PreviewDialog = tab.preview_dialog  # the window's, deleted when closed
    qtbot.waitUntil(lambda: bool(dialog.labels), timeout=60000)
    assert dialog.pdf == pdf  # the signed file, whose printed code verifies
    dialog.close()
    pdf.unlink()  # lost: nothing unsigned is printed in its place
    qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    assert len(shown_errors) == 1 and str(pdf) in str(shown_errors[0])
    shown_errors.clear()
    assert not window.jobs.busy


def test_a_signed_file_opens_at_the_page_asked_for_with_what_verifying_found_above_it(
    qtbot, demo
) -> None:
    ws, made = demo
    signed = sign_demo(ws, made.inspection_id)
    assert signed is not None
    window = MainWindow(ws)
    qtbot.addWidget(window)
    verdict = "Ký bởi Nguyễn Văn Hùng: hợp lệ, được tin cậy; nội dung ở trang 3"
    dialog = PreviewDialog(window.ctx, signed, title=verdict, start_page=2)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: len(dialog.labels) >= 3, timeout=60000)
    bar = dialog.view.verticalScrollBar()
    # the third page at the top of the view, not the first (the scroll waits for the layout)
    qtbot.waitUntil(lambda: bar.value() > 0)
    assert abs(bar.value() - dialog.labels[2].y()) <= dialog.column.spacing()
    assert dialog.current == 2 and "3" in dialog.status.text()
    assert dialog.banner.isVisible() and dialog.banner.text() == verdict
    dialog.resize(dialog.width() - 120, dialog.height())  # fitted again: the page stays
    qtbot.waitUntil(lambda: abs(bar.value() - dialog.labels[2].y()) <= dialog.column.spacing())
    dialog.close()

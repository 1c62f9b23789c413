# SPDX-License-Identifier: GPL-3.0-or-later
"""A preview or a print leaves nothing behind: the dialog is deleted when closed and the folder
holding the minutes' PDF (personal data) is removed, even when the drawing ends after the close."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QPushButton

from inspector.i18n import _
from ui.context import t
from ui.dialogs.preview import PreviewDialog
from ui.main_window import MainWindow


def _button(widget, text: str) -> QPushButton:
    return next(b for b in widget.findChildren(QPushButton) if b.text() == text)


def _deleted() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary folders' parent, to count what is left in it."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_three_previews_leave_no_dialog_and_no_folder(qtbot, demo, scratch: Path) -> None:
    ws, made = demo
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.open_inspection(made.inspection_id)
    tab = window.workbench.minutes
    for n in range(3):
        qtbot.mouseClick(_button(tab, t(_("Preview the minutes"))), Qt.MouseButton.LeftButton)
        dialog = tab.preview_dialog
        if n < 2:  # drawn, then closed with its button
            qtbot.waitUntil(lambda d=dialog: bool(d.labels), timeout=60000)
            assert list(scratch.iterdir())  # the PDF is there while the pages show
            qtbot.mouseClick(_button(dialog, t(_("Close"))), Qt.MouseButton.LeftButton)
        else:  # closed while still drawing: the folder goes when the drawing ends
            dialog.close()
        qtbot.waitUntil(lambda: not window.jobs.busy, timeout=60000)
        _deleted()
    assert not window.findChildren(PreviewDialog)
    assert list(scratch.iterdir()) == []


def test_printing_the_minutes_leaves_no_folder(qtbot, demo, scratch: Path, tmp_path: Path) -> None:
    ws, made = demo
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.open_inspection(made.inspection_id)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    window.workbench.minutes.print_minutes(printer)
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=60000)
    assert (tmp_path / "printed.pdf").stat().st_size > 0
    assert list(scratch.iterdir()) == []

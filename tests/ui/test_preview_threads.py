# SPDX-License-Identifier: GPL-3.0-or-later
"""The minutes are composed, laid out and drawn on a worker, for the preview and for the printer:
the Minutes tab stays responsive meanwhile, says that it is laying the pages out, then shows them."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QPushButton

from inspector.i18n import _
from inspector.minutes import content as minutes_content
from inspector.minutes import layout as minutes_layout
from ui.context import t
from ui.dialogs.preview import PreviewDialog
from ui.main_window import MainWindow


def _button(widget, text: str) -> QPushButton:
    return next(b for b in widget.findChildren(QPushButton) if b.text() == text)


class Held:
    """Wraps a core function: records the thread of each call, and holds the calls until
    released (a call on the UI thread would freeze the test, and fail it)."""

    def __init__(self, real) -> None:
        self.real = real
        self.threads: list[threading.Thread] = []
        self.started = threading.Event()
        self.release = threading.Event()

    def __call__(self, *args, **kwargs):
        self.threads.append(threading.current_thread())
        self.started.set()
        assert self.release.wait(30), "held on the UI thread"
        return self.real(*args, **kwargs)


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> tuple[Held, Held]:
    """The minutes' composition and layout, each held until released."""
    build, render = Held(minutes_content.build), Held(minutes_layout.render)
    monkeypatch.setattr(minutes_content, "build", build)
    monkeypatch.setattr(minutes_layout, "render", render)
    return build, render


def test_the_preview_is_laid_out_off_the_ui_thread_and_says_so(
    qtbot, demo, held: tuple[Held, Held]
) -> None:
    build, render = held
    ws, made = demo
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.open_inspection(made.inspection_id)
    tab = window.workbench.minutes
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    qtbot.mouseClick(_button(tab, t(_("Preview the minutes"))), Qt.MouseButton.LeftButton)
    dialog: PreviewDialog = tab.preview_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert build.started.wait(20)
    # composing on the worker: the dialog is up, says so, and the UI thread keeps running
    assert dialog.waiting.isVisible() and dialog.waiting.text() == t(_("Laying out the minutes…"))
    before = len(ticks)
    qtbot.wait(100)
    assert len(ticks) > before
    build.release.set()
    assert render.started.wait(20)
    qtbot.wait(50)
    assert not dialog.labels  # still laying out: no page yet
    with qtbot.waitSignal(dialog.worker.signals.succeeded, timeout=60000):
        render.release.set()
    qtbot.waitUntil(lambda: len(dialog.labels) >= 5)  # the minutes and annexes
    assert not dialog.waiting.isVisible()
    assert dialog.labels[0].pixmap() is not None and not dialog.labels[0].pixmap().isNull()
    assert dialog.status.text() != t(_("Laying out the minutes…"))  # the page and zoom now
    main = threading.main_thread()
    assert build.threads and main not in build.threads
    assert render.threads and main not in render.threads
    timer.stop()
    dialog.close()


def test_printing_lays_out_off_the_ui_thread(
    qtbot, demo, held: tuple[Held, Held], tmp_path: Path
) -> None:
    build, render = held
    build.release.set()
    ws, made = demo
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.open_inspection(made.inspection_id)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    window.workbench.minutes.print_minutes(printer)  # returns at once: the job is on a worker
    assert render.started.wait(20) and window.jobs.busy
    render.release.set()
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=60000)
    assert out.stat().st_size > 0
    main = threading.main_thread()
    assert build.threads and main not in build.threads
    assert render.threads and main not in render.threads

# SPDX-License-Identifier: GPL-3.0-or-later
"""The pinned PySide6 survives thousands of repaints of a widget with a Python paintEvent and an
event filter (6.12.0 on Python 3.11 aborted with "Fatal Python error: none_dealloc")."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

REPAINTS = 5000


class PaintedWidget(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.painted = 0

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(20 + self.painted % 200, 80, 120))
        painter.drawText(self.rect(), 0, f"{self.painted}")
        painter.end()
        self.painted += 1


class CountingFilter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.seen += 1
        return False


def test_thousands_of_repaints(qtbot) -> None:
    widget = PaintedWidget()
    watcher = CountingFilter()
    widget.installEventFilter(watcher)
    qtbot.addWidget(widget)
    widget.resize(200, 100)
    with qtbot.waitExposed(widget):
        widget.show()
    for _ in range(REPAINTS):
        widget.repaint()
    assert widget.painted >= REPAINTS
    assert watcher.seen >= REPAINTS

# SPDX-License-Identifier: GPL-3.0-or-later
"""A pad to sign on with a mouse, a pen or a finger; strokes are kept as vectors."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen, QTabletEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

Strokes = list[list[list[float]]]
ASPECT = 3.0  # width : height, the same as the signature box printed in the minutes


class SignaturePad(QWidget):
    """Draw here to sign. :meth:`strokes` gives the strokes as points in [0, 1], y downwards."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._strokes: Strokes = []
        self._drawing = False
        self.setMinimumSize(QSize(360, 120))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAutoFillBackground(False)

    def sizeHint(self) -> QSize:
        return QSize(540, 180)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return int(width / ASPECT)

    def _box(self) -> QRectF:
        width = min(self.width(), self.height() * ASPECT)
        height = width / ASPECT
        return QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)

    def _point(self, pos: QPointF) -> list[float]:
        box = self._box()
        x = min(1.0, max(0.0, (pos.x() - box.left()) / box.width()))
        y = min(1.0, max(0.0, (pos.y() - box.top()) / box.height()))
        return [round(x, 4), round(y, 4)]

    def strokes(self) -> Strokes:
        """The strokes drawn so far."""
        return [list(map(list, s)) for s in self._strokes]

    def set_strokes(self, strokes: Strokes | None) -> None:
        """Show strokes (a saved signature), or nothing."""
        self._strokes = [list(s) for s in strokes or []]
        self.update()

    def clear(self) -> None:
        """Wipe the pad."""
        self._strokes = []
        self.update()
        self.changed.emit()

    def is_empty(self) -> bool:
        return sum(len(s) for s in self._strokes) < 2

    # input -----------------------------------------------------------------------------------

    def _begin(self, pos: QPointF) -> None:
        if not self.isEnabled():
            return
        self._drawing = True
        self._strokes.append([self._point(pos)])
        self.update()

    def _extend(self, pos: QPointF) -> None:
        if self._drawing:
            self._strokes[-1].append(self._point(pos))
            self.update()

    def _end(self) -> None:
        if self._drawing:
            self._drawing = False
            self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._extend(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._end()

    def tabletEvent(self, event: QTabletEvent) -> None:
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._begin(event.position())
        elif kind == QTabletEvent.Type.TabletMove:
            self._extend(event.position())
        elif kind == QTabletEvent.Type.TabletRelease:
            self._end()
        event.accept()

    # drawing ---------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = self._box()
        painter.fillRect(box, Qt.GlobalColor.white)
        painter.setPen(QPen(Qt.GlobalColor.lightGray, 1, Qt.PenStyle.DashLine))
        painter.drawRect(box)
        baseline = box.top() + box.height() * 0.78
        painter.drawLine(QPointF(box.left() + 12, baseline), QPointF(box.right() - 12, baseline))
        painter.setPen(
            QPen(
                Qt.GlobalColor.black,
                2.2,
                Qt.PenStyle.SolidLine,
                Qt.PenCapStyle.RoundCap,
                Qt.PenJoinStyle.RoundJoin,
            )
        )
        for stroke in self._strokes:
            path = QPainterPath()
            x, y = stroke[0]
            path.moveTo(box.left() + x * box.width(), box.top() + y * box.height())
            for x, y in stroke[1:]:
                path.lineTo(box.left() + x * box.width(), box.top() + y * box.height())
            painter.drawPath(path)
        painter.end()

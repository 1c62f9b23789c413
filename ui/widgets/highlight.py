# SPDX-License-Identifier: GPL-3.0-or-later
"""A list's cell with some of its words marked: the words searched for, where a passage of the
text holding them says them (the office's findings). The model gives the cell's text as usual
and, under :data:`SPANS_ROLE`, where the marked words stand in it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

SPANS_ROLE = Qt.ItemDataRole.UserRole + 40  # ((start, end), …) of the words to mark
MARK_BACKGROUND = QColor("#ffe58a")
MARK_TEXT = QColor("#000000")


def _mark() -> QTextCharFormat:
    mark = QTextCharFormat()
    mark.setFontWeight(QFont.Weight.Bold)
    mark.setBackground(MARK_BACKGROUND)
    mark.setForeground(MARK_TEXT)
    return mark


def marked_layout(
    text: str, spans: tuple[tuple[int, int], ...], font: QFont, width: float, height: float
) -> QTextLayout:
    """``text`` laid out in lines of ``width`` (wrapped between words, else anywhere), as many
    as ``height`` shows (and one more, cut), each of ``spans`` marked: bold, on a light
    yellow."""
    layout = QTextLayout(text, font)
    ranges = []
    for start, end in spans:
        marked = QTextLayout.FormatRange()
        marked.start, marked.length, marked.format = start, end - start, _mark()
        ranges.append(marked)
    layout.setFormats(ranges)
    wrap = QTextOption()
    wrap.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(wrap)
    layout.beginLayout()
    top = 0.0
    while top < height and (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        line.setPosition(QPointF(0, top))
        top += line.height()
    layout.endLayout()
    return layout


class HighlightDelegate(QStyledItemDelegate):
    """Draws a cell's text with the spans its model gives under :data:`SPANS_ROLE` marked (a
    cell without spans is drawn as usual). The text wraps in the cell as the view wraps the
    others; what does not fit is cut at the cell's edge."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        spans = index.data(SPANS_ROLE)
        if not spans:
            super().paint(painter, option, index)
            return
        shown = QStyleOptionViewItem(option)
        self.initStyleOption(shown, index)
        text = shown.text
        shown.text = ""  # the background, the selection and the focus, drawn by the style
        widget = shown.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, shown, painter, widget)
        room = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, shown, widget)
        layout = marked_layout(
            text, tuple(spans), shown.font, max(1, room.width() - 4), room.height()
        )
        selected = bool(shown.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setClipRect(room)
        painter.setPen(shown.palette.color(role))
        height = layout.boundingRect().height()
        top = room.top() + max(0.0, (room.height() - height) / 2)
        layout.draw(painter, QPointF(room.left() + 2, top))
        painter.restore()

# SPDX-License-Identifier: GPL-3.0-or-later
"""A list's cell with some of its words marked: the words searched for, where a passage of the
text holding them says them (the office's findings). The model gives the cell's text as usual
and, under :data:`SPANS_ROLE`, where the marked words stand in it."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

SPANS_ROLE = Qt.ItemDataRole.UserRole + 40  # ((start, end), …) of the words to mark
MARK = "background-color: #ffe58a; color: #000000; font-weight: bold"


def marked_html(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """``text`` as HTML, each of ``spans`` marked (the rest escaped)."""
    out, last = [], 0
    for start, end in spans:
        out += [html.escape(text[last:start]), f'<span style="{MARK}">']
        out += [html.escape(text[start:end]), "</span>"]
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out)


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
        document = QTextDocument()
        document.setDocumentMargin(0)
        document.setDefaultFont(shown.font)
        document.setHtml(marked_html(text, tuple(spans)))
        document.setTextWidth(max(1, room.width() - 4))  # wrapped in the cell, as the others
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(shown.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, shown.palette.color(role))
        painter.save()
        painter.setClipRect(room)
        top = room.top() + max(0.0, (room.height() - document.size().height()) / 2)
        painter.translate(QPointF(room.left() + 2, top))
        document.documentLayout().draw(painter, context)
        painter.restore()

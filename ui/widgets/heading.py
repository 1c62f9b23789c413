# SPDX-License-Identifier: GPL-3.0-or-later
"""The title of a page of the window (the follow-up register, the dashboard): the window's font,
a third larger, bold."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def page_title(text: str) -> QLabel:
    """A page's title, saying ``text``."""
    title = QLabel(text)
    font = title.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    title.setFont(font)
    return title

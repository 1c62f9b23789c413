# SPDX-License-Identifier: GPL-3.0-or-later
"""Date fields that behave like the other fields of a form: Tab moves to the next field (a plain
QDateEdit walks day, month, year with Tab, so the next name typed lands in the year)."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QWidget

from inspector.i18n import current_language
from inspector.timefmt import VIETNAM


def date_format() -> str:
    """The date format of date fields: dd/MM/yyyy in Vietnamese, ISO in English."""
    return "dd/MM/yyyy" if current_language() == "vi" else "yyyy-MM-dd"


def vietnam_today() -> date:
    """Today's date in Vietnam, where the checks happen, whatever this computer's zone."""
    return datetime.now(VIETNAM).date()


class DateField(QDateEdit):
    """A date with a calendar pop-up, shown the user's way; Tab and Shift+Tab leave the field
    (type "/" or use the arrow keys to move between day, month and year)."""

    def __init__(self, day: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(date_format())
        self.setDate(QDate(day or vietnam_today()))

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002 - Qt's own name
        return QWidget.focusNextPrevChild(self, next)

    def day(self) -> date:
        """The date shown."""
        value = self.date().toPython()
        assert isinstance(value, date)
        return value

    def show_day(self, day: date) -> None:
        """Show ``day`` without announcing it as an edit."""
        self.blockSignals(True)
        self.setDate(QDate(day))
        self.blockSignals(False)

# SPDX-License-Identifier: GPL-3.0-or-later
"""Combo boxes of the domain's small vocabularies, filled the same way on every screen."""

from __future__ import annotations

from typing import Any, TypeVar

from PySide6.QtWidgets import QComboBox

from inspector.i18n import _
from inspector.vocabulary import Gender, StaffType, TeamRole, label
from ui.context import t

Combo = TypeVar("Combo", bound=QComboBox)


def gender_box(combo: Combo) -> Combo:
    """Fill ``combo`` with the genders, "not given" first (data: the code, or None)."""
    combo.addItem(t(_("Gender not given")), None)
    for g in Gender:
        combo.addItem(label(g), g.value)
    return combo


def staff_type_box(combo: Combo) -> Combo:
    """Fill ``combo`` with the kinds of employment, "not given" first (data: the code, or None)."""
    combo.addItem(t(_("Not given")), None)
    for kind in StaffType:
        combo.addItem(label(kind), kind.value)
    return combo


def role_box(combo: Combo) -> Combo:
    """Fill ``combo`` with the roles on an inspection team (data: the code)."""
    for role in TeamRole:
        combo.addItem(label(role), role.value)
    return combo


def select_data(combo: QComboBox, value: Any) -> None:
    """Show the entry whose data is ``value`` (the first if none) without announcing a choice."""
    combo.blockSignals(True)
    combo.setCurrentIndex(max(0, combo.findData(value)))
    combo.blockSignals(False)

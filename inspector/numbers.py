# SPDX-License-Identifier: GPL-3.0-or-later
"""Showing numbers and file sizes to people, with the separators of their language.

Vietnamese groups thousands with a dot and writes decimals after a comma (13.840; 13,5); English the
other way round (13,840; 13.5).
"""

from __future__ import annotations

from inspector.i18n import _, current_language

_UNITS = ("KB", "MB", "GB", "TB")


def show_number(value: float, decimals: int = 0, lang: str | None = None) -> str:
    """Return ``value`` with ``decimals`` digits after the point, in the separators of ``lang``."""
    text = f"{value:,.{decimals}f}"
    if (lang or current_language()) == "vi":
        text = text.translate(str.maketrans(",.", ".,"))
    return text


def show_size(size: int, lang: str | None = None) -> str:
    """Return a file size for people: "840 byte", "13,5 KB", "2,1 MB" in Vietnamese.

    Sizes are in units of 1,024 (as file managers show them), one decimal below 100 of a unit.
    """
    lang = lang or current_language()
    if size < 1024:
        text = _("{n} byte", n=size) if size == 1 else _("{n} bytes", n=show_number(size, 0, lang))
        return text.render(lang)
    value = float(size)
    for unit in _UNITS:
        value /= 1024
        if value < 1024 or unit == _UNITS[-1]:
            break
    decimals = 1 if value < 100 else 0
    if round(value, decimals) >= 1024 and unit != _UNITS[-1]:  # 1023.96 KB shows as 1 MB
        value, unit = value / 1024, _UNITS[_UNITS.index(unit) + 1]
        decimals = 1
    return f"{show_number(value, decimals, lang)} {unit}"

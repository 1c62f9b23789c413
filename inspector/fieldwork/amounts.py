# SPDX-License-Identifier: GPL-3.0-or-later
"""Amounts of money on findings, in whole đồng: read as people type them, shown as they write them.

A finding of wasteful spending carries what the norm allowed, what was actually spent and the
excess (domain.md §7, areas F and G), so a supervisor can add up the figures. Vietnamese groups
thousands with a dot ("18.500.000"), English with a comma; either, or no grouping at all, is read.
Đồng have no fractions in use: a decimal part is refused, not rounded.
"""

from __future__ import annotations

import re
from typing import Any

from inspector.errors import ValidationError
from inspector.i18n import Text, _
from inspector.numbers import show_number
from inspector.store.column_rules import MAX_AMOUNT

# The three amounts of a finding, in the order a form shows them.
AMOUNT_FIELDS = ("amount_norm", "amount_actual", "amount_excess")

# Digits, grouped by threes with one separator (".", "," or a space) used throughout, or not.
_GROUPED = re.compile(r"[0-9]{1,3}(?:([., \u00a0])[0-9]{3})?(?:\1[0-9]{3})*")
_PLAIN = re.compile(r"[0-9]+")
_CURRENCY = re.compile(r"\s*(?:đồng|đ|vnđ|vnd|₫)\s*$", re.IGNORECASE)


def amount_label(field: str) -> Text:
    """The name of one of a finding's amounts, for messages and forms."""
    return {
        "amount_norm": _("Amount allowed by the norm"),
        "amount_actual": _("Amount actually spent"),
        "amount_excess": _("Amount over the norm"),
    }[field]


def parse_amount(value: Any, field: Text) -> int | None:
    """Read an amount in whole đồng: a whole number, or text as a person types it
    ("18.500.000", "18500000", "18 500 000 đ"); None or blank text is no amount.

    Raises:
        ValidationError: not a whole number of đồng, below zero, or above the largest amount
            the app keeps; the message names ``field``.
    """
    if value is None:
        return None
    if isinstance(value, bool):  # a bool is an int to Python, never an amount
        raise _not_an_amount(field, str(value))
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        text = _CURRENCY.sub("", value.strip()).strip()
        if not text:
            return None
        if text.startswith("-"):
            raise ValidationError(_("{field} cannot be below zero.", field=field))
        if not (_PLAIN.fullmatch(text) or _GROUPED.fullmatch(text)):
            raise _not_an_amount(field, value.strip())
        number = int(re.sub(r"[^0-9]", "", text))
    else:
        raise _not_an_amount(field, str(value))
    if number < 0:
        raise ValidationError(_("{field} cannot be below zero.", field=field))
    if number > MAX_AMOUNT:
        raise ValidationError(
            _(
                "{field} is too large: at most {max} đồng.",
                field=field,
                max=show_number(MAX_AMOUNT, lang="vi"),
            )
        )
    return number


def _not_an_amount(field: Text, shown: str) -> ValidationError:
    return ValidationError(
        _(
            "{field} must be a whole number of đồng, such as 18.500.000 or 18500000, not “{value}”.",
            field=field,
            value=shown[:60],
        )
    )


def excess_of(norm: int | None, actual: int | None) -> int | None:
    """What was spent beyond the norm (0 if within it); None unless both are known."""
    if norm is None or actual is None:
        return None
    return max(actual - norm, 0)


def check_excess(norm: int | None, actual: int | None, excess: int | None) -> None:
    """Refuse an excess that is not the amount spent less the norm, when both are known.

    Raises:
        ValidationError: the three amounts disagree.
    """
    expected = excess_of(norm, actual)
    if expected is not None and excess is not None and excess != expected:
        raise ValidationError(
            _(
                "The amount over the norm ({excess} đồng) is not the amount spent less the norm "
                "({expected} đồng); correct one of the three amounts.",
                excess=show_amount(excess),
                expected=show_amount(expected),
            )
        )


def show_amount(value: int | None, lang: str | None = None) -> str:
    """An amount as people write it in ``lang``: "18.500.000" in Vietnamese; "" for none."""
    return "" if value is None else show_number(value, 0, lang)

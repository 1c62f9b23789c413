# SPDX-License-Identifier: GPL-3.0-or-later
"""Input checks shared by the services. Each returns the clean value or raises ValidationError.

Field names are translatable texts, so the message reads naturally in either language.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any, TypeVar

from inspector.errors import ValidationError
from inspector.i18n import Text, _

MAX_TEXT = 20_000
E = TypeVar("E", bound=StrEnum)


def text(value: Any, field: Text, *, required: bool = True, max_len: int = MAX_TEXT) -> str | None:
    """Return ``value`` trimmed and NFC-normalised; None for an empty optional value."""
    if value is None:
        cleaned = ""
    elif isinstance(value, str):
        cleaned = unicodedata.normalize("NFC", value).strip()
    else:
        raise ValidationError(_("{field} must be text.", field=field), field=field.msgid)
    if not cleaned:
        if required:
            raise ValidationError(_("{field} is required.", field=field), field=field.msgid)
        return None
    if len(cleaned) > max_len:
        raise ValidationError(
            _("{field} is too long (at most {max} characters).", field=field, max=max_len),
            field=field.msgid,
        )
    return cleaned


def required_text(value: Any, field: Text, *, max_len: int = MAX_TEXT) -> str:
    """Return a required text value, trimmed and normalised."""
    cleaned = text(value, field, required=True, max_len=max_len)
    assert cleaned is not None
    return cleaned


def choice(enum: type[E], value: Any, field: Text) -> E:
    """Return ``value`` as a member of ``enum``, accepting the member or its code."""
    if value is None or value == "":
        raise ValidationError(_("{field} is required.", field=field), field=field.msgid)
    try:
        return enum(value)
    except ValueError:
        codes = ", ".join(m.value for m in enum)
        raise ValidationError(
            _(
                "“{value}” is not a valid {field}; use one of: {codes}.",
                value=str(value),
                field=field,
                codes=codes,
            ),
            field=field.msgid,
        ) from None


def optional_choice(enum: type[E], value: Any, field: Text) -> E | None:
    """Like :func:`choice`, but None or an empty value gives None."""
    if value is None or value == "":
        return None
    return choice(enum, value, field)


def day(value: Any, field: Text, *, required: bool = True) -> date | None:
    """Return a date from a ``date``, ``YYYY-MM-DD`` or ``dd/mm/yyyy``; None if optional and empty."""
    if value is None or value == "":
        if required:
            raise ValidationError(_("{field} is required.", field=field), field=field.msgid)
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        raw = value.strip()
        for parse in (date.fromisoformat, lambda s: datetime.strptime(s, "%d/%m/%Y").date()):
            try:
                return parse(raw)
            except ValueError:
                continue
    raise ValidationError(
        _(
            "{field}: “{value}” is not a date; write it as dd/mm/yyyy.",
            field=field,
            value=str(value),
        ),
        field=field.msgid,
    )


def required_day(value: Any, field: Text) -> date:
    """Return a required date."""
    result = day(value, field, required=True)
    assert result is not None
    return result


def moment(value: Any, field: Text, *, required: bool = True) -> datetime | None:
    """Return an aware datetime; naive values and strings are taken as this computer's local time."""
    if value is None or value == "":
        if required:
            raise ValidationError(_("{field} is required.", field=field), field=field.msgid)
        return None
    if isinstance(value, str):
        try:
            value = _parse_moment(value.strip())
        except ValueError:
            raise ValidationError(
                _(
                    "{field}: “{value}” is not a date and time; write it as dd/mm/yyyy hh:mm.",
                    field=field,
                    value=value,
                ),
                field=field.msgid,
            ) from None
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, time(0, 0))
    if not isinstance(value, datetime):
        raise ValidationError(
            _("{field}: “{value}” is not a date and time.", field=field, value=str(value)),
            field=field.msgid,
        )
    return value if value.tzinfo else value.astimezone()


def _parse_moment(raw: str) -> datetime:
    """Parse ISO 8601, or dd/mm/yyyy hh:mm as people write it."""
    for fmt in ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y"):
        try:
            return datetime.strptime(raw, fmt)
        except ValueError:
            continue
    return datetime.fromisoformat(raw.replace("Z", "+00:00"))


def not_before(
    start: date | datetime, end: date | datetime, start_field: Text, end_field: Text
) -> None:
    """Refuse an ``end`` that comes before ``start``."""
    if end < start:
        raise ValidationError(
            _("{end} cannot be before {start}.", end=end_field, start=start_field),
            field=end_field.msgid,
        )


def flag(value: Any, field: Text) -> int:
    """Return a yes/no value as 0 or 1."""
    if isinstance(value, bool) or value in (0, 1):
        return int(value)
    raise ValidationError(_("{field} must be yes or no.", field=field), field=field.msgid)


def reject_unknown(changes: dict[str, Any], allowed: Iterable[str], what: Text) -> None:
    """Refuse changes to fields a record does not have (``what`` names the record)."""
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise ValidationError(
            _("{what} has no field {fields}.", what=what, fields=", ".join(unknown))
        )

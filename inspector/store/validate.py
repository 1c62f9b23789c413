# SPDX-License-Identifier: GPL-3.0-or-later
"""Input checks shared by the services. Each returns the clean value or raises ValidationError.

Field names are translatable texts, so the message reads naturally in either language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Any, TypeVar

from inspector.errors import ValidationError
from inspector.i18n import Text, _

MAX_TEXT = 20_000
FIRST_YEAR, LAST_YEAR = 1900, 2999  # dates and times the app takes (no overflow near year 9999)
E = TypeVar("E", bound=StrEnum)

# Characters no text may hold, typed or imported: controls (C0, DEL, C1), the line and paragraph
# separators, lone surrogates, and the invisible format characters (Unicode category Cf: soft
# hyphen, zero-width spaces and joiners, bidi marks, embeddings, overrides and isolates, the byte
# order mark, tags...), which hide or reorder what a reader sees. Free text keeps tab and new line.
_FORMAT = (  # in the Basic Multilingual Plane
    r"\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    r"\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
)
_ASTRAL_FORMAT = (  # beyond it: checked only in text that has such characters (emoji...)
    r"\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    r"\U000e0001\U000e0020-\U000e007f"
)
_UNSAFE_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff" + _FORMAT + "]")
_UNSAFE_IN_TEXT = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff" + _FORMAT + "]"
)
_UNSAFE_ASCII = {
    True: re.compile(r"[\x00-\x08\x0b-\x1f\x7f]"),
    False: re.compile(r"[\x00-\x1f\x7f]"),
}
_UNSAFE_ASTRAL = re.compile("[" + _ASTRAL_FORMAT + "]")


def unsafe_character(value: str, *, lines: bool) -> str | None:
    """Return a character ``value`` may not hold (None if none): a control or invisible
    formatting character; with ``lines`` False, a tab or a line break too.

    Quick: a plain ASCII text is searched for controls alone, and the few format characters
    beyond the Basic Multilingual Plane only in a text that has characters there.
    """
    if value.isascii():
        found = _UNSAFE_ASCII[lines].search(value)
        return None if found is None else found.group()
    found = (_UNSAFE_IN_TEXT if lines else _UNSAFE_IN_LINE).search(value)
    if found is None and len(value.encode("utf-16-le", "surrogatepass")) != 2 * len(value):
        found = _UNSAFE_ASTRAL.search(value)
    return None if found is None else found.group()


def show_unsafe(value: str) -> str:
    """``value`` with every control, tab, line break and invisible character shown as its code
    (``<U+202E>``), so that quoting it in a message cannot hide or reorder anything."""
    shown = _UNSAFE_IN_LINE.sub(_code, value)
    return _UNSAFE_ASTRAL.sub(_code, shown)


def _code(found: re.Match[str]) -> str:
    return f"<U+{ord(found.group()):04X}>"


def text(
    value: Any,
    field: Text,
    *,
    required: bool = True,
    max_len: int = MAX_TEXT,
    lines: bool | None = None,
) -> str | None:
    """Return ``value`` trimmed and NFC-normalised; None for an empty optional value.

    ``lines``: whether the text may run over several lines (keeping new lines and tabs); by
    default free text (``max_len`` of MAX_TEXT) may, and shorter text (a name, a code) is one
    line. Windows line ends become new lines. Control and invisible formatting characters are
    refused (see :func:`unsafe_character`).
    """
    if value is None:
        cleaned = ""
    elif isinstance(value, str):
        cleaned = unicodedata.normalize("NFC", value).replace("\r\n", "\n").strip()
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
    found = unsafe_character(cleaned, lines=max_len >= MAX_TEXT if lines is None else lines)
    if found is not None and found in "\n\t":
        raise ValidationError(
            _("{field} must fit on one line, without line breaks or tabs.", field=field),
            field=field.msgid,
        )
    if found is not None:
        raise ValidationError(
            _(
                "{field} contains an invisible or control character ({code}), which is not"
                " allowed; type the text again without it.",
                field=field,
                code=f"U+{ord(found):04X}",
            ),
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
        return _in_years(value.date(), value, field)
    if isinstance(value, date):
        return _in_years(value, value, field)
    if isinstance(value, str):
        raw = value.strip()
        for parse in (date.fromisoformat, lambda s: datetime.strptime(s, "%d/%m/%Y").date()):
            try:
                return _in_years(parse(raw), raw, field)
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
    try:
        aware = value if value.tzinfo else value.astimezone()
        _in_years(aware.astimezone(UTC), value, field)
    except (OverflowError, ValueError):  # year 1 or 9999 moved into another time zone
        _in_years(date.min, value, field)
    return aware


def _in_years(found: date, value: Any, field: Text) -> date:
    """Return ``found``, refusing a year outside FIRST_YEAR..LAST_YEAR (``value`` as typed)."""
    if FIRST_YEAR <= found.year <= LAST_YEAR:
        return found
    raise ValidationError(
        _(
            "{field}: “{value}” is outside the years {first} to {last}.",
            field=field,
            value=show_unsafe(str(value)[:40]),
            first=FIRST_YEAR,
            last=LAST_YEAR,
        ),
        field=field.msgid,
    )


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


_MONTH_DAY_TYPED = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})$")


def month_day(value: Any, field: Text) -> str | None:
    """Return a day of any year as stored, ``11-01``, from what people type: "1/11", "01/11"
    (day first, as Vietnamese write it); None for nothing."""
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    found = _MONTH_DAY_TYPED.fullmatch(text)
    day, month = (int(found[1]), int(found[2])) if found else (0, 0)
    try:
        date(2024, month, day)  # a leap year: 29/02 is a day of some year
    except ValueError:
        raise ValidationError(
            _(
                "{field}: “{value}” is not a day of the year; write it as dd/mm, e.g. 01/11.",
                field=field,
                value=text,
            ),
            field=field.msgid,
        ) from None
    return f"{month:02d}-{day:02d}"


_CLOCK_TYPED = re.compile(
    r"^(\d{1,2})\s*(?:(?:[:hg.]|giờ)\s*(\d{1,2})?)?\s*(?:phút|p)?$", re.IGNORECASE
)


def clock(value: Any, field: Text, *, required: bool = False) -> str | None:
    """Return a time of day as stored, ``07:30``, from what people type: "7:30", "07:30",
    "7h30", "7h", "7g30", "7.30", "7 giờ 30"; None for nothing (unless ``required``)."""
    text = "" if value is None else str(value).strip()
    if not text:
        if required:
            raise ValidationError(_("{field} is required.", field=field), field=field.msgid)
        return None
    found = _CLOCK_TYPED.fullmatch(text)
    hours, minutes = (int(found[1]), int(found[2] or 0)) if found else (99, 99)
    if hours > 23 or minutes > 59:
        raise ValidationError(
            _(
                "{field}: “{value}” is not a time of day; write it as 07:30.",
                field=field,
                value=text,
            ),
            field=field.msgid,
        )
    return f"{hours:02d}:{minutes:02d}"

# SPDX-License-Identifier: GPL-3.0-or-later
"""The kinds of rule a column's values keep (see :mod:`inspector.store.columns`, which gives each column
its rule), and the sentences that name what is wrong, each naming the table and the field.

Every check is quick and reads no database: regular expressions are compiled once, and a value
too long is refused before it is scanned.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from inspector.errors import ValidationError
from inspector.i18n import Text, _
from inspector.store import validate
from inspector.vocabulary import FIELD_LABELS, TABLE_LABELS

MAX_STROKE_POINTS = 20_000  # points of one handwritten signature
MAX_SIGNATURE = 1 << 20  # its strokes as JSON: 20,000 points of 4 decimals fit in 400 kB
MAX_CODES = 200  # codes in a JSON list (areas in scope, checking methods)
MAX_COUNT = 1_000_000  # positions and step numbers: small whole numbers
MAX_AMOUNT = 10**15 - 1  # an amount in đồng: below a million billion, exact in JSON and SQLite

ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_DIGEST = re.compile(r"[0-9a-f]{64}")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MOMENT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z")
_CLOCK = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]")
_MEDIA = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}"
)
MINUTES_FILE = re.compile(r"(" + ID.pattern + r")(?:-bo-sung-[0-9]{1,4})?\.pdf")
# What Windows refuses in a file name, and what would make one a path.
_NOT_IN_FILE_NAME = re.compile(r'[<>:"/\\|?*]')
_SLOT_FIELD = re.compile(r"ChuKy-[0-9a-f]{8}")


# The problems, each a sentence naming the table and the field. Each is a function so that the
# message is marked for translation where it is written.
def missing(table: Text, field: Any) -> Text:
    """An empty value where the column needs one."""
    return _("{table}: {field} is required.", table=table, field=field)


def _not_text(table: Text, field: Any, value: str) -> Text:
    return _("{table}: {field} must be text, not {value}.", table=table, field=field, value=value)


def too_long(table: Text, field: Any, length: int, max: int) -> Text:  # noqa: A002
    """A text longer than the column takes."""
    return _(
        "{table}: {field} is too long ({length} characters; at most {max}).",
        table=table,
        field=field,
        length=length,
        max=max,
    )


def _bad_character(table: Text, field: Any, code: str) -> Text:
    return _(
        "{table}: {field} contains an invisible or control character ({code}), which is not"
        " allowed.",
        table=table,
        field=field,
        code=code,
    )


def _not_one_line(table: Text, field: Any) -> Text:
    return _(
        "{table}: {field} must fit on one line, without line breaks or tabs.",
        table=table,
        field=field,
    )


def _not_a_code(table: Text, field: Any, value: str, codes: str) -> Text:
    return _(
        "{table}: {field} cannot be “{value}”; use one of: {codes}.",
        table=table,
        field=field,
        value=value,
        codes=codes,
    )


def _not_a_day(table: Text, field: Any, value: str) -> Text:
    return _(
        "{table}: {field} must be a date written YYYY-MM-DD, not “{value}”.",
        table=table,
        field=field,
        value=value,
    )


def _not_a_moment(table: Text, field: Any, value: str) -> Text:
    return _(
        "{table}: {field} must be a time in UTC written YYYY-MM-DDThh:mm:ss.ffffffZ, not"
        " “{value}”.",
        table=table,
        field=field,
        value=value,
    )


def _out_of_years(table: Text, field: Any, value: str) -> Text:
    return _(
        "{table}: {field} “{value}” is outside the years {first} to {last}.",
        table=table,
        field=field,
        value=value,
        first=validate.FIRST_YEAR,
        last=validate.LAST_YEAR,
    )


def _not_a_clock(table: Text, field: Any, value: str) -> Text:
    return _(
        "{table}: {field} must be a time of day written hh:mm, not “{value}”.",
        table=table,
        field=field,
        value=value,
    )


def _not_a_digest(table: Text, field: Any, value: str) -> Text:
    return _(
        "{table}: {field} must be a SHA-256 digest (64 lowercase hexadecimal digits), not"
        " “{value}”.",
        table=table,
        field=field,
        value=value,
    )


def _not_an_id(table: Text, field: Any, value: str) -> Text:
    return _(
        "{table}: {field} must be a record id (a UUID), not “{value}”.",
        table=table,
        field=field,
        value=value,
    )


def _not_whole(table: Text, field: Any, value: str, min: int, max: int) -> Text:  # noqa: A002
    return _(
        "{table}: {field} must be a whole number from {min} to {max}, not “{value}”.",
        table=table,
        field=field,
        value=value,
        min=min,
        max=max,
    )


def _not_a_flag(table: Text, field: Any, value: str) -> Text:
    return _(
        "{table}: {field} must be 0 (no) or 1 (yes), not “{value}”.",
        table=table,
        field=field,
        value=value,
    )


def _not_a_file_name(table: Text, field: Any, value: str) -> Text:
    return _(
        "{table}: {field} “{value}” is not a file name: it names a folder, or holds a character"
        ' Windows refuses in file names (< > : " / \\ | ? *).',
        table=table,
        field=field,
        value=value,
    )


def _not_a_media_type(table: Text, field: Any, value: str) -> Text:
    return _(
        "{table}: {field} “{value}” is not a media type such as image/png.",
        table=table,
        field=field,
        value=value,
    )


def not_a_minutes_file(table: Text, field: Any, value: str) -> Text:
    """A file name that is not the one the app gives signed minutes."""
    return _(
        "{table}: {field} “{value}” is not the name the app gives signed minutes.",
        table=table,
        field=field,
        value=value,
    )


def not_json(table: Text, field: Any) -> Text:
    """A JSON column that does not parse."""
    return _("{table}: {field} is damaged (it is not JSON).", table=table, field=field)


def _not_codes(table: Text, field: Any) -> Text:
    return _(
        "{table}: {field} is not a list of codes as the app writes it.", table=table, field=field
    )


def _not_a_signature(table: Text, field: Any, max: int) -> Text:  # noqa: A002
    return _(
        "{table}: {field} is not a signature as the app draws it (strokes of at most {max}"
        " points in all, each inside the signing box).",
        table=table,
        field=field,
        max=max,
    )


def _not_slots(table: Text, field: Any) -> Text:
    return _(
        "{table}: {field} is not the list of approval signatures the app writes.",
        table=table,
        field=field,
    )


def not_a_state(table: Text, field: Any) -> Text:
    """A sealed state not shaped as the app writes it."""
    return _(
        "{table}: {field} is not the record of a check as the app seals it.",
        table=table,
        field=field,
    )


def excess_disagrees(table: Text, field: Any, excess: int, expected: int) -> Text:
    """An amount over the norm that is not the amount spent less the norm."""
    return _(
        "{table}: {field} ({excess}) is not the amount spent less the norm ({expected}).",
        table=table,
        field=field,
        excess=excess,
        expected=expected,
    )


def bad_in_state(table: Text, field: Any, problem: Text) -> Text:
    """A sealed state holding a value its own column refuses (``problem`` says which)."""
    return _(
        "{table}: {field} holds a value that is not valid. {problem}",
        table=table,
        field=field,
        problem=problem,
    )


class Rule:
    """How one column's values must be: ``required`` refuses None (and blank text)."""

    __slots__ = ("required",)

    def __init__(self, *, required: bool = False) -> None:
        self.required = required

    def check(self, value: Any, table: str, column: str) -> None:
        """Raise ValidationError naming ``table`` and ``column`` if ``value`` breaks the rule."""
        if value is None:
            if self.required:
                raise error(table, column, missing)
            return
        self.check_value(value, table, column)

    def check_value(self, value: Any, table: str, column: str) -> None:
        """Check a value that is not None."""
        raise NotImplementedError


class Line(Rule):
    """Text on one line, of at most ``max_len`` characters."""

    __slots__ = ("max_len", "lines")

    def __init__(self, max_len: int, *, required: bool = False, lines: bool = False) -> None:
        super().__init__(required=required)
        self.max_len = max_len
        self.lines = lines

    def check_value(self, value: Any, table: str, column: str) -> None:
        if type(value) is not str:
            raise error(table, column, _not_text, value=shown(value))
        if len(value) > self.max_len:
            raise error(table, column, too_long, length=len(value), max=self.max_len)
        _check_characters(value, self.lines, table, column)
        if self.required and not value.strip():
            raise error(table, column, missing)


class Free(Line):
    """Free text: new lines and tabs allowed, at most ``max_len`` characters."""

    __slots__ = ()

    def __init__(self, max_len: int = validate.MAX_TEXT, *, required: bool = False) -> None:
        super().__init__(max_len, required=required, lines=True)


class Choice(Rule):
    """One code of a vocabulary (a StrEnum, or a few fixed words)."""

    __slots__ = ("codes", "shown")

    def __init__(
        self,
        codes: type[StrEnum] | Collection[str],
        *,
        required: bool = False,
        legacy: Collection[str] = (),
    ) -> None:
        super().__init__(required=required)
        listed = [str(c.value) if isinstance(c, StrEnum) else str(c) for c in codes]
        self.codes = frozenset(listed) | frozenset(legacy)
        self.shown = ", ".join(listed)

    def check_value(self, value: Any, table: str, column: str) -> None:
        if type(value) is not str or value not in self.codes:
            raise error(table, column, _not_a_code, value=shown(value), codes=self.shown)


class Pattern(Rule):
    """Text of one exact form (an id, a digest, a time of day...)."""

    __slots__ = ("pattern", "problem")

    def __init__(self, pattern: re.Pattern[str], problem: Any, *, required: bool = False) -> None:
        super().__init__(required=required)
        self.pattern = pattern
        self.problem = problem

    def check_value(self, value: Any, table: str, column: str) -> None:
        if type(value) is not str or len(value) > 300 or not self.pattern.fullmatch(value):
            raise error(table, column, self.problem, value=shown(value))


def Ref(*, required: bool = False) -> Pattern:  # noqa: N802 - reads as a rule, like the classes
    """A record id: a UUID in lowercase, as the app makes them."""
    return Pattern(ID, _not_an_id, required=required)


def Digest(*, required: bool = False) -> Pattern:  # noqa: N802
    """A SHA-256 digest: exactly 64 lowercase hexadecimal digits, never a path."""
    return Pattern(_DIGEST, _not_a_digest, required=required)


_MONTH_DAY = re.compile(r"(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])")


def _not_a_month_day(table: Text, field: Any, value: str) -> Text:
    return _(
        "{table}: {field} must be a day of the year written MM-DD, not “{value}”.",
        table=table,
        field=field,
        value=value,
    )


def MonthDay(*, required: bool = False) -> Pattern:  # noqa: N802
    """A day of any year, ``11-01``: when a season starts."""
    return Pattern(_MONTH_DAY, _not_a_month_day, required=required)


def Clock(*, required: bool = False) -> Pattern:  # noqa: N802
    """A local time of day, ``07:30``."""
    return Pattern(_CLOCK, _not_a_clock, required=required)


class Day(Rule):
    """A date as stored: ``YYYY-MM-DD``, a real day of the years the app counts."""

    __slots__ = ()

    def check_value(self, value: Any, table: str, column: str) -> None:
        if type(value) is not str or not _DAY.fullmatch(value):
            raise error(table, column, _not_a_day, value=shown(value))
        try:
            year = date.fromisoformat(value).year
        except ValueError:
            raise error(table, column, _not_a_day, value=shown(value)) from None
        _check_year(year, value, table, column)


class Moment(Rule):
    """A time as records write it (:func:`inspector.store.timefmt.now_utc`): UTC, microseconds, ``Z``."""

    __slots__ = ()

    def check_value(self, value: Any, table: str, column: str) -> None:
        if type(value) is not str or not _MOMENT.fullmatch(value):
            raise error(table, column, _not_a_moment, value=shown(value))
        try:
            year = datetime.fromisoformat(value[:-1]).year
        except ValueError:
            raise error(table, column, _not_a_moment, value=shown(value)) from None
        _check_year(year, value, table, column)


class Whole(Rule):
    """A whole number from ``low`` to ``high`` (never a boolean, a fraction, NaN or infinity)."""

    __slots__ = ("low", "high")

    def __init__(self, low: int, high: int, *, required: bool = False) -> None:
        super().__init__(required=required)
        self.low = low
        self.high = high

    def check_value(self, value: Any, table: str, column: str) -> None:
        if type(value) is not int or not self.low <= value <= self.high:
            raise error(
                table,
                column,
                _not_whole,
                value=shown(value),
                min=self.low,
                max=self.high,
            )


class Flag(Rule):
    """Yes or no, stored as 1 or 0."""

    __slots__ = ()

    def check_value(self, value: Any, table: str, column: str) -> None:
        if type(value) not in (int, bool) or value not in (0, 1):
            raise error(table, column, _not_a_flag, value=shown(value))


class FileName(Rule):
    """The name of a file, without any folder: it is shown, and used to name a copy."""

    __slots__ = ()
    _line = Line(255, required=True)

    def check_value(self, value: Any, table: str, column: str) -> None:
        self._line.check_value(value, table, column)
        if value.strip() in (".", "..") or _NOT_IN_FILE_NAME.search(value):
            raise error(table, column, _not_a_file_name, value=shown(value))


class MediaType(Rule):
    """A media type such as ``image/png``."""

    __slots__ = ()

    def check_value(self, value: Any, table: str, column: str) -> None:
        if type(value) is not str or not _MEDIA.fullmatch(value):
            raise error(table, column, _not_a_media_type, value=shown(value))


class Codes(Rule):
    """A JSON list of codes (checklist areas, checking methods), as the app writes it."""

    __slots__ = ("at_least",)

    def __init__(self, *, required: bool = False, at_least: int = 0) -> None:
        super().__init__(required=required)
        self.at_least = at_least

    def check_value(self, value: Any, table: str, column: str) -> None:
        codes = parse_json(value, MAX_CODES * 130, table, column)  # a code of 20 escaped letters
        ok = isinstance(codes, list) and self.at_least <= len(codes) <= MAX_CODES
        if not ok or not all(_is_code(c) for c in codes):
            raise error(table, column, _not_codes)


class Strokes(Rule):
    """A handwritten signature: strokes of (x, y) points inside the signing box, as JSON."""

    __slots__ = ()

    def check_value(self, value: Any, table: str, column: str) -> None:
        strokes = parse_json(value, MAX_SIGNATURE, table, column)
        if not _is_signature(strokes):
            raise error(table, column, _not_a_signature, max=MAX_STROKE_POINTS)


class Slots(Rule):
    """The approval signature fields of signed minutes: member's name → field name, as JSON."""

    __slots__ = ()

    def check_value(self, value: Any, table: str, column: str) -> None:
        slots = parse_json(value, 200_000, table, column)
        ok = isinstance(slots, dict) and len(slots) <= MAX_COUNT
        if not ok or not all(_is_line(k, 200) and _is_slot(f) for k, f in slots.items()):
            raise error(table, column, _not_slots)


class MinutesFile(Pattern):
    """The name the app gives signed minutes: the inspection's id, ``-bo-sung-N`` for a
    supplement, ``.pdf``. It names a file in the workspace's ``minutes`` folder."""

    __slots__ = ()

    def __init__(self, *, required: bool = False) -> None:
        super().__init__(MINUTES_FILE, not_a_minutes_file, required=required)


def error(table: str, column: str, make: Any, **params: Any) -> ValidationError:
    """The error in ``table.column`` whose sentence ``make`` (a function above) writes."""
    label = FIELD_LABELS.get(column, column)
    return ValidationError(make(TABLE_LABELS[table], label, **params), field=column)


def _check_characters(value: str, lines: bool, table: str, column: str) -> None:
    found = validate.unsafe_character(value, lines=lines)
    if found is None:
        return
    if found in "\n\t":
        raise error(table, column, _not_one_line)
    raise error(table, column, _bad_character, code=f"U+{ord(found):04X}")


def _check_year(year: int, value: str, table: str, column: str) -> None:
    if not validate.FIRST_YEAR <= year <= validate.LAST_YEAR:
        raise error(table, column, _out_of_years, value=shown(value))


def parse_json(value: Any, max_len: int, table: str, column: str) -> Any:
    """Parse a JSON column of at most ``max_len`` characters, with no unsafe character."""
    if type(value) is not str:
        raise error(table, column, _not_text, value=shown(value))
    if len(value) > max_len:
        raise error(table, column, too_long, length=len(value), max=max_len)
    _check_characters(value, True, table, column)
    try:
        return json.loads(value, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise error(table, column, not_json) from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def _is_line(value: Any, max_len: int) -> bool:
    return (
        type(value) is str
        and 0 < len(value) <= max_len
        and validate.unsafe_character(value, lines=False) is None
    )


def _is_code(value: Any) -> bool:
    return _is_line(value, 20)


def _is_slot(slot: Any) -> bool:
    """A member's signature field, or (minutes sealed before schema 4) the page and box of it."""
    if type(slot) is str:
        return _SLOT_FIELD.fullmatch(slot) is not None
    return (
        isinstance(slot, list)
        and len(slot) == 2
        and type(slot[0]) is int
        and 0 <= slot[0] <= MAX_COUNT
        and isinstance(slot[1], list)
        and len(slot[1]) == 4
        and all(type(c) in (int, float) and 0 <= c <= 10_000 for c in slot[1])
    )


def _is_signature(strokes: Any) -> bool:
    if not isinstance(strokes, list) or not strokes:
        return False
    points = 0
    for stroke in strokes:
        if not isinstance(stroke, list) or not stroke:
            return False
        points += len(stroke)
        if points > MAX_STROKE_POINTS:
            return False
        for point in stroke:
            if not isinstance(point, list) or len(point) != 2:
                return False
            for c in point:
                if type(c) not in (int, float) or not 0 <= c <= 1:  # NaN compares false
                    return False
    return points >= 2


def shown(value: Any) -> str:
    """A value as a message may quote it: short, and every unsafe character shown as its code."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > 40:
        text = text[:40] + "…"
    return validate.show_unsafe(text)

# SPDX-License-Identifier: GPL-3.0-or-later
"""The rules of every column of every record table: one validator for every way a value comes in.

A value typed on a screen passes the services' checks (:mod:`inspector.validate`); a value that
arrives in a package (an insert's values, an update's new value) passes :func:`check_value` and
:func:`check_row`, which hold it to the same limits: the type of the column, whether it may be
empty, its length, its vocabulary (:mod:`inspector.model`), the form in which the app writes dates,
times, digests, ids and JSON, and no control or invisible formatting character in any text (new
lines and tabs only in free text). A value no screen could have produced is refused with one
translated sentence naming the table and the field, so nothing later reads it as a path, renders
it for minutes, or fails on it with a traceback.

The rules are data: :data:`RULES` maps each table to each column's rule, one line a column. The
checks are quick (a few microseconds a value, regular expressions compiled once, no database
access), since a package may hold a hundred thousand changes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from inspector import validate
from inspector.db import RECORD_TABLES
from inspector.errors import ValidationError
from inspector.evidence_store import MAX_EVIDENCE_BYTES
from inspector.i18n import LANGUAGES, Text, _
from inspector.model import (
    FIELD_LABELS,
    TABLE_LABELS,
    Answer,
    AttendanceStatus,
    DecisionKind,
    EvidenceKind,
    FindingKind,
    Gender,
    InspectionStatus,
    ReasonCode,
    RecommendationStatus,
    RecommendationType,
    ResponsibilityLevel,
    Severity,
    SignatorySide,
    StaffType,
    StepRole,
    SubjectType,
    TeamRole,
    TraceObjectType,
    UnitLevel,
)

MAX_TEXT = validate.MAX_TEXT  # free text, as the services take it
MAX_DOCUMENT = 64 << 20  # the minutes' content and the sealed state of a (very) big check
MAX_STROKE_POINTS = 20_000  # points of one handwritten signature
MAX_SIGNATURE = 1 << 20  # its strokes as JSON: 20,000 points of 4 decimals fit in 400 kB
MAX_CODES = 200  # codes in a JSON list (areas in scope, checking methods)
MAX_USER = 200  # the name of who made a change
MAX_COUNT = 1_000_000  # positions and step numbers: small whole numbers
MAX_VERSION = 1 << 40  # a record's version counts its changes
MAX_DAYS = 3650  # a decision's duration in days
MAX_STEPS = 10_000  # the steps of one traced dossier
LINKABLE = ("findings", "attendance", "responses", "traces", "explanations", "recommendations")
MINUTES_KINDS = ("MAIN", "SUPPLEMENT")

_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_DIGEST = re.compile(r"[0-9a-f]{64}")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MOMENT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z")
_CLOCK = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]")
_MEDIA = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}"
)
_MINUTES_FILE = re.compile(r"(" + _ID.pattern + r")(?:-bo-sung-[0-9]{1,4})?\.pdf")
# What Windows refuses in a file name, and what would make one a path.
_NOT_IN_FILE_NAME = re.compile(r'[<>:"/\\|?*]')
_SLOT_FIELD = re.compile(r"ChuKy-[0-9a-f]{8}")


# The problems, each a sentence naming the table and the field. Each is a function so that the
# message is marked for translation where it is written.
def _missing(table: Text, field: Any) -> Text:
    return _("{table}: {field} is required.", table=table, field=field)


def _not_text(table: Text, field: Any, value: str) -> Text:
    return _("{table}: {field} must be text, not {value}.", table=table, field=field, value=value)


def _too_long(table: Text, field: Any, length: int, max: int) -> Text:  # noqa: A002
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


def _not_a_minutes_file(table: Text, field: Any, value: str) -> Text:
    return _(
        "{table}: {field} “{value}” is not the name the app gives signed minutes.",
        table=table,
        field=field,
        value=value,
    )


def _not_json(table: Text, field: Any) -> Text:
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


def _not_a_state(table: Text, field: Any) -> Text:
    return _(
        "{table}: {field} is not the record of a check as the app seals it.",
        table=table,
        field=field,
    )


def _bad_in_state(table: Text, field: Any, problem: Text) -> Text:
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
                raise _error(table, column, _missing)
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
            raise _error(table, column, _not_text, value=_shown(value))
        if len(value) > self.max_len:
            raise _error(table, column, _too_long, length=len(value), max=self.max_len)
        _check_characters(value, self.lines, table, column)
        if self.required and not value.strip():
            raise _error(table, column, _missing)


class Free(Line):
    """Free text: new lines and tabs allowed, at most ``max_len`` characters."""

    __slots__ = ()

    def __init__(self, max_len: int = MAX_TEXT, *, required: bool = False) -> None:
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
            raise _error(table, column, _not_a_code, value=_shown(value), codes=self.shown)


class Pattern(Rule):
    """Text of one exact form (an id, a digest, a time of day...)."""

    __slots__ = ("pattern", "problem")

    def __init__(self, pattern: re.Pattern[str], problem: Any, *, required: bool = False) -> None:
        super().__init__(required=required)
        self.pattern = pattern
        self.problem = problem

    def check_value(self, value: Any, table: str, column: str) -> None:
        if type(value) is not str or len(value) > 300 or not self.pattern.fullmatch(value):
            raise _error(table, column, self.problem, value=_shown(value))


def Ref(*, required: bool = False) -> Pattern:  # noqa: N802 - reads as a rule, like the classes
    """A record id: a UUID in lowercase, as the app makes them."""
    return Pattern(_ID, _not_an_id, required=required)


def Digest(*, required: bool = False) -> Pattern:  # noqa: N802
    """A SHA-256 digest: exactly 64 lowercase hexadecimal digits, never a path."""
    return Pattern(_DIGEST, _not_a_digest, required=required)


def Clock(*, required: bool = False) -> Pattern:  # noqa: N802
    """A local time of day, ``07:30``."""
    return Pattern(_CLOCK, _not_a_clock, required=required)


class Day(Rule):
    """A date as stored: ``YYYY-MM-DD``, a real day of the years the app counts."""

    __slots__ = ()

    def check_value(self, value: Any, table: str, column: str) -> None:
        if type(value) is not str or not _DAY.fullmatch(value):
            raise _error(table, column, _not_a_day, value=_shown(value))
        try:
            year = date.fromisoformat(value).year
        except ValueError:
            raise _error(table, column, _not_a_day, value=_shown(value)) from None
        _check_year(year, value, table, column)


class Moment(Rule):
    """A time as records write it (:func:`inspector.records.now_utc`): UTC, microseconds, ``Z``."""

    __slots__ = ()

    def check_value(self, value: Any, table: str, column: str) -> None:
        if type(value) is not str or not _MOMENT.fullmatch(value):
            raise _error(table, column, _not_a_moment, value=_shown(value))
        try:
            year = datetime.fromisoformat(value[:-1]).year
        except ValueError:
            raise _error(table, column, _not_a_moment, value=_shown(value)) from None
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
            raise _error(
                table,
                column,
                _not_whole,
                value=_shown(value),
                min=self.low,
                max=self.high,
            )


class Flag(Rule):
    """Yes or no, stored as 1 or 0."""

    __slots__ = ()

    def check_value(self, value: Any, table: str, column: str) -> None:
        if type(value) not in (int, bool) or value not in (0, 1):
            raise _error(table, column, _not_a_flag, value=_shown(value))


class FileName(Rule):
    """The name of a file, without any folder: it is shown, and used to name a copy."""

    __slots__ = ()
    _line = Line(255, required=True)

    def check_value(self, value: Any, table: str, column: str) -> None:
        self._line.check_value(value, table, column)
        if value.strip() in (".", "..") or _NOT_IN_FILE_NAME.search(value):
            raise _error(table, column, _not_a_file_name, value=_shown(value))


class MediaType(Rule):
    """A media type such as ``image/png``."""

    __slots__ = ()

    def check_value(self, value: Any, table: str, column: str) -> None:
        if type(value) is not str or not _MEDIA.fullmatch(value):
            raise _error(table, column, _not_a_media_type, value=_shown(value))


class Codes(Rule):
    """A JSON list of codes (checklist areas, checking methods), as the app writes it."""

    __slots__ = ("at_least",)

    def __init__(self, *, required: bool = False, at_least: int = 0) -> None:
        super().__init__(required=required)
        self.at_least = at_least

    def check_value(self, value: Any, table: str, column: str) -> None:
        codes = _json(value, MAX_CODES * 130, table, column)  # a code of 20 escaped letters
        ok = isinstance(codes, list) and self.at_least <= len(codes) <= MAX_CODES
        if not ok or not all(_is_code(c) for c in codes):
            raise _error(table, column, _not_codes)


class Strokes(Rule):
    """A handwritten signature: strokes of (x, y) points inside the signing box, as JSON."""

    __slots__ = ()

    def check_value(self, value: Any, table: str, column: str) -> None:
        strokes = _json(value, MAX_SIGNATURE, table, column)
        if not _is_signature(strokes):
            raise _error(table, column, _not_a_signature, max=MAX_STROKE_POINTS)


class Slots(Rule):
    """The approval signature fields of signed minutes: member's name → field name, as JSON."""

    __slots__ = ()

    def check_value(self, value: Any, table: str, column: str) -> None:
        slots = _json(value, 200_000, table, column)
        ok = isinstance(slots, dict) and len(slots) <= MAX_COUNT
        if not ok or not all(_is_line(k, 200) and _is_slot(f) for k, f in slots.items()):
            raise _error(table, column, _not_slots)


class MinutesFile(Pattern):
    """The name the app gives signed minutes: the inspection's id, ``-bo-sung-N`` for a
    supplement, ``.pdf``. It names a file in the workspace's ``minutes`` folder."""

    __slots__ = ()

    def __init__(self, *, required: bool = False) -> None:
        super().__init__(_MINUTES_FILE, _not_a_minutes_file, required=required)


class SealedState(Rule):
    """What signed minutes fix: table → record id → field → value, as canonical JSON; each value
    holds to its own column's rule."""

    __slots__ = ()

    def check_value(self, value: Any, table: str, column: str) -> None:
        state = _json(value, MAX_DOCUMENT, table, column)
        if not isinstance(state, dict):
            raise _error(table, column, _not_a_state)
        for name, rows in state.items():
            rules = RULES.get(name) if type(name) is str else None
            if rules is None or not isinstance(rows, dict):
                raise _error(table, column, _not_a_state)
            for record_id, fields in rows.items():
                if type(record_id) is not str or not _ID.fullmatch(record_id):
                    raise _error(table, column, _not_a_state)
                if not isinstance(fields, dict):
                    raise _error(table, column, _not_a_state)
                for field, item in fields.items():
                    rule = rules.get(field) if type(field) is str else None
                    if rule is None:
                        raise _error(table, column, _not_a_state)
                    try:
                        rule.check(item, name, field)
                    except ValidationError as exc:
                        raise _error(table, column, _bad_in_state, problem=exc.text) from exc


def _user(*, required: bool = False) -> Line:
    """Who did something: the name of a workspace's user."""
    return Line(MAX_USER, required=required)


# Columns every record table has (see db.RECORD_COLUMNS).
META: dict[str, Rule] = {
    "id": Ref(required=True),
    "created_at": Moment(required=True),
    "updated_at": Moment(required=True),
    "changed_by": _user(required=True),
    "device_id": Ref(required=True),
    "version": Whole(1, MAX_VERSION, required=True),
    "deleted": Flag(required=True),
}
R = True  # required: NOT NULL in the table, and never blank

# The rule of each column of each record table, the limits the services hold typed values to.
OWN: dict[str, dict[str, Rule]] = {
    "org_units": {
        "code": Line(50),
        "admin_unit_code": Line(50),
        "name": Line(300, required=R),
        "name_short": Line(100),
        "level": Choice(UnitLevel, required=R),
        "parent_id": Ref(),
        "superior_for_header": Line(300),
        "address": Line(500),
        "place_name": Line(100),
        "am_start": Clock(),
        "am_end": Clock(),
        "pm_start": Clock(),
        "pm_end": Clock(),
        "valid_from": Day(),
        "valid_to": Day(),
    },
    "org_unit_predecessors": {
        "unit_id": Ref(required=R),
        "predecessor_id": Ref(required=R),
    },
    "people": {
        "full_name": Line(200, required=R),
        "gender": Choice(Gender, legacy=("Nam", "Nữ")),  # older records hold the words
        "date_of_birth": Day(),
        "staff_type": Choice(StaffType),
        "position": Line(200),
        "job_position": Line(200),
        "grade": Line(100),
        "unit_id": Ref(),
        "badge_no": Line(50),
        "phone": Line(50),
        "active_from": Day(),
        "active_to": Day(),
    },
    "checklist_templates": {
        "code": Line(50, required=R),
        "template_version": Whole(1, MAX_COUNT, required=R),
        "title_vi": Line(500, required=R),
        "title_en": Line(500, required=R),
        "valid_from": Day(),
    },
    "checklist_areas": {
        "template_id": Ref(required=R),
        "code": Line(20, required=R),
        "title_vi": Line(500, required=R),
        "title_en": Line(500, required=R),
        "position": Whole(0, MAX_COUNT, required=R),
    },
    "checklist_items": {
        "template_id": Ref(required=R),
        "area_code": Line(20, required=R),
        "code": Line(20, required=R),
        "text_vi": Free(required=R),
        "text_en": Free(required=R),
        "methods": Codes(required=R),
        "how_vi": Free(required=R),
        "how_en": Free(required=R),
        "legal_basis": Free(required=R),
        "default_severity": Choice(Severity, required=R),
        "position": Whole(0, MAX_COUNT, required=R),
    },
    "decisions": {
        "number_symbol": Line(100, required=R),
        "number_is_official": Flag(required=R),
        "signed_on": Day(required=R),
        "signer_name": Line(200, required=R),
        "signer_title": Line(200),
        "issuer_unit_id": Ref(),
        "legal_basis": Free(required=R),
        "kind": Choice(DecisionKind, required=R),
        "unannounced": Flag(required=R),
        "purpose": Free(),
        "period_from": Day(),
        "period_to": Day(),
        "duration_days": Whole(1, MAX_DAYS),
    },
    "inspections": {
        "decision_id": Ref(required=R),
        "unit_id": Ref(required=R),
        "template_id": Ref(required=R),
        "areas": Codes(required=R, at_least=1),
        "status": Choice(InspectionStatus, required=R),
        "location": Line(300),
        "arrived_at": Moment(),
        "announced_at": Moment(),
        "ended_at": Moment(),
    },
    "team_members": {
        "inspection_id": Ref(required=R),
        "person_id": Ref(required=R),
        "role": Choice(TeamRole, required=R),
        "assigned_areas": Codes(required=R),
        "coi_declared": Flag(required=R),
        "coi_note": Free(),
    },
    "attendance": {
        "inspection_id": Ref(required=R),
        "person_id": Ref(required=R),
        "status": Choice(AttendanceStatus, required=R),
        "reason_code": Choice(ReasonCode),
        "checked_at": Moment(required=R),
        "arrived_at": Moment(),
        "note": Free(),
    },
    "responses": {
        "inspection_id": Ref(required=R),
        "item_id": Ref(required=R),
        "answer": Choice(Answer, required=R),
        "note": Free(),
        "answered_by": _user(),
        "answered_at": Moment(required=R),
    },
    "findings": {
        "inspection_id": Ref(required=R),
        "item_id": Ref(),
        "area_code": Line(20),
        "kind": Choice(FindingKind, required=R),
        "title": Line(500, required=R),
        "description": Free(),
        "severity": Choice(Severity, required=R),
        "legal_basis": Free(),
    },
    "responsibilities": {
        "finding_id": Ref(required=R),
        "subject_type": Choice(SubjectType, required=R),
        "unit_id": Ref(),
        "person_id": Ref(),
        "level": Choice(ResponsibilityLevel, required=R),
        "step_no": Whole(1, MAX_STEPS),
        "note": Free(),
    },
    "recommendations": {
        "inspection_id": Ref(required=R),
        "finding_id": Ref(),
        "type": Choice(RecommendationType, required=R),
        "text": Free(required=R),
        "target_unit_id": Ref(),
        "target_person_id": Ref(),
        "owner_unit_id": Ref(),
        "deadline": Day(),
        "status": Choice(RecommendationStatus, required=R),
        "status_note": Free(),
    },
    "explanations": {
        "inspection_id": Ref(required=R),
        "finding_id": Ref(),
        "person_id": Ref(),
        "given_by": Line(300, required=R),
        "text": Free(required=R),
        "given_at": Moment(required=R),
    },
    "traces": {
        "inspection_id": Ref(required=R),
        "finding_id": Ref(),
        "object_type": Choice(TraceObjectType, required=R),
        "object_ref": Line(100, required=R),
        "procedure_code": Line(50),
        "title": Line(500),
    },
    "trace_steps": {
        "trace_id": Ref(required=R),
        "step_no": Whole(1, MAX_STEPS, required=R),
        "step_name": Line(200, required=R),
        "person_id": Ref(),
        "unit_id": Ref(),
        "role": Choice(StepRole),
        "received_on": Day(required=R),
        "due_on": Day(required=R),
        "done_on": Day(),
        "apology_slip": Flag(required=R),
    },
    "evidence": {
        "inspection_id": Ref(required=R),
        "sha256": Digest(required=R),
        "size": Whole(0, MAX_EVIDENCE_BYTES, required=R),
        "file_name": FileName(required=R),
        "media_type": MediaType(required=R),
        "kind": Choice(EvidenceKind, required=R),
        "caption": Line(1000),
        "captured_at": Moment(),
        "captured_by": _user(),
        "confirmed_by_unit": Flag(required=R),
    },
    "evidence_links": {
        "evidence_id": Ref(required=R),
        "target_table": Choice(LINKABLE, required=R),
        "target_id": Ref(required=R),
    },
    "signatories": {
        "inspection_id": Ref(required=R),
        "person_id": Ref(),
        "name": Line(200, required=R),
        "title": Line(200),
        "side": Choice(SignatorySide, required=R),
        "position": Whole(0, MAX_COUNT, required=R),
        "strokes": Strokes(),
        "signed_at": Moment(),
        "refusal_reason": Line(1000),
        "refusal_witness": Line(200),
    },
    "minutes": {
        "inspection_id": Ref(required=R),
        "kind": Choice(MINUTES_KINDS, required=R),
        "supplements_id": Ref(),
        "number": Line(100),
        "lang": Choice(LANGUAGES, required=R),
        "record_digest": Digest(required=R),
        "pdf_sha256": Digest(required=R),
        "file_name": MinutesFile(required=R),
        "signed_by": Line(200, required=R),
        "sealed_at": Moment(required=R),
        "body": Free(MAX_DOCUMENT),
        "slots": Slots(),
        "sealed_state": SealedState(),
    },
}

# Every column of every record table: the bookkeeping columns, then the table's own.
RULES: dict[str, dict[str, Rule]] = {table: {**META, **OWN[table]} for table in RECORD_TABLES}

# Columns an insert must give: NOT NULL without a default (the bookkeeping ones are the app's).
_DEFAULTED = {
    "decisions": {"number_is_official", "unannounced"},
    "team_members": {"assigned_areas", "coi_declared"},
    "trace_steps": {"apology_slip"},
    "evidence": {"confirmed_by_unit"},
}
REQUIRED: dict[str, tuple[str, ...]] = {
    table: tuple(
        c for c, rule in OWN[table].items() if rule.required and c not in _DEFAULTED.get(table, ())
    )
    for table in RECORD_TABLES
}


def check_value(table: str, column: str, value: Any) -> None:
    """Refuse a value that no screen of the app could have written to ``table.column``.

    Quick (no database access): call it for every value of every change of a package.

    Raises:
        ValidationError: an unknown table or column, or a value that breaks the column's rule; one
            translated sentence names the table, the field and the problem (``field`` is the
            column).
    """
    rule = _rules(table).get(column)
    if rule is None:
        raise _unknown_field(table, column)
    rule.check(value, table, column)


def check_row(table: str, values: Mapping[str, Any]) -> None:
    """Refuse a record (a whole row, or an insert's values) that breaks a rule of its table.

    Every column given is checked as :func:`check_value` does; the columns the table needs are
    required (the bookkeeping columns only if given); supplementary minutes hold typed text.

    Raises:
        ValidationError: as :func:`check_value`, for the first column in error.
    """
    rules = _rules(table)
    if not isinstance(values, Mapping):
        raise ValidationError(
            _(
                "{table}: the record is damaged (it is not a set of fields).",
                table=TABLE_LABELS[table],
            )
        )
    for column, value in values.items():
        rule = rules.get(column)
        if rule is None:
            raise _unknown_field(table, column)
        rule.check(value, table, column)
    for column in REQUIRED[table]:
        if column not in values:
            raise _error(table, column, _missing)
    if table == "minutes":
        _check_minutes(values)


def _check_minutes(values: Mapping[str, Any]) -> None:
    """Minutes whose file is named for their own inspection and kind (the name is a path in the
    ``minutes`` folder); a supplement's text as typed, the main minutes' content as JSON."""
    kind, body, name = values.get("kind"), values.get("body"), values.get("file_name")
    if name is not None:
        found = _MINUTES_FILE.fullmatch(name)
        iid = values.get("inspection_id")
        if (
            found is None
            or (iid is not None and found.group(1) != iid)
            or (kind is not None and (kind == "SUPPLEMENT") != ("-bo-sung-" in name))
        ):
            raise _error("minutes", "file_name", _not_a_minutes_file, value=_shown(name))
    if kind == "SUPPLEMENT" and isinstance(body, str) and len(body) > MAX_TEXT:
        raise _error("minutes", "body", _too_long, length=len(body), max=MAX_TEXT)
    if kind == "MAIN" and isinstance(body, str):
        content = _json(body, MAX_DOCUMENT, "minutes", "body")
        if not isinstance(content, dict):
            raise _error("minutes", "body", _not_json)


def _rules(table: str) -> dict[str, Rule]:
    rules = RULES.get(table) if type(table) is str else None
    if rules is None:
        raise ValidationError(_("“{table}” is not a kind of record.", table=_shown(table)))
    return rules


def _unknown_field(table: str, column: Any) -> ValidationError:
    return ValidationError(
        _("{table} has no field “{field}”.", table=TABLE_LABELS[table], field=_shown(column)),
        field=str(column)[:100],
    )


def _error(table: str, column: str, make: Any, **params: Any) -> ValidationError:
    """The error in ``table.column`` whose sentence ``make`` (a function above) writes."""
    label = FIELD_LABELS.get(column, column)
    return ValidationError(make(TABLE_LABELS[table], label, **params), field=column)


def _check_characters(value: str, lines: bool, table: str, column: str) -> None:
    found = validate.unsafe_character(value, lines=lines)
    if found is None:
        return
    if found in "\n\t":
        raise _error(table, column, _not_one_line)
    raise _error(table, column, _bad_character, code=f"U+{ord(found):04X}")


def _check_year(year: int, value: str, table: str, column: str) -> None:
    if not validate.FIRST_YEAR <= year <= validate.LAST_YEAR:
        raise _error(table, column, _out_of_years, value=_shown(value))


def _json(value: Any, max_len: int, table: str, column: str) -> Any:
    """Parse a JSON column of at most ``max_len`` characters, with no unsafe character."""
    if type(value) is not str:
        raise _error(table, column, _not_text, value=_shown(value))
    if len(value) > max_len:
        raise _error(table, column, _too_long, length=len(value), max=max_len)
    _check_characters(value, True, table, column)
    try:
        return json.loads(value, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise _error(table, column, _not_json) from None


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


def _shown(value: Any) -> str:
    """A value as a message may quote it: short, and every unsafe character shown as its code."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > 40:
        text = text[:40] + "…"
    return validate.show_unsafe(text)

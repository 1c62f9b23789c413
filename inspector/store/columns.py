# SPDX-License-Identifier: GPL-3.0-or-later
"""The rules of every column of every record table: one validator for every way a value comes in.

A value typed on a screen passes the services' checks (:mod:`inspector.store.validate`); a value that
arrives in a package (an insert's values, an update's new value) passes :func:`check_value` and
:func:`check_row`, which hold it to the same limits: the type of the column, whether it may be
empty, its length, its vocabulary (:mod:`inspector.vocabulary`), the form in which the app writes dates,
times, digests, ids and JSON, and no control or invisible formatting character in any text (new
lines and tabs only in free text). A value no screen could have produced is refused with one
translated sentence naming the table and the field, so nothing later reads it as a path, renders
it for minutes, or fails on it with a traceback.

The rules are data: :data:`RULES` maps each table to each column's rule, one line a column. The
checks are quick (a few microseconds a value, regular expressions compiled once, no database
access), since a package may hold a hundred thousand changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from inspector.errors import ValidationError
from inspector.i18n import LANGUAGES, _
from inspector.store import validate
from inspector.store.column_rules import (
    ID,
    MAX_AMOUNT,
    MAX_COUNT,
    MAX_STROKE_POINTS,
    MINUTES_FILE,
    Choice,
    Clock,
    Codes,
    Day,
    Digest,
    FileName,
    Flag,
    Free,
    Line,
    MediaType,
    MinutesFile,
    Moment,
    MonthDay,
    Ref,
    Rule,
    Slots,
    Strokes,
    Whole,
    bad_in_state,
    error,
    excess_disagrees,
    missing,
    not_a_minutes_file,
    not_a_state,
    not_json,
    parse_json,
    shown,
    too_long,
)
from inspector.store.db import RECORD_TABLES
from inspector.store.evidence_store import MAX_EVIDENCE_BYTES
from inspector.vocabulary import (
    TABLE_LABELS,
    Answer,
    AttendanceStatus,
    DecisionKind,
    EvidenceKind,
    FindingKind,
    Gender,
    InspectionStatus,
    ItemKind,
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

__all__ = ["MAX_STROKE_POINTS", "RULES", "check_change", "check_row", "check_value"]

MAX_TEXT = validate.MAX_TEXT  # free text, as the services take it
MAX_DOCUMENT = 64 << 20  # the minutes' content and the sealed state of a (very) big check
MAX_USER = 200  # the name of who made a change
MAX_VERSION = 1 << 40  # a record's version counts its changes
MAX_DAYS = 3650  # a decision's duration in days
MAX_STEPS = 10_000  # the steps of one traced dossier
LINKABLE = ("findings", "attendance", "responses", "traces", "explanations", "recommendations")
MINUTES_KINDS = ("MAIN", "SUPPLEMENT")


class SealedState(Rule):
    """What signed minutes fix: table → record id → field → value, as canonical JSON; each value
    holds to its own column's rule."""

    __slots__ = ()

    def check_value(self, value: Any, table: str, column: str) -> None:
        state = parse_json(value, MAX_DOCUMENT, table, column)
        if not isinstance(state, dict):
            raise error(table, column, not_a_state)
        for name, rows in state.items():
            rules = RULES.get(name) if type(name) is str else None
            if rules is None or not isinstance(rows, dict):
                raise error(table, column, not_a_state)
            for record_id, fields in rows.items():
                if type(record_id) is not str or not ID.fullmatch(record_id):
                    raise error(table, column, not_a_state)
                if not isinstance(fields, dict):
                    raise error(table, column, not_a_state)
                for field, item in fields.items():
                    rule = rules.get(field) if type(field) is str else None
                    if rule is None:
                        raise error(table, column, not_a_state)
                    try:
                        rule.check(item, name, field)
                    except ValidationError as exc:
                        raise error(table, column, bad_in_state, problem=exc.text) from exc


def _user(*, required: bool = False) -> Line:
    """Who did something: the name of a workspace's user."""
    return Line(MAX_USER, required=required)


# Columns every record table has (see migrations.RECORD_COLUMNS).
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
        "winter_from": MonthDay(),  # the winter hours' season, "11-01" to "03-31"
        "winter_to": MonthDay(),
        "winter_am_start": Clock(),
        "winter_am_end": Clock(),
        "winter_pm_start": Clock(),
        "winter_pm_end": Clock(),
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
        "violation_vi": Line(500),  # a finding's title, as a failure of the item is written
        "violation_en": Line(500),
        "kind": Choice(ItemKind, required=R),
        "money": Flag(required=R),
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
        "follows_id": Ref(),
        "items": Codes(at_least=1),
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
        "amount_norm": Whole(0, MAX_AMOUNT),  # whole đồng
        "amount_actual": Whole(0, MAX_AMOUNT),
        "amount_excess": Whole(0, MAX_AMOUNT),
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
        "pay_to": Free(),
        "follow_up_by": Ref(),
        "report": Free(),
        "extended_to": Day(),
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
    "follow_up_files": {
        "recommendation_id": Ref(required=R),
        "sha256": Digest(required=R),
        "size": Whole(0, MAX_EVIDENCE_BYTES, required=R),
        "file_name": FileName(required=R),
        "media_type": MediaType(required=R),
        "caption": Line(1000),
    },
}

# Every column of every record table: the bookkeeping columns, then the table's own.
RULES: dict[str, dict[str, Rule]] = {table: {**META, **OWN[table]} for table in RECORD_TABLES}

# Columns an insert must give: NOT NULL without a default (the bookkeeping ones are the app's).
_DEFAULTED = {
    "checklist_items": {"kind", "money"},  # items of templates older than schema 6
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
            raise error(table, column, missing)
    if table == "minutes":
        _check_minutes(values)
    elif table == "findings":
        _check_amounts(values)


def check_change(table: str, op: str, field: str | None, value: Any) -> None:
    """Refuse a change-log entry whose value no screen could have written: an insert's values
    (:func:`check_row`), an update's new value of its field, a deletion's tombstone.

    Raises:
        ValidationError: as :func:`check_value`; an operation other than insert, update or delete.
    """
    if op == "insert":
        check_row(table, value)
    elif op == "update" and field is not None:
        check_value(table, field, value)
    elif op == "delete":
        check_value(table, field or "deleted", value)
    else:
        raise ValidationError(
            _(
                "{table}: a change “{op}” is not one the app makes.",
                table=_label(table),
                op=shown(op),
            )
        )


def _check_minutes(values: Mapping[str, Any]) -> None:
    """Minutes whose file is named for their own inspection and kind (the name is a path in the
    ``minutes`` folder); a supplement's text as typed, the main minutes' content as JSON."""
    kind, body, name = values.get("kind"), values.get("body"), values.get("file_name")
    if name is not None:
        found = MINUTES_FILE.fullmatch(name)
        iid = values.get("inspection_id")
        if (
            found is None
            or (iid is not None and found.group(1) != iid)
            or (kind is not None and (kind == "SUPPLEMENT") != ("-bo-sung-" in name))
        ):
            raise error("minutes", "file_name", not_a_minutes_file, value=shown(name))
    if kind == "SUPPLEMENT" and isinstance(body, str) and len(body) > MAX_TEXT:
        raise error("minutes", "body", too_long, length=len(body), max=MAX_TEXT)
    if kind == "MAIN" and isinstance(body, str):
        content = parse_json(body, MAX_DOCUMENT, "minutes", "body")
        if not isinstance(content, dict):
            raise error("minutes", "body", not_json)


def _check_amounts(values: Mapping[str, Any]) -> None:
    """A finding's excess over the norm is what was spent beyond it, when both are given."""
    norm, actual = values.get("amount_norm"), values.get("amount_actual")
    excess = values.get("amount_excess")
    if norm is not None and actual is not None and excess is not None:
        if excess != max(actual - norm, 0):
            raise error("findings", "amount_excess", excess_disagrees, excess=excess,
                        expected=max(actual - norm, 0))  # fmt: skip


def _label(table: str) -> Any:
    """The name of a record table for people (the table checked first)."""
    _rules(table)
    return TABLE_LABELS[table]


def _rules(table: str) -> dict[str, Rule]:
    rules = RULES.get(table) if type(table) is str else None
    if rules is None:
        raise ValidationError(_("“{table}” is not a kind of record.", table=shown(table)))
    return rules


def _unknown_field(table: str, column: Any) -> ValidationError:
    return ValidationError(
        _("{table} has no field “{field}”.", table=TABLE_LABELS[table], field=shown(column)),
        field=str(column)[:100],
    )

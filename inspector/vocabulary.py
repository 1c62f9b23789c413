# SPDX-License-Identifier: GPL-3.0-or-later
"""The domain's vocabularies: every coded value a record can hold, with its label in both languages.

Codes are stored in the database; labels are shown. Codes follow reference/domain.md §§4.3, 6.2–6.4.
"""

from __future__ import annotations

from enum import StrEnum

from inspector.i18n import Text, _


class UnitLevel(StrEnum):
    """Level of an organisational unit in the VSS hierarchy."""

    CENTRAL = "CENTRAL"
    PROVINCIAL = "PROVINCIAL"
    GRASSROOTS = "GRASSROOTS"
    DEPARTMENT = "DEPARTMENT"
    ONE_STOP_DESK = "ONE_STOP_DESK"
    SERVICE_POINT = "SERVICE_POINT"


class StaffType(StrEnum):
    """Employment type of a person."""

    CIVIL_SERVANT = "CIVIL_SERVANT"
    PUBLIC_EMPLOYEE = "PUBLIC_EMPLOYEE"
    CONTRACT = "CONTRACT"


class Gender(StrEnum):
    """Gender of a person, for the form of address in the minutes (Ông, Bà)."""

    MALE = "MALE"
    FEMALE = "FEMALE"


class DecisionKind(StrEnum):
    """Kind of inspection decision."""

    PERIODIC = "PERIODIC"
    SURPRISE = "SURPRISE"
    THEMATIC = "THEMATIC"


class TeamRole(StrEnum):
    """Role of a member of the inspection team."""

    LEADER = "LEADER"
    DEPUTY = "DEPUTY"
    MEMBER = "MEMBER"
    SECRETARY = "SECRETARY"
    MONITOR = "MONITOR"


class InspectionStatus(StrEnum):
    """Where an inspection (the visit to one unit) stands."""

    DRAFT = "DRAFT"
    IN_PROGRESS = "IN_PROGRESS"
    ENDED = "ENDED"
    SIGNED = "SIGNED"


class AttendanceStatus(StrEnum):
    """Roll-call mark of one staff member."""

    PRESENT = "PRESENT"
    LATE = "LATE"
    ABSENT_WITH_REASON = "ABSENT_WITH_REASON"
    ABSENT_WITHOUT_REASON = "ABSENT_WITHOUT_REASON"
    ON_LEAVE = "ON_LEAVE"
    BUSINESS_TRIP = "BUSINESS_TRIP"


class ReasonCode(StrEnum):
    """Timesheet reason codes (Bảng chấm công), domain.md §4.3."""

    P = "P"
    O = "Ô"  # noqa: E741 - the timesheet's own symbol
    CO = "Cô"
    TS = "TS"
    T = "T"
    H = "H"
    CT = "CT"
    NB = "NB"
    KL = "KL"
    OTHER = "KHAC"


class Answer(StrEnum):
    """Answer to a checklist item: a duty complies or not; a praise item's good practice is
    observed or not (never a violation)."""

    COMPLIES = "COMPLIES"
    NOT_COMPLY = "NOT_COMPLY"
    NOT_APPLICABLE = "NOT_APPLICABLE"
    NOT_CHECKED = "NOT_CHECKED"
    OBSERVED = "OBSERVED"
    NOT_OBSERVED = "NOT_OBSERVED"


class ItemKind(StrEnum):
    """What a checklist item asks: a duty the unit complies with or not, or good practice the
    team observes or not (a positive finding, praise)."""

    DUTY = "DUTY"
    PRAISE = "PRAISE"


# The answers each kind of item takes, in the order their keys 1–4 give them.
ANSWERS_OF: dict[ItemKind, tuple[Answer, ...]] = {
    ItemKind.DUTY: (
        Answer.COMPLIES,
        Answer.NOT_COMPLY,
        Answer.NOT_APPLICABLE,
        Answer.NOT_CHECKED,
    ),
    ItemKind.PRAISE: (
        Answer.OBSERVED,
        Answer.NOT_OBSERVED,
        Answer.NOT_APPLICABLE,
        Answer.NOT_CHECKED,
    ),
}


class FindingKind(StrEnum):
    """Kind of finding."""

    GOOD_PRACTICE = "GOOD_PRACTICE"
    SHORTCOMING = "SHORTCOMING"
    VIOLATION = "VIOLATION"
    REFERRAL = "REFERRAL"


class Severity(StrEnum):
    """Severity scale of domain.md §6.3 (aligned with Decree 172/2025)."""

    GOOD = "0"
    OBSERVATION = "1"
    SHORTCOMING = "2"
    LESS_SERIOUS = "3"
    SERIOUS = "4"
    VERY_SERIOUS = "5"
    REFER = "X"


class SubjectType(StrEnum):
    """Whether a responsibility falls on a collective (unit) or an individual."""

    COLLECTIVE = "COLLECTIVE"
    INDIVIDUAL = "INDIVIDUAL"


class ResponsibilityLevel(StrEnum):
    """Kind of responsibility for a finding."""

    DIRECT = "DIRECT"
    SUPERVISING = "SUPERVISING"
    HEAD = "HEAD"
    JOINT = "JOINT"


class RecommendationType(StrEnum):
    """What a recommendation asks for."""

    PRAISE = "PRAISE"
    REWARD = "REWARD"
    LESSONS = "LESSONS"
    RECTIFY = "RECTIFY"
    REVIEW_RESPONSIBILITY = "REVIEW_RESPONSIBILITY"
    DISCIPLINE = "DISCIPLINE"
    REASSIGN = "REASSIGN"
    REPLACE = "REPLACE"
    REFUND = "REFUND"
    IMPROVE_RULES = "IMPROVE_RULES"
    REFER = "REFER"


class RecommendationStatus(StrEnum):
    """Follow-up status of a recommendation (domain.md §6.4)."""

    PROPOSED = "PROPOSED"
    CONCLUDED = "CONCLUDED"
    IN_PROGRESS = "IN_PROGRESS"
    DONE = "DONE"
    VERIFIED = "VERIFIED"
    OVERDUE = "OVERDUE"
    NOT_FEASIBLE = "NOT_FEASIBLE"


class TraceObjectType(StrEnum):
    """What a step trace follows."""

    DOSSIER = "DOSSIER"
    INCOMING_DOCUMENT = "INCOMING_DOCUMENT"
    TASK = "TASK"
    COMPLAINT = "COMPLAINT"


class StepRole(StrEnum):
    """Role of the holder of one processing step."""

    LEAD = "LEAD"
    COOPERATE = "COOPERATE"
    REVIEW = "REVIEW"
    APPROVE = "APPROVE"


class EvidenceKind(StrEnum):
    """Kind of evidence file."""

    PHOTO = "PHOTO"
    DOCUMENT_COPY = "DOCUMENT_COPY"
    SOFTWARE_EXTRACT = "SOFTWARE_EXTRACT"
    EXPLANATION = "EXPLANATION"
    AUDIO = "AUDIO"


class SignatorySide(StrEnum):
    """Which side a signatory of the minutes stands on."""

    TEAM = "TEAM"
    UNIT = "UNIT"
    WITNESS = "WITNESS"


# Keyed by (enum class, code): codes of different vocabularies may be equal strings.
_LABEL_PAIRS: list[tuple[StrEnum, Text]] = [
    (UnitLevel.CENTRAL, _("Central")),
    (UnitLevel.PROVINCIAL, _("Provincial")),
    (UnitLevel.GRASSROOTS, _("Grassroots")),
    (UnitLevel.DEPARTMENT, _("Department")),
    (UnitLevel.ONE_STOP_DESK, _("One-stop desk")),
    (UnitLevel.SERVICE_POINT, _("Service point")),
    (StaffType.CIVIL_SERVANT, _("Civil servant")),
    (StaffType.PUBLIC_EMPLOYEE, _("Public employee")),
    (StaffType.CONTRACT, _("Contract worker")),
    (Gender.MALE, _("Male")),
    (Gender.FEMALE, _("Female")),
    (DecisionKind.PERIODIC, _("Periodic")),
    (DecisionKind.SURPRISE, _("Surprise")),
    (DecisionKind.THEMATIC, _("Thematic")),
    (TeamRole.LEADER, _("Team leader")),
    (TeamRole.DEPUTY, _("Deputy team leader")),
    (TeamRole.MEMBER, _("Member")),
    (TeamRole.SECRETARY, _("Secretary")),
    (TeamRole.MONITOR, _("Monitor")),
    (InspectionStatus.DRAFT, _("Not started")),
    (InspectionStatus.IN_PROGRESS, _("In progress")),
    (InspectionStatus.ENDED, _("Visit ended")),
    (InspectionStatus.SIGNED, _("Signed")),
    (AttendanceStatus.PRESENT, _("Present")),
    (AttendanceStatus.LATE, _("Late")),
    (AttendanceStatus.ABSENT_WITH_REASON, _("Absent with reason")),
    (AttendanceStatus.ABSENT_WITHOUT_REASON, _("Absent without reason")),
    (AttendanceStatus.ON_LEAVE, _("On leave")),
    (AttendanceStatus.BUSINESS_TRIP, _("Business trip")),
    (ReasonCode.P, _("Annual leave")),
    (ReasonCode.O, _("Sick")),
    (ReasonCode.CO, _("Child sick")),
    (ReasonCode.TS, _("Maternity")),
    (ReasonCode.T, _("Work accident")),
    (ReasonCode.H, _("Meeting or study")),
    (ReasonCode.CT, _("Business trip")),
    (ReasonCode.NB, _("Compensatory leave")),
    (ReasonCode.KL, _("Unpaid leave")),
    (ReasonCode.OTHER, _("Other")),
    (Answer.COMPLIES, _("Complies")),
    (Answer.NOT_COMPLY, _("Does not comply")),
    (Answer.NOT_APPLICABLE, _("Not applicable")),
    (Answer.NOT_CHECKED, _("Not checked")),
    (Answer.OBSERVED, _("Observed")),
    (Answer.NOT_OBSERVED, _("Not observed")),
    (ItemKind.DUTY, _("Duty")),
    (ItemKind.PRAISE, _("Good practice to praise")),
    (FindingKind.GOOD_PRACTICE, _("Good practice")),
    (FindingKind.SHORTCOMING, _("Shortcoming")),
    (FindingKind.VIOLATION, _("Violation")),
    (FindingKind.REFERRAL, _("Signs of violation, to refer")),
    (Severity.GOOD, _("Good practice (praise)")),
    (Severity.OBSERVATION, _("Observation")),
    (Severity.SHORTCOMING, _("Shortcoming")),
    (Severity.LESS_SERIOUS, _("Violation, less serious")),
    (Severity.SERIOUS, _("Violation, serious")),
    (Severity.VERY_SERIOUS, _("Violation, very or especially serious")),
    (Severity.REFER, _("Signs of corruption or crime: refer")),
    (SubjectType.COLLECTIVE, _("Collective")),
    (SubjectType.INDIVIDUAL, _("Individual")),
    (ResponsibilityLevel.DIRECT, _("Direct responsibility")),
    (ResponsibilityLevel.SUPERVISING, _("Supervising responsibility")),
    (ResponsibilityLevel.HEAD, _("Responsibility of the head of unit")),
    (ResponsibilityLevel.JOINT, _("Joint responsibility")),
    (RecommendationType.PRAISE, _("Praise")),
    (RecommendationType.REWARD, _("Propose a reward")),
    (RecommendationType.LESSONS, _("Correct and draw lessons")),
    (RecommendationType.RECTIFY, _("Rectify")),
    (RecommendationType.REVIEW_RESPONSIBILITY, _("Review responsibility")),
    (RecommendationType.DISCIPLINE, _("Consider discipline")),
    (RecommendationType.REASSIGN, _("Reassign to another post")),
    (RecommendationType.REPLACE, _("Replace")),
    (RecommendationType.REFUND, _("Recover or refund money")),
    (RecommendationType.IMPROVE_RULES, _("Improve rules and regulations")),
    (RecommendationType.REFER, _("Refer to the competent body")),
    (RecommendationStatus.PROPOSED, _("Proposed")),
    (RecommendationStatus.CONCLUDED, _("In the conclusion")),
    (RecommendationStatus.IN_PROGRESS, _("Being carried out")),
    (RecommendationStatus.DONE, _("Done (reported by the unit)")),
    (RecommendationStatus.VERIFIED, _("Verified and closed")),
    (RecommendationStatus.OVERDUE, _("Overdue")),
    (RecommendationStatus.NOT_FEASIBLE, _("Cannot be carried out")),
    (TraceObjectType.DOSSIER, _("Administrative dossier")),
    (TraceObjectType.INCOMING_DOCUMENT, _("Incoming document")),
    (TraceObjectType.TASK, _("Assigned task")),
    (TraceObjectType.COMPLAINT, _("Complaint or petition")),
    (StepRole.LEAD, _("Lead")),
    (StepRole.COOPERATE, _("Cooperating")),
    (StepRole.REVIEW, _("Reviewing")),
    (StepRole.APPROVE, _("Approving")),
    (EvidenceKind.PHOTO, _("Photo")),
    (EvidenceKind.DOCUMENT_COPY, _("Copy of a document")),
    (EvidenceKind.SOFTWARE_EXTRACT, _("Software extract")),
    (EvidenceKind.EXPLANATION, _("Written explanation")),
    (EvidenceKind.AUDIO, _("Audio recording")),
    (SignatorySide.TEAM, _("Inspection team")),
    (SignatorySide.UNIT, _("Inspected unit")),
    (SignatorySide.WITNESS, _("Witness")),
]
LABELS: dict[tuple[type[StrEnum], str], Text] = {(type(k), k.value): v for k, v in _LABEL_PAIRS}


def label(value: StrEnum, lang: str | None = None) -> str:
    """Return the label of a coded value in ``lang`` (default: the current language)."""
    return LABELS[(type(value), value.value)].render(lang)


# What each record table holds, for sync previews and the conflicts screen.
TABLE_LABELS: dict[str, Text] = {
    "org_units": _("Units"),
    "org_unit_predecessors": _("Unit successions"),
    "people": _("People"),
    "checklist_templates": _("Checklists"),
    "checklist_areas": _("Checklist areas"),
    "checklist_items": _("Checklist items"),
    "decisions": _("Decisions"),
    "inspections": _("Inspections"),
    "team_members": _("Team members"),
    "attendance": _("Roll call"),
    "responses": _("Checklist answers"),
    "findings": _("Findings"),
    "responsibilities": _("Responsibilities"),
    "recommendations": _("Recommendations"),
    "explanations": _("Explanations"),
    "traces": _("Traced dossiers"),
    "trace_steps": _("Dossier steps"),
    "evidence": _("Evidence"),
    "evidence_links": _("Evidence links"),
    "signatories": _("Signatories"),
    "minutes": _("Minutes"),
    "follow_up_files": _("Follow-up files"),
}

# The fields people most often change on two laptops, for the conflicts screen.
FIELD_LABELS: dict[str, Text] = {
    "title": _("Title"),
    "description": _("Description"),
    "severity": _("Severity"),
    "legal_basis": _("Legal basis"),
    "kind": _("Kind"),
    "text": _("Text"),
    "status": _("Status"),
    "status_note": _("Follow-up note"),
    "deadline": _("Deadline"),
    "note": _("Note"),
    "answer": _("Answer"),
    "reason_code": _("Reason"),
    "caption": _("Caption"),
    "received_on": _("Received on"),
    "due_on": _("Due on"),
    "done_on": _("Done on"),
    "person_id": _("Person"),
    "full_name": _("Full name"),
    "position": _("Position"),
    "name": _("Name"),
    "gender": _("Gender"),
    "staff_type": _("Kind of employment"),
    "address": _("Address"),
    "place_name": _("Place name"),
    "superior_for_header": _("Superior body"),
    "number_symbol": _("Decision number"),
    "signed_on": _("Decision date"),
    "signer_name": _("Signer of the decision"),
    "signer_title": _("Signer's title"),
    "purpose": _("Purpose"),
    "location": _("Location"),
    "role": _("Role"),
    "arrived_at": _("Time of arrival"),
    # named when a value that arrived in a package is refused (inspector.store.columns)
    "step_no": _("Step number"),
    "duration_days": _("Duration in days"),
    "areas": _("Areas in scope"),
    "assigned_areas": _("Assigned areas"),
    "file_name": _("File name"),
    "size": _("File size"),
    "media_type": _("File type"),
    "sha256": _("Digest of the file"),
    "pdf_sha256": _("Digest of the signed file"),
    "record_digest": _("Digest of the record"),
    "strokes": _("Handwritten signature"),
    "slots": _("Approval signatures"),
    "sealed_state": _("Sealed record"),
    "body": _("Content of the minutes"),
    "amount_norm": _("Amount allowed by the norm"),
    "amount_actual": _("Amount actually spent"),
    "amount_excess": _("Amount over the norm"),
    "violation_vi": _("Wording of the violation (Vietnamese)"),
    "violation_en": _("Wording of the violation (English)"),
    "money": _("Money item"),
    "report": _("The unit's report"),
    "extended_to": _("Deadline extended to"),
    "follow_up_by": _("Followed up by"),
}

# Fields whose stored code is shown by its label.
FIELD_ENUMS: dict[tuple[str, str], type[StrEnum]] = {
    ("findings", "severity"): Severity,
    ("findings", "kind"): FindingKind,
    ("responses", "answer"): Answer,
    ("checklist_items", "kind"): ItemKind,
    ("attendance", "status"): AttendanceStatus,
    ("attendance", "reason_code"): ReasonCode,
    ("recommendations", "status"): RecommendationStatus,
    ("recommendations", "type"): RecommendationType,
    ("inspections", "status"): InspectionStatus,
    ("evidence", "kind"): EvidenceKind,
    ("people", "staff_type"): StaffType,
    ("people", "gender"): Gender,
}


def field_label(field: str) -> str:
    """The name of a record field for people (the column name if it has none)."""
    return FIELD_LABELS[field].render() if field in FIELD_LABELS else field


def value_label(table: str, field: str, value: object) -> str:
    """A stored value as people read it: a code by its label, text as it is."""
    enum = FIELD_ENUMS.get((table, field))
    if enum is not None and isinstance(value, str):
        try:
            return label(enum(value))
        except ValueError:
            return value
    if value is None:
        return "—"
    return value if isinstance(value, str) else str(value)

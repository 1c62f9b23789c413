# SPDX-License-Identifier: GPL-3.0-or-later
"""The annexes of the minutes (phụ lục): the roll call and the overdue dossiers, as tables.

Each annex says which minutes it belongs to and is laid out by :mod:`inspector.minutes_pdf`;
the rows are built here from the inspection's detail (:func:`inspector.overview.inspection_detail`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from inspector import records
from inspector.model import AttendanceStatus, ReasonCode, label
from inspector.officialdom import numeric_date, time_words
from inspector.timefmt import VIETNAM

WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "annex1": "Phụ lục 01. DANH SÁCH ĐIỂM DANH",
        "annex2": "Phụ lục 02. HỒ SƠ GIẢI QUYẾT QUÁ HẠN",
        "annex_of": "(Kèm theo Biên bản kiểm tra {number})",
        "col_no": "STT",
        "col_name": "Họ và tên",
        "col_position": "Chức vụ",
        "col_mark": "Điểm danh",
        "col_reason": "Lý do, ghi chú",
        "col_ref": "Mã hồ sơ",
        "col_procedure": "Thủ tục",
        "col_step": "Khâu chậm",
        "col_holder": "Người xử lý",
        "col_due": "Hạn",
        "col_done": "Hoàn thành",
        "col_late": "Số ngày quá hạn",
        "not_done": "chưa xong",
        "no_late": "Không có hồ sơ quá hạn trong số hồ sơ lấy mẫu.",
        "arrived": "đến lúc {time}",
        "late_by": ", muộn {minutes} phút",
    },
    "en": {
        "annex1": "Annex 01. ROLL CALL",
        "annex2": "Annex 02. OVERDUE DOSSIERS",
        "annex_of": "(Attached to Examination Minutes {number})",
        "col_no": "No.",
        "col_name": "Full name",
        "col_position": "Position",
        "col_mark": "Roll call",
        "col_reason": "Reason, note",
        "col_ref": "Dossier",
        "col_procedure": "Procedure",
        "col_step": "Delaying step",
        "col_holder": "Handler",
        "col_due": "Due",
        "col_done": "Done",
        "col_late": "Working days late",
        "not_done": "not done",
        "no_late": "None of the sampled dossiers was overdue.",
        "arrived": "arrived at {time}",
        "late_by": ", {minutes} minutes late",
    },
}


@dataclass
class Annex:
    """One annex: its title, the line naming the minutes it is attached to, a table (column
    headings, widths as fractions of the page's width, rows), what prints when the table has no
    row, and lines after the table."""

    title: str
    attached_to: str
    head: list[str]
    widths: list[float]
    rows: list[list[str]]
    empty: str = ""
    footer: list[str] = field(default_factory=list)


def _local(stamp: str | None) -> datetime | None:
    return records.parse_utc(stamp).astimezone(VIETNAM) if stamp else None


def late_by(unit: dict[str, Any], arrived: datetime, lang: str) -> str:
    """The lateness after an arrival time (", 52 minutes late"): the arrival against the start
    of the unit's morning or afternoon, whichever it fell in, if the unit's working hours are
    known; else nothing."""
    clock = arrived.hour * 60 + arrived.minute

    def minutes(value: Any) -> int | None:
        try:
            hours, mins = str(value).split(":")
            return int(hours) * 60 + int(mins)
        except ValueError:
            return None

    am_start, am_end, pm_start = (minutes(unit.get(k)) for k in ("am_start", "am_end", "pm_start"))
    start = (
        pm_start if pm_start is not None and am_end is not None and clock >= am_end else am_start
    )
    if start is None or clock <= start:
        return ""
    return WORDS[lang]["late_by"].format(minutes=clock - start)


def roll_call(d: dict[str, Any], attached_to: str, lang: str) -> Annex:
    """Annex 01: everyone on the unit's list, their mark, reason and arrival time."""
    w = WORDS[lang]
    rows = []
    for n, r in enumerate(d["roll_call"], start=1):
        arrived = _local(r["arrived_at"])
        late = (
            w["arrived"].format(time=time_words(arrived, lang)) + late_by(d["unit"], arrived, lang)
            if r["status"] == AttendanceStatus.LATE and arrived
            else ""
        )
        reason = label(ReasonCode(r["reason_code"]), lang) if r["reason_code"] else ""
        rows.append(
            [
                str(n),
                r["full_name"],
                r["position"] or "",
                label(AttendanceStatus(r["status"]), lang),
                "; ".join(filter(None, [reason, late, r["note"] or ""])),
            ]
        )
    return Annex(
        title=w["annex1"],
        attached_to=attached_to,
        head=[w["col_no"], w["col_name"], w["col_position"], w["col_mark"], w["col_reason"]],
        widths=[0.06, 0.24, 0.26, 0.16, 0.28],
        rows=rows,
    )


def overdue(d: dict[str, Any], attached_to: str, lang: str) -> Annex:
    """Annex 02: the sampled dossiers settled late, with the step that delayed them."""
    w = WORDS[lang]
    rows = []
    late = [t for t in d["traces"] if t["late_days"] > 0]
    for n, t in enumerate(late, start=1):
        step = next(s for s in t["steps"] if s["step_no"] == t["delaying_step_no"])
        rows.append(
            [
                str(n),
                t["object_ref"],
                t["title"] or t["procedure_code"] or "",
                step["step_name"],
                step["person"] or "",
                numeric_date(date.fromisoformat(step["due_on"])),
                numeric_date(date.fromisoformat(step["done_on"]))
                if step["done_on"]
                else w["not_done"],
                str(t["late_days"]),
            ]
        )
    return Annex(
        title=w["annex2"],
        attached_to=attached_to,
        head=[
            w["col_no"],
            w["col_ref"],
            w["col_procedure"],
            w["col_step"],
            w["col_holder"],
            w["col_due"],
            w["col_done"],
            w["col_late"],
        ],
        widths=[0.05, 0.14, 0.22, 0.12, 0.17, 0.1, 0.1, 0.1],
        rows=rows,
        empty=w["no_late"],
    )


def annexes(d: dict[str, Any], number: str, lang: str) -> list[Annex]:
    """The annexes of the minutes numbered ``number`` ("03/BB-ĐKT" or "……/BB-ĐKT")."""
    attached_to = WORDS[lang]["annex_of"].format(number=number)
    return [roll_call(d, attached_to, lang), overdue(d, attached_to, lang)]

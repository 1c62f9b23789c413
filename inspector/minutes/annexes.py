# SPDX-License-Identifier: GPL-3.0-or-later
"""The annexes of the minutes (phụ lục): the roll call and the overdue dossiers, as tables.

Each annex says which minutes it belongs to and is laid out by :mod:`inspector.minutes.layout`;
the rows are built here from the inspection's detail (:func:`inspector.fieldwork.listing.inspection_detail`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from inspector.minutes.wording import clause, date_words, numeric_date, time_words
from inspector.timefmt import vietnam_time
from inspector.vocabulary import AttendanceStatus, ReasonCode, TraceObjectType, label

WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "annex1": "Phụ lục 01. DANH SÁCH ĐIỂM DANH",
        "annex2": "Phụ lục 02. HỒ SƠ GIẢI QUYẾT QUÁ HẠN",
        "annex_of": "(Kèm theo Biên bản kiểm tra số {number} ngày {date})",
        "col_no": "STT",
        "col_name": "Họ và tên",
        "col_position": "Chức vụ",
        "col_mark": "Điểm danh",
        "col_reason": "Lý do, ghi chú",
        "col_ref": "Mã hồ sơ",
        "col_procedure": "Thủ tục",
        "col_delaying": "Khâu chậm nhất",
        "col_step": "Tên khâu",
        "col_holder": "Người xử lý",
        "col_due": "Hạn xử lý",
        "col_done": "Ngày hoàn thành",
        "col_step_late": "Số ngày quá hạn của khâu (ngày làm việc)",
        "col_total_late": "Tổng số ngày quá hạn của hồ sơ (ngày làm việc)",
        "col_slip": "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
        "yes": "Có",
        "no": "Không",
        "not_done": "Chưa hoàn thành",
        "total": "Cộng: {count} hồ sơ",
        "slips": "Có: {yes}; Không: {no}",
        "days_note": "Ghi chú: số ngày quá hạn tính theo ngày làm việc (không kể ngày nghỉ hằng"
        " tuần, ngày nghỉ lễ, Tết); khâu chưa hoàn thành tính đến ngày kiểm tra; tổng số ngày"
        " quá hạn của hồ sơ là tổng số ngày quá hạn của các khâu.",
        "no_late": "Không có hồ sơ quá hạn trong số hồ sơ lấy mẫu.",
        "arrived": "đến lúc {time}",
        "late_by": ", muộn {minutes} phút",
        "initials_unit": "Đại diện đơn vị được kiểm tra",
        "initials_team": "Đại diện Đoàn kiểm tra",
        "initials_note": "(Ký nháy)",
    },
    "en": {
        "annex1": "Annex 01. ROLL CALL",
        "annex2": "Annex 02. OVERDUE DOSSIERS",
        "annex_of": "(Attached to Examination Minutes No. {number} of {date})",
        "col_no": "No.",
        "col_name": "Full name",
        "col_position": "Position",
        "col_mark": "Roll call",
        "col_reason": "Reason, note",
        "col_ref": "Dossier",
        "col_procedure": "Procedure",
        "col_delaying": "The step that delayed it most",
        "col_step": "Step",
        "col_holder": "Handler",
        "col_due": "Due",
        "col_done": "Done",
        "col_step_late": "Days late at this step (working days)",
        "col_total_late": "Dossier's total days late (working days)",
        "col_slip": "Apology slip given",
        "yes": "Yes",
        "no": "No",
        "not_done": "Not done",
        "total": "Total: {count} overdue",
        "slips": "Yes: {yes}; No: {no}",
        "days_note": "Note: days late are working days (weekly rest days and public holidays"
        " excluded); a step not yet done counts up to the day of the examination; a dossier's"
        " total is the sum over its steps.",
        "no_late": "None of the sampled dossiers was overdue.",
        "arrived": "arrived at {time}",
        "late_by": ", {minutes} minutes late",
        "initials_unit": "For the examined unit",
        "initials_team": "For the Examination Team",
        "initials_note": "(Initials)",
    },
}


@dataclass
class Annex:
    """One annex: its title, the line naming the minutes it is attached to, a table, what prints
    when the table has no row, lines after the table, and the two sides' initials under it.

    The table has column headings, widths as fractions of the page's width, rows, and a totals
    row (empty: none). ``groups`` sets headings over runs of columns, (first, last, text): the
    columns under a group take their own heading on a second heading row, the others span both.
    In the totals row, the first cell spans the empty cells after it. ``centred`` lists the
    columns whose cells are centred (numbers, dates). ``initials`` names each side that initials
    the annex (ký nháy): a heading and the note under it.
    """

    title: str
    attached_to: str
    head: list[str]
    widths: list[float]
    rows: list[list[str]]
    empty: str = ""
    footer: list[str] = field(default_factory=list)
    groups: list[tuple[int, int, str]] = field(default_factory=list)
    total: list[str] = field(default_factory=list)
    centred: list[int] = field(default_factory=list)
    initials: list[tuple[str, str]] = field(default_factory=list)


def attached_to(number: str, day: date, lang: str) -> str:
    """Return the line under an annex's title naming the minutes it belongs to: "(Kèm theo Biên
    bản kiểm tra số 03/BB-ĐKT ngày 05/3/2026)"; English "(… No. 03/BB-ĐKT of 5 March 2026)"."""
    if lang == "vi":  # months 1 and 2 take a leading zero, as in the minutes' date line
        month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
        when = f"{day.day:02d}/{month}/{day.year}"
    else:
        when = date_words(day, lang)
    return WORDS[lang]["annex_of"].format(number=number, date=when)


def _initials(lang: str) -> list[tuple[str, str]]:
    w = WORDS[lang]
    return [(w["initials_unit"], w["initials_note"]), (w["initials_team"], w["initials_note"])]


def in_winter(unit: dict[str, Any], day: date) -> bool:
    """Whether ``day`` falls in the unit's winter hours (its season may run over the new year:
    "11-01" to "03-31"); False for a unit without them."""
    start, end = unit.get("winter_from"), unit.get("winter_to")
    if not (start and end and unit.get("winter_am_start")):
        return False
    today = f"{day.month:02d}-{day.day:02d}"
    return start <= today <= end if start <= end else today >= start or today <= end


def late_by(unit: dict[str, Any], arrived: datetime, lang: str) -> str:
    """The lateness after an arrival time (", 52 minutes late"): the arrival against the start
    of the unit's morning or afternoon, whichever it fell in, in its winter hours if the day
    falls in them, if the unit's working hours are known; else nothing."""
    clock = arrived.hour * 60 + arrived.minute

    def minutes(value: Any) -> int | None:
        try:
            hours, mins = str(value).split(":")
            return int(hours) * 60 + int(mins)
        except ValueError:
            return None

    keys = ("am_start", "am_end", "pm_start")
    if in_winter(unit, arrived.date()):  # the unit's winter hours, that day
        keys = ("winter_am_start", "winter_am_end", "winter_pm_start")
    am_start, am_end, pm_start = (minutes(unit.get(k)) for k in keys)
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
        arrived = vietnam_time(r["arrived_at"])
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
                "; ".join(filter(None, [reason, late, clause(r["note"])])),
            ]
        )
    return Annex(
        title=w["annex1"],
        attached_to=attached_to,
        head=[w["col_no"], w["col_name"], w["col_position"], w["col_mark"], w["col_reason"]],
        widths=[0.06, 0.24, 0.26, 0.16, 0.28],
        rows=rows,
        centred=[0],
        initials=_initials(lang),
    )


def overdue(d: dict[str, Any], attached_to: str, lang: str) -> Annex:
    """Annex 02: the sampled administrative dossiers settled late. For each, the step that delayed it most (as
    :attr:`inspector.fieldwork.traces.TraceAnalysis.delaying_step` chose it): its name, handler, due and
    done dates and its own working days late; beside it the dossier's total over all its steps,
    and whether the unit gave the citizen an apology slip (a slip at any step counts, as in the
    minutes' count of dossiers without one). A totals row ends the table."""
    w = WORDS[lang]
    rows = []
    # administrative dossiers only: incoming documents and tasks are traced too, not listed here
    late = [
        t for t in d["traces"] if t["object_type"] == TraceObjectType.DOSSIER and t["late_days"] > 0
    ]
    slips = 0
    for n, t in enumerate(late, start=1):
        step = next(s for s in t["steps"] if s["step_no"] == t["delaying_step_no"])
        slip = any(s["apology_slip"] for s in t["steps"])
        slips += slip
        rows.append(
            [
                str(n),
                t["object_ref"],
                t["title"] or t["procedure_code"] or "",
                step["step_name"],
                step["person"] or step.get("unit") or "",  # who held the step
                numeric_date(date.fromisoformat(step["due_on"]), lang),
                numeric_date(date.fromisoformat(step["done_on"]), lang)
                if step["done_on"]
                else w["not_done"],
                str(step["late_days"]),
                str(t["late_days"]),
                w["yes"] if slip else w["no"],
            ]
        )

    def count(n: int) -> str:  # "05" in Vietnamese administrative text, "5" in English
        return f"{n:02d}" if lang == "vi" else str(n)

    total = [w["total"].format(count=count(len(late))), *[""] * 7]
    total += [
        str(sum(t["late_days"] for t in late)),
        w["slips"].format(yes=count(slips), no=count(len(late) - slips)),
    ]
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
            w["col_step_late"],
            w["col_total_late"],
            w["col_slip"],
        ],
        widths=[0.045, 0.12, 0.145, 0.1, 0.12, 0.09, 0.09, 0.09, 0.1, 0.1],
        rows=rows,
        empty=w["no_late"],
        footer=[w["days_note"]] if rows else [],
        groups=[(3, 7, w["col_delaying"])],
        total=total if rows else [],
        centred=[0, 5, 6, 7, 8, 9],
        initials=_initials(lang),
    )


def annexes(d: dict[str, Any], number: str, day: date, lang: str) -> list[Annex]:
    """Build the annexes of the minutes numbered ``number`` ("03/BB-ĐKT" or "……/BB-ĐKT") and
    dated ``day`` (the day of the visit, as the minutes' date line)."""
    line = attached_to(number, day, lang)
    return [roll_call(d, line, lang), overdue(d, line, lang)]

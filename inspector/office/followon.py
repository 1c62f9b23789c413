# SPDX-License-Identifier: GPL-3.0-or-later
"""A check's follow-on documents, drafted from its record for the office to finish (issue #14;
the forms of domain.md §5.6), in Vietnamese:

- **Báo cáo kết quả kiểm tra**, the team's report to the one who decided the check: I. the
  check in general (its decision, its team, what it examined); II. its results by area;
  III. good practice, shortcomings and violations with who is responsible, the unit's
  explanations; IV. the conclusion and requests it proposes.
- **Thông báo kết luận kiểm tra**, the decision maker's notice to the unit: I. in general;
  II. the results (good practice; shortcomings, limits and violations; causes; responsibility);
  III. the conclusion; IV. the requests, for the unit, for individuals and for the personnel
  department, each with its deadline; where it is sent.

Every sentence is the minutes' own (:func:`inspector.minutes.content.compose`): the documents say
what the signed minutes say, reordered into their skeletons. What only the office can write is
left marked for it to write ("[…]"): the number and day the registry gives, and the conclusion's
judgement (the draft states the counts, never a verdict).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from inspector.errors import ValidationError
from inspector.i18n import _
from inspector.minutes.content import Composed, close_lists, compose
from inspector.minutes.findings_text import praised
from inspector.store.workspace import Workspace
from inspector.vocabulary import RecommendationType, TeamRole

# the requests the personnel department acts on (1251: review, discipline, reassign, replace)
PERSONNEL = frozenset(
    {
        RecommendationType.REVIEW_RESPONSIBILITY.value,
        RecommendationType.DISCIPLINE.value,
        RecommendationType.REASSIGN.value,
        RecommendationType.REPLACE.value,
    }
)
TO_FINISH = "[…]"  # what the office writes in


class Kind(StrEnum):
    """Which follow-on document."""

    REPORT = "report"  # Báo cáo kết quả kiểm tra
    NOTICE = "notice"  # Thông báo kết luận kiểm tra


@dataclass
class FollowOn:
    """A follow-on document as plain data, ready to lay out as PDF or as an editable file."""

    kind: Kind
    superior: str
    issuer: str
    number: str
    place_date: str
    title: str
    subtitle: str
    addressee: str
    opening: list[str]
    sections: list[tuple[str, list[str]]]
    recipients: list[str]
    sign_title: str
    sign_name: str

    def text(self) -> list[str]:
        """The document as plain lines, in the order printed."""
        lines = [
            self.superior,
            self.issuer,
            self.number,
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            self.place_date,
            self.title,
            self.subtitle,
        ]
        lines += [self.addressee] if self.addressee else []
        lines += self.opening
        for heading, body in self.sections:
            lines += [heading, *body]
        lines += ["Nơi nhận:", *self.recipients, self.sign_title, self.sign_name]
        return lines


def draft(ws: Workspace, inspection_id: str, kind: Kind | str) -> FollowOn:
    """Draft the follow-on document ``kind`` of a check from its record.

    Raises:
        NotFoundError: no such check.
        ValidationError: a kind of document that does not exist.
    """
    try:
        kind = Kind(kind)
    except ValueError:
        raise ValidationError(
            _("There is no document {kind}; the documents are: report, notice.", kind=kind)
        ) from None
    c = compose(ws, inspection_id, lang="vi")
    return _report(ws, c) if kind is Kind.REPORT else _notice(ws, c)


def _leader(c: Composed) -> str:
    leaders = [m for m in c.d["team"] if m["role"] == TeamRole.LEADER.value]
    return str(leaders[0]["full_name"]) if leaders else TO_FINISH


def _issuer(ws: Workspace, c: Composed) -> tuple[str, str, str]:
    """The unit that decided the check, the body above it (as the header names them) and the
    place its papers are dated at (the inspected unit's, if it has none)."""
    row = ws.db.execute(
        "SELECT u.name, coalesce(u.superior_for_header, p.name, ''), u.place_name FROM decisions d"
        " JOIN org_units u ON u.id = d.issuer_unit_id LEFT JOIN org_units p ON p.id = u.parent_id"
        " WHERE d.id = ?",
        [c.d["decision"]["id"]],
    ).fetchone()
    place = (row[2] if row else None) or c.d["unit"]["place_name"] or "……"
    if row is None:
        return "", c.issuer_name or c.d["unit"]["superior_for_header"] or TO_FINISH, place
    return str(row[1]), str(c.issuer_name or row[0]), str(place)


def _place_date(place: str, today: date | None = None) -> str:
    """Where and when the paper is dated: the day left for the registry to write."""
    return f"{place}, ngày …… tháng …… năm {(today or date.today()).year}"


def _decided(c: Composed) -> str:
    decision = c.d["decision"]
    signer = decision["signer_title"] or decision["signer_name"]
    return (
        f"Quyết định số {decision['number_symbol']} ngày"
        f" {date.fromisoformat(decision['signed_on']).strftime('%d/%m/%Y')} của {signer}"
    )


def _visited(c: Composed) -> str:
    return f"ngày {c.visit_day.strftime('%d/%m/%Y')}" if c.arrived else "ngày ……"


def _general(c: Composed) -> list[str]:
    """The check in general: its basis, when and where, its team and what it examined."""
    return [
        f"{_visited(c).capitalize()}, Đoàn kiểm tra đã kiểm tra đột xuất tại {c.unit_name}.",
        "Thành phần Đoàn kiểm tra:",
        *[
            f"- {m['full_name']}" + (f", {m['position']}" if m.get("position") else "") + ";"
            for m in c.d["team"]
        ],
        "Nội dung kiểm tra:",
        *c.scope[1:],
    ]


def _counts(c: Composed) -> tuple[int, int]:
    good = sum(1 for f in c.d["findings"] if praised(f))
    return good, len(c.d["findings"]) - good


def _report(ws: Workspace, c: Composed) -> FollowOn:
    superior, issuer, place = _issuer(ws, c)
    signer = c.d["decision"]["signer_title"] or c.d["decision"]["signer_name"]
    good, bad = _counts(c)
    sections = [
        ("I. KHÁI QUÁT CHUNG", _general(c)),
        ("II. KẾT QUẢ KIỂM TRA THEO LĨNH VỰC", c.results),
        (
            "III. ƯU ĐIỂM, TỒN TẠI VÀ TRÁCH NHIỆM",
            [
                "1. Ưu điểm:",
                *(c.good() or ["Không có."]),
                "2. Tồn tại, hạn chế, vi phạm; trách nhiệm của tập thể, cá nhân:",
                *(c.bad() or ["Không có."]),
                "3. Ý kiến, giải trình của đơn vị được kiểm tra:",
                *(c.explanations() or ["Không có."]),
            ],
        ),
        (
            "IV. ĐỀ XUẤT KẾT LUẬN VÀ KIẾN NGHỊ",
            [
                f"1. Đề xuất kết luận: Đoàn kiểm tra ghi nhận {good} ưu điểm và {bad} tồn tại,"
                f" hạn chế, vi phạm nêu tại mục III. {TO_FINISH}",
                "2. Đề xuất kiến nghị:",
                *(c.asked() or ["Không có."]),
            ],
        ),
    ]
    return FollowOn(
        kind=Kind.REPORT,
        superior=issuer.upper(),
        issuer="ĐOÀN KIỂM TRA",
        number="Số: ……/BC-ĐKT",
        place_date=_place_date(place),
        title="BÁO CÁO",
        subtitle=f"Kết quả kiểm tra công vụ đột xuất tại {c.unit_name}",
        addressee=f"Kính gửi: {signer}.",
        opening=[
            f"Thực hiện {_decided(c)}, Đoàn kiểm tra báo cáo kết quả kiểm tra như sau:",
        ],
        sections=[(heading, close_lists(lines)) for heading, lines in sections],
        recipients=["- Như trên;", "- Lưu: Đoàn kiểm tra."],
        sign_title="TRƯỞNG ĐOÀN",
        sign_name=_leader(c),
    )


def _audiences(c: Composed) -> list[tuple[str, list[dict[str, Any]]]]:
    """The requests, grouped by whom they are for: the unit, individuals, personnel."""
    unit, persons, personnel = [], [], []
    for r in c.d["recommendations"]:
        if r["type"] in PERSONNEL:
            personnel.append(r)
        elif r["target_person_id"]:
            persons.append(r)
        else:
            unit.append(r)
    return [
        (f"1. Đối với {c.unit_name}:", unit),
        ("2. Đối với cá nhân:", persons),
        ("3. Đối với Phòng Tổ chức cán bộ:", personnel),
    ]


def _notice(ws: Workspace, c: Composed) -> FollowOn:
    superior, issuer, place = _issuer(ws, c)
    decision = c.d["decision"]
    good, bad = _counts(c)
    failings = [f for f in c.d["findings"] if not praised(f)]
    shortcomings = [c.findings.finding_lines(f)[0] for f in failings]
    responsibility = [
        f"- {c.findings.titles[f['id']]}: {said}"
        for f in failings
        if (said := c.findings.responsibility_line(f))
    ]
    requests: list[str] = []
    for heading, group in _audiences(c):
        requests += [heading, *(c.asked(group) if group else ["Không có."])]
    sections = [
        ("I. KHÁI QUÁT CHUNG", _general(c)),
        (
            "II. KẾT QUẢ KIỂM TRA",
            [
                "1. Ưu điểm:",
                *(c.good() or ["Không có."]),
                "2. Tồn tại, hạn chế, vi phạm:",
                *(shortcomings or ["Không có."]),
                "3. Nguyên nhân:",
                *(c.explanations() or [TO_FINISH]),
                "4. Trách nhiệm:",
                *(responsibility or ["Không có."]),
            ],
        ),
        (
            "III. KẾT LUẬN",
            [
                f"Qua kiểm tra, {c.unit_name} có {good} ưu điểm và {bad} tồn tại, hạn chế, vi"
                f" phạm nêu tại mục II. {TO_FINISH}"
            ],
        ),
        ("IV. YÊU CẦU, KIẾN NGHỊ", requests),
    ]
    signer_title = (decision["signer_title"] or "").split(" Bảo hiểm xã hội")[0]
    return FollowOn(
        kind=Kind.NOTICE,
        superior=superior.upper(),
        issuer=issuer.upper(),
        number="Số: ……/TB-BHXH",
        place_date=_place_date(place),
        title="THÔNG BÁO",
        subtitle=f"Kết luận kiểm tra công vụ đột xuất tại {c.unit_name}",
        addressee="",
        opening=[
            f"Thực hiện {_decided(c)}, {_visited(c)} Đoàn kiểm tra đã kiểm tra đột xuất tại"
            f" {c.unit_name}. Xét Báo cáo kết quả kiểm tra của Đoàn kiểm tra, {issuer} thông báo"
            " kết luận kiểm tra như sau:"
        ],
        sections=[(heading, close_lists(lines)) for heading, lines in sections],
        recipients=[
            f"- {c.unit_name} (để thực hiện);",
            "- Phòng Tổ chức cán bộ (để theo dõi);",
            "- Lưu: VT, Đoàn kiểm tra.",
        ],
        sign_title=(signer_title or "GIÁM ĐỐC").upper(),
        sign_name=str(decision["signer_name"]),
    )

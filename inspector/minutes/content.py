# SPDX-License-Identifier: GPL-3.0-or-later
"""What the minutes (biên bản kiểm tra) say: the record of one inspection turned into the sections
of the official skeleton (reference: domain.md §5.5), in Vietnamese or English.

The model is plain data; :mod:`inspector.minutes.layout` lays it out. Its digest identifies the exact
record the minutes were made from (printed in the QR code of every page).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from inspector import timefmt
from inspector.errors import ValidationError
from inspector.fieldwork import checklists, listing, signatories
from inspector.i18n import Text, _
from inspector.minutes import annexes as minutes_annexes
from inspector.minutes.wording import (
    address,
    clause,
    count,
    date_words,
    gender_known,
    money,
    numeric_date,
    one_line,
    percent,
    time_words,
)
from inspector.store import seals
from inspector.store import validate as v
from inspector.store.workspace import Workspace
from inspector.timefmt import VIETNAM, vietnam_time
from inspector.vocabulary import (
    Answer,
    AttendanceStatus,
    ReasonCode,
    RecommendationType,
    ResponsibilityLevel,
    Severity,
    StaffType,
    TeamRole,
    label,
)

# Fixed wording of the minutes, per language.
WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "motto_country": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "motto": "Độc lập - Tự do - Hạnh phúc",
        "team": "ĐOÀN KIỂM TRA",
        "number": "Số: {number}",
        "title": "BIÊN BẢN KIỂM TRA",
        "summary": "Việc {subjects} tại {unit}",
        "subject_discipline": "chấp hành kỷ luật, kỷ cương hành chính",
        "subject_duties": "thực hiện nhiệm vụ, công vụ",
        "subject_thrift": "thực hành tiết kiệm, chống lãng phí",
        "and": "và",
        "basis": "Căn cứ Quyết định số {number} {date} của {signer} về việc {purpose};",
        "purpose": "kiểm tra đột xuất việc thực hiện nhiệm vụ, công vụ",
        "today": "Hôm nay, vào hồi {time}, {date}, tại {place}, Đoàn kiểm tra tiến hành kiểm tra đột xuất (không báo trước), thành phần gồm:",
        "I": "I. THÀNH PHẦN",
        "I1": "1. Đoàn kiểm tra:",
        "I2": "2. Đại diện đơn vị được kiểm tra:",
        "I3": "3. Người chứng kiến:",
        "member": "- {who}, {position}, {role};",
        "rep": "- {who}, {position};",
        "II": "II. NỘI DUNG KIỂM TRA",
        "announced": "Đoàn kiểm tra công bố Quyết định kiểm tra vào hồi {time} và tiến hành kiểm tra các nội dung sau:",
        "examined": "Đoàn kiểm tra tiến hành kiểm tra các nội dung sau:",
        "III": "III. KẾT QUẢ KIỂM TRA",
        "roll": "Thời giờ làm việc (tại thời điểm {time}): tổng số công chức, viên chức, người lao động theo danh sách: {total} người{kinds}; có mặt: {present} người; đến muộn: {late} người{late_who}; vắng có lý do: {with_reason} người{reasons}; vắng không có lý do: {without} người{without_who}. Chi tiết tại Phụ lục 01.",
        "kind_CIVIL_SERVANT": "công chức",
        "kind_PUBLIC_EMPLOYEE": "viên chức",
        "kind_CONTRACT": "người lao động",
        "reason_leave": "nghỉ phép",
        "reason_trip": "đi công tác",
        "reason_sick": "ốm",
        "reason_maternity": "thai sản",
        "reason_other": "lý do khác",
        "at_time": "có mặt lúc {time}",
        "dossiers": "Giải quyết hồ sơ (lấy mẫu {total} hồ sơ): đúng hạn {on_time} ({on_time_pct}); quá hạn {late} ({late_pct}); số hồ sơ quá hạn chưa có Phiếu xin lỗi và hẹn lại ngày trả kết quả: {no_slip}; khâu chậm và người xử lý tại Phụ lục 02.",
        "failed_item": "- {text}.",
        "item_note": "Mục {code} ({answer}): {note}.",
        "note": "Ghi chú: {note}.",
        "other": "Nội dung khác",
        "area_ok": "Đã kiểm tra {answered}/{total} nội dung; chưa phát hiện tồn tại, vi phạm.",
        "area_checked": "Đã kiểm tra {answered}/{total} nội dung.",
        "basis_VIOLATION": "Vi phạm quy định tại {basis}.",
        "basis_SHORTCOMING": "Chưa thực hiện đúng quy định tại {basis}.",
        "basis_REFERRAL": "Có dấu hiệu vi phạm quy định tại {basis}.",
        "amount_norm": "định mức",
        "amount_actual": "thực chi",
        "amount_excess": "vượt định mức",
        "unwritten": "Nội dung mục {code} của phiếu kiểm tra chưa đạt yêu cầu",
        "level_DIRECT": "Trách nhiệm trực tiếp",
        "level_SUPERVISING": "Trách nhiệm quản lý, phụ trách",
        "level_HEAD": "Trách nhiệm người đứng đầu",
        "level_JOINT": "Trách nhiệm liên đới",
        "collective": "Trách nhiệm của tập thể",
        "collective_lead": "tập thể lãnh đạo {unit}",
        "collective_unit": "tập thể {unit}",
        "praised": "Ghi nhận, biểu dương",
        "of_whom": "{level} của {who}",
        "collective_of": "trách nhiệm",
        "area_unchecked": "Chưa kiểm tra nội dung này.",
        "IV": "IV. Ý KIẾN, GIẢI TRÌNH CỦA ĐƠN VỊ ĐƯỢC KIỂM TRA",
        "none": "Không có.",
        "V": "V. NHẬN XÉT BƯỚC ĐẦU VÀ YÊU CẦU CỦA ĐOÀN KIỂM TRA",
        "V1": "1. Ưu điểm:",
        "V2": "2. Tồn tại, hạn chế, vi phạm; trách nhiệm của tập thể, cá nhân:",
        "V3": "3. Yêu cầu:",
        "deadline": "thời hạn: {date}",
        "acts": "thực hiện: {who}",
        "repay": "số tiền: {amount}",
        "payer": "người nộp: {who}",
        "pay_into": "nộp vào: {where}",
        "report_back": "Đơn vị được kiểm tra báo cáo kết quả khắc phục về {to} trước ngày {date}.",
        "request_PRAISE": "Biểu dương",
        "request_REWARD": "Đề nghị khen thưởng",
        "request_LESSONS": "Chấn chỉnh, rút kinh nghiệm",
        "request_RECTIFY": "Khắc phục tồn tại, hạn chế",
        "request_REVIEW_RESPONSIBILITY": "Tổ chức kiểm điểm, làm rõ trách nhiệm",
        "request_DISCIPLINE": "Xem xét xử lý kỷ luật",
        "request_REASSIGN": "Xem xét điều chuyển, bố trí công việc khác",
        "request_REPLACE": "Xem xét thay thế",
        "request_REFUND": "Thu hồi, nộp trả tiền",
        "request_IMPROVE_RULES": "Hoàn thiện quy chế, quy định",
        "request_REFER": "Chuyển cơ quan có thẩm quyền xem xét",
        "about": "về nội dung “{title}”",
        "official": "Kết luận chính thức do người ra quyết định kiểm tra ban hành bằng văn bản.",
        "accuracy": "Đơn vị được kiểm tra chịu trách nhiệm về tính chính xác, trung thực của thông tin, tài liệu đã cung cấp cho Đoàn kiểm tra.",
        "ended": "Buổi kiểm tra kết thúc vào hồi {time}, {date}.",
        "read_agreed": "Biên bản đã được đọc lại cho những người có tên nêu trên cùng nghe, nhất trí thông qua và ký xác nhận.",
        "read_not_all": "Biên bản đã được đọc lại cho những người có tên nêu trên cùng nghe; những người ký tên dưới đây nhất trí thông qua và ký xác nhận.",
        "copies": "Biên bản gồm {pages} trang (kèm {annexes} phụ lục), được lập thành {copies} bản có giá trị như nhau: Đoàn kiểm tra giữ {team_copies} bản, đơn vị được kiểm tra giữ 01 bản./.",
        "sign_unit": "ĐẠI DIỆN ĐƠN VỊ ĐƯỢC KIỂM TRA",
        "sign_unit_note": "(Ký, ghi rõ họ tên, đóng dấu nếu có)",
        "sign_leader": "TRƯỞNG ĐOÀN KIỂM TRA",
        "sign_member": "THÀNH VIÊN ĐOÀN KIỂM TRA",
        "sign_secretary": "THƯ KÝ (NGƯỜI LẬP BIÊN BẢN)",
        "sign_witness": "NGƯỜI CHỨNG KIẾN",
        "sign_note": "(Ký, ghi rõ họ tên)",
        "qr": "Mã xác thực",
        "refusal": "{who}, {position}, không ký biên bản với lý do: {reason}. Việc từ chối ký có sự chứng kiến của {witness}.",
        "refused_mark": "(Từ chối ký)",
        "unsigned": "{who}, {position}, chưa ký biên bản tại thời điểm niêm phong.",
        "supplement_title": "BIÊN BẢN BỔ SUNG",
        "supplement_summary": "Bổ sung Biên bản kiểm tra số {number} {date}",
        "supplement_basis": "Căn cứ Biên bản kiểm tra số {number} {date} tại {unit};",
        "supplement_body": "NỘI DUNG BỔ SUNG, ĐÍNH CHÍNH",
        "supplement_closing": "Biên bản bổ sung là một phần không tách rời của Biên bản kiểm tra nêu trên; biên bản gồm {pages} trang, được lập thành {copies} bản có giá trị như nhau./.",
    },
    "en": {
        "motto_country": "SOCIALIST REPUBLIC OF VIETNAM",
        "motto": "Independence - Freedom - Happiness",
        "team": "EXAMINATION TEAM",
        "number": "No.: {number}",
        "title": "EXAMINATION MINUTES",
        "summary": "On {subjects} at {unit}",
        "subject_discipline": "compliance with administrative discipline",
        "subject_duties": "performance of public duties",
        "subject_thrift": "the practice of thrift against waste",
        "unofficial": "UNOFFICIAL TRANSLATION of examination minutes made in Vietnamese. Names, positions, places and the texts entered by the team and the unit are kept as entered, in Vietnamese; the Vietnamese minutes alone are signed and valid.",
        "and": "and",
        "basis": "Pursuant to Decision No. {number} of {date} by {signer} on {purpose};",
        "typed_purpose": "“{purpose}”",
        "purpose": "a surprise examination of the performance of public duties",
        "today": "Today, at {time} on {date}, at {place}, the Examination Team carried out a surprise (unannounced) examination, with the following participants:",
        "I": "I. PARTICIPANTS",
        "I1": "1. The examination team:",
        "I2": "2. Representatives of the examined unit:",
        "I3": "3. Witnesses:",
        "member": "- {who}, {position}, {role};",
        "rep": "- {who}, {position};",
        "II": "II. SCOPE AND CONTENT EXAMINED",
        "announced": "The Examination Team announced the examination decision at {time} and examined the following:",
        "examined": "The Examination Team examined the following:",
        "III": "III. FINDINGS",
        "roll": "Working hours (at {time}): staff on the list: {total}{kinds}; present: {present}; late: {late}{late_who}; absent with reason: {with_reason}{reasons}; absent without reason: {without}{without_who}. Details in Annex 01.",
        "kind_CIVIL_SERVANT": "civil servants",
        "kind_PUBLIC_EMPLOYEE": "public employees",
        "kind_CONTRACT": "contract workers",
        "reason_leave": "annual leave",
        "reason_trip": "business trip",
        "reason_sick": "sick",
        "reason_maternity": "maternity",
        "reason_other": "other reasons",
        "at_time": "arrived at {time}",
        "dossiers": "Handling of dossiers ({total} sampled): on time {on_time} ({on_time_pct}); overdue {late} ({late_pct}); overdue dossiers without an apology and new-appointment slip: {no_slip}; the delaying step and handler in Annex 02.",
        "failed_item": "- {text}.",
        "item_note": "Item {code} ({answer}): {note}.",
        "note": "Note: {note}.",
        "other": "Other matters",
        "area_ok": "{answered} of {total} points examined; no shortcoming or violation found.",
        "area_checked": "{answered} of {total} points examined.",
        "basis_VIOLATION": "In breach of {basis}.",
        "basis_SHORTCOMING": "Not fully in line with {basis}.",
        "basis_REFERRAL": "Signs of a breach of {basis}.",
        "amount_norm": "norm",
        "amount_actual": "actual spending",
        "amount_excess": "in excess of the norm",
        "unwritten": "Checklist item {code} not met",
        "level_DIRECT": "Direct responsibility",
        "level_SUPERVISING": "Supervising responsibility",
        "level_HEAD": "Responsibility of the head of unit",
        "level_JOINT": "Joint responsibility",
        "collective": "Collective responsibility",
        "collective_lead": "the leadership of {unit}",
        "collective_unit": "the staff of {unit}",
        "praised": "Commended",
        "of_whom": "{level}: {who}",
        "collective_of": "responsibility",
        "area_unchecked": "Not examined.",
        "IV": "IV. OPINIONS AND EXPLANATIONS OF THE EXAMINED UNIT",
        "none": "None.",
        "V": "V. PRELIMINARY REMARKS AND REQUESTS OF THE EXAMINATION TEAM",
        "V1": "1. Strengths:",
        "V2": "2. Shortcomings, limitations and violations; responsibility of collectives and individuals:",
        "V3": "3. Requests:",
        "deadline": "deadline: {date}",
        "acts": "to act: {who}",
        "repay": "amount: {amount}",
        "payer": "to be repaid by: {who}",
        "pay_into": "paid into: {where}",
        "report_back": "The examined unit reports the results of the corrective action to {to} by {date}.",
        "request_PRAISE": "Commendation",
        "request_REWARD": "Proposal for a reward",
        "request_LESSONS": "Correction and lessons learned",
        "request_RECTIFY": "Remedying shortcomings",
        "request_REVIEW_RESPONSIBILITY": "Responsibility review",
        "request_DISCIPLINE": "Consideration of disciplinary action",
        "request_REASSIGN": "Consideration of a transfer to other work",
        "request_REPLACE": "Consideration of a replacement",
        "request_REFUND": "Recovery and repayment of money",
        "request_IMPROVE_RULES": "Improvement of rules and regulations",
        "request_REFER": "Referral to the competent body",
        "about": "on “{title}”",
        "official": "The official conclusion is issued in writing by the person who decided the examination.",
        "accuracy": "The examined unit is responsible for the accuracy and truthfulness of the information and documents provided to the Examination Team.",
        "ended": "The examination ended at {time} on {date}.",
        "read_agreed": "The minutes were read aloud to the persons named above, who agreed and signed them.",
        "read_not_all": "The minutes were read aloud to the persons named above; those who sign below agreed and signed them.",
        "copies": "The minutes have {pages} pages ({annexes} annexes attached) and are made in {copies} originals of equal validity: the Examination Team keeps {team_copies}, the examined unit keeps 1.",
        "sign_unit": "FOR THE EXAMINED UNIT",
        "sign_unit_note": "(Signature, full name, seal if any)",
        "sign_leader": "HEAD OF THE EXAMINATION TEAM",
        "sign_member": "MEMBER OF THE EXAMINATION TEAM",
        "sign_secretary": "SECRETARY (RECORDER)",
        "sign_witness": "WITNESS",
        "sign_note": "(Signature, full name)",
        "qr": "Verification code",
        "refusal": "{who}, {position}, refused to sign the minutes, giving the reason: {reason}. The refusal was witnessed by {witness}.",
        "refused_mark": "(Refused to sign)",
        "unsigned": "{who}, {position}, had not signed the minutes when they were sealed.",
        "supplement_title": "SUPPLEMENTARY MINUTES",
        "supplement_summary": "Supplementing Examination Minutes No. {number} of {date}",
        "supplement_basis": "Pursuant to Examination Minutes No. {number} of {date} at {unit};",
        "supplement_body": "SUPPLEMENTS AND CORRECTIONS",
        "supplement_closing": "These supplementary minutes are an integral part of the minutes above; they have {pages} pages and are made in {copies} originals of equal validity.",
    },
}
ROLES = {
    "vi": {
        "LEADER": "Trưởng đoàn",
        "DEPUTY": "Phó Trưởng đoàn",
        "MEMBER": "Thành viên",
        "SECRETARY": "Thành viên kiêm Thư ký",
        "MONITOR": "Giám sát",
    },
    "en": {
        "LEADER": "Team head",
        "DEPUTY": "Deputy team head",
        "MEMBER": "Member",
        "SECRETARY": "Member and secretary",
        "MONITOR": "Monitor",
    },
}


@dataclass
class Signatory:
    """One signature block, with the handwritten strokes if the person signed on screen."""

    heading: str
    note: str
    name: str
    strokes: list[list[list[float]]] | None = None
    refused: bool = False


@dataclass
class MinutesModel:
    """Everything the minutes show, in one language, ready to lay out."""

    inspection_id: str
    lang: str
    superior: str
    issuer: str
    number: str
    place_date: str
    title: str
    summary: str
    opening: list[str]
    sections: list[tuple[str, list[str]]]
    closing: list[str]
    signatories: list[Signatory]
    annexes: list[minutes_annexes.Annex]
    words: dict[str, str] = field(default_factory=dict)
    refusals: list[str] = field(default_factory=list)
    sealed: str = ""  # SHA-256 of the record state the signing seals (see sealing.sign_minutes)

    def closing_paragraphs(self, pages: int | str) -> list[str]:
        """The closing of the minutes as printed, ``pages`` filled in: the unit's accountability,
        the end of the visit and the reading-out, each refusal to sign (or signature missing at
        sealing) with its reason, and last the page and copy count, which ends the text with
        "./.". With a refusal, the reading-out no longer says everyone agreed and signed."""
        pages_text = count(pages, self.lang) if isinstance(pages, int) else str(pages)
        if len(self.closing) < 3:  # supplementary minutes: one closing sentence, no reading-out
            return [text.replace("{pages}", pages_text) for text in self.closing]
        *before, ended, copies = self.closing
        read = self.words["read_not_all" if self.refusals else "read_agreed"]
        return [*before, f"{ended} {read}", *self.refusals, copies.replace("{pages}", pages_text)]

    def text(self, pages: int | str = "{pages}") -> list[str]:
        """The minutes as plain lines, in the order printed: the header, title, opening, each
        section, the closing, the signature blocks and each annex (a table row a line, cells
        joined by " | "). What a reader reviews word for word; the PDF lays these lines out."""
        lines = [
            self.superior,
            self.issuer,
            self.number,
            self.words["motto_country"],
            self.words["motto"],
            self.place_date,
            self.title,
            self.summary,
            *self.opening,
        ]
        for heading, body in self.sections:
            lines += [heading, *body]
        lines += self.closing_paragraphs(pages)
        for sign in self.signatories:
            mark = f" {self.words['refused_mark']}" if sign.refused else ""
            lines.append(f"{sign.heading} {sign.note}: {sign.name}{mark}")
        for annex in self.annexes:
            groups = [f"{text} ({first + 1}–{last + 1})" for first, last, text in annex.groups]
            lines += [annex.title, annex.attached_to, *groups, " | ".join(annex.head)]
            lines += [" | ".join(row) for row in annex.rows] or [annex.empty]
            lines += [" | ".join(annex.total)] if annex.total else []
            lines += annex.footer
            lines += [f"{side} {note}" for side, note in annex.initials]
        return lines

    def content(self) -> str:
        """The content as canonical JSON, whose SHA-256 is :meth:`digest`."""
        # the closing keeps "{pages}": the count is known after layout
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    def digest(self) -> str:
        """SHA-256 of the content, identifying the record behind the minutes."""
        return hashlib.sha256(self.content().encode()).hexdigest()


def _sentence(text: str) -> str:
    """End a line with exactly one full stop."""
    return text.rstrip(" .;") + "."


_ITEM = re.compile(r"^(- |\+ |\d+\. )")


_AFTER_OWN_END = re.compile(r"([…?!])[.;:](?=\s|$)")
_SPACE_BEFORE = re.compile(r"\s+([.;,:])(?=\s|$)")


def tidy(line: str) -> str:
    """A composed line without the punctuation the composition doubled: no "." after a typed
    "…", "?" or "!", no space before a ".", ";", "," or ":" (typed "chậm trễ ." reads
    "chậm trễ.")."""
    return _AFTER_OWN_END.sub(r"\1", _SPACE_BEFORE.sub(r"\1", line))


def close_lists(lines: list[str]) -> list[str]:
    """End each list as a Vietnamese administrative text does: every item with ";" but the last,
    which ends with "." (an item is a line that starts with "- " or "1. "); whatever the item's
    own text ended with is replaced, so no item ends ".;" or "..". Other lines are left alone."""
    out = [tidy(line) for line in lines]
    for n, line in enumerate(out):
        if not _ITEM.match(line) or not line.endswith(";"):
            continue
        following = out[n + 1] if n + 1 < len(out) else ""
        heading = following[:1].isdigit() and following.endswith(":")  # "2. Đại diện …:"
        last = not _ITEM.match(following) or heading
        body = line.rstrip(" .;")
        out[n] = body + ("." if last else ";")
    return out


def _representatives(
    ws: Workspace,
    inspection_id: str,
    d: dict[str, Any],
    names: seals.SealedNames | None = None,
) -> list[dict[str, Any]]:
    """The unit's representatives recorded as signatories, else the one proposed (its head, as
    ``names``, a seal, names him)."""
    recorded = [s for s in d["signatories"] if s["side"] == "UNIT"]
    if recorded:
        return recorded
    proposed = signatories.proposed_signatories(ws, inspection_id)
    names = names or seals.SealedNames()
    return [
        {
            **p,
            "name": names.person(p["person_id"], "full_name", p["name"]),
            "title": names.person(p["person_id"], "position", p["title"]),
        }
        for p in proposed
        if p["side"] == "UNIT"
    ]


_ACTED_BY_TARGET = frozenset(
    {
        RecommendationType.LESSONS,
        RecommendationType.RECTIFY,
        RecommendationType.REFUND,
        RecommendationType.IMPROVE_RULES,
        RecommendationType.REFER,
    }
)
_LOWER_PURPOSE = ("Kiểm tra", "Thanh tra", "Giám sát", "Rà soát", "Đánh giá", "Xác minh")
_THRIFT_AREAS = frozenset({"F", "G"})
_DISCIPLINE_AREAS = frozenset({"A"})
_SICK = {ReasonCode.O, ReasonCode.CO}


def _purpose(decision: dict[str, Any], w: dict[str, str], lang: str) -> str:
    """The decision's "về việc …" as entered (its first word lowered where it is a verb: "kiểm
    tra …"), else the fixed wording of a surprise check."""
    purpose = (decision.get("purpose") or "").strip().rstrip(" .;")
    if not purpose:
        return w["purpose"]
    if "typed_purpose" in w:  # another language than the one typed: quoted as typed
        return w["typed_purpose"].format(purpose=purpose)
    for verb in _LOWER_PURPOSE:
        if lang == "vi" and purpose.startswith(verb):
            return purpose[0].lower() + purpose[1:]
    if lang == "vi" and purpose.casefold().startswith("về việc "):
        return purpose[len("về việc ") :]
    return purpose


def summary_subjects(areas: list[str], lang: str) -> str:
    """The trích yếu's subjects, from the areas examined: discipline (area A), public duties
    (B–E, H), thrift and anti-waste (F, G), in that order, joined as a sentence joins them."""
    w = WORDS[lang]
    codes = set(areas)
    parts = []
    if codes & _DISCIPLINE_AREAS:
        parts.append(w["subject_discipline"])
    if codes - _DISCIPLINE_AREAS - _THRIFT_AREAS:
        parts.append(w["subject_duties"])
    if codes & _THRIFT_AREAS:
        parts.append(w["subject_thrift"])
    if not parts:
        parts.append(w["subject_duties"])
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + f" {w['and']} " + parts[-1]


def _reason_group(status: str, reason: str | None) -> str:
    """The skeleton's category of an absence with reason: leave, trip, sick, maternity, other."""
    if status == AttendanceStatus.ON_LEAVE or reason == ReasonCode.P:
        return "leave"
    if status == AttendanceStatus.BUSINESS_TRIP or reason == ReasonCode.CT:
        return "trip"
    if reason in _SICK:
        return "sick"
    if reason == ReasonCode.TS:
        return "maternity"
    return "other"


def _counted(pairs: list[tuple[str, int]]) -> str:
    """ " (a: 1; b: 2)" for the non-zero counts, "" when none."""
    shown = [f"{name}: {count}" for name, count in pairs if count]
    return f" ({'; '.join(shown)})" if shown else ""


def _sentence_of(text: str | None) -> str:
    """A typed text as one sentence of the minutes: trimmed, ending with exactly one full stop
    (or with its own "?" or "!"), "" for nothing."""
    body = one_line(text)
    if body.endswith("..."):  # an ellipsis typed as three dots
        body = body.rstrip(". ") + "…"
    body = body.rstrip(" ;,:.")
    if not body:
        return ""
    if body.endswith(("?", "!", "…")):
        return body
    return body + "."


def build(
    ws: Workspace,
    inspection_id: str,
    *,
    lang: str = "vi",
    number: str | None = None,
    copies: int = 3,
) -> MinutesModel:
    """Turn the record of one inspection into the minutes' content (``{pages}`` left to fill).

    Every sentence is composed here from the record's values; typed texts are put in as clauses
    or sentences of their own, with their end punctuation replaced, never pasted between fixed
    punctuation. A sealed inspection's minutes name its unit, superior body and people as the
    seal fixed them.
    """
    w = WORDS[lang]
    d = listing.inspection_detail(ws, inspection_id)  # names as sealed, if sealed
    names = seals.sealed_names(ws.db, inspection_id)
    people = {
        p["id"]: p
        for p in ws.db.query(
            "SELECT id, full_name, position, gender, staff_type FROM people WHERE deleted = 0"
        )
    }
    for pid, sealed in names.people.items():  # a seal fixes what the minutes print
        if pid in people:
            people[pid] = {**people[pid], **{k: v for k, v in sealed.items() if k in people[pid]}}
    issuer = ws.db.execute(
        "SELECT u.id, u.name FROM decisions d JOIN org_units u ON u.id = d.issuer_unit_id"
        " WHERE d.id = ?",
        [d["decision"]["id"]],
    ).fetchone()
    issuer_name = names.unit(issuer[0], "name", issuer[1]) if issuer else None
    arrived, ended = vietnam_time(d["arrived_at"]), vietnam_time(d["ended_at"])
    announced = vietnam_time(d.get("announced_at"))
    visit_day = arrived.date() if arrived else date.today()
    number_text = number or "……/BB-ĐKT"
    place = d["unit"]["place_name"] or "……"
    unit_name = d["unit"]["name"]
    decision = d["decision"]
    signer = decision["signer_title"] or decision["signer_name"]
    genders = {pid: p.get("gender") for pid, p in people.items()}

    def who(person_id: str | None, name: str) -> str:
        return _who(person_id, name, genders, lang)

    def person(person_id: str | None, name: str | None = None, position: str | None = None) -> str:
        """Ông/Bà, full name and position, as the minutes name a person everywhere."""
        record = people.get(person_id or "", {})
        full = name or record.get("full_name") or "……"
        post = position if position is not None else record.get("position")
        return who(person_id, full) + (f", {clause(post)}" if clause(post) else "")

    opening = [
        *([w["unofficial"]] if "unofficial" in w else []),
        w["basis"].format(
            number=decision["number_symbol"],
            date=date_words(date.fromisoformat(decision["signed_on"]), lang),
            signer=signer,
            purpose=_purpose(decision, w, lang),
        ),
        w["today"].format(
            time=time_words(arrived, lang) if arrived else "……",
            date=date_words(visit_day, lang),
            place=(d["location"] or unit_name)
            + (
                f" ({d['unit']['address'].strip()})" if (d["unit"]["address"] or "").strip() else ""
            ),
        ),
    ]

    team = [w["I1"]] + [
        w["member"].format(
            who=who(m["person_id"], m["full_name"]),
            position=clause(m["position"]) or "……",
            role=ROLES[lang][m["role"]],
        )
        for m in d["team"]
    ]
    reps = _representatives(ws, inspection_id, d, names)
    witnesses = [s for s in d["signatories"] if s["side"] == "WITNESS"]
    team.append(w["I2"])
    for s in reps:
        post = clause(s["title"]) or "……"
        if unit_name.casefold() not in post.casefold():
            post = f"{post} {unit_name}"  # "Giám đốc Bảo hiểm xã hội cơ sở Diễn Châu"
        team.append(w["rep"].format(who=who(s["person_id"], s["name"]), position=post))
    if witnesses:
        team.append(w["I3"])
        team += [
            w["rep"].format(who=who(s["person_id"], s["name"]), position=clause(s["title"]) or "……")
            for s in witnesses
        ]

    scope = [
        w["announced"].format(time=time_words(announced, lang)) if announced else w["examined"]
    ] + [
        f"{n}. {a['title_vi'] if lang == 'vi' else a['title_en']};"
        for n, a in enumerate(d["checklist"], start=1)
    ]

    roll = _roll_sentence(d, people, person, w, lang, arrived)
    roll_fault = any(
        r["status"] in (AttendanceStatus.LATE, AttendanceStatus.ABSENT_WITHOUT_REASON)
        for r in d["roll_call"]
    )
    dossier_traces = [t for t in d["traces"] if t["object_type"] == "DOSSIER"]  # not tasks
    late = [t for t in dossier_traces if t["late_days"] > 0]
    no_slip = sum(1 for t in late if not any(s["apology_slip"] for s in t["steps"]))
    total = len(dossier_traces)
    dossiers = w["dossiers"].format(
        total=total,
        on_time=total - len(late),
        on_time_pct=percent(total - len(late), total, lang),
        late=len(late),
        late_pct=percent(len(late), total, lang),
        no_slip=no_slip,
    )
    titles = {f["id"]: clause(f["title"]) for f in d["findings"]}

    def about(finding_id: str | None, *more: str) -> str:
        """The parenthesis after an explanation or a request: the finding it follows, and more."""
        parts = [w["about"].format(title=titles[finding_id])] if finding_id in titles else []
        parts += [m for m in more if m]
        return f" ({'; '.join(parts)})" if parts else ""

    def subject(r: dict[str, Any]) -> str:
        """Who bears a responsibility: a person by name and post, a collective by its unit."""
        if r["subject_type"] == "COLLECTIVE" or not r["person_id"]:
            unit = r["unit"] or unit_name
            key = "collective_lead" if r["level"] == ResponsibilityLevel.HEAD else "collective_unit"
            return w[key].format(unit=unit)
        return person(r["person_id"], r["person"])

    def praised(f: dict[str, Any]) -> bool:
        return f["severity"] == Severity.GOOD or f["kind"] == "GOOD_PRACTICE"

    def responsibility_line(f: dict[str, Any]) -> str:
        """ "Trách nhiệm trực tiếp: Ông A, Kế toán (note). Trách nhiệm người đứng đầu: …" """
        if praised(f):
            whom = [subject(r) for r in f["responsibilities"]]
            return f"{w['praised']}: {'; '.join(whom)}." if whom else ""
        groups: dict[str, list[str]] = {}
        for r in f["responsibilities"]:
            collective = r["subject_type"] == "COLLECTIVE" or not r["person_id"]
            heading = w["collective"] if collective else w[f"level_{r['level']}"]
            note = clause(r["note"])
            entry = subject(r)
            if collective:
                entry = entry[0].upper() + entry[1:]
            groups.setdefault(heading, []).append(entry + (f" ({note})" if note else ""))
        return " ".join(f"{heading}: {'; '.join(whom)}." for heading, whom in groups.items())

    def finding_lines(f: dict[str, Any]) -> list[str]:
        described = _sentence_of(f["description"])
        line = f"- {titles[f['id']]}" + (f": {described}" if described else ".")
        figures = _amounts(f, w, lang)
        basis = clause(f.get("legal_basis"))
        more = [figures] if figures else []
        if basis and not praised(f):
            kind = f["kind"] if f["kind"] in ("SHORTCOMING", "REFERRAL") else "VIOLATION"
            more.append(w[f"basis_{kind}"].format(basis=basis))
        lines = [" ".join([line, *more])]
        said = responsibility_line(f)
        if said:
            lines.append(said)
        return lines

    item_bases = {  # the law in force on the day of the check
        code: checklists.basis_on(basis, visit_day)
        for code, basis in ws.db.execute(
            "SELECT ci.code, ci.legal_basis FROM checklist_items ci"
            " JOIN inspections i ON i.template_id = ci.template_id"
            " WHERE i.id = ? AND ci.deleted = 0",
            [inspection_id],
        ).fetchall()
    }
    results: list[str] = []
    in_scope = {area["code"] for area in d["checklist"]}
    for n, area in enumerate(d["checklist"], start=1):
        title = area["title_vi"] if lang == "vi" else area["title_en"]
        results.append(f"{n}. {title}:")
        heading = len(results)
        if area["code"] == "A":
            results.append(roll)
        if area["code"] == "B" and total:
            results.append(dossiers)
        area_findings = [f for f in d["findings"] if f["area_code"] == area["code"]]
        for f in area_findings:
            results += finding_lines(f)
        found_items = {f["item_code"] for f in area_findings}
        described = {(f["description"] or "").strip() for f in area_findings}
        problems = len(area_findings)
        for item in area["items"]:
            note = clause(item["note"])
            if item["answer"] == Answer.NOT_COMPLY and item["code"] not in found_items:
                problems += 1
                phrase = item.get(f"violation_{lang}") or item.get("violation_vi")
                text = clause(phrase) or w["unwritten"].format(code=item["code"])
                line = w["failed_item"].format(text=text + (f": {note}" if note else ""))
                basis = clause(item_bases.get(item["code"]))
                results.append(
                    line + (f" {w['basis_VIOLATION'].format(basis=basis)}" if basis else "")
                )
            elif note and note not in described:
                answer = label(Answer(item["answer"]), lang).lower() if item["answer"] else ""
                results.append(w["item_note"].format(code=item["code"], answer=answer, note=note))
        if not problems:  # nothing found here: say what was examined, never a bare heading
            answered = sum(
                1 for item in area["items"] if item["answer"] not in (None, Answer.NOT_CHECKED)
            )
            # figures that show a fault (late, absent, overdue) are no "nothing found"
            figures_fault = (area["code"] == "A" and roll_fault) or (area["code"] == "B" and late)
            verdict = "area_checked" if figures_fault else "area_ok"
            said = (
                w[verdict].format(answered=answered, total=len(area["items"]))
                if answered
                else w["area_unchecked"]
            )
            figures = (area["code"] == "A") + (area["code"] == "B" and total > 0)
            results.insert(heading + figures, said)  # after the area's figures, before notes
    elsewhere = [f for f in d["findings"] if f["area_code"] not in in_scope]
    if elsewhere:  # recorded before findings had to name an area, or its area left the scope
        results.append(f"{len(d['checklist']) + 1}. {w['other']}:")
        for f in elsewhere:
            results += finding_lines(f)
    explanations = [
        f"- {person(e['person_id']) if e.get('person_id') else clause(e['given_by'])}"
        f"{about(e['finding_id'])}: {_sentence_of(e['text'])}"
        for e in d["explanations"]
    ] or [w["none"]]
    good = [f"- {titles[f['id']]}." for f in d["findings"] if praised(f)]
    bad = []
    for f in d["findings"]:
        if praised(f):
            continue
        levels: dict[str, list[str]] = {}
        for r in f["responsibilities"]:
            if r["subject_type"] == "COLLECTIVE" or not r["person_id"]:
                levels.setdefault(w["collective_of"], []).append(subject(r))
            else:
                level = w[f"level_{r['level']}"]
                levels.setdefault(level[0].lower() + level[1:], []).append(
                    who(r["person_id"], r["person"])
                )
        whom = [
            w["of_whom"].format(level=level, who=f" {w['and']} ".join(names_))
            for level, names_ in levels.items()
        ]
        bad.append(f"- {titles[f['id']]}" + (f": {'; '.join(whom)}." if whom else "."))
    unit_names = {
        u["id"]: names.unit(u["id"], "name", u["name"])
        for u in ws.db.query("SELECT id, name FROM org_units WHERE deleted = 0")
    }
    requests = _requests(d, w, lang, about, person, unit_name, unit_names)
    deadlines = [r["deadline"] for r in d["recommendations"] if r["deadline"]]
    report_to = issuer_name or d["unit"]["superior_for_header"]
    report_back = (
        [
            w["report_back"].format(
                to=report_to, date=numeric_date(date.fromisoformat(max(deadlines)), lang)
            )
        ]
        if deadlines and report_to
        else []
    )
    sections = [
        (w["I"], team),
        (w["II"], scope),
        (w["III"], results),
        (w["IV"], explanations),
        (
            w["V"],
            [
                w["V1"],
                *(good or [w["none"]]),
                w["V2"],
                *(bad or [w["none"]]),
                w["V3"],
                *(requests or [w["none"]]),
                *report_back,
                w["official"],
            ],
        ),
    ]
    annexes = 2
    closing = [
        w["accuracy"],
        w["ended"].format(
            time=time_words(ended, lang) if ended else "……",
            date=date_words(ended.date(), lang) if ended else "……",
        ),
        w["copies"].format(
            pages="{pages}",
            annexes=count(annexes, lang),
            copies=count(copies, lang),
            team_copies=count(copies - 1, lang),
        ),
    ]
    by_person = {s["person_id"]: s for s in d["signatories"] if s["person_id"]}
    refusals: list[str] = []

    def block(heading: str, note: str, name: str, record: dict[str, Any] | None) -> Signatory:
        strokes = json.loads(record["strokes"]) if record and record["strokes"] else None
        refused = bool(record and record["refusal_reason"])
        return Signatory(heading, note, name, strokes, refused)

    leader = next((m for m in d["team"] if m["role"] == "LEADER"), None)
    signs = [
        block(
            w["sign_unit"],
            w["sign_unit_note"],
            reps[0]["name"] if reps else "",
            reps[0] if reps else None,
        ),
        block(
            w["sign_leader"],
            w["sign_note"],
            leader["full_name"] if leader else "",
            by_person.get(leader["person_id"]) if leader else None,
        ),
    ]
    for m in d["team"]:
        if m["role"] in ("MEMBER", "DEPUTY", "MONITOR"):
            signs.append(
                block(
                    w["sign_member"], w["sign_note"], m["full_name"], by_person.get(m["person_id"])
                )
            )
    for m in d["team"]:
        if m["role"] == "SECRETARY":
            signs.append(
                block(
                    w["sign_secretary"],
                    w["sign_note"],
                    m["full_name"],
                    by_person.get(m["person_id"]),
                )
            )
    for s in witnesses:
        signs.append(block(w["sign_witness"], w["sign_note"], s["name"], s))
    for s in d["signatories"]:
        if s["refusal_reason"]:
            refusals.append(
                tidy(
                    w["refusal"].format(
                        who=who(s["person_id"], s["name"]),
                        position=clause(s["title"]) or "……",
                        reason=clause(s["refusal_reason"]),
                        witness=clause(s["refusal_witness"]),
                    )
                )
            )

    superior = (issuer_name or d["unit"]["superior_for_header"] or "").upper()
    return MinutesModel(
        inspection_id=inspection_id,
        lang=lang,
        superior=superior,
        issuer=w["team"],
        number=w["number"].format(number=number_text),
        place_date=f"{place}, {date_words(visit_day, lang)}",
        title=w["title"],
        summary=w["summary"].format(subjects=summary_subjects(d["areas"], lang), unit=unit_name),
        opening=close_lists(opening),
        sections=[(heading, close_lists(lines)) for heading, lines in sections],
        closing=closing,
        signatories=signs,
        annexes=minutes_annexes.annexes(d, number_text, visit_day, lang),
        words=w,
        refusals=refusals,
    )


def _roll_sentence(
    d: dict[str, Any],
    people: dict[str, dict[str, Any]],
    person: Any,
    w: dict[str, str],
    lang: str,
    arrived: datetime | None,
) -> str:
    """The roll call in one sentence: staff on the list by kind of employment, present, late
    (who, arriving when), absent with reason by the skeleton's categories, absent without
    reason (who)."""
    roll = d["roll_call"]
    kinds = [people.get(r["person_id"], {}).get("staff_type") for r in roll]
    by_status: dict[str, list[dict[str, Any]]] = {}
    for r in roll:
        by_status.setdefault(r["status"], []).append(r)
    excused = [
        r
        for status in (
            AttendanceStatus.ABSENT_WITH_REASON,
            AttendanceStatus.ON_LEAVE,
            AttendanceStatus.BUSINESS_TRIP,
        )
        for r in by_status.get(status, [])
    ]
    groups = [_reason_group(r["status"], r["reason_code"]) for r in excused]
    late = by_status.get(AttendanceStatus.LATE, [])
    absent = by_status.get(AttendanceStatus.ABSENT_WITHOUT_REASON, [])

    def named(rows: list[dict[str, Any]], at: bool = False) -> str:
        if not rows:
            return ""
        shown = []
        for r in rows:
            text = person(r["person_id"], r["full_name"], r["position"])
            moment = vietnam_time(r["arrived_at"]) if at else None
            if moment:
                text += ", " + w["at_time"].format(time=time_words(moment, lang))
            shown.append(text)
        return f" ({'; '.join(shown)})"

    return w["roll"].format(
        time=time_words(arrived, lang) if arrived else "……",
        total=len(roll),
        kinds=_counted([(w[f"kind_{k}"], kinds.count(k)) for k in StaffType]),
        present=len(by_status.get(AttendanceStatus.PRESENT, [])),
        late=len(late),
        late_who=named(late, at=True),
        with_reason=len(excused),
        reasons=_counted(
            [
                (w[f"reason_{g}"], groups.count(g))
                for g in ("leave", "trip", "sick", "maternity", "other")
            ]
        ),
        without=len(absent),
        without_who=named(absent),
    )


def _amounts(f: dict[str, Any], w: dict[str, str], lang: str) -> str:
    """The money figures of a finding (norm, actual, excess), as one sentence; "" if none."""
    parts = [
        f"{w[key]}: {money(int(f[key]), lang)}"
        for key in ("amount_norm", "amount_actual", "amount_excess")
        if f.get(key) is not None
    ]
    if not parts:
        return ""
    text = "; ".join(parts) + "."
    return text[0].upper() + text[1:]


def _requests(
    d: dict[str, Any],
    w: dict[str, str],
    lang: str,
    about: Any,
    person: Any,
    unit_name: str,
    unit_names: dict[str, str],
) -> list[str]:
    """The team's requests grouped by kind, in the order of the kinds: the kind's label once
    (left out where a lone request's own words begin with it: "Biểu dương …"), the requests of a
    kind with several under it ("+ …"), each with the finding it follows, who acts when not the
    unit itself, the payer and amount to repay, and the deadline. Typed text stays as typed."""
    amounts = {f["id"]: f.get("amount_excess") for f in d["findings"]}
    lines = []
    for kind in RecommendationType:
        group = [r for r in d["recommendations"] if r["type"] == kind]
        if not group:
            continue
        label_text = w[f"request_{kind.value}"]
        clauses = []
        for r in group:
            actor = ""  # who acts, where not the unit; the person a measure concerns is named
            if kind in _ACTED_BY_TARGET:  # in the request's own words
                if r["target_person_id"]:
                    actor = person(r["target_person_id"])
                elif r["target_unit_id"] and unit_names.get(r["target_unit_id"]) != unit_name:
                    actor = unit_names.get(r["target_unit_id"], "")
            repay = amounts.get(r["finding_id"])
            text = clause(r["text"])
            more = [
                w["payer" if kind == RecommendationType.REFUND else "acts"].format(who=actor)
                if actor
                else "",
                w["repay"].format(amount=money(int(repay), lang))
                if kind == RecommendationType.REFUND
                and repay is not None
                and money(int(repay), lang).split()[0] not in text
                else "",
                w["pay_into"].format(where=clause(r.get("pay_to")))
                if kind == RecommendationType.REFUND and clause(r.get("pay_to"))
                else "",
                w["deadline"].format(date=numeric_date(date.fromisoformat(r["deadline"]), lang))
                if r["deadline"]
                else "",
            ]
            clauses.append((text, about(r["finding_id"], *more)))
        if len(clauses) == 1:
            text, extra = clauses[0]
            first_word = label_text.split()[0].casefold()
            said = text.casefold().startswith(first_word)  # "Biểu dương …" says its kind
            lines.append(f"- {text}{extra};" if said else f"- {label_text}: {text}{extra};")
            continue
        lines.append(f"- {label_text}:")  # typed requests stay as typed, one a line
        lines += [f"+ {text}{extra};" for text, extra in clauses]
    return lines


def unsigned_notes(ws: Workspace, parties: list[dict[str, Any]], lang: str = "vi") -> list[str]:
    """The sentences the sealed minutes print for the parties who had neither signed nor refused
    when they were sealed (see ``signatories.unsigned_parties``)."""
    genders = {
        p["id"]: p["gender"] for p in ws.db.query("SELECT id, gender FROM people WHERE deleted = 0")
    }
    return [
        WORDS[lang]["unsigned"].format(
            who=_who(p["person_id"], p["name"], genders, lang),
            position=p["title"] or "……",
        )
        for p in parties
    ]


def _who(person_id: str | None, name: str, genders: dict[str, Any], lang: str) -> str:
    """A person as named in the minutes: with Ông or Bà when the record links a person (Ông/Bà
    while the gender is missing), the name alone for someone known only by name (a witness)."""
    if person_id is None:
        return str(name)
    return f"{address(genders.get(person_id), lang)} {name}"


@dataclass(frozen=True)
class Missing:
    """A value the minutes need and the record lacks, and where it is entered.

    ``tab`` names the workbench tab ("decision", "roll_call", "checklist", "findings",
    "dossiers", "evidence", "minutes"), ``record_id`` the record to select there (None: the tab
    itself), ``field`` what to fill in ("position", "gender", "title", "place_name",
    "superior_for_header", "arrived_at", "ended_at", "number", "representative").
    """

    label: Text
    tab: str
    record_id: str | None
    field: str

    def __str__(self) -> str:
        return str(self.label)


class _Listing(Text):
    """Texts joined by "; ", each rendered in the language of the message that holds them."""

    __slots__ = ("items",)

    def __init__(self, items: list[Text]) -> None:
        super().__init__("")
        self.items = items

    def render(self, lang: str | None = None) -> str:
        return "; ".join(item.render(lang) for item in self.items)


def missing(ws: Workspace, inspection_id: str, *, number: str | None = None) -> list[Missing]:
    """List, in the order the minutes print them, the values the minutes of an inspection would
    print as "……" (or as "Ông/Bà", a gender not recorded): the minutes' ``number`` (given at
    signing), the superior body of the header, the place name, the arrival, the positions and
    genders of the team and of the unit's representatives and witnesses, the legal basis of
    every finding but praise, the end of the visit.

    An empty list means the minutes are complete; a check is signed only then. Reads only.
    """
    d = listing.inspection_detail(ws, inspection_id)
    found: list[Missing] = []
    seen: set[tuple[str | None, str]] = set()

    def lack(label: Text, tab: str, record_id: str | None, field: str) -> None:
        if (record_id, field) not in seen:
            seen.add((record_id, field))
            found.append(Missing(label, tab, record_id, field))

    unsigned = signatories.unsigned_parties(ws, inspection_id)
    # the unit's staff the text names: late or absent without reason, bearing a
    # responsibility, acting on a request, explaining (each printed with Ông or Bà)
    named = {
        r["person_id"]: r["full_name"]
        for r in d["roll_call"]
        if r["status"] in (AttendanceStatus.LATE, AttendanceStatus.ABSENT_WITHOUT_REASON)
    }
    for f in d["findings"]:
        named.update({r["person_id"]: r["person"] for r in f["responsibilities"] if r["person_id"]})
    staff_names = {r["person_id"]: r["full_name"] for r in d["roll_call"]}
    for r in d["recommendations"]:
        if r["target_person_id"] and r["type"] in _ACTED_BY_TARGET:
            named[r["target_person_id"]] = staff_names.get(r["target_person_id"], "")
    for e in d["explanations"]:
        if e.get("person_id"):
            named[e["person_id"]] = staff_names.get(e["person_id"], e["given_by"])
    linked = (
        {m["person_id"] for m in d["team"]}
        | {s["person_id"] for s in d["signatories"] + unsigned if s["person_id"]}
        | set(named)
    )
    marks = ",".join("?" * len(linked))
    rows = ws.db.execute(
        f"SELECT id, gender, full_name FROM people WHERE id IN ({marks}) AND deleted = 0",
        list(linked),
    ).fetchall()
    genders = {pid: gender for pid, gender, _name in rows}
    for pid, _gender, full_name in rows:
        if pid in named and not named[pid]:
            named[pid] = full_name
    team_people = {m["person_id"] for m in d["team"]}

    def gender(person_id: str | None, name: str) -> None:
        if person_id is not None and not gender_known(genders.get(person_id)):
            tab = "decision" if person_id in team_people else "roll_call"
            lack(_("the gender of {name}", name=name), tab, person_id, "gender")

    if not (number or "").strip():
        lack(_("the number of the minutes"), "minutes", None, "number")
    issuer = ws.db.execute(
        "SELECT u.name FROM decisions d JOIN org_units u ON u.id = d.issuer_unit_id WHERE d.id = ?",
        [d["decision"]["id"]],
    ).fetchone()
    unit = d["unit"]
    if not ((issuer and issuer[0]) or unit["superior_for_header"]):
        lack(_("the superior body of the unit"), "decision", unit["id"], "superior_for_header")
    if not unit["place_name"]:
        lack(_("the place name of {unit}", unit=unit["name"]), "decision", unit["id"], "place_name")
    if not d["arrived_at"]:
        lack(_("the arrival time"), "decision", inspection_id, "arrived_at")
    if not any(m["role"] == TeamRole.LEADER for m in d["team"]):
        lack(_("the leader of the team"), "decision", inspection_id, "team")
    for m in d["team"]:
        if not m["position"]:
            lack(
                _("the position of {name}", name=m["full_name"]),
                "decision",
                m["person_id"],
                "position",
            )
        gender(m["person_id"], m["full_name"])
    reps = _representatives(ws, inspection_id, d)
    if not reps:
        lack(_("the representative of the inspected unit"), "minutes", None, "representative")
    printed = reps + [s for s in d["signatories"] if s["side"] == "WITNESS" or s["refusal_reason"]]

    def title(p: dict[str, Any]) -> None:
        """A party printed with a position: its own record's title, else the person's."""
        if p["title"]:
            return
        label = _("the position of {name}", name=p["name"])
        if p["id"] or not p["person_id"]:
            lack(label, "minutes", p["id"], "title")
        else:  # proposed, not recorded yet: the position is the person's
            tab = "decision" if p["person_id"] in team_people else "roll_call"
            lack(label, tab, p["person_id"], "position")

    for p in printed + unsigned:  # unsigned: printed as not having signed when sealed
        title(p)
        gender(p["person_id"], p["name"])
    for person_id, name in named.items():
        gender(person_id, name or "……")
    for f in d["findings"]:  # "vi phạm quy định tại …": every finding but praise cites it
        if f["severity"] != Severity.GOOD and f["kind"] != "GOOD_PRACTICE":
            if not (f["legal_basis"] or "").strip():
                lack(
                    _("the legal basis of the finding “{title}”", title=f["title"].strip()),
                    "findings",
                    f["id"],
                    "legal_basis",
                )
    if not d["ended_at"]:
        lack(_("the end of the visit"), "decision", inspection_id, "ended_at")
    return found


def require_complete(ws: Workspace, inspection_id: str, *, number: str | None = None) -> None:
    """Refuse minutes that would still print "……" or "Ông/Bà", naming what is missing.

    Raises:
        ValidationError: :func:`missing` lists something.
    """
    lacking = missing(ws, inspection_id, number=number)
    if lacking:
        raise incomplete(lacking)


def incomplete(lacking: list[Missing]) -> ValidationError:
    """The refusal to sign minutes that lack these values, naming each in the user's language."""
    return ValidationError(
        _(
            "The minutes cannot be signed yet; still missing: {missing}.",
            missing=_Listing([m.label for m in lacking]),
        )
    )


def build_supplement(
    ws: Workspace,
    inspection_id: str,
    text: str,
    *,
    lang: str = "vi",
    number: str | None = None,
    copies: int = 3,
) -> MinutesModel:
    """The supplementary minutes (biên bản bổ sung) that correct sealed minutes: the same header
    and signatories, a reference to the first minutes, and the corrections, a paragraph a line."""
    body = v.required_text(text, _("Supplement text"))
    main = ws.db.execute(
        "SELECT number, sealed_at FROM minutes WHERE inspection_id = ? AND kind = 'MAIN'"
        " AND deleted = 0",
        [inspection_id],
    ).fetchone()
    if main is None:
        raise ValidationError(_("Only signed and sealed minutes can be supplemented."))
    base = build(ws, inspection_id, lang=lang, number=number, copies=copies)
    w = base.words
    sealed_day = timefmt.parse_utc(main[1]).astimezone(VIETNAM).date()
    reference = {"number": main[0] or "……", "date": date_words(sealed_day, lang)}
    place = base.place_date.split(",", 1)[0]
    base.place_date = f"{place}, {date_words(date.today(), lang)}"  # the day it is made
    base.title = w["supplement_title"]
    base.summary = w["supplement_summary"].format(**reference)
    base.opening = [w["supplement_basis"].format(unit=_unit(ws, inspection_id), **reference)]
    base.sections = [(w["supplement_body"], [p.strip() for p in body.splitlines() if p.strip()])]
    base.closing = [w["supplement_closing"].format(pages="{pages}", copies=count(copies, lang))]
    base.annexes = []
    base.refusals = []  # refusals to sign the first minutes are printed there, not here
    return base


def _unit(ws: Workspace, inspection_id: str) -> str:
    row = ws.db.execute(
        "SELECT u.id, u.name FROM inspections i JOIN org_units u ON u.id = i.unit_id"
        " WHERE i.id = ?",
        [inspection_id],
    ).fetchone()
    return str(seals.sealed_names(ws.db, inspection_id).unit(row[0], "name", row[1]))

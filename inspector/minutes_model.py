# SPDX-License-Identifier: GPL-3.0-or-later
"""What the minutes (biên bản kiểm tra) say: the record of one inspection turned into the sections
of the official skeleton (reference: domain.md §5.5), in Vietnamese or English.

The model is plain data; :mod:`inspector.minutes_pdf` lays it out. Its digest identifies the exact
record the minutes were made from (printed in the QR code of every page).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from inspector import minutes_annexes, overview, records, seals, signatories
from inspector import validate as v
from inspector.errors import ValidationError
from inspector.i18n import Text, _
from inspector.model import (
    Answer,
    RecommendationType,
    ResponsibilityLevel,
    Severity,
    TeamRole,
    label,
)
from inspector.officialdom import (
    address,
    date_words,
    gender_known,
    numeric_date,
    percent,
    time_words,
)
from inspector.timefmt import VIETNAM
from inspector.workspace import Workspace

# Fixed wording of the minutes, per language.
WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "motto_country": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "motto": "Độc lập - Tự do - Hạnh phúc",
        "team": "ĐOÀN KIỂM TRA",
        "number": "Số: {number}",
        "title": "BIÊN BẢN KIỂM TRA",
        "summary": "Việc chấp hành kỷ luật, kỷ cương hành chính và thực hiện nhiệm vụ, công vụ tại {unit}",
        "basis": "Căn cứ Quyết định số {number} {date} của {signer} về việc kiểm tra đột xuất việc thực hiện nhiệm vụ, công vụ;",
        "today": "Hôm nay, vào hồi {time}, {date}, tại {place}, Đoàn kiểm tra tiến hành kiểm tra đột xuất (không báo trước), thành phần gồm:",
        "I": "I. THÀNH PHẦN",
        "I1": "1. Đoàn kiểm tra:",
        "I2": "2. Đại diện đơn vị được kiểm tra:",
        "I3": "3. Người chứng kiến:",
        "member": "- {who}, {position}, {role};",
        "rep": "- {who}, {position};",
        "II": "II. NỘI DUNG KIỂM TRA",
        "III": "III. KẾT QUẢ KIỂM TRA",
        "roll": "Thời giờ làm việc (tại thời điểm {time}): tổng số công chức, viên chức, người lao động theo danh sách: {total} người; có mặt: {present} người; đến muộn: {late} người; vắng có lý do: {with_reason} người (nghỉ phép: {leave}; đi công tác: {trip}; lý do khác: {other}); vắng không có lý do: {without} người. Chi tiết tại Phụ lục 01.",
        "dossiers": "Giải quyết hồ sơ (lấy mẫu {total} hồ sơ): đúng hạn {on_time} ({on_time_pct}); quá hạn {late} ({late_pct}); số hồ sơ quá hạn chưa có Phiếu xin lỗi và hẹn lại ngày trả kết quả: {no_slip}; khâu chậm và người xử lý tại Phụ lục 02.",
        "failed_item": "Mục {code} không đạt: {text}.",
        "item_note": "Mục {code} ({answer}): {note}.",
        "note": "Ghi chú: {note}.",
        "other": "Nội dung khác",
        "area_ok": "Đã kiểm tra {answered}/{total} nội dung: không phát hiện tồn tại, vi phạm.",
        "area_unchecked": "Chưa kiểm tra nội dung này.",
        "responsible": "Trách nhiệm: {list}.",
        "IV": "IV. Ý KIẾN, GIẢI TRÌNH CỦA ĐƠN VỊ ĐƯỢC KIỂM TRA",
        "none": "Không có.",
        "V": "V. NHẬN XÉT BƯỚC ĐẦU VÀ YÊU CẦU CỦA ĐOÀN KIỂM TRA",
        "V1": "1. Ưu điểm:",
        "V2": "2. Tồn tại, hạn chế, vi phạm; trách nhiệm của tập thể, cá nhân:",
        "V3": "3. Yêu cầu:",
        "deadline": "thời hạn: {date}",
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
        "summary": "On compliance with administrative discipline and performance of public duties at {unit}",
        "basis": "Pursuant to Decision No. {number} of {date} by {signer} on a surprise examination of the performance of public duties;",
        "today": "Today, at {time} on {date}, at {place}, the Examination Team carried out a surprise (unannounced) examination, with the following participants:",
        "I": "I. PARTICIPANTS",
        "I1": "1. The examination team:",
        "I2": "2. Representatives of the examined unit:",
        "I3": "3. Witnesses:",
        "member": "- {who}, {position}, {role};",
        "rep": "- {who}, {position};",
        "II": "II. SCOPE AND CONTENT EXAMINED",
        "III": "III. FINDINGS",
        "roll": "Working hours (at {time}): staff on the list: {total}; present: {present}; late: {late}; absent with reason: {with_reason} (annual leave: {leave}; business trip: {trip}; other reasons: {other}); absent without reason: {without}. Details in Annex 01.",
        "dossiers": "Handling of dossiers ({total} sampled): on time {on_time} ({on_time_pct}); overdue {late} ({late_pct}); overdue dossiers without an apology and new-appointment slip: {no_slip}; the delaying step and handler in Annex 02.",
        "failed_item": "Item {code} not complied with: {text}.",
        "item_note": "Item {code} ({answer}): {note}.",
        "note": "Note: {note}.",
        "other": "Other matters",
        "area_ok": "{answered} of {total} points examined: no shortcoming or violation found.",
        "area_unchecked": "Not examined.",
        "responsible": "Responsibility: {list}.",
        "IV": "IV. OPINIONS AND EXPLANATIONS OF THE EXAMINED UNIT",
        "none": "None.",
        "V": "V. PRELIMINARY REMARKS AND REQUESTS OF THE EXAMINATION TEAM",
        "V1": "1. Strengths:",
        "V2": "2. Shortcomings, limitations and violations; responsibility of collectives and individuals:",
        "V3": "3. Requests:",
        "deadline": "deadline: {date}",
        "about": "on “{title}”",
        "official": "The official conclusion is issued in writing by the person who decided the examination.",
        "accuracy": "The examined unit is responsible for the accuracy and truthfulness of the information and documents provided to the Examination Team.",
        "ended": "The examination ended at {time} on {date}.",
        "read_agreed": "The minutes were read aloud to the persons named above, who agreed and signed them.",
        "read_not_all": "The minutes were read aloud to the persons named above; those who sign below agreed and signed them.",
        "copies": "The minutes have {pages} pages ({annexes} annexes attached) and are made in {copies} originals of equal validity: the Examination Team keeps {team_copies}, the examined unit keeps 01./.",
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
        "supplement_closing": "These supplementary minutes are an integral part of the minutes above; they have {pages} pages and are made in {copies} originals of equal validity./.",
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
        count = f"{pages:02d}" if isinstance(pages, int) else str(pages)
        if len(self.closing) < 3:  # supplementary minutes: one closing sentence, no reading-out
            return [text.replace("{pages}", count) for text in self.closing]
        *before, ended, copies = self.closing
        read = self.words["read_not_all" if self.refusals else "read_agreed"]
        return [*before, f"{ended} {read}", *self.refusals, copies.replace("{pages}", count)]

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


_ITEM = re.compile(r"^(- |\d+\. )")


def close_lists(lines: list[str]) -> list[str]:
    """End each list as a Vietnamese administrative text does: every item with ";" but the last,
    which ends with "." (an item is a line that starts with "- " or "1. "); whatever the item's
    own text ended with is replaced, so no item ends ".;" or "..". Other lines are left alone."""
    out = list(lines)
    for n, line in enumerate(out):
        if not _ITEM.match(line) or not line.endswith(";"):
            continue
        last = n + 1 == len(out) or not _ITEM.match(out[n + 1])
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


def _local(stamp: str | None) -> Any:
    return records.parse_utc(stamp).astimezone(VIETNAM) if stamp else None


def build(
    ws: Workspace,
    inspection_id: str,
    *,
    lang: str = "vi",
    number: str | None = None,
    copies: int = 3,
) -> MinutesModel:
    """Turn the record of one inspection into the minutes' content (``{pages}`` left to fill).

    A sealed inspection's minutes name its unit, superior body and people as the seal fixed them.
    """
    w = WORDS[lang]
    d = overview.inspection_detail(ws, inspection_id)  # names as sealed, if sealed
    names = seals.sealed_names(ws.db, inspection_id)
    people = {
        p["id"]: p
        for p in ws.db.query("SELECT id, full_name, position, gender FROM people WHERE deleted = 0")
    }
    issuer = ws.db.execute(
        "SELECT u.id, u.name FROM decisions d JOIN org_units u ON u.id = d.issuer_unit_id"
        " WHERE d.id = ?",
        [d["decision"]["id"]],
    ).fetchone()
    issuer_unit = (names.unit(issuer[0], "name", issuer[1]),) if issuer else None
    arrived, ended = _local(d["arrived_at"]), _local(d["ended_at"])
    visit_day = arrived.date() if arrived else date.today()
    number_text = number or "……/BB-ĐKT"
    place = d["unit"]["place_name"] or "……"
    decision = d["decision"]
    signer = " ".join(filter(None, [decision["signer_title"] or decision["signer_name"]]))

    opening = [
        w["basis"].format(
            number=decision["number_symbol"],
            date=date_words(date.fromisoformat(decision["signed_on"]), lang),
            signer=signer,
        ),
        w["today"].format(
            time=time_words(arrived, lang) if arrived else "……",
            date=date_words(visit_day, lang),
            place=(d["location"] or d["unit"]["name"])
            + (
                f" ({d['unit']['address'].strip()})" if (d["unit"]["address"] or "").strip() else ""
            ),
        ),
    ]

    genders = {pid: p["gender"] for pid, p in people.items()}
    genders.update({pid: p.get("gender") for pid, p in names.people.items()})

    def who(person_id: str | None, name: str) -> str:
        return _who(person_id, name, genders, lang)

    team = [w["I1"]] + [
        w["member"].format(
            who=who(m["person_id"], m["full_name"]),
            position=m["position"] or "……",
            role=ROLES[lang][m["role"]],
        )
        for m in d["team"]
    ]
    reps = _representatives(ws, inspection_id, d, names)
    witnesses = [s for s in d["signatories"] if s["side"] == "WITNESS"]
    team.append(w["I2"])
    for s in reps:
        team.append(
            w["rep"].format(who=who(s["person_id"], s["name"]), position=s["title"] or "……")
        )
    if witnesses:
        team.append(w["I3"])
        team += [
            w["rep"].format(who=who(s["person_id"], s["name"]), position=s["title"] or "……")
            for s in witnesses
        ]

    scope = [
        f"{n}. {a['title_vi'] if lang == 'vi' else a['title_en']};"
        for n, a in enumerate(d["checklist"], start=1)
    ]

    counts = d["attendance_counts"]
    reasons = [r["reason_code"] for r in d["roll_call"] if r["status"] == "ABSENT_WITH_REASON"]
    roll = w["roll"].format(
        time=time_words(arrived, lang) if arrived else "……",
        total=len(d["roll_call"]),
        present=counts["PRESENT"],
        late=counts["LATE"],
        with_reason=counts["ABSENT_WITH_REASON"] + counts["ON_LEAVE"] + counts["BUSINESS_TRIP"],
        leave=counts["ON_LEAVE"],
        trip=counts["BUSINESS_TRIP"],
        other=len(reasons),
        without=counts["ABSENT_WITHOUT_REASON"],
    )
    late = [t for t in d["traces"] if t["late_days"] > 0]
    no_slip = sum(1 for t in late if not any(s["apology_slip"] for s in t["steps"]))
    total = len(d["traces"])
    dossiers = w["dossiers"].format(
        total=total,
        on_time=total - len(late),
        on_time_pct=percent(total - len(late), total),
        late=len(late),
        late_pct=percent(len(late), total),
        no_slip=no_slip,
    )
    titles = {f["id"]: f["title"].rstrip(" .;") for f in d["findings"]}

    def about(finding_id: str | None, *more: str) -> str:
        """The parenthesis after an explanation or a request: the finding it follows, and more."""
        parts = [w["about"].format(title=titles[finding_id])] if finding_id in titles else []
        parts += [m for m in more if m]
        return f" ({'; '.join(parts)})" if parts else ""

    def finding_lines(f: dict[str, Any]) -> list[str]:
        lines = [
            f"- {f['title'].rstrip(' .;')}" + (f": {f['description']}" if f["description"] else "")
        ]
        lines[0] = _sentence(lines[0])
        if f["responsibilities"]:
            whom = "; ".join(
                f"{r['person'] or r['unit']} ({label(ResponsibilityLevel(r['level']), lang).lower()}"
                + (f": {r['note'].rstrip(' .;')}" if r["note"] else "")
                + ")"
                for r in f["responsibilities"]
            )
            lines.append(w["responsible"].format(list=whom))
        return lines

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
        for item in area["items"]:
            note = (item["note"] or "").strip()
            if item["answer"] == Answer.NOT_COMPLY and item["code"] not in found_items:
                text = item["text_vi"] if lang == "vi" else item["text_en"]
                line = w["failed_item"].format(code=item["code"], text=text.rstrip(" .;"))
                results.append(
                    line + (" " + w["note"].format(note=note.rstrip(" .;")) if note else "")
                )
            elif note and note not in described:
                answer = label(Answer(item["answer"]), lang).lower() if item["answer"] else ""
                results.append(
                    w["item_note"].format(code=item["code"], answer=answer, note=note.rstrip(" .;"))
                )
        if len(results) == heading:  # nothing found here: say what was examined, never a bare title
            answered = sum(
                1 for item in area["items"] if item["answer"] not in (None, Answer.NOT_CHECKED)
            )
            results.append(
                w["area_ok"].format(answered=answered, total=len(area["items"]))
                if answered
                else w["area_unchecked"]
            )
    elsewhere = [f for f in d["findings"] if f["area_code"] not in in_scope]
    if elsewhere:  # recorded before findings had to name an area, or its area left the scope
        results.append(f"{len(d['checklist']) + 1}. {w['other']}:")
        for f in elsewhere:
            results += finding_lines(f)
    explanations = [
        f"- {e['given_by']}{about(e['finding_id'])}: {e['text']}" for e in d["explanations"]
    ] or [w["none"]]
    good = [f"- {f['title']}." for f in d["findings"] if f["severity"] == Severity.GOOD]
    bad = [f"- {f['title']}." for f in d["findings"] if f["severity"] != Severity.GOOD]
    requests = [
        f"- {label(RecommendationType(r['type']), lang)}: {r['text'].rstrip(' .;')}"
        + about(
            r["finding_id"],
            w["deadline"].format(date=numeric_date(date.fromisoformat(r["deadline"])))
            if r["deadline"]
            else "",
        )
        + ";"
        for r in d["recommendations"]
    ]
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
            annexes=f"{annexes:02d}",
            copies=f"{copies:02d}",
            team_copies=f"{copies - 1:02d}",
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
                w["refusal"].format(
                    who=who(s["person_id"], s["name"]),
                    position=s["title"] or "……",
                    reason=s["refusal_reason"].rstrip(" ."),
                    witness=s["refusal_witness"],
                )
            )

    superior = (issuer_unit[0] if issuer_unit else d["unit"]["superior_for_header"] or "").upper()
    return MinutesModel(
        inspection_id=inspection_id,
        lang=lang,
        superior=superior,
        issuer=w["team"],
        number=w["number"].format(number=number_text),
        place_date=f"{place}, {date_words(visit_day, lang)}",
        title=w["title"],
        summary=w["summary"].format(unit=d["unit"]["name"]),
        opening=close_lists(opening),
        sections=[(heading, close_lists(lines)) for heading, lines in sections],
        closing=closing,
        signatories=signs,
        annexes=minutes_annexes.annexes(d, number_text, visit_day, lang),
        words=w,
        refusals=refusals,
    )


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
    genders of the team and of the unit's representatives and witnesses, the end of the visit.

    An empty list means the minutes are complete; a check is signed only then. Reads only.
    """
    d = overview.inspection_detail(ws, inspection_id)
    found: list[Missing] = []
    seen: set[tuple[str | None, str]] = set()

    def lack(label: Text, tab: str, record_id: str | None, field: str) -> None:
        if (record_id, field) not in seen:
            seen.add((record_id, field))
            found.append(Missing(label, tab, record_id, field))

    unsigned = signatories.unsigned_parties(ws, inspection_id)
    linked = {m["person_id"] for m in d["team"]} | {
        s["person_id"] for s in d["signatories"] + unsigned if s["person_id"]
    }
    marks = ",".join("?" * len(linked))
    genders = dict(
        ws.db.execute(
            f"SELECT id, gender FROM people WHERE id IN ({marks}) AND deleted = 0", list(linked)
        )
    )
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
    sealed_day = records.parse_utc(main[1]).astimezone(VIETNAM).date()
    reference = {"number": main[0] or "……", "date": date_words(sealed_day, lang)}
    place = base.place_date.split(",", 1)[0]
    base.place_date = f"{place}, {date_words(date.today(), lang)}"  # the day it is made
    base.title = w["supplement_title"]
    base.summary = w["supplement_summary"].format(**reference)
    base.opening = [w["supplement_basis"].format(unit=_unit(ws, inspection_id), **reference)]
    base.sections = [(w["supplement_body"], [p.strip() for p in body.splitlines() if p.strip()])]
    base.closing = [w["supplement_closing"].format(pages="{pages}", copies=f"{copies:02d}")]
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

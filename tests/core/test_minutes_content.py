# SPDX-License-Identifier: GPL-3.0-or-later
"""Nothing typed is left out of the minutes: a finding made from scratch sits under its area with
its description and responsibility; item notes, explanations and recommendations (with the finding
they follow) are printed; what the minutes would print as "……" or "Ông/Bà" is listed as missing,
and signing waits until nothing is."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from inspector.cli import main as cli
from inspector.demo.build import DemoResult, sign_demo
from inspector.errors import ValidationError
from inspector.fieldwork import (
    answers,
    findings,
    inspections,
    recommendations,
    roll_call,
    signatories,
    units,
)
from inspector.minutes import content as minutes_content
from inspector.minutes import layout as minutes_layout
from inspector.minutes import sealing
from inspector.store import records
from inspector.store.workspace import Workspace
from inspector.vocabulary import RecommendationType
from tests.conftest import snapshot

BASIS = "Nghị định số 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ"
DESCRIPTION = "Sổ tiếp công dân năm 2026 không ghi kết quả xử lý của 04 lượt tiếp."
NOTE = "Sổ tiếp công dân lưu tại Bộ phận một cửa, ghi đủ họ tên người đến."


def _lines(model: minutes_content.MinutesModel, heading: str) -> list[str]:
    return next(lines for head, lines in model.sections if head.startswith(heading))


def _under(lines: list[str], area_title: str) -> list[str]:
    """The lines of section III under one area, up to the next area."""
    start = next(n for n, line in enumerate(lines) if area_title in line and line.endswith(":"))
    end = next(
        (n for n in range(start + 1, len(lines)) if lines[n][:2].rstrip(".").isdigit()),
        len(lines),
    )
    return lines[start + 1 : end]


def _from_scratch(ws: Workspace, made: DemoResult) -> str:
    """A finding recorded without a checklist item, under area D, with all that hangs on it."""
    iid = made.inspection_id
    fid = findings.add_finding(
        ws,
        iid,
        title="Sổ tiếp công dân ghi thiếu kết quả xử lý",
        severity="2",
        area_code="D",
        description=DESCRIPTION,
        legal_basis=BASIS,
    )
    findings.assign_responsibility(
        ws,
        fid,
        level="DIRECT",
        person_id=made.people["Tạ Thị Hương Giang"],
        note="Người ghi sổ tiếp công dân",
    )
    recommendations.recommend(
        ws,
        iid,
        finding_id=fid,
        type=findings.default_recommendation_type("2").value,
        text="Ghi đầy đủ kết quả xử lý vào sổ tiếp công dân",
        deadline="2026-03-20",
    )
    recommendations.add_explanation(
        ws, iid, finding_id=fid, given_by="Tạ Thị Hương Giang, Văn thư", text="Do sơ suất khi ghi."
    )
    answers.answer_item(ws, iid, "D2", "COMPLIES", note=NOTE)
    return fid


def test_a_finding_from_scratch_prints_under_its_area_with_everything_typed(demo) -> None:
    ws, made = demo
    fid = _from_scratch(ws, made)
    assert records.get(ws.db, "findings", fid)["area_code"] == "D"
    model = minutes_content.build(ws, made.inspection_id, number="03/BB-ĐKT")
    results = _lines(model, "III.")
    area_d = _under(results, "Tiếp công dân")
    said = f"- Sổ tiếp công dân ghi thiếu kết quả xử lý: {DESCRIPTION}"
    assert f"{said} Chưa thực hiện đúng quy định tại {BASIS}." in area_d  # a shortcoming
    assert (
        "Trách nhiệm trực tiếp: Bà Tạ Thị Hương Giang, Văn thư (Người ghi sổ tiếp công dân)."
        in area_d
    )
    assert f"Mục D2 (đạt): {NOTE.rstrip('.')}." in area_d
    about = "về nội dung “Sổ tiếp công dân ghi thiếu kết quả xử lý”"
    assert f"- Tạ Thị Hương Giang, Văn thư ({about}): Do sơ suất khi ghi." in _lines(model, "IV.")
    requests = _lines(model, "V.")
    # a third request of its kind: under the kind's label, as typed
    typed = f"+ Ghi đầy đủ kết quả xử lý vào sổ tiếp công dân ({about}; thời hạn: 20/03/2026);"
    assert typed in requests
    assert requests.index("- Chấn chỉnh, rút kinh nghiệm:") < requests.index(typed)
    assert "- Bà Tạ Thị Hương Giang, Văn thư" not in " ".join(requests)  # given_by, as typed
    english = minutes_content.build(ws, made.inspection_id, lang="en", number="03/BB-ĐKT")
    assert "Item D2 (complies): " + NOTE in " ".join(_lines(english, "III."))


def test_a_non_complying_item_prints_its_note(demo) -> None:
    ws, made = demo
    answers.answer_item(ws, made.inspection_id, "D3", "NOT_COMPLY", note="Chưa niêm yết")
    results = _lines(minutes_content.build(ws, made.inspection_id), "III.")
    (line,) = [line for line in results if ": Chưa niêm yết." in line]
    item = next(
        i
        for area in minutes_content.listing.inspection_detail(ws, made.inspection_id)["checklist"]
        for i in area["items"]
        if i["code"] == "D3"
    )
    assert line.startswith("- ") and item["text_vi"].rstrip(".") not in line  # not the duty


def test_a_new_finding_defaults_to_the_first_area_and_refuses_an_area_out_of_scope(
    check: dict[str, str], ws: Workspace
) -> None:
    iid = check["inspection"]
    fid = findings.add_finding(ws, iid, title="Không đeo thẻ", severity="2")
    assert records.get(ws.db, "findings", fid)["area_code"] == "A"
    before = snapshot(ws)
    for bad in ({"area_code": "Z"}, {"area_code": "B", "item_code": "A1"}):
        with pytest.raises(ValidationError):
            findings.add_finding(ws, iid, title="x", severity="2", **bad)
    assert snapshot(ws) == before


def test_a_finding_from_an_item_takes_the_items_note(check: dict[str, str], ws: Workspace) -> None:
    iid = check["inspection"]
    answers.answer_item(ws, iid, "A3", "NOT_COMPLY", note="02 người không đeo thẻ")
    fid = findings.add_finding(ws, iid, title="Không đeo thẻ", severity="2", item_code="A3")
    assert records.get(ws.db, "findings", fid)["description"] == "02 người không đeo thẻ"


def test_moving_a_finding_is_a_logged_change_and_checked(
    check: dict[str, str], ws: Workspace
) -> None:
    iid = check["inspection"]
    fid = findings.add_finding(ws, iid, title="Vắng", severity="3", area_code="A")
    assert findings.move_finding(ws, fid, area_code="C", item_code="C2")
    row = records.get(ws.db, "findings", fid)
    item = ws.db.execute("SELECT code FROM checklist_items WHERE id = ?", [row["item_id"]])
    assert (row["area_code"], item.fetchone()[0]) == ("C", "C2")
    logged = ws.db.execute(
        "SELECT field FROM changes WHERE record_id = ? AND op = 'update'", [fid]
    ).fetchall()
    assert {f[0] for f in logged} == {"area_code", "item_id"}
    assert findings.move_finding(ws, fid, area_code="A")  # undone: back under A, no item
    row = records.get(ws.db, "findings", fid)
    assert (row["area_code"], row["item_id"]) == ("A", None)
    assert not findings.move_finding(ws, fid, area_code="A")
    before = snapshot(ws)
    for bad in ({"area_code": "Q"}, {"area_code": "A", "item_code": "B1"}, {"area_code": None}):
        with pytest.raises(ValidationError):
            findings.move_finding(ws, fid, **bad)
    assert snapshot(ws) == before


def test_a_recommendation_starts_as_what_fits_the_severity() -> None:
    assert findings.default_recommendation_type("0") == RecommendationType.PRAISE
    for grade in ("1", "2", "3", "4", "5", "X"):
        assert findings.default_recommendation_type(grade) not in (
            RecommendationType.PRAISE,
            RecommendationType.REWARD,
        )
    assert findings.default_recommendation_type("X") == RecommendationType.REFER


def _labels(ws: Workspace, iid: str, **kw: str) -> list[str]:
    return [m.label.render("vi") for m in minutes_content.missing(ws, iid, **kw)]


def test_missing_lists_what_would_print_as_dots_or_ong_ba(
    check: dict[str, str], ws: Workspace
) -> None:
    iid = check["inspection"]
    lacking = minutes_content.missing(ws, iid)
    assert [m.label.render("vi") for m in lacking] == [
        "số biên bản",
        "cấp trên của đơn vị",
        "địa danh của Bảo hiểm xã hội cơ sở Thử Nghiệm",
        "chức vụ của Trần Văn Trưởng",
        "giới tính của Trần Văn Trưởng",
        "giới tính của Nguyễn Thị Thử",
        "thời điểm kết thúc",
    ]
    where = {(m.field, m.record_id): m.tab for m in lacking}
    assert where[("position", check["leader"])] == "decision"
    assert where[("gender", check["staff"])] == "roll_call"
    assert where[("number", None)] == "minutes"
    assert where[("ended_at", iid)] == "decision"
    assert lacking[3].label.render("en") == "the position of Trần Văn Trưởng"
    # a draft still prints the dots and Ông/Bà
    text = " ".join(line for _h, lines in minutes_content.build(ws, iid).sections for line in lines)
    assert "……" in text and "Ông/Bà Nguyễn Thị Thử" in text

    units.update_person(ws, check["staff"], gender="FEMALE")
    units.update_person(ws, check["leader"], gender="MALE", position="Trưởng phòng")
    units.update_unit(ws, check["unit"], place_name="Thử Nghiệm", superior_for_header="BHXH TỈNH")
    inspections.end_visit(ws, iid, "2026-03-05T11:00:00+07:00")
    assert _labels(ws, iid) == ["số biên bản"]
    assert _labels(ws, iid, number="  ") == ["số biên bản"]
    assert _labels(ws, iid, number="02/BB-ĐKT") == []

    # a witness known by name only is named without Ông/Bà; a title left out is missing
    witness = signatories.add_signatory(ws, iid, name="Phạm Thị Hoa", side="WITNESS")
    lacking = minutes_content.missing(ws, iid, number="02/BB-ĐKT")
    assert [(m.label.render("vi"), m.tab, m.record_id) for m in lacking] == [
        ("chức vụ của Phạm Thị Hoa", "minutes", witness)
    ]


def test_signing_is_refused_while_something_is_missing(
    check: dict[str, str], ws: Workspace
) -> None:
    before = snapshot(ws)
    with pytest.raises(ValidationError) as refused:
        sealing.sign_minutes(ws, check["inspection"], "không cần mật khẩu", number="01/BB-ĐKT")
    message = refused.value.message("vi")
    assert message.startswith("Chưa thể ký biên bản; còn thiếu: cấp trên của đơn vị;")
    assert "chức vụ của Trần Văn Trưởng" in message and "thời điểm kết thúc" in message
    assert "the gender of Nguyễn Thị Thử" in refused.value.message("en")
    assert snapshot(ws) == before


def test_the_demo_is_complete_and_its_signed_minutes_print_no_dots(demo, tmp_path: Path) -> None:
    ws, made = demo
    fid = _from_scratch(ws, made)
    assert minutes_content.missing(ws, made.inspection_id, number="03/BB-ĐKT") == []
    pdf = sign_demo(ws, made.inspection_id)
    assert pdf is not None
    with pdfplumber.open(pdf) as document:
        text = " ".join(" ".join((p.extract_text() or "").split()) for p in document.pages)
    assert "……" not in text and "Ông/Bà" not in text
    for typed in (
        DESCRIPTION,
        "Người ghi sổ tiếp công dân",
        "Ghi đầy đủ kết quả xử lý vào sổ tiếp công dân",
        "Do sơ suất khi ghi.",
        NOTE.rstrip("."),
    ):
        assert typed in text, typed
    with pytest.raises(ValidationError):  # sealed: the finding stays where it is
        findings.move_finding(ws, fid, area_code="A")
    # the seal names the number as typed; the minutes print it as "Số: 03/BB-ĐKT"
    seal = {
        **next(ws.db.query("SELECT * FROM minutes WHERE kind = 'MAIN'")),
        "signed_by": "Nguyễn Văn Hùng",  # the leader, as the certificate "… (demo)" names him
    }
    keywords, signer = sealing.certified_keywords(pdf), "Nguyễn Văn Hùng (demo)"
    assert seal["number"] == "03/BB-ĐKT" and sealing.check_seal(seal, keywords, signer)
    assert not sealing.check_seal({**seal, "number": "04/BB-ĐKT"}, keywords, signer)


def test_a_draft_pdf_still_prints_dots(
    check: dict[str, str], ws: Workspace, tmp_path: Path
) -> None:
    model = minutes_content.build(ws, check["inspection"])
    with pdfplumber.open(minutes_layout.render(model, tmp_path / "nhap.pdf")) as document:
        first = document.pages[0].extract_text() or ""
    assert "Số: ……/BB-ĐKT" in first


def test_the_command_line_refuses_to_sign_incomplete_minutes(
    check: dict[str, str],
    ws: Workspace,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("INSPECTOR_PASSPHRASE", "không cần đến")
    home, iid = str(ws.home), check["inspection"]
    ws.close()
    code = cli.main(["--home", home, "--lang", "en", "sign", iid, "--number", "01/BB-ĐKT"])
    assert code == 1
    error = capsys.readouterr().err
    assert "still missing: the superior body of the unit;" in error
    assert "the position of Trần Văn Trưởng" in error
    with Workspace.open(Path(home)) as again:
        assert records.get(again.db, "inspections", iid)["status"] != "SIGNED"


def test_an_area_without_findings_says_what_was_examined_and_a_late_arrival_its_time(
    check: dict[str, str], ws: Workspace
) -> None:
    iid = check["inspection"]
    roll_call.record_attendance(
        ws, iid, check["staff"], "LATE", arrived_at="2026-03-05T08:05:00+07:00"
    )
    first, second, third = minutes_content.listing.inspection_detail(ws, iid)["checklist"][:3]
    answers.answer_item(ws, iid, second["items"][0]["code"], "COMPLIES")
    answers.answer_item(ws, iid, second["items"][1]["code"], "NOT_CHECKED")
    model = minutes_content.build(ws, iid)
    results = _lines(model, "III.")
    assert _under(results, second["title_vi"]) == [
        f"Đã kiểm tra 1/{len(second['items'])} nội dung; chưa phát hiện tồn tại, vi phạm."
    ]
    assert _under(results, third["title_vi"]) == ["Chưa kiểm tra nội dung này."]
    assert first["code"] == "A"
    assert model.annexes[0].rows[0][1:] == [
        "Nguyễn Thị Thử",
        "Viên chức",
        "Đến muộn",
        "đến lúc 08 giờ 05 phút",
    ]


def test_a_request_to_repay_says_who_pays_how_much_and_where(demo) -> None:
    """Payer, amount and where to pay, for a request to repay money only: another kind of
    request given an account is refused in the user's language, and nothing changes."""
    ws, made = demo
    iid = made.inspection_id
    (conference,) = ws.db.execute(
        "SELECT f.id FROM findings f JOIN checklist_items ci ON ci.id = f.item_id"
        " WHERE f.inspection_id = ? AND ci.code = 'F3'",
        [iid],
    ).fetchone()
    accountant = made.people["Võ Thị Lan Anh"]
    rid = recommendations.recommend(
        ws,
        iid,
        finding_id=conference,
        type="REFUND",
        text="Bồi hoàn phần chi vượt",
        target_person_id=accountant,
        pay_to="tài khoản tạm giữ của Bảo hiểm xã hội tỉnh Nghệ An",
        deadline="2026-04-30",
    )
    line = next(x for x in _lines(minutes_content.build(ws, iid), "V.") if "Bồi hoàn" in x)
    assert "người nộp: Bà Võ Thị Lan Anh, Kế toán" in line
    assert "số tiền: 12.500.000 đồng" in line
    assert "nộp vào: tài khoản tạm giữ của Bảo hiểm xã hội tỉnh Nghệ An" in line
    before = snapshot(ws)
    with pytest.raises(ValidationError) as refused:
        recommendations.recommend(
            ws, iid, type="LESSONS", text="Rút kinh nghiệm", pay_to="tài khoản nào đó"
        )
    assert "nơi nộp tiền" in refused.value.message("vi")
    with pytest.raises(ValidationError):
        recommendations.update_recommendation(ws, rid, type="LESSONS")  # its account stays
    with pytest.raises(ValidationError):
        recommendations.recommend(ws, iid, type="REFUND", text="Nộp trả", pay_to="x" * 301)
    assert snapshot(ws) == before

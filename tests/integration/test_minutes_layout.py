# SPDX-License-Identifier: GPL-3.0-or-later
"""How the minutes fall on their pages (issue 11): a refusal to sign is told before the sentence
that ends the text ("./." in Vietnamese), the signature blocks never stand alone on a page but share it with
that sentence wherever the text ends, page 1 is filled before the text breaks (no heading left
at a page's foot), and every annex page names the minutes it is attached to, with room for the
initials of both sides under its table, even when the table runs over pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from inspector.demo.build import DemoResult
from inspector.fieldwork import findings, roll_call, signatories, units
from inspector.minutes import content as minutes_content
from inspector.minutes import layout as minutes_layout
from inspector.store.workspace import Workspace

MM = 72 / 25.4
FOOT = 25 * MM  # the bottom margin: the frame ends this far above the page's bottom edge
TOP = 20 * MM  # the top margin: the frame starts this far under the page's top edge
SIGN_HEAD = {"vi": "ĐẠI DIỆN ĐƠN VỊ ĐƯỢC KIỂM TRA", "en": "FOR THE EXAMINED UNIT"}
REFUSAL = "Không đồng ý với nội dung về hồ sơ quá hạn"


def _render(
    ws: Workspace, inspection_id: str, out: Path, lang: str = "vi"
) -> tuple[Path, minutes_content.MinutesModel]:
    model = minutes_content.build(ws, inspection_id, lang=lang, number="03/BB-ĐKT")
    return minutes_layout.render(model, out), model


def _lines(page: Any) -> list[dict[str, Any]]:
    """The page's lines of text (the body's size: not the QR code's line), top to bottom, each
    with its text, top, bottom and whether it is set in bold."""
    out = []
    for line in page.extract_text_lines(return_chars=True):
        chars = [c for c in line["chars"] if c["size"] >= 10 and c["text"].strip()]
        if not chars or line["top"] < 20 * MM:  # the page number sits in the top margin
            continue
        out.append(
            {
                "text": line["text"],
                "top": line["top"],
                "bottom": line["bottom"],
                "bold": all("Bold" in c["fontname"] for c in chars),
            }
        )
    return out


def _body_pages(path: Path) -> list[list[dict[str, Any]]]:
    """The lines of each page of the minutes before the annexes (the portrait pages)."""
    with pdfplumber.open(path) as pdf:
        return [_lines(p) for p in pdf.pages if p.width < p.height]


def _where(pages: list[list[dict[str, Any]]], needle: str) -> tuple[int, int]:
    """The page and line where ``needle`` (which may run over lines) ends."""
    text, starts = "", []
    for n, lines in enumerate(pages):
        for m, line in enumerate(lines):
            starts.append((len(text), n, m))
            text += line["text"] + " "
    found = text.find(" ".join(needle.split()))
    assert found >= 0, f"{needle!r} is not in the minutes"
    end = found + len(" ".join(needle.split())) - 1
    return max((start, n, m) for start, n, m in starts if start <= end)[1:]


def _ending(path: Path, model: minutes_content.MinutesModel) -> str:
    """The closing's last paragraph, the one that ends the text, with the page count filled."""
    with pdfplumber.open(path) as pdf:
        count = sum(1 for p in pdf.pages if p.width < p.height)
    return model.closing_paragraphs(count)[-1]


def _assert_signatures_with_the_end(
    pages: list[list[dict[str, Any]]], ending: str, lang: str
) -> None:
    """The paragraph that ends the text and the signature blocks share a page, the signatures
    below it; the signatures are not at the top of their page."""
    end_page, end_line = _where(pages, ending)
    sign_page, sign_line = _where(pages, SIGN_HEAD[lang])
    assert sign_page == end_page, (end_page, sign_page)
    assert sign_line > end_line > 0


def _refuse(ws: Workspace, inspection_id: str) -> None:
    (director,) = [
        p for p in signatories.proposed_signatories(ws, inspection_id) if p["side"] == "UNIT"
    ]
    signatories.refuse_as(
        ws,
        inspection_id,
        director,
        reason=REFUSAL + ".",
        witness="Ông Nguyễn Văn Bình, Chủ tịch Công đoàn cơ sở",
    )


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_refusal_is_told_before_the_end_and_the_signatures_stay_on_its_page(
    demo: tuple[Workspace, DemoResult], tmp_path: Path, lang: str
) -> None:
    ws, made = demo
    _refuse(ws, made.inspection_id)
    path, model = _render(ws, made.inspection_id, tmp_path / "m.pdf", lang)
    pages = _body_pages(path)
    ending = _ending(path, model)
    if lang == "vi":  # "./." ends a Vietnamese administrative text, and only there
        assert ending.endswith("./.")
        assert sum(line["text"].count("./.") for lines in pages for line in lines) == 1
    refusal, end = _where(pages, REFUSAL), _where(pages, ending)
    assert refusal < end  # told before the text ends
    _assert_signatures_with_the_end(pages, ending, lang)
    refused = minutes_content.WORDS[lang]["refused_mark"]
    assert _where(pages, refused)[0] == end[0]  # in the unit's signature slot, on that page


def test_the_signatures_stay_with_the_end_wherever_the_text_ends(
    demo: tuple[Workspace, DemoResult], tmp_path: Path
) -> None:
    """A finding's description grows a few lines at a time, moving the end of the text down
    the page and over the page's foot: the signatures always share a page with the paragraph
    that ends the text, and no page ends with a heading."""
    ws, made = demo
    finding = next(f for f in ws.db.query("SELECT id, description FROM findings WHERE deleted = 0"))
    filler = (
        " Đoàn kiểm tra đã đối chiếu sổ theo dõi với phần mềm một cửa và ghi nhận lại"
        " từng trường hợp cụ thể để đơn vị rà soát."
    )
    moved = 0
    for extra in range(10):
        findings.update_finding(
            ws, finding["id"], description=finding["description"] + filler * (3 * extra)
        )
        path, model = _render(ws, made.inspection_id, tmp_path / f"m{extra}.pdf")
        pages = _body_pages(path)
        ending = _ending(path, model)
        _assert_signatures_with_the_end(pages, ending, "vi")
        _assert_filled(pages, ending)
        opening = " ".join(ending.split()[:3])  # "Biên bản gồm"
        moved += _where(pages, opening)[1] == 0  # the last paragraph opens its page
        for lines in pages[:-1]:
            assert not lines[-1]["bold"], lines[-1]["text"]  # no heading left at a page's foot
    assert moved  # the end of the text crossed a page's foot at least once


def _assert_filled(pages: list[list[dict[str, Any]]], ending: str) -> None:
    """Every page before the one where the text ends, but the one just before it (which the
    paragraph that ends the text and the signatures may leave together), is filled: what is left
    blank at its foot is less than what opens the next page needs there (its headings and the
    first two lines after them), and it does not end with a heading."""
    page_height = 297 * MM
    end_page = _where(pages, ending)[0]
    for this, after in zip(pages[: end_page - 1], pages[1:end_page], strict=True):
        assert not this[-1]["bold"], this[-1]["text"]
        heads = next(n for n, line in enumerate(after) if not line["bold"])
        # a line's letters sit 2.8 pt under the top of its 17 pt line and 1.2 pt above its foot;
        # a paragraph leaves 6 pt under it: what the next page's opening needs, from the top of
        # the frame, against what the foot of this page had left
        needed = after[heads + 1]["bottom"] + 1.2 - TOP
        blank = page_height - FOOT - this[-1]["bottom"] - 1.2 - 6
        assert blank < needed, (this[-1]["text"], blank / MM, needed / MM)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_pages_are_filled_before_the_text_breaks(
    demo: tuple[Workspace, DemoResult], tmp_path: Path, lang: str
) -> None:
    """Page 1 above all (issue 11: a quarter of it was blank while "III." and its first paragraph
    waited for page 2)."""
    ws, made = demo
    path, model = _render(ws, made.inspection_id, tmp_path / "m.pdf", lang)
    pages = _body_pages(path)
    assert _where(pages, _ending(path, model))[0] >= 2
    _assert_filled(pages, _ending(path, model))
    assert 297 * MM - FOOT - pages[0][-1]["bottom"] < 30 * MM


def test_every_annex_page_names_the_minutes_and_leaves_room_for_initials(
    demo: tuple[Workspace, DemoResult], tmp_path: Path
) -> None:
    ws, made = demo
    path, _model = _render(ws, made.inspection_id, tmp_path / "m.pdf")
    with pdfplumber.open(path) as pdf:
        annex_pages = [_lines(p) for p in pdf.pages if p.width > p.height]
        (table,) = pdf.pages[-1].extract_tables()
    assert len(annex_pages) == 2
    for n, lines in enumerate(annex_pages, start=1):
        texts = [line["text"] for line in lines]
        assert texts[0].startswith(f"Phụ lục 0{n}.")
        assert texts[1] == "(Kèm theo Biên bản kiểm tra số 03/BB-ĐKT ngày 05/3/2026)"
        (sides,) = [m for m, t in enumerate(texts) if "Đại diện đơn vị được kiểm tra" in t]
        assert "Đại diện Đoàn kiểm tra" in texts[sides]
        assert texts[sides + 1].count("(Ký nháy)") == 2
        assert lines[sides]["top"] > lines[2]["bottom"]  # under the table
    cells = [[" ".join((c or "").split()) for c in row] for row in table]
    model = minutes_content.build(ws, made.inspection_id, number="03/BB-ĐKT").annexes[1]
    assert cells[0][3] == "Khâu chậm nhất"
    # both day columns say they count working days
    assert cells[1][7].endswith("(ngày làm việc)") and cells[0][8].endswith("(ngày làm việc)")
    assert cells[2:-1] == model.rows and len(model.rows) == 5
    assert cells[-1][0] == "Cộng: 05 hồ sơ" and cells[-1][8:] == model.total[8:]


def test_a_long_roll_call_keeps_the_initials_with_its_last_rows(
    demo: tuple[Workspace, DemoResult], tmp_path: Path
) -> None:
    ws, made = demo
    unit = ws.db.execute(
        "SELECT unit_id FROM inspections WHERE id = ?", [made.inspection_id]
    ).fetchone()[0]
    for n in range(1, 36):
        person = units.add_person(
            ws, full_name=f"Nguyễn Văn Thử {n:02d}", unit_id=unit, position="Viên chức"
        )
        roll_call.record_attendance(ws, made.inspection_id, person, "PRESENT")
    path, _model = _render(ws, made.inspection_id, tmp_path / "m.pdf")
    with pdfplumber.open(path) as pdf:
        annex_pages = [_lines(p) for p in pdf.pages if p.width > p.height]
    roll = [
        lines
        for lines in annex_pages
        if not any(line["text"].startswith("Phụ lục 02.") for line in lines)
    ]
    assert len(roll) >= 2  # the roll call runs over pages
    total = len(
        ws.db.execute(
            "SELECT id FROM attendance WHERE inspection_id = ? AND deleted = 0",
            [made.inspection_id],
        ).fetchall()
    )
    last = roll[-1]
    (row,) = [m for m, line in enumerate(last) if line["text"].split(" ")[0] == str(total)]
    (sides,) = [m for m, line in enumerate(last) if "Đại diện đơn vị được kiểm tra" in line["text"]]
    assert sides > row  # the initials under the table's last row, on its page
    assert last[0]["text"].startswith("STT")  # the table's heading repeats on the next page
    for lines in roll[:-1]:
        assert not any("Ký nháy" in line["text"] for line in lines)

# SPDX-License-Identifier: GPL-3.0-or-later
"""The minutes as a PDF: Decree 30 layout, the embedded Liberation Serif, every Vietnamese string of
the record extractable exactly, page numbers from page 2, the QR code's digest on every page."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pdfplumber
import pytest

from inspector.fieldwork import listing
from inspector.minutes import content as minutes_content
from inspector.minutes import layout as minutes_layout
from inspector.minutes.wording import date_words, money, percent, time_words

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, _demo_template) -> dict:
    from inspector.store.workspace import Workspace

    home, made = _demo_template
    out = tmp_path_factory.mktemp("minutes")
    with Workspace.open(home) as ws:
        detail = listing.inspection_detail(ws, made.inspection_id)
        result = {"detail": detail}
        for lang in ("vi", "en"):
            model = minutes_content.build(ws, made.inspection_id, lang=lang, number="03/BB-ĐKT")
            result[lang] = (model, minutes_layout.render(model, out / f"minutes-{lang}.pdf"))
    return result


def _text(path: Path) -> str:
    """The text of the pages read in order, without what each page prints around its body (the
    page number at the top, the verification code at the foot): a paragraph that runs over a
    page reads as one."""
    raw = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for page in raw.split("\f"):
        lines = [line for line in page.splitlines() if line.strip()]
        lines = [line for line in lines if not line.startswith(("Mã xác thực:", "Verification"))]
        if lines and lines[0].strip().isdigit():
            lines = lines[1:]
        pages.append(" ".join(lines))
    return re.sub(r"\s+", " ", " ".join(pages))


def test_fonts_are_liberation_serif_embedded(rendered: dict) -> None:
    _model, path = rendered["vi"]
    listing = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    fonts = listing.strip().splitlines()[2:]
    assert fonts and all("LiberationSerif" in line for line in fonts), listing
    assert all(" yes yes yes " in line for line in fonts), listing  # embedded, subset, unicode


def test_every_vietnamese_string_extracts_exactly(rendered: dict) -> None:
    _model, path = rendered["vi"]
    text = _text(path)
    d = rendered["detail"]
    strings = [d["unit"]["name"], d["decision"]["number_symbol"], "03/BB-ĐKT"]
    strings += [m["full_name"] for m in d["team"]]
    strings += [r["full_name"] for r in d["roll_call"]]
    strings += [f["title"] for f in d["findings"]]
    strings += [f["description"].rstrip(".") for f in d["findings"]]
    strings += [r["text"].rstrip(".") for r in d["recommendations"]]
    strings += [e["text"] for e in d["explanations"]]
    strings += [t["object_ref"] for t in d["traces"] if t["late_days"]]
    strings += [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BIÊN BẢN KIỂM TRA",
        "Diễn Châu, ngày 05 tháng 3 năm 2026",
        "vào hồi 07 giờ 10 phút",
    ]
    missing = [s for s in strings if re.sub(r"\s+", " ", s) not in text]
    assert not missing, missing


def _pages(path: Path) -> list:
    pdf = pdfplumber.open(path)
    return pdf.pages


def test_layout_follows_decree_30(rendered: dict) -> None:
    model, path = rendered["vi"]
    pages = _pages(path)
    portrait = [p for p in pages if p.width < p.height]
    assert (round(portrait[0].width), round(portrait[0].height)) == (round(A4[0]), round(A4[1]))
    for page in pages:
        body = [c for c in page.chars if c["size"] >= 10]
        number = [c for c in body if c["top"] < 20 * MM]
        rest = [c for c in body if c["top"] >= 20 * MM]
        assert min(c["x0"] for c in rest) >= 30 * MM - 0.5  # left margin 30 mm
        assert max(c["x1"] for c in rest) <= page.width - 15 * MM + 0.5  # right margin 15 mm
        assert max(c["bottom"] for c in rest) <= page.height - 20 * MM + 0.5  # bottom margin 20 mm
        if page.page_number == 1:
            assert number == []  # no page number on the first page
        else:
            digits = "".join(c["text"] for c in number)
            assert digits == str(page.page_number)
            centre = (min(c["x0"] for c in number) + max(c["x1"] for c in number)) / 2
            assert abs(centre - page.width / 2) < 2
    first = pages[0]
    words: dict = {}
    for w in first.extract_words(extra_attrs=["fontname", "size"]):
        words.setdefault(w["text"], w)  # the first occurrence: the header
    assert words["CỘNG"]["x0"] > first.width / 2 - 40 and "Bold" in words["CỘNG"]["fontname"]
    assert words["BẢO"]["x1"] < first.width / 2 and "Bold" not in words["BẢO"]["fontname"]
    assert "Italic" in words["Diễn"]["fontname"]
    assert 12 <= words["CỘNG"]["size"] <= 13 and 13 <= words["Độc"]["size"] <= 14
    # the closing clause states the number of pages before the annexes
    assert f"Biên bản gồm {len(portrait):02d} trang" in _text(path)
    assert len(pages) > len(portrait)  # the annexes follow, landscape


def test_qr_digest_on_every_page(rendered: dict) -> None:
    model, path = rendered["vi"]
    digest = model.digest()
    assert minutes_layout.qr_payload(model).endswith(f"sha256={digest}")
    for page in _pages(path):
        assert f"Mã xác thực: {digest[:16]}" in page.extract_text()
        assert len(page.rects) > 50  # the QR modules


def test_english_edition(rendered: dict) -> None:
    _model, path = rendered["en"]
    text = _text(path)
    assert "EXAMINATION MINUTES" in text and "5 March 2026" in text
    assert "SOCIALIST REPUBLIC OF VIETNAM" in text
    assert rendered["detail"]["unit"]["name"] in text


def test_official_wording() -> None:
    assert date_words(date(2026, 3, 5)) == "ngày 05 tháng 3 năm 2026"
    assert date_words(date(2026, 2, 9)) == "ngày 09 tháng 02 năm 2026"
    assert date_words(date(2026, 1, 31)) == "ngày 31 tháng 01 năm 2026"
    assert date_words(date(2026, 11, 23)) == "ngày 23 tháng 11 năm 2026"
    assert date_words(date(2026, 3, 5), "en") == "5 March 2026"
    assert time_words(datetime(2026, 3, 5, 7, 5)) == "07 giờ 05 phút"
    assert money(12_500_000) == "12.500.000 đồng"
    assert percent(5, 30) == "16,7%"


def test_render_writes_atomically(tmp_path: Path, demo) -> None:
    ws, made = demo
    model = minutes_content.build(ws, made.inspection_id)
    target = tmp_path / "out" / "m.pdf"
    minutes_layout.render(model, target)
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in target.parent.iterdir()] == ["m.pdf"]  # no temporary left

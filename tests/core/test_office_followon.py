# SPDX-License-Identifier: GPL-3.0-or-later
"""The demo check's follow-on documents, drafted from its record: the report of the check's
results and the notice of conclusions, in Vietnamese, their text checked against the skeleton of
domain.md §5.6 and against the record, as PDF and as an editable Word file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pdfplumber
import pytest

from inspector.demo.build import DemoResult
from inspector.errors import ValidationError
from inspector.office import followon, followon_files
from inspector.store.workspace import Workspace
from tests.cli_run import inspector, readme_commands

NOTICE = [
    "THÔNG BÁO",
    "I. KHÁI QUÁT CHUNG",
    "II. KẾT QUẢ KIỂM TRA",
    "1. Ưu điểm:",
    "2. Tồn tại, hạn chế, vi phạm:",
    "3. Nguyên nhân:",
    "4. Trách nhiệm:",
    "III. KẾT LUẬN",
    "IV. YÊU CẦU, KIẾN NGHỊ",
    "Nơi nhận:",
]
REPORT = [
    "BÁO CÁO",
    "I. KHÁI QUÁT CHUNG",
    "II. KẾT QUẢ KIỂM TRA THEO LĨNH VỰC",
    "III. ƯU ĐIỂM, TỒN TẠI VÀ TRÁCH NHIỆM",
    "1. Ưu điểm:",
    "2. Tồn tại, hạn chế, vi phạm; trách nhiệm của tập thể, cá nhân:",
    "3. Ý kiến, giải trình của đơn vị được kiểm tra:",
    "IV. ĐỀ XUẤT KẾT LUẬN VÀ KIẾN NGHỊ",
    "Nơi nhận:",
    "TRƯỞNG ĐOÀN",
]


def _in_order(lines: list[str], headings: list[str]) -> None:
    at = -1
    for heading in headings:
        assert heading in lines[at + 1 :], (heading, lines)
        at = lines.index(heading, at + 1)


def _clause(text: str) -> str:
    return " ".join(text.split()).rstrip(".;")


def test_the_notice_follows_the_skeleton_and_says_the_record(
    demo: tuple[Workspace, DemoResult],
) -> None:
    ws, made = demo
    notice = followon.draft(ws, made.inspection_id, "notice")
    lines = notice.text()
    _in_order(lines, NOTICE)
    assert notice.number == "Số: ……/TB-BHXH" and "ngày …… tháng …… năm" in notice.place_date
    text = "\n".join(lines)
    findings = ws.db.execute(
        "SELECT title, severity FROM findings WHERE inspection_id = ? AND deleted = 0",
        [made.inspection_id],
    ).fetchall()
    for title, _severity in findings:  # each finding, worded as in the minutes
        assert _clause(title) in text, title
    good = sum(1 for _t, severity in findings if severity == "0")
    assert f"có {good} ưu điểm và {len(findings) - good} tồn tại" in text
    requests = lines[lines.index("IV. YÊU CẦU, KIẾN NGHỊ") : lines.index("Nơi nhận:")]
    personnel = requests[next(i for i, x in enumerate(requests) if x.startswith("3. Đối với")) :]
    for text_, kind, deadline in ws.db.execute(
        "SELECT text, type, deadline FROM recommendations WHERE inspection_id = ? AND deleted = 0",
        [made.inspection_id],
    ):
        said = [r for r in requests if _clause(text_)[:40] in r]
        assert said, text_
        if deadline:
            assert date.fromisoformat(deadline).strftime("%d/%m/%Y") in said[0]
        # the personnel department's requests (review, discipline, reassign, replace) apart
        assert (kind in followon.PERSONNEL) == any(_clause(text_)[:40] in r for r in personnel)
    signer = ws.db.execute(
        "SELECT d.signer_name FROM inspections i JOIN decisions d ON d.id = i.decision_id"
        " WHERE i.id = ?",
        [made.inspection_id],
    ).fetchone()[0]
    assert lines[-1] == signer and followon.TO_FINISH in text


def test_the_report_follows_the_skeleton_and_is_signed_by_the_leader(
    demo: tuple[Workspace, DemoResult],
) -> None:
    ws, made = demo
    report = followon.draft(ws, made.inspection_id, followon.Kind.REPORT)
    lines = report.text()
    _in_order(lines, REPORT)
    assert report.number == "Số: ……/BC-ĐKT" and report.addressee.startswith("Kính gửi: ")
    leader = ws.db.execute(
        "SELECT p.full_name FROM team_members m JOIN people p ON p.id = m.person_id"
        " WHERE m.inspection_id = ? AND m.role = 'LEADER' AND m.deleted = 0",
        [made.inspection_id],
    ).fetchone()[0]
    assert lines[-1] == leader
    with pytest.raises(ValidationError):
        followon.draft(ws, made.inspection_id, "memo")


def test_both_files_hold_the_text(demo: tuple[Workspace, DemoResult], tmp_path: Path) -> None:
    ws, made = demo
    notice = followon.draft(ws, made.inspection_id, "notice")
    pdf = followon_files.write(notice, tmp_path / "thong-bao.pdf")
    with pdfplumber.open(pdf) as opened:
        printed = " ".join(" ".join((p.extract_text() or "").split()) for p in opened.pages)
    for heading in NOTICE:
        assert heading in printed, heading
    word = docx.Document(str(followon_files.write(notice, tmp_path / "thong-bao.docx")))
    paragraphs = [p.text for p in word.paragraphs]
    cells = [p.text for t in word.tables for cell in t._cells for p in cell.paragraphs]
    _in_order(paragraphs, [h for h in NOTICE if h != "Nơi nhận:"])
    assert notice.number in cells and notice.place_date in cells and "Nơi nhận:" in cells
    assert all(line in paragraphs for line in notice.sections[1][1])
    assert word.sections[0].left_margin.mm == pytest.approx(30, abs=0.01)  # Decree 30
    with pytest.raises(ValidationError):
        followon_files.write(notice, tmp_path / "thong-bao.txt")


def test_the_command_line_writes_them(demo: tuple[Workspace, DemoResult], tmp_path: Path) -> None:
    ws, made = demo
    for kind, name in (("report", "bao-cao.docx"), ("notice", "thong-bao.pdf")):
        ran = inspector(
            "--home", str(ws.home), "document", made.inspection_id[:8], kind,
            "--out", str(tmp_path / name),
        )  # fmt: skip
        assert ran.returncode == 0, ran.stderr
        assert (tmp_path / name).stat().st_size > 1000


def test_the_readmes_document_commands_on_the_office_demo(tmp_path: Path) -> None:
    home = tmp_path / "office"
    assert inspector("--home", str(home), "demo", "--office").returncode == 0
    with Workspace.open(home) as ws:
        (signed,) = ws.db.execute("SELECT id FROM inspections WHERE status = 'SIGNED'").fetchone()
    commands = [w for w in readme_commands("The office") if w[1] == "document"]
    assert [w[3] for w in commands] == ["report", "notice"]
    for words in commands:
        args = [signed[:8] if w == "CHECK" else w for w in words[1:]]
        args[-1] = str(tmp_path / args[-1])
        ran = inspector("--home", str(home), *args)
        assert ran.returncode == 0, (words, ran.stderr)
    report = docx.Document(str(tmp_path / "bao-cao-ket-qua.docx"))
    assert "BÁO CÁO" in [p.text for p in report.paragraphs]
    with pdfplumber.open(tmp_path / "thong-bao-ket-luan.pdf") as opened:
        assert "THÔNG BÁO" in (opened.pages[0].extract_text() or "")

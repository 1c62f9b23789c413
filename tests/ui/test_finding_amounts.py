# SPDX-License-Identifier: GPL-3.0-or-later
"""A finding of spending over the norms: its amounts typed as people write them ("18.500.000" or
"18500000"), saved as typed, the excess following; a non-compliance titled as the item writes
the violation, never "not complying: <the duty>"; good practice observed, never complied with."""

from __future__ import annotations

from PySide6.QtCore import Qt

from inspector.fieldwork import screens
from inspector.i18n import set_language
from inspector.minutes import content as minutes_content
from inspector.store import records
from inspector.vocabulary import RecommendationType
from tests.ui.helpers import open_window, press, type_text


def _answer(cl, area: str, code: str, key: Qt.Key) -> None:
    assert cl.select_area(area)
    row = next(n for n, e in enumerate(cl.rows) if e["item"].code == code)
    cl.items.setFocus()
    cl.items.setCurrentRow(row)
    press(cl.items, key)


def _finding_of(ws, iid: str, code: str) -> dict:
    (found,) = [f for f in screens.findings(ws, iid) if f["item_code"] == code]
    return records.get(ws.db, "findings", found["id"])


def test_amounts_typed_in_the_editor_and_the_titles_an_item_gives(
    qtbot, demo, shown_errors
) -> None:
    set_language("vi")
    ws, made = demo
    iid = made.inspection_id
    window = open_window(qtbot, ws)
    window.open_inspection(iid)
    wb = window.workbench
    cl, ft = wb.checklist, wb.findings
    wb.tabs.setCurrentWidget(cl)

    # "does not comply" on A4 opens a finding titled as the violation, in plain words
    _answer(cl, "A", "A4", Qt.Key.Key_2)
    title = _finding_of(ws, iid, "A4")["title"]
    assert title.startswith("Công chức, viên chức, người lao động làm việc riêng")
    assert "Không đạt" not in title and not title.startswith("Không")

    # a praise item answers "observed" or not, and observed opens good practice (severity 0)
    assert cl.select_area("B")
    row = next(n for n, e in enumerate(cl.rows) if e["item"].code == "B10")
    cl.items.setCurrentRow(row)
    labels = [b.text() for b in cl.answer_group.buttons()]
    assert labels[:2] == ["1 Có ghi nhận", "2 Không ghi nhận"]
    cl.items.setFocus()
    press(cl.items, Qt.Key.Key_1)
    praise = _finding_of(ws, iid, "B10")
    assert (praise["kind"], praise["severity"]) == ("GOOD_PRACTICE", "0")
    assert praise["title"].startswith("Bộ phận một cửa giải quyết hồ sơ đúng hạn")

    # the demo's conference finding shows its amounts as Vietnamese write them
    ft.refresh()
    wb.tabs.setCurrentWidget(ft)
    conference = _finding_of(ws, iid, "F3")
    assert ft.select(conference["id"])
    assert ft.amounts_box.isVisible()
    shown = [ft.amounts[f].text() for f in ("amount_norm", "amount_actual", "amount_excess")]
    assert shown == ["6.000.000", "18.500.000", "12.500.000"]

    # a new finding on F2 (procurement): the amounts typed one key at a time
    wb.tabs.setCurrentWidget(cl)
    _answer(cl, "F", "F2", Qt.Key.Key_2)
    ft.refresh()
    wb.tabs.setCurrentWidget(ft)
    procurement = _finding_of(ws, iid, "F2")
    assert ft.select(procurement["id"])
    assert ft.amounts_box.isVisible()
    type_text(ft.amounts["amount_norm"], "6.000.000")
    type_text(ft.amounts["amount_actual"], "18500000")  # leaving the norm saved it
    ft.title.setFocus()  # leaving the amount saves it
    row = records.get(ws.db, "findings", procurement["id"])
    assert (row["amount_norm"], row["amount_actual"], row["amount_excess"]) == (
        6_000_000,
        18_500_000,
        12_500_000,
    )
    # what is not being typed into is shown as people write it, the excess included
    assert ft.amounts["amount_actual"].text() == "18.500.000"
    assert ft.amounts["amount_excess"].text() == "12.500.000"

    # a decimal amount is refused on leaving the field; nothing is saved, the draft stays
    before = records.get(ws.db, "findings", procurement["id"])
    ft.amounts["amount_actual"].selectAll()
    type_text(ft.amounts["amount_actual"], "18,5")
    ft.title.setFocus()
    assert len(shown_errors) == 1 and "đồng" in str(shown_errors[0])
    shown_errors.clear()
    assert records.get(ws.db, "findings", procurement["id"]) == before
    ft.amounts["amount_actual"].selectAll()
    type_text(ft.amounts["amount_actual"], "16.500.000")  # corrected, as a person does
    ft.title.setFocus()
    assert records.get(ws.db, "findings", procurement["id"])["amount_excess"] == 10_500_000

    # a finding on an area without money shows no amounts
    absent = _finding_of(ws, iid, "A1")
    assert ft.select(absent["id"])
    assert not ft.amounts_box.isVisible()


def test_a_request_to_repay_says_where_the_money_is_paid(qtbot, demo, shown_errors) -> None:
    """The field "paid into" shows for a request to repay money only; typed there, the minutes
    print it with the amount the finding's excess gives."""
    set_language("vi")
    ws, made = demo
    iid = made.inspection_id
    window = open_window(qtbot, ws)
    window.open_inspection(iid)
    wb = window.workbench
    ft = wb.findings
    wb.tabs.setCurrentWidget(ft)
    ft.refresh()
    absent = _finding_of(ws, iid, "A1")
    assert ft.select(absent["id"])
    ft.rec_type.setCurrentIndex(ft.rec_type.findData(RecommendationType.LESSONS.value))
    assert not ft.rec_pay_to.isVisibleTo(ft)  # a lesson pays nothing
    procurement = _finding_of(ws, iid, "F3")
    assert ft.select(procurement["id"])
    ft.rec_type.setFocus()
    ft.rec_type.setCurrentIndex(ft.rec_type.findData(RecommendationType.REFUND.value))
    assert ft.rec_pay_to.isVisibleTo(ft)
    type_text(ft.rec_text, "Nộp trả tiền thuê hội trường vượt định mức")
    type_text(ft.rec_pay_to, "tài khoản tạm giữ của Bảo hiểm xã hội tỉnh Nghệ An")
    type_text(ft.rec_deadline, "30/04/2026")
    press(ft.rec_pay_to, Qt.Key.Key_Return)
    (made_now,) = [
        r
        for r in ws.db.query(
            "SELECT * FROM recommendations WHERE text = ?",
            ["Nộp trả tiền thuê hội trường vượt định mức"],
        )
    ]
    assert made_now["pay_to"] == "tài khoản tạm giữ của Bảo hiểm xã hội tỉnh Nghệ An"
    assert ft.rec_pay_to.text() == ""
    lines = next(ls for h, ls in minutes_content.build(ws, iid).sections if h.startswith("V."))
    (line,) = [x for x in lines if "Nộp trả tiền thuê hội trường" in x]
    assert "số tiền: 12.500.000 đồng" in line
    assert "nộp vào: tài khoản tạm giữ của Bảo hiểm xã hội tỉnh Nghệ An" in line
    assert "thời hạn: 30/04/2026" in line

# SPDX-License-Identifier: GPL-3.0-or-later
"""At the office, on three teams' signed checks: from the dashboard's bar to the findings behind
it, to a finding's signed minutes ("valid, trusted"); the overdue bar to the follow-up register;
the three checks' minutes saved as one PDF whose pages say their check by code; the ledger and
the reports written from the app's dialog; a check's notice drafted from its finding."""

from __future__ import annotations

import json
import re
from pathlib import Path

import docx
import pdfplumber
import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook

from PySide6.QtCharts import QChartView
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from inspector.i18n import _
from inspector.minutes import sealing
from inspector.office import dashboard, facets
from inspector.office.facets import Filters
from inspector.office.followup import Narrowing, Standing
from inspector.trust import identity
from tests.office_world import Office, make_office
from tests.ui.helpers import choose_file, in_modal, open_window, pdf_printer
from ui.main_window import SCREEN_KEY
from ui.operations import papers

CODE = re.compile(r"Mã xác thực: ([0-9a-f]{16})")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Office:
    return make_office(tmp_path_factory.mktemp("papers"), sign_all=True)


def _window(qtbot, world: Office):
    """The office's window on every finding (whatever screen the test before left)."""
    world.office.set_setting(SCREEN_KEY, json.dumps({"office": ""}))
    return open_window(qtbot, world.office)


def _counted(qtbot, page) -> None:
    qtbot.waitUntil(lambda: not page.counting, timeout=20000)


def _click_bar(
    view: QChartView, index: int, below: float, value: float, *, horizontal: bool = False
) -> None:
    """A click in the middle of a bar (of a stack, above ``below``), as a person clicks it."""
    chart = view.chart()
    series = chart.series()[0]
    middle = below + value / 2
    point = chart.mapToPosition(
        QPointF(middle, index) if horizontal else QPointF(index, middle), series
    )
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(chart.mapToScene(point))
    )


def _open_dashboard(qtbot, window):
    page = window.office_page
    _counted(qtbot, page)
    QTest.mouseClick(page.dashboard_button, Qt.MouseButton.LeftButton)
    board = window.dashboard_page
    assert board is not None and window.stack.currentWidget() is board
    _counted(qtbot, board)
    return page, board


def test_a_bar_opens_its_findings_then_a_finding_its_signed_minutes(qtbot, world: Office) -> None:
    window = _window(qtbot, world)
    page, board = _open_dashboard(qtbot, window)
    data = board.data
    # the tallest piece of the chart of findings by area and severity
    areas = sorted(data.by_area)
    shown = [s for s in dashboard.SEVERITIES if any(data.by_area[a].get(s) for a in areas)]
    n, area, severity = max((data.by_area[a].get(s, 0), a, s) for a in areas for s in shown if a)
    index = areas.index(area)
    below = sum(data.by_area[area].get(s, 0) for s in shown[: shown.index(severity)])
    _click_bar(board.views["by_area"], index, below, n)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is page)
    _counted(qtbot, page)
    assert page.chosen == {"area": {area}, "severity": {severity}}
    assert (
        page.model.rowCount()
        == n
        == facets.count(
            world.office, Filters({"area": frozenset({area}), "severity": frozenset({severity})})
        )
    )
    rect = page.table.visualRect(page.model.index(0, 4))
    QTest.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseClick(page.minutes_button, Qt.MouseButton.LeftButton)
    found = page.last_found
    assert found.ok and str(_("valid, trusted")) in page.preview.windowTitle()
    page.preview.close()


def test_the_overdue_bar_opens_the_register_narrowed_to_the_unit(qtbot, world: Office) -> None:
    window = _window(qtbot, world)
    _page, board = _open_dashboard(qtbot, window)
    unit, n = board.data.overdue_by_unit[0]  # the most overdue: drawn on top
    rows = len(board.data.overdue_by_unit)
    _click_bar(board.views["overdue"], rows - 1, 0, n, horizontal=True)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.followup_page)
    register = window.followup_page
    qtbot.waitUntil(lambda: not register.counter.busy, timeout=20000)
    assert register.narrowing() == Narrowing(
        standings=frozenset({Standing.OVERDUE}), units=frozenset({unit})
    )
    assert register.model.rowCount() == n


def test_three_checks_minutes_saved_as_one_file_each_page_with_its_code(
    qtbot, world: Office, tmp_path: Path
) -> None:
    window = _window(qtbot, world)
    page = window.office_page
    page.set_filters(Filters())
    _counted(qtbot, page)
    out = tmp_path / "bien-ban.pdf"
    in_modal(choose_file(out))
    page.papers_actions["save"].trigger()
    qtbot.waitUntil(lambda: str(out) in window.statusBar().currentMessage(), timeout=60000)
    codes = dict(
        world.office.db.execute(
            "SELECT substr(record_digest, 1, 16), inspection_id FROM minutes WHERE kind = 'MAIN'"
        ).fetchall()
    )
    with pdfplumber.open(out) as pdf:
        pages = [p.extract_text() or "" for p in pdf.pages]
    said = [CODE.findall(text) for text in pages[1:]]
    assert all(len(set(found)) == 1 for found in said)  # each page: one check's code
    assert {found[0] for found in said} == set(codes) and len(codes) == 3
    assert all(code in pages[0] for code in codes)  # the cover lists them
    # each check's signed file rides in the bundle whole, and pyHanko verifies it
    bundled = pdfium.PdfDocument(out)
    for n in range(bundled.count_attachments()):
        whole = bundled.get_attachment(n)
        signed = tmp_path / whole.get_name()
        signed.write_bytes(bytes(whole.get_data()))
        (report,) = sealing.verify_pdf(signed, identity.trust_roots(world.office))
        assert report.ok, report
        assert whole.get_name()[len("bien-ban-") : -len(".pdf")] in codes
    assert bundled.count_attachments() == 3
    bundled.close()
    # and printed in one job: the cover and every page of the three
    printed = tmp_path / "printed.pdf"
    printer = pdf_printer(printed)
    papers.print_bundle(window.ctx, page.filters(), printer)
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=60000)
    assert len(pdfium.PdfDocument(printed)) == len(pages)


def test_the_ledger_reports_and_a_notice_from_the_app(qtbot, world: Office, tmp_path: Path) -> None:
    window = _window(qtbot, world)
    page = window.office_page
    _counted(qtbot, page)
    page.papers_actions["reports"].trigger()
    dialog = page.papers_dialog
    dialog.start.show_day(dialog.start.day().replace(year=2000, month=1, day=1))
    for button, name in (
        (dialog.ledger_button, "so.pdf"),
        (dialog.report_xlsx_button, "bao-cao.xlsx"),
    ):
        in_modal(choose_file(tmp_path / name))
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda n=name: (tmp_path / n).exists(), timeout=60000)
        qtbot.waitUntil(lambda n=name: n in window.statusBar().currentMessage(), timeout=60000)
    with pdfplumber.open(tmp_path / "so.pdf") as pdf:
        assert "SỔ THEO DÕI TRÁCH NHIỆM" in (pdf.pages[0].extract_text() or "")
    checks = load_workbook(tmp_path / "bao-cao.xlsx")["Tổng hợp"]["B5"].value
    assert checks == 3
    dialog.close()
    rect = page.table.visualRect(page.model.index(0, 4))
    QTest.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    in_modal(choose_file(tmp_path / "thong-bao.docx"))
    page.papers_actions["notice"].trigger()
    qtbot.waitUntil(lambda: (tmp_path / "thong-bao.docx").exists(), timeout=60000)
    qtbot.waitUntil(lambda: "thong-bao" in window.statusBar().currentMessage(), timeout=60000)
    notice = [p.text for p in docx.Document(str(tmp_path / "thong-bao.docx")).paragraphs]
    assert "THÔNG BÁO" in notice and "IV. YÊU CẦU, KIẾN NGHỊ" in notice

# SPDX-License-Identifier: GPL-3.0-or-later
"""At the office, after three teams' packages: all findings, two facets chosen by clicking, words
typed with and without marks, and a finding opened into its check."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QStyledItemDelegate

from inspector.i18n import _
from inspector.office import facets, search, table
from inspector.office.facets import Filters
from tests.office_world import facet_values, make_office, package_rows, plain
from tests.ui.helpers import open_window, type_text
from ui.context import t
from ui.widgets.highlight import SPANS_ROLE, HighlightDelegate


def _counted(qtbot, page) -> None:
    """Wait until the screen shows the counts of its filters (counted on a worker)."""
    qtbot.waitUntil(lambda: not page.counting, timeout=20000)


def _click_value(qtbot, page, facet: str, row: int) -> str:
    """Tick the ``row``-th value of a facet as a person does: a click on its check box."""
    _counted(qtbot, page)  # the values are listed once counted
    values = page.lists[facet]
    item = values.item(row)
    rect = values.visualItemRect(item)
    value = item.data(Qt.ItemDataRole.UserRole)
    box = QPoint(rect.left() + 10, rect.center().y())  # the check box stands at the left
    QTest.mouseClick(values.viewport(), Qt.MouseButton.LeftButton, pos=box)
    qtbot.waitUntil(lambda: value in page.chosen.get(facet, ()))
    return value


def test_two_facets_and_words_with_or_without_marks_narrow_the_findings(
    qtbot, tmp_path: Path
) -> None:
    made = make_office(tmp_path)
    values = facet_values(package_rows(made.packages))
    window = open_window(qtbot, made.office)
    QTest.keyClick(
        window,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    page = window.office_page
    assert page is not None and window.stack.currentWidget() is page
    _counted(qtbot, page)
    assert page.model.rowCount() == len(values)

    severity = _click_value(qtbot, page, "severity", 0)
    _counted(qtbot, page)
    assert page.model.rowCount() == sum(severity in v["severity"] for v in values.values())
    area = page.lists["area"].item(0).data(Qt.ItemDataRole.UserRole)
    _click_value(qtbot, page, "area", 0)
    both = [f for f, v in values.items() if severity in v["severity"] and area in v["area"]]
    _counted(qtbot, page)
    assert page.model.rowCount() == len(both)
    # every other facet counts only what the two leave
    shown = page.lists["check_status"]
    texts = [shown.item(n).text() for n in range(shown.count())]
    assert sum(int(text.rsplit("(", 1)[1].rstrip(")")) for text in texts) == len(both)

    for words in ("khac phuc", "khắc phục"):
        page.words.clear()
        type_text(page.words, words)
        expected = facets.count(made.office, Filters(page.filters().chosen, words))
        _counted(qtbot, page)
        assert page.model.rowCount() == expected
        assert page.summary.text().startswith(str(expected))

    page.words.clear()
    _counted(qtbot, page)
    assert page.model.rowCount() == len(both)
    assert page.model.rowCount() > 0
    index = page.model.index(0, 4)
    rect = page.table.visualRect(index)
    QTest.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.keyClick(page.table, Qt.Key.Key_Return)  # open the finding's check
    qtbot.waitUntil(lambda: window.workbench is not None)
    workbench = window.workbench
    assert workbench.inspection_id == page.model.row(0).inspection_id
    # a team's check at the office: shown, never changed here
    assert workbench.findings.title.isReadOnly() and not workbench.findings.add_button.isEnabled()
    assert window.writing_actions and not any(a.isEnabled() for a in window.writing_actions)
    assert workbench.back.text() == str(_("← All findings"))
    QTest.mouseClick(workbench.back, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is page


def test_an_office_opens_on_every_teams_findings_as_it_was_left(qtbot, tmp_path: Path) -> None:
    made = make_office(tmp_path)
    window = open_window(qtbot, made.office)  # the office holds the authority: its home
    page = window.office_page
    assert page is not None and window.stack.currentWidget() is page
    severity = _click_value(qtbot, page, "severity", 0)
    type_text(page.words, "khắc phục")
    expected = facets.count(made.office, page.filters())
    _counted(qtbot, page)  # after the pause in typing
    assert page.model.rowCount() == expected
    window.close()

    again = open_window(qtbot, made.office)
    reopened = again.office_page
    assert reopened is not None and again.stack.currentWidget() is reopened
    assert reopened.words.text() == "khắc phục"
    assert reopened.chosen == {"severity": {severity}}
    _counted(qtbot, reopened)
    assert reopened.model.rowCount() == expected == facets.count(made.office, reopened.filters())
    QTest.keyClick(again, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # back to the list
    assert again.stack.currentWidget() is again.list_page


def test_a_finding_opens_its_signed_minutes_verified_at_its_page(qtbot, tmp_path: Path) -> None:
    made = make_office(tmp_path)
    sealed = {r[0] for r in made.office.db.execute("SELECT inspection_id FROM minutes")}
    window = open_window(qtbot, made.office)
    page = window.office_page
    assert page is not None
    _counted(qtbot, page)
    row = next(n for n in range(page.model.rowCount()) if page.model.row(n).inspection_id in sealed)
    page.table.scrollTo(page.model.index(row, 4))
    rect = page.table.visualRect(page.model.index(row, 4))
    QTest.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseClick(page.minutes_button, Qt.MouseButton.LeftButton)
    found = page.last_found
    assert found.ok and found.page is not None
    dialog = page.preview
    assert found.signatures[0].name in dialog.windowTitle()
    assert str(_("valid, trusted")) in dialog.windowTitle()
    assert f" {found.page}" in dialog.windowTitle()
    qtbot.waitUntil(lambda: len(dialog.labels) >= found.page, timeout=60000)
    assert dialog.current == found.page - 1
    dialog.close()


def test_filters_kept_as_a_named_view_open_again(qtbot, tmp_path: Path) -> None:
    made = make_office(tmp_path)
    window = open_window(qtbot, made.office)
    page = window.office_page
    assert page is not None
    _counted(qtbot, page)
    everything = page.model.rowCount()
    severity = _click_value(qtbot, page, "severity", 0)
    narrowed = facets.count(made.office, page.filters())
    _counted(qtbot, page)
    assert page.model.rowCount() == narrowed < everything
    type_text(page.view_name, "Mức nặng nhất")
    QTest.mouseClick(page.save_view_button, Qt.MouseButton.LeftButton)
    assert page.saved.currentText() == "Mức nặng nhất"
    values = page.lists["severity"]  # untick it from the keyboard: every finding again
    values.setFocus()
    values.setCurrentRow(0)
    QTest.keyClick(values, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not page.chosen.get("severity"))
    _counted(qtbot, page)
    assert page.model.rowCount() == everything
    page.saved.setFocus()
    page.saved.setCurrentIndex(0)
    QTest.keyClick(page.saved, Qt.Key.Key_Down)  # choose the view from the list
    qtbot.waitUntil(lambda: page.chosen == {"severity": {severity}})
    _counted(qtbot, page)
    assert page.model.rowCount() == narrowed


def test_words_searched_put_the_best_first_and_are_marked_where_each_finding_says_them(
    qtbot, tmp_path: Path
) -> None:
    made = make_office(tmp_path)
    window = open_window(qtbot, made.office)
    page = window.office_page
    assert page is not None
    _counted(qtbot, page)
    header = page.table.horizontalHeader()
    assert page.model.sort_key == "date" and header.sortIndicatorSection() == 5

    type_text(page.words, "khac phuc")
    _counted(qtbot, page)
    expected = table.rows(made.office, Filters(words="khac phuc"), sort="relevance")
    assert expected and page.model.sort_key == "relevance"
    assert header.sortIndicatorSection() == -1  # the order is the words', not a column's
    assert page.summary.text() == t(_("{n} findings, best match first", n=len(expected))), (
        page.summary.text()
    )
    for n, row in enumerate(expected):
        assert page.model.row(n).id == row.id
        index = page.model.index(n, 4)
        text, spans = index.data(), index.data(SPANS_ROLE)
        assert spans and {plain(text[a:b]) for a, b in spans} == {"khac", "phuc"}, text
        if row.found_in != "findings.title":  # said elsewhere: the passage, after the title
            assert text.endswith(row.found) and t(search.KINDS[row.found_in.split(".")[0]]) in text
    # the marks are drawn: the cells of the words differ from the same text drawn unmarked
    page.table.resize(1200, 600)
    marked = page.table.viewport().grab().toImage()
    page.table.setItemDelegateForColumn(4, QStyledItemDelegate(page.table))
    plain_drawn = page.table.viewport().grab().toImage()
    assert marked != plain_drawn
    page.table.setItemDelegateForColumn(4, HighlightDelegate(page.table))

    QTest.mouseClick(  # a click on the unit's header: sorted by unit, the words kept
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(1) + 5, 5),
    )
    _counted(qtbot, page)
    assert page.model.sort_key == "unit" and header.sortIndicatorSection() == 1
    units = [page.model.row(n).unit for n in range(page.model.rowCount())]
    assert units == sorted(units) or units == sorted(units, reverse=True)
    assert page.summary.text() == t(_("{n} findings", n=len(expected)))

    page.words.clear()  # no more words: the newest first again
    _counted(qtbot, page)
    assert page.model.sort_key == "unit"
    type_text(page.words, "ho so")  # new words: the best first again
    _counted(qtbot, page)
    assert page.model.sort_key == "relevance"
    page.words.clear()
    _counted(qtbot, page)
    assert page.model.sort_key == "date" and header.sortIndicatorSection() == 5
    assert page.model.index(0, 4).data(SPANS_ROLE) is None

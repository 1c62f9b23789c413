# SPDX-License-Identifier: GPL-3.0-or-later
"""The office's counts run on a worker: words typed while a count runs go in at once, a newer
request stops the older count, and only the count of the last words reaches the screen."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from inspector.errors import Cancelled
from inspector.i18n import _
from inspector.office import facets, search, table
from inspector.office.facets import Filters
from tests.office_world import make_office
from tests.ui.helpers import open_window, type_text
from ui import office_page
from ui.operations import office_counts

SLOW_WORDS = "chi"  # the first words typed: their count waits until it is superseded
GUARD_SECONDS = 60  # a count that is never superseded ends anyway (the test then fails)


def test_typing_while_counting_supersedes_the_older_count(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    made = make_office(tmp_path)
    window = open_window(qtbot, made.office)
    page = window.office_page
    assert page is not None
    qtbot.waitUntil(lambda: not page.counting, timeout=20000)
    everything = page.model.rowCount()

    counted_on: list[int] = []
    stopped: list[str] = []
    slow_started = threading.Event()
    real_count = office_counts.count

    def count(ws, request, is_cancelled=lambda: False):
        counted_on.append(threading.get_ident())
        if request.filters.words == SLOW_WORDS:  # a count that takes long, until superseded
            slow_started.set()
            deadline = time.monotonic() + GUARD_SECONDS
            while not is_cancelled() and time.monotonic() < deadline:
                time.sleep(0.01)
            stopped.append(request.filters.words)
            raise Cancelled("superseded")
        return real_count(ws, request, is_cancelled)

    monkeypatch.setattr(office_counts, "count", count)
    shown: list[office_counts.Counted] = []
    page.counter.counted.connect(shown.append)

    type_text(page.words, SLOW_WORDS)
    QTest.keyClick(page.words, Qt.Key.Key_Return)
    qtbot.waitUntil(slow_started.is_set, timeout=20000)
    # the count runs; the screen still shows the previous one and takes every key at once
    assert page.counting and page.model.rowCount() == everything
    type_text(page.words, " tra")
    assert page.words.text() == "chi tra"
    assert page.counting and page.model.rowCount() == everything
    QTest.keyClick(page.words, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: not page.counting, timeout=20000)
    assert stopped == [SLOW_WORDS]  # the older count was asked to stop, and stopped
    assert [c.request.filters.words for c in shown] == ["chi tra"]  # only the last is shown
    expected = facets.count(made.office, Filters(words="chi tra"))
    assert 0 < expected < everything
    assert page.model.rowCount() == expected
    assert page.summary.text().startswith(str(expected))
    assert counted_on and threading.main_thread().ident not in counted_on  # never on the UI thread


def test_another_order_is_counted_on_the_worker_too(qtbot, tmp_path: Path) -> None:
    made = make_office(tmp_path)
    window = open_window(qtbot, made.office)
    page = window.office_page
    assert page is not None
    qtbot.waitUntil(lambda: not page.counting, timeout=20000)
    page.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)  # a click on the Finding header
    assert page.counting
    qtbot.waitUntil(lambda: not page.counting, timeout=20000)
    expected = table.rows(made.office, Filters(), sort="title", descending=False)
    shown = [page.model.row(n) for n in range(page.model.rowCount())]
    assert [r.id for r in shown] == [r.id for r in expected] and len(expected) > 1


def test_a_search_index_far_behind_is_built_on_a_worker_said_in_the_status_bar(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    made = make_office(tmp_path)
    for suffix in ("", "-wal", "-shm"):  # as at an office that never searched yet
        (made.office.home / f"{search.INDEX_NAME}{suffix}").unlink(missing_ok=True)
    assert search.behind(made.office) > 0
    monkeypatch.setattr(office_page, "INDEX_NOTICE", 1)  # a small office: any lag is far
    said: list[str] = []
    window = open_window(qtbot, made.office)
    window.statusBar().messageChanged.connect(said.append)
    page = window.office_page
    assert page is not None and page.indexing
    qtbot.waitUntil(lambda: not page.indexing, timeout=20000)
    assert search.behind(made.office) == 0
    assert said[-1] == str(_("The search is ready."))
    qtbot.waitUntil(lambda: not page.counting, timeout=20000)
    type_text(page.words, "chi tra")
    QTest.keyClick(page.words, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not page.counting, timeout=20000)
    assert page.model.rowCount() == facets.count(made.office, Filters(words="chi tra")) > 0

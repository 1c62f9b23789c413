# SPDX-License-Identifier: GPL-3.0-or-later
"""Scrolling the office's findings past the pages in memory: the rows of a page not read yet
show "…" while a worker reads it (the window never waits), then their findings."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from PySide6.QtCore import Qt

from inspector.office import table
from inspector.office.facets import Filters
from inspector.office.followup import Narrowing
from tests.office_world import make_office
from ui.main_window import MainWindow
from ui.models import followup_model, office_findings
from ui.models.followup_model import FollowUpModel
from ui.models.office_findings import OfficeFindingsModel
from ui.operations import office_counts, register
from ui.operations.office_counts import CountRequest


def test_a_page_scrolled_to_is_read_on_a_worker(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(office_findings, "PAGE", 5)  # pages of five, so that there are two
    monkeypatch.setattr(office_counts, "PAGE", 5)
    made = make_office(tmp_path)
    window = MainWindow(made.office)  # its workers
    qtbot.addWidget(window)
    model = OfficeFindingsModel(made.office, window.jobs)
    model.show(office_counts.count(made.office, CountRequest(Filters())))
    total = model.rowCount()
    assert total > 5 and list(model.pages) == [0]
    readers: list[str] = []
    reading = table.rows

    def watched(*args, **kwargs):
        readers.append(threading.current_thread().name)
        return reading(*args, **kwargs)

    monkeypatch.setattr(table, "rows", watched)
    last = model.index(total - 1, 4)
    assert model.data(last) == "…"  # not read yet: asked of a worker, the view goes on
    with qtbot.waitSignal(model.dataChanged, timeout=20000) as changed:
        pass
    assert changed.args[0].row() == 5 and changed.args[1].row() == total - 1
    assert readers and threading.main_thread().name not in readers  # never on the UI thread
    expected = " ".join(model.row(total - 1).title.split())
    assert model.data(last, Qt.ItemDataRole.DisplayRole) == expected


def test_a_page_of_the_register_scrolled_to_is_read_on_a_worker(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(followup_model, "PAGE", 3)
    monkeypatch.setattr(register, "PAGE", 3)
    made = make_office(tmp_path)
    window = MainWindow(made.office)
    qtbot.addWidget(window)
    model = FollowUpModel(made.office, jobs=window.jobs)
    model.show(register.tally(made.office, Narrowing()))
    total = model.rowCount()
    assert total > 3 and list(model.pages) == [0]
    last = model.index(total - 1, 3)  # the recommendation
    assert model.data(last) == "…"
    qtbot.waitUntil(lambda: (total - 1) // 3 in model.pages, timeout=20000)
    entry = model.entry(total - 1)
    assert str(model.data(last)).endswith(" ".join(entry.text.split()))

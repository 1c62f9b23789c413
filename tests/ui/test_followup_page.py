# SPDX-License-Identifier: GPL-3.0-or-later
"""The follow-up register at the office, used as a supervisor does: the overdue chosen, one
recommendation of the sealed check followed up (the unit's report typed, a file dropped, Done
chosen), and it leaves the overdue list; a drop without a reason is refused in place. The
office's package then brings the update back to the team's laptop, whose register shows it."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QListWidget

from inspector.fieldwork import screens
from inspector.i18n import _
from inspector.office import followup, reinspect
from inspector.office.followup import Narrowing, Standing
from inspector.store import seals
from inspector.store.workspace import Workspace
from inspector.sync import exchange
from inspector.trust import identity
from inspector.vocabulary import RecommendationStatus, label
from tests.office_world import PASSPHRASE, make_office, team_home
from tests.ui.helpers import (
    choose_file,
    drop_files,
    in_modal,
    ok,
    open_window,
    shortcut,
    type_text,
)

OVERDUE = Narrowing(standings=frozenset({Standing.OVERDUE}))


def _settled(qtbot, page) -> None:
    """Wait for the register's tally (made on a worker) to be on screen."""
    qtbot.waitUntil(lambda: not page.counter.busy and page.model.rowCount() > 0, timeout=20000)


def _click_row(box: QListWidget, row: int) -> None:
    rect = box.visualItemRect(box.item(row))
    QTest.mouseClick(box.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _choose(qtbot, combo, text: str) -> None:
    """Choose an entry of a drop-down as a person does with the keyboard: open it (F4), move
    to the entry, Enter."""
    target = combo.findText(text)
    assert target >= 0, text
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_F4)
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    key = Qt.Key.Key_Down if target > view.currentIndex().row() else Qt.Key.Key_Up
    while view.currentIndex().row() != target:
        QTest.keyClick(view, key)
    QTest.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.isVisible())


def test_a_recommendation_followed_to_done_with_a_file_leaves_the_overdue_list_and_goes_back(
    qtbot, tmp_path: Path
) -> None:
    made = make_office(tmp_path)
    office = made.office
    overdue_before = {e.id for e in followup.entries(office, OVERDUE)}
    assert overdue_before  # the seeds' deadlines are in the past
    window = open_window(qtbot, office)
    shortcut(
        qtbot,
        window,
        Qt.Key.Key_R,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    page = window.followup_page
    assert page is not None and window.stack.currentWidget() is page
    _settled(qtbot, page)
    assert page.model.rowCount() == followup.count(office)

    overdue_row = next(
        n
        for n in range(page.standings.count())
        if page.standings.item(n).data(Qt.ItemDataRole.UserRole) == Standing.OVERDUE.value
    )
    assert page.standings.item(overdue_row).text().endswith(f"({len(overdue_before)})")
    _click_row(page.standings, overdue_row)
    qtbot.waitUntil(lambda: page.model.rowCount() == len(overdue_before))
    shown = {page.model.entry(n).id for n in range(page.model.rowCount())}
    assert shown == overdue_before

    # one of the sealed check's: its minutes are signed, its follow-up goes on
    row = next(
        n
        for n in range(page.model.rowCount())
        if seals.is_sealed(office.db, page.model.entry(n).inspection_id)
    )
    chosen = page.model.entry(row)
    rect = page.table.visualRect(page.model.index(row, 0))
    QTest.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    detail = page.detail
    qtbot.waitUntil(lambda: detail.current is not None and detail.current.id == chosen.id)

    # dropping it without a reason is refused beside the fields, and nothing changes
    _choose(qtbot, detail.status, label(RecommendationStatus.NOT_FEASIBLE))
    assert str(_("A recommendation is dropped only with the reason: write it in the note.")) in (
        detail.problem.text()
    )
    assert detail.status.currentData() == chosen.status
    assert followup.entry(office, chosen.id).status == chosen.status

    report = "Đơn vị đã thu hồi 12.500.000 đồng chi vượt định mức, nộp vào tài khoản BHXH tỉnh."
    type_text(detail.report, report)
    evidence = tmp_path / "Giấy nộp tiền số 45.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% giay nop tien\n")
    drop_files(detail.files.viewport(), [evidence])
    qtbot.waitUntil(lambda: detail.files.count() == 1, timeout=20000)
    assert detail.files.item(0).text() == evidence.name
    _choose(qtbot, detail.status, label(RecommendationStatus.DONE))

    qtbot.waitUntil(lambda: page.model.rowCount() == len(overdue_before) - 1)
    _settled(qtbot, page)
    assert chosen.id not in {page.model.entry(n).id for n in range(page.model.rowCount())}
    assert page.standings.item(overdue_row).text().endswith(f"({len(overdue_before) - 1})")
    saved = followup.entry(office, chosen.id)
    assert saved.standing is Standing.DONE and saved.report == report and saved.files == 1
    history = [detail.history.item(n).text() for n in range(detail.history.count())]
    assert any(evidence.name in line for line in history)
    assert any(label(RecommendationStatus.DONE) in line for line in history)
    window.close()

    # the office's package carries it back to the team whose check it is
    package = tmp_path / "office-update.inspkg"
    exchange.export_package(office, package, identity.load_authority(office, PASSPHRASE))
    with Workspace.open(team_home(tmp_path, chosen.inspection_id)) as laptop:
        result = exchange.import_package(laptop, package)
        assert not result.refused, result.refused[:3]
        there = open_window(qtbot, laptop)
        there.show_followup()
        theirs = there.followup_page
        assert theirs is not None
        _settled(qtbot, theirs)
        row = next(
            n for n in range(theirs.model.rowCount()) if theirs.model.entry(n).id == chosen.id
        )
        assert theirs.model.data(theirs.model.index(row, 1)) == str(_("Done"))
        assert theirs.model.data(theirs.model.index(row, 6)) == "1"
        (kept,) = followup.files(laptop, chosen.id)
        assert kept["path"].read_bytes() == evidence.read_bytes()
        assert date.today() >= date.fromisoformat(str(chosen.deadline))
        there.close()


def test_the_overdue_per_unit_narrow_the_register(qtbot, tmp_path: Path) -> None:
    made = make_office(tmp_path)
    window = open_window(qtbot, made.office)
    window.show_followup()
    page = window.followup_page
    assert page is not None
    _settled(qtbot, page)
    per_unit = followup.overdue_by(made.office, "unit")
    assert page.units.count() == len(per_unit)
    unit, n = per_unit[0]
    assert page.units.item(0).text().endswith(f"({n})")
    _click_row(page.units, 0)
    qtbot.waitUntil(lambda: page.model.rowCount() < followup.count(made.office))
    shown = [page.model.entry(r) for r in range(page.model.rowCount())]
    assert shown and {e.actor_unit_id for e in shown} == {unit}
    assert len(shown) == followup.count(made.office, Narrowing(units=frozenset({unit})))
    # its check opens read-only, and Back returns to the register
    rect = page.table.visualRect(page.model.index(0, 0))
    QTest.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: page.detail.current is not None)
    QTest.mouseClick(page.detail.open_button, Qt.MouseButton.LeftButton)
    workbench = window.workbench
    assert workbench is not None and window.stack.currentWidget() is workbench
    assert workbench.inspection_id == shown[0].inspection_id
    assert workbench.back.text() == str(_("← Follow-up of recommendations"))
    QTest.mouseClick(workbench.back, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is page
    QTest.mouseClick(page.back, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert window.stack.currentWidget() is window.office_page


def test_a_reinspection_of_the_failed_items_prepared_from_the_register_and_its_kit_written(
    qtbot, tmp_path: Path
) -> None:
    made = make_office(tmp_path)
    office = made.office
    window = open_window(qtbot, office)
    window.show_followup()
    page = window.followup_page
    assert page is not None
    _settled(qtbot, page)
    row = next(
        n
        for n in range(page.model.rowCount())
        if seals.is_sealed(office.db, page.model.entry(n).inspection_id)
    )
    earlier = page.model.entry(row).inspection_id
    failed = [f.code for f in reinspect.failed_items(office, earlier)]
    rect = page.table.visualRect(page.model.index(row, 0))
    QTest.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: page.detail.current is not None)
    kit = tmp_path / "kiem-tra-lai.inspkg"

    def fill(dialog) -> None:
        assert dialog.items.count() == len(failed)
        last = dialog.items.item(dialog.items.count() - 1)  # not this one: unticked
        box = dialog.items.visualItemRect(last)
        QTest.mouseClick(
            dialog.items.viewport(),
            Qt.MouseButton.LeftButton,
            pos=QPoint(box.left() + 10, box.center().y()),
        )
        type_text(dialog.number, "88/QĐ-BHXH")
        in_modal(choose_file(kit, then=_passphrase), not_this=dialog)
        ok(qtbot, dialog)

    def _passphrase(prompt) -> None:
        type_text(prompt.findChild(QLineEdit), PASSPHRASE)
        QTest.keyClick(prompt.findChild(QLineEdit), Qt.Key.Key_Return)

    in_modal(fill)
    QTest.mouseClick(page.detail.reinspect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kit.exists() and not window.jobs.busy, timeout=30000)
    assert page.prepared is not None
    assert reinspect.reinspections(office, earlier) == [page.prepared]
    head = screens.header(office, page.prepared)
    assert head["items"] == failed[:-1] and head["number_symbol"] == "88/QĐ-BHXH"
    assert str(kit) in page.notice.text()
    window.close()
    with Workspace.open(team_home(tmp_path, earlier)) as laptop:
        result = exchange.import_package(laptop, kit)
        assert not result.refused
        assert screens.header(laptop, page.prepared)["items"] == failed[:-1]


def test_the_register_is_tallied_off_the_ui_thread_and_only_the_last_narrowing_shows(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    made = make_office(tmp_path)
    threads: list[str] = []
    counting = followup.by_standing

    def watched(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return counting(*args, **kwargs)

    monkeypatch.setattr(followup, "by_standing", watched)
    window = open_window(qtbot, made.office)
    window.show_followup()
    page = window.followup_page
    assert page is not None
    _settled(qtbot, page)
    # three clicks in a row: each supersedes the one before; the last narrowing is shown
    for row in range(page.standings.count()):
        if page.standings.item(row).data(Qt.ItemDataRole.UserRole) != Standing.DONE.value:
            continue
        _click_row(page.standings, row)
    _click_row(page.units, 0)
    unit = page.units.item(0).data(Qt.ItemDataRole.UserRole)
    qtbot.waitUntil(lambda: not page.counter.busy, timeout=20000)
    expected = Narrowing(standings=frozenset({Standing.DONE}), units=frozenset({unit}))
    assert page.model.narrowing == expected
    assert threads and threading.main_thread().name not in threads  # the screen's tallies
    assert page.model.rowCount() == followup.count(made.office, expected)

# SPDX-License-Identifier: GPL-3.0-or-later
"""The conflict count in the status bar is counted on a worker, on its own connection: the window
opens without waiting for it, and a newer count supersedes an older one. The conflicts screen
finds its list on a worker too."""

from __future__ import annotations

import threading

import pytest

from inspector.fieldwork import findings
from inspector.i18n import _
from inspector.sync import exchange, merge
from tests.sync_world import World
from tests.ui.helpers import activate
from ui.context import t
from ui.dialogs.conflicts import ConflictsDialog
from ui.main_window import MainWindow


def _two_sided_edit(world: World) -> None:
    """The same finding's severity changed by inspectors A and B, both imported at the office."""
    finding = world.a.db.execute("SELECT id, severity FROM findings ORDER BY id LIMIT 1").fetchone()
    grade_a, grade_b = [g for g in ("1", "2", "3", "4") if g != finding[1]][:2]
    findings.update_finding(world.a, finding[0], severity=grade_a)
    findings.update_finding(world.b, finding[0], severity=grade_b)
    for package in (world.export(world.a, "a1"), world.export(world.b, "b1")):
        exchange.import_package(world.office, package)


def test_the_window_opens_while_the_count_runs_on_a_worker(
    qtbot, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _two_sided_edit(world)
    real = merge.conflicts
    release = threading.Event()
    counted_on: list[tuple[threading.Thread, int]] = []

    def slow(db, inspection_id=None):
        counted_on.append((threading.current_thread(), id(db)))
        assert release.wait(20), "the window waited for the count"
        return real(db, inspection_id)

    monkeypatch.setattr(merge, "conflicts", slow)
    window = MainWindow(world.office)  # the count is held until the window is up
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    activate(qtbot, window)
    assert not window.conflicts_button.isVisible()  # not counted yet, and nothing waits for it
    with qtbot.waitSignal(window.conflict_counter.counted, timeout=20000) as counted:
        release.set()
    assert counted.args == [1]
    qtbot.waitUntil(lambda: window.conflicts_button.isVisible())
    assert "1" in window.conflicts_button.text()
    thread, connection = counted_on[0]
    assert thread is not threading.main_thread()
    assert connection != id(world.office.db)  # its own connection, not the window's
    window.close()


def test_a_newer_count_supersedes_one_still_running(
    qtbot, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = merge.conflicts
    started = threading.Event()
    release = threading.Event()
    calls: list[int] = []

    def held(db, inspection_id=None):
        calls.append(1)
        if len(calls) == 1:  # the first count: held until the conflicts have come in
            started.set()
            assert release.wait(20)
        return real(db, inspection_id)

    monkeypatch.setattr(merge, "conflicts", held)
    window = MainWindow(world.office)
    qtbot.addWidget(window)
    assert started.wait(20)
    _two_sided_edit(world)  # conflicts arrive while the first count runs
    shown: list[int] = []
    window.conflict_counter.counted.connect(shown.append)
    window.after_sync()  # a newer request: the running count's result will be stale
    with qtbot.waitSignal(window.conflict_counter.counted, timeout=20000):
        release.set()
    qtbot.wait(50)
    assert shown == [1] and len(calls) == 2  # counted again; the stale result never showed
    assert window.conflicts_button.text() and "1" in window.conflicts_button.text()
    window.close()


def test_a_language_switch_counts_again_off_the_ui_thread(
    qtbot, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _two_sided_edit(world)
    real = merge.conflicts
    threads: list[threading.Thread] = []

    def recorded(db, inspection_id=None):
        threads.append(threading.current_thread())
        return real(db, inspection_id)

    monkeypatch.setattr(merge, "conflicts", recorded)
    window = MainWindow(world.office)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: "1" in window.conflicts_button.text())
    with qtbot.waitSignal(window.conflict_counter.counted, timeout=20000):
        window.set_language("en")
    assert window.conflicts_button.text() == "1 conflicts to resolve"
    assert len(threads) == 2 and threading.main_thread() not in threads
    window.close()


def test_the_conflicts_screen_lists_them_off_the_ui_thread(
    qtbot, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _two_sided_edit(world)
    real = merge.conflicts
    release = threading.Event()
    threads: list[threading.Thread] = []

    def held(db, inspection_id=None):
        threads.append(threading.current_thread())
        assert release.wait(20), "listed on the UI thread"
        return real(db, inspection_id)

    monkeypatch.setattr(merge, "conflicts", held)
    window = MainWindow(world.office)
    qtbot.addWidget(window)
    dialog = ConflictsDialog(window.ctx, lambda: None)
    qtbot.addWidget(dialog)
    dialog.show()  # up at once, saying that it looks
    assert dialog.empty.text() == t(_("Looking for conflicts…")) and not dialog.keep.isEnabled()
    release.set()
    qtbot.waitUntil(lambda: dialog.list.count() == 1)
    assert dialog.keep.isEnabled() and not dialog.empty.isVisible()
    assert threads and threading.main_thread() not in threads
    dialog.close()
    window.close()

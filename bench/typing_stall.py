# SPDX-License-Identifier: GPL-3.0-or-later
"""Typing while a package is imported: the longest the UI thread stalls, beside an empty window
measured the same way in the same run (offscreen Qt).

A field laptop makes 10,000 changes (one check, its findings written through the app's write
path) and exports them as a sync package (``exchange.export_package``, signed with an identity
the office issued). The office's window is open on a finding of its own check; its inbox is
pointed at the folder holding the package, and the inbox imports it on a worker while the bench
types real key events (QTest) into the finding's title: 10 keys a second, in words of
:data:`WORD` letters, each followed by a pause long enough for the typing pause to make a
change. A 5 ms timer ticks all along; the longest gap between its ticks and the longest time any
keystroke's handling took are the stall. The empty window types the same pattern into a plain
line edit with nothing else running, for the same time. Aim: under 50 ms.

Garbage is collected on the UI thread, as in the app (:class:`ui.collector.MainThreadCollector`),
and a pass holds the interpreter while it runs: the passes are timed too (gc.callbacks), and the
longest stall that overlaps none of them is printed beside the longest stall.
"""

from __future__ import annotations

import gc
import json
import os
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Slot  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow, QWidget  # noqa: E402

from inspector.fieldwork import checklists, findings, inspections, units  # noqa: E402
from inspector.store import records  # noqa: E402
from inspector.store.workspace import Workspace  # noqa: E402
from inspector.sync import exchange, packages  # noqa: E402
from inspector.trust import identity  # noqa: E402
from ui.collector import MainThreadCollector  # noqa: E402
from ui.main_window import SCREEN_KEY, MainWindow  # noqa: E402

CHANGES = 10_000  # findings the field laptop makes, one change each (plus its check's few)
PASSPHRASE = "benchmark-passphrase"
TICK_MS = 5
KEY_MS = 100  # 10 keys a second
WORD = 6  # letters typed before each pause
PAUSE_MS = 1_000  # longer than the typing pause (ui.widgets.fields.PAUSE_MS): a change is made
LEAD_MS = 1_500  # typing before the import starts, and after it ends
AIM_MS = 50


class Collections:
    """The garbage collector's passes: (start, end, generation, thread name), while installed."""

    def __init__(self) -> None:
        self.passes: list[tuple[float, float, int, str]] = []
        self._started: dict[int, float] = {}

    def __enter__(self) -> Collections:
        gc.callbacks.append(self._seen)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self._seen)

    def _seen(self, phase: str, info: dict[str, int]) -> None:
        now = time.perf_counter()
        thread = threading.current_thread()
        if phase == "start":
            self._started[thread.ident or 0] = now
            return
        began = self._started.pop(thread.ident or 0, now)
        self.passes.append((began, now, info["generation"], thread.name))

    def longest(self, since: float, until: float, *, main: bool) -> float:
        """The longest pass between ``since`` and ``until`` on the UI thread or off it."""
        return max(
            (
                end - began
                for began, end, _gen, name in self.passes
                if since <= end <= until and (name == "MainThread") == main
            ),
            default=0.0,
        )

    def overlaps(self, began: float, end: float) -> bool:
        return any(b < end and began < e for b, e, _gen, _name in self.passes)


class Typist(QObject):
    """Types the pattern into ``widget`` and times everything the UI thread does meanwhile."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.widget = widget
        self.key_times: list[float] = []  # seconds each key's handling took
        self.gaps: list[tuple[float, float]] = []  # (when, gap) between ticks
        self.last_tick = time.perf_counter()
        self.typed = 0
        self.in_word = 0
        self.ticker = QTimer(self)
        self.ticker.setTimerType(Qt.TimerType.PreciseTimer)
        self.ticker.setInterval(TICK_MS)
        self.ticker.timeout.connect(self.tick)
        self.keys = QTimer(self)
        self.keys.setTimerType(Qt.TimerType.PreciseTimer)
        self.keys.setSingleShot(True)
        self.keys.timeout.connect(self.key)

    def start(self) -> None:
        self.widget.setFocus()
        self.last_tick = time.perf_counter()
        self.ticker.start()
        self.keys.start(KEY_MS)

    def stop(self) -> None:
        self.ticker.stop()
        self.keys.stop()

    @Slot()
    def tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now, now - self.last_tick))
        self.last_tick = now

    @Slot()
    def key(self) -> None:
        letter = "abcdefghijklmnopqrstuvwxyz"[self.typed % 26]
        started = time.perf_counter()
        QTest.keyClick(self.widget, letter)  # press and release, handled before it returns
        self.key_times.append(time.perf_counter() - started)
        self.typed += 1
        self.in_word += 1
        if self.in_word == WORD:
            self.in_word = 0
            self.keys.start(PAUSE_MS)
        else:
            self.keys.start(KEY_MS)

    def worst_gap(self, since: float = 0.0, until: float = float("inf")) -> float:
        return max((gap for at, gap in self.gaps if since <= at <= until), default=0.0)

    def worst_gap_without(self, collections: Collections) -> float:
        """The longest gap during which the garbage collector did not run."""
        return max(
            (gap for at, gap in self.gaps if not collections.overlaps(at - gap, at)), default=0.0
        )


def _run_until(app: QApplication, done: Callable[[], bool], limit: float) -> None:
    loop = QEventLoop()
    check = QTimer()
    check.setInterval(20)
    check.timeout.connect(lambda: loop.quit() if done() else None)
    check.start()
    deadline = time.perf_counter() + limit
    while not done() and time.perf_counter() < deadline:
        loop.exec()
    check.stop()


def _wait(app: QApplication, seconds: float) -> None:
    until = time.perf_counter() + seconds
    _run_until(app, lambda: time.perf_counter() >= until, seconds + 1)


def _identity(ws: Workspace, office: Workspace) -> identity.Identity:
    request = identity.init_keys(ws, f"Thanh tra viên {ws.home.name}", PASSPHRASE)
    identity.install(ws, identity.issue(office, request.read_bytes(), PASSPHRASE), trust=True)
    return identity.load_identity(ws, PASSPHRASE)


def _check(ws: Workspace, number: str) -> str:
    unit = units.add_unit(ws, name=f"Bảo hiểm xã hội cơ sở {number}", level="GRASSROOTS")
    return inspections.new_check(
        ws,
        decision_number=f"{number}/QĐ-BHXH",
        decision_date="2026-03-02",
        signer_name="Phạm Đức Thắng",
        legal_basis="Công văn 1251/BHXH-TCCB",
        unit_id=unit,
        team_names=[inspections.NewMember(ws.actor.user, "LEADER", "Thanh tra viên", "Nam")],
    )


def build(root: Path) -> tuple[Path, str, str, Path, int]:
    """The office (its own check and finding), and the field's package in an inbox folder:
    the office's home, the check, the finding, the inbox and how many changes the package holds."""
    office = Workspace.open(root / "office")
    identity.init_ca(office, "Văn phòng", PASSPHRASE)
    checklists.ensure_bundled_checklist(office)
    check = _check(office, "1")
    finding = findings.add_finding(office, check, title="Phát hiện", severity="3", area_code="A")
    office.set_setting(
        SCREEN_KEY, json.dumps({"inspection": check, "tab": "findings", "finding": finding})
    )
    field = Workspace.open(root / "field")
    checklists.ensure_bundled_checklist(field)
    ident = _identity(field, office)
    field_check = _check(field, "2")
    with field.transaction() as db:
        for n in range(CHANGES):
            records.insert(
                db,
                field.actor,
                "findings",
                {
                    "inspection_id": field_check,
                    "kind": "VIOLATION",
                    "title": f"Hồ sơ số {n} giải quyết quá hạn",
                    "description": "Tiếp nhận hồ sơ không đúng quy trình " * 4,
                    "severity": "2",
                    "area_code": "ABCDEFGH"[n % 8],
                },
            )
    inbox = root / "inbox"
    inbox.mkdir()
    package = inbox / f"field{packages.SUFFIX}"
    result = exchange.export_package(field, package, ident, everything=True)
    field.close()
    old = time.time() - 60  # copied long ago: the inbox takes it at once
    os.utime(package, (old, old))
    office.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    office.close()
    return root / "office", check, finding, inbox, result.changes


def empty_window(app: QApplication, seconds: float) -> Typist:
    """The same typing into a plain line edit of an empty window, for ``seconds``."""
    plain = QMainWindow()
    edit = QLineEdit()
    plain.setCentralWidget(edit)
    plain.resize(1280, 800)
    plain.show()
    plain.activateWindow()
    _wait(app, 0.3)
    typist = Typist(edit)
    typist.start()
    _wait(app, seconds)
    typist.stop()
    plain.close()
    plain.deleteLater()
    return typist


def typing_during_import(
    app: QApplication, home: Path, finding: str, inbox: Path
) -> tuple[Typist, float, float, str]:
    """Type into the finding's title while the inbox imports the package: the typist, when the
    import started and ended (perf_counter), and the title as saved afterwards."""
    ws = Workspace.open(home)
    window = MainWindow(ws)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    _wait(app, 0.3)
    tab = window.workbench.findings
    assert tab.current_id() == finding, "the finding is not on screen"
    title = tab.title
    title.setFocus()
    title.end(False)
    typist = Typist(title)
    typist.start()
    _wait(app, LEAD_MS / 1000)
    started = time.perf_counter()
    window.sync.set_inbox(inbox)  # looks in the inbox at once: the import runs on a worker
    _run_until(app, lambda: not window.sync.inbox_running, 600)
    ended = time.perf_counter()
    _wait(app, LEAD_MS / 1000 + PAUSE_MS / 1000)
    typist.stop()
    typed = title.text()
    window.close()
    app.processEvents()
    ws.close()
    with Workspace.open(home) as again:
        saved = again.db.execute("SELECT title FROM findings WHERE id = ?", [finding]).fetchone()
        imported = again.db.execute("SELECT count(*) FROM packages WHERE direction = 'in'")
        assert imported.fetchone()[0] == 1, "the package was not imported"
    assert saved[0] == typed, "what was typed was not saved"
    return typist, started, ended, saved[0]


def main() -> None:
    app = QApplication.instance() or QApplication([])
    collector = MainThreadCollector(app)  # as the app does: garbage collected on this thread
    with tempfile.TemporaryDirectory(prefix="inspector-bench-typing-") as tmp:
        home, _check_id, finding, inbox, changes = build(Path(tmp))
        with Collections() as collections:
            typist, started, ended, _title = typing_during_import(app, home, finding, inbox)
        empty = empty_window(app, ended - started + 2 * LEAD_MS / 1000 + PAUSE_MS / 1000)
    during = typist.worst_gap(started, ended)
    keys = max(typist.key_times) * 1e3
    print(
        f"typing into a finding's title (10 keys/s, a pause after every {WORD} letters) while"
        f" the inbox imports a package of {changes:,} changes ({ended - started:.1f} s on a"
        f" worker): longest UI-thread stall {max(during, typist.worst_gap()) * 1e3:.0f} ms"
        f" (during the import {during * 1e3:.0f} ms), longest keystroke {keys:.0f} ms"
        f" ({typist.typed} keys)"
    )
    print(
        f"empty window, same typing into a plain line edit: longest stall"
        f" {empty.worst_gap() * 1e3:.0f} ms, longest keystroke"
        f" {max(empty.key_times) * 1e3:.0f} ms ({empty.typed} keys)"
    )
    print(
        f"garbage collection meanwhile: longest pass on the import's worker"
        f" {collections.longest(started, ended, main=False) * 1e3:.0f} ms, on the UI thread"
        f" {collections.longest(0, float('inf'), main=True) * 1e3:.0f} ms; longest stall"
        f" overlapping no pass {typist.worst_gap_without(collections) * 1e3:.0f} ms"
    )
    worst = max(during, typist.worst_gap(), max(typist.key_times))
    print(f"typing stall: {worst * 1e3:.0f} ms (aim: under {AIM_MS} ms)")
    collector.stop()


if __name__ == "__main__":
    main()

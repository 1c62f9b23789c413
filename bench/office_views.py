# SPDX-License-Identifier: GPL-3.0-or-later
"""The office's findings screen on a million findings (offscreen Qt, the real window): its first
paint, a facet ticked, a search for a rare and for a common word, each beside the same queries
run on a plain ``sqlite3`` connection in the same run, and the process's peak memory.

The workspace (:mod:`bench.office_build`: the registers and 2,500 checks through the services,
the million findings, responsibilities, recommendations and explanations written in bulk
through the journal, shaped as the services write them) is built once, kept in the temporary
folder and copied for each run, without its search index: the index's first build is timed too.

Each step of the screen runs until the screen is done: the rows and every facet's counts of the
new filters shown and the table painted (the counts come from a worker; the clock runs until
they are on screen). Its raw baseline is what the screen needs from SQLite, in the SQL the screen
sends: the findings that said the words (a temporary table filled from the search index), how
many findings the filters leave, the first page of rows, and each facet's counts.
"""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from bench import office_build  # noqa: E402
from inspector.office import facets, search, table  # noqa: E402
from inspector.office.facets import Filters  # noqa: E402
from inspector.store.workspace import DB_NAME, Workspace  # noqa: E402
from ui.main_window import SCREEN_KEY, MainWindow  # noqa: E402
from ui.models.office_findings import PAGE  # noqa: E402
from ui.office_page import OfficePage  # noqa: E402

ROUNDS = 4  # each step, screen and raw (each first in half the rounds), medians printed
FACET = "severity"  # the facet ticked, its second value (a large share, not all)
TIMEOUT = 600.0


def _settle(app: QApplication, page: OfficePage) -> None:
    """Handle events until the screen shows the counts of its filters, then paint the table."""
    deadline = time.perf_counter() + TIMEOUT
    while page.counting:
        app.processEvents()
        if time.perf_counter() > deadline:
            raise TimeoutError("the office's counts never came")
        time.sleep(0.001)
    page.table.viewport().repaint()  # the rows on screen, read and drawn
    app.processEvents()


def _timed(samples: list[float], step: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = step()
    samples.append(time.perf_counter() - started)
    return result


@dataclass
class Raw:
    """The statements the screen sends for one set of filters, in its SQL."""

    said: list[tuple[str, list[Any]]]  # the findings that said the words, in a temporary table
    count: tuple[str, list[Any]]
    rows: tuple[str, list[Any]]
    facets: list[tuple[str, list[Any]]]

    def run(self, conn: sqlite3.Connection) -> int:
        """Run them on a plain connection, reading every row; the count."""
        for sql, params in self.said:
            conn.execute(sql, params)
        (total,) = conn.execute(*self.count).fetchone()
        conn.execute(*self.rows).fetchall()
        for sql, params in self.facets:
            conn.execute(sql, params).fetchall()
        return int(total)


def _raw_sql(home: Path, filters: Filters) -> Raw:
    """What the screen sends to SQLite to count ``filters``: the findings that said the words
    (attach the index, fill the temporary table, detach), the count, the first page, each
    facet's counts."""
    with Workspace.open(home) as ws:  # only to write the SQL, as the screen's code writes it
        units = facets.Units.read(ws)
        words = search.terms(filters.words)
        said: list[tuple[str, list[Any]]] = search.said_statements(home, words) if words else []
        # found words put the findings that say them best first, as the screen sorts them
        sort = "relevance" if words else "date"
        rows, params = table.rows_sql(ws, filters, sort=sort, units=units)
        return Raw(
            said,
            facets.select_sql(ws, "count(*)", filters, units=units),
            (rows, [*params, PAGE, 0]),
            [facets.facet_sql(ws, name, filters, units) for name in facets.FACETS],
        )


def _click(page: OfficePage, facet: str, row: int) -> str:
    """Tick a value of a facet as a person does: a click on its check box."""
    values = page.lists[facet]
    item = values.item(row)
    rect = values.visualItemRect(item)
    QTest.mouseClick(
        values.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(rect.left() + 10, rect.center().y()),
    )
    return str(item.data(Qt.ItemDataRole.UserRole))


def _search(page: OfficePage, words: str) -> None:
    """Type ``words`` in place of the search box's text, then Enter."""
    page.words.selectAll()
    QTest.keyClicks(page.words, words)
    QTest.keyClick(page.words, Qt.Key.Key_Return)


def _round(
    app: QApplication, home: Path, s: dict[str, list[float]], raw: dict[str, Raw], no: int
) -> dict[str, int]:
    """One opening of the workspace on its office screen and each step, each beside its raw
    baseline: the screen first in even rounds, the raw queries first in odd ones (neither
    always finds the caches the other warmed)."""
    with Workspace.open(home) as ws:
        ws.set_setting(SCREEN_KEY, json.dumps({"office": ""}))
    shown: dict[str, int] = {}
    conn = sqlite3.connect(home / DB_NAME, isolation_level=None)  # autocommit, as the app

    def both(key: str, screen: Callable[[], Any], baseline: Raw) -> Any:
        def plain() -> None:
            shown[f"{key} raw"] = _timed(s[f"{key} raw"], lambda: baseline.run(conn))

        if no % 2:
            plain()
        result = _timed(s[key], screen)
        if not no % 2:
            plain()
        return result

    def opened() -> tuple[Workspace, MainWindow, OfficePage]:
        ws = Workspace.open(home)
        window = MainWindow(ws)  # opens on the office's findings, as it was left
        window.show()
        page = window.office_page
        assert page is not None
        _settle(app, page)
        return ws, window, page

    ws, window, page = both("home", opened, raw["home"])
    shown["home"] = page.model.total

    value = str(page.lists[FACET].item(1).data(Qt.ItemDataRole.UserRole))
    both(
        "facet",
        lambda: (_click(page, FACET, 1), _settle(app, page)),
        _raw_sql(home, Filters({FACET: frozenset({value})})),
    )
    assert page.chosen == {FACET: {value}}
    shown["facet"] = page.model.total
    _click(page, FACET, next(n for n in range(page.lists[FACET].count()) if _checked(page, n)))
    _settle(app, page)

    for key, words in (("rare", office_build.RARE), ("common", office_build.COMMON)):
        both(key, lambda w=words: (_search(page, w), _settle(app, page)), raw[key])
        shown[key] = page.model.total
        page.words.clear()
        _settle(app, page)
    window.close()
    window.deleteLater()
    app.processEvents()
    ws.close()
    conn.close()
    return shown


def _checked(page: OfficePage, row: int) -> bool:
    return page.lists[FACET].item(row).checkState() == Qt.CheckState.Checked


def _reset_peak() -> None:
    """Start the peak memory afresh (Linux: the benches before this one ran in this process)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:  # elsewhere the peak is the process's since it started
        pass


def _peak_mb() -> float:
    """The peak resident memory since :func:`_reset_peak` (Linux), else of the process."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # macOS: bytes
        return peak / 1024 / (1024 if os.uname().sysname == "Darwin" else 1)
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


LINES = (
    ("home", "first paint of the findings (open, counts, rows)"),
    ("facet", f"tick a value of the {FACET} facet"),
    ("rare", f"search a rare word ({office_build.RARE!r})"),
    ("common", f"search a common word ({office_build.COMMON!r})"),
)


def main(total: int = office_build.TOTAL, checks: int = office_build.CHECKS) -> None:
    app = QApplication.instance() or QApplication([])
    home = office_build.built(total, checks)
    _reset_peak()
    s: dict[str, list[float]] = {k: [] for key, _text in LINES for k in (key, f"{key} raw")}
    with tempfile.TemporaryDirectory(prefix="inspector-bench-", dir=Path.cwd()) as tmp:
        copy = office_build.copy_of(home, Path(tmp))
        with Workspace.open(copy) as ws:
            (records,) = ws.db.execute("SELECT count(*) FROM findings").fetchone()
            started = time.perf_counter()
            indexed = search.refresh(ws)
            index_s = time.perf_counter() - started
        raw = {
            "home": _raw_sql(copy, Filters()),
            "rare": _raw_sql(copy, Filters(words=office_build.RARE)),
            "common": _raw_sql(copy, Filters(words=office_build.COMMON)),
        }
        shown: dict[str, int] = {}
        for no in range(ROUNDS):
            shown = _round(app, copy, s, raw, no)
    print(
        f"office findings screen on {records:,} findings (offscreen, MainWindow; medians of"
        f" {ROUNDS}; raw = the same SQL on a plain sqlite3 connection, same run):"
    )
    print(f"  search index, first build: {indexed:,} records in {index_s:.1f} s")
    print(f"  {'':<52}{'screen':>12}{'raw':>12}   ratio (aim: <= 1.5x)   findings")
    for key, text in LINES:
        view, raw = statistics.median(s[key]), statistics.median(s[f"{key} raw"])
        agree = "" if shown[key] == shown[f"{key} raw"] else f" (raw: {shown[f'{key} raw']:,})"
        print(
            f"  {text + ':':<52}{view * 1000:9.0f} ms{raw * 1000:9.0f} ms   {view / raw:5.2f}x"
            f"{'':<15}{shown[key]:,}{agree}"
        )
    print(f"  peak memory of the bench process (RSS): {_peak_mb():.0f} MB (aim: < 300 MB)")


if __name__ == "__main__":
    main()

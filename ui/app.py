# SPDX-License-Identifier: GPL-3.0-or-later
"""Start the desktop app."""

from __future__ import annotations

import os
import sys
from functools import cmp_to_key
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCollator, QDateTime, QLocale, QTimer, QTimeZone
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from inspector import __version__, i18n, logs
from inspector.errors import InspectorError
from inspector.fieldwork import checklists
from inspector.resources import resource_path
from inspector.store.workspace import Workspace
from ui import errors
from ui import language as ui_language
from ui.collector import MainThreadCollector
from ui.errors import show_error
from ui.main_window import LANGUAGE_KEY, MainWindow


def _needs_offscreen() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return False
    return sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )


def text_services_problems() -> list[str]:
    """What Qt cannot do with Vietnamese text here: sort it (its file dialogs do), put it in upper
    case, name Vietnam's time zone (in Vietnamese where Qt asks ICU: Linux).

    On Linux, Qt asks ICU's data for the sorting and the zone's name, and the laptop bundle keeps
    only the part of that data the app's languages need (``tools/bundle_trim.py``): the
    self-test, which ``make dist`` runs on the bundle, fails if that part ever falls short.
    """
    problems = []
    vietnamese = QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)
    collator = QCollator(vietnamese)
    names = ["Đỗ", "Bình", "Ánh", "Dương", "Anh"]
    if sorted(names, key=cmp_to_key(collator.compare)) != ["Anh", "Ánh", "Bình", "Dương", "Đỗ"]:
        problems.append("Vietnamese names do not sort in Vietnamese order")
    if vietnamese.toUpper("đường ơi") != "ĐƯỜNG ƠI":
        problems.append("Vietnamese text does not go into upper case")
    zone = QTimeZone(b"Asia/Ho_Chi_Minh")
    now = QDateTime.currentDateTime()
    name = zone.displayName(now, QTimeZone.NameType.LongName, vietnamese) if zone.isValid() else ""
    # without ICU's Vietnamese zone names Qt falls back to English or "GMT+07:00"
    if not name or (sys.platform.startswith("linux") and "Giờ" not in name):
        problems.append(f"Vietnam's time zone has no Vietnamese name ({name!r})")
    return problems


def run(home: Path, *, self_test: bool = False) -> int:
    """Open the workspace at ``home`` and run the app; return the exit code.

    With ``self_test`` the app starts (offscreen where there is no display), shows the main window,
    lets the event loop run, and exits: 0 if nothing failed, 1 otherwise.
    """
    if self_test and _needs_offscreen():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Inspector")
    app.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName("inspector")
    app.setWindowIcon(QIcon(str(resource_path("icons", "inspector.png"))))
    failures: list[BaseException] = []

    def excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        # An exception inside a Qt slot does not stop the loop: record it, and show it (which
        # logs it once); the self-test only logs it.
        failures.append(exc)
        if self_test:
            errors.log_unexpected(exc.with_traceback(exc.__traceback__ or tb))
        else:
            errors.excepthook(kind, exc, tb)

    previous = sys.excepthook
    sys.excepthook = excepthook
    try:
        try:
            workspace = Workspace.open(home)
            try:
                checklists.ensure_bundled_checklist(workspace)  # from the first run on
            except BaseException:
                workspace.close()
                raise
        except InspectorError as exc:
            if self_test:
                print(f"self-test: {exc}", file=sys.stderr)
                return 1
            show_error(None, exc)
            return 1
        logs.configure(workspace.home, program="app")
        language = workspace.setting(LANGUAGE_KEY)
        if language not in i18n.LANGUAGES or os.environ.get("INSPECTOR_LANG"):
            language = i18n.current_language()
        ui_language.apply(language)
        window = MainWindow(workspace)
        window.show()
        if self_test:
            QTimer.singleShot(300, app.quit)
        collector = MainThreadCollector(app)  # garbage collected on this thread only
        code = app.exec()
        collector.stop()
        workspace.close()
        logs.close()
        if self_test:
            listed = window.list_page.model.rowCount() if window.list_page else -1
            problems = text_services_problems()
            if failures or listed < 0 or problems:
                print(f"self-test: failed: {failures!r} {problems}", file=sys.stderr)
                return 1
            print(f"self-test: ok ({listed} inspections)")
            return 0
        return int(code)
    finally:
        sys.excepthook = previous

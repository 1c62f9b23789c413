# SPDX-License-Identifier: GPL-3.0-or-later
"""The main window: the list of inspections, and the workbench of the one being worked on.

Every edit is saved as it is made; closing the window saves what is being typed, and the next start
reopens the same screen.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QProcess, QTimer, Slot
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import QMainWindow, QMessageBox, QPushButton, QStackedWidget

from inspector import i18n
from inspector.errors import InspectorError
from inspector.fieldwork import drafts
from inspector.i18n import _
from inspector.office import table
from inspector.office.facets import Filters
from inspector.office.followup import Narrowing
from inspector.store.workspace import Workspace
from inspector.trust import identity
from ui import language as ui_language
from ui.context import Context, t
from ui.dashboard_page import DashboardPage
from ui.dialogs.enrol import EnrolDialog
from ui.dialogs.help import GuideDialog, ShortcutsDialog, show_about
from ui.dialogs.new_check import NewCheckDialog
from ui.dialogs.verify import VerifyDialog
from ui.followup_page import FollowUpPage
from ui.office_page import OfficePage
from ui.operations.conflicts import ConflictCounter
from ui.operations.demo import demo_job
from ui.pages_list import InspectionsPage
from ui.sync import Sync, package_paths
from ui.workbench.page import WorkbenchPage
from ui.workers import JobRunner

SCREEN_KEY = "ui.screen"
SCREEN_SAVE_MS = 500  # the office's filters kept this long after they last changed
GEOMETRY_KEY = "ui.geometry"
LANGUAGE_KEY = "ui.language"


class MainWindow(QMainWindow):
    """One workspace: its inspections, and the workbench of the open one."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.undo_stack = QUndoStack(self)
        self.jobs = JobRunner(self)
        self.ctx = Context(ws=workspace, window=self, undo=self.undo_stack, jobs=self.jobs)
        # the office's filters, kept as the screen a moment after they change (not each time in
        # the way of the count they ask for; the window's closing keeps them at once)
        self.screen_due = QTimer(self)
        self.screen_due.setSingleShot(True)
        self.screen_due.setInterval(SCREEN_SAVE_MS)
        self.screen_due.timeout.connect(self.save_screen)
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.list_page: InspectionsPage | None = None
        self.workbench: WorkbenchPage | None = None
        self.office_page: OfficePage | None = None
        self.followup_page: FollowUpPage | None = None
        self.dashboard_page: DashboardPage | None = None
        self.check_came_from = "list"  # where Back goes from a check: list, office or followup
        self.sync = Sync(self.ctx, self.after_sync)
        self.setAcceptDrops(True)  # sync packages dropped on the window are imported
        self.conflicts_button = QPushButton()
        self.conflicts_button.setFlat(True)
        self.conflicts_button.clicked.connect(self.sync.show_conflicts)
        self.conflicts_button.setVisible(False)
        self.statusBar().addPermanentWidget(self.conflicts_button)
        self.conflict_counter = ConflictCounter(self.jobs, workspace.home)
        self.conflict_counter.counted.connect(self._show_conflicts_counted)
        self.conflict_counter.failed.connect(self._conflicts_not_counted)
        self._recover_drafts()
        self.build()
        geometry = workspace.setting(GEOMETRY_KEY)
        if geometry:
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode()))
        else:
            available = self.screen().availableGeometry()
            self.resize(min(1280, available.width()), min(800, available.height()))
        self.restore_screen()

    # building -------------------------------------------------------------------------------

    def build(self) -> None:
        """Create the menus and pages in the current language."""
        self.setWindowTitle(f"Inspector — {self.workspace.home}")
        self.menuBar().clear()
        for action in self.actions():  # the shortcuts of the previous build
            self.removeAction(action)
            action.deleteLater()
        self.undo_stack.clear()  # its commands refer to the pages being replaced
        while self.stack.count():
            page = self.stack.widget(0)
            self.stack.removeWidget(page)
            page.deleteLater()
        self.list_page = InspectionsPage(self.ctx)
        self.list_page.open_requested.connect(self.open_inspection)
        self.list_page.new_requested.connect(self.new_check)
        self.list_page.kit_requested.connect(self.sync.choose_packages)
        self.list_page.enrol_requested.connect(self.open_enrolment)
        self.list_page.demo_requested.connect(self.open_demo)
        self.stack.addWidget(self.list_page)
        self.workbench = None
        self.office_page = None
        self.followup_page = None
        self.dashboard_page = None
        self._menus()
        self.show_conflict_count()

    def _action(self, text: Any, slot: Any, shortcut: Any = None) -> QAction:
        action = QAction(t(text), self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setToolTip(f"{t(text).replace('&', '')} ({action.shortcut().toString()})")
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _menus(self) -> None:
        bar = self.menuBar()
        work = bar.addMenu(t(_("&Workspace")))
        work.addAction(self._action(_("&New surprise check…"), self.new_check, "Ctrl+N"))
        work.addAction(self._action(_("&Inspections"), self.show_list, "Ctrl+L"))
        work.addAction(
            self._action(_("All find&ings of every check"), self.show_office, "Ctrl+Shift+F")
        )
        work.addAction(self._action(_("&Dashboard"), self.show_dashboard, "Ctrl+Shift+D"))
        work.addAction(
            self._action(_("Follow-up of &recommendations"), self.show_followup, "Ctrl+Shift+R")
        )
        work.addAction(self._action(_("&Find"), self.find, QKeySequence.StandardKey.Find))
        work.addAction(self._action(_("&Refresh"), self.refresh, "F5"))
        work.addAction(self._action(_("&Verify minutes…"), self.verify, "Ctrl+Shift+V"))
        work.addAction(self._action(_("Si&gning identity…"), self.open_enrolment))
        work.addSeparator()
        work.addAction(self._action(_("&Quit"), self.close, "Ctrl+Q"))

        sync = bar.addMenu(t(_("S&ync")))
        sync.addAction(self._action(_("&Export changes…"), self.sync.export_changes, "Ctrl+E"))
        sync.addAction(self._action(_("Export e&verything…"), self.sync.export_everything))
        sync.addAction(self._action(_("&Import packages…"), self.sync.choose_packages, "Ctrl+I"))
        sync.addAction(self._action(_("&Conflicts…"), self.sync.show_conflicts, "Ctrl+Shift+K"))
        sync.addSeparator()
        sync.addAction(self._action(_("Inbox &folder…"), self.sync.choose_inbox))
        sync.addAction(self._action(_("&Packages and receipts…"), self.sync.show_status))

        edit = bar.addMenu(t(_("&Edit")))
        undo = self.undo_stack.createUndoAction(self, t(_("&Undo")))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, t(_("&Redo")))
        keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        if QKeySequence("Ctrl+Y") not in keys:  # the platform's redo key, and Ctrl+Y as well
            keys.append(QKeySequence("Ctrl+Y"))
        redo.setShortcuts(keys)
        edit.addAction(undo)
        edit.addAction(redo)

        check = bar.addMenu(t(_("&Check")))
        self.arrive_action = self._action(
            _("Arrive and announce"), lambda: self._on_workbench("arrive"), "Ctrl+Shift+A"
        )
        check.addAction(self.arrive_action)
        check.addAction(
            self._action(
                _("Show the decision"), lambda: self._on_workbench("announce"), "Ctrl+Shift+D"
            )
        )
        self.end_action = self._action(
            _("End the visit"), lambda: self._on_workbench("end_visit"), "Ctrl+Shift+E"
        )
        check.addAction(self.end_action)
        check.addSeparator()
        # Actions that change the check: disabled while none is open, and once it is sealed.
        self.writing_actions = [
            self._action(_("New finding"), lambda: self._on_finding("new_finding"), "Ctrl+Shift+N"),
            self._action(
                _("Attach files…"), lambda: self._on_finding("attach_chosen"), "Ctrl+Shift+O"
            ),
        ]
        for action in self.writing_actions:
            check.addAction(action)
        self.follow_state(False, False, False)
        check.addSeparator()
        for n, name in enumerate(
            (
                _("Decision"),
                _("Roll call"),
                _("Checklist"),
                _("Findings"),
                _("Dossiers"),
                _("Evidence"),
                _("Minutes"),
            ),
            start=1,
        ):
            check.addAction(self._action(name, lambda _c=False, n=n: self._tab(n - 1), f"Alt+{n}"))

        view = bar.addMenu(t(_("&View")))
        languages = QActionGroup(self)
        for code, name in (("vi", "Tiếng Việt"), ("en", "English")):
            action = QAction(name, self, checkable=True)
            action.setChecked(i18n.current_language() == code)
            action.triggered.connect(lambda _c=False, code=code: self.set_language(code))
            languages.addAction(action)
            view.addAction(action)

        help_menu = bar.addMenu(t(_("&Help")))
        guide = QKeySequence.StandardKey.HelpContents
        help_menu.addAction(self._action(_("&User guide"), lambda: GuideDialog(self).exec(), guide))
        help_menu.addAction(
            self._action(_("&Keyboard shortcuts"), lambda: ShortcutsDialog(self).exec())
        )
        help_menu.addSeparator()
        help_menu.addAction(
            self._action(_("&About Inspector"), lambda: show_about(self, self.workspace.home))
        )

    # navigation -----------------------------------------------------------------------------

    @Slot(bool, bool, bool)
    def follow_state(self, can_arrive: bool, can_end: bool, can_change: bool) -> None:
        """Enable only the menu actions that the open check allows (none on the list)."""
        self.arrive_action.setEnabled(can_arrive)
        self.end_action.setEnabled(can_end)
        for action in self.writing_actions:
            action.setEnabled(can_change)

    @Slot()
    def show_list(self) -> None:
        self.flush()
        self.follow_state(False, False, False)
        if self.list_page is not None:
            self.list_page.refresh()
            self.stack.setCurrentWidget(self.list_page)
        self.save_screen()

    @Slot()
    def show_office(self) -> None:
        """Show every finding of every check, with the office's search and facets."""
        self.flush()
        self.follow_state(False, False, False)
        if self.office_page is None:
            self.office_page = OfficePage(self.ctx)
            self.office_page.open_requested.connect(
                lambda inspection_id: self.open_inspection(inspection_id, read_only=True)
            )
            self.office_page.back_requested.connect(self.show_list)
            self.office_page.followup_requested.connect(self.show_followup)
            self.office_page.dashboard_requested.connect(self.show_dashboard)
            self.office_page.changed.connect(self.screen_due.start)
            self.stack.addWidget(self.office_page)
        else:
            self.office_page.refresh()
        self.stack.setCurrentWidget(self.office_page)
        self.save_screen()

    @Slot()
    def show_followup(self) -> None:
        """Show the follow-up register: every recommendation, the overdue first."""
        self.flush()
        self.follow_state(False, False, False)
        if self.followup_page is None:
            self.followup_page = FollowUpPage(self.ctx)
            self.followup_page.open_requested.connect(self._open_from_register)
            self.followup_page.back_requested.connect(self.show_office)
            self.stack.addWidget(self.followup_page)
        else:
            self.followup_page.refresh()
        self.stack.setCurrentWidget(self.followup_page)
        self.save_screen()

    @Slot()
    def show_dashboard(self) -> None:
        """Show the dashboard's charts of the findings under the office's filters."""
        self.flush()
        self.follow_state(False, False, False)
        filters = self.office_page.filters() if self.office_page is not None else Filters()
        if self.dashboard_page is None:
            self.dashboard_page = DashboardPage(self.ctx)
            self.dashboard_page.back_requested.connect(self.show_office)
            self.dashboard_page.findings_requested.connect(self._findings_of_bar)
            self.dashboard_page.register_requested.connect(self._register_of_bar)
            self.stack.addWidget(self.dashboard_page)
        self.dashboard_page.show_filters(filters)
        self.stack.setCurrentWidget(self.dashboard_page)

    @Slot(object)
    def _findings_of_bar(self, filters: Filters) -> None:
        """The findings a bar of the dashboard counts, on the office's table."""
        self.show_office()
        assert self.office_page is not None
        self.office_page.set_filters(filters)

    @Slot(object)
    def _register_of_bar(self, narrowing: Narrowing) -> None:
        """The recommendations a bar of the dashboard counts, in the follow-up register."""
        self.show_followup()
        assert self.followup_page is not None
        self.followup_page.narrow_to(narrowing)

    @Slot(str)
    def _open_from_register(self, inspection_id: str) -> None:
        self.open_inspection(inspection_id, read_only=True)
        self.check_came_from = "followup"
        if self.workbench is not None:
            self.workbench.back.setText(t(_("← Follow-up of recommendations")))

    @Slot()
    def _back_from_check(self) -> None:
        """Back from a check: to where it was opened from."""
        if self.check_came_from == "followup":
            self.show_followup()
        elif self.check_came_from == "office":
            self.show_office()
        else:
            self.show_list()

    @Slot(str)
    def open_inspection(self, inspection_id: str, *, read_only: bool = False) -> None:
        """Show the workbench of one inspection (``read_only``: a team's check at the office,
        whose Back returns to the office's findings)."""
        self.flush()
        if self.workbench is not None:
            self.stack.removeWidget(self.workbench)
            self.workbench.deleteLater()
        self.undo_stack.clear()
        self.workbench = WorkbenchPage(self.ctx, inspection_id, read_only=read_only)
        self.check_came_from = "office" if read_only else "list"
        self.workbench.back_requested.connect(self._back_from_check)
        self.workbench.screen_changed.connect(self.save_screen)
        self.workbench.state_changed.connect(self.follow_state)
        self.workbench.refresh_header()
        self.stack.addWidget(self.workbench)
        self.stack.setCurrentWidget(self.workbench)
        self.save_screen()

    @Slot()
    def new_check(self) -> None:
        dialog = NewCheckDialog(self.ctx)
        if dialog.exec() and dialog.inspection_id:
            self.open_inspection(dialog.inspection_id)

    @Slot()
    def open_enrolment(self) -> None:
        """Set up this user's signing identity (or the office's authority)."""
        EnrolDialog(self.ctx).exec()
        self.refresh()

    @Slot()
    def open_demo(self) -> None:
        """Make the demo in a workspace of its own (off the UI thread), then open it in a new
        window of the app; this workspace is not touched."""
        home = self.workspace.home
        self.jobs.start(
            partial(demo_job, home),
            label=t(_("Recording the demo check…")),
            on_success=self._demo_ready,
            on_failure=self.ctx.error,
        )

    def _demo_ready(self, folder: Path) -> None:
        if getattr(sys, "frozen", False):  # the PyInstaller bundle: the app is the executable
            program, args = sys.executable, ["--home", str(folder)]
        else:
            program, args = sys.executable, ["-m", "ui", "--home", str(folder)]
        started, _pid = QProcess.startDetached(program, args)
        if not started:
            QMessageBox.warning(
                self,
                "Inspector",
                t(
                    _(
                        "The demo is in {path}, but a new window could not be opened.",
                        path=str(folder),
                    )
                ),
            )
            return
        self.statusBar().showMessage(
            t(_("The demo opens in a new window (workspace {path}).", path=str(folder))), 10000
        )

    @Slot()
    def verify(self) -> None:
        VerifyDialog(self.ctx).exec()

    @Slot()
    def find(self) -> None:
        if self.stack.currentWidget() is not self.list_page:
            self.show_list()
        if self.list_page is not None:
            self.list_page.focus_search()

    @Slot()
    def refresh(self) -> None:
        if self.workbench is not None and self.stack.currentWidget() is self.workbench:
            self.workbench.refresh()
        elif self.office_page is not None and self.stack.currentWidget() is self.office_page:
            self.office_page.refresh()
        elif self.followup_page is not None and self.stack.currentWidget() is self.followup_page:
            self.followup_page.refresh()
        elif self.list_page is not None:
            self.list_page.refresh()

    def after_sync(self) -> None:
        """Show what an import (or a settled conflict) changed; what is typed is saved first."""
        self.flush()
        if self.workbench is not None and self.stack.currentWidget() is self.workbench:
            self.workbench.refresh_in_turns()
        elif self.office_page is not None and self.stack.currentWidget() is self.office_page:
            self.office_page.refresh()
        elif self.followup_page is not None and self.stack.currentWidget() is self.followup_page:
            self.followup_page.refresh()
        elif self.list_page is not None:
            self.list_page.refresh()
        self.show_conflict_count()

    def show_conflict_count(self) -> None:
        """A button in the status bar while conflicts wait for someone to choose: counted on a
        worker, shown when counted (the window does not wait for it)."""
        self.conflict_counter.request()

    @Slot(int)
    def _show_conflicts_counted(self, count: int) -> None:
        self.conflicts_button.setText(t(_("{n} conflicts to resolve", n=count)) if count else "")
        self.conflicts_button.setVisible(bool(count))

    @Slot(object)
    def _conflicts_not_counted(self, exc: BaseException) -> None:
        """Said in the status bar: the count is a hint, Sync → Conflicts lists them anyway."""
        text = str(exc) if isinstance(exc, InspectorError) else repr(exc)
        self.statusBar().showMessage(t(_("Conflicts: {problem}", problem=text)), 10000)

    def _on_workbench(self, name: str) -> None:
        if self.workbench is not None and self.stack.currentWidget() is self.workbench:
            getattr(self.workbench, name)()

    def _on_finding(self, name: str) -> None:
        if self.workbench is not None and self.stack.currentWidget() is self.workbench:
            self.workbench.tabs.setCurrentWidget(self.workbench.findings)
            getattr(self.workbench.findings, name)()

    def _tab(self, index: int) -> None:
        if self.workbench is not None and self.stack.currentWidget() is self.workbench:
            self.workbench.tabs.setCurrentIndex(index)

    # persistence ----------------------------------------------------------------------------

    def current_screen(self) -> dict[str, Any]:
        if self.workbench is not None and self.stack.currentWidget() is self.workbench:
            return self.workbench.screen()
        if self.office_page is not None and self.stack.currentWidget() is self.office_page:
            return {"office": table.text(self.office_page.filters())}
        if self.followup_page is not None and self.stack.currentWidget() is self.followup_page:
            return {"followup": True}
        return {}

    @Slot()
    def save_screen(self) -> None:
        self.screen_due.stop()  # kept now: not again later
        self.workspace.set_setting(SCREEN_KEY, json.dumps(self.current_screen()))

    def restore_screen(self) -> None:
        """Reopen the screen the user was on (if the inspection still exists)."""
        saved = self.workspace.setting(SCREEN_KEY)
        screen = json.loads(saved) if saved else {}
        if saved is None and identity.is_authority_here(self.workspace):
            screen = {"office": ""}  # an office's workspace opens on every team's findings
        if screen.get("followup"):
            self.show_followup()
            return
        if "office" in screen:
            try:
                filters = table.parse(str(screen["office"]))
            except InspectorError:  # a filter of another version: start from none
                filters = table.parse("")
            self.show_office()
            if self.office_page is not None:
                self.office_page.set_filters(filters)
            return
        if screen.get("inspection"):
            try:
                self.open_inspection(screen["inspection"], read_only=bool(screen.get("read_only")))
            except InspectorError:  # a stale screen (the inspection was deleted): show the list
                self.show_list()
                return
            if self.workbench is not None:
                self.workbench.restore(screen)

    def flush(self) -> None:
        """Save whatever is being typed."""
        if self.workbench is not None:
            self.workbench.flush()
        if self.followup_page is not None:
            self.followup_page.flush()

    def _recover_drafts(self) -> None:
        """Apply text left as drafts by a crash. Text that cannot be applied (its record was
        deleted, say) is written to a file in the workspace, and the user is told where."""
        try:
            _applied, refused = drafts.recover(self.workspace)
        except Exception as exc:  # noqa: BLE001 - a boundary: the drafts stay for the next start
            self.ctx.error(exc)
            return
        if not refused:
            return
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = self.workspace.home / f"recovered-text-{stamp}.txt"
        path.write_text("\n\n".join(d["value"] for d, _exc in refused) + "\n", encoding="utf-8")
        for draft, _exc in refused:
            drafts.discard(self.workspace, draft["table_name"], draft["record_id"], draft["field"])
        message = _(
            "Some text typed before the app stopped could not be saved where it was typed."
            " It is kept in the file {path}.",
            path=str(path),
        )
        QMessageBox.information(self, "Inspector", t(message))

    def set_language(self, code: str) -> None:
        """Switch the interface language now, keeping the screen."""
        self.flush()
        screen = self.current_screen()
        ui_language.apply(code)
        self.workspace.set_setting(LANGUAGE_KEY, code)
        self.build()
        if screen.get("inspection"):
            self.open_inspection(screen["inspection"])
            if self.workbench is not None:
                self.workbench.restore(screen)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if package_paths(event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = package_paths(event.mimeData().urls())
        if paths:
            event.acceptProposedAction()
            self.sync.import_files(paths)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.sync.timer.stop()
        for step in (
            self.flush,
            self.save_screen,
            lambda: self.workspace.set_setting(
                GEOMETRY_KEY, bytes(self.saveGeometry().toBase64()).decode()
            ),
            self.jobs.finish_all,  # files being stored are recorded before the workspace closes
        ):
            try:
                step()
            except Exception as exc:  # noqa: BLE001 - a failure is shown; the window still closes
                self.ctx.error(exc)
        super().closeEvent(event)

# SPDX-License-Identifier: GPL-3.0-or-later
"""The workbench of one inspection: a header with the visit's state, and a tab per part of the work."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import InspectorError
from inspector.fieldwork import inspections, screens
from inspector.i18n import _
from inspector.timefmt import show_day, show_moment
from inspector.vocabulary import InspectionStatus, TeamRole, label
from ui.context import Context, t
from ui.dialogs.base import Dialog
from ui.workbench.checklist_tab import ChecklistTab
from ui.workbench.decision_tab import DecisionTab
from ui.workbench.dossiers_tab import DossiersTab
from ui.workbench.evidence_tab import EvidenceTab
from ui.workbench.findings_tab import FindingsTab
from ui.workbench.minutes_tab import MinutesTab
from ui.workbench.roll_call_tab import RollCallTab

TABS = ("decision", "roll_call", "checklist", "findings", "dossiers", "evidence", "minutes")


def decision_html(head: dict[str, Any], team: list[dict[str, Any]]) -> str:
    """The decision as announced on arrival, as simple HTML."""
    labels = {
        "decision": t(_("Decision")),
        "dated": t(_("Dated")),
        "basis": t(_("Legal basis")),
        "unit": t(_("Inspected unit")),
        "purpose": t(_("Purpose")),
        "team": t(_("Inspection team")),
        "scope": t(_("Checklist areas in scope")),
    }
    esc = html.escape  # every value typed in or read from a package is text, not markup
    members = "".join(
        f"<li>{esc(m['full_name'])} — {esc(label_role(m['role']))}</li>" for m in team
    )
    signer = head["signer_name"] + (f", {head['signer_title']}" if head["signer_title"] else "")
    purpose = (
        f"<p><b>{labels['purpose']}:</b> {esc(head['purpose'])}</p>" if head["purpose"] else ""
    )
    return (
        f"<h2>{labels['decision']} {esc(str(head['number_symbol']))}</h2>"
        f"<p>{labels['dated']} {esc(show_day(head['signed_on']))} — {esc(signer)}</p>"
        f"<p><b>{labels['basis']}:</b> {esc(head['legal_basis'])}</p>"
        f"<p><b>{labels['unit']}:</b> {esc(head['unit_name'])}</p>"
        f"{purpose}"
        f"<p><b>{labels['scope']}:</b> {esc(', '.join(head['areas']))}</p>"
        f"<p><b>{labels['team']}:</b></p><ul>{members}</ul>"
    )


def label_role(role: str) -> str:
    """The label of a team role code."""
    return label(TeamRole(role))


class AnnounceDialog(Dialog):
    """The decision in large type, to show the unit's staff when the team arrives."""

    def __init__(self, parent: QWidget, html: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(t(_("Announce the decision")))
        view = QTextBrowser()
        view.setHtml(html)
        font = view.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        view.setFont(font)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(t(_("Close")))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(view)
        layout.addWidget(buttons)
        self.resize(900, 640)


class WorkbenchPage(QWidget):
    """Everything recorded for one inspection, tab by tab."""

    back_requested = Signal()
    screen_changed = Signal()
    # (can arrive, can end the visit, can change the record): the window's menu follows it
    state_changed = Signal(bool, bool, bool)

    def __init__(self, ctx: Context, inspection_id: str, *, read_only: bool = False) -> None:
        super().__init__()
        self.ctx = ctx
        self.inspection_id = inspection_id
        # opened from the office's findings: a team's record, shown and never changed here
        self.read_only = read_only
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.state = QLabel()
        self.back = QPushButton(t(_("← All findings") if read_only else _("← Inspections")))
        self.back.setToolTip(
            t(
                _("Back to all findings of every check (Ctrl+Shift+F)")
                if read_only
                else _("Back to the list of inspections (Ctrl+L)")
            )
        )
        self.back.clicked.connect(self.back_requested)
        self.arrive_button = QPushButton(t(_("Arrive and announce")))
        self.arrive_button.setToolTip(
            t(_("Stamp the arrival at the unit now, then show the decision"))
        )
        self.arrive_button.clicked.connect(self.arrive)
        self.announce_button = QPushButton(t(_("Show the decision")))
        self.announce_button.clicked.connect(self.announce)
        self.end_button = QPushButton(t(_("End the visit")))
        self.end_button.setToolTip(t(_("Stamp the end of the visit now")))
        self.end_button.clicked.connect(self.end_visit)

        top = QHBoxLayout()
        top.addWidget(self.back)
        top.addWidget(self.title, 1)
        top.addWidget(self.state)
        top.addWidget(self.arrive_button)
        top.addWidget(self.announce_button)
        top.addWidget(self.end_button)

        self.decision = DecisionTab(ctx, inspection_id)
        self.decision.changed.connect(self.refresh_header)
        self.roll_call = RollCallTab(ctx, inspection_id)
        self.checklist = ChecklistTab(ctx, inspection_id)
        self.findings = FindingsTab(ctx, inspection_id)
        self.dossiers = DossiersTab(ctx, inspection_id)
        self.evidence = EvidenceTab(ctx, inspection_id)
        self.minutes = MinutesTab(ctx, inspection_id)
        self.minutes.sealed.connect(self.refresh)
        self.checklist.finding_opened.connect(self.show_finding)
        self.findings.area_hint = self.checklist.current_area
        self.minutes.go_to_requested.connect(self.go_to)
        self.findings.changed.connect(self.evidence.refresh)
        self.evidence.changed.connect(self.findings.refresh_evidence)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        titles = (
            _("Decision"),
            _("Roll call"),
            _("Checklist"),
            _("Findings"),
            _("Dossiers"),
            _("Evidence"),
            _("Minutes"),
        )
        for n, (widget, title) in enumerate(zip(self.tab_widgets(), titles, strict=True), start=1):
            self.tabs.addTab(widget, f"{t(title)} (Alt+{n})")
        self._restoring = False
        self._later: list[Any] = []  # tabs still to reload after refresh_in_turns
        self.tabs.currentChanged.connect(self._tab_changed)
        self.checklist.areas.currentRowChanged.connect(self._selection_changed)
        self.findings.list.currentRowChanged.connect(self._selection_changed)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs)
        self.refresh()

    def tab_widgets(self) -> list[Any]:
        """The tabs, in order."""
        return [
            self.decision,
            self.roll_call,
            self.checklist,
            self.findings,
            self.dossiers,
            self.evidence,
            self.minutes,
        ]

    def refresh(self) -> None:
        """Reload the header and every tab."""
        self._refresh_header_and_seal()
        self._later = []
        for tab in self.tab_widgets():
            tab.refresh()

    def refresh_in_turns(self) -> None:
        """Reload the header and the tab in view now, the other tabs one per turn of the event
        loop: after an import, a person typing never waits for the whole workbench (a tab is
        reloaded anyway when it is shown)."""
        self._refresh_header_and_seal()
        current = self.tabs.currentWidget()
        current.refresh()
        self._later = [tab for tab in self.tab_widgets() if tab is not current]
        QTimer.singleShot(0, self, self._refresh_next)

    @Slot()
    def _refresh_next(self) -> None:
        if self._later:
            self._later.pop(0).refresh()
        if self._later:
            QTimer.singleShot(0, self, self._refresh_next)

    def _refresh_header_and_seal(self) -> None:
        sealed = self.refresh_header()
        for tab in (
            self.decision,
            self.roll_call,
            self.checklist,
            self.findings,
            self.dossiers,
            self.evidence,
        ):
            tab.set_sealed(sealed)

    @Slot()
    def refresh_header(self) -> bool:
        """Reload the header (number, unit, state, buttons); return whether the check is sealed."""
        head = screens.header(self.ctx.ws, self.inspection_id)
        self.title.setText(
            f"<b>{html.escape(str(head['number_symbol']))}</b> — {html.escape(head['unit_name'])}"
        )
        status = InspectionStatus(head["status"])
        times = []
        if head["arrived_at"]:
            times.append(t(_("arrived {time}", time=show_moment(head["arrived_at"]))))
        if head["ended_at"]:
            times.append(t(_("ended {time}", time=show_moment(head["ended_at"]))))
        self.state.setText(" · ".join([label(status), *times]))
        if self.read_only:
            office = t(_("read-only at the office"))
            self.state.setText(f"{self.state.text()} · {office}")
        sealed = status == InspectionStatus.SIGNED or self.read_only
        self.arrive_button.setVisible(not head["arrived_at"] and not sealed)
        self.end_button.setVisible(bool(head["arrived_at"]) and not head["ended_at"] and not sealed)
        self.state_changed.emit(
            not head["arrived_at"] and not sealed,
            bool(head["arrived_at"]) and not head["ended_at"] and not sealed,
            not sealed,
        )
        return sealed

    def flush(self) -> None:
        """Save whatever is being typed on any tab."""
        for tab in self.tab_widgets():
            tab.flush()

    @Slot(int)
    def _tab_changed(self, index: int) -> None:
        self.flush()
        tab = self.tab_widgets()[index]
        if tab in self._later:
            self._later.remove(tab)
        tab.refresh()  # another tab may have changed what this one shows
        if not self._restoring:
            self.screen_changed.emit()

    @Slot(int)
    def _selection_changed(self, _row: int) -> None:
        if not self._restoring:
            self.screen_changed.emit()

    def screen(self) -> dict[str, Any]:
        """Where the user is, to reopen the same screen next time."""
        return {
            "inspection": self.inspection_id,
            "tab": TABS[self.tabs.currentIndex()],
            "area": self.checklist.current_area(),
            "finding": self.findings.current_id(),
            **({"read_only": True} if self.read_only else {}),
        }

    def restore(self, screen: dict[str, Any]) -> None:
        """Go back to a screen saved by :meth:`screen` (saving nothing half-restored meanwhile)."""
        self._restoring = True
        try:
            if screen.get("tab") in TABS:
                self.tabs.setCurrentIndex(TABS.index(screen["tab"]))
            if screen.get("area"):
                self.checklist.select_area(screen["area"])
            if screen.get("finding"):
                self.findings.select(screen["finding"])
        finally:
            self._restoring = False
        self.screen_changed.emit()

    @Slot()
    def arrive(self) -> None:
        try:
            inspections.arrive(self.ctx.ws, self.inspection_id)
        except InspectorError as exc:
            self.ctx.error(exc)
            return
        self.refresh()
        self.announce()
        self.tabs.setCurrentWidget(self.roll_call)

    @Slot()
    def announce(self) -> None:
        head = screens.header(self.ctx.ws, self.inspection_id)
        AnnounceDialog(
            self, decision_html(head, screens.team(self.ctx.ws, self.inspection_id))
        ).exec()

    @Slot()
    def end_visit(self) -> None:
        answer = QMessageBox.question(
            self, t(_("End the visit")), t(_("Stamp the end of the visit now?"))
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            inspections.end_visit(self.ctx.ws, self.inspection_id)
        except InspectorError as exc:
            self.ctx.error(exc)
            return
        self.refresh()

    @Slot(str, str, str)
    def go_to(self, tab: str, record_id: str = "", field: str = "") -> None:
        """Show the tab named ``tab`` (one of TABS) and, where it can, the record ``record_id``
        with the place where ``field`` is entered: a tab that has ``focus_record(record_id,
        field)`` selects it; the arrival and the end are the header's buttons."""
        widget = self.tab_widgets()[TABS.index(tab)]
        self.tabs.setCurrentWidget(widget)
        buttons = {"arrived_at": self.arrive_button, "ended_at": self.end_button}
        if field in buttons and buttons[field].isVisible():
            buttons[field].setFocus()
        focus = getattr(widget, "focus_record", None)
        if focus is not None:
            focus(record_id or None, field)

    @Slot(str)
    def show_finding(self, finding_id: str) -> None:
        self.findings.refresh()
        self.findings.select(finding_id)
        self.tabs.setCurrentWidget(self.findings)

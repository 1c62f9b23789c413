# SPDX-License-Identifier: GPL-3.0-or-later
"""One recommendation in the follow-up register: where it stands, the note, the unit's report,
who follows it, an extension in working days, the files kept for it and its history.

Every change is saved as it is made (a text at a pause in typing), each a logged change the
office signs when it exports; a value no recommendation can take is said beside the fields and
changes nothing.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import InspectorError, ValidationError
from inspector.i18n import _
from inspector.office import followup
from inspector.office.followup import Entry
from inspector.timefmt import show_day, show_moment
from inspector.vocabulary import (
    FIELD_ENUMS,
    RecommendationStatus,
    RecommendationType,
    field_label,
    label,
)
from ui.context import Context, t
from ui.models.followup_model import standing_text
from ui.operations.evidence import store_job
from ui.workbench.attach import dropped_files, open_in_viewer

TYPING_PAUSE_MS = 700
FILE_ROLE = Qt.ItemDataRole.UserRole


class FileList(QListWidget):
    """The files kept for a recommendation; files dropped on it are kept too."""

    dropped = Signal(list)

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptDrops(True)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if dropped_files(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: Any) -> None:  # noqa: N802
        if dropped_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = dropped_files(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.dropped.emit(paths)


class FollowUpDetail(QWidget):
    """The recommendation chosen in the register, followed up in place."""

    updated = Signal(str)  # a change of this recommendation was saved
    open_requested = Signal(str)  # its check, read-only
    reinspect_requested = Signal(str)  # a re-inspection of its check's failed items

    def __init__(self, ctx: Context, today: date | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.today = today
        self.current: Entry | None = None
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #a01414;")
        self.status = QComboBox()
        for value in RecommendationStatus:
            self.status.addItem(label(value), value.value)
        self.status.activated.connect(self._status_chosen)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(t(_("The follow-up note; the reason, to drop it")))
        self.report = QPlainTextEdit()
        self.report.setPlaceholderText(t(_("What the unit reported it did")))
        for box in (self.note, self.report):
            box.setTabChangesFocus(True)
            box.setFixedHeight(72)
            box.textChanged.connect(self._typed)
        self.pause = QTimer(self)
        self.pause.setSingleShot(True)
        self.pause.setInterval(TYPING_PAUSE_MS)
        self.pause.timeout.connect(self.flush)
        self.follower = QComboBox()
        for combo in (self.status, self.follower):  # as wide as the panel, not as the longest name
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
        self.follower.activated.connect(self._follower_chosen)
        self.days = QSpinBox()
        self.days.setRange(1, 365)
        self.days.setValue(10)
        self.days.setSuffix(t(_(" working days")))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(t(_("Reason for the extension")))
        self.extend_button = QPushButton(t(_("Extend the deadline")))
        self.extend_button.clicked.connect(self.extend)
        self.files = FileList()
        self.files.setFixedHeight(90)
        self.files.dropped.connect(self.attach)
        self.files.itemActivated.connect(self._open_file)
        self.attach_button = QPushButton(t(_("Attach a file…")))
        self.attach_button.setToolTip(t(_("Or drop files on the list")))
        self.attach_button.clicked.connect(self.choose_files)
        self.history = QListWidget()
        self.history.setWordWrap(True)
        self.open_button = QPushButton(t(_("Open the check")))
        self.open_button.clicked.connect(self._open_check)
        self.reinspect_button = QPushButton(t(_("Prepare a re-inspection…")))
        self.reinspect_button.setToolTip(
            t(_("A new check of the failed items of this check, for a team, in a field kit"))
        )
        self.reinspect_button.clicked.connect(self._reinspect)

        extension = QVBoxLayout()
        by = QHBoxLayout()
        by.addWidget(self.days)
        by.addWidget(self.extend_button)
        by.addStretch(1)
        extension.addWidget(self.reason)
        extension.addLayout(by)
        form = QFormLayout()
        form.addRow(t(_("Status")), self.status)
        form.addRow(t(_("Note")), self.note)
        form.addRow(t(_("The unit's report")), self.report)
        form.addRow(t(_("Followed up by")), self.follower)
        form.addRow(t(_("Extension")), extension)
        files_row = QVBoxLayout()
        files_row.addWidget(self.files)
        files_row.addWidget(self.attach_button, 0, Qt.AlignmentFlag.AlignLeft)
        form.addRow(t(_("Files")), files_row)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.problem)
        layout.addLayout(form)
        layout.addWidget(QLabel(t(_("History"))))
        layout.addWidget(self.history, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.open_button)
        actions.addWidget(self.reinspect_button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.show_entry(None)

    # showing ----------------------------------------------------------------------------------

    def show_entry(self, recommendation_id: str | None) -> None:
        """Show a recommendation (None: nothing chosen); what is typed for another is saved first."""
        self.flush()
        self.problem.clear()
        self.current = None
        if recommendation_id is not None:
            try:
                self.current = followup.entry(self.ctx.ws, recommendation_id, today=self.today)
            except InspectorError as exc:
                self.problem.setText(str(exc))
        item = self.current
        for widget in self.findChildren(QWidget):
            widget.setEnabled(item is not None)
        self.heading.setEnabled(True)
        self.problem.setEnabled(True)
        if item is None:
            self.heading.setText(t(_("Choose a recommendation in the list.")))
            self.files.clear()
            self.history.clear()
            return
        self._fill(item)

    def _fill(self, item: Entry) -> None:
        names = followup.names(self.ctx.ws)
        lines = [
            f"<b>{html.escape(label(RecommendationType(item.type)))}</b>: {html.escape(item.text)}",
        ]
        if item.finding_title:
            lines.append(html.escape(t(_("Finding: {title}", title=item.finding_title))))
        lines.append(
            html.escape(t(_("Who must act: {unit}", unit=names.get(item.actor_unit_id, "—"))))
        )
        deadline = show_day(item.deadline) if item.deadline else "—"
        if item.extended_to:
            deadline = t(
                _(
                    "{deadline}, extended to {extended}",
                    deadline=deadline,
                    extended=show_day(item.extended_to),
                )
            )
        lines.append(html.escape(t(_("Deadline: {deadline}", deadline=deadline))))
        lines.append(f"<b>{html.escape(standing_text(self.ctx.ws, item, self.today))}</b>")
        self.heading.setText("<br>".join(lines))
        self.status.setCurrentIndex(max(0, self.status.findData(item.status)))
        for box, value in ((self.note, item.status_note), (self.report, item.report)):
            box.blockSignals(True)
            box.setPlainText(value or "")
            box.blockSignals(False)
        self.follower.clear()
        self.follower.addItem(t(_("The team leader")), None)
        for person, name in followup.followers(self.ctx.ws).items():
            self.follower.addItem(name, person)
        row = self.ctx.ws.db.execute(
            "SELECT follow_up_by FROM recommendations WHERE id = ?", [item.id]
        ).fetchone()
        self.follower.setCurrentIndex(max(0, self.follower.findData(row[0] if row else None)))
        self.files.clear()
        for kept in followup.files(self.ctx.ws, item.id):
            text = kept["file_name"] + (f" — {kept['caption']}" if kept["caption"] else "")
            entry = QListWidgetItem(text)
            entry.setData(FILE_ROLE, kept)
            entry.setToolTip(
                t(
                    _(
                        "Kept {at} by {who}",
                        at=show_moment(kept["created_at"]),
                        who=kept["changed_by"],
                    )
                )
            )
            self.files.addItem(entry)
        self.history.clear()
        for event in followup.history(self.ctx.ws, item.id):
            text = _event_text(event, names)
            self.history.addItem(f"{show_moment(event.at)} — {event.by}: {text}")
        self.history.scrollToBottom()

    # changes ----------------------------------------------------------------------------------

    def _save(self, write: Callable[[], object], *, typed_first: bool = True) -> bool:
        """Run one change (what is being typed saved before it); say a refusal beside the
        fields; tell the register it changed."""
        if typed_first:
            self.flush()
        item = self.current
        if item is None:
            return False
        self.problem.clear()
        try:
            write()
        except ValidationError as exc:
            self.problem.setText(str(exc))
            return False
        except InspectorError as exc:
            self.ctx.error(exc)
            return False
        self.updated.emit(item.id)
        return True

    @Slot()
    def _typed(self) -> None:
        self.pause.start()

    @Slot()
    def flush(self) -> None:
        """Save the note and the report as typed (at a pause, or before anything else)."""
        self.pause.stop()
        item = self.current
        if item is None:
            return
        note = self.note.toPlainText().strip() or None
        report = self.report.toPlainText().strip() or None
        if note == (item.status_note or None) and report == (item.report or None):
            return
        write = partial(followup.update, self.ctx.ws, item.id, note=note, report=report)
        if self._save(write, typed_first=False):
            self._refill()

    @Slot(int)
    def _status_chosen(self, index: int) -> None:
        self.flush()  # the reason typed just before choosing to drop it, the report
        item = self.current  # as saved
        if item is None:
            return
        status = str(self.status.itemData(index))
        if self._save(partial(followup.update, self.ctx.ws, item.id, status=status)):
            self._refill()
        else:
            self.status.setCurrentIndex(max(0, self.status.findData(item.status)))

    @Slot(int)
    def _follower_chosen(self, index: int) -> None:
        item = self.current
        if item is not None and self._save(
            partial(
                followup.update, self.ctx.ws, item.id, follow_up_by=self.follower.itemData(index)
            )
        ):
            self._refill()

    @Slot()
    def extend(self) -> None:
        """Extend the deadline by the working days given, with the reason."""
        item = self.current
        if item is not None and self._save(
            partial(
                followup.extend_by_working_days,
                self.ctx.ws,
                item.id,
                self.days.value(),
                reason=self.reason.text(),
                today=self.today,
            )
        ):
            self.reason.clear()
            self._refill()

    @Slot()
    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, t(_("Files for this recommendation")), str(Path.home())
        )
        if names:
            self.attach([Path(n) for n in names])

    @Slot(list)
    def attach(self, paths: list[Path]) -> None:
        """Keep each file for the recommendation: checked, copied into the store on a worker,
        then recorded."""
        item = self.current
        if item is None:
            return
        for path in paths:
            try:
                draft = followup.prepare_file(self.ctx.ws, item.id, path)
            except ValidationError as exc:
                self.problem.setText(str(exc))
                continue
            except InspectorError as exc:
                self.ctx.error(exc)
                continue
            self.ctx.jobs.start(
                partial(store_job, self.ctx.ws.evidence_dir, path),
                label=t(_("Storing {name}…", name=path.name)),
                on_success=partial(self._stored, draft),
                on_failure=self.ctx.error,
            )

    def _stored(self, draft: followup.FileDraft, result: tuple[str, int]) -> None:
        if not shiboken6.isValid(self):
            return
        self.flush()  # what was typed meanwhile, before the screen shows the file
        try:
            followup.record_file(self.ctx.ws, draft, *result)
        except InspectorError as exc:
            self.ctx.error(exc)
            return
        self.updated.emit(draft.recommendation_id)
        if self.current is not None and self.current.id == draft.recommendation_id:
            self._refill()

    @Slot(QListWidgetItem)
    def _open_file(self, entry: QListWidgetItem) -> None:
        open_in_viewer(self.ctx, entry.data(FILE_ROLE))

    @Slot()
    def _open_check(self) -> None:
        if self.current is not None:
            self.flush()
            self.open_requested.emit(self.current.inspection_id)

    @Slot()
    def _reinspect(self) -> None:
        if self.current is not None:
            self.flush()
            self.reinspect_requested.emit(self.current.inspection_id)

    def _refill(self) -> None:
        if self.current is not None:
            self.current = followup.entry(self.ctx.ws, self.current.id, today=self.today)
            self._fill(self.current)


def _event_text(event: followup.Event, names: dict[str, str]) -> str:
    """A change of the history as a person reads it."""
    if event.field is None:
        return t(_("recorded"))
    if event.field == "file":
        return t(_("file kept: {name}", name=event.value))
    if event.field == "file_removed":
        return t(_("a file removed"))
    if event.field in ("deadline", "extended_to") and event.value:
        value = show_day(str(event.value))
    elif ("recommendations", event.field) in FIELD_ENUMS and event.value:
        value = label(FIELD_ENUMS[("recommendations", event.field)](event.value))
    elif event.field == "follow_up_by":
        value = names.get(str(event.value), "") if event.value else ""
    else:
        value = "" if event.value is None else str(event.value)
    return f"{field_label(event.field)}: {value or '—'}"

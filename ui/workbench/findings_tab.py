# SPDX-License-Identifier: GPL-3.0-or-later
"""Findings: what was found, how serious, on what legal basis, who is responsible, what is
recommended, what the unit explained, and the evidence."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import InspectorError, NotFoundError
from inspector.fieldwork import checklists, evidence, findings, screens
from inspector.fieldwork.amounts import AMOUNT_FIELDS, show_amount
from inspector.i18n import _, current_language
from inspector.vocabulary import (
    Severity,
    label,
)
from ui.context import Context, t
from ui.dialogs.base import ask_text
from ui.operations.evidence import ThumbnailCache
from ui.undo import EditCommand
from ui.widgets.fields import DraftBinding, QuietComboBox
from ui.workbench import attach
from ui.workbench.finding_parts import (
    ExplanationEditor,
    RecommendationEditor,
    ResponsibilityEditor,
    text_box,
)

# Areas whose findings are about money (thrift and anti-waste): they show the amounts.
MONEY_AREAS = ("F", "G")


class FindingsTab(QWidget):
    """The findings of the inspection, and an editor for the selected one."""

    changed = Signal()

    def __init__(self, ctx: Context, inspection_id: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.inspection_id = inspection_id
        self.finding_id: str | None = None
        # the area a new finding goes under: the page points this at the checklist's current area
        self.area_hint: Callable[[], str | None] = lambda: None
        self.setAcceptDrops(True)

        self.list = QListWidget()
        self.list.setAccessibleName(t(_("Findings")))
        self.list.setWordWrap(True)
        self.list.setSpacing(4)
        self.list.setAlternatingRowColors(True)
        self.list.currentRowChanged.connect(self._selected)
        self.add_button = QPushButton(t(_("New finding")))
        self.add_button.setToolTip(t(_("Record a new finding (Ctrl+Shift+N)")))
        self.add_button.clicked.connect(self.new_finding)
        self.delete_button = QPushButton(t(_("Delete…")))
        self.delete_button.clicked.connect(self.delete_finding)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.list)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        left_layout.addLayout(buttons)

        ws, undo, err = ctx.ws, ctx.undo, ctx.error
        self.title = QLineEdit()
        self.title.setAccessibleName(t(_("Finding title")))
        self.title_binding = DraftBinding(self.title, ws, "findings", "title", undo, err)
        self.title_binding.saved.connect(self._title_saved)
        self.severity = QuietComboBox()
        self.severity.setAccessibleName(t(_("severity")))
        for grade in Severity:
            self.severity.addItem(f"{grade.value} — {label(grade)}", grade.value)
        self.severity.activated.connect(self._severity_chosen)
        self.area = QuietComboBox()
        self.area.setAccessibleName(t(_("Checklist area")))
        self.area.setToolTip(t(_("The area of the checklist this finding belongs to")))
        self.area.activated.connect(self._area_chosen)
        self.item = QuietComboBox()
        self.item.setAccessibleName(t(_("Checklist item")))
        self.item.activated.connect(self._item_chosen)
        self.item_note = QLabel()
        self.item_note.setWordWrap(True)
        self.item_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.basis = text_box(60)
        self.basis.setAccessibleName(t(_("Legal basis")))
        self.basis_binding = DraftBinding(self.basis, ws, "findings", "legal_basis", undo, err)
        self.description = text_box(110)
        self.description.setAccessibleName(t(_("Description")))
        self.description.setPlaceholderText(t(_("What was found: who, what, when, how many")))
        self.description_binding = DraftBinding(
            self.description, ws, "findings", "description", undo, err
        )
        # amounts of a finding on spending: what the norm allowed, what was spent, the excess
        self.amounts: dict[str, QLineEdit] = {}
        self.amount_bindings: dict[str, DraftBinding] = {}
        amounts_row = QHBoxLayout()
        amounts_row.setContentsMargins(0, 0, 0, 0)
        for field, caption, name in (
            ("amount_norm", _("Norm"), _("Amount allowed by the norm")),
            ("amount_actual", _("Actually spent"), _("Amount actually spent")),
            ("amount_excess", _("Over the norm"), _("Amount over the norm")),
        ):
            box = QLineEdit()
            box.setAccessibleName(t(name))
            box.setPlaceholderText("0")
            box.setAlignment(Qt.AlignmentFlag.AlignRight)
            box.setToolTip(t(_("In đồng, typed as 18.500.000 or 18500000")))
            binding = DraftBinding(box, ws, "findings", field, undo, err)
            binding.saved.connect(self._amount_saved)
            self.amounts[field], self.amount_bindings[field] = box, binding
            amounts_row.addWidget(QLabel(t(caption)))
            amounts_row.addWidget(box, 1)
        amounts_row.addWidget(QLabel(t(_("đồng"))))
        self.amounts_box = QWidget()
        self.amounts_box.setLayout(amounts_row)
        self.amounts_label = QLabel(t(_("Amounts")))
        form = QFormLayout()
        form.addRow(t(_("Finding title")), self.title)
        form.addRow(t(_("Severity")), self.severity)
        form.addRow(t(_("Checklist area")), self.area)
        form.addRow(t(_("Checklist item")), self.item)
        form.addRow("", self.item_note)
        form.addRow(t(_("Legal basis")), self.basis)
        form.addRow(t(_("Description")), self.description)
        form.addRow(self.amounts_label, self.amounts_box)

        # who is responsible, what is recommended, what the unit explained: boxes of their own
        self.responsibility = ResponsibilityEditor(ctx, inspection_id)
        self.recommendation = RecommendationEditor(ctx, inspection_id)
        self.explanation_box = ExplanationEditor(ctx, inspection_id)
        for part in (self.responsibility, self.recommendation, self.explanation_box):
            part.changed.connect(self._after)
        # the parts' fields, by the names the tab always had
        self.who = self.responsibility.who
        self.level = self.responsibility.level
        self.responsible = self.responsibility.table
        self.add_resp_button = self.responsibility.add_button
        self.remove_resp_button = self.responsibility.remove_button
        self.recs = self.recommendation.table
        self.add_rec_button = self.recommendation.add_button
        self.remove_rec_button = self.recommendation.remove_button
        self.add_ex_button = self.explanation_box.add_button
        self.rec_type = self.recommendation.type
        self.rec_text = self.recommendation.text
        self.rec_pay_to = self.recommendation.pay_to
        self.rec_deadline = self.recommendation.deadline
        self.explanations = self.explanation_box.shown
        self.explained_by = self.explanation_box.given_by
        self.explanation = self.explanation_box.text

        # evidence
        self.evidence = QListWidget()
        self.evidence.setViewMode(QListWidget.ViewMode.IconMode)
        self.evidence.setIconSize(attach.THUMB)
        self.evidence.setGridSize(QSize(attach.THUMB.width() + 60, attach.THUMB.height() + 50))
        self.evidence.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.evidence.setMinimumHeight(140)
        self.evidence.setAccessibleName(t(_("Evidence")))
        self.evidence.itemActivated.connect(self._open_evidence)
        ThumbnailCache.of(ctx).ready.connect(self._thumbnail_ready)
        attach_button = self.attach_button = QPushButton(t(_("Attach files…")))
        attach_button.setToolTip(t(_("Attach photos or documents; you can also drop files here")))
        attach_button.clicked.connect(self.attach_chosen)
        ev_box = QGroupBox(t(_("Evidence (drop files here)")))
        ev_layout = QVBoxLayout(ev_box)
        ev_layout.addWidget(self.evidence)
        ev_layout.addWidget(attach_button, 0, Qt.AlignmentFlag.AlignRight)

        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.addLayout(form)
        editor_layout.addWidget(self.responsibility)
        editor_layout.addWidget(self.recommendation)
        editor_layout.addWidget(self.explanation_box)
        editor_layout.addWidget(ev_box)
        self.editor = editor
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(editor)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(scroll)
        split.setSizes([320, 780])
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    # list ------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the list, keeping the selection."""
        keep = self.finding_id
        rows = screens.findings(self.ctx.ws, self.inspection_id)
        self.list.blockSignals(True)
        self.list.clear()
        for row in rows:
            entry = QListWidgetItem(self._entry_text(row))
            entry.setData(Qt.ItemDataRole.UserRole, row["id"])
            self.list.addItem(entry)
        self.list.blockSignals(False)
        self.responsibility.fill_people()
        if not (keep and self.select(keep)):
            if rows:
                self.list.setCurrentRow(0)
            else:
                self._show(None)

    @staticmethod
    def _entry_text(row: dict[str, Any]) -> str:
        place = row["item_code"] or row["area_code"]
        code = f"[{place}] " if place else ""
        return f"{code}{row['title']}\n{label(Severity(row['severity']))}"

    def current_id(self) -> str | None:
        return self.finding_id

    def focus_record(self, record_id: str | None, field: str = "") -> None:
        """Show the finding ``record_id`` (a link from elsewhere: the minutes' missing list),
        with the cursor in ``field`` if it is one of the finding's texts."""
        if record_id is not None and self.select(record_id):
            box = {"legal_basis": self.basis, "title": self.title}.get(field)
            (box or self.list).setFocus()

    def select(self, finding_id: str) -> bool:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == finding_id:
                self.list.setCurrentRow(row)
                if self.finding_id != finding_id:
                    self._selected(row)
                return True
        return False

    def flush(self) -> None:
        for binding in (
            self.title_binding,
            self.basis_binding,
            self.description_binding,
            *self.amount_bindings.values(),
        ):
            binding.flush()

    def set_sealed(self, sealed: bool) -> None:
        """Show findings read-only once the minutes are sealed (evidence still opens)."""
        self.sealed = sealed
        self.setAcceptDrops(not sealed)
        self.add_button.setEnabled(not sealed)
        self.delete_button.setEnabled(not sealed and self.finding_id is not None)
        for widget in (self.title, self.basis, self.description, *self.amounts.values()):
            widget.setReadOnly(sealed)
        for widget in (
            self.severity,
            self.area,
            self.item,
            self.attach_button,
        ):
            widget.setEnabled(not sealed)
        for part in (self.responsibility, self.recommendation, self.explanation_box):
            part.set_sealed(sealed)

    @Slot(int)
    def _selected(self, row: int) -> None:
        self.flush()
        entry = self.list.item(row) if row >= 0 else None
        self._show(entry.data(Qt.ItemDataRole.UserRole) if entry else None)

    def _show(self, finding_id: str | None) -> None:
        self.finding_id = finding_id
        self.editor.setEnabled(finding_id is not None)
        self.delete_button.setEnabled(finding_id is not None and not getattr(self, "sealed", False))
        if finding_id is None:
            for binding in (
                self.title_binding,
                self.basis_binding,
                self.description_binding,
                *self.amount_bindings.values(),
            ):
                binding.bind(None, None)
            for part in (self.responsibility, self.recommendation, self.explanation_box):
                part.finding_id = None
            return
        d = screens.finding(self.ctx.ws, finding_id)
        self.title_binding.bind(finding_id, d["title"])
        self.basis_binding.bind(finding_id, d["legal_basis"])
        self.description_binding.bind(finding_id, d["description"])
        self._show_amounts(d)
        self.severity.setCurrentIndex(list(Severity).index(Severity(d["severity"])))
        self._show_place(d)
        self._default_rec_type(d["severity"])
        self._show_details(d)

    def _show_amounts(self, d: dict[str, Any]) -> None:
        """Show the amounts of a finding on spending (an item about money, or areas F and G)."""
        money = d["area_code"] in MONEY_AREAS
        if d["item_code"] is not None and not money:
            template = screens.header(self.ctx.ws, self.inspection_id)["template_id"]
            try:
                money = checklists.item_by_code(self.ctx.ws.db, template, d["item_code"]).money
            except NotFoundError:  # its item was withdrawn from the checklist since
                money = False
        money = money or any(d[f] is not None for f in AMOUNT_FIELDS)
        self.amounts_box.setVisible(money)
        self.amounts_label.setVisible(money)
        for field, binding in self.amount_bindings.items():
            binding.bind(d["id"], show_amount(d[field]))

    @Slot(str)
    def _amount_saved(self, _text: str) -> None:
        """An amount saved: the excess may have followed it; each amount not being typed into
        is shown as people write it ("18.500.000")."""
        if self.finding_id is None:
            return
        d = screens.finding(self.ctx.ws, self.finding_id)
        for field, binding in self.amount_bindings.items():
            if not self.amounts[field].hasFocus():
                binding.bind(self.finding_id, show_amount(d[field]))

    def _show_details(self, d: dict[str, Any]) -> None:
        self.responsibility.show_rows(d["id"], d["responsibilities"])
        self.recommendation.show_rows(d["id"], d["recommendations"])
        self.explanation_box.show_rows(d["id"], d["explanations"])
        self.refresh_evidence()

    @Slot()
    def refresh_evidence(self) -> None:
        """Reload the thumbnails of the current finding's evidence."""
        self.evidence.clear()
        if self.finding_id is None:
            return
        for row in evidence.of_target(self.ctx.ws, "findings", self.finding_id):
            entry = QListWidgetItem(
                attach.thumbnail(self.ctx, row), row["caption"] or row["file_name"]
            )
            entry.setData(Qt.ItemDataRole.UserRole, row)
            entry.setToolTip(row["file_name"])
            self.evidence.addItem(entry)

    @Slot(str)
    def _thumbnail_ready(self, digest: str) -> None:
        attach.show_thumbnail(self.ctx, self.evidence, digest)

    # edits -----------------------------------------------------------------------------------

    @Slot(str)
    def _title_saved(self, _text: str) -> None:
        entry = self.list.currentItem()
        if entry is not None and self.finding_id is not None:
            row = screens.finding_entry(self.ctx.ws, self.finding_id)
            if row is not None:
                entry.setText(self._entry_text(row))

    @Slot(int)
    def _severity_chosen(self, index: int) -> None:
        fid = self.finding_id
        if fid is None:
            return
        new = self.severity.itemData(index)
        old = screens.finding(self.ctx.ws, fid)["severity"]
        if new == old:
            return

        def apply(value: str) -> None:
            findings.update_finding(self.ctx.ws, fid, severity=value)
            self.refresh()
            if self.finding_id == fid:
                self._default_rec_type(value)

        try:
            apply(new)
        except InspectorError as exc:
            self.ctx.error(exc)
            return
        self.ctx.undo.push(
            EditCommand(
                t(_("Severity")), lambda: apply(new), lambda: apply(old), on_error=self.ctx.error
            )
        )

    @Slot()
    def new_finding(self) -> None:
        """Record a new finding and put the cursor in its title."""
        self.flush()
        try:
            fid = findings.add_finding(
                self.ctx.ws,
                self.inspection_id,
                title=t(_("New finding")),
                severity="2",
                area_code=self._default_area(),
            )
        except InspectorError as exc:
            self.ctx.error(exc)
            return
        self.refresh()
        self.select(fid)
        self.title.setFocus()
        self.title.selectAll()
        self.changed.emit()

    def _default_rec_type(self, severity: str) -> None:
        self.recommendation.default_type(severity)

    def _default_area(self) -> str | None:
        """The checklist's current area if in scope, else None (the first area in scope)."""
        hint = self.area_hint()
        scope = {a.code for a in screens.area_progress(self.ctx.ws, self.inspection_id)}
        return hint if hint in scope else None

    def _show_place(self, d: dict[str, Any]) -> None:
        """Fill the area and item choices for the finding ``d`` and show its item's note."""
        vi = current_language() == "vi"
        self.area.clear()
        for area in screens.area_progress(self.ctx.ws, self.inspection_id):
            self.area.addItem(f"{area.code}. {area.title_vi if vi else area.title_en}", area.code)
        if d["area_code"] is None:  # recorded before a finding had to name its area
            self.area.addItem(t(_("(no area)")), None)
        self.area.setCurrentIndex(max(0, self.area.findData(d["area_code"])))
        self.item.clear()
        self.item.addItem(t(_("(no item: the area as a whole)")), None)
        note = None
        if d["area_code"] is not None:
            for entry in screens.area_items(self.ctx.ws, self.inspection_id, d["area_code"]):
                item = entry["item"]
                text = item.text_vi if vi else item.text_en
                self.item.addItem(f"{item.code}  {text}", item.code)
                if item.code == d["item_code"]:
                    note = entry["note"]
        self.item.setCurrentIndex(max(0, self.item.findData(d["item_code"])))
        self.item_note.setText(t(_("Note on the item: {note}", note=note)) if note else "")
        self.item_note.setVisible(bool(note))

    @Slot(int)
    def _area_chosen(self, index: int) -> None:
        self._move(self.area.itemData(index), None)

    @Slot(int)
    def _item_chosen(self, index: int) -> None:
        self._move(self.area.currentData(), self.item.itemData(index))

    def _move(self, area: str | None, item: str | None) -> None:
        """Put the current finding under another area or item: a logged change, undoable."""
        fid = self.finding_id
        if fid is None:
            return
        d = screens.finding(self.ctx.ws, fid)
        old = (d["area_code"], d["item_code"])
        if (area, item) == old:
            return

        def apply(place: tuple[str | None, str | None]) -> None:
            findings.move_finding(self.ctx.ws, fid, area_code=place[0], item_code=place[1])
            self.flush()
            self.refresh()
            if self.select(fid):
                self._show(fid)
            self.changed.emit()

        try:
            apply((area, item))
        except InspectorError as exc:
            self.ctx.error(exc)
            self._show(fid)  # back to what is recorded
            return
        if old[0] is None:  # no finding may go back to no area: nothing to undo it with
            return
        self.ctx.undo.push(
            EditCommand(
                t(_("Area and item of the finding")),
                lambda: apply((area, item)),
                lambda: apply(old),
                on_error=self.ctx.error,
            )
        )

    @Slot()
    def delete_finding(self) -> None:
        if self.finding_id is None:
            return
        reason = ask_text(self, _("Delete the finding"), _("Why is this finding deleted?"))
        if reason is None:
            return
        try:
            findings.delete_finding(self.ctx.ws, self.finding_id, reason=reason)
        except InspectorError as exc:
            self.ctx.error(exc)
            return
        self.finding_id = None
        self.refresh()
        self.changed.emit()

    @Slot()
    def _after(self) -> None:
        """A part of the finding changed: show the finding's parts as saved."""
        if self.finding_id:
            self._show_details(screens.finding(self.ctx.ws, self.finding_id))

    # evidence --------------------------------------------------------------------------------

    @Slot()
    def attach_chosen(self) -> None:
        self.attach_paths(attach.choose_files(self.ctx))

    def attach_paths(self, paths: list[Any]) -> None:
        """Attach files to the current finding (stored off the UI thread)."""
        if self.finding_id is None or not paths:
            return
        attach.attach_files(
            self.ctx,
            self.inspection_id,
            paths,
            link=("findings", self.finding_id),
            on_done=self._evidence_added,
        )

    def _evidence_added(self) -> None:
        self.refresh_evidence()
        self.changed.emit()

    @Slot(QListWidgetItem)
    def _open_evidence(self, entry: QListWidgetItem) -> None:
        attach.open_in_viewer(self.ctx, entry.data(Qt.ItemDataRole.UserRole))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if attach.dropped_files(event.mimeData()) and self.finding_id:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = attach.dropped_files(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.attach_paths(paths)

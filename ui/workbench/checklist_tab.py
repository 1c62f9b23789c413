# SPDX-License-Identifier: GPL-3.0-or-later
"""The checklist: areas with their progress, items with their answers; a non-compliance opens a
finding titled as the item writes a failure of it, good practice observed opens a praise."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import InspectorError
from inspector.fieldwork import answers, findings, screens
from inspector.i18n import _, current_language
from inspector.vocabulary import ANSWERS_OF, Answer, ItemKind, label
from ui.context import Context, t
from ui.undo import EditCommand
from ui.widgets.fields import DraftBinding, keyed_choice

# Keys 1–4 answer a duty so; good practice takes its own answers in the same order (ANSWERS_OF).
ANSWER_KEYS = dict(
    zip(
        (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4),
        ANSWERS_OF[ItemKind.DUTY],
        strict=True,
    )
)
_KEY_NUMBERS = {key: n for n, key in enumerate(ANSWER_KEYS, start=1)}
MARKS = {
    Answer.COMPLIES: "✓",
    Answer.NOT_COMPLY: "✗",
    Answer.NOT_APPLICABLE: "–",
    Answer.NOT_CHECKED: "?",
    Answer.OBSERVED: "★",
    Answer.NOT_OBSERVED: "☆",
}
# The answers that open a finding: a duty not complied with, good practice observed.
OPENS_FINDING = (Answer.NOT_COMPLY, Answer.OBSERVED)


def answers_of(item: Any) -> tuple[Answer, ...]:
    """The four answers of an item, as keys 1–4 and the buttons give them."""
    return ANSWERS_OF[ItemKind(item.kind)]


class ItemList(QListWidget):
    """The items of one area: keys 1–4 answer the current item and move to the next."""

    def __init__(self, tab: ChecklistTab) -> None:
        super().__init__()
        self.tab = tab
        self.sealed = False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        number = keyed_choice(event, _KEY_NUMBERS, self.sealed)
        if number is not None:
            answer = self.tab.answer_for(number)
            if answer is not None:
                self.tab.answer_current(answer, advance=True)
            return
        super().keyPressEvent(event)


class ChecklistTab(QWidget):
    """Walk the checklist area by area."""

    finding_opened = Signal(str)

    def __init__(self, ctx: Context, inspection_id: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.inspection_id = inspection_id
        self.rows: list[dict[str, Any]] = []
        self.areas = QListWidget()
        self.areas.setAccessibleName(t(_("Checklist areas")))
        self.areas.setSpacing(3)
        self.areas.setWordWrap(True)
        self.areas.currentRowChanged.connect(self._area_changed)
        self.items = ItemList(self)
        self.items.setAccessibleName(t(_("Checklist items")))
        self.items.setWordWrap(True)
        self.items.setSpacing(2)
        self.items.setToolTip(self._keys_hint(ItemKind.DUTY))
        self.items.currentRowChanged.connect(self._item_changed)

        self.item_text = QLabel()
        self.item_text.setWordWrap(True)
        self.item_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.how = QLabel()
        self.how.setWordWrap(True)
        self.basis = QLabel()
        self.basis.setWordWrap(True)
        self.answer_group = QButtonGroup(self)
        answers = QHBoxLayout()
        for n, answer in enumerate(ANSWERS_OF[ItemKind.DUTY], start=1):
            button = QRadioButton(f"{n} {label(answer)}")
            button.setAccessibleName(label(answer))
            self.answer_group.addButton(button, n)
            answers.addWidget(button)
        self.answer_group.idClicked.connect(self._answer_clicked)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(t(_("Note on this item")))
        self.note.setAccessibleName(t(_("Note")))
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(90)
        self.note_binding = DraftBinding(
            self.note, ctx.ws, "responses", "note", ctx.undo, ctx.error
        )
        self.finding_hint = QLabel()
        self.finding_hint.setOpenExternalLinks(False)
        self.finding_hint.linkActivated.connect(self.finding_opened)

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.item_text)
        detail_layout.addWidget(self.how)
        detail_layout.addWidget(self.basis)
        detail_layout.addLayout(answers)
        detail_layout.addWidget(self.note)
        detail_layout.addWidget(self.finding_hint)
        detail_layout.addStretch(1)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.items)
        right.addWidget(detail)
        right.setSizes([320, 280])
        split = QSplitter()
        split.addWidget(self.areas)
        split.addWidget(right)
        split.setSizes([300, 700])
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    def refresh(self) -> None:
        """Reload the areas (keeping the current one) and the current area's items."""
        code = self.current_area()
        self.areas.blockSignals(True)
        self.areas.clear()
        for area in screens.area_progress(self.ctx.ws, self.inspection_id):
            title = area.title_vi if current_language() == "vi" else area.title_en
            text = f"{area.code}. {title}\n{area.answered}/{area.total}"
            if area.failed:
                text += " · " + t(_("{n} not complying", n=area.failed))
            entry = QListWidgetItem(text)
            entry.setData(Qt.ItemDataRole.UserRole, area.code)
            self.areas.addItem(entry)
        self.areas.blockSignals(False)
        if not self.select_area(code) and self.areas.count():
            self.areas.setCurrentRow(0)

    def flush(self) -> None:
        self.note_binding.flush()

    def set_sealed(self, sealed: bool) -> None:
        """Show the checklist read-only once the minutes are sealed."""
        self.items.sealed = sealed
        for button in self.answer_group.buttons():
            button.setEnabled(not sealed)
        self.note.setReadOnly(sealed)

    def current_area(self) -> str | None:
        entry = self.areas.currentItem()
        return entry.data(Qt.ItemDataRole.UserRole) if entry else None

    def select_area(self, code: str | None) -> bool:
        """Show area ``code``; False if there is no such area in scope."""
        for row in range(self.areas.count()):
            if self.areas.item(row).data(Qt.ItemDataRole.UserRole) == code:
                if self.areas.currentRow() == row:
                    self._area_changed(row)
                else:
                    self.areas.setCurrentRow(row)
                return True
        return False

    @Slot(int)
    def _area_changed(self, row: int) -> None:
        self.note_binding.flush()
        code = self.current_area()
        current = self.items.currentRow()
        self.rows = screens.area_items(self.ctx.ws, self.inspection_id, code) if code else []
        self.items.blockSignals(True)
        self.items.clear()
        for entry in self.rows:
            self.items.addItem(self._item_text(entry))
        self.items.blockSignals(False)
        if self.rows:
            self.items.setCurrentRow(max(0, min(current, len(self.rows) - 1)))
        self._item_changed(self.items.currentRow())

    def _item_text(self, entry: dict[str, Any]) -> str:
        item = entry["item"]
        text = item.text_vi if current_language() == "vi" else item.text_en
        mark = MARKS[Answer(entry["answer"])] if entry["answer"] else "·"
        return f"{mark}  {item.code}  {text}"

    @Slot(int)
    def _item_changed(self, row: int) -> None:
        self.note_binding.flush()
        if not 0 <= row < len(self.rows):
            self.item_text.clear()
            self.note_binding.bind(None, None)
            return
        entry = self.rows[row]
        item = entry["item"]
        vi = current_language() == "vi"
        # checklists can come in a field kit: their texts are shown as written, never as markup
        text, how = (item.text_vi, item.how_vi) if vi else (item.text_en, item.how_en)
        self.item_text.setText(f"<b>{escape(item.code)}</b> {escape(text)}")
        how_label, basis_label = t(_("How to check")), t(_("Legal basis"))
        self.how.setText(f"<i>{how_label}:</i> {escape(how)}")
        self.basis.setText(f"<i>{basis_label}:</i> {escape(item.legal_basis)}")
        kinds = answers_of(item)
        self.items.setToolTip(self._keys_hint(ItemKind(item.kind)))
        self.answer_group.setExclusive(False)
        for n, button in enumerate(self.answer_group.buttons(), start=1):
            button.setChecked(False)
            button.setText(f"{n} {label(kinds[n - 1])}")
            button.setAccessibleName(label(kinds[n - 1]))
        self.answer_group.setExclusive(True)
        if entry["answer"] and Answer(entry["answer"]) in kinds:
            self.answer_group.button(kinds.index(Answer(entry["answer"])) + 1).setChecked(True)
        self.note_binding.bind(entry["response_id"], entry["note"])
        self.note.setPlaceholderText(
            t(_("Note on this item")) if entry["response_id"] else t(_("Answer the item first"))
        )
        self._show_finding_hint(item.code)

    def _show_finding_hint(self, code: str) -> None:
        found = screens.item_finding(self.ctx.ws, self.inspection_id, code)
        if found is not None:
            link = t(_("Open the finding of this item"))  # outside the f-string: Babel sees it
            self.finding_hint.setText(f'<a href="{found["id"]}">{link}</a>')
        else:
            self.finding_hint.clear()

    @staticmethod
    def _keys_hint(kind: ItemKind) -> str:
        if kind == ItemKind.PRAISE:
            return t(_("Keys: 1 observed, 2 not observed, 3 not applicable, 4 not checked"))
        return t(_("Keys: 1 complies, 2 does not comply, 3 not applicable, 4 not checked"))

    def answer_for(self, number: int) -> Answer | None:
        """The answer key or button ``number`` (1–4) gives the current item."""
        row = self.items.currentRow()
        if not 0 <= row < len(self.rows):
            return None
        return answers_of(self.rows[row]["item"])[number - 1]

    @Slot(int)
    def _answer_clicked(self, button_id: int) -> None:
        answer = self.answer_for(button_id)
        if answer is not None:
            self.answer_current(answer, advance=False)

    def _set_answer(self, code: str, answer: str | None) -> None:
        if answer is None:
            answers.clear_answer(self.ctx.ws, self.inspection_id, code)
        else:
            answers.answer_item(self.ctx.ws, self.inspection_id, code, answer)
        self.refresh_current()

    def refresh_current(self) -> None:
        """Reload the current area (after an answer changed)."""
        keep = self.items.currentRow()
        self.refresh()
        if 0 <= keep < self.items.count():
            self.items.setCurrentRow(keep)

    def answer_current(self, answer: Answer, *, advance: bool) -> None:
        """Answer the current item; a non-compliance (or good practice observed) opens a finding
        for it if it has none."""
        row = self.items.currentRow()
        if not 0 <= row < len(self.rows):
            return
        entry = self.rows[row]
        code, old = entry["item"].code, entry["answer"]
        try:
            self._set_answer(code, answer.value)
            if answer in OPENS_FINDING:
                self._open_finding(entry)
        except InspectorError as exc:
            self.ctx.error(exc)
            return
        self.ctx.undo.push(
            EditCommand(
                t(_("Answer {code}", code=code)),
                lambda: self._set_answer(code, answer.value),
                lambda: self._set_answer(code, old),
                on_error=self.ctx.error,
            )
        )
        if advance and row + 1 < self.items.count():
            self.items.setCurrentRow(row + 1)
        else:
            self.items.setCurrentRow(row)

    def _open_finding(self, entry: dict[str, Any]) -> None:
        item = entry["item"]
        if screens.item_finding(self.ctx.ws, self.inspection_id, item.code) is not None:
            return
        # titled as the item writes a failure of it (or its good practice), never "not
        # complying: <the duty>", which read as a double negative
        findings.add_finding(self.ctx.ws, self.inspection_id, item_code=item.code)

# SPDX-License-Identifier: GPL-3.0-or-later
"""Dossiers typed through their dialog as a user does: a new dossier, its next step, a step refused
then corrected with nothing retyped, and the dialog closed every way without saving anything."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPushButton,
    QWidget,
)

from inspector import i18n
from inspector.errors import ValidationError
from inspector.fieldwork import screens
from tests.conftest import snapshot
from tests.ui.helpers import in_modal, press, type_text
from ui import language as ui_language
from ui.main_window import MainWindow
from ui.workbench.dossiers_tab import DossiersTab, StepDialog, day_text


@pytest.fixture
def tab(qtbot, demo) -> Iterator[DossiersTab]:
    ws, made = demo
    before = i18n.current_language()
    ui_language.apply("vi")
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.open_inspection(made.inspection_id)
    assert window.workbench is not None
    dossiers = window.workbench.dossiers
    window.workbench.tabs.setCurrentWidget(dossiers)
    with qtbot.waitExposed(window):
        window.show()
    yield dossiers
    ui_language.apply(before)


def in_dialog(qtbot, button: QPushButton, action: Callable[[StepDialog], None]) -> None:
    """Click ``button`` and run ``action`` on the step dialog it opens; a failed action closes it
    (so the test fails instead of waiting) and its error is raised here."""
    failures: list[BaseException] = []

    def run(dialog: QWidget) -> None:
        assert isinstance(dialog, StepDialog)
        try:
            action(dialog)
        except BaseException as exc:  # noqa: BLE001 - raised again below
            failures.append(exc)
            QDialog.done(dialog, 0)

    in_modal(run)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    if failures:
        raise failures[0]


def ok(dialog: StepDialog) -> QPushButton:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def steps_of(tab: DossiersTab, ref: str) -> list[dict]:
    return [r for r in screens.step_rows(tab.ctx.ws, tab.inspection_id) if r["object_ref"] == ref]


def test_a_new_dossier_then_its_next_step(qtbot, tab: DossiersTab) -> None:
    holder = screens.roll_call(tab.ctx.ws, tab.inspection_id)[1]["full_name"]

    def new_dossier(dialog: StepDialog) -> None:
        assert dialog.windowTitle() == "Thêm hồ sơ"
        assert dialog.focusWidget() is dialog.ref and not dialog.ref.isReadOnly()
        assert dialog.step.width() >= 300  # the fields take the dialog's width
        type_text(dialog.ref, "HS.2026.0107")
        type_text(dialog.dossier_title, "Giải quyết hưởng chế độ thai sản")
        type_text(dialog.step, "Tiếp nhận")
        dialog.holder.setCurrentIndex(dialog.holder.findText(holder))
        type_text(dialog.received, "2/3/2026")
        type_text(dialog.due, "03.03.2026")
        type_text(dialog.done_on, "3-3-2026")
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)

    in_dialog(qtbot, tab.add_dossier_button, new_dossier)
    [first] = steps_of(tab, "HS.2026.0107")
    assert (first["step_name"], first["person"], first["title"]) == (
        "Tiếp nhận",
        holder,
        "Giải quyết hưởng chế độ thai sản",
    )
    assert (first["received_on"], first["due_on"], first["done_on"]) == (
        "2026-03-02",
        "2026-03-03",
        "2026-03-03",
    )
    assert tab.rows[tab.table.currentRow()]["id"] == first["id"]  # the new step is selected

    def next_step(dialog: StepDialog) -> None:
        assert dialog.windowTitle() == "Bước xử lý tiếp theo"
        assert dialog.ref.text() == "HS.2026.0107" and dialog.ref.isReadOnly()
        assert dialog.received.text() == "03/03/2026"  # the day the step before was done
        assert dialog.focusWidget() is dialog.step
        type_text(dialog.step, "Thẩm định")
        type_text(dialog.due, "06/03/2026")
        type_text(dialog.done_on, "11/03/2026")
        press(dialog.done_on, Qt.Key.Key_Return)  # Enter is OK

    in_dialog(qtbot, tab.add_step_button, next_step)
    steps = steps_of(tab, "HS.2026.0107")
    assert [s["step_name"] for s in steps] == ["Tiếp nhận", "Thẩm định"]
    assert steps[1]["late_days"] == 3  # 9, 10, 11 March are working days past the 6th
    assert "HS.2026.0107" in [tab.table.item(n, 0).text() for n in range(tab.table.rowCount())]


def test_a_refused_step_keeps_everything_typed(qtbot, tab: DossiersTab, shown_errors) -> None:
    def refused_then_corrected(dialog: StepDialog) -> None:
        type_text(dialog.ref, "HS.2026.0200")
        type_text(dialog.step, "Tiếp nhận")
        type_text(dialog.received, "02/03/2026")
        type_text(dialog.due, "31/02/2026")  # no such day
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        [error] = shown_errors
        assert isinstance(error, ValidationError)
        assert "31/02/2026" in str(error) and "Hạn hoàn thành" in str(error)
        shown_errors.clear()
        assert (
            dialog.isVisible() and dialog.focusWidget() is dialog.due
        )  # open, on the field to fix
        assert (dialog.ref.text(), dialog.step.text(), dialog.received.text()) == (
            "HS.2026.0200",
            "Tiếp nhận",
            "02/03/2026",
        )
        assert not steps_of(tab, "HS.2026.0200")  # nothing recorded
        type_text(dialog.due, "04/03/2026")  # the wrong date is selected: typing replaces it
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)

    in_dialog(qtbot, tab.add_dossier_button, refused_then_corrected)
    [step] = steps_of(tab, "HS.2026.0200")
    assert (step["received_on"], step["due_on"]) == ("2026-03-02", "2026-03-04")


@pytest.mark.parametrize("how", ["escape", "cancel", "window"])
def test_the_dialog_closes_every_way_and_saves_nothing(qtbot, tab: DossiersTab, how: str) -> None:
    before = snapshot(tab.ctx.ws)
    closed: list[bool] = []

    def close(dialog: StepDialog) -> None:
        type_text(dialog.ref, "HS.2026.0300")
        type_text(dialog.step, "Tiếp nhận")
        if how == "escape":
            press(dialog.step, Qt.Key.Key_Escape)
        elif how == "cancel":
            cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
            qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        else:
            dialog.close()  # the window's X
        closed.append(not dialog.isVisible())

    in_dialog(qtbot, tab.add_dossier_button, close)
    assert closed == [True]
    assert QApplication.activeModalWidget() is None
    assert snapshot(tab.ctx.ws) == before


def test_dates_are_read_as_people_write_them() -> None:
    assert day_text("5/3/2026") == "05/03/2026"
    assert day_text(" 05.03.2026 ") == "05/03/2026"
    assert day_text("5-3-26") == "05/03/2026"
    assert day_text("5 / 3 / 2026") == "05/03/2026"
    assert day_text("2026-03-05") == "2026-03-05"  # ISO, as the English table shows it
    assert day_text("") == ""
    assert day_text("mai") == "mai"  # refused by the core with its message


def test_titles_in_english(qtbot, tab: DossiersTab) -> None:
    ui_language.apply("en")
    assert i18n.current_language() == "en"
    dialog = StepDialog(tab.ctx, tab.inspection_id, None)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Add a dossier"
    dossier = tab.rows[0]
    dialog = StepDialog(tab.ctx, tab.inspection_id, dossier)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Next processing step"
    assert dialog.ref.text() == dossier["object_ref"]


def test_a_date_typed_in_the_table_is_read_the_same_way(qtbot, tab: DossiersTab) -> None:
    received = date.fromisoformat(tab.rows[0]["received_on"])
    done = received + timedelta(days=1)
    tab.table.setFocus()
    tab.table.setCurrentCell(0, 6)
    qtbot.keyClick(tab.table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, f"{done.day}.{done.month}.{done.year}")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.table.state() != tab.table.State.EditingState)
    step = next(
        r for r in screens.step_rows(tab.ctx.ws, tab.inspection_id) if r["id"] == tab.rows[0]["id"]
    )
    assert step["done_on"] == done.isoformat()

# SPDX-License-Identifier: GPL-3.0-or-later
"""Every dialog of the app can always be closed: with Esc, its Cancel or Close button and the
window's X, also after a slot of it failed; the failure is shown once.

Every QDialog subclass defined in ``ui`` is found by importing the whole package, and built on the
demo check through :data:`CONSTRUCTORS`: a new dialog fails here until it has a line there.
"""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from PySide6.QtCore import QMetaObject, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

import ui
from inspector import logs
from inspector.demo.build import DemoResult
from inspector.errors import Cancelled, ValidationError
from inspector.fieldwork import screens
from inspector.i18n import _
from inspector.minutes import content as minutes_content
from inspector.sync.exchange import ImportResult
from tests.ui.helpers import in_modal, press
from ui import errors
from ui.context import Context, t
from ui.dialogs.base import Dialog, ask_item, ask_text
from ui.main_window import MainWindow

real_show_error = errors.show_error  # the UI tests' fixture replaces it with a collector


def ui_dialog_classes() -> list[type[QDialog]]:
    """Every QDialog subclass defined in the ui package (all its modules imported)."""
    for module in pkgutil.walk_packages(ui.__path__, "ui."):
        if not module.name.endswith("__main__"):  # that one starts the app
            importlib.import_module(module.name)
    found: dict[str, type[QDialog]] = {}

    def walk(cls: type[QDialog]) -> None:
        for sub in cls.__subclasses__():
            if sub.__module__.split(".")[0] == "ui":
                found[qualified(sub)] = sub
            walk(sub)

    walk(QDialog)
    return [found[name] for name in sorted(found)]


def qualified(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


@dataclass
class Env:
    """What a dialog is built on: the main window on the demo workspace, its check open."""

    window: MainWindow
    ctx: Context
    made: DemoResult

    @property
    def inspection_id(self) -> str:
        return self.made.inspection_id

    def staff(self) -> dict:
        return screens.roll_call(self.ctx.ws, self.inspection_id)[0]

    def dossier(self) -> dict:
        return screens.step_rows(self.ctx.ws, self.inspection_id)[0]


def _import_result() -> ImportResult:
    return ImportResult(
        path="Nguyen-Van-Hung-20260305.inspkg",
        package_id="0f3c",
        kind="changes",
        signer="Nguyễn Văn Hùng",
        source_device="5a1e",
        created_at="2026-03-05T09:00:00+00:00",
        preview=True,
        new_records={"findings": 2},
    )


Build = Callable[[type, Env], QDialog]
# How to build each dialog, by its qualified name. A dialog missing here fails the tests below.
CONSTRUCTORS: dict[str, Build] = {
    "ui.dialogs.base.Dialog": lambda cls, env: cls(env.window),
    "ui.dialogs.conflicts.ConflictsDialog": lambda cls, env: cls(env.ctx, lambda: None),
    "ui.dialogs.enrol.EnrolDialog": lambda cls, env: cls(env.ctx),
    "ui.dialogs.help.GuideDialog": lambda cls, env: cls(env.window),
    "ui.dialogs.help.ShortcutsDialog": lambda cls, env: cls(env.window),
    "ui.dialogs.import_preview.ImportDialog": lambda cls, env: cls(
        env.window, _import_result(), env.ctx.ws
    ),
    "ui.dialogs.new_check.NewCheckDialog": lambda cls, env: cls(env.ctx),
    "ui.dialogs.papers.PapersDialog": lambda cls, env: cls(env.ctx),
    "ui.dialogs.preview.PreviewDialog": lambda cls, env: cls(
        env.ctx, minutes_content.build(env.ctx.ws, env.inspection_id)
    ),
    "ui.dialogs.reinspect.ReinspectDialog": lambda cls, env: cls(env.ctx, env.inspection_id),
    "ui.dialogs.sync_status.SyncStatusDialog": lambda cls, env: cls(env.ctx),
    "ui.dialogs.verify.VerifyDialog": lambda cls, env: cls(env.ctx),
    "ui.workbench.dossiers_tab.StepDialog": lambda cls, env: cls(
        env.ctx, env.inspection_id, env.dossier()
    ),
    "ui.workbench.page.AnnounceDialog": lambda cls, env: cls(env.window, "<h1>Quyết định</h1>"),
    "ui.workbench.roll_call_tab.StaffDialog": lambda cls, env: cls(env.window, env.staff()),
}

CLASSES = ui_dialog_classes()
WAYS = ("escape", "cancel", "window")


@pytest.fixture
def env(qtbot, demo) -> Iterator[Env]:
    ws, made = demo
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.open_inspection(made.inspection_id)
    yield Env(window, window.ctx, made)
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=20000)  # a dialog's job, if any


def test_every_dialog_is_known_here_and_has_the_base() -> None:
    names = [qualified(cls) for cls in CLASSES]
    assert "ui.workbench.dossiers_tab.StepDialog" in names
    missing = [n for n in names if n not in CONSTRUCTORS]
    assert not missing, f"add a constructor for {missing} to CONSTRUCTORS in {Path(__file__).name}"
    plain = [qualified(cls) for cls in CLASSES if not issubclass(cls, Dialog)]
    assert not plain, f"derive {plain} from ui.dialogs.base.Dialog, not QDialog"


def _cancel_button(dialog: QDialog) -> QPushButton | None:
    """The dialog's Cancel or Close button, if it has one."""
    for box in dialog.findChildren(QDialogButtonBox):
        for button in box.buttons():
            if box.buttonRole(button) == QDialogButtonBox.ButtonRole.RejectRole:
                return button
    names = {t(_("Cancel")), t(_("Close"))}
    for button in dialog.findChildren(QPushButton):
        if button.text().replace("&", "") in names:
            return button
    return None


def _close(qtbot, dialog: QDialog, way: str) -> bool:
    """Close ``dialog`` one way; False if it has no such way (no Cancel button)."""
    if way == "escape":
        press(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)
    elif way == "cancel":
        button = _cancel_button(dialog)
        if button is None:
            return False
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    else:
        dialog.close()  # the window's X: a QCloseEvent
    return True


@pytest.mark.parametrize("cls", CLASSES, ids=qualified)
def test_the_dialog_closes_every_way(qtbot, env: Env, cls: type[QDialog], shown_errors) -> None:
    build = CONSTRUCTORS.get(qualified(cls))
    if build is None:
        pytest.fail(f"add a constructor for {qualified(cls)} to CONSTRUCTORS in {__name__}")
    for way in WAYS:
        for failing in (False, True):
            dialog = build(cls, env)  # a child of the window, deleted with it if not before
            with qtbot.waitExposed(dialog):
                dialog.show()
            if failing:
                boom = RuntimeError("a slot failed")

                def fail(boom: BaseException = boom) -> None:
                    raise boom

                dialog.accept = fail  # type: ignore[method-assign]
                QMetaObject.invokeMethod(dialog, "accept")  # the slot, called as Qt calls it
                assert shown_errors == [boom], f"{way}: the failure shown once"
                assert dialog.isVisible(), "a failed OK keeps the dialog open"
            if not _close(qtbot, dialog, way):
                dialog.close()
                shown_errors.clear()
                continue
            assert not dialog.isVisible(), f"{qualified(cls)} still open after {way}"
            assert len(shown_errors) <= 1, [str(e) for e in shown_errors]
            shown_errors.clear()
    assert QApplication.activeModalWidget() is None


class BrokenDialog(Dialog):
    """Every way of closing fails, as when a field hid QDialog.done."""

    def __init__(self) -> None:
        super().__init__()
        self.field = QLineEdit()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(buttons)

    def done(self, result: int) -> None:
        raise TypeError("'QLineEdit' object is not callable")

    def reject(self) -> None:
        super().reject()  # which calls done, which fails

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        raise RuntimeError("closing failed")


class HidingDialog(Dialog):
    def __init__(self) -> None:
        super().__init__()
        self.done = QLineEdit()  # hides QDialog.done: refused


def test_a_dialog_whose_every_close_fails_still_closes(qtbot, shown_errors) -> None:
    for way in WAYS:
        dialog = BrokenDialog()
        qtbot.addWidget(dialog)
        results: list[int] = []

        def close_it(modal, way: str = way) -> None:
            type_in = modal.field
            type_in.setText("bước đã nhập")
            if way == "cancel":
                qtbot.mouseClick(
                    modal.buttons.button(QDialogButtonBox.StandardButton.Cancel),
                    Qt.MouseButton.LeftButton,
                )
            else:
                _close(qtbot, modal, way)

        in_modal(close_it)
        guard = QTimer(dialog)  # if the dialog could not be closed: end the test, not hang
        guard.setSingleShot(True)
        guard.timeout.connect(lambda d=dialog: QDialog.done(d, 2))
        guard.start(5000)
        results.append(dialog.exec())
        assert results == [QDialog.DialogCode.Rejected.value], way
        assert len(shown_errors) == 1, [str(e) for e in shown_errors]
        shown_errors.clear()
    # OK fails the same way: the dialog stays open with what was typed; Cancel still closes.
    dialog = BrokenDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.field.setText("bước đã nhập")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert dialog.isVisible() and dialog.field.text() == "bước đã nhập"
    assert len(shown_errors) == 1
    shown_errors.clear()
    press(dialog.field, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    shown_errors.clear()


def test_an_attribute_hiding_a_dialog_method_is_refused() -> None:
    with pytest.raises(TypeError, match="would hide QDialog.done"):
        HidingDialog()


def test_an_error_is_shown_once_and_logged_once(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    boxes: list[str] = []
    monkeypatch.setattr(errors, "_box", lambda _parent, message: boxes.append(message))
    path = logs.configure(tmp_path, program="app")
    try:
        key = "missing"  # a value typed: not in the log
        try:
            {}[key]
        except KeyError as exc:
            unexpected = exc
        real_show_error(None, unexpected)
        real_show_error(None, unexpected)  # passed on by a second guard: not shown again
        assert len(boxes) == 1 and str(path) in boxes[0]
        text = logs.log_path(tmp_path).read_text(encoding="utf-8")
        assert text.count("Traceback") == 1 and "KeyError" in text and "missing" not in text
        refused = ValidationError(_("Choose the value to keep."))
        real_show_error(None, refused)
        assert boxes[-1] == str(refused)
        real_show_error(None, Cancelled(_("Cancelled.")))
        assert len(boxes) == 2
    finally:
        logs.close()


def test_failures_while_the_message_is_open_are_not_stacked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    boxes: list[str] = []

    def box(_parent, message: str) -> None:
        boxes.append(message)
        if len(boxes) == 1:  # a timer fails again while the first message is open
            real_show_error(None, RuntimeError("again"))

    monkeypatch.setattr(errors, "_box", box)
    real_show_error(None, RuntimeError("first"))
    assert len(boxes) == 1
    assert str(errors.unexpected_message()) == boxes[0]


def test_the_excepthook_brings_an_uncaught_error_to_the_presenter(shown_errors) -> None:
    try:
        raise RuntimeError("a slot failed")
    except RuntimeError as exc:
        errors.excepthook(RuntimeError, exc, exc.__traceback__)
        assert shown_errors == [exc]
    shown_errors.clear()


def test_questions_have_short_titles_and_can_be_cancelled(qtbot) -> None:
    seen: list[tuple[str, int, int]] = []

    def look_then(action: Callable) -> Callable:
        def run(dialog) -> None:
            title_width = dialog.fontMetrics().horizontalAdvance(dialog.windowTitle())
            seen.append((dialog.windowTitle(), dialog.width(), title_width))
            action(dialog)

        return run

    in_modal(look_then(lambda d: press(d.focusWidget() or d, Qt.Key.Key_Escape)))
    assert ask_text(None, _("Refuses to sign"), _("Reason given for refusing to sign")) is None
    in_modal(look_then(lambda d: d.close()))
    assert ask_item(None, _("Absence"), _("Reason for the absence"), ["a", "b"]) is None

    def choose(dialog) -> None:
        dialog.setTextValue("b")
        press(dialog.focusWidget() or dialog, Qt.Key.Key_Return)

    in_modal(look_then(choose))
    assert ask_item(None, _("Absence"), _("Reason for the absence"), ["a", "b"]) == "b"
    assert len(seen) == 3
    for title, width, title_width in seen:
        assert width >= 400 and width >= title_width + 150, title


def test_the_main_window_closes_even_when_saving_fails(qtbot, env: Env, shown_errors) -> None:
    boom = RuntimeError("saving the screen failed")

    def fail() -> None:
        raise boom

    env.window.flush = fail  # type: ignore[method-assign]
    with qtbot.waitExposed(env.window):
        env.window.show()
    env.window.close()
    assert not env.window.isVisible()
    assert shown_errors == [boom]
    shown_errors.clear()


def test_the_app_writes_its_log_in_the_workspace(tmp_path: Path) -> None:
    home = tmp_path / "ws"
    result = subprocess.run(
        [sys.executable, "-m", "ui", "--home", str(home), "gui", "--self-test"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    text = logs.log_path(home).read_text(encoding="utf-8")
    assert " INFO inspector.logs: app " in text and "started" in text

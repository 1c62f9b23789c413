# SPDX-License-Identifier: GPL-3.0-or-later
"""The base of our dialogs, which can always be closed, and the small questions asked in a box.

A failing slot must never trap the user in a dialog (a field named ``done`` once hid
``QDialog.done``: OK, Cancel, Esc and the window's X all failed, and so did closing the main
window). :class:`Dialog` guards ``accept``, ``reject``, ``done``, ``closeEvent`` and
``keyPressEvent``, its own and every override in a subclass: an exception is shown once by the one
presenter (:mod:`ui.errors`); a failed accept leaves the dialog open with everything typed, while a
failed reject, Esc or close still closes it. An attribute that would hide a method of QDialog is
refused when it is set, so such a dialog fails when it is built (tests build every dialog).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QDialog, QInputDialog, QLabel, QLineEdit, QWidget

from inspector.i18n import Text
from ui import errors
from ui.context import t

# Wide enough for a short title in Vietnamese beside the window's buttons.
MIN_QUESTION_WIDTH = 420


def _present(dialog: QDialog, exc: BaseException) -> None:
    errors.show_error(dialog, exc)  # looked up at call time: tests collect what is shown


def _close(dialog: QDialog, result: int = QDialog.DialogCode.Rejected.value) -> None:
    """Close without our overrides: QDialog's own done hides the dialog and ends its exec."""
    QDialog.done(dialog, result)


def _guard_accept(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def accept(self: QDialog) -> None:
        try:
            method(self)
        except Exception as exc:  # noqa: BLE001 - a slot boundary: shown, the dialog stays open
            _present(self, exc)

    return accept


def _guard_reject(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def reject(self: QDialog) -> None:
        try:
            method(self)
        except Exception as exc:  # noqa: BLE001 - a slot boundary: shown, and closed all the same
            _present(self, exc)
            _close(self)

    return reject


def _guard_done(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def done(self: QDialog, result: int) -> None:
        try:
            method(self, result)
        except Exception as exc:  # noqa: BLE001 - a slot boundary
            _present(self, exc)
            if int(result) != QDialog.DialogCode.Accepted.value:
                _close(self, int(result))  # cancelling always closes; a failed OK stays open

    return done


def _guard_close_event(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def closeEvent(self: QDialog, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        try:
            method(self, event)
        except Exception as exc:  # noqa: BLE001 - an event handler's boundary: closed all the same
            _present(self, exc)
            _close(self)
            event.accept()

    return closeEvent


def _guard_key_press(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def keyPressEvent(self: QDialog, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        try:
            method(self, event)
        except Exception as exc:  # noqa: BLE001 - an event handler's boundary
            _present(self, exc)
            if event.key() == Qt.Key.Key_Escape:
                _close(self)

    return keyPressEvent


def _unbound(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A callable set on one dialog, taking the dialog first like a method."""
    return lambda _self, *args: fn(*args)


_GUARDS: dict[str, Callable[[Callable[..., Any]], Callable[..., Any]]] = {
    "accept": _guard_accept,
    "reject": _guard_reject,
    "done": _guard_done,
    "closeEvent": _guard_close_event,
    "keyPressEvent": _guard_key_press,
}


def _guard_methods(cls: type) -> None:
    for name, guard in _GUARDS.items():
        method = cls.__dict__.get(name)
        if method is not None and not getattr(method, "_closes_anyway", False):
            guarded = guard(method)
            guarded._closes_anyway = True  # type: ignore[attr-defined]
            setattr(cls, name, guarded)


class Dialog(QDialog):
    """A dialog that can always be closed (see the module's docstring); subclass it, not QDialog."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _guard_methods(cls)

    def __setattr__(self, name: str, value: Any) -> None:
        if not callable(value) and callable(getattr(QDialog, name, None)):
            raise TypeError(
                f"{type(self).__name__}.{name} would hide QDialog.{name}(); choose another name"
            )
        if name in _GUARDS and callable(value):  # set on one dialog: guarded all the same
            value = functools.partial(_GUARDS[name](_unbound(value)), self)
        super().__setattr__(name, value)

    def accept(self) -> None:
        super().accept()

    def reject(self) -> None:
        super().reject()

    def done(self, result: int) -> None:
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        super().keyPressEvent(event)


_guard_methods(Dialog)


def _question(parent: QWidget | None, title: Text, label: Text) -> QInputDialog:
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(t(title))
    dialog.setLabelText(t(label))
    width = max(MIN_QUESTION_WIDTH, dialog.fontMetrics().horizontalAdvance(t(title)) + 200)
    # QInputDialog sizes itself to its layout: widen the question, not the dialog.
    margins = dialog.contentsMargins()
    question = dialog.findChild(QLabel)
    if question is not None:
        question.setMinimumWidth(width - margins.left() - margins.right() - 24)
    return dialog


def ask_text(
    parent: QWidget | None,
    title: Text,
    label: Text,
    *,
    text: str = "",
    echo: QLineEdit.EchoMode = QLineEdit.EchoMode.Normal,
) -> str | None:
    """Ask for one line of text; None if the user cancels.

    ``title`` is short (a window title is cut where the box is narrow); the question is ``label``.
    """
    dialog = _question(parent, title, label)
    dialog.setTextEchoMode(echo)
    dialog.setTextValue(text)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.textValue()
    finally:
        dialog.deleteLater()


def ask_item(
    parent: QWidget | None, title: Text, label: Text, items: Sequence[str], current: int = 0
) -> str | None:
    """Ask to choose one of ``items``; None if the user cancels."""
    dialog = _question(parent, title, label)
    dialog.setComboBoxItems(list(items))
    dialog.setComboBoxEditable(False)
    if items:
        dialog.setTextValue(items[current])
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.textValue()
    finally:
        dialog.deleteLater()

# SPDX-License-Identifier: GPL-3.0-or-later
"""The one place errors are shown to the user."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from inspector.errors import Cancelled, InspectorError
from inspector.i18n import _

log = logging.getLogger(__name__)
APP_NAME = "Inspector"  # a name, not translated


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Show ``exc`` to the user: its own message for our errors, a generic one otherwise."""
    if isinstance(exc, Cancelled):
        return
    if isinstance(exc, InspectorError):
        message = str(exc)
    else:
        log.error("unexpected error", exc_info=exc)
        message = str(
            _("Something went wrong; nothing you entered was lost. Details are in the log.")
        )
    QMessageBox.warning(parent, APP_NAME, message)

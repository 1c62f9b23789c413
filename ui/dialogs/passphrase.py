# SPDX-License-Identifier: GPL-3.0-or-later
"""Asking for the passphrase of a signing key (it is used once and never stored)."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from inspector.i18n import Text, _
from ui.dialogs.base import ask_text


def ask_passphrase(parent: QWidget, title: Text) -> str | None:
    """The passphrase typed (hidden), or None if the user cancelled."""
    return ask_text(
        parent, title, _("Passphrase of the signing key"), echo=QLineEdit.EchoMode.Password
    )

# SPDX-License-Identifier: GPL-3.0-or-later
"""Asking for the passphrase of a signing key (it is used once and never stored)."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from inspector.i18n import Text, _
from ui.context import t


def ask_passphrase(parent: QWidget, title: Text) -> str | None:
    """The passphrase typed (hidden), or None if the user cancelled."""
    passphrase, ok = QInputDialog.getText(
        parent, t(title), t(_("Passphrase of the signing key")), QLineEdit.EchoMode.Password
    )
    return passphrase if ok else None

# SPDX-License-Identifier: GPL-3.0-or-later
"""The first screen of an empty workspace: what to do first, each a button."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import QCommandLinkButton, QLabel, QVBoxLayout, QWidget

from inspector.i18n import Text, _
from ui.context import t


class WelcomePanel(QWidget):
    """Shown instead of an empty list: start a check, prepare the laptop, or look at the demo."""

    new_requested = Signal()
    kit_requested = Signal()
    enrol_requested = Signal()
    demo_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        title = QLabel(t(_("Welcome to Inspector")))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(
            t(
                _(
                    "This workspace has no inspection yet. Everything you enter is saved as you type,"
                    " on this computer, with no network needed."
                )
            )
        )
        intro.setWordWrap(True)
        self.new_button = self._button(
            _("Start a new surprise check (Ctrl+N)"),
            _("The decision, the team and the unit; then arrive and announce it on site."),
            self.new_requested,
        )
        self.kit_button = self._button(
            _("Import a field kit from the office…"),
            _(
                "The units and staff, checklists, holiday calendar and prepared checks that the"
                " office gives this laptop (an .inspkg file)."
            ),
            self.kit_requested,
        )
        self.enrol_button = self._button(
            _("Set up my signing identity…"),
            _(
                "Your key and the request to hand to the office, then the certificate it issues:"
                " needed to sign the minutes and the packages you send."
            ),
            self.enrol_requested,
        )
        self.demo_button = self._button(
            _("Open the demo in a workspace of its own"),
            _(
                "A complete example check, signed, in a separate workspace that opens in a new"
                " window; this workspace is left as it is."
            ),
            self.demo_requested,
        )
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(intro)
        for button in (self.new_button, self.kit_button, self.enrol_button, self.demo_button):
            layout.addWidget(button)
        layout.addStretch(2)
        layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setMaximumWidth(760)
        self.setAccessibleName(t(_("Welcome")))

    def _button(self, text: Text, description: Text, signal: SignalInstance) -> QCommandLinkButton:
        button = QCommandLinkButton(t(text), t(description))
        button.clicked.connect(signal)
        return button

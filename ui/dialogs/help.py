# SPDX-License-Identifier: GPL-3.0-or-later
"""The Help menu's dialogs: the keyboard shortcuts (read from the window's own actions and the tabs'
own key maps, so the list never drifts from what the keys do), the user guide, and About."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialogButtonBox,
    QMainWindow,
    QMessageBox,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector import __version__
from inspector.i18n import Text, _, current_language
from inspector.resources import resource_path
from inspector.vocabulary import label
from ui.context import t
from ui.dialogs.base import Dialog
from ui.workbench.checklist_tab import ANSWER_KEYS
from ui.workbench.roll_call_tab import MARK_KEYS

GUIDES = {"vi": "huong-dan.md", "en": "user-guide.md"}
LICENCE = "GPL-3.0-or-later"


def guide_path(lang: str | None = None) -> Path:
    """Return the user guide in ``lang`` (default: the current language)."""
    return resource_path("help", GUIDES[lang or current_language()])


def plain(text: str) -> str:
    """Return a menu text without its mnemonic marks ("&Find" → "Find", "&&" → "&")."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def keys_of(action: QAction) -> str:
    """Return the keys of ``action`` as the platform writes them, e.g. "Ctrl+Shift+N"."""
    return ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())


def menu_shortcuts(window: QMainWindow) -> list[tuple[str, list[tuple[str, str]]]]:
    """Return each menu of ``window`` with its commands that have keys: (menu, [(command, keys)])."""
    found = []
    for entry in window.menuBar().actions():
        menu = entry.menu()
        if menu is None:
            continue
        rows = [(plain(a.text()), keys_of(a)) for a in menu.actions() if a.shortcuts()]
        if rows:
            found.append((plain(entry.text()), rows))
    return found


def button_shortcuts(window: QMainWindow) -> list[tuple[str, str]]:
    """Return the buttons of the screen shown in ``window`` that have a key of their own."""
    found = []
    for button in window.findChildren(QAbstractButton):
        if not button.shortcut().isEmpty() and button.isVisibleTo(window):
            keys = button.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if (plain(button.text()), keys) not in found:
                found.append((plain(button.text()), keys))
    return found


def _key_map(keys: Mapping[Qt.Key, Enum]) -> list[tuple[str, str]]:
    return [(str(label(value)), QKeySequence(key).toString()) for key, value in keys.items()]


def tab_shortcuts() -> list[tuple[str, list[tuple[str, str]]]]:
    """Return the keys that work inside the tabs (roll call, checklist), from their own maps."""
    return [
        (t(_("Roll call")), _key_map(MARK_KEYS)),
        (t(_("Checklist")), _key_map(ANSWER_KEYS)),
    ]


class ShortcutsDialog(Dialog):
    """Every keyboard shortcut, by menu, then the keys of the tabs."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle(t(_("Keyboard shortcuts")))
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([t(_("Command")), t(_("Keys"))])
        self.tree.setRootIsDecorated(False)
        self.tree.setAccessibleName(t(_("Keyboard shortcuts")))
        groups = [*menu_shortcuts(window), *tab_shortcuts()]
        buttons_here = button_shortcuts(window)
        if buttons_here:
            groups.append((t(_("On this screen")), buttons_here))
        for title, rows in groups:
            group = QTreeWidgetItem(self.tree, [title])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFirstColumnSpanned(True)
            for command, keys in rows:
                QTreeWidgetItem(group, [command, keys])
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.resize(560, 640)

    def rows(self) -> list[tuple[str, str, str]]:
        """The shortcuts shown: (group, command, keys)."""
        shown = []
        for n in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(n)
            for m in range(group.childCount()):
                child = group.child(m)
                shown.append((group.text(0), child.text(0), child.text(1)))
        return shown


class GuideDialog(Dialog):
    """The user guide, in the current language, inside the app."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(t(_("User guide")))
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.setAccessibleName(t(_("User guide")))
        path = guide_path()
        try:
            self.browser.setMarkdown(path.read_text(encoding="utf-8"))
        except OSError:
            self.browser.setPlainText(t(_("The user guide {path} cannot be read.", path=str(path))))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(760, 720)


def about_text(workspace: Path) -> Text:
    """What About says: the version, the licence and the workspace folder."""
    return _(
        "Inspector {version}: surprise checks of Vietnam Social Security offices, recorded on site"
        " and offline, to signed minutes.\n\nLicence: {licence}. This is free software: you may"
        " share and change it under that licence; it comes with no warranty.\n\n"
        "Workspace folder: {folder}",
        version=__version__,
        licence=LICENCE,
        folder=str(workspace),
    )


def show_about(parent: QWidget, workspace: Path) -> None:
    """Show the version, the licence and the folder of the workspace."""
    box = QMessageBox(parent)
    box.setWindowTitle(t(_("About Inspector")))
    box.setIcon(QMessageBox.Icon.Information)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(t(about_text(workspace)))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    box.exec()

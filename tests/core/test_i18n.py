# SPDX-License-Identifier: GPL-3.0-or-later
"""Every message of the core has its Vietnamese translation, with the same placeholders."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from babel.messages.extract import extract_from_dir

from inspector import i18n
from inspector.errors import ValidationError
from inspector.i18n import _

ROOT = Path(__file__).resolve().parents[2]


def _msgids() -> set[str]:
    found = set()
    for package in ("inspector", "ui"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / package, method_map=[("**.py", "python")], keywords={"_": None}
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_message_is_translated_to_vietnamese() -> None:
    msgids = _msgids()
    assert len(msgids) > 100
    catalogue = i18n._catalog("vi")  # a translation may equal its English ("{n} byte")
    missing = sorted(m for m in msgids if m not in catalogue)
    assert not missing, missing[:20]


def test_placeholders_match() -> None:
    for msgid in _msgids():
        vi = i18n.translate(msgid, "vi")
        assert set(re.findall(r"{(\w+)}", vi)) == set(re.findall(r"{(\w+)}", msgid)), msgid


def test_text_renders_in_either_language_and_nests() -> None:
    error = ValidationError(_("{field} is required.", field=_("Finding title")))
    assert error.message("en") == "Finding title is required."
    assert error.message("vi") != error.message("en")
    i18n.set_language("en")
    assert str(error) == "Finding title is required."
    i18n.set_language("vi")
    assert str(error) == error.message("vi")


def test_no_message_hides_inside_an_f_string() -> None:
    """Babel does not see _() inside f-strings, so such a message would never be translated."""
    offenders = []
    for package in ("inspector", "ui"):
        for path in (ROOT / package).rglob("*.py"):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if re.search(r"\{[^}]*\b_\('", line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert not offenders


# Texts a widget may show as they are, in either language.
ALLOWED_AS_IS = {
    "Inspector",  # the product's name
    "Tiếng Việt",  # each language is named in its own language
    "English",
    "dd/mm/yyyy",  # the date pattern typed in Vietnamese
    "PDF",  # a file format's name
}

# Widget methods whose string arguments are shown to the user.
TEXT_SETTERS = {
    "setText",
    "setWindowTitle",
    "setToolTip",
    "setStatusTip",
    "setWhatsThis",
    "setPlaceholderText",
    "setAccessibleName",
    "setAccessibleDescription",
    "setTitle",
    "setLabelText",
    "setInformativeText",
    "setDetailedText",
    "setCancelButtonText",
    "setOkButtonText",
    "setSpecialValueText",
    "setPrefix",
    "setSuffix",
    "setHtml",
    "setMarkdown",
    "setPlainText",
    "setTabText",
    "setTabToolTip",
    "setItemText",
    "setHeaderLabels",
    "setHorizontalHeaderLabels",
    "setVerticalHeaderLabels",
    "addItems",
    "addTab",
    "addMenu",
    "addAction",
    "addButton",
    "addRow",
    "showMessage",
}
# Widgets whose constructor takes the text they show.
TEXT_WIDGETS = {
    "QAction",
    "QCheckBox",
    "QCommandLinkButton",
    "QGroupBox",
    "QLabel",
    "QListWidgetItem",
    "QMenu",
    "QMessageBox",
    "QProgressDialog",
    "QPushButton",
    "QRadioButton",
    "QStandardItem",
    "QTableWidgetItem",
    "QToolButton",
    "QTreeWidgetItem",
}
# Static dialogs whose title, label and filter arguments are shown.
TEXT_DIALOGS = {"QMessageBox", "QInputDialog", "QFileDialog", "QProgressDialog"}


def _shown_literals(node: ast.AST) -> Iterator[str]:
    """The literal parts of an argument: a string, an f-string's text, items of a list or tuple."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.JoinedStr):
        for value in node.values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                yield value.value
    elif isinstance(node, (ast.List, ast.Tuple)):
        for item in node.elts:
            yield from _shown_literals(item)
    elif isinstance(node, ast.BinOp):
        yield from _shown_literals(node.left)
        yield from _shown_literals(node.right)
    elif isinstance(node, ast.IfExp):
        yield from _shown_literals(node.body)
        yield from _shown_literals(node.orelse)


def _shown_arguments(call: ast.Call) -> list[ast.AST]:
    """The arguments of ``call`` that a widget shows, if it is a text setter or text widget."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if name in ("addItem", "insertItem"):  # (index,) (icon,) text, then data that is not shown
        args = call.args[1:] if name == "insertItem" else call.args
        if args and isinstance(args[0], ast.Call) and getattr(args[0].func, "id", "") == "QIcon":
            args = args[1:]
        return args[:1]
    if name in TEXT_SETTERS or name in TEXT_WIDGETS:
        return [*call.args, *(k.value for k in call.keywords)]
    owner = func.value if isinstance(func, ast.Attribute) else None
    if isinstance(owner, ast.Name) and owner.id in TEXT_DIALOGS and name and name[0].islower():
        return [*call.args, *(k.value for k in call.keywords)]
    return []


def _words(literal: str) -> str:
    """The words of a literal, without markup, punctuation or placeholders around them."""
    text = re.sub(r"<[^>]*>|<\w[^>]*$|^[^<]*>", " ", literal)  # rich-text tags, whole or cut
    text = re.sub(r"\b(?:Ctrl|Alt|Shift|Meta)\+\w*", " ", text)  # keys, as on the keyboard
    text = re.sub(r"\(\*\.\w+(?: \*\.\w+)*\)", " ", text)  # a file filter's patterns
    return re.sub(r"^[\W\d_]+|[\W\d_]+$", "", text)


def untranslatable_literals(root: Path) -> list[str]:
    """Texts of ``root``'s widgets written as literals that bypass ``_()``: path:line: text."""
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            for argument in _shown_arguments(node):
                for literal in _shown_literals(argument):
                    words = _words(literal)
                    if re.search(r"[^\W\d_]", words) and words not in ALLOWED_AS_IS:
                        found.append(f"{path.relative_to(root.parent)}:{node.lineno}: {literal!r}")
    return found


def test_no_widget_shows_a_literal_that_bypasses_translation() -> None:
    """A text given to a widget as a bare literal would show in English in the Vietnamese app."""
    assert untranslatable_literals(ROOT / "ui") == []


def test_the_literal_check_finds_texts_given_to_widgets(tmp_path: Path) -> None:
    (tmp_path / "form.py").write_text(
        "box.setWindowTitle('Settings')\n"
        "QPushButton(t(_('Close')), parent)\n"
        "QLabel(f'{n} B free')\n"
        "QMessageBox.warning(self, 'Inspector', 'Disk full')\n"
        "combo.addItem(t(_('Person')), 'person')\n"
        "table.setHorizontalHeaderLabels([t(_('Name')), 'Role'])\n"
        "menu.setToolTip(f'{t(name)} (Ctrl+S)')\n"
        "field.setPlaceholderText('dd/mm/yyyy')\n"
        "label.setText('<b>' + t(title) + '</b>')\n",
        encoding="utf-8",
    )
    found = [line.split(": ", 1)[1] for line in untranslatable_literals(tmp_path)]
    assert found == ["'Settings'", "' B free'", "'Disk full'", "'Role'"]


def test_the_compiled_catalogue_is_the_po_file() -> None:
    # The app reads inspector.mo, which `make po` (and tools/po_fill.py) compile from the .po file
    # people edit: one left behind would show old or missing translations.
    folder = ROOT / "resources" / "locale" / "vi" / "LC_MESSAGES"
    assert (folder / "inspector.mo").is_file(), "run make po"
    assert i18n._catalog("vi") == i18n.catalog_from_po(folder / "inspector.po", "vi"), "run make po"

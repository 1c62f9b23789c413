# SPDX-License-Identifier: GPL-3.0-or-later
"""Every message of the core has its Vietnamese translation, with the same placeholders."""

from __future__ import annotations

import re
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
    missing = sorted(m for m in msgids if i18n.translate(m, "vi") == m)
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

# SPDX-License-Identifier: GPL-3.0-or-later
"""Translatable texts for the core, without Qt.

Messages are written in English in the code and marked with ``_()``; the Vietnamese catalogue is the
gettext file ``resources/locale/vi/LC_MESSAGES/inspector.po`` (read with Babel, so no compile step).
``_()`` returns a :class:`Text` that renders lazily, so one error can be shown in either language:
``str(text)`` renders in the current language, ``text.render("en")`` in a given one.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from inspector.resources import resource_path

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

_current = {"lang": os.environ.get("INSPECTOR_LANG", DEFAULT_LANGUAGE)}
if _current["lang"] not in LANGUAGES:
    _current["lang"] = DEFAULT_LANGUAGE


def set_language(lang: str) -> None:
    """Make ``lang`` ("vi" or "en") the language in which texts render by default."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}")
    _current["lang"] = lang


def current_language() -> str:
    """Return the language texts render in by default."""
    return _current["lang"]


@cache
def _catalog(lang: str) -> Mapping[str, str]:
    """Load the translations of ``lang`` (English needs none) from its compiled catalogue, which
    ``make po`` writes beside the .po file: read in a few milliseconds, where parsing the .po takes
    Babel a tenth of a second at every start of a command."""
    if lang == "en":
        return {}
    folder = resource_path("locale", lang, "LC_MESSAGES")
    try:
        with open(folder / "inspector.mo", "rb") as fh:
            compiled = gettext.GNUTranslations(fh)
    except FileNotFoundError:
        return catalog_from_po(folder / "inspector.po", lang)
    # the messages as GNUTranslations holds them (its header is the empty msgid)
    messages: dict[object, str] = vars(compiled)["_catalog"]
    return {k: v for k, v in messages.items() if k and isinstance(k, str)}


def catalog_from_po(path: Path, lang: str) -> dict[str, str]:
    """The translations a .po file holds (its translated, settled entries)."""
    from babel.messages.pofile import read_po  # Babel loads slowly

    with open(path, "rb") as fh:
        catalog = read_po(fh, locale=lang)
    return {
        str(m.id): str(m.string)
        for m in catalog
        if m.id and m.string and not m.fuzzy and isinstance(m.id, str)
    }


def translate(msgid: str, lang: str | None = None) -> str:
    """Return ``msgid`` in ``lang`` (default: the current language); English if untranslated."""
    return _catalog(lang or current_language()).get(msgid, msgid)


class Text:
    """A translatable message with named parameters, rendered when shown.

    Parameters that are themselves :class:`Text` render in the same language as the message.
    """

    __slots__ = ("msgid", "params")

    def __init__(self, msgid: str, params: Mapping[str, Any] | None = None) -> None:
        self.msgid = msgid
        self.params = dict(params or {})

    def render(self, lang: str | None = None) -> str:
        """Return the message in ``lang`` (default: the current language)."""
        lang = lang or current_language()
        template = translate(self.msgid, lang)
        if not self.params:
            return template
        values = {k: v.render(lang) if isinstance(v, Text) else v for k, v in self.params.items()}
        return template.format(**values)

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"Text({self.msgid!r}, {self.params!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and (self.msgid, self.params) == (other.msgid, other.params)

    def __hash__(self) -> int:
        return hash(self.msgid)


def _(msgid: str, **params: Any) -> Text:
    """Mark ``msgid`` for translation; ``{name}`` placeholders are filled from ``params``."""
    return Text(msgid, params)

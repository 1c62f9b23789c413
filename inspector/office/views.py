# SPDX-License-Identifier: GPL-3.0-or-later
"""Saved views: a set of filters of the office's findings kept under a name, to open again, and
quoted as its line of text (``severity=3&area=B&q=…``) in a report request, where
``inspector findings --filter`` gives the same rows. Views stay in this workspace: they are a
supervisor's own, not records, and never travel."""

from __future__ import annotations

import json

from inspector.errors import NotFoundError
from inspector.i18n import _
from inspector.office import table
from inspector.office.facets import Filters
from inspector.store import validate as v
from inspector.store.workspace import Workspace

KEY = "office.views"


def views(ws: Workspace) -> dict[str, str]:
    """The saved views by name (in the order of their names): each one's line of text."""
    stored = json.loads(ws.setting(KEY) or "{}")
    return {name: stored[name] for name in sorted(stored, key=str.casefold)}


def save(ws: Workspace, name: str, filters: Filters) -> str:
    """Keep ``filters`` under ``name`` (replacing a view of that name); return the name as kept.

    Raises:
        ValidationError: no name, or one too long or with characters a name may not hold.
    """
    kept = v.required_text(name, _("Name of the view"), max_len=120)
    stored = views(ws)
    stored[kept] = table.text(filters)
    ws.set_setting(KEY, json.dumps(stored, ensure_ascii=False))
    return kept


def load(ws: Workspace, name: str) -> Filters:
    """The filters of the view ``name``.

    Raises:
        NotFoundError: no view of that name.
    """
    stored = views(ws)
    if name not in stored:
        raise NotFoundError(_("There is no saved view named {name}.", name=name))
    return table.parse(stored[name])


def delete(ws: Workspace, name: str) -> None:
    """Forget the view ``name`` (nothing happens if there is none)."""
    stored = views(ws)
    stored.pop(name, None)
    ws.set_setting(KEY, json.dumps(stored, ensure_ascii=False))

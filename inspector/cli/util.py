# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers the command line's commands share: output, passphrases, files in and out."""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

from inspector.errors import InspectorError, ValidationError, WorkspaceError
from inspector.i18n import _
from inspector.store import faults
from inspector.store.workspace import DB_NAME, Workspace

# Exit code of a command done in part: what was committed and what was not are each said.
PARTLY = 3

# Characters a terminal would obey rather than show: controls (but tab and new line) and the
# invisible format characters that reorder or hide text (bidi overrides, zero-width marks).
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def terminal_safe(text: str) -> str:
    """``text`` with every character a terminal would act on shown as its code (``<U+202E>``),
    so that what a package or a typist put in a record cannot rewrite the screen."""
    return _UNSAFE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def emit(args: argparse.Namespace, data: Any, text: str) -> None:
    """Print a command's result: JSON with ``--json``, else the text, made terminal-safe."""
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(terminal_safe(text))


def read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ValidationError(_("The file {path} cannot be read.", path=path)) from exc


def safe_out(ws: Workspace, out: Path) -> Path:
    """Refuse to write over the workspace's keys or signed minutes."""
    target = out.expanduser().resolve()
    for guarded in (ws.home / "keys", ws.home / "minutes", ws.home / DB_NAME):
        if target == guarded.resolve() or guarded.resolve() in target.parents:
            raise ValidationError(
                _("Choose another place: {path} belongs to the workspace.", path=str(out))
            )
    return out


def write_file(out: Path, data: bytes) -> None:
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise ValidationError(_("The file {path} cannot be written.", path=str(out))) from exc


def refusal(exc: OSError | sqlite3.Error, database: Path) -> InspectorError:
    """The one sentence for a failure no service put into words: the disk's or the database's
    problem when it is one (full, read-only, not permitted, damaged), else what could not be used.
    """
    if isinstance(exc, OSError):
        where = exc.filename or database.parent
        return faults.storage_error(exc, where) or InspectorError(
            _(
                "The file {path} could not be used: {problem}",
                path=str(where),
                problem=exc.strerror or str(exc),
            )
        )
    return faults.storage_error(exc, database) or WorkspaceError(
        _(
            "The workspace database {path} could not be used: {problem}",
            path=str(database),
            problem=str(exc),
        )
    )

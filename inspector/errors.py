# SPDX-License-Identifier: GPL-3.0-or-later
"""The project's errors. Each carries a translated sentence a user can act on.

Technical detail goes in the cause (``raise ... from exc``), never in the message.
"""

from __future__ import annotations

from inspector.i18n import Text


class InspectorError(Exception):
    """Root of every error the app shows to a user."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.msgid)
        self.text = text

    def message(self, lang: str | None = None) -> str:
        """Return the message in ``lang`` (default: the current language)."""
        return self.text.render(lang)

    def __str__(self) -> str:
        return self.message()


class ValidationError(InspectorError):
    """Input that cannot be accepted; nothing was changed."""

    def __init__(self, text: Text, field: str | None = None) -> None:
        super().__init__(text)
        self.field = field


class NotFoundError(InspectorError):
    """A record or file the caller named does not exist."""


class SchemaTooNewError(InspectorError):
    """The workspace was written by a newer version of the app."""


class WorkspaceError(InspectorError):
    """The workspace cannot be opened or written."""


class StorageError(WorkspaceError):
    """The disk or the database failed: full, read-only, not permitted, damaged, or an I/O error.

    ``kind`` says which (see :mod:`inspector.store.faults`); the message says it to the user.
    """

    def __init__(self, text: Text, kind: str) -> None:
        super().__init__(text)
        self.kind = kind


class PackageError(InspectorError):
    """A sync package is bad, damaged or untrusted."""


class PackageOrderError(PackageError):
    """A package builds on another not imported yet: it may be imported after that one."""


class SignatureError(InspectorError):
    """A signature is missing, invalid or untrusted."""


class Cancelled(InspectorError):
    """The user cancelled a long operation; nothing to show."""

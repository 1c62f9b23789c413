# SPDX-License-Identifier: GPL-3.0-or-later
"""Undo of the last edits: each edit is already saved when its command is pushed; undo and redo
save again through the same services, so they are logged changes like any other.

Only edits of values are undoable (texts, marks, answers, choices, dates). Creating and deleting
records are deliberate actions outside the stack: their ids would not survive a redo.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

log = logging.getLogger(__name__)


class EditCommand(QUndoCommand):
    """An edit already made: ``undo_fn`` reverts it, ``redo_fn`` makes it again.

    Consecutive commands with the same ``merge_key`` (typing bursts into one field) merge into one
    step. ``on_error`` shows a failure of undo or redo (a record deleted meanwhile, say).
    """

    def __init__(
        self,
        text: str,
        redo_fn: Callable[[], object],
        undo_fn: Callable[[], object],
        *,
        on_error: Callable[[BaseException], None],
        merge_key: str | None = None,
    ) -> None:
        super().__init__(text)
        self._redo = redo_fn
        self._undo = undo_fn
        self._on_error = on_error
        self.merge_key = merge_key
        self._first = True

    def id(self) -> int:
        return hash(self.merge_key) & 0x7FFFFFFF if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditCommand) or other.merge_key != self.merge_key:
            return False
        self._redo = other._redo  # keep the first undo, take the latest redo
        return True

    def redo(self) -> None:
        if self._first:  # the edit was made (and saved) before the command was pushed
            self._first = False
            return
        self._run(self._redo)

    def undo(self) -> None:
        self._run(self._undo)

    def _run(self, fn: Callable[[], object]) -> None:
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - a slot boundary: shown, never lost
            log.info("undo/redo refused: %s", exc)
            self._on_error(exc)

# SPDX-License-Identifier: GPL-3.0-or-later
"""The app's error box says what a fault of the disk or the database is (issue 10), even when it
reaches the box as the system's or SQLite's own error, not as one of the app's."""

from __future__ import annotations

import errno
import sqlite3

import pytest

import ui.errors
from inspector import i18n
from ui.errors import show_error as real_show_error  # the fixture replaces the module's name


@pytest.mark.parametrize(
    ("exc", "english"),
    [
        (sqlite3.OperationalError("database or disk is full"), "There is no room left on the disk"),
        (sqlite3.DatabaseError("database disk image is malformed"), "is damaged; keep a copy"),
        (
            OSError(errno.EROFS, "Read-only file system", "/media/usb/ws"),
            "/media/usb/ws is read-only",
        ),
        (
            OSError(errno.ENOSPC, "No space left on device", "/data/ảnh.jpg"),
            "to write /data/ảnh.jpg",
        ),
    ],
)
def test_the_error_box_names_the_fault(
    qapp, monkeypatch: pytest.MonkeyPatch, exc: BaseException, english: str
) -> None:
    boxes: list[str] = []
    monkeypatch.setattr(ui.errors, "_box", lambda _parent, message: boxes.append(message))
    i18n.set_language("en")
    real_show_error(None, exc)
    assert len(boxes) == 1 and english in boxes[0], boxes
    assert "Something went wrong" not in boxes[0]

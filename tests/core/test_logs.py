# SPDX-License-Identifier: GPL-3.0-or-later
"""The workspace's log: where it is, what it keeps (types, code, ids) and what it never keeps (the
values people typed), rotation, and a log that cannot be written stopping nothing."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest

from inspector import logs
from inspector.errors import ValidationError
from inspector.i18n import _

log = logging.getLogger("inspector.test")
TYPED = "Nguyễn Thị Yến"  # what a person typed (the source lines show only the name TYPED)


@pytest.fixture(autouse=True)
def _no_log_left() -> Iterator[None]:
    yield
    logs.close()


def _text(home: Path) -> str:
    return logs.log_path(home).read_text(encoding="utf-8")


def _fail_with(value: str) -> None:
    {"known": 1}[value]


def test_configure_writes_to_the_workspace_log(tmp_path: Path) -> None:
    path = logs.configure(tmp_path, program="cli list")
    assert path == tmp_path / "logs" / "inspector.log" == logs.current_log_file()
    log.info("trace %s recorded", "7f3c2a")
    text = _text(tmp_path)
    assert "cli list" in text and "started" in text
    assert "INFO inspector.test: trace 7f3c2a recorded" in text
    handler = next(h for h in logging.getLogger("inspector").handlers if h.get_name())
    assert isinstance(handler, RotatingFileHandler)
    assert (handler.maxBytes, handler.backupCount) == (1_000_000, 5)
    logging.getLogger("ui.main_window").warning("from the screens")
    logging.getLogger("pyhanko").warning("a certificate of Nguyễn Văn Hùng")
    text = _text(tmp_path)
    assert "from the screens" in text and "Nguyễn" not in text  # libraries do not write here


def test_one_workspace_at_a_time(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    logs.configure(tmp_path / "a", program="app")
    logs.configure(tmp_path / "b", program="app")
    log.info("second")
    assert "second" not in _text(tmp_path / "a") and "second" in _text(tmp_path / "b")
    assert len([h for h in logging.getLogger("inspector").handlers if h.get_name()]) == 1
    logs.close()
    assert logs.current_log_file() is None
    log.info("after")
    assert "after" not in _text(tmp_path / "b")


def test_a_traceback_keeps_the_code_and_leaves_out_the_values(tmp_path: Path) -> None:
    logs.configure(tmp_path, program="app")
    try:
        try:
            _fail_with(TYPED)
        except KeyError as exc:
            raise ValueError(f"invalid literal: {TYPED!r}") from exc
    except ValueError as exc:
        log.error("unexpected error", exc_info=exc)
    text = _text(tmp_path)
    assert "Nguyễn" not in text
    assert "KeyError" in text and "ValueError" in text and "direct cause" in text
    assert 'File "tests/core/test_logs.py", line' in text and "in _fail_with" in text
    assert str(Path.home()) not in text  # files relative to the source tree


def test_our_errors_are_logged_by_their_text_before_the_values(tmp_path: Path) -> None:
    logs.configure(tmp_path, program="app")
    error = ValidationError(_("{field}: “{value}” is not a date.", field="Due on", value="31/02"))
    log.info("refused: %s", error)
    text = _text(tmp_path)
    assert "ValidationError: {field}: “{value}” is not a date." in text
    assert "31/02" not in text


def test_messages_naming_only_code_are_kept() -> None:
    exc = TypeError("'QLineEdit' object is not callable")
    assert logs.safe_message(exc) == "TypeError: 'QLineEdit' object is not callable"
    assert logs.safe_message(KeyError("Trần Văn Trưởng")) == "KeyError"
    error = FileNotFoundError(2, "No such file or directory", "/home/hung/bien-ban.pdf")
    assert logs.safe_message(error) == "FileNotFoundError: [Errno 2] No such file or directory"


def test_the_log_rotates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 2_000)
    logs.configure(tmp_path, program="app")
    for n in range(400):
        log.info("step %d recorded", n)
    names = sorted(p.name for p in (tmp_path / "logs").iterdir())
    assert names == ["inspector.log", *(f"inspector.log.{n}" for n in range(1, 6))]
    assert all(p.stat().st_size <= 2_100 for p in (tmp_path / "logs").iterdir())


def test_a_log_that_cannot_be_written_stops_nothing(tmp_path: Path) -> None:
    (tmp_path / "logs").write_text("a file where the folder should be")
    assert logs.configure(tmp_path, program="app") is None
    assert logs.current_log_file() is None
    log.info("nothing breaks")

# SPDX-License-Identifier: GPL-3.0-or-later
"""The workspace's log: ``logs/inspector.log``, rotated at 1 MB, five old files kept.

The log is for finding faults, not a record of the check (that is the change log in the database).
It holds what happened and to which record id, and the tracebacks of unexpected errors: exception
types, our code's files, lines and functions. It never holds what people typed: exception messages
are left out (a ``KeyError`` or ``ValueError`` carries the value it choked on), except the texts of
our own errors before their values are filled in, and the messages of the few exception types that
name only code (see :data:`CODE_MESSAGES`). Exceptions passed as a log call's arguments are written
the same way.

Only the loggers of the app itself (:data:`LOGGERS`) write here; libraries' loggers do not (their
messages may carry names from certificates or files).
"""

from __future__ import annotations

import logging
import sqlite3
import sys
import traceback
from datetime import UTC, datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from inspector import __version__
from inspector.errors import InspectorError

LOG_DIR = "logs"
LOG_NAME = "inspector.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
LOGGERS = ("inspector", "ui")
# Exception types whose messages name code (types, attributes, modules, tables), never values.
CODE_MESSAGES: tuple[type[BaseException], ...] = (
    TypeError,
    AttributeError,
    NameError,
    ImportError,
    NotImplementedError,
    RecursionError,
    sqlite3.Error,
)
_MAX_CHAIN = 5
_SOURCE_ROOT = Path(__file__).resolve().parent.parent

log = logging.getLogger(__name__)


def log_path(home: Path) -> Path:
    """Return where the log of the workspace at ``home`` is written."""
    return home / LOG_DIR / LOG_NAME


def current_log_file() -> Path | None:
    """Return the log file records are written to now, or None if none is set up."""
    handler = _installed()
    return Path(handler.baseFilename) if handler is not None else None


def configure(home: Path, *, program: str) -> Path | None:
    """Write the app's log records to the log of the workspace at ``home``; return its path.

    Replaces the log set up before (one workspace at a time), and writes one line saying which
    program and version started. A log that cannot be written (a read-only folder, a full disk)
    stops nothing: the app works without it, and None is returned.

    Args:
        home: the workspace folder (it exists: call this after the workspace is open).
        program: what is running, for the first line ("app", "cli list").
    """
    close()
    path = log_path(home)
    try:
        path.parent.mkdir(exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(SafeFormatter())
    handler.setLevel(logging.INFO)
    handler.set_name(_HANDLER_NAME)
    for name in LOGGERS:
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        if logger.level == logging.NOTSET or logger.level > logging.INFO:
            logger.setLevel(logging.INFO)
    log.info("%s %s started (Python %s)", program, __version__, sys.version.split()[0])
    return path


def close() -> None:
    """Stop writing the log set up by :func:`configure` (nothing if none is)."""
    handler = _installed()
    if handler is None:
        return
    for name in LOGGERS:
        logging.getLogger(name).removeHandler(handler)
    handler.close()


def describe_exception(exc: BaseException) -> str:
    """Return a traceback of ``exc`` and its causes without the values it may carry.

    Each exception is its type (with its message where :func:`safe_message` keeps one) and its
    frames as ``file:line in function`` with the source line; files are shown relative to the
    source tree or to the library folder, never with the user's home folder.
    """
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen and len(parts) < _MAX_CHAIN:
        seen.add(id(current))
        parts.append(_describe_one(current))
        if current.__cause__ is not None:
            current = current.__cause__
            link = "The above was the direct cause of:"
        elif current.__context__ is not None and not current.__suppress_context__:
            current = current.__context__
            link = "The above happened while handling:"
        else:
            break
        parts.append(link)
    # Python prints the cause first; so do we.
    blocks = parts[::-1]
    return "\n".join(blocks)


def safe_message(exc: BaseException) -> str:
    """Return the exception's type, with its message only where it cannot hold a typed value."""
    name = _type_name(type(exc))
    if isinstance(exc, InspectorError):
        return f"{name}: {exc.text.msgid}"  # the text before its values are filled in
    if isinstance(exc, OSError):
        return f"{name}: [Errno {exc.errno}] {exc.strerror}" if exc.errno else name
    if isinstance(exc, CODE_MESSAGES) and exc.args:
        return f"{name}: {exc}"
    return name


class SafeFormatter(logging.Formatter):
    """Times in UTC, tracebacks by :func:`describe_exception`, exception arguments by type."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        return datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    def formatException(  # noqa: N802 - logging's name
        self,
        ei: tuple[type[BaseException], BaseException, TracebackType | None]
        | tuple[None, None, None],
    ) -> str:
        exc = ei[1]
        return describe_exception(exc) if exc is not None else ""

    def format(self, record: logging.LogRecord) -> str:
        # A copy: other handlers (a console, a test's capture) see the record unchanged, and a
        # traceback another formatter cached on it is not reused here.
        safe = logging.makeLogRecord(record.__dict__)
        safe.exc_text = None
        if isinstance(record.args, tuple):
            safe.args = tuple(
                safe_message(a) if isinstance(a, BaseException) else a for a in record.args
            )
        return super().format(safe)


_HANDLER_NAME = "inspector-workspace-log"


def _installed() -> RotatingFileHandler | None:
    for handler in logging.getLogger(LOGGERS[0]).handlers:
        if handler.get_name() == _HANDLER_NAME and isinstance(handler, RotatingFileHandler):
            return handler
    return None


def _describe_one(exc: BaseException) -> str:
    lines = ["Traceback (most recent call last):"]
    for frame in traceback.extract_tb(exc.__traceback__):
        lines.append(f'  File "{_short(frame.filename)}", line {frame.lineno}, in {frame.name}')
        if frame.line:
            lines.append(f"    {frame.line.strip()}")
    lines.append(safe_message(exc))
    return "\n".join(lines)


def _short(filename: str) -> str:
    """The file relative to our source tree, else to the folder on sys.path that holds it."""
    path = Path(filename)
    try:
        return path.resolve().relative_to(_SOURCE_ROOT).as_posix()
    except (ValueError, OSError):
        pass
    roots = sorted((Path(p) for p in sys.path if p), key=lambda p: len(p.parts), reverse=True)
    for root in roots:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            continue
    return path.name


def _type_name(kind: type[BaseException]) -> str:
    module = kind.__module__
    return (
        kind.__qualname__ if module in ("builtins", "__main__") else f"{module}.{kind.__qualname__}"
    )

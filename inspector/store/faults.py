# SPDX-License-Identifier: GPL-3.0-or-later
"""What failed when the disk or the database fails, said in one sentence.

A full disk, a read-only disk, a folder this user may not write, a damaged database and a disk
that reports an I/O error are different problems with different remedies. Each gets its own
sentence here, so that nobody replaces a healthy database because a message called it "not a
workspace database", and nobody blames a package for the workspace's own disk (issue 10).

Every path that writes goes through :func:`storage_error`: the workspace's transactions, the
evidence store, signed files, packages and receipts, the command line and the app's error box.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from inspector.errors import InspectorError, StorageError, ValidationError
from inspector.i18n import Text, _

if sys.platform != "win32":
    import resource

if TYPE_CHECKING:  # the workspace builds on this module
    from inspector.store.workspace import Workspace

FULL = "full"
READ_ONLY = "read-only"
DENIED = "denied"
DAMAGED = "damaged"
IO = "io"

# errno values: EFBIG is a file that reached the size this system (or the process) allows
_NO_ROOM = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
_DENIED = {errno.EACCES, errno.EPERM}

# SQLite's primary result codes (the low byte of an extended code)
_SQLITE_PERM = 3
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26

# What SQLite says when it gives no code (older Pythons, or a message passed on as text)
_SQLITE_WORDS = (
    ("database or disk is full", FULL),
    ("attempt to write a readonly database", READ_ONLY),
    ("database disk image is malformed", DAMAGED),
    ("file is not a database", DAMAGED),
    ("disk i/o error", IO),
)

# A size limit on files within this many bytes of a file's size is what stopped the write
_LIMIT_SLACK = 1 << 16


def classify(exc: BaseException, path: Path | str | None = None) -> str | None:
    """Return what failed (:data:`FULL`, :data:`READ_ONLY`, :data:`DENIED`, :data:`DAMAGED` or
    :data:`IO`), or None when ``exc`` is not a failure of the disk or the database.

    ``path``: the file being written (for an OSError, its own file name is used first); the
    filesystem around it is looked at to tell a read-only disk from a refused permission, and a
    full disk from a failing one. A busy or locked database is None: waiting is the remedy.
    """
    if isinstance(exc, OSError):
        where = exc.filename or path
        if exc.errno in _NO_ROOM:
            return FULL
        if exc.errno == errno.EROFS:
            return READ_ONLY
        if exc.errno in _DENIED:
            return READ_ONLY if _read_only_disk(where) else DENIED
        if exc.errno == errno.EIO:
            return _no_room(where) or IO
        return None
    if not isinstance(exc, sqlite3.Error):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    kind = _sqlite_kind(code & 0xFF) if isinstance(code, int) else None
    if kind is None and code is None:
        text = str(exc).lower()
        kind = next((k for words, k in _SQLITE_WORDS if words in text), None)
    if kind == READ_ONLY:  # SQLite cannot tell a read-only disk from a file it may not write
        return READ_ONLY if _read_only_disk(path) else DENIED
    if kind == "cantopen":
        if _read_only_disk(path):
            return READ_ONLY
        return DENIED if path is not None and not _may_write(Path(path)) else None
    if kind == IO:  # SQLite keeps the system's error to itself: look at the disk
        return _no_room(path) or (READ_ONLY if _read_only_disk(path) else IO)
    return kind


def _sqlite_kind(primary: int) -> str | None:
    return {
        _SQLITE_FULL: FULL,
        _SQLITE_READONLY: READ_ONLY,
        _SQLITE_PERM: DENIED,
        _SQLITE_CORRUPT: DAMAGED,
        _SQLITE_NOTADB: DAMAGED,
        _SQLITE_IOERR: IO,
        _SQLITE_CANTOPEN: "cantopen",
    }.get(primary)


def message(kind: str, path: Path | str | None = None) -> Text:
    """The sentence that says ``kind`` of failure to the user, naming ``path``."""
    where = str(path) if path else _("the workspace database")
    if kind == FULL:
        return _(
            "There is no room left on the disk to write {path} (the disk is full, or a file"
            " reached the largest size allowed); free some space, then try again.",
            path=where,
        )
    if kind == READ_ONLY:
        return _(
            "The disk holding {path} is read-only (a write-protected card or stick, a disc, or a"
            " read-only share); copy the workspace to a writable folder or remove the write"
            " protection, then try again.",
            path=where,
        )
    if kind == DENIED:
        return _(
            "This user is not allowed to write {path} (permission denied); ask for write access"
            " to it, or choose another folder.",
            path=where,
        )
    if kind == DAMAGED:
        return _(
            "The workspace database {path} is damaged; keep a copy of the whole workspace folder"
            " as it is, then restore the database from a backup or ask your office to recover"
            " it.",
            path=where,
        )
    return _(
        "The disk holding {path} reported a read or write error; check the disk (or the card or"
        " USB stick) and its connection, then try again.",
        path=where,
    )


def storage_error(exc: BaseException, path: Path | str | None = None) -> StorageError | None:
    """The :class:`StorageError` that says what failed, or None if ``exc`` is something else.

    ``path``: the file being written or the workspace database (an OSError names its own).
    """
    if isinstance(exc, StorageError):
        return exc
    kind = classify(exc, path)
    if kind is None:
        return None
    where = (exc.filename if isinstance(exc, OSError) else None) or path
    if kind == DAMAGED and isinstance(exc, sqlite3.Error) and path is not None:
        where = path  # the database, not a file an OSError named
    return StorageError(message(kind, where), kind)


def write_error(exc: OSError, path: Path | str) -> InspectorError:
    """What to say when writing ``path`` failed: the disk's problem, or that it cannot be written
    (a folder in the way, a name the system refuses)."""
    return storage_error(exc, path) or ValidationError(
        _("The file {path} cannot be written.", path=str(path))
    )


@contextmanager
def storage_errors(path: Path | str | None) -> Iterator[None]:
    """Turn a failure of the disk or the database inside the block into a :class:`StorageError`;
    anything else (a constraint, a busy database) goes through as it is."""
    try:
        yield
    except sqlite3.Error as exc:
        fault = storage_error(exc, path)
        if fault is None:
            raise
        raise fault from exc


def quick_check(path: Path | str) -> list[str]:
    """The problems ``PRAGMA quick_check`` finds in the database at ``path`` (empty: sound).

    Opens its own read-only connection; a file SQLite cannot read at all is one problem.
    """
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA quick_check")]
    except sqlite3.Error as exc:
        return [str(exc)]
    finally:
        conn.close()
    return [] if rows == ["ok"] else rows


def writable_folder(folder: Path) -> None:
    """Refuse, in one sentence, a folder no file can be written into (checked by making one).

    Raises:
        ValidationError: ``folder`` is a file, or cannot be made.
        StorageError: the disk is full or read-only, or this user may not write there.
    """
    if folder.exists() and not folder.is_dir():
        raise ValidationError(
            _("{path} is a file, not a folder: choose a folder.", path=str(folder))
        )
    probe = folder / f".inspector-probe-{os.getpid()}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(probe, "wb") as fh:
            fh.write(b"\0" * 4096)  # a receipt's worth: a full disk refuses it
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        raise write_error(exc, folder) from exc
    finally:
        probe.unlink(missing_ok=True)


class FileUndo:
    """Files put in place during a transaction, taken back unless it commits.

    :meth:`save` is called before a file is put in place by a rename (as every signed file is:
    :func:`inspector.atomic.write_atomic`): a file that was not there is removed on
    :meth:`undo`, one that was is put back as it was (kept meanwhile as a hard link to the old
    content, which needs no room on a full disk; as bytes where the disk has no links).
    """

    def __init__(self) -> None:
        self._saved: list[tuple[Path, Path | None, bytes | None]] = []

    def save(self, path: Path) -> None:
        """Note ``path`` as it is now, before it is written."""
        if any(p == path for p, _link, _data in self._saved):
            return
        if not path.exists():
            self._saved.append((path, None, None))
            return
        link = path.with_name(f".{path.name}.before")
        try:
            link.unlink(missing_ok=True)
            os.link(path, link)
            self._saved.append((path, link, None))
        except OSError:
            self._saved.append((path, None, path.read_bytes()))

    def undo(self) -> None:
        """Put every saved file back as it was (best effort: the first failure is not the last
        word, each file is tried)."""
        for path, link, data in reversed(self._saved):
            try:
                if link is not None:
                    os.replace(link, path)
                elif data is not None:
                    path.write_bytes(data)
                else:
                    path.unlink(missing_ok=True)
            except OSError:
                continue
        self._saved.clear()

    def done(self) -> None:
        """The transaction committed: drop what was kept to undo it."""
        for _path, link, _data in self._saved:
            if link is not None:
                link.unlink(missing_ok=True)
        self._saved.clear()


@contextmanager
def undone_on_failure() -> Iterator[FileUndo]:
    """A :class:`FileUndo` for the block: undone if the block fails, else done."""
    undo = FileUndo()
    try:
        yield undo
    except BaseException:
        undo.undo()
        raise
    undo.done()


# The workspace's own files, which a unit of work never adds: the database and the log.
_NOT_WORK = ("inspector.sqlite3", "logs")


@contextmanager
def all_or_nothing(ws: Workspace) -> Iterator[None]:
    """Run a unit of work (the demo) in one transaction that takes its files with it: if it fails,
    the database is rolled back and every file and folder it added to the workspace is removed
    (a stored evidence file only if no record refers to it: another window may have added it).
    """
    before = _contents(ws.home)
    try:
        with ws.write_transaction():
            yield
    except BaseException:
        _remove_added(ws, before)
        raise


def _contents(home: Path) -> set[Path]:
    found: set[Path] = set()
    for top in home.iterdir():
        if top.name.startswith(_NOT_WORK):
            continue
        found.add(top)
        if top.is_dir():
            for folder, dirs, files in os.walk(top):
                found.update(Path(folder) / n for n in [*dirs, *files])
    return found


def _remove_added(ws: Workspace, before: set[Path]) -> None:
    try:
        referenced = {
            str(r[0])
            for r in ws.db.execute(
                "SELECT sha256 FROM evidence UNION SELECT pdf_sha256 FROM minutes"
            )
        }
    except sqlite3.Error:  # a damaged database: keep what may be referenced
        return
    added = sorted(_contents(ws.home) - before, key=lambda p: len(p.parts), reverse=True)
    for path in added:
        try:
            if path.is_dir():
                if not any(path.iterdir()):
                    path.rmdir()
            elif not (path.is_relative_to(ws.evidence_dir) and path.name in referenced):
                path.unlink()
        except OSError:
            continue


def _existing(path: Path | str | None) -> Path | None:
    """``path`` or its nearest folder that exists."""
    if path is None:
        return None
    current = Path(path)
    for candidate in (current, *current.parents):
        if candidate.exists():
            return candidate
    return None


def _read_only_disk(path: Path | str | None) -> bool:
    """Whether ``path`` is on a filesystem mounted read-only (POSIX; elsewhere: not known)."""
    place = _existing(path)
    if place is None or not hasattr(os, "statvfs"):
        return False
    try:
        return bool(os.statvfs(place).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _may_write(path: Path) -> bool:
    """Whether this user may write ``path`` (or create it, in its folder)."""
    place = _existing(path)
    return place is not None and os.access(place, os.W_OK)


def _no_room(path: Path | str | None) -> str | None:
    """:data:`FULL` when the disk holding ``path`` has no room, or a file by it reached the size
    this process may write (``RLIMIT_FSIZE``); SQLite reports both as an I/O error."""
    place = _existing(path)
    if place is None:
        return None
    folder = place if place.is_dir() else place.parent
    try:
        if shutil.disk_usage(folder).free < (1 << 20):
            return FULL
    except OSError:
        return None
    if sys.platform == "win32":
        return None
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    if limit == resource.RLIM_INFINITY:
        return None
    names = [place] if place.is_file() else []
    names += [place.with_name(place.name + s) for s in ("-wal", "-journal")] if names else []
    for name in names:
        try:
            if name.stat().st_size + _LIMIT_SLACK >= limit:
                return FULL
        except OSError:
            continue
    return None

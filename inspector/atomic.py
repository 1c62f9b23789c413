# SPDX-License-Identifier: GPL-3.0-or-later
"""Files written whole or not at all: every file the app writes goes through here.

A file is written under a temporary name in the folder it will live in, flushed and synced to
disk, renamed over its final name (``os.replace``, atomic on one file system), and then the folder
itself is synced so the rename survives a power cut. A failure at any step leaves the old file as
it was and no temporary file behind. Temporary files are made private (mode 0o600, as
:func:`tempfile.mkstemp` makes them), so keys and the people's data never show to other users.

Imports nothing of the app: the lowest layers (the evidence store, packages, keys) use it.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

# A folder's own sync is refused by some file systems (network shares, FUSE): the rename is done,
# only its durability cannot be asked for, so the write stands.
_FOLDER_SYNC_UNSUPPORTED = {errno.EINVAL, errno.ENOTSUP, errno.EBADF}


def sync_folder(folder: Path) -> None:
    """Make the renames done in ``folder`` durable (POSIX); skipped where folders cannot be
    opened for it (Windows, where a rename is durable once the file is)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        if exc.errno in _FOLDER_SYNC_UNSUPPORTED:
            return
        raise
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in _FOLDER_SYNC_UNSUPPORTED:
            raise
    finally:
        os.close(fd)


class AtomicFile:
    """A file being written under a temporary name in ``folder``, put in place by :meth:`commit`.

    Use it where the final name is known only once the content is (a file named by its digest),
    or the writing spans several calls (a package); else use :func:`replacing` or
    :func:`write_atomic`. As a context manager it discards the file on an error, and on a clean
    exit if nothing committed it.
    """

    def __init__(self, folder: Path, *, prefix: str = ".tmp-", suffix: str = "") -> None:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)
        self.path = Path(name)
        try:
            self.file: BinaryIO = os.fdopen(fd, "w+b")
        except BaseException:
            os.close(fd)
            self.path.unlink(missing_ok=True)
            raise
        self.done = False

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self.done:
            self.discard()

    def _flush(self) -> None:
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()

    def commit(self, target: Path, *, sync: bool = True) -> None:
        """Flush and sync the file, rename it over ``target`` and sync ``target``'s folder
        (``sync=False`` leaves that to the caller, who renames many files into one folder and
        syncs it once with :func:`sync_folder`). On a failure the file is discarded."""
        try:
            self._flush()
            os.replace(self.path, target)
        except BaseException:
            self.discard()
            raise
        self.done = True
        if sync:
            sync_folder(target.parent)

    def commit_new(self, target: Path) -> None:
        """Like :meth:`commit` for a file that must not exist yet: it is linked to ``target``,
        which fails (FileExistsError) if another process made it meanwhile; nothing is ever
        overwritten."""
        try:
            self._flush()
            os.link(self.path, target)
        finally:
            self.discard()
        sync_folder(target.parent)

    def discard(self) -> None:
        """Throw the unfinished file away."""
        self.done = True
        try:
            self.file.close()
        finally:
            self.path.unlink(missing_ok=True)


@contextmanager
def replacing(path: Path, *, prefix: str = ".tmp-", suffix: str = "") -> Iterator[BinaryIO]:
    """Write ``path`` through the file this yields: it replaces ``path`` when the block ends,
    and is thrown away if the block raises (``path`` then stays as it was)."""
    with AtomicFile(path.parent, prefix=prefix, suffix=suffix) as pending:
        yield pending.file
        pending.commit(path)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (a crash leaves the old file)."""
    with replacing(path) as fh:
        fh.write(data)


def write_new(path: Path, data: bytes) -> None:
    """Write a file that must not exist yet, whole or not at all (FileExistsError if it does)."""
    with AtomicFile(path.parent) as pending:
        pending.file.write(data)
        pending.commit_new(path)

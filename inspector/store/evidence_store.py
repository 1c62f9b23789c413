# SPDX-License-Identifier: GPL-3.0-or-later
"""The content-addressed evidence store: files kept by the SHA-256 of their content.

A stored file is never modified and never duplicated: its name is its digest
(``evidence/<first two hex digits>/<digest>``), and storing the same content twice stores it once.
Files are copied to a temporary name, flushed to disk, then renamed, so a crash never leaves a
partial file under a digest name.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from inspector import atomic
from inspector.errors import Cancelled, ValidationError
from inspector.i18n import _
from inspector.store import faults

CHUNK = 1 << 20
MAX_EVIDENCE_BYTES = 2 << 30  # 2 GiB: larger files are refused, not truncated


def path_for(store: Path, digest: str) -> Path:
    """Return where the file with SHA-256 ``digest`` lives in the store."""
    return store / digest[:2] / digest


def store_file(
    store: Path,
    source: Path | str,
    *,
    on_progress: Callable[[int, int], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> tuple[str, int]:
    """Copy ``source`` into the store; return its SHA-256 hex digest and size.

    Call from a worker for large files. Raises ValidationError if the file is missing, unreadable
    or too large, StorageError if the store cannot be written (a full or read-only disk: not the
    file's fault), and Cancelled if ``is_cancelled`` turns true (nothing is then left behind).
    """
    source = Path(source)
    if not source.is_file():
        raise ValidationError(
            _("The evidence file {path} does not exist or is not a file.", path=str(source)),
            field="file",
        )
    try:
        size = source.stat().st_size
        src = open(source, "rb")  # noqa: SIM115 - closed in the finally below
    except OSError as exc:
        raise ValidationError(
            _("The evidence file {path} cannot be read.", path=str(source)), field="file"
        ) from exc
    if size > MAX_EVIDENCE_BYTES:
        src.close()
        raise ValidationError(
            _("The evidence file {path} is larger than 2 GB.", path=str(source)), field="file"
        )
    try:
        pending = atomic.AtomicFile(store, prefix=".incoming-")
    except OSError as exc:
        src.close()
        raise faults.write_error(exc, store) from exc
    digest = hashlib.sha256()
    done = 0
    try:
        with pending:
            while chunk := _read_chunk(src, source):
                if is_cancelled is not None and is_cancelled():
                    raise Cancelled(_("Cancelled."))
                digest.update(chunk)
                pending.file.write(chunk)
                done += len(chunk)
                if on_progress is not None:
                    on_progress(done, size)
            hex_digest = digest.hexdigest()
            final = path_for(store, hex_digest)
            if not final.exists():  # else the same content is stored already: the copy goes
                final.parent.mkdir(exist_ok=True)
                pending.commit(final)
        return hex_digest, done
    except OSError as exc:  # writing the store: the source was read (issue 10)
        raise faults.write_error(exc, store) from exc
    finally:
        src.close()


def _read_chunk(src: BinaryIO, source: Path) -> bytes:
    """The next chunk of the file being stored; a failure is the file's, not the store's."""
    try:
        return src.read(CHUNK)
    except OSError as exc:
        raise ValidationError(
            _("The evidence file {path} cannot be read.", path=str(source)), field="file"
        ) from exc


def file_digest(path: Path) -> str:
    """Return the SHA-256 hex digest of a file's content."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def stored_files(store: Path) -> Iterator[Path]:
    """Yield every file under a digest name in the store."""
    for sub in sorted(store.glob("??")):
        for path in sorted(sub.iterdir()):
            if path.is_file():
                yield path


def verify_store(store: Path) -> list[Path]:
    """Return the stored files whose content no longer matches their digest name."""
    return [p for p in stored_files(store) if file_digest(p) != p.name]

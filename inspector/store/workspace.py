# SPDX-License-Identifier: GPL-3.0-or-later
"""The workspace: one folder holding the database, the evidence store, keys and minutes.

The folder is ``--home DIR``, else ``$INSPECTOR_HOME``, else the user's data folder (platformdirs).
"""

from __future__ import annotations

import getpass
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import platformdirs
from sqlite_utils import Database

from inspector import workdays
from inspector.errors import WorkspaceError
from inspector.i18n import _
from inspector.store import db as dbmod
from inspector.store import faults
from inspector.store.records import Actor, new_id

DB_NAME = "inspector.sqlite3"
DRAFTS_NAME = "drafts.sqlite3"  # text being typed (see inspector.fieldwork.drafts)
HOME_ENV = "INSPECTOR_HOME"

# SQLite's primary result codes of a write lock another connection holds
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6


class WorkspaceBusyError(WorkspaceError):
    """Another connection (an import) held the workspace database's write lock longer than the
    caller would wait; nothing of the block was written, and trying again later will do."""


def busy_error() -> WorkspaceBusyError:
    """The error that says the workspace is busy: an import holds its database's write lock."""
    return WorkspaceBusyError(
        _("The workspace is busy importing a package; try again in a moment.")
    )


def is_busy(exc: BaseException) -> bool:
    """Whether ``exc`` says that another connection holds the database's lock (waiting is the
    remedy)."""
    if isinstance(exc, WorkspaceBusyError):
        return True
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED)
    text = str(exc).lower()
    return "database is locked" in text or "database is busy" in text or "table is locked" in text


def default_home() -> Path:
    """Return the workspace folder used when none is named."""
    return platformdirs.user_data_path("Inspector", appauthor=False)


def resolve_home(home: str | Path | None = None) -> Path:
    """Return the workspace folder: ``home`` if given, else ``$INSPECTOR_HOME``, else the default."""
    if home:
        return Path(home).expanduser()
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    return default_home()


class Workspace:
    """An open workspace. Not thread-safe: open one per thread (SQLite connections are per thread)."""

    def __init__(self, home: Path, db: Database, actor: Actor) -> None:
        self.home = home
        self.db = db
        self.actor = actor
        self._drafts: Database | None = None  # opened on first use (see drafts_db)

    @classmethod
    def open(cls, home: str | Path | None = None) -> Workspace:
        """Open the workspace at ``home`` (see :func:`resolve_home`), creating it if needed.

        Raises:
            SchemaTooNewError: the database was written by a newer app; nothing was changed.
            WorkspaceError: the folder cannot be created or the database cannot be opened.
        """
        path = resolve_home(home)
        try:
            new = not path.exists()
            path.mkdir(mode=0o700, parents=True, exist_ok=True)
            if new:  # the people and findings of a check are for its user alone
                path.chmod(0o700)
            for sub in ("evidence", "keys", "minutes"):
                (path / sub).mkdir(mode=0o700, exist_ok=True)
            database_file = path / DB_NAME
            if not database_file.exists():
                database_file.touch(mode=0o600)  # SQLite gives its journal files the same mode
        except OSError as exc:  # a full or read-only disk says so (issue 10)
            raise faults.storage_error(exc, path) or WorkspaceError(
                _("The workspace folder {path} cannot be created.", path=str(path))
            ) from exc
        database = dbmod.open_database(path / DB_NAME)
        workspace: Workspace | None = None
        try:
            with faults.storage_errors(path / DB_NAME):
                device_id = _setting(database, "device_id")
                if device_id is None:
                    device_id = new_id()
                    with database.atomic():
                        _set_setting(database, "device_id", device_id)
                user = _setting(database, "user_name") or _certificate_name(path) or _login_name()
            workspace = cls(path, database, Actor(user=user, device_id=device_id))
            _move_old_drafts(workspace)
        except BaseException:
            if workspace is not None:  # closes the drafts database too
                workspace.close()
            else:
                database.close()
            raise
        return workspace

    @property
    def db_path(self) -> Path:
        """Path of the workspace database."""
        return self.home / DB_NAME

    @property
    def drafts_path(self) -> Path:
        """Path of the drafts database: text being typed, kept apart from the workspace database."""
        return self.home / DRAFTS_NAME

    @property
    def drafts_db(self) -> Database:
        """The drafts database (see :func:`inspector.store.db.open_drafts`), opened on first use on
        this workspace's thread, with a connection of its own: an import holding the workspace
        database's write lock never delays a draft."""
        if self._drafts is None:
            self._drafts = dbmod.open_drafts(self.drafts_path)
        return self._drafts

    @contextmanager
    def drafts_transaction(self) -> Iterator[Database]:
        """Run a block in one durable transaction of the drafts database.

        A full or read-only disk, or a damaged file, raises :class:`StorageError`.
        """
        with faults.storage_errors(self.drafts_path), self.drafts_db.atomic() as database:
            yield database

    @contextmanager
    def waiting_at_most(self, seconds: float) -> Iterator[None]:
        """Let the block wait at most ``seconds`` for the workspace database's write lock, which
        another connection (an import) may hold for seconds, instead of the usual 10 s.

        For a write on the UI thread that can be tried again: wrap it in its own transaction
        (:meth:`write_transaction` takes the lock at once).

        Raises:
            WorkspaceBusyError: the lock was still held; nothing of the block's transaction was
                written.
        """
        conn = self.db.conn
        usual = conn.execute("PRAGMA busy_timeout").fetchone()[0]
        conn.execute(f"PRAGMA busy_timeout = {max(0, round(seconds * 1000))}")
        try:
            yield
        except sqlite3.OperationalError as exc:
            if not is_busy(exc):
                raise
            raise busy_error() from exc
        finally:
            conn.execute(f"PRAGMA busy_timeout = {int(usual)}")

    @property
    def calendar(self) -> workdays.WorkCalendar:
        """The calendar this workspace counts working days with (see
        :func:`inspector.workdays.calendar_of`)."""
        return workdays.calendar_of(self.home)

    @property
    def evidence_dir(self) -> Path:
        """Folder of the content-addressed evidence store."""
        return self.home / "evidence"

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """Run a block in one durable transaction (nested blocks become savepoints).

        A full or read-only disk, or a damaged database, raises :class:`StorageError`.
        """
        with faults.storage_errors(self.db_path), self.db.atomic() as database:
            yield database

    @contextmanager
    def write_transaction(self) -> Iterator[Database]:
        """One transaction that takes the write lock at once (``BEGIN IMMEDIATE``), for long work
        that reads before it writes (an import) while another connection may write meanwhile.

        Inside a larger unit of work (:func:`inspector.store.faults.all_or_nothing`) it is a savepoint
        of that one. A full or read-only disk, or a damaged database, raises
        :class:`StorageError`.
        """
        if self.db.conn.in_transaction:
            with self.transaction() as database:
                yield database
            return
        with faults.storage_errors(self.db_path):
            self.db.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
                self.db.conn.execute("COMMIT")  # deferred foreign keys are checked here
            except BaseException:
                if self.db.conn.in_transaction:  # a failed COMMIT leaves it open
                    self.db.conn.execute("ROLLBACK")
                raise

    def setting(self, key: str) -> str | None:
        """Return a workspace setting, or None."""
        return _setting(self.db, key)

    def set_setting(self, key: str, value: str | None) -> None:
        """Store a workspace setting (not synced)."""
        with self.transaction():
            _set_setting(self.db, key, value)

    def close(self) -> None:
        """Close the database connections."""
        if self._drafts is not None:
            self._drafts.close()
            self._drafts = None
        self.db.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _certificate_name(home: Path) -> str | None:
    """The name on this workspace's certificate, if it has one: what its changes are signed as."""
    try:
        pem = (home / "keys" / "certificate.pem").read_bytes()
    except OSError:
        return None
    # Imported here: most workspaces open without reading a certificate, and cryptography takes
    # longer to load than a command that lists checks takes to run.
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    try:
        cert = x509.load_pem_x509_certificates(pem)[0]
        names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    except (ValueError, IndexError):
        return None
    return str(names[0].value) if names else None


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "inspector"


def _setting(database: Database, key: str) -> str | None:
    row = database.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return None if row is None else row[0]


def _set_setting(database: Database, key: str, value: str | None) -> None:
    database.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )


def _move_old_drafts(ws: Workspace) -> None:
    """Move the drafts an older version of the app kept in the workspace database into the drafts
    database, so that none is lost on upgrade.

    The workspace database's write lock is held throughout: its drafts are copied (the later of
    two drafts of a field wins), then deleted. A crash between the two leaves them in both, and
    the next open copies them again before anything else reads them.
    """
    if ws.db.execute("SELECT 1 FROM drafts LIMIT 1").fetchone() is None:
        return
    with ws.write_transaction() as database:
        rows = database.execute(
            "SELECT table_name, record_id, field, value, typed_at FROM drafts"
        ).fetchall()
        with ws.drafts_transaction() as drafts:
            drafts.conn.executemany(
                "INSERT INTO drafts (table_name, record_id, field, value, typed_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (table_name, record_id, field)"
                " DO UPDATE SET value = excluded.value, typed_at = excluded.typed_at"
                " WHERE excluded.typed_at > drafts.typed_at",
                rows,
            )
        database.conn.executemany(
            "DELETE FROM drafts WHERE table_name = ? AND record_id = ? AND field = ?",
            [row[:3] for row in rows],
        )

# SPDX-License-Identifier: GPL-3.0-or-later
"""The workspace: one folder holding the database, the evidence store, keys and minutes.

The folder is ``--home DIR``, else ``$INSPECTOR_HOME``, else the user's data folder (platformdirs).
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import platformdirs
from cryptography import x509
from cryptography.x509.oid import NameOID
from sqlite_utils import Database

from inspector import workdays
from inspector.errors import WorkspaceError
from inspector.i18n import _
from inspector.store import db as dbmod
from inspector.store import faults
from inspector.store.records import Actor, new_id

DB_NAME = "inspector.sqlite3"
HOME_ENV = "INSPECTOR_HOME"


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
        try:
            with faults.storage_errors(path / DB_NAME):
                device_id = _setting(database, "device_id")
                if device_id is None:
                    device_id = new_id()
                    with database.atomic():
                        _set_setting(database, "device_id", device_id)
                user = _setting(database, "user_name") or _certificate_name(path) or _login_name()
            workspace = cls(path, database, Actor(user=user, device_id=device_id))
        except BaseException:
            database.close()
            raise
        return workspace

    @property
    def db_path(self) -> Path:
        """Path of the workspace database."""
        return self.home / DB_NAME

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
        """Close the database connection."""
        self.db.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _certificate_name(home: Path) -> str | None:
    """The name on this workspace's certificate, if it has one: what its changes are signed as."""
    try:
        cert = x509.load_pem_x509_certificates((home / "keys" / "certificate.pem").read_bytes())[0]
        names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    except (OSError, ValueError, IndexError):
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

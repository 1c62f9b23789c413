# SPDX-License-Identifier: GPL-3.0-or-later
"""Faults say what they are (issue 10): a full disk, a read-only disk, a refused permission, a
damaged database and an unwritable receipt folder each end a command with one true sentence and
the exit code the contract gives, leave nothing half done, and leave the workspace sound.

The faults are real where a test can make them without root: a file size limit
(``RLIMIT_FSIZE``) for a full disk, a read-only bind mount and an unprivileged user made with a
user namespace (``unshare``, so that it also holds when the tests run as root, whom file modes do
not stop), bytes overwritten in the database. Only where no process can stop at the moment
wanted (between a file put in place and its record) is a write made to fail in-process.
"""

from __future__ import annotations

import errno
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from inspector.cli import main as cli
from inspector.cli.util import PARTLY
from inspector.errors import StorageError
from inspector.fieldwork import evidence, units
from inspector.store import evidence_store, faults
from inspector.store.workspace import DB_NAME, Workspace
from inspector.sync import packages
from inspector.trust import identity
from tests.cli_run import Ran
from tests.cli_run import inspector as in_process
from tests.conftest import new_small_check
from tests.sync_world import PASSPHRASE, World

ROOT = Path(__file__).resolve().parents[2]
FULL_TEXT = "There is no room left on the disk"
READ_ONLY_TEXT = "is read-only"
DENIED_TEXT = "(permission denied)"
DAMAGED_TEXT = "is damaged; keep a copy of the whole workspace folder"


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("INSPECTOR_")}


def inspector(
    *args: str, limit: int | None = None, wrap: list[str] | None = None
) -> Ran | subprocess.CompletedProcess[str]:
    """Run the real ``inspector`` command, in English; ``limit``: the largest file it may write
    (bytes; a write past it fails as on a full disk); ``wrap``: a command to run it under. With
    either, the command is a process of its own; without, it runs in this one."""
    if limit is None and not wrap:
        return in_process("--lang", "en", *args)

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failing write, not a killed process
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    command = [sys.executable, "-m", "ui", "--lang", "en", *args]
    return subprocess.run(
        [*(wrap or []), *command],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=_env(),
        timeout=300,
        preexec_fn=limited,
    )


def one_sentence(result: Ran | subprocess.CompletedProcess[str], code: int, text: str) -> str:
    """The command ended with ``code`` and one line on stderr holding ``text``, no traceback."""
    lines = result.stderr.strip().splitlines()
    assert result.returncode == code, result.stderr
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert text in lines[0], lines[0]
    return lines[0]


def sound(home: Path) -> None:
    """``PRAGMA integrity_check`` finds nothing wrong with the workspace's database."""
    with sqlite3.connect(home / DB_NAME) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert faults.quick_check(home / DB_NAME) == []


def count(home: Path, sql: str) -> int:
    with sqlite3.connect(home / DB_NAME) as db:
        return int(db.execute(sql).fetchone()[0])


def unreferenced_files(home: Path) -> list[str]:
    """Files in the evidence store no record refers to: what a half-done write leaves."""
    with sqlite3.connect(home / DB_NAME) as db:
        wanted = {
            r[0]
            for r in db.execute("SELECT sha256 FROM evidence UNION SELECT pdf_sha256 FROM minutes")
        }
    return [p.name for p in (home / "evidence").rglob("*") if p.is_file() and p.name not in wanted]


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


def _namespace(*unshare: str) -> list[str] | None:
    """The ``unshare`` command with these options if this system lets a user make namespaces."""
    if shutil.which("unshare") is None:
        return None
    probe = subprocess.run(["unshare", *unshare, "true"], capture_output=True, timeout=30)
    return ["unshare", *unshare] if probe.returncode == 0 else None


# --- a full disk --------------------------------------------------------------------------------


def test_the_demo_on_a_full_disk_records_nothing_and_says_the_disk_is_full(tmp_path: Path) -> None:
    home = tmp_path / "ws"
    assert inspector("--home", str(home), "list").returncode == 0
    start = (home / DB_NAME).stat().st_size
    for room in (100_000, 300_000):  # the demo needs far more than either
        result = inspector("--home", str(home), "demo", limit=start + room)
        line = one_sentence(result, 1, FULL_TEXT)
        assert "not an Inspector workspace database" not in line
        assert count(home, "SELECT count(*) FROM inspections") == 0  # no half-built check
        assert count(home, "SELECT count(*) FROM changes WHERE table_name = 'inspections'") == 0
        assert files_in(home / "minutes") == [] and files_in(home / "keys") == []
        assert not (home / "outbox").exists() and unreferenced_files(home) == []
        sound(home)
    made = inspector("--home", str(home), "demo")  # with room, the same command makes it whole
    assert made.returncode == 0, made.stderr
    assert count(home, "SELECT count(*) FROM inspections") == 1
    sound(home)


def test_a_new_workspace_on_a_full_disk_is_not_called_a_wrong_file(tmp_path: Path) -> None:
    home = tmp_path / "ws"
    line = one_sentence(inspector("--home", str(home), "list", limit=20_000), 1, FULL_TEXT)
    assert "not an Inspector workspace database" not in line and str(home / DB_NAME) in line
    made = inspector("--home", str(home), "list")  # with room, the same folder opens
    assert made.returncode == 0 and made.stdout.strip() == "No inspections yet.", made.stderr
    sound(home)


@contextmanager
def file_size_limit(limit: int) -> Iterator[None]:
    """Writes past ``limit`` bytes fail in this process (EFBIG, as a full disk fails them)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def test_a_photo_on_a_full_disk_is_not_called_unreadable(tmp_path: Path) -> None:
    """The photo was read; it is the store that has no room (it said "cannot be read")."""
    home = tmp_path / "ws"
    inspection_id = new_small_check(home)
    photo = tmp_path / "ảnh hiện trường.jpg"
    photo.write_bytes(os.urandom(300_000))
    with Workspace.open(home) as ws:
        with file_size_limit(100_000), pytest.raises(StorageError) as caught:
            evidence.attach_evidence(ws, inspection_id, photo, kind="PHOTO", caption="Bàn tiếp dân")
        assert ws.db.execute("SELECT count(*) FROM evidence").fetchone()[0] == 0
    assert caught.value.kind == faults.FULL
    assert FULL_TEXT in caught.value.message("en") and "cannot be read" not in str(caught.value)
    assert files_in(home / "evidence") == []  # no partial copy
    sound(home)


def test_signing_when_the_disk_fills_leaves_no_signed_file_without_its_record(
    world: World, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The signed PDF is put in place, then its copy in the store finds the disk full: the
    command says so, and the PDF goes with the record that was not made."""
    home = world.a.home
    pass_file = world.root / "pass.txt"
    pass_file.write_text(PASSPHRASE, encoding="utf-8")
    real_store = evidence_store.store_file

    def full(store: Path, source: Path, **kwargs: object) -> tuple[str, int]:
        if source.suffix == ".pdf":
            raise StorageError(faults.message(faults.FULL, store), faults.FULL) from OSError(
                errno.ENOSPC, "No space left on device", str(store)
            )
        return real_store(store, source, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(evidence_store, "store_file", full)
    args = ["--home", str(home), "--lang", "en", "sign", world.inspection_id]
    code = cli.main([*args, "--number", "03/BB-ĐKT", "--passphrase-file", str(pass_file)])
    error = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and len(error) == 1 and FULL_TEXT in error[0], error
    assert files_in(home / "minutes") == [] and unreferenced_files(home) == []
    status = world.a.db.execute(
        "SELECT status FROM inspections WHERE id = ?", [world.inspection_id]
    ).fetchone()[0]
    assert status != "SIGNED"
    sound(home)
    monkeypatch.setattr(evidence_store, "store_file", real_store)
    assert cli.main([*args, "--number", "03/BB-ĐKT", "--passphrase-file", str(pass_file)]) == 0
    assert files_in(home / "minutes") == [f"{world.inspection_id}.pdf"]


def test_signing_on_a_really_full_store_leaves_no_signed_file(world: World, tmp_path: Path) -> None:
    """The same, on a real full disk: the evidence store is a small filesystem of its own
    (a tmpfs in a user namespace), with room for what it holds and not for the signed copy."""
    wrap = _namespace("--user", "--map-root-user", "--mount")
    if wrap is None:
        pytest.skip("this system does not let a user make a mount namespace (unshare)")
    home = world.a.home
    world.close()
    pass_file = tmp_path / "pass.txt"
    pass_file.write_text(PASSPHRASE, encoding="utf-8")
    held = tmp_path / "held"
    shutil.copytree(home / "evidence", held)
    room = sum(p.stat().st_size for p in held.rglob("*") if p.is_file()) + (1 << 20)
    store = home / "evidence"
    mount = (
        f"mount -t tmpfs -o size={room} tmpfs {store} && cp -a {held}/. {store}/"
        f" && fallocate -l $(( $(df --output=avail -B1 {store} | tail -1) - 32768 ))"
        f' {store}/.filler && exec "$@"'
    )
    result = inspector(
        "--home",
        str(home),
        "sign",
        world.inspection_id,
        "--number",
        "03/BB-ĐKT",
        "--passphrase-file",
        str(pass_file),
        wrap=[*wrap, "sh", "-c", mount, "sh"],
    )
    line = one_sentence(result, 1, FULL_TEXT)
    assert str(store) in line  # the signed file was put in place: the store's copy failed
    assert files_in(home / "minutes") == []
    assert count(home, "SELECT count(*) FROM minutes") == 0
    status = f"SELECT status FROM inspections WHERE id = '{world.inspection_id}'"
    with sqlite3.connect(home / DB_NAME) as db:
        assert db.execute(status).fetchone()[0] != "SIGNED"
    sound(home)


# --- a read-only disk, a refused permission ------------------------------------------------------


def test_a_workspace_on_a_read_only_disk_says_so(tmp_path: Path) -> None:
    """A read-only bind mount (in a user namespace: works for root too) gives EROFS."""
    home = tmp_path / "ws"
    assert inspector("--home", str(home), "list").returncode == 0
    wrap = _namespace("--user", "--map-root-user", "--mount")
    if wrap is None:
        pytest.skip("this system does not let a user make a mount namespace (unshare)")
    before = (home / DB_NAME).read_bytes()
    mount = f'mount --bind {home} {home} && mount -o remount,bind,ro {home} && exec "$@"'
    for command in ("list", "demo"):
        result = inspector("--home", str(home), command, wrap=[*wrap, "sh", "-c", mount, "sh"])
        line = one_sentence(result, 1, READ_ONLY_TEXT)
        assert "not an Inspector workspace database" not in line and str(home) in line
    assert (home / DB_NAME).read_bytes() == before
    sound(home)


def test_a_workspace_this_user_may_not_write_says_permission_denied(tmp_path: Path) -> None:
    """Modes stop everyone but root; as root, the command runs as a plain user of a user
    namespace (the workspace's owner, without root's power over modes)."""
    home = tmp_path / "ws"
    assert inspector("--home", str(home), "list").returncode == 0
    wrap: list[str] | None = []
    if os.geteuid() == 0:
        wrap = _namespace("--user", "--map-user=1000", "--map-group=1000")
        if wrap is None:
            pytest.skip("as root, modes stop nothing, and no user namespace can be made here")
    before = (home / DB_NAME).read_bytes()
    for path in [home, *home.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        for command in ("list", "demo"):
            result = inspector("--home", str(home), command, wrap=wrap)
            line = one_sentence(result, 1, DENIED_TEXT)
            assert "not an Inspector workspace database" not in line
    finally:
        for path in [home, *home.rglob("*")]:
            path.chmod(0o700 if path.is_dir() else 0o600)
    assert (home / DB_NAME).read_bytes() == before
    sound(home)


# --- a damaged database --------------------------------------------------------------------------


def test_a_damaged_database_is_called_damaged_not_the_package(world: World) -> None:
    units.add_unit(world.a, name="Bảo hiểm xã hội cơ sở Quỳnh Lưu", level="GRASSROOTS")
    package = world.export(world.a, "a-quynh-luu")
    office = world.office.home
    world.close()
    path = office / DB_NAME
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = path.stat().st_size
    with open(path, "r+b") as fh:  # every page but the first (the schema): tables and indexes
        page = int.from_bytes(fh.read(18)[16:18], "big")
        page = 65536 if page == 1 else page  # how the header writes the largest page size
        fh.seek(page)
        fh.write(os.urandom(size - page))
    assert faults.quick_check(path) != []
    damaged = path.read_bytes()
    for args in (("list",), ("import", str(package)), ("inbox", str(package.parent))):
        result = inspector("--home", str(office), *args)
        line = one_sentence(result, 1, DAMAGED_TEXT)
        assert str(path) in line and "package" not in line
    assert path.read_bytes() == damaged  # left as it was, for whoever recovers it


# --- receipts ------------------------------------------------------------------------------------


def _office_import(
    world: World, *extra: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, list[str], Path]:
    units.add_unit(world.a, name="Bảo hiểm xã hội cơ sở Quỳnh Lưu", level="GRASSROOTS")
    package = world.export(world.a, "a-quynh-luu")
    pass_file = world.root / "office.pass"
    pass_file.write_text(PASSPHRASE, encoding="utf-8")
    home = str(world.office.home)
    code = cli.main(
        ["--home", home, "--lang", "en", "import", str(package), *extra]
        + ["--passphrase-file", str(pass_file)]
    )
    return code, capsys.readouterr().err.strip().splitlines(), package


def _imported(world: World) -> int:
    return int(
        world.office.db.execute("SELECT count(*) FROM packages WHERE direction = 'in'").fetchone()[
            0
        ]
    )


def test_a_receipt_folder_that_is_a_file_refuses_before_anything_is_imported(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file where the folder should be fails even for root: refused first, nothing imported."""
    blocker = world.root / "receipts"
    blocker.write_text("not a folder", encoding="utf-8")
    before = _imported(world)
    code, error, _package = _office_import(world, "--receipt-dir", str(blocker), capsys=capsys)
    assert code == 1 and len(error) == 1, error
    assert "is a file, not a folder" in error[0]
    assert _imported(world) == before
    world.close()
    sound(world.root / "office")


def test_a_receipt_that_could_not_be_written_is_said_and_can_be_made_again(
    world: World, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The package is committed, the receipt's disk then fills: exit code 3 (done in part), one
    line that says both and how to make the receipt; ``inspector receipt`` makes it."""
    folder = world.root / "receipts"
    real_commit = packages.Writer.commit

    def full(self: packages.Writer, *args: Any, **kwargs: Any) -> dict[str, Any]:
        if self.manifest["kind"] == "receipt":  # the disk fills as the receipt is finished
            raise OSError(errno.ENOSPC, "No space left on device", str(self.tmp))
        return real_commit(self, *args, **kwargs)

    monkeypatch.setattr(packages.Writer, "commit", full)
    before = _imported(world)
    code, error, package = _office_import(world, "--receipt-dir", str(folder), capsys=capsys)
    assert code == PARTLY and len(error) == 1, error
    assert "imported; the receipt could not be written to" in error[0]
    assert FULL_TEXT in error[0] and "inspector receipt" in error[0]
    assert _imported(world) == before + 1  # committed, and said so
    assert files_in(folder) == []  # no partial receipt either
    package_id = error[0].split("inspector receipt ")[1].split()[0]
    monkeypatch.setattr(packages.Writer, "commit", real_commit)
    pass_file = world.root / "office.pass"
    home = str(world.office.home)
    again = [
        ["receipt", package_id[:8], "--out", str(folder)],
        ["receipt", str(package), "--out", str(folder / "by-file")],
    ]
    for args in again:
        code = cli.main(
            ["--home", home, "--lang", "en", *args, "--passphrase-file", str(pass_file)]
        )
        assert code == 0, capsys.readouterr().err
    made = sorted(folder.rglob("*.inspkg"))
    assert [p.name for p in made] == ["a-quynh-luu-receipt.inspkg"] * 2
    assert cli.main(["--home", str(world.a.home), "import", str(made[0])]) == 0
    confirmed = world.a.db.execute(
        "SELECT count(*) FROM receipts WHERE package_id = ?", [package_id]
    ).fetchone()[0]
    assert confirmed == 1
    world.close()
    sound(world.root / "office")
    sound(world.root / "a")


def test_a_receipt_is_made_only_for_a_package_imported_here(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    pass_file = world.root / "office.pass"
    pass_file.write_text(PASSPHRASE, encoding="utf-8")
    args = ["--home", str(world.office.home), "--lang", "en", "receipt", "0000dead"]
    code = cli.main([*args, "--out", str(world.root / "r"), "--passphrase-file", str(pass_file)])
    assert code == 1 and "No package 0000dead was imported here." in capsys.readouterr().err
    assert files_in(world.root / "r") == []


# --- the classification itself -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (OSError(errno.ENOSPC, "No space left on device", "x"), faults.FULL),
        (OSError(errno.EFBIG, "File too large", "x"), faults.FULL),
        (OSError(errno.EROFS, "Read-only file system", "x"), faults.READ_ONLY),
        (sqlite3.OperationalError("database or disk is full"), faults.FULL),
        (sqlite3.DatabaseError("database disk image is malformed"), faults.DAMAGED),
        (sqlite3.DatabaseError("file is not a database"), faults.DAMAGED),
        (sqlite3.OperationalError("database is locked"), None),
        (sqlite3.IntegrityError("FOREIGN KEY constraint failed"), None),
        (ValueError("not a disk"), None),
    ],
)
def test_each_fault_has_its_own_kind(exc: BaseException, kind: str | None) -> None:
    assert faults.classify(exc) == kind


def test_each_kind_has_its_own_sentence_in_both_languages() -> None:
    kinds = (faults.FULL, faults.READ_ONLY, faults.DENIED, faults.DAMAGED, faults.IO)
    for lang in ("en", "vi"):
        texts = {faults.message(k, "/w/inspector.sqlite3").render(lang) for k in kinds}
        assert len(texts) == len(kinds)
        assert all("/w/inspector.sqlite3" in t for t in texts)
    for kind in kinds:  # translated, not the English shown to a Vietnamese reader
        assert faults.message(kind).render("vi") != faults.message(kind).render("en")


def test_an_undone_write_puts_the_file_back_as_it_was(tmp_path: Path) -> None:
    kept, new = tmp_path / "kept.pdf", tmp_path / "new.pdf"
    kept.write_bytes(b"before")
    with pytest.raises(RuntimeError), faults.undone_on_failure() as undo:
        undo.save(kept)
        undo.save(new)
        identity.write_atomic(kept, b"after")  # as signed files are written: renamed into place
        identity.write_atomic(new, b"new")
        raise RuntimeError("the record was not committed")
    assert kept.read_bytes() == b"before" and not new.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.pdf"]

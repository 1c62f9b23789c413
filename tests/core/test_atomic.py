# SPDX-License-Identifier: GPL-3.0-or-later
"""Every file the app writes is written whole or not at all, and its rename made durable."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

import pytest

from inspector import atomic
from inspector.errors import ValidationError
from inspector.minutes import layout as minutes_layout
from inspector.store import evidence_store
from inspector.store.workspace import Workspace
from inspector.trust import identity

PASSPHRASE = "một mật khẩu đủ dài"


def _synced(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record what os.fsync is called on: "dir" for a folder, "file" for a file."""
    calls: list[str] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        calls.append("dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    return calls


def test_a_failure_mid_write_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "minutes.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic.replacing(target) as fh:
        fh.write(b"half of the new")
        raise RuntimeError("the disk went away")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["minutes.pdf"]


def test_a_failed_rename_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "certificate.pem"
    target.write_bytes(b"old")

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        atomic.write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["certificate.pem"]


def test_the_file_and_then_its_folder_are_synced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _synced(monkeypatch)
    atomic.write_atomic(tmp_path / "a" / "file.bin", b"data")
    assert (tmp_path / "a" / "file.bin").read_bytes() == b"data"
    if os.name == "posix":
        assert calls == ["file", "dir"]
    else:
        assert calls == ["file"]


def test_a_folder_that_cannot_be_synced_does_not_undo_the_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(22, "Invalid argument")  # as some network shares answer
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    atomic.write_atomic(tmp_path / "file.bin", b"data")
    assert (tmp_path / "file.bin").read_bytes() == b"data"


def test_a_new_file_never_overwrites_one_made_meanwhile(tmp_path: Path) -> None:
    target = tmp_path / "key.p12"
    atomic.write_new(target, b"first")
    with pytest.raises(FileExistsError):
        atomic.write_new(target, b"second")
    assert target.read_bytes() == b"first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["key.p12"]


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_the_signing_keys_are_private(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "ws") as ws:
        identity.init_keys(ws, "Lê Minh Tuấn", PASSPHRASE)
        identity.init_ca(ws, "Văn phòng Thanh tra", PASSPHRASE)
        folder = identity.keys_dir(ws)
    for key in (folder / identity.IDENTITY, folder / identity.CA_KEY):
        assert stat.S_IMODE(key.stat().st_mode) == 0o600, key.name
    atomic.write_atomic(folder / identity.CA_KEY, (folder / identity.CA_KEY).read_bytes())
    assert stat.S_IMODE((folder / identity.CA_KEY).stat().st_mode) == 0o600


def test_evidence_is_stored_with_its_folder_synced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "scan.jpg"
    source.write_bytes(b"\xff\xd8 a scan")
    calls = _synced(monkeypatch)
    digest, size = evidence_store.store_file(tmp_path / "store", source)
    assert evidence_store.path_for(tmp_path / "store", digest).read_bytes() == source.read_bytes()
    assert size == len(source.read_bytes())
    assert "dir" in calls or os.name != "posix"
    assert not [p for p in (tmp_path / "store").rglob(".incoming-*")]


def test_minutes_too_long_to_lay_out_leave_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "minutes" / "BB.pdf"
    out.parent.mkdir()
    out.write_bytes(b"the minutes before")

    def too_long(*args: object, **kwargs: object) -> list[object]:
        from reportlab.platypus.doctemplate import LayoutError

        raise LayoutError("too long")

    class HalfWritten:  # the document has begun writing when the story fails to lay out
        def __init__(self, fh: BinaryIO, model: object) -> None:
            fh.write(b"%PDF-1.7 half")

        def build(self, story: object) -> None:
            raise AssertionError("not reached")

    monkeypatch.setattr(minutes_layout, "count_body_pages", lambda model: 1)
    monkeypatch.setattr(minutes_layout, "_document", HalfWritten)
    monkeypatch.setattr(minutes_layout, "_story", too_long)
    with pytest.raises(ValidationError):
        minutes_layout.render(object(), out)  # type: ignore[arg-type]
    assert out.read_bytes() == b"the minutes before"
    assert sorted(p.name for p in out.parent.iterdir()) == ["BB.pdf"]

# SPDX-License-Identifier: GPL-3.0-or-later
"""Sealed minutes: `minutes --out` gives the signed file, whose printed code and signature verify;
a party who had neither signed nor refused is named in the minutes and in the log, and only
when the sealing was confirmed for them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from inspector.cli import main as cli
from inspector.errors import SignatureError, ValidationError
from inspector.fieldwork import inspections, signatories, units
from inspector.minutes import sealing
from inspector.store import records
from inspector.store.workspace import Workspace
from inspector.trust import identity

PASSPHRASE = "mật khẩu trưởng đoàn"
OFFICE = "mật khẩu văn phòng tỉnh"


def _enrol_leader(ws: Workspace) -> None:
    """The workspace is its own office here: its authority issues the leader's certificate."""
    identity.init_ca(ws, "Bảo hiểm xã hội tỉnh Thử Nghiệm", OFFICE)
    request = identity.init_keys(ws, "Trần Văn Trưởng", PASSPHRASE)
    identity.install(ws, identity.issue(ws, request.read_bytes(), OFFICE))


def _complete(ws: Workspace, check: dict[str, str]) -> None:
    """Record what the minutes print and the bare check lacks (signing refuses minutes with
    "……" or "Ông/Bà" in them): genders, the leader's position, place, superior body, the end."""
    units.update_person(ws, check["staff"], gender="FEMALE")
    units.update_person(ws, check["leader"], gender="MALE", position="Trưởng phòng")
    units.update_unit(
        ws, check["unit"], place_name="Thử Nghiệm", superior_for_header="BHXH TỈNH THỬ NGHIỆM"
    )
    inspections.end_visit(ws, check["inspection"], "2026-03-05T11:30:00+07:00")


@pytest.fixture
def sealed(ws: Workspace, check: dict[str, str]) -> Path:
    _enrol_leader(ws)
    _complete(ws, check)
    return sealing.sign_minutes(
        ws, check["inspection"], PASSPHRASE, number="07/BB-ĐKT", unsigned=["Nguyễn Thị Thử"]
    )


def _text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    return " ".join(out.split())


def test_sealing_needs_the_confirmation_for_a_party_who_has_not_signed(
    ws: Workspace, check: dict[str, str]
) -> None:
    _enrol_leader(ws)
    _complete(ws, check)
    parties = signatories.unsigned_parties(ws, check["inspection"])
    assert [p["name"] for p in parties] == ["Nguyễn Thị Thử"]  # the unit's head; not the leader
    with pytest.raises(ValidationError, match="Nguyễn Thị Thử"):
        sealing.sign_minutes(ws, check["inspection"], PASSPHRASE, number="07/BB-ĐKT", unsigned=[])
    assert records.get(ws.db, "inspections", check["inspection"])["status"] != "SIGNED"
    assert not (ws.home / "minutes" / f"{check['inspection']}.pdf").exists()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_the_confirmation_is_printed_and_logged(
    ws: Workspace, check: dict[str, str], sealed: Path
) -> None:
    assert "Bà Nguyễn Thị Thử, Viên chức, chưa ký biên bản tại thời điểm niêm phong." in (
        _text(sealed)
    )
    reason = ws.db.execute(
        "SELECT reason FROM changes WHERE table_name = 'inspections' AND record_id = ?"
        " AND field = 'status' ORDER BY rowid DESC LIMIT 1",
        [check["inspection"]],
    ).fetchone()[0]
    assert "not signed by Nguyễn Thị Thử" in reason
    body = ws.db.execute("SELECT body FROM minutes").fetchone()[0]
    assert "chưa ký biên bản tại thời điểm niêm phong" in body  # the sealed content says it


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_minutes_out_on_a_sealed_check_gives_the_signed_file(
    ws: Workspace,
    check: dict[str, str],
    sealed: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    home = str(ws.home)
    out = tmp_path / "m.pdf"
    assert cli.main(["--home", home, "minutes", check["inspection"], "--out", str(out)]) == 0
    assert out.read_bytes() == sealed.read_bytes()
    assert str(sealed) in capsys.readouterr().out  # says which file it copied
    assert cli.main(["--home", home, "verify", str(out)]) == 0  # signed, valid, trusted
    code = _text(out).split("Mã xác thực: ", 1)[1].split()[0]
    assert cli.main(["--home", home, "verify", "--digest", code]) == 0
    assert "Trần Văn Trưởng" in capsys.readouterr().out


def test_minutes_out_refuses_and_names_a_missing_signed_file(
    ws: Workspace,
    check: dict[str, str],
    sealed: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sealed.unlink()
    with pytest.raises(SignatureError):
        sealing.signed_minutes(ws, check["inspection"])
    out = tmp_path / "m.pdf"
    code = cli.main(["--home", str(ws.home), "minutes", check["inspection"], "--out", str(out)])
    assert code == 1 and not out.exists()
    assert str(sealed) in capsys.readouterr().err


def test_identity_helpers_show_what_the_user_checks(ws: Workspace, tmp_path: Path) -> None:
    assert identity.identities(ws) == []
    identity.init_ca(ws, "Bảo hiểm xã hội tỉnh Thử Nghiệm", OFFICE)
    request = identity.init_keys(ws, "Lê Thị Thành Viên", PASSPHRASE, member=True)
    assert identity.own_request(ws, "Lê Thị Thành Viên") == request
    info = identity.request_info(request.read_bytes())
    assert info.name == "Lê Thị Thành Viên" and len(info.fingerprint.replace(" ", "")) == 64
    pem = identity.issue(ws, request.read_bytes(), OFFICE)
    authority = identity.authority_of(ws, pem)
    ca = identity.authority_certificate(ws)
    assert authority.fingerprint == identity.certificate_fingerprint(ca)
    assert authority.trusted and authority.holder == "Lê Thị Thành Viên"  # its own authority
    assert [(i.name, i.member, i.issued) for i in identity.identities(ws)] == [
        ("Lê Thị Thành Viên", True, False)
    ]
    identity.install(ws, pem, member="Lê Thị Thành Viên")
    assert identity.identities(ws)[0].trusted
    with pytest.raises(ValidationError):
        identity.request_info(b"not a request")
    with pytest.raises(ValidationError):
        identity.own_request(ws)  # the workspace's own identity does not exist


def test_sign_on_the_command_line_names_who_had_not_signed(
    ws: Workspace,
    check: dict[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _enrol_leader(ws)
    _complete(ws, check)
    secret = tmp_path / "p"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    argv = ["--home", str(ws.home), "--lang", "en", "sign", check["inspection"]]
    argv += ["--number", "07/BB-ĐKT", "--passphrase-file", str(secret)]
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    assert "Had not signed when the minutes were sealed" in out and "Nguyễn Thị Thử" in out

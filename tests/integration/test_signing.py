# SPDX-License-Identifier: GPL-3.0-or-later
"""Signed minutes end to end, through the command line: an office authority issues an inspector's
certificate, the inspector signs; our verifier and poppler's pdfsig agree; one changed byte fails
both; an unknown authority is reported untrusted; the sealed inspection refuses every edit."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from inspector.errors import ValidationError
from inspector.fieldwork import answers, findings, inspections
from inspector.store import records
from inspector.store.workspace import Workspace
from tests.cli_run import Ran, inspector

pytestmark = pytest.mark.skipif(shutil.which("pdfsig") is None, reason="needs poppler-utils")


def cli(*args: str, check: bool = True) -> Ran:
    # a laptop set to another time zone: the stamp still prints Vietnam's time
    result = inspector(*args, TZ="America/New_York")
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    base = tmp_path_factory.mktemp("signing")
    office, field, stranger = base / "office", base / "field", base / "stranger"
    (base / "p-office").write_text("mật khẩu văn phòng\n", encoding="utf-8")
    (base / "p-field").write_text("mật khẩu đoàn kiểm tra\n", encoding="utf-8")
    cli(
        "--home",
        str(office),
        "ca",
        "init",
        "--name",
        "Bảo hiểm xã hội tỉnh Nghệ An",
        "--passphrase-file",
        str(base / "p-office"),
    )
    cli(
        "--home",
        str(field),
        "keys",
        "init",
        "--name",
        "Nguyễn Văn Hùng",
        "--passphrase-file",
        str(base / "p-field"),
    )
    cli(
        "--home",
        str(office),
        "ca",
        "issue",
        str(field / "keys" / "request.csr"),
        "--out",
        str(base / "hung.pem"),
        "--passphrase-file",
        str(base / "p-office"),
    )
    refused = cli(
        "--home", str(field), "--lang", "en", "keys", "install", str(base / "hung.pem"), check=False
    )  # an authority is trusted only on purpose
    assert refused.returncode == 1 and "not trusted by this workspace" in refused.stderr
    cli("--home", str(field), "keys", "install", str(base / "hung.pem"), "--trust")
    # the workspace has its own identity: the demo leaves the minutes unsigned without its passphrase
    made = json.loads(cli("--home", str(field), "demo", "--json").stdout)
    assert made["signed_minutes"] is None
    iid = made["inspection_id"]
    out = json.loads(
        cli(
            "--home",
            str(field),
            "sign",
            iid,
            "--number",
            "03/BB-ĐKT",
            "--passphrase-file",
            str(base / "p-field"),
            "--json",
        ).stdout
    )
    cli(
        "--home",
        str(stranger),
        "ca",
        "init",
        "--name",
        "Một cơ quan khác",
        "--passphrase-file",
        str(base / "p-office"),
    )
    return {
        "base": base,
        "office": office,
        "field": field,
        "stranger": stranger,
        "id": iid,
        "pdf": Path(out["path"]),
    }


def test_verify_says_valid_and_trusted(signed: dict) -> None:
    for home in (signed["field"], signed["office"]):
        result = cli("--home", str(home), "verify", str(signed["pdf"]), "--json")
        (report,) = json.loads(result.stdout)
        assert report["valid"] and report["intact"] and report["trusted"]
        assert report["covers_whole_file"] and "Nguyễn Văn Hùng" in report["signer"]


def test_pdfsig_reports_the_signature_valid(signed: dict) -> None:
    out = subprocess.run(["pdfsig", str(signed["pdf"])], capture_output=True, text=True).stdout
    assert "Signature is Valid" in out
    assert "ETSI.CAdES.detached" in out  # PAdES
    assert "Nguyễn Văn Hùng" in out


def test_one_changed_byte_fails_both(signed: dict) -> None:
    data = bytearray(signed["pdf"].read_bytes())
    spot = data.index(b"BT") + 40  # inside the first page's text, covered by the signature
    data[spot] = data[spot] ^ 0x01
    tampered = signed["base"] / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    result = cli(
        "--home", str(signed["field"]), "--lang", "en", "verify", str(tampered), check=False
    )
    assert result.returncode == 1
    assert "changed after signing" in result.stderr
    out = subprocess.run(["pdfsig", str(tampered)], capture_output=True, text=True).stdout
    assert "Signature is Valid" not in out


def test_unknown_authority_is_reported_untrusted(signed: dict) -> None:
    result = cli(
        "--home",
        str(signed["stranger"]),
        "--lang",
        "en",
        "verify",
        str(signed["pdf"]),
        "--json",
        check=False,
    )
    assert result.returncode == 1
    (report,) = json.loads(result.stdout)
    assert report["valid"] and not report["trusted"]
    assert "not from a trusted authority" in json.loads(result.stderr)["error_en"]


def test_printed_code_is_checked_against_the_workspace(signed: dict) -> None:
    text = subprocess.run(
        ["pdftotext", str(signed["pdf"]), "-"], capture_output=True, text=True
    ).stdout
    code = text.split("Mã xác thực: ", 1)[1].split()[0]
    found = json.loads(
        cli("--home", str(signed["field"]), "verify", "--digest", code, "--json").stdout
    )
    assert found["inspection_id"] == signed["id"] and found["match"]
    wrong = cli("--home", str(signed["field"]), "verify", "--digest", "0" * 16, check=False)
    assert wrong.returncode == 1


def test_sealed_inspection_refuses_every_edit(signed: dict) -> None:
    with Workspace.open(signed["field"]) as ws:
        iid = signed["id"]
        assert records.get(ws.db, "inspections", iid)["status"] == "SIGNED"
        sealed = ws.db.execute("SELECT count(*) FROM minutes WHERE inspection_id = ?", [iid])
        assert sealed.fetchone()[0] == 1
        logged = ws.db.execute(
            "SELECT count(*) FROM changes WHERE table_name = 'minutes' AND op = 'insert'"
        ).fetchone()[0]
        assert logged == 1
        fid = ws.db.execute("SELECT id FROM findings WHERE inspection_id = ?", [iid]).fetchone()[0]
        attempts = [
            lambda: findings.add_finding(ws, iid, title="x", severity="2"),
            lambda: findings.update_finding(ws, fid, title="y"),
            lambda: findings.delete_finding(ws, fid, reason="z"),
            lambda: answers.answer_item(ws, iid, "A1", "COMPLIES"),
            lambda: inspections.end_visit(ws, iid),
        ]
        for attempt in attempts:
            with pytest.raises(ValidationError) as info:
                attempt()
            assert "supplementary minutes" in info.value.message("en")
    again = cli(
        "--home",
        str(signed["field"]),
        "sign",
        signed["id"],
        "--passphrase-file",
        str(signed["base"] / "p-field"),
        check=False,
    )
    assert again.returncode == 1


def test_wrong_passphrase_is_refused(signed: dict, tmp_path: Path) -> None:
    (tmp_path / "wrong").write_text("not the passphrase", encoding="utf-8")
    result = cli(
        "--home",
        str(signed["office"]),
        "--lang",
        "en",
        "ca",
        "issue",
        str(signed["field"] / "keys" / "request.csr"),
        "--out",
        str(tmp_path / "x.pem"),
        "--passphrase-file",
        str(tmp_path / "wrong"),
        check=False,
    )
    assert result.returncode == 1 and "passphrase is wrong" in result.stderr
    assert not (tmp_path / "x.pem").exists()


def test_supplementary_minutes_are_made_rendered_and_signed(signed: dict) -> None:
    corrections = signed["base"] / "bo-sung.txt"
    corrections.write_text(
        "Đính chính mục III.1: số người đến muộn là 02 người, không phải 01 người.\n"
        "Bổ sung: Ông Kiều Văn Sơn đã nộp bản giải trình ngày 06/3/2026.\n",
        encoding="utf-8",
    )
    out = json.loads(
        cli(
            "--home",
            str(signed["field"]),
            "sign",
            signed["id"],
            "--supplement",
            str(corrections),
            "--passphrase-file",
            str(signed["base"] / "p-field"),
            "--json",
        ).stdout
    )
    path = Path(out["path"])
    text = " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split()
    )
    assert "BIÊN BẢN BỔ SUNG" in text
    assert "Bổ sung Biên bản kiểm tra số 03/BB-ĐKT" in text
    assert "số người đến muộn là 02 người, không phải 01 người" in text
    (report,) = json.loads(
        cli("--home", str(signed["field"]), "verify", str(path), "--json").stdout
    )
    assert report["valid"] and report["trusted"]
    with Workspace.open(signed["field"]) as ws:
        kinds = [
            r[0]
            for r in ws.db.execute(
                "SELECT kind FROM minutes WHERE inspection_id = ? ORDER BY created_at",
                [signed["id"]],
            )
        ]
        assert kinds == ["MAIN", "SUPPLEMENT"]
        assert records.get(ws.db, "inspections", signed["id"])["status"] == "SIGNED"


def test_members_add_approval_signatures(signed: dict) -> None:
    base, field, office = signed["base"], signed["field"], signed["office"]
    (base / "p-mai").write_text("mật khẩu của Mai\n", encoding="utf-8")
    request = json.loads(
        cli(
            "--home",
            str(field),
            "keys",
            "init",
            "--name",
            "Trần Thị Mai",
            "--member",
            "--passphrase-file",
            str(base / "p-mai"),
            "--json",
        ).stdout
    )["request"]
    cli(
        "--home",
        str(office),
        "ca",
        "issue",
        request,
        "--out",
        str(base / "mai.pem"),
        "--passphrase-file",
        str(base / "p-office"),
    )
    cli("--home", str(field), "keys", "install", str(base / "mai.pem"), "--member", "Trần Thị Mai")
    cli(
        "--home",
        str(field),
        "sign",
        signed["id"],
        "--member",
        "Trần Thị Mai",
        "--passphrase-file",
        str(base / "p-mai"),
    )
    reports = json.loads(cli("--home", str(field), "verify", str(signed["pdf"]), "--json").stdout)
    assert len(reports) == 2
    assert all(r["valid"] and r["intact"] and r["trusted"] for r in reports)
    assert "Trần Thị Mai" in reports[1]["signer"] and reports[1]["covers_whole_file"]
    out = subprocess.run(["pdfsig", str(signed["pdf"])], capture_output=True, text=True).stdout
    assert out.count("Signature is Valid") == 2
    again = cli(
        "--home",
        str(field),
        "--lang",
        "en",
        "sign",
        signed["id"],
        "--member",
        "Trần Thị Mai",
        "--passphrase-file",
        str(base / "p-mai"),
        check=False,
    )
    assert again.returncode == 1 and "already signed" in again.stderr


def test_content_added_after_signing_fails_verification(signed: dict) -> None:
    """An incremental update that draws over page 1 keeps every signed byte, yet is a forgery."""
    import io

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed["pdf"].read_bytes()))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    overlay = writer.add_object(
        generic.StreamObject(
            stream_data=b"1 1 1 rg 80 500 400 200 re f 0 0 0 rg BT /F1 24 Tf 100 600 Td (FORGED) Tj ET"
        )
    )
    contents = page["/Contents"]
    parts = (
        list(contents) if isinstance(contents, generic.ArrayObject) else [page.raw_get("/Contents")]
    )
    page["/Contents"] = generic.ArrayObject([*parts, overlay])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    forged = signed["base"] / "forged.pdf"
    forged.write_bytes(out.getvalue())
    result = cli(
        "--home", str(signed["field"]), "--lang", "en", "verify", str(forged), "--json", check=False
    )
    assert result.returncode == 1
    reports = json.loads(result.stdout)
    assert not reports[0]["changes_allowed"]


def test_every_font_is_embedded_and_the_stamp_reads_in_vietnamese(signed: dict) -> None:
    """pdffonts lists no font outside the file: the stamp is set in the embedded Noto Serif, its
    text keeps its diacritics, and its time is Vietnam's (+07:00), whatever the laptop's zone."""
    listing = subprocess.run(
        ["pdffonts", str(signed["pdf"])], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert listing, "pdffonts listed no font"
    for line in listing:
        # columns: name type encoding emb sub uni object ID; "emb" is the fourth from the end
        assert line.split()[-4] == "yes", line
    assert any("NotoSerif" in line for line in listing)
    stamp = subprocess.run(  # poppler reads the stamp's appearance with the page's text
        ["pdftotext", "-layout", str(signed["pdf"]), "-"], capture_output=True, text=True
    ).stdout
    assert "Đã ký số bởi: Nguyễn Văn Hùng" in stamp
    assert re.search(r"Thời gian ký: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", stamp)

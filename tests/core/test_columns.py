# SPDX-License-Identifier: GPL-3.0-or-later
"""One validator for every way in: the rules of every column of every record table
(inspector.store.columns), and typed text held to the same characters (inspector.store.validate).

A value a signed package carries must be one a screen could have written: no severity "99" or
infinity, no 30 MB text, no digest that is a path, no bidi override or NUL.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from inspector import i18n
from inspector.demo.build import DEMO_PASSPHRASE, DemoResult, sign_demo
from inspector.errors import ValidationError
from inspector.fieldwork import evidence, findings, inspections, signatories, units
from inspector.i18n import _
from inspector.minutes import sealing
from inspector.office import followup
from inspector.store import column_rules, columns, validate
from inspector.store.db import RECORD_TABLES
from inspector.store.evidence_store import MAX_EVIDENCE_BYTES
from inspector.store.workspace import Workspace
from inspector.vocabulary import TABLE_LABELS
from tests.conftest import snapshot

DIGEST = "5502882e5eae28404043df062edd5d0d05be5e7057aa5bd44dd5504fb090327f"
UUID = "5093d35f-2fca-4dd6-a1b8-2f3e7cc64a6d"
STROKES = json.dumps([[[0.1, 0.2], [0.3, 0.4]]])


@pytest.fixture(autouse=True)
def _english() -> None:
    """Messages matched below are the English ones (both languages are checked by name)."""
    i18n.set_language("en")


@pytest.fixture
def signed_demo(demo: tuple[Workspace, DemoResult]) -> tuple[Workspace, str]:
    """The demo check with a signature by hand, a refusal, sealed minutes and a supplement."""
    ws, made = demo
    parties = {
        row["name"]: row["id"]
        for row in ws.db.query("SELECT id, name FROM signatories WHERE deleted = 0")
    }
    signatories.sign_by_hand(ws, parties["Đặng Quốc Toản"], [[[0.1, 0.5], [0.4, 0.45], [0.9, 0.6]]])
    signatories.record_refusal(
        ws, parties["Lê Quang Minh"], reason="Không đồng ý", witness="Trần Thị Mai"
    )
    assert sign_demo(ws, made.inspection_id) is not None
    sealing.sign_supplement(
        ws, made.inspection_id, "Đính chính:\n\tsố hồ sơ HS.2026.004100.", DEMO_PASSPHRASE
    )
    # followed up at the office after the seal: the unit's report and a file kept for it
    (recommendation,) = ws.db.execute(
        "SELECT id FROM recommendations WHERE deleted = 0 ORDER BY id LIMIT 1"
    ).fetchone()
    followup.update(ws, recommendation, status="DONE", report="Đã khắc phục.")
    report = ws.home / "bao-cao.txt"
    report.write_text("Báo cáo kết quả khắc phục", encoding="utf-8")
    followup.attach_file(ws, recommendation, report, caption="Báo cáo của đơn vị")
    return ws, made.inspection_id


def test_every_row_and_every_change_of_the_demo_passes(signed_demo: tuple[Workspace, str]) -> None:
    ws, _inspection = signed_demo
    seen = set()
    for table in RECORD_TABLES:
        for row in ws.db.query(f"SELECT * FROM {table}"):
            columns.check_row(table, row)
            seen.add(table)
    assert seen == set(RECORD_TABLES)
    kinds = {r[0] for r in ws.db.execute("SELECT kind FROM minutes")}
    assert kinds == {"MAIN", "SUPPLEMENT"}
    # what an import reads: an insert's values, an update's new value of its field
    for table, op, field, new_value in ws.db.execute(
        "SELECT table_name, op, field, new_value FROM changes"
    ):
        columns.check_change(table, op, field, json.loads(new_value))


def test_the_rules_cover_every_column_as_the_tables_declare_it(ws: Workspace) -> None:
    for table in RECORD_TABLES:
        declared = {
            name: bool(notnull)
            for _cid, name, _type, notnull, _default, _pk in ws.db.execute(
                f"PRAGMA table_info({table})"
            )
        }
        assert set(columns.RULES[table]) == set(declared), table
        for name, notnull in declared.items():
            assert columns.RULES[table][name].required == notnull, (table, name)


THIRTY_MB = "x" * (30 << 20)

BAD = [
    ("findings", "severity", "99", "Severity cannot be “99”; use one of: 0, 1, 2, 3, 4, 5, X."),
    ("findings", "severity", float("inf"), "cannot be “inf”"),
    ("findings", "severity", float("nan"), "cannot be “nan”"),
    ("findings", "severity", 4, "cannot be “4”"),
    ("findings", "kind", "violation", "cannot be “violation”"),
    ("findings", "title", None, "Findings: Title is required."),
    ("findings", "title", "   ", "Findings: Title is required."),
    ("findings", "title", 12, "Title must be text, not 12."),
    ("findings", "title", "t" * 501, "too long (501 characters; at most 500)"),
    ("findings", "description", THIRTY_MB, "too long (31457280 characters; at most 20000)"),
    ("findings", "title", "Chi vượt\u202egnp.exe", "character (U+202E)"),
    ("findings", "description", "Ghi chú\x00", "character (U+0000)"),
    ("findings", "description", "Zero\u200bwidth", "character (U+200B)"),
    ("findings", "description", "Windows\r\nline", "character (U+000D)"),
    ("findings", "description", "C1 \x85 control", "character (U+0085)"),
    ("findings", "description", "lone \ud800 surrogate", "character (U+D800)"),
    ("people", "full_name", "\ufeffNguyễn Văn A", "character (U+FEFF)"),
    ("people", "full_name", "Nguyễn\nVăn A", "must fit on one line"),
    ("people", "position", "Giám\tđốc", "must fit on one line"),
    ("people", "gender", "X", "cannot be “X”; use one of: MALE, FEMALE."),
    ("evidence", "sha256", "../../../../../etc/passwd", "must be a SHA-256 digest"),
    ("evidence", "sha256", DIGEST.upper(), "must be a SHA-256 digest"),
    ("evidence", "sha256", DIGEST + "\n", "must be a SHA-256 digest"),
    ("minutes", "pdf_sha256", "/dev/zero", "not “/dev/zero”"),
    ("minutes", "record_digest", DIGEST[:63], "must be a SHA-256 digest"),
    ("evidence", "size", -1, "from 0 to 2147483648, not “-1”"),
    ("evidence", "size", MAX_EVIDENCE_BYTES + 1, "from 0 to 2147483648"),
    ("evidence", "size", float("inf"), "not “inf”"),
    ("evidence", "size", float("nan"), "not “nan”"),
    ("evidence", "size", 3.0, "not “3.0”"),
    ("evidence", "size", True, "not “True”"),
    ("evidence", "size", "304", "not “304”"),
    ("trace_steps", "step_no", 0, "whole number from 1 to 10000"),
    ("decisions", "duration_days", 10**30, "whole number from 1 to 3650"),
    ("decisions", "number_is_official", 2, "must be 0 (no) or 1 (yes)"),
    ("evidence", "file_name", "../../../.bashrc", "is not a file name"),
    ("evidence", "file_name", "..", "is not a file name"),
    ("evidence", "file_name", "C:evil.png", "is not a file name"),
    ("evidence", "media_type", "text", "is not a media type"),
    ("evidence_links", "target_table", "people", "cannot be “people”"),
    ("minutes", "file_name", "../../../etc/passwd", "not the name the app gives signed minutes"),
    ("minutes", "file_name", UUID + ".pdf/../x.pdf", "not the name the app gives"),
    ("minutes", "kind", "OTHER", "cannot be “OTHER”"),
    ("minutes", "lang", "fr", "cannot be “fr”"),
    ("recommendations", "deadline", "2026-02-30", "must be a date written YYYY-MM-DD"),
    ("recommendations", "deadline", "30/03/2026", "must be a date written YYYY-MM-DD"),
    ("trace_steps", "received_on", "0001-01-01", "outside the years 1900 to 2999"),
    ("attendance", "checked_at", "2026-03-05 07:30", "must be a time in UTC"),
    ("attendance", "checked_at", "2026-03-05T07:30:00+07:00", "must be a time in UTC"),
    ("attendance", "checked_at", "2026-13-05T07:30:00.000000Z", "must be a time in UTC"),
    ("attendance", "checked_at", "9999-12-31T23:59:59.000000Z", "outside the years"),
    ("org_units", "am_start", "7:30", "time of day written hh:mm"),
    ("org_units", "pm_end", "24:00", "time of day written hh:mm"),
    ("org_units", "winter_from", "01/11", "day of the year written MM-DD"),
    ("org_units", "winter_to", "02-30x", "day of the year written MM-DD"),
    ("inspections", "decision_id", "../x", "must be a record id (a UUID)"),
    ("inspections", "decision_id", UUID.upper(), "must be a record id"),
    ("inspections", "areas", "A, B", "is damaged (it is not JSON)"),
    ("inspections", "areas", "[]", "not a list of codes"),
    ("inspections", "areas", '["A", 1]', "not a list of codes"),
    ("inspections", "areas", '["A\\u202e"]', "not a list of codes"),
    ("team_members", "assigned_areas", '{"A": 1}', "not a list of codes"),
    ("signatories", "strokes", "[[[0.1, 0.2], [1.5, 0.3]]]", "not a signature as the app draws"),
    ("signatories", "strokes", "[[[0.1, NaN], [0.2, 0.3]]]", "is damaged (it is not JSON)"),
    ("signatories", "strokes", "[[[0.1, 1e999], [0.2, 0.3]]]", "not a signature"),
    ("signatories", "strokes", "[]", "not a signature"),
    ("signatories", "strokes", json.dumps([[[0.5, 0.5]] * 20_001]), "at most 20000 points"),
    ("signatories", "strokes", "[" * 100_000, "damaged"),
    ("minutes", "slots", '{"Trần Thị Mai": "../x"}', "not the list of approval signatures"),
    ("minutes", "sealed_state", '{"findings": []}', "not the record of a check"),
    ("minutes", "sealed_state", '{"sqlite_master": {}}', "not the record of a check"),
    (
        "minutes",
        "sealed_state",
        json.dumps({"findings": {UUID: {"severity": "99"}}}),
        "holds a value that is not valid. Findings: Severity cannot be “99”",
    ),
    ("minutes", "body", "x" * (columns.MAX_DOCUMENT + 1), "too long"),
]


@pytest.mark.parametrize(
    ("table", "column", "value", "expected"),
    BAD,
    ids=[f"{table}.{column}-{n}" for n, (table, column, _v, _e) in enumerate(BAD)],
)
def test_each_rule_refuses_its_bad_values_in_both_languages(
    table: str, column: str, value: Any, expected: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        columns.check_value(table, column, value)
    english, vietnamese = caught.value.message("en"), caught.value.message("vi")
    assert expected in english
    assert english.startswith(TABLE_LABELS[table].render("en") + ": ")
    assert vietnamese.startswith(TABLE_LABELS[table].render("vi") + ": ")
    assert vietnamese != english
    assert caught.value.field == column
    # a message quotes a value short and shows unsafe characters as codes
    for message in (english, vietnamese):
        assert len(message) < 400
        assert validate.unsafe_character(message, lines=False) is None


GOOD = [
    ("findings", "severity", "X"),
    ("findings", "description", "Dòng một\n\tdòng hai"),
    ("findings", "description", "x" * validate.MAX_TEXT),
    ("findings", "description", None),
    ("people", "gender", "Nữ"),  # older records hold the word
    ("people", "gender", "FEMALE"),
    ("evidence", "size", 0),
    ("evidence", "size", MAX_EVIDENCE_BYTES),
    ("evidence", "file_name", "Ảnh trụ sở (cũ).png"),
    ("evidence", "media_type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("decisions", "number_is_official", True),
    ("team_members", "assigned_areas", "[]"),
    ("inspections", "areas", json.dumps(["Đ" * 20] * column_rules.MAX_CODES)),  # escaped letters
    ("minutes", "file_name", UUID + "-bo-sung-2.pdf"),
    ("minutes", "slots", '{"Trần Thị Mai": [3, [107.7, 362.8, 296.2, 425.1]]}'),  # before v4
    ("signatories", "strokes", STROKES),
    ("org_units", "am_start", "07:30"),
    ("org_units", "winter_from", "11-01"),
    ("attendance", "checked_at", "2026-03-05T00:30:00.000000Z"),
]


@pytest.mark.parametrize(
    ("table", "column", "value"),
    GOOD,
    ids=[f"{table}.{column}-{n}" for n, (table, column, _v) in enumerate(GOOD)],
)
def test_values_the_app_writes_pass(table: str, column: str, value: Any) -> None:
    columns.check_value(table, column, value)


def test_unknown_tables_and_columns_are_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        columns.check_value("findings", "evil", 1)
    assert caught.value.message("en") == "Findings has no field “evil”."
    assert caught.value.message("vi") != caught.value.message("en")
    with pytest.raises(ValidationError, match="has no field “amount”"):
        columns.check_row("findings", {"title": "T", "amount": 1})
    with pytest.raises(ValidationError, match="Findings: the record is damaged"):
        columns.check_row("findings", ["title", "T"])  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as caught:
        columns.check_value("sqlite_master", "sql", "DROP TABLE findings")
    assert caught.value.message("en") == "“sqlite_master” is not a kind of record."
    assert caught.value.message("vi") != caught.value.message("en")


def test_a_change_is_checked_as_an_import_reads_it() -> None:
    columns.check_change("findings", "update", "severity", "X")
    columns.check_change("findings", "delete", "deleted", 1)
    columns.check_change("people", "insert", None, {"full_name": "Nguyễn Văn A"})
    with pytest.raises(ValidationError, match="Severity cannot be “99”"):
        columns.check_change("findings", "update", "severity", "99")
    with pytest.raises(ValidationError, match="must be 0 \\(no\\) or 1 \\(yes\\)"):
        columns.check_change("findings", "delete", "deleted", "yes")
    with pytest.raises(ValidationError, match="People: Full name is required."):
        columns.check_change("people", "insert", None, {"position": "Kế toán"})
    with pytest.raises(ValidationError) as caught:
        columns.check_change("findings", "drop", None, None)
    assert caught.value.message("en") == "Findings: a change “drop” is not one the app makes."
    assert caught.value.message("vi") != caught.value.message("en")
    with pytest.raises(ValidationError, match="is not a kind of record"):
        columns.check_change("sqlite_master", "drop", None, None)


def test_a_row_gives_every_column_its_table_needs() -> None:
    finding = {
        "inspection_id": UUID,
        "title": "Chi vượt định mức",
        "kind": "VIOLATION",
        "severity": "3",
    }
    columns.check_row("findings", finding)
    with pytest.raises(ValidationError, match="Findings: Severity is required."):
        columns.check_row("findings", {k: v for k, v in finding.items() if k != "severity"})
    # columns with a default may be left out, the bookkeeping ones are the app's
    columns.check_row("team_members", {"inspection_id": UUID, "person_id": UUID, "role": "MEMBER"})
    with pytest.raises(ValidationError, match="must be 0 \\(no\\) or 1 \\(yes\\)"):
        columns.check_row("findings", {**finding, "deleted": 7})


def test_supplementary_minutes_hold_typed_text_only() -> None:
    supplement = {
        "inspection_id": UUID,
        "kind": "SUPPLEMENT",
        "supplements_id": UUID,
        "lang": "vi",
        "record_digest": DIGEST,
        "pdf_sha256": DIGEST,
        "file_name": UUID + "-bo-sung-1.pdf",
        "signed_by": "Nguyễn Văn Hùng",
        "sealed_at": "2026-03-05T09:30:00.000000Z",
        "body": "Đính chính.",
    }
    columns.check_row("minutes", supplement)
    with pytest.raises(ValidationError, match="too long \\(20001 characters; at most 20000\\)"):
        columns.check_row("minutes", {**supplement, "body": "x" * 20_001})
    # the file is named for its own inspection and kind: the name is a path in minutes/
    other = "0b64287d-7bc0-4279-9481-23ed46b53b82"
    for name in (other + "-bo-sung-1.pdf", UUID + ".pdf"):
        with pytest.raises(ValidationError, match="not the name the app gives signed minutes"):
            columns.check_row("minutes", {**supplement, "file_name": name})
    main = {**supplement, "kind": "MAIN", "supplements_id": None, "file_name": UUID + ".pdf"}
    with pytest.raises(ValidationError, match="Content of the minutes is damaged"):
        columns.check_row("minutes", main)  # the main minutes' content is JSON
    columns.check_row("minutes", {**main, "body": json.dumps({"inspection_id": UUID})})


def test_every_control_and_format_character_is_refused() -> None:
    allowed_in_text = {"\t", "\n"}
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            assert validate.unsafe_character(f"a{char}b", lines=False) == char, hex(code)
            if char not in allowed_in_text:
                assert validate.unsafe_character(f"a{char}b", lines=True) == char, hex(code)
    assert validate.unsafe_character("a\tb\nc", lines=True) is None
    assert (
        validate.unsafe_character("Nguyễn Văn Hùng, Đắk Lắk — 15/QĐ-BHXH ✓ 😀", lines=False) is None
    )


def test_typed_text_refuses_what_no_package_may_carry() -> None:
    field = _("Finding title")
    with pytest.raises(ValidationError) as caught:
        validate.text("Chi vượt\u202egnp.exe", field, max_len=500)
    assert caught.value.message("en") == (
        "Finding title contains an invisible or control character (U+202E), which is not"
        " allowed; type the text again without it."
    )
    assert caught.value.message("vi") != caught.value.message("en")
    with pytest.raises(ValidationError, match="U\\+0000"):
        validate.text("a\x00b", _("Description"))
    with pytest.raises(ValidationError, match="must fit on one line"):
        validate.text("Nguyễn\nVăn", _("Full name"), max_len=200)
    # free text keeps its lines and tabs; Windows line ends become new lines
    assert validate.text(" một\r\n\thai ", _("Description")) == "một\n\thai"
    assert validate.text("a\nb", _("Caption"), max_len=1000, lines=True) == "a\nb"
    with pytest.raises(ValidationError, match="outside the years 1900 to 2999"):
        validate.day("01/01/0001", _("Deadline"))
    with pytest.raises(ValidationError, match="outside the years 1900 to 2999"):
        validate.moment("9999-12-31T23:59:00+00:00", _("Arrival time"))


def test_the_services_refuse_it_and_change_nothing(
    ws: Workspace, check: dict[str, str], tmp_path: Path
) -> None:
    finding = findings.add_finding(ws, check["inspection"], title="T", severity="2")
    before = snapshot(ws)
    with pytest.raises(ValidationError, match="U\\+202E"):
        findings.add_finding(ws, check["inspection"], title="Chi vượt\u202egnp.exe", severity="2")
    with pytest.raises(ValidationError, match="U\\+200B"):
        findings.add_finding(ws, check["inspection"], title="T", severity="2", description="\u200b")
    with pytest.raises(ValidationError, match="must fit on one line"):
        units.add_person(ws, full_name="Nguyễn\nVăn A", unit_id=check["unit"])
    with pytest.raises(ValidationError, match="U\\+0007"):
        units.update_person(ws, check["staff"], phone="0912\x07")
    with pytest.raises(ValidationError, match="at most 100"):
        units.update_person(ws, check["staff"], grade="g" * 101)
    with pytest.raises(ValidationError, match="from 1 to 10000"):
        findings.assign_responsibility(
            ws, finding, level="DIRECT", person_id=check["staff"], step_no=10**30
        )
    with pytest.raises(ValidationError, match="from 1 to 3650"):
        inspections.update_decision(ws, check["inspection"], duration_days=10**30)
    with pytest.raises(ValidationError, match="time of day written hh:mm"):
        units.add_unit(
            ws, name="Đơn vị", level="GRASSROOTS", working_hours=("7h", "11:30", "13:30", "17:00")
        )
    picture = tmp_path / "a:b.png"
    picture.write_bytes(b"\x89PNG")
    with pytest.raises(ValidationError, match="is not a file name"):
        evidence.attach_evidence(ws, check["inspection"], picture, kind="PHOTO")
    assert snapshot(ws) == before


def test_a_workspace_of_every_schema_version_passes(tmp_path: Path) -> None:
    data = Path(__file__).parent.parent / "data"
    for golden in sorted(data.glob("schema_v*.sqlite3")):
        path = tmp_path / golden.name  # a copy: opening a golden file would leave its journal
        shutil.copyfile(golden, path)
        conn = sqlite3.connect(path)
        conn.row_factory = sqlite3.Row
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        for table in RECORD_TABLES:
            if table in tables:
                for row in conn.execute(f"SELECT * FROM {table}"):
                    columns.check_row(table, dict(row))
        conn.close()


def test_a_minutes_number_is_held_to_the_rule_it_travels_under(
    demo: tuple[Workspace, DemoResult],
) -> None:
    ws, made = demo
    before = snapshot(ws)
    with pytest.raises(ValidationError, match="U\\+202E"):
        sealing.sign_minutes(ws, made.inspection_id, "any passphrase", number="05/BB\u202e-ĐKT")
    with pytest.raises(ValidationError, match="at most 100"):
        sealing.sign_minutes(ws, made.inspection_id, "any passphrase", number="5" * 101)
    assert snapshot(ws) == before

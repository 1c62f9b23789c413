# SPDX-License-Identifier: GPL-3.0-or-later
"""The follow-up register and re-inspection on the command line, run in this process
(:mod:`tests.cli_run`) on an office holding three teams' checks: ``recommendations`` gives the
register's lines and counts as the core does, ``follow-up`` records an update with a file or
refuses it whole, ``reinspect`` lists a check's failed items and prepares the new check."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from inspector.office import followup, reinspect
from inspector.office.followup import Narrowing, Standing
from inspector.store.workspace import Workspace
from inspector.vocabulary import TeamRole
from tests.cli_run import Ran, inspector
from tests.office_world import make_office


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The office's workspace folder, closed; the tests that use it only read."""
    made = make_office(tmp_path_factory.mktemp("cli-followup"))
    made.office.close()
    yield made.office.home


@pytest.fixture
def own(home: Path, tmp_path: Path) -> Path:
    """A copy of the office's workspace of the test's own, to change."""
    return Path(shutil.copytree(home, tmp_path / "office"))


def run(home: Path, *args: str) -> Ran:
    result = inspector("--home", str(home), *args)
    assert result.returncode == 0, result.stderr
    return result


def _last_change(home: Path) -> int:
    with Workspace.open(home) as ws:
        return int(ws.db.execute("SELECT max(seq) FROM changes").fetchone()[0])


def _signed(ws: Workspace) -> str:
    return str(ws.db.execute("SELECT id FROM inspections WHERE status = 'SIGNED'").fetchone()[0])


def test_every_line_of_the_register_as_the_core_gives_it(home: Path) -> None:
    lines = json.loads(run(home, "recommendations", "--json").stdout)
    with Workspace.open(home) as ws:
        expected = followup.entries(ws)
        names = followup.names(ws)
        late = {e.id: followup.working_days_late(ws, e) for e in expected}
    assert len(expected) >= 6
    assert [line["id"] for line in lines] == [e.id for e in expected]  # most urgent first
    for line, e in zip(lines, expected, strict=True):
        assert line["standing"] == e.standing.value and line["due"] == e.due
        assert (line["deadline"], line["extended_to"]) == (e.deadline, e.extended_to)
        assert line["actor_unit"] == names[e.actor_unit_id] and line["files"] == e.files
        assert line["supervisor"] == names.get(e.supervisor_id or "", "") and line["text"] == e.text
        assert line["working_days_late"] == late[e.id]
    # the text: one line each, its id's first 8 characters, its deadline as dd/mm/yyyy
    text = run(home, "recommendations").stdout.splitlines()
    assert len(text) == len(expected)
    for shown, e in zip(text, expected, strict=True):
        assert shown.endswith(e.id[:8]) and e.id not in shown
        assert e.due is None or shown.startswith(f"{e.due[8:]}/{e.due[5:7]}/{e.due[:4]}")


def test_the_register_narrowed_and_limited(home: Path) -> None:
    with Workspace.open(home) as ws:
        overdue = followup.entries(ws, Narrowing(standings=frozenset({Standing.OVERDUE})))
        unit = overdue[0].actor_unit_id
        of_unit = followup.entries(ws, Narrowing(units=frozenset({unit})))
        follower = overdue[0].supervisor_id
        assert follower is not None
        followed = followup.entries(ws, Narrowing(supervisors=frozenset({follower})))
        closed = followup.entries(
            ws, Narrowing(standings=frozenset({Standing.OPEN, Standing.DONE}))
        )
        first = followup.entries(ws, limit=3)

    def ids(*args: str) -> list[str]:
        return [r["id"] for r in json.loads(run(home, "recommendations", "--json", *args).stdout)]

    assert overdue and ids("--standing", "overdue") == [e.id for e in overdue]
    assert ids("--unit", unit) == [e.id for e in of_unit]
    assert ids("--follower", follower[:8]) == [e.id for e in followed]  # a prefix will do
    assert ids("--standing", "open", "done") == [e.id for e in closed]
    assert ids("--limit", "3") == [e.id for e in first]


def test_overdue_counts_per_unit_and_per_follower(home: Path) -> None:
    with Workspace.open(home) as ws:
        names = followup.names(ws)
        expected = {
            by: [
                {"id": k, "name": names.get(k or "", ""), "overdue": n}
                for k, n in followup.overdue_by(ws, key)
            ]
            for by, key in (("unit", "unit"), ("follower", "supervisor"))
        }
    for by, rows in expected.items():
        assert rows and sum(r["overdue"] for r in rows) >= 2
        assert json.loads(run(home, "recommendations", "--by", by, "--json").stdout) == rows
        text = run(home, "recommendations", "--by", by).stdout.splitlines()
        assert [line.split(None, 1) for line in text] == [
            [str(r["overdue"]), r["name"]] for r in rows
        ]


def test_the_register_as_csv(home: Path) -> None:
    lines = json.loads(run(home, "recommendations", "--json").stdout)
    rows = list(csv.DictReader(io.StringIO(run(home, "recommendations", "--csv").stdout)))
    assert [r["id"] for r in rows] == [line["id"] for line in lines]
    for row, line in zip(rows, lines, strict=True):
        assert row["due"] == (line["due"] or "")  # ISO, as stored
        assert row["standing"] == line["standing"] and row["text"] == line["text"]
    assert any(row["due"][4] == "-" for row in rows if row["due"])


def test_a_recommendation_done_with_the_units_report_and_a_file(own: Path) -> None:
    with Workspace.open(own) as ws:
        target = followup.entries(ws, Narrowing(standings=frozenset({Standing.OVERDUE})))[0]
    report = own.parent / "báo cáo khắc phục.pdf"
    report.write_bytes(b"%PDF-1.4 the unit's report")
    shown = run(
        own,
        "--lang",
        "en",
        "follow-up",
        target.id[:8],
        "--status",
        "done",
        "--report",
        "Đã nộp trả đủ số tiền",
        "--file",
        str(report),
        "--json",
    )
    line = json.loads(shown.stdout)
    assert line["id"] == target.id and line["standing"] == "DONE" and line["files"] == 1
    assert [f["file_name"] for f in line["kept_files"]] == [report.name]
    with Workspace.open(own) as ws:
        after = followup.entry(ws, target.id)
        assert after.standing is Standing.DONE and after.files == 1
        assert after.status == "DONE" and after.report == "Đã nộp trả đủ số tiền"
        kept = followup.files(ws, target.id)
        assert kept[0]["path"].read_bytes() == report.read_bytes()
        events = followup.history(ws, target.id)
    history = json.loads(run(own, "follow-up", target.id, "--history", "--json").stdout)
    assert [(e["field"], e["value"]) for e in history] == [(e.field, e.value) for e in events]
    assert {"status", "report", "file"} <= {e["field"] for e in history}
    text = run(own, "--lang", "en", "follow-up", target.id, "--history").stdout
    assert f"file kept: {report.name}" in text and "Đã nộp trả đủ số tiền" in text


def test_an_extension_by_working_days_with_its_reason(own: Path) -> None:
    with Workspace.open(own) as ws:
        target = followup.entries(ws)[0]
        start = target.due
        assert start is not None
        expected = ws.calendar.add_working_days(date.fromisoformat(start), 10).isoformat()
    line = json.loads(
        run(
            own, "follow-up", target.id, "--extend", "10", "--reason", "Chờ quyết toán", "--json"
        ).stdout
    )
    assert line["extended_to"] == expected and line["status_note"] == "Chờ quyết toán"
    assert "(đã gia hạn)" in run(own, "follow-up", target.id).stdout.splitlines()[0]


@pytest.mark.parametrize(
    ("lang", "says"),
    [
        ("vi", "Chỉ được dừng theo dõi kiến nghị khi có lý do"),
        ("en", "A recommendation is dropped only with the reason"),
    ],
)
def test_a_drop_without_its_reason_is_refused_in_each_language(
    own: Path, lang: str, says: str
) -> None:
    with Workspace.open(own) as ws:
        target = followup.entries(ws)[0]
    before = _last_change(own)
    refused = inspector(
        "--home", str(own), "--lang", lang, "follow-up", target.id, "--status", "NOT_FEASIBLE"
    )
    assert refused.returncode == 1 and refused.stdout == ""
    assert says in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert _last_change(own) == before


def test_refusals_change_nothing(own: Path) -> None:
    with Workspace.open(own) as ws:
        target = followup.entries(ws)[0]
    present = own.parent / "present.pdf"
    present.write_bytes(b"%PDF-1.4")
    before = _last_change(own)
    evidence = sorted(p.name for p in (own / "evidence").rglob("*"))
    for args in (
        # a report, then a file that is not there: neither is kept
        ("follow-up", target.id, "--report", "Xong", "--file", str(present), "/no/such.pdf"),
        ("follow-up", target.id, "--status", "not-feasible", "--report", "x"),  # no reason
        # an extension, then a report longer than any: the extension is undone
        ("follow-up", target.id, "--extend", "5", "--reason", "x", "--report", "y" * 20_001),
        ("follow-up", target.id, "--status", "FINISHED"),  # no such status
        ("follow-up", target.id, "--follower", "ffffffff"),  # no such person
        ("follow-up", "ffffffff", "--status", "DONE"),  # no such recommendation
        ("reinspect", "ffffffff", "--list"),
    ):
        refused = inspector("--home", str(own), *args)
        assert refused.returncode == 1, (args, refused.stderr)
        assert len(refused.stderr.strip().splitlines()) == 1 and refused.stdout == "", args
        assert _last_change(own) == before, args
    assert sorted(p.name for p in (own / "evidence").rglob("*")) == evidence
    with Workspace.open(own) as ws:
        assert followup.entry(ws, target.id) == target


def test_wrong_usage_exits_2(own: Path) -> None:
    with Workspace.open(own) as ws:
        rec = followup.entries(ws)[0].id
        check = _signed(ws)
    before = _last_change(own)
    for args in (
        ("follow-up", rec, "--extend", "5"),  # without its reason
        ("follow-up", rec, "--extend", "5", "--reason", "r", "--note", "n"),
        ("recommendations", "--standing", "late"),
        ("follow-up", rec, "--history", "--status", "DONE"),  # history only shows
        ("reinspect", check, "--number", "88/QĐ-BHXH"),  # no date, signer, leader
    ):
        assert inspector("--home", str(own), *args).returncode == 2, args
    assert _last_change(own) == before


def test_the_failed_items_listed_as_the_core_finds_them(home: Path) -> None:
    with Workspace.open(home) as ws:
        check = _signed(ws)
        failed = reinspect.failed_items(ws, check)
    assert len(failed) >= 2
    listed = json.loads(run(home, "reinspect", check[:8], "--list", "--json").stdout)
    assert listed == [
        {
            "code": f.code,
            "area_code": f.area_code,
            "text_vi": f.text_vi,
            "text_en": f.text_en,
            "answered": f.answered,
            "findings": f.findings,
        }
        for f in failed
    ]
    text = run(home, "reinspect", check, "--list").stdout.splitlines()
    assert [line.split()[0] for line in text] == [f.code for f in failed]


def test_a_reinspection_of_the_items_chosen(own: Path) -> None:
    with Workspace.open(own) as ws:
        check = _signed(ws)
        codes = [f.code for f in reinspect.failed_items(ws, check)]
        leader, member = (
            r[0]
            for r in ws.db.execute(
                "SELECT person_id FROM team_members WHERE inspection_id = ? AND deleted = 0"
                " ORDER BY role = ? DESC LIMIT 2",
                [check, TeamRole.LEADER.value],
            )
        )
    made = run(
        own,
        "reinspect",
        check[:8],
        "--number",
        "88/QĐ-BHXH",
        "--date",
        "01/09/2026",
        "--signer",
        "Nguyễn Văn Giám Đốc",
        "--leader",
        leader[:8],
        "--member",
        member,
        "--item",
        codes[-1],
        "--json",
    )
    data = json.loads(made.stdout)
    assert data["items"] == [codes[-1]] and data["follows_id"] == check
    assert data["next"] == f"inspector kit --inspection {data['id']} --out FILE"
    with Workspace.open(own) as ws:
        assert reinspect.reinspections(ws, check) == [data["id"]]
        row = ws.db.execute(
            "SELECT i.items, d.number_symbol, d.signed_on FROM inspections i"
            " JOIN decisions d ON d.id = i.decision_id WHERE i.id = ?",
            [data["id"]],
        ).fetchone()
        team = dict(
            ws.db.execute(
                "SELECT person_id, role FROM team_members WHERE inspection_id = ?", [data["id"]]
            ).fetchall()
        )
    assert json.loads(row[0]) == [codes[-1]] and row[1:] == ("88/QĐ-BHXH", "2026-09-01")
    assert team == {leader: TeamRole.LEADER.value, member: TeamRole.MEMBER.value}
    # in text, every failed item when none is chosen, and the next step
    text = run(
        own,
        "reinspect",
        check,
        "--number",
        "89/QĐ-BHXH",
        "--date",
        "2026-09-02",
        "--signer",
        "Nguyễn Văn Giám Đốc",
        "--leader",
        leader,
    ).stdout.splitlines()
    assert [line.split()[0] for line in text[1:-1]] == codes
    assert text[-1].endswith("--out FILE") and "inspector kit --inspection" in text[-1]

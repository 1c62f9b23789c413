# SPDX-License-Identifier: GPL-3.0-or-later
"""Search over what checks found, with or without Vietnamese marks, checked against a scan of the
records made here independently of the index."""

from __future__ import annotations

import json

import pytest

from inspector.demo.build import DemoResult
from inspector.fieldwork import findings, recommendations
from inspector.office import search
from inspector.store.workspace import Workspace
from inspector.sync import exchange
from tests.cli_run import inspector
from tests.office_world import plain
from tests.sync_world import World


def _expected(ws: Workspace, query: str) -> set[tuple[str, str]]:
    """The live records whose searched text has every word of the query (the last one also as the
    beginning of a longer word): read from the tables, not from the index."""
    words = plain(query).split()
    found = set()
    for table, (columns, _finding) in search.FIELDS.items():
        for row in ws.db.query(f"SELECT * FROM {table} WHERE deleted = 0"):
            text_words = plain(" ".join(str(row[c]) for c in columns if row[c])).split()
            text_words = [w.strip(".,;:()!?\"'“”-/") for w in text_words]
            *whole, last = words
            if all(w in text_words for w in whole) and any(t.startswith(last) for t in text_words):
                found.add((table, row["id"]))
    return found


def test_folding_keeps_one_character_for_each() -> None:
    assert search.fold("Trách nhiệm") == "trach nhiem"
    assert search.fold("Điện lực ĐIỆN") == "dien luc dien"
    assert search.fold("Nghệ An, Diễn Châu") == "nghe an, dien chau"
    for text in ("Bảo hiểm xã hội tỉnh Nghệ An", "Ưu điểm; ơ, ư, ạ, ỹ", "x²"):
        assert len(search.fold(text)) == len(text)


@pytest.mark.parametrize(
    "query",
    ["trach nhiem", "trách nhiệm", "TRÁCH NHIỆM", "dien", "điện", "ho so qua han", "hội trường"],
)
def test_a_search_finds_what_a_scan_of_the_records_finds(
    demo: tuple[Workspace, DemoResult], query: str
) -> None:
    ws, _made = demo
    hits = search.search(ws, query)
    assert {(h.table, h.record_id) for h in hits} == _expected(ws, query)
    assert hits, query  # the demo says each of these somewhere
    words = set(plain(query).split())
    for hit in hits:  # each mark stands on a word of the query, as typed in the record
        assert hit.spans
        assert all(plain(hit.text[a:b]) in words for a, b in hit.spans), hit.highlighted()
        assert {plain(hit.text[a:b]) for a, b in hit.spans} & words


def test_with_and_without_marks_the_same_records_in_the_same_order(
    demo: tuple[Workspace, DemoResult],
) -> None:
    ws, _made = demo
    for bare, marked in (("trach nhiem", "trách nhiệm"), ("dien", "điện"), ("qua han", "quá hạn")):
        assert [h.record_id for h in search.search(ws, bare)] == [
            h.record_id for h in search.search(ws, marked)
        ]


def test_a_hit_is_highlighted_where_it_stands_in_the_text_as_typed(ws: Workspace, check) -> None:
    fid = findings.add_finding(
        ws, check["inspection"], title="Thiết bị ĐIỆN hỏng, chưa sửa", severity="2", item_code="A1"
    )
    (hit,) = search.search(ws, "dien hong")
    assert (hit.table, hit.record_id, hit.finding_id, hit.field) == ("findings", fid, fid, "title")
    assert hit.inspection_id == check["inspection"]
    assert hit.highlighted("«", "»") == "Thiết bị «ĐIỆN» «hỏng», chưa sửa"


def test_the_index_follows_every_edit(ws: Workspace, check) -> None:
    iid = check["inspection"]
    fid = findings.add_finding(ws, iid, title="Máy phát điện", severity="2", item_code="A1")
    rec = recommendations.recommend(
        ws, iid, type="RECTIFY", text="Sửa máy phát điện trước mùa mưa", finding_id=fid
    )
    assert {h.record_id for h in search.search(ws, "may phat")} == {fid, rec}
    findings.update_finding(ws, fid, title="Điều hòa hỏng")
    assert {h.record_id for h in search.search(ws, "may phat")} == {rec}
    assert [h.record_id for h in search.search(ws, "dieu hoa")] == [fid]
    recommendations.update_recommendation(ws, rec, text="Thay điều hòa")
    assert search.search(ws, "may phat") == []
    findings.delete_finding(ws, fid, reason="Nhập nhầm")
    assert all(h.record_id != fid for h in search.search(ws, "dieu hoa"))
    assert search.refresh(ws) == 0  # nothing changed since the last search


def test_a_damaged_index_is_made_again(ws: Workspace, check) -> None:
    fid = findings.add_finding(
        ws, check["inspection"], title="Sổ sách kế toán", severity="2", item_code="A1"
    )
    assert [h.record_id for h in search.search(ws, "so sach")] == [fid]
    (ws.home / search.INDEX_NAME).write_bytes(b"not a database" * 100)
    for suffix in ("-wal", "-shm"):
        (ws.home / f"{search.INDEX_NAME}{suffix}").unlink(missing_ok=True)
    assert [h.record_id for h in search.search(ws, "so sach")] == [fid]


def test_what_an_import_brings_is_found_at_the_office(world: World) -> None:
    assert search.search(world.office, "két sắt") == []  # the office searches once before
    fid = findings.add_finding(
        world.a, world.inspection_id, title="Két sắt không khóa", severity="2", item_code="A1"
    )
    exchange.import_package(world.office, world.export(world.a, "a1"))
    assert [h.record_id for h in search.search(world.office, "ket sat")] == [fid]


def test_a_query_of_no_words_finds_nothing(demo: tuple[Workspace, DemoResult]) -> None:
    ws, _made = demo
    assert search.search(ws, "") == []
    assert search.search(ws, " ,.;- ") == []
    assert search.search(ws, '"*') == []


def test_the_search_command_prints_the_hits_marked_and_as_json(
    demo: tuple[Workspace, DemoResult],
) -> None:
    ws, _made = demo
    home = str(ws.home)
    expected = search.search(ws, "trach nhiem")
    ran = inspector("--home", home, "--lang", "vi", "search", "trach", "nhiem")
    assert ran.returncode == 0, ran.stderr
    lines = ran.stdout.strip().splitlines()
    assert len(lines) == len(expected)
    assert all(line.startswith("15/QĐ-BHXH  ") and "[trách] [nhiệm]" in line for line in lines)
    as_json = json.loads(inspector("--home", home, "search", "trách nhiệm", "--json").stdout)
    assert [h["record_id"] for h in as_json] == [h.record_id for h in expected]
    assert inspector("--home", home, "--lang", "en", "search", "xyzzy").stdout == "Nothing found.\n"
    assert inspector("--home", home, "search").returncode == 2  # no word: a usage error

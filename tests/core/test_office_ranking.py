# SPDX-License-Identifier: GPL-3.0-or-later
"""The office's findings searched for words: the best first, and where each says them (the title,
else a passage of its description, recommendations or explanations), with the words marked."""

from __future__ import annotations

import json

from inspector.demo.build import DemoResult
from inspector.fieldwork import findings, recommendations
from inspector.office import search, table
from inspector.office.facets import Filters
from inspector.store.workspace import Workspace
from tests.cli_run import inspector
from tests.office_world import plain


def _best_rank(ws: Workspace, query: str) -> dict[str, float]:
    """Each finding's best rank among the records that say ``query``, from the search's own
    listing of the records (its other path through the index)."""
    best: dict[str, float] = {}
    for hit in search.search(ws, query, limit=100_000):
        if hit.finding_id is not None:
            best[hit.finding_id] = min(hit.rank, best.get(hit.finding_id, hit.rank))
    return best


def test_findings_that_say_the_words_best_come_first(demo: tuple[Workspace, DemoResult]) -> None:
    ws, _made = demo
    for query in ("trach nhiem", "ho so qua han", "dien"):
        rows = table.rows(ws, Filters(words=query), sort="relevance")
        best = _best_rank(ws, query)
        assert rows and {r.id for r in rows} == set(best), query
        ranks = [best[r.id] for r in rows]
        assert ranks == sorted(ranks), query  # bm25: lower is better
        worst_first = table.rows(ws, Filters(words=query), sort="relevance", descending=False)
        assert [best[r.id] for r in worst_first] == sorted(ranks, reverse=True)


def test_without_words_the_relevance_order_is_the_dates(demo: tuple[Workspace, DemoResult]) -> None:
    ws, _made = demo
    assert table.rows(ws, Filters(), sort="relevance") == table.rows(ws, Filters(), sort="date")
    assert all(not r.found and not r.spans for r in table.rows(ws, Filters()))


def test_each_finding_shows_where_it_says_the_words_marked(
    demo: tuple[Workspace, DemoResult],
) -> None:
    ws, made = demo
    long = (
        "Đoàn đã đối chiếu sổ theo dõi, danh sách chấm công và phần mềm một cửa của đơn vị. " * 6
        + "Kiến nghị làm rõ trách nhiệm của người chậm giải quyết hồ sơ.\n"
        + "Sau đó đoàn tiếp tục kiểm tra các nội dung khác theo kế hoạch đã duyệt. " * 4
    )
    in_description = findings.add_finding(
        ws, made.inspection_id, title="Sổ sách chưa đầy đủ", description=long, severity="2"
    )
    in_recommendation = findings.add_finding(
        ws, made.inspection_id, title="Chấm công chưa đúng", severity="2"
    )
    recommendations.recommend(
        ws,
        made.inspection_id,
        type="REVIEW_RESPONSIBILITY",
        text="Tổ chức kiểm điểm TRÁCH NHIỆM cán bộ chấm công.",
        finding_id=in_recommendation,
    )
    in_title = findings.add_finding(
        ws, made.inspection_id, title="Chưa làm rõ trách nhiệm cá nhân", severity="2"
    )
    rows = {r.id: r for r in table.rows(ws, Filters(words="trach nhiem"))}
    for row in rows.values():  # every one marks the words, as typed in the record
        assert row.found and row.spans, row.title
        assert {plain(row.found[a:b]) for a, b in row.spans} == {"trach", "nhiem"}
    assert rows[in_title].found_in == "findings.title"
    assert rows[in_title].found == "Chưa làm rõ trách nhiệm cá nhân"
    assert rows[in_recommendation].found_in == "recommendations.text"
    assert rows[in_recommendation].found.startswith("Tổ chức kiểm điểm TRÁCH NHIỆM")
    passage = rows[in_description]
    assert passage.found_in == "findings.description"
    # a window of the long description around the words, on one line, cut where it is cut
    assert passage.found.startswith("…") and passage.found.endswith("…")
    assert len(passage.found) <= search.PASSAGE_WIDTH + 2 and "\n" not in passage.found
    assert passage.found[1:-1] in " ".join(long.splitlines())
    first = passage.spans[0][0]
    # the words a little way in (from the start of a word): what leads to them is in view
    assert 10 < first <= 61 and passage.found[first:].startswith("trách nhiệm")


def test_the_command_line_gives_the_screens_order_and_marks(
    demo: tuple[Workspace, DemoResult],
) -> None:
    ws, _made = demo
    expected = table.rows(ws, Filters(words="trach nhiem"), sort="relevance")
    ran = inspector("--home", str(ws.home), "findings", "--filter", "q=trach nhiem", "--json")
    assert ran.returncode == 0, ran.stderr
    got = json.loads(ran.stdout)
    assert [r["id"] for r in got] == [r.id for r in expected]
    assert [r["spans"] for r in got] == [[list(s) for s in r.spans] for r in expected]
    lines = inspector("--home", str(ws.home), "findings", "--filter", "q=trach nhiem").stdout
    marked = [line for line in lines.splitlines() if line.startswith("    ")]
    assert len(marked) == len(expected)
    assert all("[" in line and "]" in line for line in marked)
    by_date = inspector(
        "--home", str(ws.home), "findings", "--filter", "q=trach nhiem", "--sort", "date", "--json"
    )
    dates = [r["date"] for r in json.loads(by_date.stdout)]
    assert dates == sorted(dates, reverse=True)

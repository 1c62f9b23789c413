# SPDX-License-Identifier: GPL-3.0-or-later
"""The findings' read model: the whole list, one finding's entry and one item's finding agree."""

from __future__ import annotations

from inspector.demo.build import DemoResult
from inspector.fieldwork import findings, recommendations, screens
from inspector.store.workspace import Workspace


def _counted(ws: Workspace, table: str, column: str, finding_id: str, extra: str = "") -> int:
    return ws.db.execute(
        f"SELECT count(*) FROM {table} WHERE {column} = ? AND deleted = 0 {extra}", [finding_id]
    ).fetchone()[0]


def test_each_entry_counts_what_hangs_on_its_finding(demo: tuple[Workspace, DemoResult]) -> None:
    ws, made = demo
    listed = screens.findings(ws, made.inspection_id)
    assert listed and any(e["recommendations"] for e in listed)
    assert any(e["responsibilities"] for e in listed) and any(e["evidence"] for e in listed)
    for entry in listed:
        fid = entry["id"]
        assert entry["responsibilities"] == _counted(ws, "responsibilities", "finding_id", fid)
        assert entry["recommendations"] == _counted(ws, "recommendations", "finding_id", fid)
        assert entry["evidence"] == _counted(
            ws, "evidence_links", "target_id", fid, "AND target_table = 'findings'"
        )


def test_one_finding_and_one_item_read_as_the_whole_list_shows_them(
    demo: tuple[Workspace, DemoResult],
) -> None:
    ws, made = demo
    listed = screens.findings(ws, made.inspection_id)
    for entry in listed:
        assert screens.finding_entry(ws, entry["id"]) == entry
    codes = {e["item_code"] for e in listed if e["item_code"]}
    assert codes
    for code in codes:
        first = next(e for e in listed if e["item_code"] == code)
        assert screens.item_finding(ws, made.inspection_id, code) == first
    assert screens.item_finding(ws, made.inspection_id, "Z99") is None
    assert screens.finding_entry(ws, "no-such-finding") is None


def test_entries_follow_changes_and_deletions(demo: tuple[Workspace, DemoResult]) -> None:
    ws, made = demo
    iid = made.inspection_id
    fid = findings.add_finding(ws, iid, title="Sổ theo dõi chưa ghi", severity="2", area_code="B")
    assert screens.finding_entry(ws, fid) == screens.findings(ws, iid)[-1]
    assert screens.finding_entry(ws, fid)["recommendations"] == 0  # type: ignore[index]
    rec = recommendations.recommend(ws, iid, type="RECTIFY", text="Ghi sổ", finding_id=fid)
    recommendations.recommend(ws, iid, type="RECTIFY", text="Rà soát sổ", finding_id=fid)
    entry = screens.finding_entry(ws, fid)
    assert entry is not None and entry["recommendations"] == 2
    recommendations.delete_recommendation(ws, rec)
    findings.update_finding(ws, fid, title="Sổ theo dõi ghi thiếu")
    entry = screens.finding_entry(ws, fid)
    assert entry is not None
    assert (entry["title"], entry["recommendations"]) == ("Sổ theo dõi ghi thiếu", 1)
    assert entry == next(e for e in screens.findings(ws, iid) if e["id"] == fid)
    findings.delete_finding(ws, fid, reason="Ghi nhầm")
    assert screens.finding_entry(ws, fid) is None
    assert fid not in {e["id"] for e in screens.findings(ws, iid)}

# SPDX-License-Identifier: GPL-3.0-or-later
"""Every service call, fed bad input, raises one of our errors with a message in both languages and
leaves the database exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.fieldwork import findings, recommendations, traces
from inspector.store.workspace import Workspace
from tests.conftest import snapshot
from tests.core.bad_input_check import CHECK_CASES, Ctx
from tests.core.bad_input_findings import FINDING_CASES

CASES = CHECK_CASES + FINDING_CASES


@pytest.fixture
def ctx(ws: Workspace, check: dict[str, str], tmp_path: Path) -> Ctx:
    finding = findings.add_finding(
        ws, check["inspection"], title="Vắng mặt", severity="3", item_code="A1"
    )
    trace = traces.add_trace(ws, check["inspection"], object_type="DOSSIER", object_ref="HS.1")
    rec = recommendations.recommend(ws, check["inspection"], type="RECTIFY", text="Chấn chỉnh")
    photo = tmp_path / "anh.jpg"
    photo.write_bytes(b"\xff\xd8 not much of a photo")
    return {
        "ws": ws,
        **check,
        "finding": finding,
        "trace": trace,
        "rec": rec,
        "photo": photo,
        "tmp": tmp_path,
    }


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_refused_and_changes_nothing(ctx: Ctx, case: tuple) -> None:
    _name, call, error, english = case
    ws: Workspace = ctx["ws"]
    before = snapshot(ws)
    stored_before = sorted(p.relative_to(ws.evidence_dir) for p in ws.evidence_dir.rglob("*"))
    with pytest.raises(error) as info:
        call(ctx)
    en, vi = info.value.message("en"), info.value.message("vi")
    assert english in en
    assert vi and vi != en, f"no Vietnamese message for: {en}"
    assert "{" not in en and "{" not in vi
    assert snapshot(ws) == before
    assert (
        sorted(p.relative_to(ws.evidence_dir) for p in ws.evidence_dir.rglob("*")) == stored_before
    )

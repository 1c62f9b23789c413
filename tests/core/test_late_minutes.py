# SPDX-License-Identifier: GPL-3.0-or-later
"""Annex 01 says how late a late arrival was: the arrival against the start of the unit's working
morning or afternoon, and a sealed check keeps the hours its minutes counted from."""

from __future__ import annotations

import pytest

from inspector.demo.build import build_demo, sign_demo
from inspector.errors import ValidationError
from inspector.fieldwork import units
from inspector.minutes import content as minutes_content
from inspector.minutes import sealing
from inspector.store import records
from inspector.store.workspace import Workspace
from tests.conftest import snapshot


def _late_row(ws: Workspace, inspection_id: str, lang: str = "vi") -> str:
    model = minutes_content.build(ws, inspection_id, lang=lang)
    (row,) = [r for r in model.annexes[0].rows if r[3] in ("Đến muộn", "Late")]
    return row[4]


def _start_at(ws: Workspace, unit_id: str, start: str) -> None:
    """The unit's register changes its morning start (a change of the office's register)."""
    with ws.transaction() as db:
        records.update(db, ws.actor, "org_units", unit_id, {"am_start": start})


def test_lateness_counts_from_the_units_morning_start(ws: Workspace) -> None:
    made = build_demo(ws)  # the unit works from 07:00; she arrived at 07:52
    assert _late_row(ws, made.inspection_id).startswith("đến lúc 07 giờ 52 phút, muộn 52 phút")
    assert _late_row(ws, made.inspection_id, "en").startswith("arrived at 07:52, 52 minutes late")
    unit = ws.db.execute(
        "SELECT unit_id FROM inspections WHERE id = ?", [made.inspection_id]
    ).fetchone()[0]
    _start_at(ws, unit, "07:30")  # summer hours, say
    assert "muộn 22 phút" in _late_row(ws, made.inspection_id)


def test_a_sealed_check_keeps_the_hours_its_minutes_counted_from(ws: Workspace) -> None:
    made = build_demo(ws)
    sign_demo(ws, made.inspection_id)
    assert sealing.signed_minutes(ws, made.inspection_id) is not None
    before = _late_row(ws, made.inspection_id)
    unit = ws.db.execute(
        "SELECT unit_id FROM inspections WHERE id = ?", [made.inspection_id]
    ).fetchone()[0]
    _start_at(ws, unit, "07:30")
    assert _late_row(ws, made.inspection_id) == before


def test_working_hours_are_typed_as_people_write_them_and_kept_in_order(ws: Workspace) -> None:
    """The unit's hours, corrected through the service the Decision tab uses: "7h30", "13 giờ",
    "17:00" are stored as 07:30, 13:00, 17:00; a time that is no time, or hours out of order,
    are refused in the user's language and change nothing."""
    made = build_demo(ws)
    unit = ws.db.execute(
        "SELECT unit_id FROM inspections WHERE id = ?", [made.inspection_id]
    ).fetchone()[0]
    units.update_unit(ws, unit, am_start="7h30", pm_start="13 giờ", pm_end="17:00")
    stored = records.get(ws.db, "org_units", unit)
    assert [stored[k] for k in units.HOURS] == ["07:30", "11:30", "13:00", "17:00"]
    assert "muộn 22 phút" in _late_row(ws, made.inspection_id)
    before = snapshot(ws)
    with pytest.raises(ValidationError) as not_a_time:
        units.update_unit(ws, unit, am_start="25:00")
    assert "không phải là giờ trong ngày" in not_a_time.value.message("vi")
    with pytest.raises(ValidationError) as out_of_order:
        units.update_unit(ws, unit, am_end="07:00")  # the morning would end before it starts
    assert "comes before Morning starts (07:30)" in out_of_order.value.message("en")
    assert snapshot(ws) == before
    units.update_unit(ws, unit, am_start="")  # hours may be left out: no lateness is counted
    assert "muộn" not in _late_row(ws, made.inspection_id)


def test_winter_hours_count_in_their_season(ws: Workspace) -> None:
    """A unit with winter hours (from 01/11 to 31/3, the morning from 07:30): a late arrival in
    its season counts from them, one in summer from the other hours; the season's days are typed
    day first, as Vietnamese write them, and a day that is none is refused."""
    made = build_demo(ws)  # 05/03/2026: in winter; the arrival at 07:52
    unit = ws.db.execute(
        "SELECT unit_id FROM inspections WHERE id = ?", [made.inspection_id]
    ).fetchone()[0]
    assert "muộn 52 phút" in _late_row(ws, made.inspection_id)
    units.update_unit(
        ws,
        unit,
        winter_from="1/11",
        winter_to="31/3",
        winter_am_start="7h30",
        winter_am_end="11:30",
        winter_pm_start="13:00",
        winter_pm_end="16:30",
    )
    stored = records.get(ws.db, "org_units", unit)
    assert (stored["winter_from"], stored["winter_to"]) == ("11-01", "03-31")
    assert "muộn 22 phút" in _late_row(ws, made.inspection_id)  # 07:52 against 07:30
    units.update_unit(ws, unit, winter_from="1/4", winter_to="30/9")  # a summer-only "winter"
    assert "muộn 52 phút" in _late_row(ws, made.inspection_id)  # March: the usual hours
    before = snapshot(ws)
    for bad in ({"winter_from": "31/2"}, {"winter_to": "tháng 11"}):
        with pytest.raises(ValidationError) as refused:
            units.update_unit(ws, unit, **bad)
        assert "dd/mm" in refused.value.message("en")
    with pytest.raises(ValidationError):
        units.update_unit(ws, unit, winter_pm_end="12:00")  # before its afternoon starts
    assert snapshot(ws) == before

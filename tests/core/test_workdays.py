# SPDX-License-Identifier: GPL-3.0-or-later
"""Working days: weekends, solar and lunar holidays, compensatory days, the covered range."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from inspector import workdays
from inspector.errors import ValidationError
from inspector.fieldwork import traces
from inspector.store.workspace import Workspace
from inspector.workdays import bundled_calendar


@pytest.fixture
def cal():
    return bundled_calendar()


def test_tet_2026_is_off(cal) -> None:
    # Lunar New Year 2026: 17 February (eve on the 16th, four days from the 17th).
    for d in range(16, 21):
        assert not cal.is_working_day(date(2026, 2, d)), d
    assert cal.is_working_day(date(2026, 2, 13))
    assert cal.is_working_day(date(2026, 2, 23))


def test_hung_kings_day_follows_the_lunar_calendar(cal) -> None:
    # 10th day of the 3rd lunar month: 26 April 2026 (a Sunday, so Monday the 27th is given off).
    assert date(2026, 4, 26) in cal.holidays
    assert not cal.is_working_day(date(2026, 4, 27))
    assert date(2025, 4, 7) in cal.holidays  # 2025: a Monday


def test_vietnamese_not_chinese_lunar_new_year(cal) -> None:
    # Vietnam's calendar (UTC+7) puts Tết 2030 on 2 February; China's (UTC+8) on the 3rd.
    assert cal.holidays[date(2030, 2, 2)].name_en == "Lunar New Year (day 1)"


def test_fixed_holidays(cal) -> None:
    for day in (date(2026, 1, 1), date(2026, 4, 30), date(2026, 5, 1), date(2026, 9, 2)):
        assert not cal.is_working_day(day)
    assert not cal.is_working_day(date(2026, 3, 7))  # Saturday
    assert cal.is_working_day(date(2026, 3, 5))


def test_lateness_skips_weekends_and_tet(cal) -> None:
    # Due Friday 13 Feb 2026, done Tuesday 24 Feb: Mon 23 and Tue 24 are the only working days.
    assert cal.lateness(date(2026, 2, 13), date(2026, 2, 24), as_of=date(2026, 3, 5)) == 2
    assert cal.lateness(date(2026, 2, 13), date(2026, 2, 13), as_of=date(2026, 3, 5)) == 0
    assert cal.lateness(date(2026, 2, 13), date(2026, 2, 10), as_of=date(2026, 3, 5)) == 0
    # Not done: counted up to the day of the check (Thursday 5 March 2026).
    assert cal.lateness(date(2026, 3, 2), None, as_of=date(2026, 3, 5)) == 3


def test_add_working_days(cal) -> None:
    assert cal.add_working_days(date(2026, 2, 12), 2) == date(2026, 2, 23)


def test_outside_the_calendar_is_refused(cal) -> None:
    with pytest.raises(ValidationError) as info:
        cal.is_working_day(date(2099, 1, 5))
    assert "2099" not in info.value.message("en") or "05/01/2099" in info.value.message("en")
    assert "05/01/2099" in info.value.message("vi")


def test_two_open_workspaces_each_count_with_their_own_calendar(
    ws: Workspace, check: dict[str, str], tmp_path: Path
) -> None:
    """A workspace whose office sent a calendar with a swapped day off counts with it, while
    another open at the same time keeps the bundled one, whichever was opened last."""
    tid = traces.add_trace(ws, check["inspection"], object_type="DOSSIER", object_ref="HS.1")
    traces.add_step(
        ws,
        tid,
        step_name="Phê duyệt",
        unit_id=check["unit"],
        received_on="2026-02-24",
        due_on="2026-02-27",  # a Friday
        done_on="2026-03-03",  # the Tuesday after
    )
    ws.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copytree(ws.home, tmp_path / "office")
    data = json.loads(workdays.calendar_file().read_bytes())
    swapped = date(2026, 3, 2)  # a Monday the office was told is off
    data["adjustments"]["days_off"].append(
        {"date": swapped.isoformat(), "name_vi": "Nghỉ bù", "name_en": "Swapped day off"}
    )
    own = workdays.workspace_calendar_path(tmp_path / "office")
    own.parent.mkdir(parents=True)
    own.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with Workspace.open(tmp_path / "office") as office:
        assert not office.calendar.is_working_day(swapped)
        assert ws.calendar.is_working_day(swapped)
        (late_here,) = traces.traces_of(ws, check["inspection"])
        (late_there,) = traces.traces_of(office, check["inspection"])
        assert late_here.late_days == 2  # Monday and Tuesday
        assert late_there.late_days == 1  # Tuesday: Monday was a day off there
        reopened = Workspace.open(ws.home)  # opening again changes no one's calendar
        try:
            assert traces.traces_of(office, check["inspection"])[0].late_days == 1
        finally:
            reopened.close()

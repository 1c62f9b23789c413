# SPDX-License-Identifier: GPL-3.0-or-later
"""Working days: weekends, solar and lunar holidays, compensatory days, the covered range."""

from __future__ import annotations

from datetime import date

import pytest

from inspector.errors import ValidationError
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

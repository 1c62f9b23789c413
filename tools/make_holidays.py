# SPDX-License-Identifier: GPL-3.0-or-later
"""Generate resources/calendar/vn-holidays.json: Vietnam's public holidays, the lunar ones included.

Run by hand when the covered years must grow (``pip install vnlunar`` first; the app itself only
reads the JSON). Lunar dates use the Vietnamese calendar (UTC+7), which differs from the Chinese one in
some years (Tết 2030 falls on 2 February in Vietnam, 3 February in China).

The days follow the Labour Code 2019, Art. 112 and 111(3), for offices that rest on Saturday and
Sunday: New Year's Day; five days of Tết (the last day of the lunar year and the first four of the
new one); the Hùng Kings' day (10/3 lunar); 30 April; 1 May; National Day (2 September and one day
beside it); a holiday falling on a weekend gives a compensatory day off on the next working day.
Each year the Prime Minister may arrange Tết and National Day differently and swap working days;
those announcements go into ``adjustments`` by hand, with their source.
"""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from pathlib import Path

import vnlunar

FIRST_YEAR, LAST_YEAR = 2015, 2040
OUT = Path(__file__).resolve().parent.parent / "resources" / "calendar" / "vn-holidays.json"


def lunar(day: int, month: int, year: int) -> date:
    d, m, y = vnlunar.convert_lunar_to_solar(day, month, year, 0, 7)
    return date(y, m, d)


def year_days(year: int) -> list[dict[str, str]]:
    tet = lunar(1, 1, year)
    national_day = date(year, 9, 2)
    extra = (
        national_day - timedelta(days=1)
        if national_day.weekday() == 1
        else national_day + timedelta(days=1)
    )
    named = [(date(year, 1, 1), "Tết Dương lịch", "New Year's Day")]
    named += [(tet - timedelta(days=1), "Tết Nguyên đán (30 Tết)", "Lunar New Year (eve)")]
    named += [
        (tet + timedelta(days=i), f"Tết Nguyên đán (mùng {i + 1})", f"Lunar New Year (day {i + 1})")
        for i in range(4)
    ]
    named += [
        (lunar(10, 3, year), "Giỗ Tổ Hùng Vương (10/3 âm lịch)", "Hùng Kings' Commemoration"),
        (date(year, 4, 30), "Ngày Chiến thắng (30/4)", "Reunification Day"),
        (date(year, 5, 1), "Ngày Quốc tế Lao động (1/5)", "International Labour Day"),
        (national_day, "Quốc khánh (2/9)", "National Day"),
        (extra, "Quốc khánh (ngày liền kề)", "National Day (adjacent day)"),
    ]
    taken = {d for d, _, _ in named}
    days = [
        {"date": d.isoformat(), "name_vi": vi, "name_en": en, "kind": "holiday"}
        for d, vi, en in named
    ]
    for d, vi, en in sorted(named):
        if d.weekday() >= 5:  # Art. 111(3): the next working day is given off instead
            comp = d + timedelta(days=1)
            while comp.weekday() >= 5 or comp in taken:
                comp += timedelta(days=1)
            taken.add(comp)
            days.append(
                {
                    "date": comp.isoformat(),
                    "name_vi": f"Nghỉ bù {vi}",
                    "name_en": f"Compensatory day off ({en})",
                    "kind": "compensatory",
                }
            )
    return sorted(days, key=lambda x: x["date"])


def main() -> int:
    data = {
        "format": 1,
        "source": "Labour Code 2019 (45/2019/QH14) Art. 111(3) and 112; lunar dates in Vietnamese time (UTC+7)",
        "first_year": FIRST_YEAR,
        "last_year": LAST_YEAR,
        "weekly_rest": [5, 6],
        "days": {str(y): year_days(y) for y in range(FIRST_YEAR, LAST_YEAR + 1)},
        "adjustments": {"days_off": [], "working_days": []},
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())

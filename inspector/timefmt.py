# SPDX-License-Identifier: GPL-3.0-or-later
"""Showing stored dates and times to people: Vietnam's time zone, dd/mm/yyyy in Vietnamese.

Times are stored in UTC; the checks happen in Vietnam, so they are shown in Vietnam's time (UTC+7)
whatever the laptop's own zone is set to.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from inspector.i18n import current_language
from inspector.records import parse_utc

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def vietnam_time(stamp: str | None) -> datetime | None:
    """A stored UTC time as Vietnam's local time (the day and hour of a visit, wherever the
    laptop's clock is set); None for none."""
    return parse_utc(stamp).astimezone(VIETNAM) if stamp else None


def show_day(value: date | str | None, lang: str | None = None) -> str:
    """Return a date as dd/mm/yyyy in Vietnamese, yyyy-mm-dd in English; "" for none."""
    if not value:
        return ""
    day = value if isinstance(value, date) else date.fromisoformat(value[:10])
    return day.strftime("%d/%m/%Y") if (lang or current_language()) == "vi" else day.isoformat()


def show_moment(value: datetime | str | None, lang: str | None = None) -> str:
    """Return a stored UTC time as Vietnam's local date and time (e.g. 05/03/2026 07:10)."""
    if not value:
        return ""
    moment = parse_utc(value) if isinstance(value, str) else value
    local = moment.astimezone(VIETNAM)
    return f"{show_day(local.date(), lang)} {local:%H:%M}"

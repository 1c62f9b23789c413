# SPDX-License-Identifier: GPL-3.0-or-later
"""Showing stored dates and times to people: Vietnam's time zone, dd/mm/yyyy in Vietnamese.

Times are stored in UTC; the checks happen in Vietnam, so they are shown in Vietnam's time (UTC+7)
whatever the laptop's own zone is set to.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from inspector.i18n import current_language

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def now_utc() -> str:
    """Return the current time in UTC as ISO 8601 with microseconds and a ``Z``."""
    return utc_text(datetime.now(UTC))


def utc_text(moment: datetime) -> str:
    """Return an aware datetime as UTC ISO 8601 text, the form every stored time takes."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_utc(value: str) -> datetime:
    """Return the aware datetime of a stored UTC time."""
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


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

# SPDX-License-Identifier: GPL-3.0-or-later
"""Working days in Vietnam: weekends, public holidays (the lunar ones included) and swapped days.

The days come from the data file ``resources/calendar/vn-holidays.json`` (made by
``tools/make_holidays.py``), so an office can ship a corrected calendar without a new app version.
Lateness of a processing step is counted in working days, as Decree 118/2025 counts time limits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from inspector.errors import ValidationError
from inspector.i18n import _
from inspector.resources import resource_path


@dataclass(frozen=True)
class Holiday:
    """One day off: a public holiday or a compensatory day."""

    day: date
    name_vi: str
    name_en: str
    kind: str


class WorkCalendar:
    """Which days are working days, for the years the data file covers."""

    def __init__(
        self,
        holidays: dict[date, Holiday],
        extra_working_days: set[date],
        first_year: int,
        last_year: int,
        weekly_rest: frozenset[int] = frozenset({5, 6}),
    ) -> None:
        self.holidays = holidays
        self.extra_working_days = extra_working_days
        self.first_year = first_year
        self.last_year = last_year
        self.weekly_rest = weekly_rest

    @classmethod
    def from_file(cls, path: Path) -> WorkCalendar:
        """Read a calendar data file."""
        return cls.from_bytes(path.read_bytes())

    @classmethod
    def from_bytes(cls, raw: bytes) -> WorkCalendar:
        """Read a calendar from the bytes of a data file (KeyError/ValueError if malformed)."""
        data = json.loads(raw.decode("utf-8"))
        holidays: dict[date, Holiday] = {}
        for days in data["days"].values():
            for d in days:
                day = date.fromisoformat(d["date"])
                holidays[day] = Holiday(day, d["name_vi"], d["name_en"], d["kind"])
        for d in data["adjustments"]["days_off"]:
            day = date.fromisoformat(d["date"])
            holidays[day] = Holiday(day, d["name_vi"], d["name_en"], "adjustment")
        extra = {date.fromisoformat(d["date"]) for d in data["adjustments"]["working_days"]}
        return cls(
            holidays,
            extra,
            int(data["first_year"]),
            int(data["last_year"]),
            frozenset(data.get("weekly_rest", [5, 6])),
        )

    def _check(self, day: date) -> None:
        if not self.first_year <= day.year <= self.last_year:
            raise ValidationError(
                _(
                    "The holiday calendar covers {first} to {last}; {day} is outside it, so working"
                    " days cannot be counted. Install a newer calendar.",
                    first=self.first_year,
                    last=self.last_year,
                    day=day.strftime("%d/%m/%Y"),
                )
            )

    def is_working_day(self, day: date) -> bool:
        """Return whether ``day`` is a working day."""
        self._check(day)
        if day in self.extra_working_days:
            return True
        return day.weekday() not in self.weekly_rest and day not in self.holidays

    def working_days_after(self, start: date, end: date) -> int:
        """Count the working days ``d`` with ``start < d <= end`` (0 if ``end <= start``)."""
        if end <= start:
            return 0
        self._check(start)
        self._check(end)
        count = 0
        day = start + timedelta(days=1)
        while day <= end:
            if self.is_working_day(day):
                count += 1
            day += timedelta(days=1)
        return count

    def add_working_days(self, start: date, days: int) -> date:
        """Return the date ``days`` working days after ``start`` (a time limit's last day)."""
        day = start
        left = days
        while left > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day

    def lateness(self, due: date, done: date | None, as_of: date) -> int:
        """Return how many working days a step finished (or, if not done, stands on ``as_of``) late."""
        return self.working_days_after(due, done if done is not None else as_of)


def workspace_calendar_path(home: Path) -> Path:
    """Where a workspace keeps the calendar its office sent in a field kit."""
    return home / "calendar" / "vn-holidays.json"


def calendar_file(home: Path | None = None) -> Path:
    """The calendar data file in force: the workspace's own if it has one, else the bundled one."""
    if home is not None and workspace_calendar_path(home).exists():
        return workspace_calendar_path(home)
    return resource_path("calendar", "vn-holidays.json")


@lru_cache(maxsize=8)
def _load(path: Path, version: tuple[int, int, int]) -> WorkCalendar:
    return WorkCalendar.from_file(path)


def _read(path: Path) -> WorkCalendar:
    """The calendar in ``path``, read again when the file has changed (a kit brought a new one:
    it is renamed into place, so a new file, even within the same tick of the clock)."""
    stat = path.stat()
    return _load(path, (stat.st_ino, stat.st_mtime_ns, stat.st_size))


def calendar_of(home: Path) -> WorkCalendar:
    """Return the calendar the workspace at ``home`` counts working days with: its own (from the
    office's field kit) if it has one, else the one bundled with the app. Each workspace has its
    own: two open at once never count with each other's."""
    return _read(calendar_file(home))


def bundled_calendar() -> WorkCalendar:
    """Return the calendar bundled with the app (a workspace's own may differ: see
    :func:`calendar_of`)."""
    return _read(calendar_file())

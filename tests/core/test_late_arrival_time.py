# SPDX-License-Identifier: GPL-3.0-or-later
"""A late arrival's time is on the day of the visit, or the day before or after at most: a time in
year 1 or 9999 is refused with a clear message (it once escaped as an OverflowError), and "HH:MM"
means the day the team arrived at the unit."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from inspector.errors import ValidationError
from inspector.fieldwork import roll_call
from inspector.store import records
from inspector.store.workspace import Workspace
from tests.conftest import snapshot


@pytest.fixture
def mark(ws: Workspace, check: dict) -> str:
    """A late arrival on the day of the visit (the team arrived on 05/03/2026 at 07:30)."""
    return roll_call.record_attendance(
        ws, check["inspection"], check["staff"], "LATE", arrived_at="2026-03-05T08:20:00+07:00"
    )


@pytest.mark.parametrize(
    "typed",
    [
        "01/01/0001 00:00",
        "0001-01-01 00:00",
        "31/12/9999 23:59",
        "9999-12-31 23:59",
        "03/03/2026 23:59",  # two days before the visit
        "07/03/2026 00:00",  # two days after
        datetime(1, 1, 1, 0, 30, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 0, tzinfo=UTC),
    ],
)
def test_a_time_far_from_the_visit_is_refused(ws: Workspace, mark: str, typed: object) -> None:
    before = snapshot(ws)
    with pytest.raises(ValidationError) as info:
        roll_call.update_late_arrival(ws, mark, typed)  # type: ignore[arg-type]
    assert "05/03/2026" in info.value.message("en")  # the day of the visit, said
    assert "05/03/2026" in info.value.message("vi")
    assert snapshot(ws) == before


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("08:05", "2026-03-05T01:05"),  # the day the team arrived
        ("04/03/2026 00:00", "2026-03-03T17:00"),  # the day before, at most
        ("06/03/2026 23:59", "2026-03-06T16:59"),  # the day after, at most
        ("2026-03-05 09:00", "2026-03-05T02:00"),
    ],
)
def test_a_time_on_or_beside_the_day_of_the_visit_is_taken(
    ws: Workspace, mark: str, typed: str, stored: str
) -> None:
    assert roll_call.update_late_arrival(ws, mark, typed)
    assert records.get(ws.db, "attendance", mark)["arrived_at"].startswith(stored)

# SPDX-License-Identifier: GPL-3.0-or-later
"""UI test fixtures: errors the app would show in a message box are collected instead (a modal box
would block the test), and a test fails if one appeared that it did not expect."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import ui.context
import ui.errors
from ui.collector import MainThreadCollector


@pytest.fixture(autouse=True)
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[BaseException]]:
    """The errors shown to the user during the test; must be emptied by tests that expect some."""
    shown: list[BaseException] = []
    monkeypatch.setattr(ui.context, "show_error", lambda _parent, exc: shown.append(exc))
    monkeypatch.setattr(ui.errors, "show_error", lambda _parent, exc: shown.append(exc))
    yield shown
    assert not shown, f"errors shown to the user: {[str(e) for e in shown]}"


@pytest.fixture(autouse=True, scope="session")
def _collect_on_the_ui_thread(qapp) -> Iterator[None]:
    """As in the app: garbage is collected on the UI thread only (see ui/collector.py)."""
    collector = MainThreadCollector()
    yield
    collector.stop()

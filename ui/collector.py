# SPDX-License-Identifier: GPL-3.0-or-later
"""Python's garbage collection on the UI thread only.

Widgets and their slots form reference cycles that only the cyclic collector frees. Left
automatic, a collection can start on a worker thread (whichever thread allocates at the moment),
and Qt objects freed there go through PySide's deferred deletion, which crashed the app (seen
after dialogs were closed while a certificate was being issued on a worker). So automatic
collection is turned off and this timer collects on the UI thread, generation by generation as the
thresholds are passed, the way Anki and calibre do.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer, Slot


class MainThreadCollector(QObject):
    """Collects garbage on the thread that creates it (the UI thread), once a second if due."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = 1000) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)

    @Slot()
    def check(self) -> None:
        """Collect the generations whose counts passed their thresholds."""
        first, second, third = gc.get_count()
        if first > self.threshold[0]:
            gc.collect(0)
            if second > self.threshold[1]:
                gc.collect(1)
                if third > self.threshold[2]:
                    gc.collect(2)

    def stop(self) -> None:
        """Give collection back to Python (on quit)."""
        self.timer.stop()
        gc.collect()
        gc.enable()

# SPDX-License-Identifier: GPL-3.0-or-later
"""Run every benchmark: ``python -m bench`` (``make bench``)."""

from __future__ import annotations

import sys

from bench import (
    cli_list,
    column_check,
    conflicts,
    finding_save,
    minutes_render,
    office_views,
    register,
    report,
    sync,
    typing_stall,
    workbench_open,
)


def main() -> int:
    finding_save.main()
    workbench_open.main()
    cli_list.main()
    conflicts.main()
    minutes_render.main()
    sync.main()
    column_check.main()
    typing_stall.main()
    office_views.main()
    register.main()
    report.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())

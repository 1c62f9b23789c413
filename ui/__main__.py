# SPDX-License-Identifier: GPL-3.0-or-later
"""``python -m ui``: the same as the ``inspector`` command."""

import sys

from ui.launcher import main

sys.exit(main())

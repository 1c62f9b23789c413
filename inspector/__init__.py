# SPDX-License-Identifier: GPL-3.0-or-later
"""Inspector: the core of the surprise-inspection app, without a screen (never imports Qt)."""

__version__ = "0.1.0"

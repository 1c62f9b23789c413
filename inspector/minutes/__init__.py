# SPDX-License-Identifier: GPL-3.0-or-later
"""The minutes: their content composed from the record (``content``, ``annexes``), official wording (``wording``), the PDF layout (``layout``), signing and sealing (``sealing``) and pages as pictures (``rasterize``).

Imports fieldwork, trust, the store and the base."""

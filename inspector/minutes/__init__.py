# SPDX-License-Identifier: GPL-3.0-or-later
"""The minutes: their content composed from the record (``content``, from ``people``,
``findings_text``, ``requests`` and ``words``, into ``model``; ``missing``; ``annexes``), official
wording (``wording``), the PDF laid out once (``layout``, with ``typesetting``, ``flowables`` and
``page_marks``), signing and sealing (``sealing``, with ``pdf_signing``, ``stamp`` and
``verifying``) and pages as pictures (``rasterize``).

Imports fieldwork, trust, the store and the base."""

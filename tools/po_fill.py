# SPDX-License-Identifier: GPL-3.0-or-later
"""Fill Vietnamese translations from a small JSON of msgid → msgstr (for a few new texts), and
compile the catalogue the app loads (``inspector.mo``):

.venv/bin/python tools/po_fill.py NEW.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parent.parent / "resources/locale/vi/LC_MESSAGES/inspector.po"


def main() -> int:
    new = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    with open(PO, "rb") as fh:
        catalog = read_po(fh, locale="vi")
    unknown = [k for k in new if k not in catalog]
    if unknown:
        print(f"not in the catalogue (run make po first): {unknown}", file=sys.stderr)
        return 1
    for msgid, text in new.items():
        catalog[msgid].string = text
    with open(PO, "wb") as fh:
        write_po(fh, catalog, sort_output=True, ignore_obsolete=True, include_lineno=False)
    with open(PO.with_suffix(".mo"), "wb") as fh:
        write_mo(fh, catalog)
    return 0


if __name__ == "__main__":
    sys.exit(main())

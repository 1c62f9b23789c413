# SPDX-License-Identifier: GPL-3.0-or-later
"""Sync between workspaces: the one place the sync operations are found.

An inspector exports the changes made since the last export (:mod:`inspector.sync.outbox`); the
office imports packages from many inspectors into one workspace (:mod:`inspector.sync.importing`,
the import's pipeline); each import can give a signed receipt the inspector imports back
(:mod:`inspector.sync.receipts`), so the laptop knows which of its changes the office has. The
office prepares a field kit for a laptop (:mod:`inspector.sync.fieldkit`), imported the same way.
"""

from __future__ import annotations

from inspector.errors import PackageError
from inspector.sync import packages
from inspector.sync.fieldkit import make_field_kit
from inspector.sync.files import repair_minutes_files
from inspector.sync.importing import ImportResult, import_package, make_receipt
from inspector.sync.outbox import ExportResult, export_package, last_export_seq, table_digests
from inspector.sync.receipts import SyncStatus, receipt_for_package, sync_status

__all__ = [
    "ExportResult",
    "ImportResult",
    "PackageError",
    "SyncStatus",
    "export_package",
    "import_package",
    "last_export_seq",
    "make_field_kit",
    "make_receipt",
    "packages",
    "receipt_for_package",
    "repair_minutes_files",
    "sync_status",
    "table_digests",
]

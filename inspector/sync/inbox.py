# SPDX-License-Identifier: GPL-3.0-or-later
"""An inbox folder (a USB stick, a shared folder) whose new packages are imported as they come.

Each package file is imported with the same checks as by hand. What happened to each file is
written to ``inbox.log`` in the workspace, one JSON line per file: imported, already imported, or
refused and why. A file is taken once its size and time have not changed for a few seconds (so a
copy still in progress is left for the next look); one refused is not tried again unless its
content changes.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from inspector import timefmt
from inspector.errors import InspectorError, PackageOrderError, WorkspaceError
from inspector.i18n import _
from inspector.store import faults
from inspector.store.evidence_store import file_digest
from inspector.store.workspace import Workspace
from inspector.sync import exchange, packages

LOG_NAME = "inbox.log"
RETRY = ("busy", "waiting")  # outcomes that may change: the file is tried again
SETTLE_SECONDS = 3.0
ReceiptMaker = Callable[[exchange.ImportResult, Path], Path]


@dataclass
class InboxEntry:
    """What happened to one file of the inbox."""

    file: str
    sha256: str
    outcome: str  # imported, already, refused; busy or waiting (tried again later)
    message: str
    at: str
    package_id: str | None = None
    receipt: str | None = None
    size: int | None = None  # the file as it was seen: not hashed again while unchanged
    mtime: float | None = None


def log_path(ws: Workspace) -> Path:
    """The inbox log of a workspace."""
    return ws.home / LOG_NAME


def read_log(ws: Workspace) -> list[InboxEntry]:
    """Every entry of the inbox log, oldest first (lines that cannot be read are skipped)."""
    path = log_path(ws)
    if not path.exists():
        return []
    entries = []
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    for line in text.splitlines():
        try:
            entries.append(InboxEntry(**json.loads(line)))
        except (ValueError, TypeError):
            continue
    return entries


def _last_outcome(ws: Workspace, file: str) -> str | None:
    return next((e.outcome for e in reversed(read_log(ws)) if e.file == file), None)


def _append(ws: Workspace, entry: InboxEntry) -> None:
    with open(log_path(ws), "a", encoding="utf-8") as fh:
        fh.write(json.dumps(asdict(entry), ensure_ascii=False) + "\n")
        fh.flush()


def pending(ws: Workspace, folder: Path, *, settle: float = SETTLE_SECONDS) -> list[Path]:
    """Package files in ``folder`` not yet dealt with and no longer being copied."""
    log = read_log(ws)
    # a file that had to wait (the workspace was busy, or an earlier package was missing) is
    # tried again once something else has been imported since, by any way
    row = ws.db.execute("SELECT max(done_at) FROM packages WHERE direction = 'in'").fetchone()
    last_import = row[0] or ""
    final = [
        e for e in log if e.outcome not in RETRY or e.at >= last_import and e.outcome != "busy"
    ]
    done = {(e.file, e.sha256) for e in final}
    seen = {(e.file, e.size, e.mtime) for e in final}
    found = []
    now = time.time()
    for path in sorted(folder.glob(f"*{packages.SUFFIX}")):
        try:
            stat = path.stat()
        except OSError:
            continue
        if not path.is_file() or now - stat.st_mtime < settle:
            continue
        if (path.name, stat.st_size, stat.st_mtime) in seen:
            continue
        try:
            if (path.name, file_digest(path)) in done:
                continue
        except OSError:  # taken away, or unreadable: the next look will tell
            continue
        found.append(path)
    return found


def scan(
    ws: Workspace,
    folder: Path,
    *,
    receipts: ReceiptMaker | None = None,
    settle: float = SETTLE_SECONDS,
) -> list[InboxEntry]:
    """Import every new package in ``folder``; return what happened to each (also logged).

    ``receipts``, if given, writes the receipt of each imported package of changes into
    ``folder/receipts/``.
    """
    entries = []
    for path in pending(ws, folder, settle=settle):
        try:
            sha = file_digest(path)
            stat = path.stat()
        except OSError:  # taken away meanwhile: the next look will tell
            continue
        entry = InboxEntry(
            path.name,
            sha,
            "refused",
            "",
            timefmt.now_utc(),
            size=stat.st_size,
            mtime=stat.st_mtime,
        )
        try:
            result = exchange.import_package(ws, path)
        except WorkspaceError as exc:
            entry.outcome, entry.message = "busy", exc.message()
        except PackageOrderError as exc:
            entry.outcome, entry.message = "waiting", exc.message()
        except InspectorError as exc:
            entry.message = exc.message()
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
            fault = faults.storage_error(exc, ws.db_path)  # the workspace's disk, not the file's
            if fault is not None:
                entry.outcome, entry.message = "busy", fault.message()
            else:
                entry.message = str(_("The package cannot be read: {problem}", problem=str(exc)))
        else:
            entry.package_id = result.package_id
            entry.outcome = "already" if result.already else "imported"
            entry.message = describe(result)
            if receipts is not None and result.kind == "changes" and not result.already:
                out = folder / "receipts" / f"{path.stem}-receipt{packages.SUFFIX}"
                try:
                    entry.receipt = str(receipts(result, out))
                except InspectorError as exc:
                    entry.message += " " + exc.message()
        if not (entry.outcome == "busy" and _last_outcome(ws, entry.file) == "busy"):
            _append(ws, entry)  # a file waiting for a busy workspace is logged once
        entries.append(entry)
    return entries


def describe(result: exchange.ImportResult) -> str:
    """One line saying what an import did, in the current language."""
    if result.already:
        return str(_("Already imported: nothing changed."))
    clock = (
        " "
        + str(
            _(
                "Its times are {hours} hours ahead of this computer's clock: check the clock of"
                " the laptop that made it.",
                hours=result.clock_ahead_hours,
            )
        )
        if result.clock_ahead_hours
        else ""
    )
    if result.kind == "receipt":
        return str(_("Receipt from the office recorded."))
    why = "".join(
        " " + str(_("{reason} ({n} changes)", reason=reason, n=n))
        for reason, n in refusal_reasons(result)
        if reason
    )
    counts = {
        "applied": result.applied,
        "new": sum(result.new_records.values()),
        "conflicts": len(result.conflicts),
        "refused": len(result.refused),
    }
    if result.preview:
        return (
            str(
                _(
                    "Would import {applied} changes ({new} new records), with {conflicts}"
                    " conflicts to resolve and {refused} changes refused; nothing was changed.",
                    **counts,
                )
            )
            + why
            + clock
        )
    return (
        str(
            _(
                "{applied} changes imported ({new} new records), {conflicts} conflicts to"
                " resolve, {refused} changes refused.",
                **counts,
            )
        )
        + why
        + clock
    )


def refusal_reasons(result: exchange.ImportResult) -> list[tuple[str, int]]:
    """Why changes of an import were refused: each reason once, with how many changes."""
    reasons: dict[str, int] = {}
    for change in result.refused:
        reason = str(change.get("reason") or "")
        reasons[reason] = reasons.get(reason, 0) + 1
    return sorted(reasons.items())


def summary(entries: list[InboxEntry]) -> dict[str, Any]:
    """Counts of outcomes, for a status line."""
    out: dict[str, Any] = {"imported": 0, "already": 0, "refused": 0}
    for e in entries:
        out[e.outcome] = out.get(e.outcome, 0) + 1
    return out

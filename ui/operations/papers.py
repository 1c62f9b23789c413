# SPDX-License-Identifier: GPL-3.0-or-later
"""The office's papers from the app (issue #14): the responsibility ledger's annex and the period
report (PDF or workbook) of a period chosen in :class:`ui.dialogs.papers.PapersDialog`, a
check's follow-on documents, and the
signed minutes of the checks on screen, saved as one PDF or printed in one job. Each is written
on a worker; where it went is said in the status bar."""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QWidget

from inspector.errors import Cancelled, ValidationError
from inspector.i18n import _
from inspector.office import followon
from inspector.office.facets import Filters
from inspector.store.workspace import Workspace
from ui.context import Context, t
from ui.operations.minutes import ScratchFolder, render_pages
from ui.printing import ask_printer, paint

if TYPE_CHECKING:
    from inspector.office import bundle

# The writers (reportlab, python-docx, openpyxl, pypdfium2) load on the worker when a paper is
# written, not when the app starts.


def ask_file(parent: QWidget, title: str, default: str, kinds: dict[str, str]) -> Path | None:
    """Where to write a paper (the system's dialog); ``kinds``: suffix -> what it is. The
    suffix chosen is added if the name lacks one of them; None if refused."""
    patterns = ";;".join(f"{what} (*{suffix})" for suffix, what in kinds.items())
    name, chosen = QFileDialog.getSaveFileName(parent, title, default, patterns)
    if not name:
        return None
    out = Path(name)
    if out.suffix.lower() not in kinds:
        suffix = next(
            (s for s, what in kinds.items() if chosen.startswith(what)), next(iter(kinds))
        )
        out = out.with_name(out.name + suffix)
    return out


def written(ctx: Context, out: Path, _result: Any = None) -> None:
    ctx.window.statusBar().showMessage(t(_("Written: {path}", path=str(out))), 15000)


def papers_job(
    home: Path,
    what: str,
    start: date,
    end: date,
    unit_id: str | None,
    out: Path,
    on_progress: Any,
    is_cancelled: Any,
) -> Path:
    """Worker side: the ledger's annex (``what="ledger"``) or the period report, at ``out``."""
    from inspector.office import ledger, ledger_pdf, report, report_files

    with Workspace.open(home) as ws:
        if what == "ledger":
            return ledger_pdf.render(ws, ledger.ledger(ws, start, end, unit_id=unit_id), out)
        return report_files.write(ws, report.report(ws, start, end, unit_id=unit_id), out)


def document_job(
    home: Path, inspection_id: str, kind: str, out: Path, on_progress: Any, is_cancelled: Any
) -> Path:
    """Worker side: a check's follow-on document, at ``out``."""
    from inspector.office import followon_files

    with Workspace.open(home) as ws:
        return followon_files.write(followon.draft(ws, inspection_id, kind), out)


def write_document(ctx: Context, parent: QWidget, inspection_id: str, kind: str) -> None:
    """Ask where (PDF or Word), then draft a check's follow-on document there."""
    stem = "bao-cao-ket-qua" if kind == followon.Kind.REPORT else "thong-bao-ket-luan"
    out = ask_file(
        parent,
        t(_("Draft of the report of results"))
        if kind == followon.Kind.REPORT
        else t(_("Draft of the notice of conclusions")),
        str(Path.home() / f"{stem}.docx"),
        {".docx": "Word", ".pdf": "PDF"},
    )
    if out is None:
        return
    ctx.jobs.start(
        partial(document_job, ctx.ws.home, inspection_id, kind, out),
        label=t(_("Writing {name}…", name=out.name)),
        on_success=partial(written, ctx, out),
        on_failure=ctx.error,
    )


def bundle_job(
    home: Path, filters: Filters, out: Path, on_progress: Any, is_cancelled: Any
) -> list[bundle.Bundled]:
    """Worker side: the signed minutes of the checks of ``filters``' findings, in one PDF."""
    from inspector.office import bundle

    with Workspace.open(home) as ws:
        checks = bundle.signed_checks(ws, filters)
        if not checks:
            raise ValidationError(_("None of these checks' minutes are signed yet."))
        return bundle.bundle(ws, checks, out)


def save_bundle(ctx: Context, parent: QWidget, filters: Filters) -> None:
    """Ask where, then write the signed minutes of the checks on screen as one PDF."""
    out = ask_file(
        parent,
        t(_("The signed minutes of these checks, in one file")),
        str(Path.home() / f"bien-ban-{date.today():%Y%m%d}.pdf"),
        {".pdf": "PDF"},
    )
    if out is None:
        return
    ctx.jobs.start(
        partial(bundle_job, ctx.ws.home, filters, out),
        label=t(_("Writing {name}…", name=out.name)),
        on_success=partial(written, ctx, out),
        on_failure=ctx.error,
    )


def print_bundle(ctx: Context, filters: Filters, printer: QPrinter | None = None) -> None:
    """Ask for a printer (unless one is given), then print the signed minutes of the checks on
    screen in one job (the file made for it, in a temporary folder, removed once printed)."""
    printer = printer or ask_printer(ctx)
    if printer is None:
        return
    dpi = min(300, max(150, printer.resolution()))

    def job(on_progress: Any, is_cancelled: Any) -> None:
        scratch = ScratchFolder("inspector-bundle-", {"worker"})
        try:
            out = scratch.path / "bien-ban.pdf"
            bundle_job(ctx.ws.home, filters, out, on_progress, is_cancelled)
            _pdf, pages = render_pages(out, None, dpi, on_progress, is_cancelled)
            if is_cancelled():
                raise Cancelled(_("Cancelled."))
            paint(printer, pages)
        finally:
            scratch.release("worker")

    ctx.jobs.start(
        job,
        label=t(_("Preparing the pages for printing…")),
        on_success=lambda _result: None,
        on_failure=ctx.error,
    )

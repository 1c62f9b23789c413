# SPDX-License-Identifier: GPL-3.0-or-later
"""Take the README's screenshots of the real app, under Xvfb, on the demo workspace.

    .venv/bin/python tools/screenshots.py [OUT_DIR]      (default: docs/screenshots)

Needs Debian's xvfb, xauth and imagemagick (apt-get install xvfb xauth imagemagick); openbox,
if installed, gives the office's minutes dialog the title bar that shows its verification.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inspector.demo.build import build_demo  # noqa: E402
from inspector.fieldwork import checklists, screens, signatories  # noqa: E402
from inspector.store.workspace import Workspace  # noqa: E402

SCREENS = [
    ("inspections", {}),
    ("decision", {"tab": "decision"}),
    ("roll-call", {"tab": "roll_call"}),
    ("checklist", {"tab": "checklist", "area": "B"}),
    ("findings", {"tab": "findings", "finding": "B4"}),
    ("dossiers", {"tab": "dossiers"}),
    ("evidence", {"tab": "evidence"}),
    ("minutes", {"tab": "minutes"}),
]
SIZE = "1366x768"
SCRIBBLE = [
    [[0.08 + 0.04 * i, 0.55 - 0.25 * ((i % 4) in (1, 2))] for i in range(20)],
    [[0.2, 0.75], [0.85, 0.7]],
]
WAIT = 5


def _shoot(
    command: str,
    target: Path,
    env: dict[str, str] | None = None,
    *,
    wait: int = WAIT,
    titled: bool = False,
) -> None:
    """Run ``command`` (the app) on a virtual screen, and capture the screen after a while.

    ``titled``: under a window manager (openbox, if installed), so that windows show their
    titles as on a desktop (a dialog that says something in its title).
    """
    manager = "openbox & sleep 1;" if titled and shutil.which("openbox") else ""
    script = (
        f"{manager} {command} & pid=$!; sleep {wait};"
        f' import -window root "{target}"; kill $pid; wait $pid || true'
    )
    subprocess.run(
        ["xvfb-run", "-a", "-s", f"-screen 0 {SIZE}x24", "bash", "-c", script],
        check=True,
        cwd=ROOT,
        env=env or {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    print(target)


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    for tool in ("xvfb-run", "import"):
        if shutil.which(tool) is None:
            print(
                f"screenshots: {tool} is missing: apt-get install xvfb xauth imagemagick",
                file=sys.stderr,
            )
            return 1
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="inspector-shots-") as tmp:
        home = Path(tmp) / "demo"
        with Workspace.open(home) as ws:
            made = build_demo(ws, seed=1)
            # the team has signed on screen (a drawn scribble stands for each signature)
            for proposal in signatories.proposed_signatories(ws, made.inspection_id):
                if proposal["side"] == "TEAM":
                    signatories.sign_as(ws, made.inspection_id, proposal, SCRIBBLE)
            by_item = {f["item_code"]: f["id"] for f in screens.findings(ws, made.inspection_id)}
            ws.set_setting("ui.language", "vi")
        for name, screen in SCREENS:
            with Workspace.open(home) as ws:
                if screen:
                    chosen = {**screen, "inspection": made.inspection_id}
                    if "finding" in chosen:
                        chosen["finding"] = by_item[chosen["finding"]]
                    ws.set_setting("ui.screen", json.dumps(chosen))
                else:
                    ws.set_setting("ui.screen", "{}")
                ws.set_setting("ui.geometry", None)
            target = out / f"{name}.png"
            _shoot(f'"{sys.executable}" -m ui --home "{home}"', target)
    sync_screens(out)
    field_screens(out)
    office_screens(out)
    return 0


# The field path from a new laptop: the welcome, enrolment, what the minutes still lack, the
# built-in preview, a correction.
FIELD_SCRIPT = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from inspector.store.workspace import Workspace
from ui import language
from ui.collector import MainThreadCollector
from ui.main_window import MainWindow

home, mode = Path(sys.argv[1]), sys.argv[2]
app = QApplication([])
collector = MainThreadCollector(app)
language.apply("vi")
window = MainWindow(Workspace.open(home))
window.show()
if mode == "enrolment":
    from ui.dialogs.enrol import EnrolDialog
    QTimer.singleShot(500, lambda: EnrolDialog(window.ctx).exec())
elif mode == "preview":
    QTimer.singleShot(500, window.workbench.minutes.preview)
elif mode == "correction":
    def correct():
        table = window.workbench.roll_call.table
        table.selectRow(3)
        window.workbench.roll_call.edit_person()
    QTimer.singleShot(500, correct)
app.exec()
"""


def field_screens(out: Path) -> None:
    """The screens of the field path, on an empty workspace and on the demo before signing."""
    from inspector.fieldwork import units

    with tempfile.TemporaryDirectory(prefix="inspector-shots-") as tmp:
        root = Path(tmp)
        empty, demo = root / "empty", root / "demo"
        with Workspace.open(empty) as ws:
            checklists.ensure_bundled_checklist(ws)  # as the app's first run does
            ws.set_setting("ui.language", "vi")
        with Workspace.open(demo) as ws:
            made = build_demo(ws, seed=1)
            ws.set_setting("ui.language", "vi")
            # two gaps the minutes would print as dots: a position and a gender
            units.update_person(ws, made.people["Trần Thị Mai"], position=None)
            units.update_person(ws, made.people["Lê Quang Minh"], gender=None)
        script = root / "shot.py"
        script.write_text(FIELD_SCRIPT, encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
        env["PYTHONPATH"] = str(ROOT)
        shots = [
            ("field-first-run", empty, "window", None),
            ("field-enrolment", empty, "enrolment", None),
            ("field-missing", demo, "window", "minutes"),
            ("field-preview", demo, "preview", "minutes"),
            ("field-correction", demo, "correction", "roll_call"),
        ]
        for name, home, mode, tab in shots:
            with Workspace.open(home) as ws:
                screen = {"inspection": made.inspection_id, "tab": tab} if tab else {}
                ws.set_setting("ui.screen", json.dumps(screen))
                ws.set_setting("ui.geometry", None)
            _shoot(f'"{sys.executable}" "{script}" "{home}" {mode}', out / f"{name}.png", env)


# The conflicts screen and an import's preview, at an office that imported two inspectors' packages.
SYNC_SCRIPT = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from inspector.sync import exchange
from inspector.store.workspace import Workspace
from ui import language
from ui.dialogs.import_preview import ImportDialog
from ui.main_window import MainWindow

home, package, mode = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
app = QApplication([])
language.apply("vi")
window = MainWindow(Workspace.open(home))
window.show()
if mode == "conflicts":
    QTimer.singleShot(500, window.sync.show_conflicts)
else:
    result = exchange.import_package(window.workspace, package, preview=True)
    QTimer.singleShot(500, lambda: ImportDialog(window, result, window.workspace).exec())
app.exec()
"""


def sync_screens(out: Path) -> None:
    """Two inspectors change the same finding; the office sees the preview, then the conflict."""
    from inspector.fieldwork import findings, recommendations
    from inspector.sync import exchange
    from tests.sync_world import load_keys, make_base, open_world

    with tempfile.TemporaryDirectory(prefix="inspector-shots-") as tmp:
        root = Path(tmp)
        inspection_id = make_base(root / "base")
        world = open_world(root / "base", root / "w", inspection_id, load_keys(root / "base"))
        finding, severity = world.a.db.execute(
            "SELECT id, severity FROM findings ORDER BY title LIMIT 1"
        ).fetchone()
        grade_a, grade_b = [g for g in ("4", "3", "2") if g != severity][:2]
        findings.update_finding(world.a, finding, severity=grade_a)
        findings.update_finding(world.b, finding, severity=grade_b, description="Bổ sung của Mai")
        rec = world.a.db.execute("SELECT id FROM recommendations ORDER BY text LIMIT 1").fetchone()
        recommendations.delete_recommendation(world.a, rec[0])
        recommendations.update_recommendation(world.b, rec[0], text="Kiến nghị Mai sửa lại")
        pa, pb = world.export(world.a, "a1"), world.export(world.b, "b1")
        exchange.import_package(world.office, pa)
        world.office.set_setting("ui.screen", "{}")
        home = world.office.home
        world.close()
        script = root / "shot.py"
        script.write_text(SYNC_SCRIPT, encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
        env["PYTHONPATH"] = str(ROOT)
        for name, mode in (("sync-preview", "preview"), ("sync-conflicts", "conflicts")):
            if mode == "conflicts":
                with Workspace.open(home) as office:
                    exchange.import_package(office, pb)
            target = out / f"{name}.png"
            _shoot(f'"{sys.executable}" "{script}" "{home}" "{pb}" {mode}', target, env)


# The office's home (every team's findings and the facets), a search typed without marks, and
# the drill from a finding to its signed minutes, on the workspace 'inspector demo --office' makes.
OFFICE_SCRIPT = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from inspector.store.workspace import Workspace
from ui import language
from ui.collector import MainThreadCollector
from ui.main_window import MainWindow

home, mode, finding = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
app = QApplication([])
collector = MainThreadCollector(app)
language.apply("vi")
window = MainWindow(Workspace.open(home))
window.show()
if mode == "minutes":
    def drill():
        page = window.office_page
        for n in range(page.model.rowCount()):
            if page.model.row(n).id == finding:
                page.table.selectRow(n)
        page.show_minutes()
    QTimer.singleShot(500, drill)
if mode == "followup":  # the register, the most overdue recommendation chosen
    QTimer.singleShot(500, lambda: window.followup_page.table.selectRow(0))
if mode == "dashboard":  # the charts of every finding
    QTimer.singleShot(300, window.show_dashboard)
app.exec()
"""


def office_screens(out: Path) -> None:
    """The office's screens, on the workspace of ``inspector demo --office``."""
    from inspector.demo.office import build_office_demo

    with tempfile.TemporaryDirectory(prefix="inspector-shots-") as tmp:
        root = Path(tmp)
        home = root / "office"
        with Workspace.open(home) as ws:
            made = build_office_demo(ws)
            ws.set_setting("ui.language", "vi")
            # a finding of the signed check: the conference that cost more than the norm
            (finding,) = ws.db.execute(
                "SELECT f.id FROM findings f JOIN checklist_items ci ON ci.id = f.item_id"
                " WHERE f.inspection_id = ? AND ci.code = 'F3'",
                [made.signed_inspection],
            ).fetchone()
        script = root / "shot.py"
        script.write_text(OFFICE_SCRIPT, encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
        env["PYTHONPATH"] = str(ROOT)
        shots = [
            ("office-home", "window", ""),
            ("office-search", "window", "q=qua han"),
            ("office-minutes", "minutes", ""),
            ("office-followup", "followup", ""),
            ("office-dashboard", "dashboard", ""),
        ]
        for name, mode, filters in shots:
            screen = {"followup": True} if mode == "followup" else {"office": filters}
            with Workspace.open(home) as ws:
                ws.set_setting("ui.screen", json.dumps(screen))
                ws.set_setting("ui.geometry", None)
            _shoot(
                f'"{sys.executable}" "{script}" "{home}" {mode} {finding}',
                out / f"{name}.png",
                env,
                wait=WAIT + 3 if mode == "minutes" else WAIT,  # the pages drawn, then shown
                titled=mode == "minutes",  # the dialog's title says what verifying found
            )
        ledger_page(home, out / "office-ledger.png")
        report_page(home, out / "office-report.png")
        notice_page(home, out / "office-notice.png")


def ledger_page(home: Path, target: Path) -> None:
    """The first page of the responsibility ledger's annex of the office demo's year, as the
    office prints it (``inspector ledger --out``, then pdftoppm at 90 dpi)."""
    from inspector.office import ledger, ledger_pdf

    pdf = target.with_suffix(".pdf")
    with Workspace.open(home) as ws:
        ledger_pdf.render(ws, ledger.ledger(ws, "2026-01-01", "2026-12-31"), pdf)
    _first_page(pdf, target)


def report_page(home: Path, target: Path) -> None:
    """The first page of the period report of the office demo's year (``inspector report``)."""
    from inspector.office import report, report_files

    pdf = target.with_suffix(".pdf")
    with Workspace.open(home) as ws:
        report_files.to_pdf(ws, report.report(ws, "2026-01-01", "2026-12-31"), pdf)
    _first_page(pdf, target)


def notice_page(home: Path, target: Path) -> None:
    """The first page of the notice of conclusions of the office demo's signed check."""
    from inspector.office import followon, followon_files

    pdf = target.with_suffix(".pdf")
    with Workspace.open(home) as ws:
        (check,) = ws.db.execute("SELECT id FROM inspections WHERE status = 'SIGNED'").fetchone()
        followon_files.to_pdf(followon.draft(ws, check, "notice"), pdf)
    _first_page(pdf, target)


def _first_page(pdf: Path, target: Path) -> None:
    """A PDF's first page as a PNG at 90 dpi (the PDF then removed)."""
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "90",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            "-png",
            str(pdf),
            str(target.with_suffix("")),
        ],
        check=True,
    )
    pdf.unlink()


if __name__ == "__main__":
    sys.exit(main())

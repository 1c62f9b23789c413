# SPDX-License-Identifier: GPL-3.0-or-later
"""The office's demo: a supervisors' workspace holding three teams' checks, each sent from the
team's own laptop in a signed package and imported the way every package is.

The workspace becomes an office: it holds a certificate authority (under the demo's public
passphrase, so it is marked as the demo's and nothing real should trust it). For each team, a
laptop workspace is made in a temporary folder: the office prepares it with a field kit (the
register of units, the checklists, the certificate the office issued for the team leader's key),
the team records its check (the first team the field demo's whole check, its minutes signed and
sealed; the two others lighter checks of other provinces, one ended, one still under way), and
exports everything in a package signed with the leader's certificate, which the office imports.
The office then follows up a few recommendations, as supervisors do after a visit.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from inspector.demo.build import DEMO_PASSPHRASE, build_demo
from inspector.demo.scene import TEAM
from inspector.demo.teams import record_team_check
from inspector.demo.teams_scene import SCENES, TeamScene
from inspector.errors import ValidationError
from inspector.fieldwork import checklists, recommendations, units
from inspector.i18n import _
from inspector.minutes import sealing
from inspector.store.workspace import Workspace
from inspector.sync import exchange
from inspector.trust import identity
from inspector.vocabulary import RecommendationStatus

AUTHORITY = "Văn phòng kiểm tra BHXH (demo)"
OFFICE_MARK = "demo-office"  # beside the authority's key: made by 'inspector demo --office'
MINUTES_NUMBER = "03/BB-ĐKT"  # the field demo's minutes number


@dataclass
class TeamResult:
    """What one team sent and the office imported."""

    leader: str
    unit: str
    decision: str
    inspection_id: str
    status: str
    findings: int
    changes: int  # changes the office applied from the team's package
    signed: bool


@dataclass
class OfficeDemo:
    """What the office's demo made."""

    teams: list[TeamResult] = field(default_factory=list)
    findings: int = 0
    followed_up: int = 0

    @property
    def signed_inspection(self) -> str:
        """The check whose minutes were signed and sealed on its team's laptop."""
        return next(t.inspection_id for t in self.teams if t.signed)


def is_office_demo(ws: Workspace) -> bool:
    """Whether ``ws`` is the office's demo (its authority's passphrase is the public one)."""
    return (identity.keys_dir(ws) / OFFICE_MARK).exists()


def _refuse_unless_empty(ws: Workspace) -> None:
    """The office's demo makes the workspace an authority: only an empty one becomes it."""
    if ws.db.execute("SELECT 1 FROM inspections LIMIT 1").fetchone() is not None:
        raise ValidationError(
            _(
                "The office demo needs an empty workspace, and this one already holds checks;"
                " give another folder with --home."
            )
        )
    if identity.is_authority_here(ws) or identity.has_identity(ws):
        raise ValidationError(
            _(
                "The office demo needs an empty workspace, and this one already has signing"
                " keys; give another folder with --home."
            )
        )


def build_office_demo(
    ws: Workspace,
    *,
    today: date | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> OfficeDemo:
    """Make ``ws`` (empty) the office of three teams whose checks it imported from their packages.

    ``today`` places the two lighter checks and every deadline of their recommendations (some
    past, some to come); default, the computer's date. The laptops live in a temporary folder,
    removed at the end. Call from a worker: it takes seconds (keys, signing, packages).

    Raises:
        ValidationError: the workspace already holds checks or keys.
    """
    _refuse_unless_empty(ws)
    today = today or date.today()
    steps = 2 + len(SCENES)
    checklists.ensure_bundled_checklist(ws)
    identity.init_ca(ws, AUTHORITY, DEMO_PASSPHRASE)
    (identity.keys_dir(ws) / OFFICE_MARK).write_text(
        "the office's authority made by 'inspector demo --office'; its passphrase is public\n",
        encoding="utf-8",
    )
    authority = identity.load_authority(ws, DEMO_PASSPHRASE)
    fingerprint = exchange.packages.fingerprint(authority.certificate)[:32]
    # The register the office keeps: the laptops find the national body there, not each its own.
    units.add_unit(
        ws,
        name="Bảo hiểm xã hội Việt Nam",
        level="CENTRAL",
        code="BHXH",
        superior_for_header="BỘ TÀI CHÍNH",
    )
    made = OfficeDemo()
    teams: list[TeamScene | None] = [None, *SCENES]  # None: the field demo's team
    with tempfile.TemporaryDirectory(prefix="inspector-office-demo-") as tmp:
        root = Path(tmp)
        for n, scene in enumerate(teams, start=1):
            if on_progress:
                on_progress(n, steps)
            leader = scene.leader if scene else TEAM[0][0]
            package = _team_laptop(ws, root / f"team{n}", leader, scene, today, fingerprint)
            result = exchange.import_package(ws, package)
            made.teams.append(_team_result(ws, leader, result))
    if on_progress:
        on_progress(steps, steps)
    made.followed_up = _follow_up(ws)
    made.findings = ws.db.execute("SELECT count(*) FROM findings WHERE deleted = 0").fetchone()[0]
    return made


def _team_laptop(
    office: Workspace,
    home: Path,
    leader: str,
    scene: TeamScene | None,
    today: date,
    fingerprint: str,
) -> Path:
    """Prepare a team's laptop from the office, record the team's check on it, and export it all;
    return the package's path (beside the laptop's folder)."""
    with Workspace.open(home) as laptop:
        request = identity.init_keys(laptop, leader, DEMO_PASSPHRASE)
        issued = identity.issue(office, request.read_bytes(), DEMO_PASSPHRASE)
        kit = exchange.make_field_kit(
            office,
            home.parent / f"{home.name}-kit.inspkg",
            identity.load_authority(office, DEMO_PASSPHRASE),
            certificate=issued,
        )
        # the fingerprint a laptop's user checks by phone with the office, given here as read
        exchange.import_package(laptop, kit.path, trust_fingerprint=fingerprint)
        if scene is None:  # the field demo's check, signed and sealed by its leader
            inspection_id = build_demo(laptop).inspection_id
            sealing.sign_minutes(laptop, inspection_id, DEMO_PASSPHRASE, number=MINUTES_NUMBER)
        else:
            record_team_check(laptop, scene, today)
        sent = exchange.export_package(
            laptop,
            home.parent / f"{home.name}.inspkg",
            identity.load_identity(laptop, DEMO_PASSPHRASE),
            everything=True,
        )
    return sent.path


def _team_result(ws: Workspace, leader: str, result: exchange.ImportResult) -> TeamResult:
    """The check the team's package brought, as the office now has it."""
    row = ws.db.execute(
        "SELECT i.id, i.status, d.number_symbol, u.name,"
        " (SELECT count(*) FROM findings f WHERE f.inspection_id = i.id AND f.deleted = 0)"
        " FROM inspections i JOIN decisions d ON d.id = i.decision_id"
        " JOIN org_units u ON u.id = i.unit_id"
        " JOIN team_members t ON t.inspection_id = i.id AND t.role = 'LEADER' AND t.deleted = 0"
        " JOIN people p ON p.id = t.person_id"
        " WHERE i.deleted = 0 AND p.full_name = ?",
        [leader],
    ).fetchone()
    return TeamResult(
        leader=leader,
        unit=row[3],
        decision=row[2],
        inspection_id=row[0],
        status=row[1],
        findings=row[4],
        changes=result.applied,
        signed=row[1] == "SIGNED",
    )


def _follow_up(ws: Workspace) -> int:
    """The office follows up the oldest check's recommendations: the earliest deadline done, the
    next under way (the others wait, some past their deadline); return how many it moved."""
    rows = ws.db.execute(
        "SELECT r.id FROM recommendations r JOIN inspections i ON i.id = r.inspection_id"
        " WHERE r.deleted = 0 AND r.deadline IS NOT NULL AND i.status = 'SIGNED'"
        " ORDER BY r.deadline, r.id LIMIT 2"
    ).fetchall()
    moves = [
        (RecommendationStatus.DONE, "Đơn vị đã báo cáo kết quả khắc phục"),
        (RecommendationStatus.IN_PROGRESS, "Đơn vị đang thực hiện"),
    ]
    for (rec_id,), (status, note) in zip(rows, moves, strict=False):
        recommendations.set_recommendation_status(ws, rec_id, status.value, note=note)
    return len(rows)

# SPDX-License-Identifier: GPL-3.0-or-later
"""The field kit: what the office prepares for an inspector's laptop, as a package.

It carries the registers (units, staff, checklists) and any prepared checks as changes, like any
package, and besides them the holiday calendar, the authorities the office trusts, and the
certificate the office issued for the laptop's key. Because it can make a laptop trust a new
authority, a kit must be signed with the office's authority itself (not a person's certificate
that authority issued), and that authority must already be trusted, or its fingerprint checked.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from inspector import atomic, workdays
from inspector.errors import PackageError, ValidationError
from inspector.i18n import _
from inspector.store import records, seals
from inspector.store.workspace import Workspace
from inspector.sync import outbox, packages
from inspector.sync.outbox import ExportResult
from inspector.sync.packages import Package
from inspector.trust import identity
from inspector.trust.identity import Identity

REGISTER_TABLES = (
    "org_units",
    "org_unit_predecessors",
    "people",
    "checklist_templates",
    "checklist_areas",
    "checklist_items",
)


def make_field_kit(
    ws: Workspace,
    out: Path,
    authority: Identity,
    *,
    certificate: bytes | None = None,
    inspections: list[str] | None = None,
) -> ExportResult:
    """Prepare a package for an inspector's laptop: registers, checklists, holidays, trusted
    authorities, the inspector's issued certificate and prepared checks; signed by
    ``authority`` (the office's, see :func:`inspector.trust.identity.load_authority`)."""
    if not packages.is_authority(authority.certificate):
        raise ValidationError(_("A field kit is signed with the office's authority."))
    if certificate is not None:
        try:
            x509.load_pem_x509_certificates(certificate)
        except ValueError as exc:
            raise ValidationError(_("The file does not hold certificates in PEM form.")) from exc
    marks = ", ".join("?" for _ in REGISTER_TABLES)
    changes = outbox.select_changes(ws, f"WHERE table_name IN ({marks})", list(REGISTER_TABLES))
    for inspection_id in inspections or []:
        row = records.get(ws.db, "inspections", inspection_id, what=_("Inspection"))
        wanted: dict[str, list[str]] = defaultdict(list)
        wanted["decisions"].append(row["decision_id"])
        for table, rec in seals.inspection_records(ws.db, inspection_id):
            wanted[table].append(rec["id"])
        wanted["minutes"] += [  # a signed check goes with its seal
            r[0]
            for r in ws.db.execute(
                "SELECT id FROM minutes WHERE inspection_id = ?", [inspection_id]
            )
        ]
        for table, ids in wanted.items():
            for chunk in outbox.chunks(ids):
                changes += outbox.select_changes(
                    ws,
                    f"WHERE table_name = ? AND record_id IN ({', '.join('?' for _ in chunk)})",
                    [table, *chunk],
                )
    unique = list({c["change_id"]: c for c in changes}.values())

    def extra(writer: packages.Writer) -> None:
        writer.add_bytes("kit/calendar.json", workdays.calendar_file(ws.home).read_bytes())
        for cert in _trusted_here(ws):
            writer.add_bytes(
                f"kit/trusted/{packages.fingerprint(cert)[:16]}.pem",
                cert.public_bytes(serialization.Encoding.PEM),
            )
        if certificate is not None:
            writer.add_bytes("kit/certificate.pem", certificate)

    return outbox.write_package(ws, out, authority, "field-kit", unique, extra=extra)


def _trusted_here(ws: Workspace) -> list[x509.Certificate]:
    found = {packages.fingerprint(c): c for c in identity.trust_roots(ws)}
    own = identity.keys_dir(ws) / identity.CA_CERT
    if own.exists():
        for cert in x509.load_pem_x509_certificates(own.read_bytes()):
            found[packages.fingerprint(cert)] = cert
    return list(found.values())


def news(ws: Workspace, pkg: Package) -> dict[str, Any]:
    """What a kit brings besides changes: a different calendar, authorities, a certificate.

    Raises:
        PackageError: the kit is not signed by an authority, or a part of it cannot be read.
    """
    if not packages.is_authority(pkg.signer):
        raise PackageError(_("A field kit must be signed by the office's authority."))
    entries = pkg.manifest["entries"]
    found: dict[str, Any] = {"calendar": False, "trusted": [], "certificate": None}
    if "kit/calendar.json" in entries:
        data = pkg.read("kit/calendar.json")
        try:
            workdays.WorkCalendar.from_bytes(data)
        except (KeyError, ValueError, TypeError) as exc:
            raise PackageError(
                _("The package is damaged: its holiday calendar cannot be read.")
            ) from exc
        found["calendar"] = data != workdays.calendar_file(ws.home).read_bytes()
    have = {packages.fingerprint(c) for c in identity.trust_roots(ws)}
    for name in sorted(entries):
        if name.startswith("kit/trusted/"):
            cert = _certificate(pkg, name)
            if packages.fingerprint(cert) not in have and packages.is_authority(cert):
                found["trusted"].append(identity.common_name(cert))
    if "kit/certificate.pem" in entries:
        found["certificate"] = _certificate_news(ws, pkg.read("kit/certificate.pem"))
    return found


def _certificate(pkg: Package, name: str) -> x509.Certificate:
    try:
        return x509.load_pem_x509_certificate(pkg.read(name))
    except ValueError as exc:
        raise PackageError(_("The package's signer certificate is damaged.")) from exc


def _certificate_news(ws: Workspace, pem: bytes) -> str | None:
    """The name on a kit's certificate if it is for this workspace's key and not installed yet."""
    current = identity.keys_dir(ws) / identity.CERTIFICATE
    if not current.exists():
        return None
    try:
        certs = x509.load_pem_x509_certificates(pem)
        mine = x509.load_pem_x509_certificates(current.read_bytes())
    except ValueError:
        return None
    if certs[0].public_key() != mine[0].public_key() or certs == mine:
        return None
    return identity.common_name(certs[0])


def trust(ws: Workspace, cert: x509.Certificate) -> None:
    """Trust an authority from now on (its certificate goes to ``keys/trusted``)."""
    folder = identity.keys_dir(ws) / "trusted"
    folder.mkdir(parents=True, exist_ok=True)
    atomic.write_atomic(
        folder / f"{packages.fingerprint(cert)[:16]}.pem",
        cert.public_bytes(serialization.Encoding.PEM),
    )


def apply(ws: Workspace, pkg: Package, found: dict[str, Any]) -> None:
    """Install a kit's calendar, authorities and certificate, once its import is committed
    (each step can be done again: importing the kit again finishes what a crash interrupted)."""
    if found.get("calendar"):
        target = workdays.workspace_calendar_path(ws.home)
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_atomic(target, pkg.read("kit/calendar.json"))  # ws.calendar reads it anew
    for name in sorted(pkg.manifest["entries"]):
        if name.startswith("kit/trusted/"):
            cert = _certificate(pkg, name)
            if packages.is_authority(cert):
                trust(ws, cert)
    if found.get("certificate"):
        identity.install(ws, pkg.read("kit/certificate.pem"))

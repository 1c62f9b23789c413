# SPDX-License-Identifier: GPL-3.0-or-later
"""The package file: one zip carried by USB stick, e-mail or shared folder between workspaces.

Entries:
``manifest.json`` (what the package is and the SHA-256 and size of every other entry),
``manifest.sig`` (the signer's ECDSA signature of the manifest's bytes),
``signer.pem`` (the signer's certificate, then the chain above it),
and the content: ``changes.jsonl``, ``records.jsonl``, ``evidence/<sha256>``,
``minutes/<sha256>.pdf``, and for some kinds ``receipt.json`` or ``kit/...``.

Reading checks everything before anything is used: that it is a zip, the format and schema
versions, the number, names and sizes of entries and their compression ratio (no zip bombs, no
paths outside the package), the signature and that its signer chains to a root this workspace
trusts, and every entry's digest. Writing goes to a temporary file that is flushed and renamed,
so a crash never leaves half a package under the final name.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from inspector import __version__, atomic
from inspector.errors import Cancelled, PackageError
from inspector.i18n import _
from inspector.store.db import SCHEMA_VERSION
from inspector.store.evidence_store import CHUNK, MAX_EVIDENCE_BYTES, file_digest
from inspector.trust.identity import Identity, common_name

FORMAT = "inspector-package"
FORMAT_VERSION = 1
SUFFIX = ".inspkg"
KINDS = ("changes", "receipt", "field-kit")
MANIFEST, SIGNATURE, SIGNER = "manifest.json", "manifest.sig", "signer.pem"

MAX_ENTRIES = 250_000
MAX_MANIFEST = 32 << 20  # the manifest (a digest and size per entry: 250,000 entries fit)
# changes.jsonl, records.jsonl, sets.jsonl: a hundred thousand records of the app's longest
# texts (20,000 characters, up to 4 bytes each in UTF-8), with their changes, fit
MAX_LISTS = 1 << 30
MAX_SMALL = 1 << 20  # a receipt, a kit's calendar or certificate
LISTS = ("changes.jsonl", "records.jsonl", "sets.jsonl")
MAX_TOTAL = 64 << 30  # all entries together, uncompressed
MAX_RATIO = 200  # uncompressed / compressed, for entries above RATIO_FLOOR
RATIO_FLOOR = 1 << 20
_ENTRY_NAME = re.compile(
    r"^(changes\.jsonl|records\.jsonl|sets\.jsonl|receipt\.json|evidence/[0-9a-f]{64}"
    r"|minutes/[0-9a-f]{64}\.pdf|kit/calendar\.json|kit/certificate\.pem"
    r"|kit/trusted/[0-9a-f]{16}\.pem)$"
)


def fingerprint(cert: x509.Certificate) -> str:
    """The SHA-256 fingerprint of a certificate, as hex."""
    return cert.fingerprint(hashes.SHA256()).hex()


@dataclass
class Package:
    """A package whose manifest, signature and entries have all been checked."""

    path: Path
    manifest: dict[str, Any]
    signer: x509.Certificate
    chain: list[x509.Certificate]
    file_sha256: str
    newly_trusted: x509.Certificate | None = None  # the root --trust FINGERPRINT accepted
    lists: dict[str, bytes] = field(default_factory=dict)  # the change lists, as checked

    @property
    def package_id(self) -> str:
        """The package's id."""
        return str(self.manifest["package_id"])

    @property
    def kind(self) -> str:
        """What the package carries: changes, a receipt or a field kit."""
        return str(self.manifest["kind"])

    @property
    def signer_name(self) -> str:
        """Who signed the package."""
        return common_name(self.signer)

    @contextmanager
    def open(self, name: str) -> Iterator[IO[bytes]]:
        """Open a checked entry for reading."""
        with zipfile.ZipFile(self.path) as archive, archive.open(name) as fh:
            yield fh

    def read(self, name: str) -> bytes:
        """Read a whole (small) entry, checking again that it is what the manifest lists (the
        file may have been replaced since it was checked); the change lists, kept as they
        were checked, are not read twice."""
        if name in self.lists:
            return self.lists[name]
        with self.open(name) as fh:
            data = fh.read()
        if hashlib.sha256(data).hexdigest() != self.manifest["entries"][name]["sha256"]:
            raise PackageError(_("The package was changed while it was being imported."))
        return data


class Writer:
    """Build a package under a temporary name; ``commit`` signs it and puts it in place."""

    def __init__(self, out: Path, kind: str, header: dict[str, Any]) -> None:
        self.out = out
        self.pending = atomic.AtomicFile(out.parent, prefix=f".{out.name}.", suffix=".partial")
        self.tmp = self.pending.path  # the unfinished package's name
        self.zip = zipfile.ZipFile(self.pending.file, "w", allowZip64=True)
        self.entries: dict[str, dict[str, Any]] = {}
        self.manifest: dict[str, Any] = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "schema_version": SCHEMA_VERSION,
            "app_version": __version__,
            "kind": kind,
            **header,
        }

    def add_bytes(self, name: str, data: bytes, *, compress: bool = True) -> None:
        """Add an entry from memory."""
        method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        self.zip.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), data, method, 6)
        self.entries[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}

    def add_file(self, name: str, path: Path, sha256: str, *, compress: bool = False) -> None:
        """Add an entry from a file whose digest is known (it is checked as it is copied)."""
        info = zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        digest = hashlib.sha256()
        size = 0
        with open(path, "rb") as src, self.zip.open(info, "w", force_zip64=True) as dst:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                dst.write(chunk)
                size += len(chunk)
        if digest.hexdigest() != sha256:
            raise PackageError(
                _("The stored file {path} no longer matches its digest.", path=str(path))
            )
        self.entries[name] = {"sha256": sha256, "size": size}

    def commit(self, ident: Identity, **extra: Any) -> dict[str, Any]:
        """Write the manifest and its signature, flush, and rename to the final name."""
        self.manifest.update(extra)
        self.manifest["entries"] = dict(sorted(self.entries.items()))
        data = json.dumps(self.manifest, ensure_ascii=False, sort_keys=True, indent=1).encode()
        signature = ident.key.sign(data, ec.ECDSA(hashes.SHA256()))
        chain = b"".join(
            c.public_bytes(serialization.Encoding.PEM) for c in [ident.certificate, *ident.chain]
        )
        for name, payload in ((MANIFEST, data), (SIGNATURE, signature), (SIGNER, chain)):
            self.zip.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), payload)
        self.zip.close()
        self.pending.commit(self.out)
        return self.manifest

    def abort(self) -> None:
        """Throw the unfinished package away."""
        try:
            self.zip.close()
        except (OSError, ValueError):
            pass
        self.pending.discard()


def _refuse(text: Any) -> PackageError:
    return PackageError(text)


def entry_limit(name: str) -> int:
    """The most an entry of this name may unpack to: each kind has its own limit."""
    if name.startswith(("evidence/", "minutes/")):
        return MAX_EVIDENCE_BYTES
    if name in LISTS:
        return MAX_LISTS
    if name == MANIFEST:
        return MAX_MANIFEST
    return MAX_SMALL


def _check_layout(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """Check entry names, counts, sizes and ratios before anything is decompressed."""
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise _refuse(_("The package holds too many files to be a real package."))
    names: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        if (
            name.startswith(("/", "\\"))
            or "\\" in name
            or ".." in name.split("/")
            or re.match(r"^[A-Za-z]:", name)
        ):
            raise _refuse(
                _("The package holds a file whose path leads outside it ({name}).", name=name)
            )
        if name in names:
            raise _refuse(_("The package holds the file {name} twice.", name=name))
        if name not in (MANIFEST, SIGNATURE, SIGNER) and not _ENTRY_NAME.match(name):
            raise _refuse(_("The package holds a file it should not ({name}).", name=name))
        limit = entry_limit(name)
        if (
            info.file_size > limit
            or (
                info.file_size > RATIO_FLOOR
                and info.file_size > MAX_RATIO * max(info.compress_size, 1)
            )
            or info.flag_bits & 0x1  # encrypted
        ):
            raise _refuse(
                _("The package is refused: {name} would unpack far larger than it is.", name=name)
            )
        total += info.file_size
        names[name] = info
    if total > MAX_TOTAL:
        raise _refuse(_("The package is refused: it would unpack far larger than it is."))
    return names


def _read_limited(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    with archive.open(name) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise _refuse(
            _("The package is refused: {name} would unpack far larger than it is.", name=name)
        )
    return data


def is_authority(cert: x509.Certificate) -> bool:
    """Whether a certificate is a certificate authority's."""
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def _may_issue(issuer: x509.Certificate, below: int) -> bool:
    """Whether ``issuer`` may sign certificates, with ``below`` authorities under it."""
    try:
        constraints = issuer.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        return False
    if not constraints.ca:
        return False
    if constraints.path_length is not None and below > constraints.path_length:
        return False
    try:
        usage = issuer.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return True
    return bool(usage.key_cert_sign)


def _may_sign(cert: x509.Certificate) -> bool:
    """Whether a certificate may sign a package: a person's (signature usage) or an authority's."""
    if is_authority(cert):
        return True
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return True
    return bool(usage.digital_signature or usage.content_commitment)


@dataclass
class Signer:
    certificate: x509.Certificate
    chain: list[x509.Certificate]  # from the signer's issuer up to the trusted authority
    newly_trusted: x509.Certificate | None


def verify_signature(
    manifest_bytes: bytes,
    signature: bytes,
    chain_pem: bytes,
    trusted: list[x509.Certificate],
    trust_fingerprint: str | None,
) -> Signer:
    """Check the manifest's signature, then that the signer chains, authority by authority, to
    one this workspace trusts (or the one whose whole fingerprint the user gave with --trust)."""
    try:
        certs = x509.load_pem_x509_certificates(chain_pem)
    except ValueError as exc:
        raise _refuse(_("The package's signer certificate is damaged.")) from exc
    signer = certs[0]
    public = signer.public_key()
    if not isinstance(public, ec.EllipticCurvePublicKey):
        raise _refuse(_("The package's signer certificate is damaged."))
    try:
        public.verify(signature, manifest_bytes, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature as exc:
        raise _refuse(
            _("The package was changed after it was signed: its signature does not match.")
        ) from exc
    known = {fingerprint(c) for c in trusted}
    given = (trust_fingerprint or "").strip().lower().replace(":", "")
    anchor = next((n for n, c in enumerate(certs) if fingerprint(c) in known), None)
    newly: x509.Certificate | None = None
    if anchor is None and len(given) >= 32:
        anchor = next(
            (
                n
                for n, c in enumerate(certs)
                if is_authority(c) and fingerprint(c).startswith(given)
            ),
            None,
        )
        newly = None if anchor is None else certs[anchor]
    if anchor is None:
        root = certs[-1]
        raise _refuse(
            _(
                "The package was signed by {name}, whose authority (fingerprint {fingerprint})"
                " this workspace does not trust; check the fingerprint with the office, then"
                " import again with --trust {fingerprint}.",
                name=common_name(signer),
                fingerprint=fingerprint(root)[:32],
            )
        )
    if not _may_sign(signer):
        raise _refuse(_("The package's certificate chain does not hold together."))
    for n in range(anchor):
        cert, issuer = certs[n], certs[n + 1]
        try:
            cert.verify_directly_issued_by(issuer)
        except (ValueError, TypeError, InvalidSignature) as exc:
            raise _refuse(_("The package's certificate chain does not hold together.")) from exc
        if not _may_issue(issuer, below=n):  # n authorities between the signer and this one
            raise _refuse(_("The package's certificate chain does not hold together."))
        if n and not is_authority(cert):  # every certificate between signer and authority issues
            raise _refuse(_("The package's certificate chain does not hold together."))
    return Signer(signer, certs[1 : anchor + 1], newly)


CLOCK_SLACK = timedelta(hours=1)


def check_dates(
    signer: Signer, created_at: str, *, now: datetime | None = None, ahead: bool = True
) -> None:
    """Every certificate of the chain was valid when the package (or change set) says it was
    signed, and (with ``ahead``) that moment is not ahead of this computer's clock: a laptop
    whose clock is far off is named as the likely cause."""
    try:
        moment = datetime.fromisoformat(created_at.replace("Z", "+00:00"))
    except ValueError as exc:
        raise _refuse(_("The package's signer certificate is damaged.")) from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    if ahead and moment > now + CLOCK_SLACK:
        raise _refuse(
            _(
                "The package says it was signed on {when}, {days} day(s) ahead of this"
                " computer's clock ({now}): the clock of the laptop that made it is probably"
                " wrong. Set its date and time right, then export again.",
                when=moment.strftime("%d/%m/%Y %H:%M UTC"),
                days=max((moment - now).days, 0),
                now=now.strftime("%d/%m/%Y %H:%M UTC"),
            )
        )
    for cert in [signer.certificate, *signer.chain]:
        if not cert.not_valid_before_utc <= moment <= cert.not_valid_after_utc:
            raise _refuse(
                _(
                    "The certificate of {name} was not valid when the package was signed.",
                    name=common_name(cert),
                )
            )


def check_valid_now(signer: Signer, *, now: datetime | None = None) -> None:
    """The signer's chain is valid now (a package is judged at import too, not only at the
    time it claims)."""
    now = now or datetime.now(UTC)
    for cert in [signer.certificate, *signer.chain]:
        if now > cert.not_valid_after_utc:
            raise _refuse(
                _(
                    "The certificate of {name} expired on {date}; the package is refused. Ask"
                    " the office for a new certificate.",
                    name=common_name(cert),
                    date=cert.not_valid_after_utc.strftime("%d/%m/%Y"),
                )
            )


def read(
    path: Path,
    trusted: list[x509.Certificate],
    *,
    trust_fingerprint: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> Package:
    """Open a package and check all of it (see the module's text); nothing is written.

    Raises:
        PackageError: with one sentence saying what is wrong.
    """
    try:
        path.stat()
        with open(path, "rb") as fh:
            head = fh.read(4)
    except OSError as exc:
        raise _refuse(_("The file {path} cannot be read.", path=str(path))) from exc
    if head[:2] != b"PK":
        raise _refuse(_("The file {name} is not an Inspector package.", name=path.name))
    try:
        with zipfile.ZipFile(path) as archive:
            infos = _check_layout(archive)
            if MANIFEST not in infos or SIGNATURE not in infos or SIGNER not in infos:
                raise _refuse(_("The file {name} is not an Inspector package.", name=path.name))
            manifest_bytes = _read_limited(archive, MANIFEST, MAX_MANIFEST)
            signature = _read_limited(archive, SIGNATURE, 1024)
            chain_pem = _read_limited(archive, SIGNER, 1 << 20)
            # the manifest is read only once its signer is known to be trusted
            signer = verify_signature(
                manifest_bytes, signature, chain_pem, trusted, trust_fingerprint
            )
            manifest = _parse_manifest(manifest_bytes, path)
            check_dates(signer, manifest["created_at"])
            check_valid_now(signer)
            entries = manifest["entries"]
            content = set(infos) - {MANIFEST, SIGNATURE, SIGNER}
            if set(entries) != content:
                raise _refuse(_("The package is damaged: its files are not those it lists."))
            lists: dict[str, bytes] = {}
            total = sum(int(e["size"]) for e in entries.values()) or 1
            done = 0
            for name in sorted(entries):
                expected = entries[name]
                if infos[name].file_size != int(expected["size"]):
                    raise _refuse(
                        _("The package is damaged: {name} has the wrong size.", name=name)
                    )
                digest = hashlib.sha256()
                kept = bytearray() if name in LISTS else None
                with archive.open(name) as fh:
                    while chunk := fh.read(CHUNK):
                        if is_cancelled is not None and is_cancelled():
                            raise Cancelled(_("Cancelled."))
                        digest.update(chunk)
                        if kept is not None:
                            kept += chunk
                        done += len(chunk)
                        if on_progress is not None:
                            on_progress(done, total)
                if digest.hexdigest() != expected["sha256"]:
                    raise _refuse(
                        _(
                            "The package was changed after it was signed: {name} does not match.",
                            name=name,
                        )
                    )
                if kept is not None:
                    lists[name] = bytes(kept)
    except zipfile.BadZipFile as exc:
        raise _refuse(
            _("The package {name} is damaged or incomplete (was it fully copied?).", name=path.name)
        ) from exc
    except (EOFError, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError) as exc:
        raise _refuse(
            _("The package {name} is damaged or incomplete (was it fully copied?).", name=path.name)
        ) from exc
    return Package(
        path,
        manifest,
        signer.certificate,
        signer.chain,
        file_digest(path),
        signer.newly_trusted,
        lists,
    )


def _parse_manifest(data: bytes, path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise _refuse(
            _("The package {name} is damaged: its manifest cannot be read.", name=path.name)
        ) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refuse(_("The file {name} is not an Inspector package.", name=path.name))
    found = manifest.get("format_version")
    schema = manifest.get("schema_version")
    if not isinstance(found, int) or not isinstance(schema, int):
        raise _refuse(
            _("The package {name} is damaged: its manifest cannot be read.", name=path.name)
        )
    if found > FORMAT_VERSION or schema > SCHEMA_VERSION:
        raise _refuse(
            _(
                "The package was made by a newer version of Inspector ({version}); update this"
                " app to import it.",
                version=str(manifest.get("app_version", "?")),
            )
        )
    required = {
        "package_id": str,
        "kind": str,
        "device_id": str,
        "created_at": str,
        "entries": dict,
    }
    for key, kind in required.items():
        if not isinstance(manifest.get(key), kind):
            raise _refuse(
                _("The package {name} is damaged: its manifest cannot be read.", name=path.name)
            )
    if manifest["kind"] not in KINDS:
        raise _refuse(_("The file {name} is not an Inspector package.", name=path.name))
    for entry in manifest["entries"].values():
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("sha256"), str)
            or not isinstance(entry.get("size"), int)
        ):
            raise _refuse(
                _("The package {name} is damaged: its manifest cannot be read.", name=path.name)
            )
    return manifest

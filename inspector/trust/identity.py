# SPDX-License-Identifier: GPL-3.0-or-later
"""Signing identities: an inspector's key pair, certificate request and certificate, and an
office's certificate authority that issues inspectors' certificates.

Keys are ECDSA P-256 (Ed25519 PAdES signatures fail in poppler and Adobe Reader). A private key is
kept only in a PKCS#12 file encrypted under a passphrase (PBKDF2-HMAC-SHA256, 600,000 rounds,
AES-256-CBC); the passphrase is never stored. Certificates carry the non-repudiation key usage that
signature validators expect of signing certificates.

Files in the workspace's ``keys/`` folder:
``identity.p12`` (key and certificate), ``request.csr``, ``certificate.pem`` (own certificate then
its chain), ``ca.p12`` and ``ca.pem`` (an office's authority), ``trusted/*.pem`` (trust roots).
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from inspector.atomic import write_atomic, write_new
from inspector.errors import SignatureError, ValidationError
from inspector.i18n import _
from inspector.store import validate as v
from inspector.store.records import Actor
from inspector.store.workspace import Workspace

KDF_ROUNDS = 600_000
MIN_PASSPHRASE = 8
IDENTITY = "identity.p12"
REQUEST = "request.csr"
CERTIFICATE = "certificate.pem"
CA_KEY = "ca.p12"
CA_CERT = "ca.pem"
# The organisational unit an authority gives the certificate of its own workspace (the office):
# changes signed with it may change anything, like the authority's own.
OFFICE_UNIT = "Office"


@dataclass(frozen=True)
class Identity:
    """A loaded signing identity: key, certificate and the chain above it."""

    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    chain: list[x509.Certificate]

    @property
    def name(self) -> str:
        """The common name the certificate was issued to."""
        return common_name(self.certificate)


def common_name(cert: x509.Certificate) -> str:
    """Return the certificate's subject common name."""
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else cert.subject.rfc4514_string()


def member_dir(ws: Workspace, member: str | None) -> Path:
    """The folder of an identity: the workspace's own (``member`` None), or that of a team member
    who shares this laptop, by name (``keys/members/<digest of the name>``)."""
    if member is None:
        return keys_dir(ws)
    name = v.required_text(member, _("Name on the certificate"), max_len=200)
    folder = keys_dir(ws) / "members" / hashlib.sha256(name.casefold().encode()).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def keys_dir(ws: Workspace) -> Path:
    """The workspace's folder of keys and certificates."""
    path = ws.home / "keys"
    (path / "trusted").mkdir(parents=True, exist_ok=True)
    return path


def _encryption(passphrase: str) -> serialization.KeySerializationEncryption:
    if len(passphrase) < MIN_PASSPHRASE:
        raise ValidationError(
            _("The passphrase must have at least {n} characters.", n=MIN_PASSPHRASE),
            field="passphrase",
        )
    return (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(KDF_ROUNDS)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(passphrase.encode())
    )


def _fit(text: str, limit: int = 64) -> str:
    """Shorten ``text`` to at most ``limit`` bytes of UTF-8 (the size X.509 allows a name)."""
    while len(text.encode("utf-8")) > limit:
        text = text[:-1]
    return text.rstrip()


def _name(common: str, organisation: str | None = None, title: str | None = None) -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organisation:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, _fit(organisation)))
    if title:
        attrs.append(x509.NameAttribute(NameOID.TITLE, _fit(title)))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, _fit(common)))
    return x509.Name(attrs)


def _signing_usage(builder: x509.CertificateBuilder) -> x509.CertificateBuilder:
    return builder.add_extension(
        x509.KeyUsage(
            digital_signature=True,
            content_commitment=True,
            key_encipherment=False,
            data_encipherment=False,
            key_agreement=False,
            key_cert_sign=False,
            crl_sign=False,
            encipher_only=False,
            decipher_only=False,
        ),
        critical=True,
    ).add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)


def _builder(
    subject: x509.Name, issuer: x509.Name, public: ec.EllipticCurvePublicKey, until: dt.datetime
) -> x509.CertificateBuilder:
    """A certificate valid from five minutes ago (clocks drift) until ``until``, with its key id."""
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(_now() - dt.timedelta(minutes=5))
        .not_valid_after(until)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def init_keys(
    ws: Workspace,
    name: str,
    passphrase: str,
    *,
    organisation: str | None = None,
    member: bool = False,
    title: str | None = None,
) -> Path:
    """Make this workspace's key pair (or, with ``member``, that of a team member sharing this
    laptop), a self-signed certificate (valid until one is issued) and a certificate request for
    the office; return the request's path. ``title``: the holder's position, on the certificate.

    Raises:
        ValidationError: no name, a short passphrase, or an identity that already exists.
    """
    common = v.required_text(name, _("Name on the certificate"), max_len=64)
    position = v.text(title, _("Position"), required=False, max_len=64)
    encryption = _encryption(passphrase)
    folder = member_dir(ws, common if member else None)
    if (folder / IDENTITY).exists():
        raise ValidationError(
            _("{name} already has a signing identity here.", name=common)
            if member
            else _("This workspace already has a signing identity.")
        )
    key = ec.generate_private_key(ec.SECP256R1())
    subject = _name(common, organisation, position)
    now = _now()
    cert = _signing_usage(
        _builder(subject, subject, key.public_key(), now + dt.timedelta(days=730))
    ).sign(key, hashes.SHA256())
    request = (
        x509.CertificateSigningRequestBuilder().subject_name(subject).sign(key, hashes.SHA256())
    )
    try:  # another process making one meanwhile wins; this one changes nothing
        write_new(
            folder / IDENTITY,
            pkcs12.serialize_key_and_certificates(common.encode(), key, cert, None, encryption),
        )
    except FileExistsError as exc:
        raise ValidationError(
            _("{name} already has a signing identity here.", name=common)
            if member
            else _("This workspace already has a signing identity.")
        ) from exc
    write_atomic(folder / CERTIFICATE, cert.public_bytes(serialization.Encoding.PEM))
    write_atomic(folder / REQUEST, request.public_bytes(serialization.Encoding.PEM))
    return folder / REQUEST


def _load_p12(path: Path, passphrase: str) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    if not path.exists():
        raise SignatureError(
            _(
                "This workspace has no signing identity: create one (Signing identity, in the"
                " app's menu, or 'inspector keys init')."
            )
        )
    try:
        key, cert, _extra = pkcs12.load_key_and_certificates(path.read_bytes(), passphrase.encode())
    except ValueError as exc:
        raise SignatureError(_("The passphrase is wrong.")) from exc
    if not isinstance(key, ec.EllipticCurvePrivateKey) or cert is None:
        raise SignatureError(_("The signing identity file is damaged."))
    return key, cert


def _pem_certs(data: bytes) -> list[x509.Certificate]:
    try:
        return x509.load_pem_x509_certificates(data)
    except ValueError as exc:
        raise ValidationError(_("The file does not hold certificates in PEM form.")) from exc


def load_authority(ws: Workspace, passphrase: str) -> Identity:
    """Open this (office) workspace's certificate authority, to sign what only it may sign."""
    if not (keys_dir(ws) / CA_KEY).exists():
        raise ValidationError(
            _("This workspace is not a certificate authority; run 'inspector ca init'.")
        )
    key, cert = _load_p12(keys_dir(ws) / CA_KEY, passphrase)
    return Identity(key, cert, [])


def load_identity(ws: Workspace, passphrase: str, member: str | None = None) -> Identity:
    """Open this workspace's signing identity (or a team member's) with its passphrase."""
    folder = member_dir(ws, member)
    key, p12_cert = _load_p12(folder / IDENTITY, passphrase)
    certs = _pem_certs((folder / CERTIFICATE).read_bytes())
    own, chain = certs[0], certs[1:]
    if own.public_key() != key.public_key():  # pragma: no cover - installed files always match
        own, chain = p12_cert, []
    return Identity(key, own, chain)


def init_ca(
    ws: Workspace, organisation: str, passphrase: str, *, folder: Path | None = None
) -> Path:
    """Make this (office) workspace a certificate authority; return its certificate's path.

    ``folder`` keeps the authority elsewhere than the workspace's keys (the demo's authority);
    the workspace then does not trust it by itself.
    """
    org = v.required_text(organisation, _("Organisation"), max_len=64)
    encryption = _encryption(passphrase)
    own = folder is None
    folder = keys_dir(ws) if folder is None else folder
    folder.mkdir(parents=True, exist_ok=True)
    if (folder / CA_KEY).exists():
        raise ValidationError(_("This workspace is already a certificate authority."))
    key = ec.generate_private_key(ec.SECP256R1())
    # The authority is named by its office; the prefix only where the office's whole name still
    # fits the 64 bytes X.509 leaves (a cut name was shown on every receipt).
    common = f"Cơ quan chứng thực - {org}"
    subject = _name(common if len(common.encode()) <= 64 else org, org)
    now = _now()
    cert = (
        _builder(subject, subject, key.public_key(), now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    write_atomic(
        folder / CA_KEY,
        pkcs12.serialize_key_and_certificates(org.encode(), key, cert, None, encryption),
    )
    pem = cert.public_bytes(serialization.Encoding.PEM)
    write_atomic(folder / CA_CERT, pem)
    if own:
        write_atomic(folder / "trusted" / "own-ca.pem", pem)  # the office trusts its own authority
    return folder / CA_CERT


def issue(
    ws: Workspace,
    request_pem: bytes,
    passphrase: str,
    *,
    days: int = 1095,
    folder: Path | None = None,
) -> bytes:
    """Issue a signing certificate for a certificate request; return it and the CA's, as PEM."""
    folder = keys_dir(ws) if folder is None else folder
    if not (folder / CA_KEY).exists():
        raise ValidationError(
            _("This workspace is not a certificate authority; run 'inspector ca init'.")
        )
    ca_key, ca_cert = _load_p12(folder / CA_KEY, passphrase)
    try:
        request = x509.load_pem_x509_csr(request_pem)
    except ValueError as exc:
        raise ValidationError(_("The file is not a certificate request.")) from exc
    if not request.is_signature_valid:
        raise SignatureError(_("The certificate request's signature is not valid."))
    if not request.subject.get_attributes_for_oid(NameOID.COMMON_NAME):
        raise ValidationError(_("The certificate request names nobody."))
    if request.subject == ca_cert.subject:
        raise ValidationError(_("The certificate request uses the authority's own name."))
    public = request.public_key()
    if not isinstance(public, ec.EllipticCurvePublicKey) or public.curve.name != "secp256r1":
        raise ValidationError(_("The certificate request must be for an ECDSA P-256 key."))
    now = _now()
    cert = _signing_usage(
        _builder(
            _issued_name(request, office=_is_own_request(ws, request)),
            ca_cert.subject,
            public,
            min(now + dt.timedelta(days=days), ca_cert.not_valid_after_utc),
        ).add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
    ).sign(ca_key, hashes.SHA256())
    return cert.public_bytes(serialization.Encoding.PEM) + ca_cert.public_bytes(
        serialization.Encoding.PEM
    )


def _issued_name(request: x509.CertificateSigningRequest, *, office: bool) -> x509.Name:
    """The subject an authority certifies: the request's name, organisation and title only
    (whatever else a request asks for is not copied), marked as the office's when it is."""
    wanted = (NameOID.COUNTRY_NAME, NameOID.ORGANIZATION_NAME, NameOID.TITLE, NameOID.COMMON_NAME)
    attrs = [a for a in request.subject if a.oid in wanted]
    if office:
        attrs.insert(-1, x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, OFFICE_UNIT))
    return x509.Name(attrs)


def _is_own_request(ws: Workspace, request: x509.CertificateSigningRequest) -> bool:
    """Whether a request is for the key of the authority's own workspace (not a member's)."""
    path = keys_dir(ws) / REQUEST
    try:
        own = x509.load_pem_x509_csr(path.read_bytes())
    except (OSError, ValueError):
        return False
    return own.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ) == request.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def install(
    ws: Workspace,
    cert_pem: bytes,
    member: str | None = None,
    *,
    trust: bool = False,
    untrusted: bool = False,
) -> x509.Certificate:
    """Install the certificate issued for this workspace's key (or a team member's), with its
    chain. Its root must already be trusted, or ``trust`` says the user checked its fingerprint
    with the office (then it becomes a trusted root), or ``untrusted`` installs it without
    trusting the root (the demo's authority, whose passphrase is public)."""
    folder = member_dir(ws, member)
    certs = _pem_certs(cert_pem)
    if not certs:
        raise ValidationError(_("The file does not hold certificates in PEM form."))
    own = certs[0]
    current = (
        _pem_certs((folder / CERTIFICATE).read_bytes()) if (folder / CERTIFICATE).exists() else []
    )
    if not current or current[0].public_key() != own.public_key():
        raise ValidationError(_("This certificate was not issued for this workspace's key."))
    if len(certs) < 2:
        raise ValidationError(
            _("The file must hold the certificate and the authority that issued it.")
        )
    for cert, issuer in zip(certs, certs[1:], strict=False):
        try:
            cert.verify_directly_issued_by(issuer)
        except (ValueError, TypeError, InvalidSignature) as exc:
            raise SignatureError(
                _("The certificate chain in the file does not hold together.")
            ) from exc
    root = certs[-1]
    fingerprint = root.fingerprint(hashes.SHA256())
    known = fingerprint in {c.fingerprint(hashes.SHA256()) for c in trust_roots(ws)}
    if not known and not trust and not untrusted:
        raise SignatureError(
            _(
                "The authority {name} (fingerprint {fingerprint}) is not trusted by this"
                " workspace. Check the fingerprint with the office, then install again with"
                " --trust.",
                name=common_name(root),
                fingerprint=fingerprint.hex()[:32],
            )
        )
    write_atomic(
        folder / CERTIFICATE, b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)
    )
    if trust:
        write_atomic(
            keys_dir(ws) / "trusted" / f"{fingerprint.hex()[:16]}.pem",
            root.public_bytes(serialization.Encoding.PEM),
        )
    if member is None:  # what this workspace writes is signed as this person: say so everywhere
        ws.set_setting("user_name", common_name(own))
        ws.actor = Actor(common_name(own), ws.actor.device_id)
    return own


def trust_roots(ws: Workspace) -> list[x509.Certificate]:
    """Return the certificates this workspace trusts as roots."""
    roots: list[x509.Certificate] = []
    for path in sorted((keys_dir(ws) / "trusted").glob("*.pem")):
        roots += _pem_certs(path.read_bytes())
    return roots


def read_passphrase(file: str | None, *, prompt: str) -> str:
    """The passphrase from ``--passphrase-file``, else $INSPECTOR_PASSPHRASE, else the terminal."""
    if file:
        try:
            return Path(file).read_text(encoding="utf-8").rstrip("\r\n")
        except (OSError, UnicodeDecodeError) as exc:
            raise ValidationError(
                _("The passphrase file {path} cannot be read.", path=str(file))
            ) from exc
    env = os.environ.get("INSPECTOR_PASSPHRASE")
    if env:
        return env
    try:
        return getpass.getpass(prompt)
    except (EOFError, OSError) as exc:
        raise SignatureError(
            _("No passphrase: give --passphrase-file F or set INSPECTOR_PASSPHRASE.")
        ) from exc


def has_identity(ws: Workspace) -> bool:
    """Whether this workspace has a signing identity."""
    return (keys_dir(ws) / IDENTITY).exists()


def is_authority_here(ws: Workspace) -> bool:
    """Whether this (office) workspace is a certificate authority."""
    return (keys_dir(ws) / CA_KEY).exists()


def fingerprint_text(der: bytes) -> str:
    """The SHA-256 fingerprint of DER bytes as people read it out: 64 hex digits in groups of 4."""
    digest = hashlib.sha256(der).hexdigest().upper()
    return " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))


def certificate_fingerprint(cert: x509.Certificate) -> str:
    """A certificate's whole SHA-256 fingerprint, grouped (see :func:`fingerprint_text`)."""
    return fingerprint_text(cert.public_bytes(serialization.Encoding.DER))


@dataclass(frozen=True)
class RequestInfo:
    """Who a certificate request is for, and its fingerprint to compare over the telephone."""

    name: str
    fingerprint: str


def request_info(request_pem: bytes) -> RequestInfo:
    """Read a certificate request: the name it asks a certificate for, and its fingerprint.

    Raises:
        ValidationError: the data is not a certificate request.
    """
    try:
        request = x509.load_pem_x509_csr(request_pem)
    except ValueError as exc:
        raise ValidationError(_("The file is not a certificate request.")) from exc
    names = request.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    name = str(names[0].value) if names else request.subject.rfc4514_string()
    return RequestInfo(name, fingerprint_text(request.public_bytes(serialization.Encoding.DER)))


def own_request(ws: Workspace, member: str | None = None) -> Path:
    """The certificate request of this workspace's identity (or a team member's).

    Raises:
        ValidationError: there is no such identity.
    """
    path = member_dir(ws, member) / REQUEST
    if not path.exists():
        raise ValidationError(_("There is no signing identity to ask a certificate for."))
    return path


@dataclass(frozen=True)
class AuthorityInfo:
    """The authority at the top of an issued certificate's chain, as the user must check it."""

    holder: str  # whom the certificate is issued to
    name: str  # the authority's name
    fingerprint: str  # its whole SHA-256 fingerprint, grouped
    trusted: bool  # whether this workspace already trusts it


def authority_of(ws: Workspace, cert_pem: bytes) -> AuthorityInfo:
    """Read an issued certificate file: whom it is for, and the authority that issued it.

    Raises:
        ValidationError: the file does not hold a certificate and the authority above it.
    """
    certs = _pem_certs(cert_pem)
    if len(certs) < 2:
        raise ValidationError(
            _("The file must hold the certificate and the authority that issued it.")
        )
    root = certs[-1]
    known = {c.fingerprint(hashes.SHA256()) for c in trust_roots(ws)}
    return AuthorityInfo(
        holder=common_name(certs[0]),
        name=common_name(root),
        fingerprint=certificate_fingerprint(root),
        trusted=root.fingerprint(hashes.SHA256()) in known,
    )


def authority_organisation(ws: Workspace) -> str | None:
    """The office this workspace's authority was made for; None if it is not an authority."""
    try:
        subject = authority_certificate(ws).subject  # it checks there is one
    except ValidationError:
        return None
    names = subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    return str(names[0].value) if names else None


def authority_certificate(ws: Workspace) -> x509.Certificate:
    """This (office) workspace's authority certificate, to show its fingerprint.

    Raises:
        ValidationError: this workspace is not a certificate authority.
    """
    path = keys_dir(ws) / CA_CERT
    if not is_authority_here(ws) or not path.exists():
        raise ValidationError(_("This workspace is not a certificate authority."))
    return _pem_certs(path.read_bytes())[0]


@dataclass(frozen=True)
class IdentityState:
    """What the user sees of one signing identity on this laptop."""

    name: str
    member: bool
    issued: bool  # a certificate from an authority is installed (not only the self-signed one)
    trusted: bool  # and its authority is trusted here


def identities(ws: Workspace) -> list[IdentityState]:
    """The signing identities of this workspace: its own first, then team members'. Reads only."""
    folders = [(keys_dir(ws), False)]
    members = keys_dir(ws) / "members"
    if members.is_dir():
        folders += [(folder, True) for folder in sorted(members.iterdir()) if folder.is_dir()]
    roots = {c.fingerprint(hashes.SHA256()) for c in trust_roots(ws)}
    found = []
    for folder, member in folders:
        if not (folder / IDENTITY).exists() or not (folder / CERTIFICATE).exists():
            continue
        certs = _pem_certs((folder / CERTIFICATE).read_bytes())
        issued = len(certs) > 1
        found.append(
            IdentityState(
                name=common_name(certs[0]),
                member=member,
                issued=issued,
                trusted=issued and certs[-1].fingerprint(hashes.SHA256()) in roots,
            )
        )
    return found

# SPDX-License-Identifier: GPL-3.0-or-later
"""Change sets: the author of a change is the certificate that signed it, never a field.

When changes made on a laptop first leave it (an export, a field kit), the laptop signs a
*statement* with its own key: the set's id, the laptop, when, and the SHA-256 of every change
line in the set. A package carries, in ``sets.jsonl``, the statement of every set its changes
belong to, with the signature and the certificate chain. A laptop that relays changes it
received passes their sets on unaltered (as signed commits travel in git): it can leave changes
out, but cannot add one to another's set or alter a single byte of one.

Importing checks each set (signature, chain to an authority trusted here, certificate valid
when the set was signed) and that every change of the package belongs to a set made on the
device the change names. The author that every screen,
report and scope decision uses is the set's certificate: its common name and fingerprint.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlite_utils import Database

from inspector import timefmt
from inspector.errors import PackageError
from inspector.i18n import _
from inspector.store import records
from inspector.store.journal import CHANGE_FIELDS
from inspector.sync import packages
from inspector.trust.identity import OFFICE_UNIT, Identity, common_name

ENTRY = "sets.jsonl"
FORMAT = "inspector-change-set"
SET_SIZE = 64  # changes a set signs: its statement (their digests) is about 4 kB


@dataclass(frozen=True)
class Author:
    """Who signed a change set: as the certificate names them."""

    name: str
    fingerprint: str
    office: bool  # the office's authority, or the office's own certificate it issued


@dataclass
class SignedSet:
    """A change set as it travels: the statement's bytes, its signature and chain (PEM)."""

    set_id: str
    device_id: str
    created_at: str
    statement: str
    signature: str  # base64
    chain: str  # PEM, the author's certificate first
    author: Author
    digests: frozenset[str]
    members: tuple[str, ...] = ()  # the ids of the changes signed here, when made here

    def line(self) -> bytes:
        """The set as one line of ``sets.jsonl``."""
        return json.dumps(
            {"statement": self.statement, "signature": self.signature, "chain": self.chain},
            sort_keys=True,
        ).encode()


def is_office(cert: x509.Certificate) -> bool:
    """Whether a certificate speaks for the office: its authority, or the certificate the
    authority issued to its own workspace (marked so by the authority, never by a request)."""
    if packages.is_authority(cert):
        return True
    units = cert.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)
    return any(a.value == OFFICE_UNIT for a in units)


def author_of(cert: x509.Certificate) -> Author:
    """The author a certificate names."""
    return Author(common_name(cert), packages.fingerprint(cert), is_office(cert))


def canonical(change: dict[str, Any]) -> bytes:
    """A change as one line of ``changes.jsonl``: its fields as sorted JSON."""
    return json.dumps(
        {k: change[k] for k in CHANGE_FIELDS}, ensure_ascii=False, sort_keys=True
    ).encode()


def line_digest(change: dict[str, Any]) -> str:
    """The SHA-256 of a change's line in ``changes.jsonl`` (its canonical form)."""
    return hashlib.sha256(canonical(change)).hexdigest()


def sign_sets(
    ident: Identity, device_id: str, changes: Iterable[dict[str, Any]]
) -> list[SignedSet]:
    """Sign ``changes`` (made on ``device_id``) with ``ident``, in sets of at most ``SET_SIZE``:
    a package that later carries one of them (a record's insert goes with every edit of it)
    carries its set's statement, which stays small however large the first export was."""
    changes = list(changes)
    return [
        sign_set(ident, device_id, changes[start : start + SET_SIZE])
        for start in range(0, len(changes), SET_SIZE)
    ]


def sign_set(ident: Identity, device_id: str, changes: Iterable[dict[str, Any]]) -> SignedSet:
    """Sign a new set holding ``changes`` (made on ``device_id``) with ``ident``."""
    changes = list(changes)
    digests = sorted({line_digest(c) for c in changes})
    created = timefmt.now_utc()
    statement = json.dumps(
        {
            "format": FORMAT,
            "set_id": records.new_id(),
            "device_id": device_id,
            "created_at": created,
            "author": packages.fingerprint(ident.certificate),
            "changes": digests,
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    signature = ident.key.sign(statement.encode(), ec.ECDSA(hashes.SHA256()))
    chain = b"".join(
        c.public_bytes(serialization.Encoding.PEM) for c in [ident.certificate, *ident.chain]
    ).decode()
    parsed = json.loads(statement)
    return SignedSet(
        parsed["set_id"],
        device_id,
        created,
        statement,
        base64.b64encode(signature).decode(),
        chain,
        author_of(ident.certificate),
        frozenset(digests),
        tuple(c["change_id"] for c in changes),
    )


def stored(db: Database, set_ids: Iterable[str]) -> list[SignedSet]:
    """The sets of this workspace's log with these ids (as they were received or made)."""
    found: list[SignedSet] = []
    ids = sorted(set(set_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for row in db.query(f"SELECT * FROM change_sets WHERE set_id IN ({marks})", chunk):
            found.append(
                SignedSet(
                    row["set_id"],
                    row["device_id"],
                    row["created_at"],
                    row["statement"],
                    row["signature"],
                    row["chain"],
                    Author(row["author"], row["author_fp"], _office_chain(row["chain"])),
                    frozenset(json.loads(row["statement"])["changes"]),
                )
            )
    return found


def _office_chain(chain: str) -> bool:
    try:
        return is_office(x509.load_pem_x509_certificates(chain.encode())[0])
    except ValueError:
        return False


def keep(db: Database, sets: Iterable[SignedSet]) -> None:
    """Store sets in this workspace's log (those it has are left as they are)."""
    db.conn.executemany(
        "INSERT OR IGNORE INTO change_sets (set_id, device_id, author, author_fp, created_at,"
        " statement, signature, chain) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                s.set_id,
                s.device_id,
                s.author.name,
                s.author.fingerprint,
                s.created_at,
                s.statement,
                s.signature,
                s.chain,
            )
            for s in sets
        ],
    )


def assign(db: Database, signed: SignedSet, change_ids: Iterable[str]) -> None:
    """Mark changes made here as belonging to the set that now carries them."""
    db.conn.executemany(
        "UPDATE changes SET set_id = ?, author = ?, author_fp = ? WHERE change_id = ?"
        " AND set_id IS NULL",
        [(signed.set_id, signed.author.name, signed.author.fingerprint, c) for c in change_ids],
    )


def _forged() -> PackageError:
    return PackageError(
        _(
            "The package is refused: it carries changes their author did not sign (a change"
            " set is missing, altered or not its device's)."
        )
    )


def read_sets(
    data: bytes, trusted: list[x509.Certificate], newly_trusted: x509.Certificate | None
) -> dict[str, SignedSet]:
    """Check every set of a package's ``sets.jsonl``: its statement's form, its signature, the
    chain to an authority trusted here, and its certificates valid when it was signed.

    Raises:
        PackageError: one sentence naming what is wrong.
    """
    anchors = list(trusted) + ([newly_trusted] if newly_trusted is not None else [])
    found: dict[str, SignedSet] = {}
    chains: dict[str, packages.Signer] = {}
    for raw in data.split(b"\n"):
        if not raw:
            continue
        try:
            line = json.loads(raw)
            statement, signature, chain = line["statement"], line["signature"], line["chain"]
            if not all(isinstance(v, str) for v in (statement, signature, chain)):
                raise _forged()
            body = json.loads(statement)
            digests = body["changes"]
            if (
                body.get("format") != FORMAT
                or not isinstance(digests, list)
                or not all(isinstance(d, str) and len(d) == 64 for d in digests)
                or not all(isinstance(body.get(k), str) for k in ("set_id", "device_id"))
                or not isinstance(body.get("created_at"), str)
            ):
                raise _forged()
            raw_signature = base64.b64decode(signature, validate=True)
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            raise _forged() from exc
        signer = chains.get(chain)
        if signer is None:  # the chain is checked once a package, each statement's signature
            signer = packages.verify_signature(
                statement.encode(), raw_signature, chain.encode(), anchors, None
            )
            chains[chain] = signer
        else:
            _verify_statement(signer, statement, raw_signature)
        # the package's own date is held to this computer's clock; a set's is not, so a set
        # made while a laptop's clock was wrong still travels once the clock is right
        packages.check_dates(signer, body["created_at"], ahead=False)
        author = author_of(signer.certificate)
        if body.get("author") != author.fingerprint:
            raise _forged()
        found[body["set_id"]] = SignedSet(
            body["set_id"],
            body["device_id"],
            body["created_at"],
            statement,
            signature,
            chain,
            author,
            frozenset(digests),
        )
    return found


def _verify_statement(signer: packages.Signer, statement: str, signature: bytes) -> None:
    """A statement signed with the key of a chain already checked in this package."""
    public = signer.certificate.public_key()
    if not isinstance(public, ec.EllipticCurvePublicKey):
        raise _forged()
    try:
        public.verify(signature, statement.encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature as exc:
        raise _forged() from exc


def bind(changes: list[dict[str, Any]], lines: list[bytes], sets: dict[str, SignedSet]) -> None:
    """Give every change of a package its set (``_set``: its author), or refuse the package:
    each change must be in a set signed for the device it names."""
    by_digest: dict[str, list[SignedSet]] = {}
    for signed in sets.values():
        for digest in signed.digests:
            by_digest.setdefault(digest, []).append(signed)
    for change, line in zip(changes, lines, strict=True):
        digest = hashlib.sha256(line).hexdigest()
        for signed in by_digest.get(digest, ()):
            if signed.device_id == change["device_id"]:
                change["_set"] = signed
                break
        else:
            raise _forged()

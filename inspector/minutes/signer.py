# SPDX-License-Identifier: GPL-3.0-or-later
"""pyHanko's side of signing the minutes: an identity's key and chain as pyHanko reads them, and
its signer with the signing time fixed in Vietnam's time.

pyHanko takes 0.7 s to import (aiohttp with it), so this module is imported only when a signature
is made or verified, never when the app or a command starts (:mod:`~inspector.minutes.pdf_signing`
and :mod:`~inspector.minutes.verifying` import it inside their functions).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from inspector.trust import identity


def asn1_cert(cert: Any) -> asn1_x509.Certificate:
    """A certificate (cryptography's) as asn1crypto reads it, for pyHanko."""
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def simple_signer(ident: identity.Identity) -> signers.SimpleSigner:
    """pyHanko's signer holding ``ident``'s key, certificate and chain."""
    key_der = ident.key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    chain = [asn1_cert(c) for c in ident.chain]
    return signers.SimpleSigner(
        signing_cert=asn1_cert(ident.certificate),
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=SimpleCertificateStore.from_certs(chain),
    )


class VietnamTimeSigner(signers.PdfSigner):
    """pyHanko's signer with the signing time fixed beforehand, in Vietnam's time.

    The same moment is the CMS signing time, the signature dictionary's /M and the time the
    visible stamp prints, whatever time zone the laptop is set to.
    """

    def __init__(self, *args: Any, moment: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._moment = moment

    def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
        session = super().init_signing_session(pdf_out, existing_fields_only)
        session.system_time = self._moment
        return session

# SPDX-License-Identifier: GPL-3.0-or-later
"""The command line's signing identities: ``keys`` (this user's), ``ca`` (the office's authority),
and the passphrase every command that unlocks a key asks for."""

from __future__ import annotations

import argparse
from pathlib import Path

from inspector.cli.util import emit, read, safe_out, write_file
from inspector.i18n import _
from inspector.store.workspace import Workspace
from inspector.trust import identity


def passphrase(args: argparse.Namespace) -> str:
    """The passphrase from ``--passphrase-file``, else ``$INSPECTOR_PASSPHRASE``, else asked."""
    return identity.read_passphrase(args.passphrase_file, prompt=str(_("Passphrase: ")))


def keys(ws: Workspace, args: argparse.Namespace) -> int:
    """``inspector keys init|install``: make a key pair and its request, or install a certificate."""
    if args.keys_command == "init":
        request = identity.init_keys(
            ws,
            args.name,
            passphrase(args),
            organisation=args.organisation,
            member=args.member,
            title=args.title,
        )
        emit(
            args,
            {"request": str(request)},
            str(
                _(
                    "Key pair made. Give the certificate request {path} to your office.",
                    path=str(request),
                )
            ),
        )
    else:
        cert = identity.install(ws, read(args.cert), member=args.member, trust=args.trust)
        emit(
            args,
            {"certificate": identity.common_name(cert)},
            str(_("Certificate installed for {name}.", name=identity.common_name(cert))),
        )
    return 0


def ca(ws: Workspace, args: argparse.Namespace) -> int:
    """``inspector ca init|issue``: make this workspace the office's authority, or issue a
    certificate from a request."""
    if args.ca_command == "init":
        path = identity.init_ca(ws, args.name, passphrase(args))
        emit(args, {"certificate": str(path)}, str(path))
    else:
        out = safe_out(ws, Path(args.out))
        pem = identity.issue(ws, read(args.request), passphrase(args))
        write_file(out, pem)
        emit(args, {"certificate": str(out)}, str(out))
    return 0

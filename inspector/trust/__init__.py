# SPDX-License-Identifier: GPL-3.0-or-later
"""Keys and authority: the inspector's key pair, certificates, the enrolment of a team by its authority, the passphrase.

Imports the store and the base."""

# SPDX-License-Identifier: GPL-3.0-or-later
"""The store: the workspace database and its migrations, the one write path of records with its change journal, sealed-check guards, column rules, the evidence files and the workspace folder.

Imports only the base modules at the top of ``inspector``."""

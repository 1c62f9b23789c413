# SPDX-License-Identifier: GPL-3.0-or-later
"""Sync between laptops and the office: the package file, change sets signed by their authors, who may change what, export, import, merge and conflicts, receipts, the field kit and the inbox.

Imports the minutes (to verify sealed minutes), fieldwork, trust, the store and the base."""

# SPDX-License-Identifier: GPL-3.0-or-later
"""The ``inspector`` command line without a screen: ``main`` parses and runs a command, ``sync`` holds the sync commands, ``util`` what they share.

Each command imports the wings it uses when it runs, so a command that lists checks never loads signing or sync."""

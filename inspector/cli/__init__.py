# SPDX-License-Identifier: GPL-3.0-or-later
"""The ``inspector`` command line without a screen: ``main`` parses and dispatches; each command
lives with those of its kind (``reads``: list, show; ``minutes``: minutes, sign; ``verify``;
``keys``: keys, ca; ``demo``; ``sync``: the sync commands); ``util`` holds what they share.

Each command's module is imported when the command runs, so a command that lists checks never
loads signing, sync or the PDF layout."""

# SPDX-License-Identifier: GPL-3.0-or-later
"""The office: what supervisors ask of every imported check at once (search over what the checks
found; later the consolidated view, its facets and the follow-up register).

Imports sync, the minutes, fieldwork, trust, the store and the base."""

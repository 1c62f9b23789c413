# SPDX-License-Identifier: GPL-3.0-or-later
"""The demonstration check, recorded through the same services a person uses: a decision, a team, roll call, the checklist, traces, findings, recommendations, signed and sealed minutes, and a package."""

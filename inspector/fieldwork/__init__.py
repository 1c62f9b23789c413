# SPDX-License-Identifier: GPL-3.0-or-later
"""The services of a check, as the workbench and the command line call them: units and people, the decision and the team, roll call, checklist answers, findings with responsibility, recommendations, evidence, dossier traces, signatories, text kept as it is typed, and the reads the screens and commands make.

Imports the store and the base."""

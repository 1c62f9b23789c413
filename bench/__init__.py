# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmarks: each prints our figure beside a raw baseline measured in the same run."""

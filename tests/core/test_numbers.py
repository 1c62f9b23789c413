# SPDX-License-Identifier: GPL-3.0-or-later
"""Numbers and file sizes in the separators of the reader's language."""

from __future__ import annotations

from inspector import i18n
from inspector.numbers import show_number, show_size


def test_numbers_group_and_decimals_by_language() -> None:
    assert show_number(13840, lang="vi") == "13.840"
    assert show_number(13840, lang="en") == "13,840"
    assert show_number(1234567.25, 2, lang="vi") == "1.234.567,25"
    assert show_number(1234567.25, 2, lang="en") == "1,234,567.25"
    assert show_number(0, lang="vi") == "0"


def test_sizes_in_vietnamese() -> None:
    assert show_size(0, "vi") == "0 byte"
    assert show_size(1, "vi") == "1 byte"
    assert show_size(840, "vi") == "840 byte"
    assert show_size(13840, "vi") == "13,5 KB"
    assert show_size(2_202_010, "vi") == "2,1 MB"
    assert show_size(350 * 1024 * 1024, "vi") == "350 MB"


def test_sizes_in_english() -> None:
    assert show_size(1, "en") == "1 byte"
    assert show_size(1000, "en") == "1,000 bytes"
    assert show_size(13840, "en") == "13.5 KB"
    assert show_size(5 * 1024**4, "en") == "5.0 TB"


def test_a_size_just_under_a_unit_shows_in_the_next_one() -> None:
    assert show_size(1024 * 1024 - 10, "en") == "1.0 MB"
    assert show_size(1023, "en") == "1,023 bytes"


def test_the_current_language_is_the_default() -> None:
    i18n.set_language("vi")
    assert show_size(13840) == "13,5 KB"
    i18n.set_language("en")
    assert show_size(13840) == "13.5 KB"

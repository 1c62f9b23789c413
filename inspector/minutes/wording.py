# SPDX-License-Identifier: GPL-3.0-or-later
"""The official wording of Vietnamese administrative documents (Decree 30/2020/NĐ-CP): dates,
times, numbers, money, forms of address; and the punctuation of composed lines (typed texts as
clauses and sentences, lists closed with ";" and ".").
"""

from __future__ import annotations

import re
from datetime import date, datetime

EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def one_line(text: str | None) -> str:
    """A typed text on one line: a text typed a paragraph a line reads as sentences in a row
    (a line that ends without its own punctuation ends with a full stop)."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    ends = (".", "!", "?", "…", ":", ";", ",")
    return " ".join(
        line if n == len(lines) - 1 or line.endswith(ends) else line + "."
        for n, line in enumerate(lines)
    )


def clause(text: str | None) -> str:
    """A typed text as a clause inside a sentence or a table cell: on one line, without the
    ".", ";", "," or ":" it may end with (a typed "…" stays)."""
    return one_line(text).rstrip(" .;,:")


def date_words(day: date, lang: str = "vi") -> str:
    """Return a date as written in documents: "ngày 05 tháng 3 năm 2026" (months 1 and 2 take a
    leading zero, the others none; the day always two digits); English "5 March 2026"."""
    if lang == "vi":
        month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
        return f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{day.day} {EN_MONTHS[day.month - 1]} {day.year}"


def time_words(moment: datetime, lang: str = "vi") -> str:
    """Return a time on the 24-hour clock as written in minutes: "07 giờ 45 phút"; English "07:45"."""
    if lang == "vi":
        return f"{moment.hour:02d} giờ {moment.minute:02d} phút"
    return f"{moment.hour:02d}:{moment.minute:02d}"


def numeric_date(day: date, lang: str = "vi") -> str:
    """Return dd/mm/yyyy, the numeric form used in body text and tables; in English, where
    05/03 reads as May the 3rd to many, the unambiguous "5 Mar 2026"."""
    if lang == "vi":
        return day.strftime("%d/%m/%Y")
    return f"{day.day} {EN_MONTHS[day.month - 1][:3]} {day.year}"


def money(amount: int, lang: str = "vi") -> str:
    """Return an amount with Vietnamese digit grouping: 12.500.000 đồng."""
    grouped = f"{amount:,}".replace(",", ".")
    return f"{grouped} đồng" if lang == "vi" else f"VND {amount:,}"


def percent(part: int, whole: int, lang: str = "vi") -> str:
    """Return part/whole as a percentage with a decimal comma: 16,7% (English: 16.7%)."""
    if whole == 0:
        return "0%"
    text = f"{part * 100 / whole:.1f}%"
    return text.replace(".", ",") if lang == "vi" else text


def count(number: int, lang: str = "vi") -> str:
    """Return a count as documents write it: two digits in Vietnamese ("05 trang", "03 bản"),
    plain in English ("5 pages")."""
    return f"{number:02d}" if lang == "vi" else str(number)


MEN = frozenset({"nam", "male", "m"})
WOMEN = frozenset({"nữ", "nu", "female", "f"})


def gender_known(gender: str | None) -> bool:
    """Whether a recorded gender names a form of address (Ông or Bà)."""
    g = (gender or "").strip().casefold()
    return g in MEN or g in WOMEN


def address(gender: str | None, lang: str = "vi") -> str:
    """Return the form of address for a person: Ông, Bà, or Ông/Bà when unknown.

    The minutes list an unknown gender as missing (``minutes.content.missing``): a finished check
    prints no "Ông/Bà".
    """
    g = (gender or "").strip().casefold()
    if lang == "vi":
        return "Ông" if g in MEN else "Bà" if g in WOMEN else "Ông/Bà"
    return "Mr" if g in MEN else "Ms" if g in WOMEN else "Mr/Ms"


_ITEM = re.compile(r"^(- |\+ |\d+\. )")


_AFTER_OWN_END = re.compile(r"([…?!])[.;:](?=\s|$)")
_SPACE_BEFORE = re.compile(r"\s+([.;,:])(?=\s|$)")


def tidy(line: str) -> str:
    """A composed line without the punctuation the composition doubled: no "." after a typed
    "…", "?" or "!", no space before a ".", ";", "," or ":" (typed "chậm trễ ." reads
    "chậm trễ.")."""
    return _AFTER_OWN_END.sub(r"\1", _SPACE_BEFORE.sub(r"\1", line))


def close_lists(lines: list[str]) -> list[str]:
    """End each list as a Vietnamese administrative text does: every item with ";" but the last,
    which ends with "." (an item is a line that starts with "- " or "1. "); whatever the item's
    own text ended with is replaced, so no item ends ".;" or "..". Other lines are left alone."""
    out = [tidy(line) for line in lines]
    for n, line in enumerate(out):
        if not _ITEM.match(line) or not line.endswith(";"):
            continue
        following = out[n + 1] if n + 1 < len(out) else ""
        heading = following[:1].isdigit() and following.endswith(":")  # "2. Đại diện …:"
        last = not _ITEM.match(following) or heading
        body = line.rstrip(" .;")
        out[n] = body + ("." if last else ";")
    return out


def sentence_of(text: str | None) -> str:
    """A typed text as one sentence of the minutes: trimmed, ending with exactly one full stop
    (or with its own "?" or "!"), "" for nothing."""
    body = one_line(text)
    if body.endswith("..."):  # an ellipsis typed as three dots
        body = body.rstrip(". ") + "…"
    body = body.rstrip(" ;,:.")
    if not body:
        return ""
    if body.endswith(("?", "!", "…")):
        return body
    return body + "."

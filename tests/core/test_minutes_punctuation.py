# SPDX-License-Identifier: GPL-3.0-or-later
"""The minutes end their sentences and lists as an official text does: one full stop, never
"..", ".;" or ";." (whatever the typed text ended with), and a list's last item with "." where
the others end with ";"."""

from __future__ import annotations

import re

import pytest

from inspector.demo.build import build_demo
from inspector.minutes import content as minutes_content
from inspector.store.workspace import Workspace

ITEM = re.compile(r"^(- |\d+\. )")


def _lists(lines: list[str]) -> list[list[str]]:
    """The runs of list items (lines starting with "- " or "1. ") among ``lines``."""
    runs: list[list[str]] = []
    for n, line in enumerate(lines):
        if ITEM.match(line):
            if n and ITEM.match(lines[n - 1]):
                runs[-1].append(line)
            else:
                runs.append([line])
    return runs


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_demo_minutes_end_every_sentence_and_list_once(ws: Workspace, lang: str) -> None:
    made = build_demo(ws)
    model = minutes_content.build(ws, made.inspection_id, lang=lang)
    blocks = [model.opening, *(lines for _heading, lines in model.sections)]
    every = [line for block in blocks for line in block]
    assert not [x for x in every if re.search(r"\.\.|\.;|;\.", x)]
    checked = 0
    for block in blocks:
        for run in _lists(block):
            if not all(item.endswith((";", ".", ":")) for item in run):
                continue  # a list of sentences, each its own
            assert not run[-1].endswith(";"), run[-1]
            checked += 1
    assert checked >= 3  # the team, the unit's representatives, the areas examined, the requests


def test_a_list_closes_with_a_full_stop_whatever_its_last_item_ended_with() -> None:
    lines = ["Đoàn kiểm tra gồm:", "- Ông A, Trưởng đoàn;", "- Bà B, Thành viên.;", "Hôm nay:"]
    assert minutes_content.close_lists(lines) == [
        "Đoàn kiểm tra gồm:",
        "- Ông A, Trưởng đoàn;",
        "- Bà B, Thành viên.",
        "Hôm nay:",
    ]
    assert minutes_content.close_lists(["1. Một;", "2. Hai..;"]) == ["1. Một;", "2. Hai."]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_refusal_to_sign_is_told_before_the_minutes_end(ws: Workspace, lang: str) -> None:
    """The refusal branch of the skeleton: the reading-out no longer says everyone agreed and
    signed, the refusal and its reason come before the last sentence, and "./." ends the text."""
    from inspector.fieldwork import signatories

    made = build_demo(ws)
    agreed = minutes_content.build(ws, made.inspection_id, lang=lang).closing_paragraphs(5)
    words = minutes_content.WORDS[lang]
    end = "./." if lang == "vi" else "."  # English has no "./."
    assert words["read_agreed"] in agreed[1] and agreed[-1].endswith(end)
    (director,) = [
        p for p in signatories.proposed_signatories(ws, made.inspection_id) if p["side"] == "UNIT"
    ]
    signatories.refuse_as(
        ws,
        made.inspection_id,
        director,
        reason="Không đồng ý với nội dung về hồ sơ quá hạn.",
        witness="Ông Nguyễn Văn Bình, Chủ tịch Công đoàn cơ sở",
    )
    closing = minutes_content.build(ws, made.inspection_id, lang=lang).closing_paragraphs(5)
    assert words["read_agreed"] not in " ".join(closing)
    assert words["read_not_all"] in closing[1]
    (refusal,) = [n for n, text in enumerate(closing) if "Không đồng ý" in text]
    assert refusal == len(closing) - 2  # just before the count of pages and copies
    assert "Đặng Quốc Toản" in closing[refusal] and "Nguyễn Văn Bình" in closing[refusal]
    assert closing[refusal].count("..") == 0
    assert closing[-1].endswith(end) and ("05" if lang == "vi" else "5") in closing[-1]
    assert [text for text in closing if text.endswith(end)][-1] == closing[-1]
    assert not [text for text in closing if "./." in text and text != closing[-1]]

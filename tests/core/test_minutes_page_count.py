# SPDX-License-Identifier: GPL-3.0-or-later
"""The minutes are laid out once: the closing clause's page count ("Biên bản gồm N trang") is
learnt when the layout reaches it, and is the count of the body laid out on its own, wherever
the closing clause and the signature blocks fall on their pages."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pdfplumber
import pytest
from reportlab.platypus import BaseDocTemplate

from inspector.demo.build import DemoResult
from inspector.minutes import content as minutes_content
from inspector.minutes import layout as minutes_layout
from inspector.store.workspace import Workspace

WORDS = "kiểm tra hồ sơ giải quyết chế độ bảo hiểm xã hội tại bộ phận một cửa".split()


def _longer(model: minutes_content.MinutesModel, words: int) -> minutes_content.MinutesModel:
    """The model with a paragraph of ``words`` words after the last section's lines."""
    longer = copy.deepcopy(model)
    heading, lines = longer.sections[-1]
    paragraph = " ".join(WORDS[n % len(WORDS)] for n in range(words)) + "."
    longer.sections[-1] = (heading, [*lines, paragraph])
    return longer


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_closing_clause_states_the_body_pages_from_one_layout(
    demo: tuple[Workspace, DemoResult],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
) -> None:
    ws, made = demo
    base = minutes_content.build(ws, made.inspection_id, lang=lang, number="03/BB-ĐKT")
    said = re.compile(r"gồm (\d+) trang" if lang == "vi" else r"have (\d+) pages")
    builds: list[object] = []
    build = BaseDocTemplate.build

    def counted(doc: BaseDocTemplate, *args: object, **kwargs: object) -> None:
        builds.append(doc)
        build(doc, *args, **kwargs)

    where = set()
    for words in range(0, 400, 37):  # the closing clause moves down its page, and over
        model = _longer(base, words)
        expected = minutes_layout.count_body_pages(model)
        builds.clear()
        monkeypatch.setattr(BaseDocTemplate, "build", counted)
        slots: dict[int, tuple[int, tuple[float, float, float, float]]] = {}
        pdf = minutes_layout.render(model, tmp_path / f"minutes-{words}.pdf", slots)
        monkeypatch.undo()
        assert len(builds) == 1  # one layout, no page-counting pass before it
        with pdfplumber.open(pdf) as document:
            last = document.pages[max(expected - 2, 0) : expected]  # where the closing clause is
            text = " ".join(page.extract_text() or "" for page in last)
        stated = [int(n) for n in said.findall(" ".join(text.split()))]
        assert stated == [expected], (words, stated, expected)
        assert slots[1][0] == expected - 1  # the leader's block on the body's last page
        where.add((expected, round(slots[1][1][1] / 50)))
    assert len({pages for pages, _height in where}) > 1  # the count itself changed
    assert len(where) > 2  # and the blocks stood at several heights of their page

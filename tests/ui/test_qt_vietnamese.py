# SPDX-License-Identifier: GPL-3.0-or-later
"""Qt's own dialogs speak Vietnamese: the file dialog the app opens where the platform has none of its
own, the print dialog, message box buttons and details."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from inspector import i18n
from inspector.resources import resource_path
from tests.ui.helpers import in_modal
from ui import language, printing
from ui.workbench import attach


@pytest.fixture
def vietnamese() -> Iterator[None]:
    before = i18n.current_language()
    language.apply("vi")
    yield
    language.apply(before)


def _untranslated() -> set[str]:
    """Qt's English texts that the catalogue translates to something else."""
    root = ET.parse(resource_path("locale", "qt_vi.ts")).getroot()
    return {
        m.findtext("source", "")
        for m in root.iter("message")
        if m.findtext("source") != m.findtext("translation")
    }


def _texts(dialog: QWidget) -> list[str]:
    """Every label, button and group title shown in ``dialog`` (visible or one click away)."""
    texts = [w.text() for w in dialog.findChildren(QLabel)]
    texts += [w.text() for w in dialog.findChildren(QAbstractButton)]
    texts += [w.title() for w in dialog.findChildren(QGroupBox)]
    return [t for t in texts if t.strip()]


def _capture(opens) -> dict[str, object]:
    """Run ``opens()``, which blocks in a modal dialog; read the dialog, then cancel it."""
    seen: dict[str, object] = {}

    def read(dialog: QWidget) -> None:
        seen["title"] = dialog.windowTitle()
        seen["texts"] = _texts(dialog)
        seen["headers"] = [
            h.model().headerData(i, h.orientation())
            for h in dialog.findChildren(QHeaderView)
            if h.model() is not None
            for i in range(h.count())
        ]
        seen["class"] = type(dialog).__name__
        assert isinstance(dialog, QDialog)
        dialog.reject()

    in_modal(read)
    opens()
    return seen


def test_the_file_dialog_the_app_opens_is_in_vietnamese(qtbot, vietnamese) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    ctx = SimpleNamespace(window=window)

    seen = _capture(lambda: attach.choose_files(ctx))  # type: ignore[arg-type]

    assert seen["class"] == "QFileDialog"  # Qt's own dialog: no native one on this platform
    assert seen["title"] == "Đính kèm tệp chứng cứ"
    texts = seen["texts"]
    assert "&Tìm trong:" in texts
    assert "&Tên tệp:" in texts
    assert "&Loại tệp:" in texts
    assert "&Mở" in texts and "Hủy" in texts
    assert {"Tên", "Kích thước", "Loại", "Ngày sửa đổi"} <= set(seen["headers"])
    english = _untranslated()
    assert not [t for t in texts + seen["headers"] if t in english]


def test_the_file_dialog_of_a_save_says_save(qtbot, vietnamese) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    seen = _capture(lambda: QFileDialog.getSaveFileName(window, "x", str(Path.home())))
    assert "&Lưu" in seen["texts"]
    assert not [t for t in seen["texts"] if t in _untranslated()]


def test_the_print_dialog_is_in_vietnamese(qtbot, vietnamese, tmp_path: Path) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    ctx = SimpleNamespace(window=window)

    seen = _capture(lambda: printing.print_pdf(ctx, tmp_path / "m.pdf"))  # type: ignore[arg-type]

    assert seen["class"] == "QPrintDialog"
    texts = seen["texts"]
    assert "Máy in" in texts  # the printer group
    assert "&Tên:" in texts
    assert "&In" in texts and "Hủy" in texts
    assert "&Tùy chọn >>" in texts
    assert "Số bản:" in texts and "Phạm vi in" in texts and "In tất cả" in texts
    assert "Các trang từ" in texts and "đến" in texts
    assert "Sắp theo bộ" in texts and "In ngược thứ tự" in texts
    assert not [t for t in texts if t in _untranslated()]


def test_message_box_buttons_and_details_are_in_vietnamese(qtbot, vietnamese) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Inspector",
        "?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    box.setDetailedText("…")
    qtbot.addWidget(box)
    box.show()
    texts = [b.text() for b in box.findChildren(QPushButton)]
    assert "&Có" in texts and "&Không" in texts
    details = next(b for b in box.findChildren(QPushButton) if "chi tiết" in b.text())
    assert details.text() == "Hiện chi tiết..."
    details.click()
    assert details.text() == "Ẩn chi tiết..."


def test_english_leaves_qt_in_english(qtbot) -> None:
    language.apply("en")
    box = QMessageBox(QMessageBox.Icon.Question, "Inspector", "?", QMessageBox.StandardButton.Yes)
    qtbot.addWidget(box)
    assert [b.text() for b in box.findChildren(QPushButton)] == ["&Yes"]

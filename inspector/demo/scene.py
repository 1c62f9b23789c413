# SPDX-License-Identifier: GPL-3.0-or-later
"""The demo's invented world: the day of the visit, the office's staff, the team, the procedures
whose dossiers are traced, what the demo made, and the small files an inspector collects."""

from __future__ import annotations

import csv
import random
import struct
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from inspector.vocabulary import (
    TeamRole,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")


VISIT_DAY = date(2026, 3, 5)


# (full name, position, gender) of the inspected office's staff.
STAFF = [
    ("Đặng Quốc Toản", "Giám đốc", "Nam"),
    ("Bùi Thị Hồng Nhung", "Phó Giám đốc", "Nữ"),
    ("Hoàng Văn Tú", "Viên chức thẩm định chế độ", "Nam"),
    ("Ngô Thị Thu Hà", "Viên chức Bộ phận một cửa", "Nữ"),
    ("Phan Minh Đức", "Viên chức Bộ phận một cửa", "Nam"),
    ("Võ Thị Lan Anh", "Kế toán", "Nữ"),
    ("Đỗ Văn Khánh", "Viên chức thu", "Nam"),
    ("Lương Thị Ngọc Ánh", "Viên chức cấp sổ, thẻ", "Nữ"),
    ("Trịnh Xuân Bách", "Viên chức thẩm định chế độ", "Nam"),
    ("Hồ Thị Diệu Linh", "Viên chức thu", "Nữ"),
    ("Chu Văn Lực", "Viên chức quản lý người tham gia", "Nam"),
    ("Tạ Thị Hương Giang", "Văn thư", "Nữ"),
    ("Lê Đình Nghĩa", "Viên chức công nghệ thông tin", "Nam"),
    ("Nguyễn Thị Yến", "Viên chức kiểm tra", "Nữ"),
    ("Kiều Văn Sơn", "Nhân viên hợp đồng (bảo vệ)", "Nam"),
]


TEAM = [
    ("Nguyễn Văn Hùng", "Phó Trưởng phòng Tổ chức cán bộ", TeamRole.LEADER, "Nam"),
    ("Trần Thị Mai", "Chuyên viên Phòng Kiểm tra", TeamRole.MEMBER, "Nữ"),
    ("Lê Quang Minh", "Chuyên viên Văn phòng", TeamRole.SECRETARY, "Nam"),
]


PROCEDURES = [
    ("1.001.TS", "Giải quyết hưởng chế độ thai sản", 5),
    ("1.002.OD", "Giải quyết hưởng chế độ ốm đau", 5),
    ("1.003.CL", "Cấp lại sổ bảo hiểm xã hội do mất, hỏng", 5),
    ("1.004.TN", "Giải quyết hưởng trợ cấp một lần", 10),
    ("1.005.TD", "Đăng ký tham gia bảo hiểm xã hội tự nguyện", 3),
]


@dataclass
class DemoResult:
    """What the demo made."""

    inspection_id: str
    unit_id: str
    people: dict[str, str] = field(default_factory=dict)
    traces: int = 0
    late_traces: int = 0
    findings: int = 0
    evidence: int = 0


def at_time(hour: int, minute: int, day: date = VISIT_DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN)


def make_png(path: Path, width: int = 320, height: int = 200, seed: int = 0) -> None:
    """Write a small generated picture (sky, a building, windows) as a PNG; no imaging library."""
    rng = random.Random(seed)
    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            if y < 70:
                pixel = (150 + y, 190 + y // 2, 235)
            elif 40 <= x < 280 and y >= 70:
                window = (x - 40) % 40 < 22 and (y - 80) % 35 < 20 and y < 180
                pixel = (70, 90, 110) if window else (205, 195, 170)
            else:
                pixel = (120, 150, 90)
            noise = rng.randint(-6, 6)
            row.extend(max(0, min(255, c + noise)) for c in pixel)
        rows.append(bytes(row))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)

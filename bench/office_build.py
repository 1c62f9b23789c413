# SPDX-License-Identifier: GPL-3.0-or-later
"""The office workspace of the office bench (:mod:`bench.office_views`): a million findings of
2,500 checks of 104 units under 8 provinces, built once and kept in the temporary folder.

The registers (provinces, their district offices, their staff) and the checks (decision,
inspection, leader, arrival, end of the visit) are made through the services. The million
findings, with their responsibility, recommendation and (one in four) explanation, are too many
for the services (hours): they are written in bulk through the journal, the services' own writer
(:class:`inspector.store.journal.Journal`), shaped exactly as the services write them — the same
columns, each record with its META columns (an uuid4 id, ISO times, who, which device, version
1), one ``insert`` change in the change log naming the fields the service gives (read from a
finding, a responsibility, a recommendation and an explanation made through the services first)
and the record's head. Only the checks of the services are skipped (the scope, the seal), and a
recommendation is written with its status as it stands, not moved there by later changes.

Texts are real Vietnamese, varied so that a common word ("hồ sơ") is in about half the findings
and a rare one ("Mường Nhé") in a handful.
"""

from __future__ import annotations

import fcntl
import json
import multiprocessing
import random
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from inspector import timefmt
from inspector.fieldwork import checklists, findings, inspections, recommendations, units
from inspector.store.db import SCHEMA_VERSION
from inspector.store.journal import ROOT, Journal
from inspector.store.records import new_id
from inspector.store.workspace import DB_NAME, Workspace

VERSION = "1"
TOTAL = 1_000_000
CHECKS = 2_500
CHUNK = 10_000  # findings written per transaction
RARE, COMMON = "muong nhe", "ho so"  # typed without marks, as people do

PROVINCES = (
    "Điện Biên",
    "Lai Châu",
    "Sơn La",
    "Hà Giang",
    "Thanh Hóa",
    "Nghệ An",
    "Quảng Nam",
    "Đắk Lắk",
)
DISTRICTS = (
    "Thành phố",
    "Thị xã",
    "Huyện Bắc",
    "Huyện Nam",
    "Huyện Đông",
    "Huyện Tây",
    "Huyện Miền Núi",
    "Huyện Ven Biển",
    "Huyện Trung Tâm",
    "Huyện Biên Giới",
    "Huyện Đồng Bằng",
    "Huyện Cao Nguyên",
)
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ")
GIVEN = ("Văn An", "Thị Bình", "Minh Châu", "Quốc Dũng", "Thu Hà", "Đức Hải", "Thanh Hương")
TITLES = (
    "Chậm giải quyết hồ sơ hưởng chế độ ốm đau",
    "Thu bảo hiểm xã hội không đúng đối tượng",
    "Chi trả trợ cấp thất nghiệp sai mức hưởng",
    "Cấp trùng thẻ bảo hiểm y tế cho người tham gia",
    "Lưu trữ hồ sơ không đầy đủ theo quy định",
    "Quyết toán chi phí khám chữa bệnh chưa đúng quy định",
    "Không niêm yết thủ tục hành chính tại bộ phận một cửa",
    "Chưa chốt sổ bảo hiểm xã hội cho người lao động nghỉ việc",
    "Chưa đôn đốc đơn vị nợ đóng bảo hiểm kéo dài",
    "Tiếp nhận hồ sơ thiếu giấy tờ theo quy định",
    "Giải quyết chế độ thai sản quá thời hạn",
    "Ghi sổ kế toán không kịp thời",
    "Quản lý quỹ tiền mặt chưa chặt chẽ",
    "Thực hiện tốt công tác cải cách thủ tục hành chính",
)
OPENINGS = (
    "Qua kiểm tra {a} hồ sơ tại bộ phận một cửa, đoàn phát hiện {b} trường hợp",
    "Kiểm tra xác suất {a} chứng từ chi trả, đoàn thấy {b} chứng từ",
    "Đối chiếu danh sách {a} đơn vị sử dụng lao động, có {b} đơn vị",
    "Trong kỳ kiểm tra, đơn vị tiếp nhận {a} lượt giao dịch, trong đó {b} lượt",
    "Rà soát {a} sổ bảo hiểm xã hội, phát hiện {b} sổ",
)
MIDDLES = (
    "trả kết quả quá hạn từ {c} đến {d} ngày làm việc",
    "thiếu chữ ký của người có thẩm quyền",
    "ghi sai mức lương làm căn cứ đóng",
    "chưa được cập nhật vào phần mềm quản lý",
    "không có phiếu hẹn trả kết quả",
    "nộp chậm so với thời hạn {c} tháng",
    "không lưu bản chính giấy ra viện",
)
CLOSINGS = (
    "Nguyên nhân do cán bộ chưa nắm vững quy trình nghiệp vụ.",
    "Đơn vị chưa bố trí đủ nhân lực cho bộ phận tiếp nhận.",
    "Phần mềm nghiệp vụ thường xuyên bị lỗi đường truyền.",
    "Lãnh đạo đơn vị chưa thường xuyên kiểm tra, đôn đốc.",
    "Việc phối hợp với cơ quan thuế và ngân hàng còn hạn chế.",
)
EXPLANATIONS = (
    "Đơn vị tiếp thu ý kiến của đoàn và sẽ khắc phục trong quý tới.",
    "Do số lượng giao dịch tăng đột biến vào cuối năm, cán bộ không kịp xử lý.",
    "Đơn vị đã liên hệ người lao động để bổ sung giấy tờ còn thiếu.",
    "Lỗi phát sinh từ phần mềm của cấp trên, đơn vị đã báo cáo bằng văn bản.",
)
ADVICE = (
    "Khắc phục ngay các tồn tại, báo cáo kết quả về Văn phòng",
    "Kiểm điểm trách nhiệm cá nhân có liên quan",
    "Thu hồi số tiền chi sai, nộp vào tài khoản chuyên thu",
    "Rà soát toàn bộ hồ sơ tương tự từ đầu năm",
    "Tổ chức tập huấn lại quy trình nghiệp vụ cho cán bộ",
)
SEVERITIES = ("1", "2", "2", "3", "3", "3", "4", "4", "5", "X")
LEVELS = ("DIRECT", "DIRECT", "DIRECT", "SUPERVISING", "HEAD", "JOINT")
STATUSES = ("PROPOSED", "CONCLUDED", "IN_PROGRESS", "IN_PROGRESS", "DONE", "VERIFIED", "OVERDUE")
TYPES = ("RECTIFY", "RECTIFY", "REVIEW_RESPONSIBILITY", "REFUND", "LESSONS")


def _description(rng: random.Random, n: int) -> str:
    """Two or three sentences; "hồ sơ" in about half of them, "Mường Nhé" in ten of a million."""
    numbers = {"a": rng.randint(20, 400), "b": rng.randint(1, 19)}
    numbers |= {"c": rng.randint(1, 5), "d": rng.randint(6, 30)}
    text = f"{rng.choice(OPENINGS)} {rng.choice(MIDDLES)}. {rng.choice(CLOSINGS)}".format(**numbers)
    if n % 100_000 == 77:
        text += " Trường hợp điển hình tại điểm giao dịch xã Mường Nhé."
    return text


def _made_keys(ws: Workspace, check: str, unit: str, person: str) -> dict[str, list[str]]:
    """A finding, a responsibility, a recommendation and an explanation made through the
    services; the fields each one's insert change names (the shape of the bulk rows)."""
    finding = findings.add_finding(
        ws, check, title=TITLES[0], severity="3", area_code=None, description="Mô tả"
    )
    findings.assign_responsibility(ws, finding, level="DIRECT", person_id=person)
    recommendations.recommend(
        ws, check, type="RECTIFY", text=ADVICE[0], finding_id=finding, owner_unit_id=unit
    )
    recommendations.add_explanation(
        ws, check, given_by="Giám đốc", text=EXPLANATIONS[0], finding_id=finding
    )
    keys = {}
    for table in ("findings", "responsibilities", "recommendations", "explanations"):
        (value,) = ws.db.execute(
            "SELECT new_value FROM changes WHERE table_name = ? AND op = 'insert'"
            " ORDER BY seq DESC LIMIT 1",
            [table],
        ).fetchone()
        keys[table] = sorted(json.loads(value))
    return keys


def _registers(ws: Workspace, rng: random.Random) -> tuple[list[str], dict[str, list[str]]]:
    """Provinces, their district offices and their staff, through the services; the units and
    each unit's people."""
    unit_ids, staff = [], {}
    for province in PROVINCES:
        top = units.add_unit(ws, name=f"Bảo hiểm xã hội tỉnh {province}", level="PROVINCIAL")
        unit_ids.append(top)
        for district in DISTRICTS:
            unit_ids.append(
                units.add_unit(
                    ws,
                    name=f"Bảo hiểm xã hội {district} ({province})",
                    level="GRASSROOTS",
                    parent_id=top,
                )
            )
    for unit in unit_ids:
        staff[unit] = [
            units.add_person(
                ws, full_name=f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}", unit_id=unit
            )
            for _ in range(4)
        ]
    return unit_ids, staff


def _checks(
    ws: Workspace, rng: random.Random, unit_ids: list[str], checks: int
) -> list[tuple[str, str]]:
    """The checks, through the services: decided over two years, most arrived, some ended."""
    made = []
    for n in range(checks):
        unit = unit_ids[n % len(unit_ids)]
        month = 1 + n % 24
        day = f"{2025 + (month - 1) // 12}-{1 + (month - 1) % 12:02d}-{1 + n % 27:02d}"
        check = inspections.create_inspection(
            ws,
            decision_number=f"{n + 1}/QĐ-BHXH",
            decision_date=day,
            signer_name="Nguyễn Văn Giám Đốc",
            legal_basis="Luật Bảo hiểm xã hội 2024",
            unit_id=unit,
        )
        inspections.add_member_named(ws, check, ws.actor.user, "LEADER")
        if n % 8:
            inspections.arrive(ws, check, f"{day}T08:{n % 60:02d}:00+07:00")
            if n % 3 == 0:
                inspections.end_visit(ws, check, f"{day}T16:30:00+07:00")
        made.append((check, unit))
    return made


def _record(journal: Journal, ws: Workspace, table: str, fields: dict[str, Any], at: str) -> str:
    """One record written as :func:`inspector.store.records.insert` writes it (row, change,
    head), without its checks."""
    record_id = new_id()
    journal.insert_row(
        table,
        {
            "id": record_id,
            "created_at": at,
            "updated_at": at,
            "changed_by": ws.actor.user,
            "device_id": ws.actor.device_id,
            "version": 1,
            "deleted": 0,
            **fields,
        },
    )
    change_id = new_id()
    journal.log(
        {
            "change_id": change_id,
            "table_name": table,
            "record_id": record_id,
            "op": "insert",
            "field": None,
            "old_value": None,
            "new_value": json.dumps(fields, ensure_ascii=False, sort_keys=True),
            "version": 1,
            "changed_by": ws.actor.user,
            "device_id": ws.actor.device_id,
            "changed_at": at,
            "reason": None,
            "parents": "[]",
        }
    )
    journal.add_heads(table, record_id, ROOT, [change_id])
    return record_id


def _shaped(keys: list[str], values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with exactly the service's fields (every one given, no other)."""
    missing = set(values) - set(keys)
    if missing:
        raise AssertionError(f"the services write no {sorted(missing)}")
    return {k: values.get(k) for k in keys}


def populate(ws: Workspace, total: int = TOTAL, checks: int = CHECKS) -> None:
    """The registers and ``checks`` checks through the services, then ``total`` findings in
    bulk."""
    rng = random.Random(13)
    checklists.ensure_bundled_checklist(ws)
    with ws.transaction():
        unit_ids, staff = _registers(ws, rng)
        made = _checks(ws, rng, unit_ids, checks)
        keys = _made_keys(ws, made[1][0], made[1][1], staff[made[1][1]][0])
    items = ws.db.execute(
        "SELECT id, area_code FROM checklist_items WHERE deleted = 0 ORDER BY position"
    ).fetchall()
    existing = ws.db.execute("SELECT count(*) FROM findings").fetchone()[0]
    for start in range(existing, total, CHUNK):
        at = timefmt.now_utc()
        with ws.transaction():
            journal = Journal(ws.db)
            for n in range(start, min(start + CHUNK, total)):
                check, unit = made[n % checks]
                item, area = rng.choice(items)
                severity = rng.choice(SEVERITIES)
                finding = _record(
                    journal,
                    ws,
                    "findings",
                    _shaped(
                        keys["findings"],
                        {
                            "inspection_id": check,
                            "item_id": item if n % 5 else None,
                            "area_code": area,
                            "kind": "GOOD_PRACTICE" if severity == "0" else "SHORTCOMING",
                            "title": rng.choice(TITLES),
                            "description": _description(rng, n),
                            "severity": severity,
                            "legal_basis": "Điều 21 Luật Bảo hiểm xã hội",
                        },
                    ),
                    at,
                )
                person = rng.choice(staff[unit]) if n % 6 else None
                _record(
                    journal,
                    ws,
                    "responsibilities",
                    _shaped(
                        keys["responsibilities"],
                        {
                            "finding_id": finding,
                            "subject_type": "INDIVIDUAL" if person else "COLLECTIVE",
                            "person_id": person,
                            "unit_id": None if person else unit,
                            "level": rng.choice(LEVELS),
                        },
                    ),
                    at,
                )
                _record(
                    journal,
                    ws,
                    "recommendations",
                    _shaped(
                        keys["recommendations"],
                        {
                            "inspection_id": check,
                            "finding_id": finding,
                            "type": rng.choice(TYPES),
                            "text": rng.choice(ADVICE),
                            "status": rng.choice(STATUSES),
                            "deadline": f"2026-{1 + n % 12:02d}-15",
                            "owner_unit_id": unit,
                        },
                    ),
                    at,
                )
                if n % 4 == 0:
                    _record(
                        journal,
                        ws,
                        "explanations",
                        _shaped(
                            keys["explanations"],
                            {
                                "inspection_id": check,
                                "finding_id": finding,
                                "given_by": "Giám đốc",
                                "text": rng.choice(EXPLANATIONS),
                                "given_at": at,
                            },
                        ),
                        at,
                    )
            journal.flush()


def _build(home: Path, total: int, checks: int) -> None:
    with Workspace.open(home) as ws:
        ws.db.execute("PRAGMA cache_size = -400000")  # the build's own process: 400 MB of pages
        populate(ws, total, checks)
        ws.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _upgrade(home: Path) -> None:
    with Workspace.open(home) as ws:  # opening runs the schema's later steps
        ws.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _older_build(root: Path, total: int) -> Path | None:
    """A finished build of the same records under an earlier schema, if one is kept."""
    prefix = f"inspector-bench-office-v{VERSION}-schema"
    for schema in range(SCHEMA_VERSION - 1, 0, -1):
        older = root.with_name(f"{prefix}{schema}-{total}")
        if (older / "built.txt").exists():
            return older
    return None


def built(total: int = TOTAL, checks: int = CHECKS) -> Path:
    """The office workspace, built once (in a process of its own, so that the bench's memory is
    the screens', not the build's) and kept; its home."""
    name = f"inspector-bench-office-v{VERSION}-schema{SCHEMA_VERSION}-{total}"
    root = Path(tempfile.gettempdir()) / name
    home, marker = root / "ws", root / "built.txt"
    with open(root.with_suffix(".lock"), "w") as lock:  # benches side by side share one build
        fcntl.flock(lock, fcntl.LOCK_EX)
        older = _older_build(root, total)
        if not marker.exists() and older is not None:
            # a build of an earlier schema is taken over and upgraded, as the app upgrades a
            # workspace it opens (minutes, not the build's 18): the same records, new indexes
            shutil.rmtree(root, ignore_errors=True)
            older.rename(root)
            marker.unlink()
            started = time.perf_counter()
            process = multiprocessing.get_context("spawn").Process(target=_upgrade, args=(home,))
            process.start()
            process.join()
            if process.exitcode:
                raise RuntimeError(f"upgrading the office workspace failed ({process.exitcode})")
            marker.write_text(str(total))
            print(
                f"  (upgraded {older.name} to schema {SCHEMA_VERSION}"
                f" in {time.perf_counter() - started:.0f} s, kept in {root.name})"
            )
        if not marker.exists():
            shutil.rmtree(root, ignore_errors=True)
            started = time.perf_counter()
            process = multiprocessing.get_context("spawn").Process(
                target=_build, args=(home, total, checks)
            )
            process.start()
            process.join()
            if process.exitcode:
                raise RuntimeError(f"building the office workspace failed ({process.exitcode})")
            marker.write_text(str(total))  # written last: a half-built workspace is built again
            print(
                f"  (built {total:,} findings in {time.perf_counter() - started:.0f} s,"
                f" kept in {root.name})"
            )
    return home


def copy_of(home: Path, into: Path) -> Path:
    """A fresh copy of the workspace at ``home`` (without its search index) in ``into``."""
    copy = into / "ws"
    shutil.copytree(home, copy, ignore=shutil.ignore_patterns("search.sqlite3*"))
    return copy


def raw(home: Path) -> sqlite3.Connection:
    """A plain connection to the workspace's database, as ``sqlite3`` opens it."""
    return sqlite3.connect(home / DB_NAME)

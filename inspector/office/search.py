# SPDX-License-Identifier: GPL-3.0-or-later
"""Full-text search over what checks found: findings (title, description), explanations,
recommendations (text, status note) and the notes of checklist answers and of the roll call.

Vietnamese is searched with or without its marks: "trach nhiem" finds "trách nhiệm", and "dien"
finds "điện" (SQLite's ``remove_diacritics`` leaves "đ" alone, so every text is folded here, in the
index and in the query alike, one character for one character so that a match found in the folded
text is highlighted at the same place in the text as typed).

The index is derived data: it lives in ``search.sqlite3`` beside the workspace database (an FTS5
table), never travels, and is brought up to date from the change log before each search (every
local edit and every merged import writes there), so it needs no trigger and no write to the
workspace database. A lost or damaged index file is rebuilt.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from inspector.store.workspace import Workspace

INDEX_NAME = "search.sqlite3"
INDEX_VERSION = 1

# The text each searched table contributes, and the column naming its finding (if any).
FIELDS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "findings": (("title", "description"), "id"),
    "explanations": (("text",), "finding_id"),
    "recommendations": (("text", "status_note"), "finding_id"),
    "responses": (("note",), None),
    "attendance": (("note",), None),
}

_WORD = re.compile(r"\w+")


@cache
def _fold_char(char: str) -> str:
    if char in "đĐ":
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    lower = base.lower()
    return lower if len(lower) == 1 else char


def fold(text: str) -> str:
    """``text`` without its marks and in lower case, one character for each character of ``text``:
    "Điện Biên" gives "dien bien"."""
    return "".join(_fold_char(c) for c in text)


def terms(query: str) -> list[str]:
    """The words of a query, folded."""
    return _WORD.findall(fold(query))


@dataclass(frozen=True)
class Hit:
    """A record whose text holds every word of the query."""

    table: str
    record_id: str
    inspection_id: str
    finding_id: str | None
    field: str  # the field shown: the first that holds a word of the query
    text: str  # that field as typed
    spans: tuple[tuple[int, int], ...]  # where the query's words stand in ``text``
    rank: float  # bm25: lower is better

    def highlighted(self, before: str = "[", after: str = "]") -> str:
        """``text`` with each word of the query marked."""
        out, last = [], 0
        for start, end in self.spans:
            out += [self.text[last:start], before, self.text[start:end], after]
            last = end
        out.append(self.text[last:])
        return "".join(out)


def spans(text: str, words: list[str]) -> tuple[tuple[int, int], ...]:
    """Where ``words`` (folded) stand in ``text``: each word whole, but the last, which may begin
    a longer word (it may be still being typed); as (start, end) in order."""
    folded = fold(text)
    found = []
    for match in _WORD.finditer(folded):
        token = match.group()
        for n, word in enumerate(words):
            if token == word or (n == len(words) - 1 and token.startswith(word)):
                found.append((match.start(), match.start() + len(word)))
                break
    return tuple(found)


def _open(path: Path) -> sqlite3.Connection:
    """The index file, made (or made again, if it is of another version or damaged) as needed."""
    for attempt in range(2):
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            (version,) = conn.execute("PRAGMA user_version").fetchone()
            if version == INDEX_VERSION:
                return conn
            if version == 0 and not conn.execute("SELECT 1 FROM sqlite_master").fetchone():
                conn.executescript(
                    f"""PRAGMA journal_mode=WAL;
                    CREATE TABLE docs (
                        rowid INTEGER PRIMARY KEY,
                        table_name TEXT NOT NULL,
                        record_id TEXT NOT NULL,
                        UNIQUE (table_name, record_id)
                    );
                    CREATE VIRTUAL TABLE words USING fts5(
                        body, tokenize = "unicode61 remove_diacritics 0"
                    );
                    CREATE TABLE mark (seq INTEGER NOT NULL, changes INTEGER NOT NULL);
                    INSERT INTO mark VALUES (0, 0);
                    PRAGMA user_version = {INDEX_VERSION};"""
                )
                return conn
        except sqlite3.DatabaseError:
            if attempt:
                raise
        conn.close()
        for suffix in ("", "-wal", "-shm"):  # derived data: made again from the workspace
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    raise AssertionError("unreachable")


def _text(row: sqlite3.Row | tuple[object, ...]) -> str:
    return "\n".join(str(v) for v in row if v)


def _changed(ws: Workspace, since: int) -> Iterator[tuple[str, str]]:
    """The searched records changed after change ``since``, each once."""
    tables = list(FIELDS)
    marks = ",".join("?" * len(tables))
    yield from ws.db.execute(
        f"SELECT DISTINCT table_name, record_id FROM changes WHERE seq > ?"
        f" AND table_name IN ({marks})",
        [since, *tables],
    ).fetchall()


def refresh(ws: Workspace) -> int:
    """Bring the index up to date with the change log; return how many records it read again."""
    with closing(_open(ws.home / INDEX_NAME)) as index:
        return _refresh(ws, index)


def _refresh(ws: Workspace, index: sqlite3.Connection) -> int:
    (top,) = ws.db.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()
    (count,) = ws.db.execute("SELECT count(*) FROM changes").fetchone()
    seq, seen = index.execute("SELECT seq, changes FROM mark").fetchone()
    if top < seq or count < seen:  # another workspace file in this folder: read it all again
        index.execute("DELETE FROM docs")
        index.execute("DELETE FROM words")
        seq = 0
    if top == seq:
        return 0
    read = 0
    index.execute("BEGIN")
    try:
        for table, record_id in _changed(ws, seq):
            columns, _finding = FIELDS[table]
            row = ws.db.execute(
                f"SELECT deleted, {', '.join(columns)} FROM {table} WHERE id = ?", [record_id]
            ).fetchone()
            old = index.execute(
                "SELECT rowid FROM docs WHERE table_name = ? AND record_id = ?", [table, record_id]
            ).fetchone()
            if old:
                index.execute("DELETE FROM words WHERE rowid = ?", [old[0]])
                index.execute("DELETE FROM docs WHERE rowid = ?", [old[0]])
            body = _text(row[1:]) if row and not row[0] else ""
            if body:
                rowid = index.execute(
                    "INSERT INTO docs (table_name, record_id) VALUES (?, ?)", [table, record_id]
                ).lastrowid
                index.execute("INSERT INTO words (rowid, body) VALUES (?, ?)", [rowid, fold(body)])
            read += 1
        index.execute("UPDATE mark SET seq = ?, changes = ?", [top, count])
        index.execute("COMMIT")
    except BaseException:
        index.execute("ROLLBACK")
        raise
    return read


def _match(words: list[str]) -> str:
    """An FTS5 query: every word, the last one also as the beginning of a longer word."""
    return " ".join([*(f'"{w}"' for w in words[:-1]), f'"{words[-1]}"*'])


def search(ws: Workspace, query: str, *, limit: int = 200) -> list[Hit]:
    """The live records whose text holds every word of ``query``, with or without marks (its last
    word also as the beginning of a longer one), best first."""
    words = terms(query)
    if not words:
        return []
    with closing(_open(ws.home / INDEX_NAME)) as index:
        _refresh(ws, index)
        found = index.execute(
            "SELECT d.table_name, d.record_id, bm25(words) FROM words JOIN docs d"
            " ON d.rowid = words.rowid WHERE words MATCH ? ORDER BY bm25(words) LIMIT ?",
            [_match(words), limit],
        ).fetchall()
    hits = []
    for table, record_id, rank in found:
        columns, finding_column = FIELDS[table]
        row = ws.db.execute(
            f"SELECT inspection_id, {finding_column or 'NULL'}, {', '.join(columns)}"
            f" FROM {table} WHERE id = ? AND deleted = 0",
            [record_id],
        ).fetchone()
        if row is None:
            continue
        inspection_id, finding_id, *texts = row
        shown = next(
            ((c, t) for c, t in zip(columns, texts, strict=True) if t and spans(t, words)),
            (columns[0], texts[0] or ""),
        )
        hits.append(
            Hit(
                table=table,
                record_id=record_id,
                inspection_id=inspection_id,
                finding_id=finding_id,
                field=shown[0],
                text=shown[1],
                spans=spans(shown[1], words),
                rank=rank,
            )
        )
    return hits

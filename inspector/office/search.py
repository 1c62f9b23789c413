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
workspace database. A lost or damaged index file is rebuilt. Its first build reads the tables
themselves in one pass (an office of a million findings: about a minute) and says how far it is.

Every record of the index names its finding, so that the findings that said some words are one
query over the index, kept in a temporary table of the connection that asks (see
:func:`said_table`): the office's facets and rows narrow to them in SQL, however many they are.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from inspector.errors import Cancelled
from inspector.i18n import Text, _
from inspector.store.workspace import Workspace

INDEX_NAME = "search.sqlite3"
INDEX_VERSION = 3  # 2: each record names its finding; 3: marked by the last change's id
SAID = "temp.office_said"  # the findings that said the words asked last, on each connection
# A second refresh waits for the first (an index's first build takes a minute on a million).
WAIT_SECONDS = 3600.0
BATCH = 5_000  # records indexed between two reports of progress in a first build

Progress = Callable[[int, int], None]

# The text each searched table contributes, and the column naming its finding (if any).
FIELDS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "findings": (("title", "description"), "id"),
    "explanations": (("text",), "finding_id"),
    "recommendations": (("text", "status_note"), "finding_id"),
    "responses": (("note",), None),
    "attendance": (("note",), None),
}

# How a record of each searched table is named beside the words it holds.
KINDS: dict[str, Text] = {
    "findings": _("Finding"),
    "explanations": _("Explanation"),
    "recommendations": _("Recommendation"),
    "responses": _("Checklist note"),
    "attendance": _("Roll-call note"),
}

_WORD = re.compile(r"\w+")


def _fold_char(char: str) -> str:
    if char in "đĐ":
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    lower = base.lower()
    return lower if len(lower) == 1 else char


class _Folded(dict[int, str]):
    """Each character's folded form, by its code, worked out the first time it is met (for
    ``str.translate``, which reads it at C speed from then on)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLDED = _Folded()


def fold(text: str) -> str:
    """``text`` without its marks and in lower case, one character for each character of ``text``:
    "Điện Biên" gives "dien bien"."""
    return text.translate(_FOLDED)


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
        return marked(self.text, self.spans, before, after)


def marked(text: str, at: tuple[tuple[int, int], ...], before: str = "[", after: str = "]") -> str:
    """``text`` with each of the spans ``at`` between ``before`` and ``after``."""
    out, last = [], 0
    for start, end in at:
        out += [text[last:start], before, text[start:end], after]
        last = end
    out.append(text[last:])
    return "".join(out)


def spans(text: str, words: list[str]) -> tuple[tuple[int, int], ...]:
    """Where ``words`` (folded) stand in ``text``: each word whole, but the last, which may begin
    a longer word (it may be still being typed); as (start, end) in order."""
    if not words:
        return ()
    return tuple(m.span(1) for m in _words_pattern(tuple(words)).finditer(fold(text)))


@lru_cache(maxsize=64)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """A token (a run of word characters) that is one of ``words``, or begins with the last;
    its group 1 spans the word."""
    *whole, last = (re.escape(w) for w in words)
    either = "|".join([*(f"{w}(?!\\w)" for w in whole), last])
    return re.compile(f"(?<!\\w)(?=({either}))\\w+")


def _open(path: Path) -> sqlite3.Connection:
    """The index file, made (or made again, if it is of another version or damaged) as needed."""
    for attempt in range(2):
        conn = sqlite3.connect(path, isolation_level=None, timeout=WAIT_SECONDS)
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
                        finding_id TEXT,
                        UNIQUE (table_name, record_id)
                    );
                    CREATE VIRTUAL TABLE words USING fts5(
                        body, tokenize = "unicode61 remove_diacritics 0"
                    );
                    CREATE TABLE mark (seq INTEGER NOT NULL, change_id TEXT);
                    INSERT INTO mark VALUES (0, NULL);
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


def behind(ws: Workspace) -> int:
    """How many changes of the log the index has yet to read (all, if it was never built)."""
    (top,) = ws.db.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()
    with closing(_open(ws.home / INDEX_NAME)) as index:
        (seq,) = index.execute("SELECT seq FROM mark").fetchone()
    return max(0, int(top) - int(seq)) if top >= seq else int(top)


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


def refresh(
    ws: Workspace,
    on_progress: Progress | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> int:
    """Bring the index up to date with the change log; return how many records it read again.

    Safe from any thread, on its own connections: a refresh running elsewhere (another thread or
    process) is waited for. ``on_progress(done, total)`` hears of a first build's progress.

    Raises:
        Cancelled: ``is_cancelled()`` said so (nothing of this refresh is kept).
    """
    with closing(_open(ws.home / INDEX_NAME)) as index:
        return _refresh(ws, index, on_progress, is_cancelled)


def _refresh(
    ws: Workspace,
    index: sqlite3.Connection,
    on_progress: Progress | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> int:
    # the last change read, by its number and its id: the log only grows, so a change of
    # another id under that number is another workspace file in this folder
    top, last = ws.db.execute(
        "SELECT seq, change_id FROM changes ORDER BY seq DESC LIMIT 1"
    ).fetchone() or (0, None)
    if index.execute("SELECT seq, change_id FROM mark").fetchone() == (top, last):
        return 0  # the usual case, without waiting for a writer
    index.execute("BEGIN IMMEDIATE")  # one refresher at a time; the others wait, then see it done
    try:
        seq, seen = index.execute("SELECT seq, change_id FROM mark").fetchone()
        at = ws.db.execute("SELECT change_id FROM changes WHERE seq = ?", [seq]).fetchone()
        if seq and (at is None or at[0] != seen):  # another workspace file: read it all again
            index.execute("DELETE FROM docs")
            index.execute("DELETE FROM words")
            seq = 0
        read = 0
        if seq == 0:
            read = _build(ws, index, on_progress, is_cancelled)
        elif top > seq:
            for table, record_id in _changed(ws, seq):
                _reindex(ws, index, table, record_id)
                read += 1
        index.execute("UPDATE mark SET seq = ?, change_id = ?", [top, last])
        index.execute("COMMIT")
    except BaseException:
        index.execute("ROLLBACK")
        raise
    return read


def _reindex(ws: Workspace, index: sqlite3.Connection, table: str, record_id: str) -> None:
    """Read one record again: its old text out of the index, its new one (if live) in."""
    columns, finding = FIELDS[table]
    row = ws.db.execute(
        f"SELECT deleted, {finding or 'NULL'}, {', '.join(columns)} FROM {table} WHERE id = ?",
        [record_id],
    ).fetchone()
    old = index.execute(
        "SELECT rowid FROM docs WHERE table_name = ? AND record_id = ?", [table, record_id]
    ).fetchone()
    if old:
        index.execute("DELETE FROM words WHERE rowid = ?", [old[0]])
        index.execute("DELETE FROM docs WHERE rowid = ?", [old[0]])
    body = _text(row[2:]) if row and not row[0] else ""
    if body:
        rowid = index.execute(
            "INSERT INTO docs (table_name, record_id, finding_id) VALUES (?, ?, ?)",
            [table, record_id, row[1]],
        ).lastrowid
        index.execute("INSERT INTO words (rowid, body) VALUES (?, ?)", [rowid, fold(body)])


def _build(
    ws: Workspace,
    index: sqlite3.Connection,
    on_progress: Progress | None,
    is_cancelled: Callable[[], bool] | None,
) -> int:
    """Index every live record of the searched tables (an empty index: a first build), reading
    the tables themselves in one pass rather than the change log record by record."""
    total = sum(
        ws.db.execute(f"SELECT count(*) FROM {table} WHERE deleted = 0").fetchone()[0]
        for table in FIELDS
    )
    done = 0
    (rowid,) = index.execute("SELECT coalesce(max(rowid), 0) FROM docs").fetchone()
    for table, (columns, finding) in FIELDS.items():
        found = ws.db.execute(
            f"SELECT id, {finding or 'NULL'}, {', '.join(columns)} FROM {table} WHERE deleted = 0"
        )
        while batch := found.fetchmany(BATCH):
            if is_cancelled is not None and is_cancelled():
                raise Cancelled(_("Cancelled."))
            docs, words = [], []
            for record_id, finding_id, *texts in batch:
                body = _text(texts)
                if body:
                    rowid += 1
                    docs.append((rowid, table, record_id, finding_id))
                    words.append((rowid, fold(body)))
            index.executemany(
                "INSERT INTO docs (rowid, table_name, record_id, finding_id) VALUES (?, ?, ?, ?)",
                docs,
            )
            index.executemany("INSERT INTO words (rowid, body) VALUES (?, ?)", words)
            done += len(batch)
            if on_progress is not None:
                on_progress(done, total)
    return done


def match(words: list[str]) -> str:
    """An FTS5 query: every word, the last one also as the beginning of a longer word."""
    return " ".join([*(f'"{w}"' for w in words[:-1]), f'"{words[-1]}"*'])


def said_statements(home: Path, words: list[str]) -> list[tuple[str, list[str]]]:
    """The statements that fill :data:`SAID` with the findings whose records hold ``words``
    (folded), each with its best rank (bm25: lower is better) among them: make the table,
    empty it, attach the index of the workspace at ``home``, fill, detach (the last three only
    for some words)."""
    return [
        (
            f"CREATE TABLE IF NOT EXISTS {SAID} (finding_id TEXT PRIMARY KEY NOT NULL,"
            " rank REAL NOT NULL) WITHOUT ROWID",
            [],
        ),
        (f"DELETE FROM {SAID}", []),
        ("ATTACH DATABASE ? AS office_search", [str(home / INDEX_NAME)]),
        (
            f"INSERT INTO {SAID} SELECT d.finding_id, w.rank FROM"
            " (SELECT rowid, rank FROM office_search.words WHERE words MATCH ?) w"
            " JOIN office_search.docs d ON d.rowid = w.rowid WHERE d.finding_id IS NOT NULL"
            " ON CONFLICT (finding_id) DO UPDATE SET rank = min(rank, excluded.rank)",
            [match(words)] if words else [],
        ),
        ("DETACH DATABASE office_search", []),
    ]


def said_table(ws: Workspace, words: str) -> str:
    """The name of a temporary table (of ``ws.db``'s connection) holding the ids of the live
    records' findings whose own text, explanations or recommendations hold ``words`` (as
    :func:`search` finds them), each with its rank (``rank``: the best bm25 of its records,
    lower is better), filled now unless it holds them already.

    Call it outside a transaction of ``ws.db`` (the index is attached for a moment).
    """
    found = terms(words)
    conn = ws.db.conn
    conn.execute("CREATE TABLE IF NOT EXISTS temp.office_said_of (words TEXT, seq INTEGER)")
    # filled for these words when the change log ended at this change: still right (a screen
    # asks once for its count, its rows and each facet)
    (top,) = conn.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()
    key = (" ".join(found), top)
    if conn.execute("SELECT words, seq FROM temp.office_said_of").fetchone() == key:
        return SAID
    with closing(_open(ws.home / INDEX_NAME)) as index:
        _refresh(ws, index)
    conn.execute("DELETE FROM temp.office_said_of")
    make, empty, attach, fill, detach = said_statements(ws.home, found)
    conn.execute(*make)
    conn.execute(*empty)
    if found:
        conn.execute(*attach)
        try:
            conn.execute(*fill)
        finally:
            conn.execute(*detach)
    conn.execute("INSERT INTO temp.office_said_of VALUES (?, ?)", key)
    return SAID


@dataclass(frozen=True)
class Passage:
    """Where a finding says the words searched for: of its texts (its title, description,
    recommendations, then the unit's explanations), the first that says the most of them, cut
    around the first word, on one line."""

    table: str  # findings, recommendations or explanations
    field: str
    text: str  # a window of the field as typed, "…" where it is cut, on one line
    spans: tuple[tuple[int, int], ...]  # where the words stand in ``text``


# the characters that break a line, each shown as a space
_ONE_LINE = {ord(c): " " for c in "\r\n\t\v\f\x1c\x1d\x1e\x85\u2028\u2029"}
PASSAGE_WIDTH = 160  # characters of a passage
_BEFORE = 40  # of which, at most, before the first word


def _window(
    text: str, found: tuple[tuple[int, int], ...]
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """``text`` cut to :data:`PASSAGE_WIDTH` around its first span (from the start of a word),
    on one line, "…" where it is cut; the spans moved to match."""
    # as much of the text as fits, the first word at most _BEFORE from the passage's start
    start = max(0, min(found[0][0] - _BEFORE, len(text) - PASSAGE_WIDTH))
    if start and (space := text.rfind(" ", 0, start)) >= 0 and start - space <= 20:
        start = space + 1
    end = min(len(text), start + PASSAGE_WIDTH)
    lead = "…" if start else ""
    one_line = text[start:end].translate(_ONE_LINE)  # one character for one: spans stay
    moved = tuple(
        (a - start + len(lead), min(b, end) - start + len(lead)) for a, b in found if a < end
    )
    return lead + one_line + ("…" if end < len(text) else ""), moved


def passages(ws: Workspace, finding_ids: list[str], query: str) -> dict[str, Passage]:
    """Where each of ``finding_ids`` says the words of ``query`` (a finding that does not, or no
    longer, is left out): a few queries for a page of findings, never the index."""
    words = terms(query)
    if not words or not finding_ids:
        return {}
    marks = ",".join("?" * len(finding_ids))
    sources = (
        ("findings", "id", ("title", "description")),
        ("recommendations", "finding_id", ("text", "status_note")),
        ("explanations", "finding_id", ("text",)),
    )
    best: dict[str, tuple[int, Passage]] = {}  # the first text saying the most of the words
    for table, key, columns in sources:
        rows = ws.db.execute(
            f"SELECT {key}, {', '.join(columns)} FROM {table}"
            f" WHERE {key} IN ({marks}) AND deleted = 0 ORDER BY {key}, id",
            finding_ids,
        )
        for finding_id, *texts in rows:
            if best.get(finding_id, (0, None))[0] == len(set(words)):
                continue  # a text before says every word
            for column, text in zip(columns, texts, strict=True):
                at = spans(text or "", words)
                said = len({fold(text[a:b]) for a, b in at})
                if at and said > best.get(finding_id, (0, None))[0]:
                    shown, moved = _window(text, at)
                    best[finding_id] = (said, Passage(table, column, shown, moved))
    found = {finding_id: passage for finding_id, (_said, passage) in best.items()}
    return found


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
            [match(words), limit],
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

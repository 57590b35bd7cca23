"""Schema versions, as ordered migrations applied in one transaction each.

`PRAGMA user_version` holds the schema number. Each step runs inside an
explicit `BEGIN IMMEDIATE ... COMMIT` on a connection in autocommit mode, so
its DDL is transactional: a step that fails leaves the schema as it was.
Foreign keys are switched off during a step (a table rebuild must not cascade
deletes into children) and checked with `foreign_key_check` before commit.
A copy of the database is taken before upgrading one that holds data.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Mapping
from contextlib import closing
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

from app.errors import StorageError
from app.storage.files import copy_database

V1: Final = """
CREATE TABLE process (
    id INTEGER PRIMARY KEY,
    company TEXT NOT NULL,
    role TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active',
    country TEXT,
    subdivision TEXT,
    link TEXT,
    notes TEXT NOT NULL DEFAULT '',
    UNIQUE (company, role)
);
CREATE TABLE contact (
    id INTEGER PRIMARY KEY,
    process_id INTEGER NOT NULL REFERENCES process(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'other',
    email TEXT,
    phone TEXT,
    direct_ok BOOLEAN NOT NULL DEFAULT 0,
    UNIQUE (process_id, name)
);
CREATE TABLE interview (
    id INTEGER PRIMARY KEY,
    process_id INTEGER NOT NULL REFERENCES process(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    at TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    UNIQUE (process_id, kind, at)
);
CREATE TABLE interview_contact (
    interview_id INTEGER NOT NULL REFERENCES interview(id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (interview_id, contact_id)
);
CREATE TABLE message (
    id INTEGER PRIMARY KEY,
    process_id INTEGER NOT NULL REFERENCES process(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    direction TEXT NOT NULL,
    contact_id INTEGER REFERENCES contact(id) ON DELETE SET NULL,
    purpose TEXT NOT NULL DEFAULT 'other',
    channel TEXT NOT NULL DEFAULT 'email',
    signal TEXT,
    text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX message_by_process ON message (process_id, at);
CREATE INDEX interview_by_process ON interview (process_id, at);
CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

V2: Final = """
CREATE TABLE template (
    kind TEXT PRIMARY KEY,
    body TEXT NOT NULL
);
CREATE INDEX process_by_status ON process (status);
"""

V3: Final = """
ALTER TABLE process ADD COLUMN deadline TEXT;
ALTER TABLE process ADD COLUMN wait_until TEXT;
ALTER TABLE interview ADD COLUMN expect_by TEXT;
ALTER TABLE message ADD COLUMN expect_by TEXT;
"""
"""Dates that move the advice: an offer's deadline, a chosen wait, a promised answer (ISO days, NULL when unset)."""

V4: Final = """
CREATE TABLE judged (
    process_id INTEGER REFERENCES process(id) ON DELETE CASCADE,
    actions TEXT NOT NULL,
    valid_from TEXT,
    valid_until TEXT,
    PRIMARY KEY (process_id)
);
CREATE TABLE judged_context (
    id INTEGER,
    fingerprint TEXT NOT NULL,
    day TEXT NOT NULL,
    PRIMARY KEY (id)
);
CREATE TRIGGER process_insert_clears_judged AFTER INSERT ON process
BEGIN DELETE FROM judged WHERE process_id = NEW.id; END;
CREATE TRIGGER process_update_clears_judged AFTER UPDATE ON process
BEGIN DELETE FROM judged WHERE process_id IN (OLD.id, NEW.id); END;
CREATE TRIGGER process_delete_clears_judged AFTER DELETE ON process
BEGIN DELETE FROM judged WHERE process_id = OLD.id; END;
CREATE TRIGGER contact_insert_clears_judged AFTER INSERT ON contact
BEGIN DELETE FROM judged WHERE process_id = NEW.process_id; END;
CREATE TRIGGER contact_update_clears_judged AFTER UPDATE ON contact
BEGIN DELETE FROM judged WHERE process_id IN (OLD.process_id, NEW.process_id); END;
CREATE TRIGGER contact_delete_clears_judged AFTER DELETE ON contact
BEGIN DELETE FROM judged WHERE process_id = OLD.process_id; END;
CREATE TRIGGER interview_insert_clears_judged AFTER INSERT ON interview
BEGIN DELETE FROM judged WHERE process_id = NEW.process_id; END;
CREATE TRIGGER interview_update_clears_judged AFTER UPDATE ON interview
BEGIN DELETE FROM judged WHERE process_id IN (OLD.process_id, NEW.process_id); END;
CREATE TRIGGER interview_delete_clears_judged AFTER DELETE ON interview
BEGIN DELETE FROM judged WHERE process_id = OLD.process_id; END;
CREATE TRIGGER message_insert_clears_judged AFTER INSERT ON message
BEGIN DELETE FROM judged WHERE process_id = NEW.process_id; END;
CREATE TRIGGER message_update_clears_judged AFTER UPDATE ON message
BEGIN DELETE FROM judged WHERE process_id IN (OLD.process_id, NEW.process_id); END;
CREATE TRIGGER message_delete_clears_judged AFTER DELETE ON message
BEGIN DELETE FROM judged WHERE process_id = OLD.process_id; END;
CREATE TRIGGER interview_contact_insert_clears_judged AFTER INSERT ON interview_contact
BEGIN DELETE FROM judged WHERE process_id = (SELECT process_id FROM interview WHERE id = NEW.interview_id); END;
CREATE TRIGGER interview_contact_update_clears_judged AFTER UPDATE ON interview_contact
BEGIN DELETE FROM judged WHERE process_id IN (SELECT process_id FROM interview
    WHERE id IN (OLD.interview_id, NEW.interview_id)); END;
CREATE TRIGGER interview_contact_delete_clears_judged AFTER DELETE ON interview_contact
BEGIN DELETE FROM judged WHERE process_id = (SELECT process_id FROM interview WHERE id = OLD.interview_id); END;
"""
"""The stored agenda (see `app.storage.judged`): each open process's actions and the days they hold for.

Any change to a process or to what it holds clears its row in the same
transaction, whichever code made the change, so a stored row is never older
than its process.
"""

V5: Final = """
CREATE TABLE mail_folder (
    account TEXT NOT NULL,
    folder TEXT NOT NULL,
    uidvalidity INTEGER NOT NULL,
    last_uid INTEGER NOT NULL,
    PRIMARY KEY (account, folder)
);
CREATE TABLE mail_seen (
    digest TEXT NOT NULL,
    outcome TEXT NOT NULL,
    PRIMARY KEY (digest)
);
"""
"""The inbox reader's memory (see `app.mail.memory`): how far each IMAP folder was read, and a digest of
the Message-ID of every message accepted or skipped, so a re-run neither fetches nor proposes it again."""

V6: Final = """
CREATE TABLE mail_invitation (
    id INTEGER NOT NULL,
    digest TEXT NOT NULL,
    interview_id INTEGER REFERENCES interview(id) ON DELETE SET NULL,
    sequence INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    UNIQUE (digest)
);
CREATE INDEX mail_invitation_by_interview ON mail_invitation (interview_id);
"""
"""The calendar invitation each interview accepted from mail came from (see `app.mail.memory`): a digest of
its UID and the SEQUENCE applied, so an update or a cancellation names exactly that interview."""

MIGRATIONS: Final = (V1, V2, V3, V4, V5, V6)
"""Every schema ever released, in order: never edit one, append a new one."""

CURRENT_VERSION: Final = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    """The schema number stored in the file (0 for a new, empty database)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _tables(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return {name for (name,) in rows}


def check_compatible(conn: sqlite3.Connection, path: Path | None) -> int:
    """Return the file's schema version; refuse a newer schema or another program's database.

    Only reads, so a refused file is left exactly as it was.
    """
    found = schema_version(conn)
    where = f" ({path})" if path else ""
    if found > CURRENT_VERSION:
        raise StorageError(
            f"the database{where} was written by a newer Nudge (schema {found}, this one knows "
            f"{CURRENT_VERSION}); upgrade Nudge to open it. Nothing was changed."
        )
    present = _tables(conn) if found == 0 else set()
    if present and present - our_tables():
        raise StorageError(f"{path or 'the file'} is a SQLite database, but not a Nudge one; choose another path")
    return found


def migrate(conn: sqlite3.Connection, path: Path | None, *, target: int = CURRENT_VERSION) -> int:
    """Bring the schema up to `target`; return the version found. Refuses newer or foreign files.

    Another process may be upgrading the same file at the same moment (two
    commands started together on a new database), so each step re-reads the
    version once it holds the write lock and skips what is already done.
    """
    found = check_compatible(conn, path)
    if found >= target:
        return found
    if found > 0 and path is not None:
        _copy_before_upgrade(conn, path, found)
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        for version in range(found, target):
            conn.execute("BEGIN IMMEDIATE")
            try:
                if schema_version(conn) > version:
                    conn.execute("COMMIT")
                    continue
                for statement in _statements(MIGRATIONS[version]):
                    conn.execute(statement)
                problems = conn.execute("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise StorageError(
                        f"upgrade to schema {version + 1} would break {len(problems)} links; nothing was changed"
                    )
                conn.execute(f"PRAGMA user_version = {version + 1}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    return found


def _statements(script: str) -> list[str]:
    """Split a migration into statements, so each runs inside our own transaction.

    (`executescript` would commit first, which is exactly what must not happen.)
    """
    parts: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            parts.append(pending.strip())
            pending = ""
    if pending.strip():
        parts.append(pending.strip())
    return parts


def _copy_before_upgrade(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """Keep a consistent copy of an older database before changing its schema.

    The copy is made under a temporary name and renamed into place, so a
    half-written copy never sits where a good one is expected, even when two
    processes upgrade at once.
    """
    has_data = conn.execute("SELECT EXISTS (SELECT 1 FROM process)").fetchone()[0]
    if not has_data:
        return
    copy = path.with_name(f"{path.name}.schema{version}.bak")
    try:
        copy_database(conn, copy)
    except StorageError as exc:
        raise StorageError(f"cannot keep a copy of {path} before upgrading it ({exc}); nothing was changed") from None


# The exact schema ----------------------------------------------------------------------
#
# A Nudge file holds what these migrations made and nothing else. A copy carrying
# its own trigger, view, table, column or index could act on the next write (a
# trigger that deletes processes on insert) or hide data, so the schema a file
# should have is derived by running the migrations themselves on an empty
# in-memory database, never from a list kept by hand that could drift from them.

_INTERNAL_TABLES: Final = ("sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4")
"""Tables SQLite itself makes (ANALYZE, PRAGMA optimize): statistics, never data Nudge reads."""

_PLURALS: Final = {"index": "indexes"}
_EXTRA_ORDER: Final = ("trigger", "view", "table", "index")


@dataclass(frozen=True, slots=True)
class Schema:
    """Every object in a database's schema, as SQLite records it.

    `objects` maps (type, name) to the table it belongs to and its SQL with
    whitespace collapsed (None for the indexes SQLite makes for UNIQUE
    constraints); `columns` holds each table's `table_xinfo` rows, so a
    difference can be named as one in the columns.
    """

    objects: Mapping[tuple[str, str], tuple[str, str | None]]
    columns: Mapping[str, tuple[tuple[object, ...], ...]]


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def read_schema(conn: sqlite3.Connection, schema: str = "main") -> Schema:
    """The schema of `schema` (main, or an attached database's name) on `conn`."""
    where = _quoted(schema)
    objects: dict[tuple[str, str], tuple[str, str | None]] = {}
    for kind, name, table, sql in conn.execute(f"SELECT type, name, tbl_name, sql FROM {where}.sqlite_master"):
        if kind == "table" and name in _INTERNAL_TABLES:
            continue
        objects[(kind, name)] = (table, " ".join(sql.split()) if sql is not None else None)
    columns = {
        name: tuple(tuple(row) for row in conn.execute(f"PRAGMA {where}.table_xinfo({_quoted(name)})"))
        for kind, name in objects
        if kind == "table"
    }
    return Schema(objects, columns)


@cache
def expected_schema(version: int = CURRENT_VERSION) -> Schema:
    """The schema this Nudge's migrations produce at `version`, made fresh in memory."""
    with closing(sqlite3.connect(":memory:", isolation_level=None)) as conn:
        migrate(conn, None, target=version)
        return read_schema(conn)


def schema_differences(conn: sqlite3.Connection, version: int, schema: str = "main") -> list[str]:
    """How the schema of `schema` differs from what the migrations make at `version` ([] when equal).

    The descriptions name only Nudge's own tables and counts of anything else:
    names chosen by whoever made the file are never repeated.
    """
    found, expected = read_schema(conn, schema), expected_schema(version)
    differences: list[str] = []
    extra = Counter(kind for kind, _ in found.objects.keys() - expected.objects.keys())
    for kind, count in sorted(extra.items(), key=lambda item: _EXTRA_ORDER.index(item[0])):
        noun = kind if count == 1 else _PLURALS.get(kind, kind + "s")
        differences.append(f"{count} extra {noun}" if kind in ("table", "index") else f"{count} {noun} of its own")
    for kind, name in sorted(expected.objects.keys() - found.objects.keys()):
        differences.append(f"{kind} {name} missing")
    for key in sorted(expected.objects.keys() & found.objects.keys()):
        if found.objects[key] == expected.objects[key]:
            continue
        kind, name = key
        if kind == "table" and found.columns[name] != expected.columns[name]:
            differences.append(f"the columns of table {name} differ")
        else:
            differences.append(f"{kind} {name} is defined differently")
    return differences


def our_tables() -> frozenset[str]:
    """The names of Nudge's tables, as the migrations make them (no list kept by hand)."""
    return frozenset(name for kind, name in expected_schema().objects if kind == "table")


@cache
def table_order() -> tuple[str, ...]:
    """Nudge's tables with every table after those its foreign keys point to (parents first).

    Derived from the migrated schema, so rows can be deleted in the reverse
    order and inserted in this one without a foreign key ever failing.
    """
    with closing(sqlite3.connect(":memory:", isolation_level=None)) as conn:
        migrate(conn, None)
        tables = sorted(_tables(conn))
        parents = {
            table: {row[2] for row in conn.execute(f"PRAGMA foreign_key_list({_quoted(table)})")} - {table}
            for table in tables
        }
    ordered: list[str] = []
    while len(ordered) < len(tables):
        ready = [t for t in tables if t not in ordered and parents[t] <= set(ordered)]
        if not ready:
            raise RuntimeError("the schema's foreign keys form a cycle")
        ordered.extend(ready)
    return tuple(ordered)

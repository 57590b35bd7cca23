"""The SQLModel tables are the schema: every released version, once upgraded, is exactly what they declare.

A database is built at each released schema version from the migration steps
themselves, opened by Nudge (which upgrades it), and compared with a database
made from the tables alone (`SQLModel.metadata.create_all`): the same tables,
columns in the same order with the same types, nullability, defaults and
primary keys, the same foreign keys and the same indexes, as far as SQLite
reports them. (Triggers are not part of the comparison: the tables do not declare them.)
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from app.storage.migrations import CURRENT_VERSION, migrate, schema_version
from app.storage.repository import Repository

Layout = dict[str, dict[str, list[tuple[object, ...]]]]


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def layout(conn: sqlite3.Connection) -> Layout:
    """Each table as SQLite reports it: columns, foreign keys, indexes (by name when made by hand)."""
    tables = sorted(
        name
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    )
    found: Layout = {}
    for table in tables:
        q = _quoted(table)
        indexes: set[tuple[object, ...]] = set()
        for _, name, unique, origin, partial in conn.execute(f"PRAGMA index_list({q})"):
            indexed = tuple(row[2] for row in conn.execute(f"PRAGMA index_info({_quoted(name)})"))
            # SQLite names the indexes behind UNIQUE and PRIMARY KEY itself, by position: not part of the schema.
            indexes.add((name if origin == "c" else None, bool(unique), origin, bool(partial), indexed))
        columns = [tuple(row) for row in conn.execute(f"PRAGMA table_xinfo({q})")]
        keys = [c for c in columns if c[5]]
        if len(keys) == 1 and keys[0][2] == "INTEGER":
            # The rowid: never NULL, whether or not its declaration says NOT NULL (SQLAlchemy's does).
            columns[columns.index(keys[0])] = (*keys[0][:3], 1, *keys[0][4:])
        found[table] = {
            "columns": columns,
            "foreign keys": sorted(tuple(row[2:]) for row in conn.execute(f"PRAGMA foreign_key_list({q})")),
            "indexes": sorted(indexes, key=repr),
        }
    return found


def declared_layout() -> Layout:
    """The layout of a database made from the SQLModel tables alone."""
    from sqlalchemy import create_engine
    from sqlmodel import SQLModel

    from app.storage.tables import ALL_TABLES

    engine = create_engine("sqlite://")
    SQLModel.metadata.create_all(engine, tables=[model.__table__ for model in ALL_TABLES])  # type: ignore[union-attr]
    with engine.connect() as link:
        raw = link.connection.dbapi_connection
        assert isinstance(raw, sqlite3.Connection)
        return layout(raw)


def _build(path: Path, version: int) -> None:
    """A database at schema `version`, made by the migration steps of that time."""
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        migrate(conn, None, target=version)
        assert schema_version(conn) == version
    path.chmod(0o600)


@pytest.mark.parametrize("version", [0, *range(1, CURRENT_VERSION + 1)])
def test_every_released_schema_upgrades_to_exactly_the_declared_tables(tmp_path: Path, version: int) -> None:
    path = tmp_path / "nudge.db"
    if version:
        _build(path, version)
    Repository(path).close()
    with closing(sqlite3.connect(path)) as conn:
        assert schema_version(conn) == CURRENT_VERSION
        upgraded = layout(conn)
    declared = declared_layout()
    assert sorted(upgraded) == sorted(declared)
    for table in declared:
        for part in ("columns", "foreign keys", "indexes"):
            assert upgraded[table][part] == declared[table][part], f"{table}: {part}"


def test_the_layout_sees_what_it_compares(tmp_path: Path) -> None:
    """The comparison is not vacuous: a default, a type, an index or a link that differ all show."""
    path = tmp_path / "nudge.db"
    Repository(path).close()
    with closing(sqlite3.connect(path)) as conn:
        before = layout(conn)
        assert before["process"]["columns"][3] == (3, "status", "TEXT", 1, "'active'", 0, 0)
        assert (None, True, "u", False, ("company", "role")) in before["process"]["indexes"]
        assert ("message_by_process", False, "c", False, ("process_id", "at")) in before["message"]["indexes"]
        assert ("contact", "contact_id", "id", "NO ACTION", "SET NULL", "NONE") in before["message"]["foreign keys"]
        conn.execute("DROP INDEX process_by_status")
        assert layout(conn) != before

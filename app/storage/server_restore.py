"""`nudge restore` into a PostgreSQL database: the same checks as on SQLite, then one switch under the write lock.

The copy to restore (a JSON export, or a SQLite database copy) goes through
exactly the path a SQLite restore takes (`backups._incoming`): read bounded,
parsed and validated, written into a private temporary SQLite database, and
checked there in full (integrity, Nudge's own schema, every link). Only then
is the server touched, in one write transaction holding the advisory write
lock (so no other machine writes in between):

1. the current contents are written out first, as a private (0600) JSON
   export in the server's local backups folder (`server_backups`), so what is
   replaced is always kept;
2. every Nudge table is emptied, children first, and refilled row for row
   from the checked copy, parents first: the ids are the copy's, as a SQLite
   restore keeps them (the id sequences follow at COMMIT, see
   `postgres.ServerConnection`).

Any failure (a lost connection, a row the server refuses) rolls the whole
transaction back, so the database is left as it was, and the kept export,
which then replaced nothing, is removed again.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from app.errors import StorageError
from app.storage.backups import Checked, Restored, _incoming
from app.storage.connection import write_transaction
from app.storage.location import Server
from app.storage.migrations import CURRENT_VERSION, table_order
from app.storage.pg_schema import check_compatible, migrate, schema_version
from app.storage.postgres import ServerConnection, connect_server
from app.storage.server_backups import _STAMP, _export, _write_new, server_backup_dir

_BATCH: Final = 1000


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _booleans(conn: ServerConnection, table: str) -> set[str]:
    """The columns of `table` the server types as boolean (SQLite holds them as 0 and 1)."""
    rows = conn.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = ? AND data_type = 'boolean'",
        (table,),
    ).fetchall()
    return {name for (name,) in rows}


def _holds_anything(conn: ServerConnection) -> bool:
    return bool(
        conn.execute(
            "SELECT EXISTS (SELECT 1 FROM process) OR EXISTS (SELECT 1 FROM setting) OR EXISTS (SELECT 1 FROM template)"
        ).fetchone()[0]
    )


def _refill(conn: ServerConnection, source: sqlite3.Connection) -> None:
    """Empty every Nudge table on the server and copy the checked copy's rows in, inside the caller's transaction."""
    order = table_order()
    for table in reversed(order):
        conn.execute(f"DELETE FROM {_quoted(table)}")
    for table in order:
        names = [row[1] for row in source.execute(f"PRAGMA table_info({_quoted(table)})")]
        flags = _booleans(conn, table)
        convert = [name in flags for name in names]
        columns = ", ".join(map(_quoted, names))
        insert = f"INSERT INTO {_quoted(table)} ({columns}) VALUES ({', '.join('?' * len(names))})"
        cursor = source.execute(f"SELECT {columns} FROM {_quoted(table)}")
        while batch := cursor.fetchmany(_BATCH):
            rows: list[tuple[Any, ...]] = [
                tuple(bool(v) if flag and v is not None else v for v, flag in zip(row, convert, strict=True))
                for row in batch
            ]
            conn.executemany(insert, rows)


def _switch(conn: ServerConnection, server: Server, incoming: Path, now: datetime) -> Path | None:
    """Keep the current contents as a private export, then replace them, all in one write transaction."""
    kept: Path | None = None
    try:
        with (
            write_transaction(conn),
            closing(sqlite3.connect(f"{incoming.resolve().as_uri()}?mode=ro", uri=True)) as src,
        ):
            if schema_version(conn) != CURRENT_VERSION:
                raise StorageError(f"the {server} changed while restoring; nothing was changed")
            if _holds_anything(conn):
                kept = _write_new(server_backup_dir(server), f"nudge-before-restore-{now:{_STAMP}}", _export(conn))
            _refill(conn, src)
    except BaseException:
        if kept is not None:
            kept.unlink(missing_ok=True)
        raise
    return kept


def restore_server(server: Server, source: Path, now: datetime) -> Restored:
    """Replace the server database's contents with the checked copy at `source` (see the module docstring).

    An empty database gets Nudge's schema first, as a missing file is created
    by a SQLite restore; a newer schema or another program's tables are
    refused before anything is read from `source` or written.
    """
    conn = connect_server(server)
    try:
        check_compatible(conn)  # reads only: a newer or foreign database is refused before anything else
        with _incoming(source, server_backup_dir(server)) as (incoming, checked):
            migrate(conn, create=True)  # only once the copy passed every check
            kept = _switch(conn, server, incoming, now)
    finally:
        conn.close()
    return Restored(Checked(source, CURRENT_VERSION, checked.processes, checked.messages), kept)

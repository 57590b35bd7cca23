"""Nudge's schema on a PostgreSQL server: made from the SQLModel tables, versioned, upgraded in one transaction.

The tables are `app.storage.tables`' own, created by SQLAlchemy for the server
(`create_all`), so both engines hold the same columns from one definition. What
SQLite keeps outside the tables is kept here in plain SQL:

- the schema version, in `nudge_schema` (SQLite's `PRAGMA user_version`);
- the change counter `nudge_change` that every write bumps at COMMIT (see
  `app.storage.postgres`: SQLite's `data_version`, and the NOTIFY);
- the triggers that clear a process's stored actions whenever the process or
  anything it holds changes (the same rule as schema 4's SQLite triggers, see
  `app.storage.judged`), one PL/pgSQL function for all five tables;
- `json_valid`, which the stored agenda's read calls as SQLite's JSON1 does.

A database on a server starts at schema 4 (the first that runs there). Each
later schema needs its server step in `UPGRADES`, keyed by the version it
upgrades from (a test checks that none is missing). Creating or upgrading
runs in one transaction under the write lock, re-reading the version once the
lock is held (two machines starting together upgrade once). A database whose
version is newer than this Nudge's is refused before anything is written, as
is a database that holds tables but no Nudge schema.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final

from app.errors import BadInput, StorageError
from app.storage.location import Server
from app.storage.migrations import CURRENT_VERSION
from app.storage.postgres import ServerConnection, connect_server

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

FIRST_VERSION: Final = 4
"""The first schema a server database can have: PostgreSQL support came with schema 4."""

UPGRADES: Final[Mapping[int, Sequence[str]]] = {
    4: (
        "CREATE TABLE mail_folder (account TEXT NOT NULL, folder TEXT NOT NULL, uidvalidity INTEGER NOT NULL, "
        "last_uid INTEGER NOT NULL, PRIMARY KEY (account, folder))",
        "CREATE TABLE mail_seen (digest TEXT NOT NULL, outcome TEXT NOT NULL, PRIMARY KEY (digest))",
    ),
    5: (
        "CREATE TABLE mail_invitation (id SERIAL NOT NULL, digest TEXT NOT NULL, interview_id INTEGER, "
        "sequence INTEGER DEFAULT 0 NOT NULL, PRIMARY KEY (id), UNIQUE (digest), "
        "FOREIGN KEY (interview_id) REFERENCES interview (id) ON DELETE SET NULL)",
        "CREATE INDEX mail_invitation_by_interview ON mail_invitation (interview_id)",
    ),
}
"""The statements that take a server database from version N to N + 1, keyed by N."""

_TRACKED: Final = {"process": "id", "contact": "process_id", "interview": "process_id", "message": "process_id"}
"""The tables whose rows belong to a process, and the column that names it (interview_contact: via interview)."""

BOOKKEEPING: Final = ("nudge_schema", "nudge_change")

_EXTRAS: Final = (
    "CREATE TABLE nudge_schema (version INTEGER NOT NULL)",
    "CREATE TABLE nudge_change (id INTEGER PRIMARY KEY, counter BIGINT NOT NULL DEFAULT 0)",
    "INSERT INTO nudge_change (id, counter) VALUES (1, 0)",
    """CREATE FUNCTION json_valid(doc TEXT) RETURNS BOOLEAN LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    PERFORM doc::json;
    RETURN TRUE;
EXCEPTION WHEN others THEN
    RETURN FALSE;
END $$""",
    """CREATE FUNCTION nudge_clear_judged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        IF TG_TABLE_NAME = 'interview_contact' THEN
            DELETE FROM judged WHERE process_id = (SELECT process_id FROM interview WHERE id = OLD.interview_id);
        ELSE
            DELETE FROM judged WHERE process_id = (to_jsonb(OLD) ->> TG_ARGV[0])::integer;
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        IF TG_TABLE_NAME = 'interview_contact' THEN
            DELETE FROM judged WHERE process_id = (SELECT process_id FROM interview WHERE id = NEW.interview_id);
        ELSE
            DELETE FROM judged WHERE process_id = (to_jsonb(NEW) ->> TG_ARGV[0])::integer;
        END IF;
    END IF;
    RETURN NULL;
END $$""",
    *(
        f"CREATE TRIGGER {table}_clears_judged AFTER INSERT OR UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION nudge_clear_judged('{column}')"
        for table, column in (*_TRACKED.items(), ("interview_contact", "interview_id"))
    ),
)


class NoSearchYet(BadInput):
    """The server database is empty: a reading command refuses it (as a missing file), `nudge config` shows defaults."""


def server_engine(conn: ServerConnection) -> Engine:
    """SQLModel's engine on `conn`'s own psycopg connection: it never opens one of its own.

    Made between transactions only, and it connects at once: SQLAlchemy's first
    connection asks the server what it is and ends with a ROLLBACK, which inside
    a transaction of ours would silently end it (and release the write lock).
    """
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    if conn.in_transaction:
        raise RuntimeError("the write engine is made between transactions, never inside one")
    engine = create_engine(
        "postgresql+psycopg://", creator=lambda: conn.raw, poolclass=StaticPool, pool_reset_on_return=None
    )
    engine.connect().close()  # the first connection's ROLLBACK, now
    conn.adopt_engine(engine)  # a reconnect gives it the new connection
    return engine


def _tables(conn: ServerConnection) -> set[str]:
    rows = conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
    ).fetchall()
    return {name for (name,) in rows}


def schema_version(conn: ServerConnection) -> int:
    """The version stored on the server (0 when there is no Nudge schema yet)."""
    if "nudge_schema" not in _tables(conn):
        return 0
    row = conn.execute("SELECT max(version) FROM nudge_schema").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _our_tables() -> frozenset[str]:
    from app.storage.migrations import our_tables

    return our_tables() | frozenset(BOOKKEEPING)


def check_compatible(conn: ServerConnection) -> int:
    """The schema version; refuse a newer one or someone else's tables. Only reads."""
    found = schema_version(conn)
    if found > CURRENT_VERSION:
        raise StorageError(
            f"the {conn.server} was written by a newer Nudge (schema {found}, this one knows "
            f"{CURRENT_VERSION}); upgrade Nudge to open it. Nothing was changed."
        )
    if found == 0 and _tables(conn) - _our_tables():
        raise StorageError(
            f"the {conn.server} holds other tables, not a Nudge search; give an empty database "
            "(or a schema of its own, with options=-csearch_path=NAME)"
        )
    return found


def _create(conn: ServerConnection, link: Connection) -> None:
    """Make the schema inside the caller's transaction, through `link` (opened before it began)."""
    from sqlmodel import SQLModel

    from app.storage.tables import ALL_TABLES

    tables = [model.__table__ for model in ALL_TABLES]  # type: ignore[union-attr]
    SQLModel.metadata.create_all(link, tables=tables)
    for statement in _EXTRAS:
        conn.execute(statement)
    conn.execute("INSERT INTO nudge_schema (version) VALUES (?)", (CURRENT_VERSION,))


def migrate(conn: ServerConnection, *, create: bool) -> int:
    """Create the schema in an empty database (when `create`) or upgrade an older one; return the version found."""
    found = check_compatible(conn)
    if found == CURRENT_VERSION:
        return found
    if found == 0 and not create:
        raise NoSearchYet(f"the {conn.server} holds no Nudge search yet; start one with 'nudge' or 'nudge demo'")
    # SQLAlchemy's link for the CREATEs is opened before BEGIN and closed after COMMIT: its first
    # connection and its close each send a ROLLBACK, which inside would end the transaction.
    engine = server_engine(conn) if found == 0 else None
    link = engine.connect() if engine is not None else None
    conn.execute("BEGIN IMMEDIATE")
    try:
        again = check_compatible(conn)  # someone may have done it while we waited for the lock
        if again == 0:
            assert link is not None  # found was 0 too: nothing drops a schema
            _create(conn, link)  # made at the current version: no upgrade step left to run
        for version in range(CURRENT_VERSION if again == 0 else again, CURRENT_VERSION):
            for statement in UPGRADES[version]:
                conn.execute(statement)
            conn.execute("UPDATE nudge_schema SET version = ?", (version + 1,))
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    finally:
        if link is not None and engine is not None:
            link.close()
            engine.dispose(close=False)
    return found


def open_server(server: Server, *, create: bool) -> ServerConnection:
    """Connect, check and create or upgrade the schema: the server's way in for every command."""
    conn = connect_server(server)
    try:
        migrate(conn, create=create)
    except BaseException:
        conn.close()
        raise
    return conn

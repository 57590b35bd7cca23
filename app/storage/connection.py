"""Opening the database file safely: checks, pragmas, schema upgrade.

Every connection Nudge makes, raw or through SQLModel's engine, comes from
`connect`, so all of them share the same guarantees: WAL (a reader never blocks
the writer), foreign keys on, a generous busy timeout, full sync, and
autocommit mode so that Nudge issues its own `BEGIN IMMEDIATE` for writes
(two processes that read then write in deferred transactions would otherwise
fail with "database is locked").

Switching a file to WAL writes to it, so `open_database` first checks that the
file is one this Nudge may change (not newer, not someone else's database),
and only then switches; and since SQLite answers a journal-mode change made
while another process holds the file with an immediate "database is locked"
(the busy timeout does not apply), the switch is retried until the timeout.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.errors import DAMAGE_ADVICE, BadInput, StorageError
from app.storage.files import create_private_file, ensure_private_dir, looks_like_sqlite
from app.storage.migrations import check_compatible, migrate

BUSY_TIMEOUT_MS = 15_000


def _damaged(path: Path, exc: Exception) -> StorageError:
    return StorageError(f"cannot use the database {path}: {exc}. The file was left untouched. {DAMAGE_ADVICE}")


def prepare_file(path: Path) -> None:
    """Make sure `path` can hold a Nudge database, creating it private and empty if missing.

    Refuses (without touching it) a folder, or a file that is not SQLite. An
    existing empty file (made with `touch`) is about to become the database, so
    it is made private too.
    """
    if path.is_dir():
        raise BadInput(f"{path} is a folder, not a database file")
    if path.exists():
        try:
            ok = looks_like_sqlite(path)
            if ok and path.stat().st_size == 0:
                path.chmod(0o600)
        except OSError as exc:
            raise StorageError(f"cannot read {path}: {exc.strerror or exc}") from None
        if not ok:
            raise BadInput(f"{path} is not a Nudge database (not a SQLite file); it was left untouched")
        return
    ensure_private_dir(path.parent)
    try:
        create_private_file(path)
    except OSError as exc:
        raise StorageError(f"cannot create the database {path}: {exc.strerror or exc}") from None


def connect(path: Path, *, wal: bool = True) -> sqlite3.Connection:
    """A raw connection to an existing database file, configured the Nudge way.

    `wal=False` leaves the journal mode alone, so the file is not written to;
    `open_database` uses it to inspect a file before deciding to change it.
    """
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    except sqlite3.DatabaseError as exc:
        raise _damaged(path, exc) from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
        if wal:
            use_wal(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _damaged(path, exc) from None
    return conn


def _busy(exc: sqlite3.Error) -> bool:
    return getattr(exc, "sqlite_errorcode", None) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def use_wal(conn: sqlite3.Connection) -> None:
    """Put the file in WAL mode (a no-op when it already is), waiting out other processes' locks."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if not _busy(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def open_database(path: Path) -> sqlite3.Connection:
    """Check, open and upgrade the database at `path`; the one way in for every command.

    A file this Nudge must not change (newer schema, another program's
    database) is refused before anything is written to it.
    """
    prepare_file(path)
    conn = connect(path, wal=False)
    try:
        check_compatible(conn, path)
        use_wal(conn)
        migrate(conn, path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _damaged(path, exc) from None
    except BaseException:
        conn.close()
        raise
    return conn


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """`BEGIN IMMEDIATE ... COMMIT`, rolled back whole on any error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


@contextmanager
def read_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A deferred transaction, so several queries see one consistent snapshot."""
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        conn.execute("COMMIT")

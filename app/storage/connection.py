"""Opening the database file safely: checks, pragmas, schema upgrade.

Every connection Nudge makes comes from `connect`, the one place its
pragmas are set: WAL (a reader never blocks the writer), foreign keys on, a
generous busy timeout, full sync, and autocommit mode so that Nudge issues
its own transactions: `read_transaction` for a consistent read and
`write_transaction` (`BEGIN IMMEDIATE`) for every write, SQLModel's included.
A `Repository` holds one such connection; SQLModel's engine is bound to it
(see `writer.make_engine`) rather than opening connections of its own.

Switching a file to WAL writes to it, so `open_database` first checks that the
file is one this Nudge may change (not newer, not someone else's database),
and only then switches; and since SQLite answers a journal-mode change made
while another process holds the file with an immediate "database is locked"
(the busy timeout does not apply), the switch is retried until the timeout.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.errors import DAMAGE_ADVICE, BadInput, StorageError
from app.storage.dbapi import AnyConnection
from app.storage.files import create_private_file, ensure_private_dir, looks_like_sqlite, register_database
from app.storage.migrations import check_compatible, migrate

BUSY_TIMEOUT_MS = 15_000


def _damaged(path: Path, exc: Exception) -> StorageError:
    return StorageError(f"cannot use the database {path}: {exc}. The file was left untouched. {DAMAGE_ADVICE}")


MISSING_ADVICE = "check the path, or start one with 'nudge' or 'nudge demo'"
"""What to do when there is no database where one was expected (a typo, or a first run)."""


def database_file_problem(path: Path) -> str | None:
    """Why an existing `path` cannot be a database file (a folder, a device, a pipe), or None.

    Follows symlinks: a link to a database file is fine. Missing is not a
    problem here (see `prepare_file`); a path that cannot be looked at is a
    StorageError. Nothing is touched.
    """
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None  # missing (a parent may be a file: creating it will name that folder)
    except OSError as exc:
        raise StorageError(f"cannot read {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        return f"{path} is a folder, not a database file"
    if not stat.S_ISREG(mode):
        return f"{path} is not a regular file (a device, pipe or socket); give a database file"
    return None


def prepare_file(path: Path, *, create: bool) -> None:
    """Make sure `path` can hold a Nudge database; create it private and empty only when `create`.

    Commands that only read (agenda, stats, export, backup, doctor) pass
    `create=False`: a mistyped path, or no database yet at the default place,
    is then "no database at PATH" (exit 2) and no folder or file is made, so a
    typo never looks like a quiet day. Commands that write (the dashboard,
    import, import-csv, demo, restore) create the file and its missing folders.

    Refuses, without touching it, anything that is not a regular file (a
    folder, /dev/null, a pipe: never chmodded) and a file that is not SQLite.
    An existing empty file (made with `touch`) is about to become the
    database, so it is made private.
    """
    problem = database_file_problem(path)
    if problem is not None:
        raise BadInput(problem)
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
    if not create:
        raise BadInput(f"no database at {path}; {MISSING_ADVICE}")
    ensure_private_dir(path.parent)
    try:
        create_private_file(path)
    except FileExistsError:
        # Another Nudge made it between our look and our create (two commands started on a new
        # file at once): it is now an existing file, checked as one.
        prepare_file(path, create=False)
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


def open_database(path: Path, *, create: bool) -> sqlite3.Connection:
    """Check, open and upgrade the database at `path`; the one way in for every command.

    A file this Nudge must not change (newer schema, another program's
    database) is refused before anything is written to it. A missing file is
    made only when `create` (see `prepare_file`). Once open, the file is
    registered so that no file this process writes can replace it (see
    `app.storage.files`).
    """
    prepare_file(path, create=create)
    register_database(path)
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
def write_transaction(conn: AnyConnection) -> Iterator[AnyConnection]:
    """The one way every write runs: `BEGIN IMMEDIATE ... COMMIT`, rolled back whole on any error.

    IMMEDIATE takes the write lock up front, so two processes that both read
    then write wait for each other (the busy timeout) instead of one failing
    with "database is locked" halfway. SQLModel's writes run inside it too
    (see `writer.writing`). Ended with the connection's own `commit` and
    `rollback`, which do nothing when the transaction is already over (a
    failed statement inside may have ended it).
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        from app.storage.judged import refresh_after_write

        refresh_after_write(conn)  # the changed processes' stored actions, judged before the change commits
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


@contextmanager
def read_transaction(conn: AnyConnection) -> Iterator[AnyConnection]:
    """A deferred transaction, so several queries see one consistent snapshot.

    Inside a transaction already (a read in the middle of a write, on the
    same connection) it is that transaction's snapshot, and nothing more is begun.
    """
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        conn.commit()

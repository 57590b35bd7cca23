"""Why a database operation failed, in one line that names no stored value.

SQLAlchemy's errors carry the SQL and up to ten rows of its parameters (company,
role, message text) over several lines with a web link; SQLite's own message is
short but terse. Every write and every dashboard read turns its failure into a
`StorageError` through `storage_error`, so no caller ever shows either text.
Only SQLite's result code is read, never the message of a SQLAlchemy error.
"""

from __future__ import annotations

import errno
import sqlite3

from app.errors import DAMAGE_ADVICE, NudgeError, StorageError

_MISSING_LINK = "a linked record is missing (it may have been deleted elsewhere, e.g. by a restore)"

_BY_CODE = {
    sqlite3.SQLITE_READONLY: "the database is read-only (check the file, its -wal and -shm files and its folder)",
    sqlite3.SQLITE_FULL: "the disk is full",
    sqlite3.SQLITE_BUSY: "the database is busy (another program is writing to it); try again",
    sqlite3.SQLITE_LOCKED: "the database is busy (another program is writing to it); try again",
    sqlite3.SQLITE_CORRUPT: f"the database file is damaged. {DAMAGE_ADVICE}",
    sqlite3.SQLITE_NOTADB: f"the file is not a database (damaged or replaced). {DAMAGE_ADVICE}",
    sqlite3.SQLITE_IOERR: "the file could not be read or written (input/output error)",
    sqlite3.SQLITE_CANTOPEN: "the database file cannot be opened",
    sqlite3.SQLITE_PERM: "permission denied",
    sqlite3.SQLITE_NOMEM: "out of memory",
}
_NOT_WRITTEN = (
    "the file could not be written (it, its -wal or -shm file or its folder may be read-only, or the disk full)"
)
_EXTENDED = {
    # A write refused below SQLite (an immutable or read-only -wal, a full disk) arrives as an I/O error on writing.
    getattr(sqlite3, "SQLITE_IOERR_WRITE", 778): _NOT_WRITTEN,
    getattr(sqlite3, "SQLITE_IOERR_FSYNC", 1034): _NOT_WRITTEN,
    getattr(sqlite3, "SQLITE_IOERR_TRUNCATE", 1546): _NOT_WRITTEN,
}
_CONSTRAINTS = {
    sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY: _MISSING_LINK,
    sqlite3.SQLITE_CONSTRAINT_UNIQUE: "a record like this one is already stored (perhaps added elsewhere)",
    sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY: "a record like this one is already stored (perhaps added elsewhere)",
    sqlite3.SQLITE_CONSTRAINT_NOTNULL: "a required value is missing",
    sqlite3.SQLITE_CONSTRAINT_CHECK: "a value was refused by the database's checks",
}
_OS = {
    errno.ENOSPC: "the disk is full",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EIO: "the file could not be read or written (input/output error)",
}


def _sqlite_reason(exc: sqlite3.Error) -> str:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return f"the database could not be used ({type(exc).__name__})"
    if code in _CONSTRAINTS:
        return _CONSTRAINTS[code]
    if code in _EXTENDED:
        return _EXTENDED[code]
    primary = code & 0xFF
    if primary in _BY_CODE:
        return _BY_CODE[primary]
    if primary == sqlite3.SQLITE_CONSTRAINT:
        return "the change breaks a rule of the database"
    name = getattr(exc, "sqlite_errorname", None) or type(exc).__name__
    return f"the database could not be used ({name})"


def reason(exc: BaseException) -> str:
    """One line saying why, from the error's kind and code alone (its text may quote stored values)."""
    if isinstance(exc, NudgeError):
        return str(exc)  # written by Nudge itself, already one plain line
    if isinstance(exc, sqlite3.Error):
        return _sqlite_reason(exc)
    inner = getattr(exc, "orig", None)
    if isinstance(inner, sqlite3.Error):  # a SQLAlchemy error around SQLite's (SQLAlchemy is not imported here)
        return _sqlite_reason(inner)
    if isinstance(inner, Exception) and type(inner).__module__.partition(".")[0] == "psycopg":  # or PostgreSQL's
        from app.storage.postgres import server_reason

        return server_reason(inner)
    if isinstance(exc, OSError):
        return _OS.get(exc.errno or 0, f"the file could not be used ({exc.strerror or type(exc).__name__})")
    return f"the database could not be used ({type(exc).__name__})"


def storage_error(exc: BaseException, doing: str = "cannot save the change") -> NudgeError:
    """The error to raise instead of `exc`, always `from None` (a chained SQLAlchemy error would print its SQL)."""
    if isinstance(exc, NudgeError):
        return exc
    return StorageError(f"{doing}: {reason(exc)}")


def is_storage_failure(exc: BaseException) -> bool:
    """Whether `exc` is the database or its file failing (as opposed to a bug in Nudge)."""
    return isinstance(exc, (NudgeError, sqlite3.Error, OSError)) or type(exc).__module__.partition(".")[0] == (
        "sqlalchemy"
    )

"""Copies of the database: one a day kept automatically, on demand, and restoring one.

Copies are made with `VACUUM INTO` a file created empty and private first, so
a copy of a WAL database is always consistent (a plain file copy could miss
what still sits in the `-wal` file) and nobody else can read it, even for an
instant. They live in a `backups` folder beside the database, named by date,
so a folder listing reads like a history.

Restoring goes through SQLite's backup API into the open database rather than
swapping files, so a dashboard open on the same file sees the restored data on
its next poll instead of holding on to a deleted file.
"""

from __future__ import annotations

import os
import re
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app.errors import BadInput, StorageError
from app.storage.files import SQLITE_HEADER, copy_database, ensure_private_dir
from app.storage.migrations import check_compatible, migrate, schema_version

DEFAULT_KEEP = 14
"""Daily copies kept: two weeks of history costs a few megabytes at most."""

_DAILY = re.compile(r"^(?P<stem>.+)-(?P<day>\d{4}-\d{2}-\d{2})\.db$")


def backup_dir(db_path: Path) -> Path:
    """Where the copies of `db_path` go: a private `backups` folder beside it."""
    return db_path.parent / "backups"


def _has_processes(conn: sqlite3.Connection) -> bool:
    return bool(conn.execute("SELECT EXISTS (SELECT 1 FROM process)").fetchone()[0])


def daily_backup(conn: sqlite3.Connection, db_path: Path, today: date, keep: int = DEFAULT_KEEP) -> Path | None:
    """Take today's copy if there is none yet, then drop the oldest beyond `keep`.

    Returns the new copy's path, or None when nothing was needed (already done
    today, an empty database, or `keep` is 0, which turns the copies off).
    """
    if keep <= 0 or not _has_processes(conn):
        return None
    dest = backup_dir(db_path) / f"{db_path.stem}-{today.isoformat()}.db"
    if dest.exists():
        return None
    copy_database(conn, dest)
    for old in daily_backups(db_path)[keep:]:
        old.unlink(missing_ok=True)
    return dest


def daily_backups(db_path: Path) -> list[Path]:
    """The automatic copies of `db_path`, newest first."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    found = []
    for entry in folder.iterdir():
        match = _DAILY.match(entry.name)
        if match and match["stem"] == db_path.stem:
            found.append((match["day"], entry))
    return [entry for _, entry in sorted(found, reverse=True)]


def backup_now(conn: sqlite3.Connection, db_path: Path, now: datetime, dest: Path | None = None) -> Path:
    """A copy on demand: to `dest`, else into the backups folder stamped to the second.

    On-demand copies are never rotated away; only the daily ones are.
    """
    if dest is None:
        dest = backup_dir(db_path) / f"{db_path.stem}-{now:%Y-%m-%d-%H%M%S}.db"
    elif dest.is_dir():
        raise BadInput(f"{dest} is a folder; give a file name for the copy")
    elif dest.resolve() == db_path.resolve():
        raise BadInput(f"{dest} is the database itself; choose another file for the copy")
    copy_database(conn, dest)
    return dest


@dataclass(frozen=True, slots=True)
class Checked:
    """What a copy holds, once it has passed every check."""

    path: Path
    schema: int
    processes: int
    messages: int


def _open_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)


def check_copy(path: Path) -> Checked:
    """Prove that `path` is a sound Nudge database before anything is replaced by it.

    Reads only: the file is SQLite, holds Nudge's schema (not newer than this
    program), passes `integrity_check` and `foreign_key_check`.
    """
    if not path.is_file():
        raise BadInput(f"{path}: no such file")
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise BadInput(f"{path}: cannot read it ({exc.strerror})") from None
    if head != SQLITE_HEADER:
        raise BadInput(f"{path} is not a Nudge database copy (not a SQLite file)")
    try:
        with closing(_open_read_only(path)) as conn:
            version = check_compatible(conn, path)
            if version == 0:
                raise BadInput(f"{path} is an empty database; nothing to restore")
            problems = [row[0] for row in conn.execute("PRAGMA integrity_check(5)")]
            if problems != ["ok"]:
                raise StorageError(f"{path} is damaged ({problems[0]}); choose another copy")
            broken = conn.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise StorageError(f"{path} has {len(broken)} broken links between rows; choose another copy")
            processes = conn.execute("SELECT count(*) FROM process").fetchone()[0]
            messages = conn.execute("SELECT count(*) FROM message").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"{path} cannot be read as a database ({exc}); choose another copy") from None
    return Checked(path, version, processes, messages)


@contextmanager
def _json_as_database(path: Path, folder: Path) -> Iterator[Path]:
    """A JSON backup file turned into a temporary database, so both kinds restore alike."""
    from app.backup import parse_backup
    from app.storage.repository import Repository

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BadInput(f"{path}: cannot read it ({exc.strerror})") from None
    backup = parse_backup(raw)
    ensure_private_dir(folder)
    handle, name = tempfile.mkstemp(prefix=".restore-", suffix=".db", dir=folder)
    os.close(handle)
    tmp = Path(name)
    try:
        with Repository(tmp) as repo:
            repo.merge(backup)
        yield tmp
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-wal"), tmp.with_name(tmp.name + "-shm")):
            leftover.unlink(missing_ok=True)


def restore(conn: sqlite3.Connection, db_path: Path, source: Path, now: datetime) -> tuple[Checked, Path]:
    """Replace the database's contents with the copy at `source` (a database or a JSON backup).

    The copy is checked first; the current contents are kept as a copy in the
    backups folder before anything changes. Returns what was restored and where
    the previous contents went.
    """
    if source.is_file() and source.resolve() == db_path.resolve():
        raise BadInput(f"{source} is the database itself; give a backup file")
    is_json = source.suffix.lower() == ".json" or _starts_like_json(source)
    with _json_as_database(source, backup_dir(db_path)) if is_json else _as_is(source) as database:
        checked = check_copy(database)
        kept = backup_dir(db_path) / f"{db_path.stem}-before-restore-{now:%Y-%m-%d-%H%M%S}.db"
        copy_database(conn, kept)
        try:
            with closing(_open_read_only(database)) as src:
                src.backup(conn)
            migrate(conn, db_path)
        except sqlite3.Error as exc:
            raise StorageError(f"restoring {source} failed ({exc}); the previous contents are kept in {kept}") from None
    return Checked(source, schema_version(conn), checked.processes, checked.messages), kept


@contextmanager
def _as_is(path: Path) -> Iterator[Path]:
    yield path


def _starts_like_json(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")
    except OSError:
        return False

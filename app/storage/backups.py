"""Copies of the database: one a day kept automatically, on demand, and restoring one.

Copies are made with `VACUUM INTO` a file created empty and private first, so
a copy of a WAL database is always consistent (a plain file copy could miss
what still sits in the `-wal` file) and nobody else can read it, even for an
instant. They live in a `backups` folder beside the database, named by date,
so a folder listing reads like a history; a name is claimed with `O_EXCL`
before the copy is written, so two copies made in the same second get two
names (`...-113000.db`, `...-113000-2.db`) and neither replaces the other.

Restoring is one write transaction on the open database: under its write lock
the current contents are copied out (the kept copy), every Nudge table is
emptied and refilled from the checked copy, and the whole switch commits at
once. Nothing another process commits can fall between the kept copy and the
switch, a dashboard open on the same file sees the new contents through
`data_version` on its next poll, and the incoming file's page size or
journal mode do not matter, because rows are copied, not pages.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app.errors import BadInput, StorageError
from app.storage.connection import open_database, write_transaction
from app.storage.dbapi import Connection, sqlite_file
from app.storage.files import SQLITE_HEADER, copy_database, ensure_private_dir, open_new_private, private_temp
from app.storage.location import Location, Server
from app.storage.migrations import (
    CURRENT_VERSION,
    check_compatible,
    migrate,
    schema_differences,
    schema_version,
    table_order,
)

DEFAULT_KEEP = 14
"""Daily copies kept: two weeks of history costs a few megabytes at most."""

_DAILY = re.compile(r"^(?P<stem>.+)-(?P<day>\d{4}-\d{2}-\d{2})\.db$")
_STAMP = "%Y-%m-%d-%H%M%S"
_SIDE_FILES = ("-wal", "-shm", "-journal")
"""The files SQLite keeps beside a database; they belong to it wherever it goes."""


def backup_dir(db_path: Path) -> Path:
    """Where the copies of `db_path` go: a private `backups` folder beside it."""
    return db_path.parent / "backups"


def _names(folder: Path, base: str) -> Iterator[Path]:
    """`base.db`, then `base-2.db`, `base-3.db`, ...: sortable, readable, and as many as needed."""
    for n in range(1, 10_000):
        yield folder / (f"{base}.db" if n == 1 else f"{base}-{n}.db")
    raise StorageError(f"cannot find a free name for a copy in {folder}")


def publish(finished: Path, folder: Path, base: str) -> Path:
    """Give the finished file `finished` the first free name of `_names` in `folder`; returns it.

    A name that exists is never replaced, even when two processes publish in
    the same second: `os.link` fails on an existing name, atomically. Where the
    file system has no hard links, the name is claimed as an empty private file
    with `O_EXCL` first and the finished file renamed over the claim.
    """
    ensure_private_dir(folder)
    for candidate in _names(folder, base):
        try:
            os.link(finished, candidate, follow_symlinks=False)
        except FileExistsError:
            continue
        except OSError:
            return _publish_by_claim(finished, folder, base)
        finished.unlink()
        return candidate
    raise AssertionError("unreachable")


def _publish_by_claim(finished: Path, folder: Path, base: str) -> Path:
    for candidate in _names(folder, base):
        try:
            os.close(open_new_private(candidate))
        except FileExistsError:
            continue
        except OSError as exc:
            raise StorageError(f"cannot create the copy {candidate}: {exc.strerror or exc}") from None
        try:
            os.replace(finished, candidate)
        except OSError as exc:
            candidate.unlink(missing_ok=True)
            raise StorageError(f"cannot create the copy {candidate}: {exc.strerror or exc}") from None
        return candidate
    raise AssertionError("unreachable")


def _has_processes(conn: Connection) -> bool:
    return bool(conn.execute("SELECT EXISTS (SELECT 1 FROM process)").fetchone()[0])


def daily_backup(conn: Connection, db_path: Location, today: date, keep: int = DEFAULT_KEEP) -> Path | None:
    """Take today's copy if there is none yet, then drop the oldest beyond `keep`.

    Returns the new copy's path, or None when nothing was needed (already done
    today, an empty database, or `keep` is 0, which turns the copies off).
    A server database's copy is its JSON export (`app.storage.server_backups`).
    """
    if isinstance(db_path, Server):
        from app.storage.server_backups import daily_server_backup

        return daily_server_backup(conn, db_path, today, keep)
    if keep <= 0 or not _has_processes(conn):
        return None
    dest = backup_dir(db_path) / f"{db_path.stem}-{today.isoformat()}.db"
    if dest.exists():
        return None
    copy_database(sqlite_file(conn), dest)
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


def backup_now(conn: Connection, db_path: Location, now: datetime, dest: Path | None = None) -> Path:
    """A copy on demand: to `dest`, else into the backups folder stamped to the second.

    On-demand copies are never rotated away; only the daily ones are. A server
    database's copy is its JSON export (`app.storage.server_backups`).
    """
    if isinstance(db_path, Server):
        from app.storage.server_backups import server_backup_now

        return server_backup_now(conn, db_path, now, dest)
    if dest is None:
        folder = backup_dir(db_path)
        tmp = _private_temp(folder, "copy")
        try:
            copy_database(sqlite_file(conn), tmp)
            return publish(tmp, folder, f"{db_path.stem}-{now:{_STAMP}}")
        finally:
            tmp.unlink(missing_ok=True)
    if dest.is_dir():
        raise BadInput(f"{dest} is a folder; give a file name for the copy")
    if dest.resolve() == db_path.resolve():
        raise BadInput(f"{dest} is the database itself; choose another file for the copy")
    copy_database(sqlite_file(conn), dest)
    return dest


# Checking a copy -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Checked:
    """What a copy holds, once it has passed every check."""

    path: Path
    schema: int
    processes: int
    messages: int


def _open_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)


def _require_sqlite(path: Path) -> None:
    """Refuse a path that is missing, a folder, unreadable, or not SQLite at all (bad input, exit 2)."""
    if path.is_dir():
        raise BadInput(f"{path} is a folder, not a backup file")
    if not path.is_file():
        raise BadInput(f"{path}: no such file")
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise BadInput(f"{path}: cannot read it ({exc.strerror})") from None
    if head != SQLITE_HEADER:
        raise BadInput(f"{path} is not a Nudge database copy (not a SQLite file)")


def _verify(conn: sqlite3.Connection, label: Path) -> Checked:
    """Every check a copy must pass, on an open connection to it; reads only.

    Its schema must be exactly what this Nudge's migrations make at its version
    (an older version is upgraded afterwards): a trigger, view, table, column
    or index of its own is refused, whatever it would do.
    """
    version = check_compatible(conn, label)
    if version == 0:
        raise BadInput(f"{label} is an empty database; nothing to restore")
    problems = [row[0] for row in conn.execute("PRAGMA integrity_check(5)")]
    if problems != ["ok"]:
        raise StorageError(f"{label} is damaged ({problems[0]}); choose another copy")
    differences = schema_differences(conn, version)
    if differences:
        raise BadInput(
            f"{label} does not hold Nudge's own schema ({'; '.join(differences)}); it was refused and "
            "nothing was changed"
        )
    broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise StorageError(f"{label} has {len(broken)} broken links between rows; choose another copy")
    processes = conn.execute("SELECT count(*) FROM process").fetchone()[0]
    messages = conn.execute("SELECT count(*) FROM message").fetchone()[0]
    return Checked(label, version, processes, messages)


def _unreadable(label: Path, exc: sqlite3.Error) -> StorageError:
    return StorageError(f"{label} cannot be read as a database ({exc}); choose another copy")


def check_copy(path: Path) -> Checked:
    """Prove that `path` is a sound Nudge database before anything is replaced by it.

    Reads only: the file is SQLite, holds exactly Nudge's schema (not newer
    than this program), passes `integrity_check` and `foreign_key_check`.
    """
    _require_sqlite(path)
    try:
        with closing(_open_read_only(path)) as conn:
            return _verify(conn, path)
    except sqlite3.DatabaseError as exc:
        raise _unreadable(path, exc) from None


# The incoming copy, made private ---------------------------------------------------------


def _private_temp(folder: Path, purpose: str) -> Path:
    """A new empty file only this process knows of, in `folder` (see `files.private_temp`).

    Its name ends in `.tmp`, so one left behind by a killed process is never
    listed or mistaken for a copy.
    """
    ensure_private_dir(folder)
    try:
        handle, path = private_temp(folder, purpose)
    except OSError as exc:
        raise StorageError(f"cannot write in {folder}: {exc.strerror or exc}") from None
    os.close(handle)
    return path


def _remove_database(path: Path) -> None:
    for leftover in (path, *(path.with_name(path.name + side) for side in _SIDE_FILES)):
        leftover.unlink(missing_ok=True)


def _copy_bytes(source: Path, dest: Path) -> None:
    """Copy a file's bytes into `dest`, created private if it is not there yet."""
    fd = os.open(dest, os.O_CREAT | os.O_WRONLY | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    with source.open("rb") as src, os.fdopen(fd, "wb") as out:
        shutil.copyfileobj(src, out)


def _snapshot(source: Path, tmp: Path) -> None:
    """Copy the database at `source` into the private file `tmp`, reading `source` only.

    SQLite's backup API gives a consistent copy, including what a WAL copy
    still holds in its `-wal` file. On read-only media a WAL copy without its
    `-shm` cannot be opened at all (SQLite must create that file), so there
    the files themselves are copied and SQLite reads the `-wal` in the private
    copy; `immutable=1` would open it, but ignoring the `-wal` and its rows.
    """
    _require_sqlite(source)
    try:
        with closing(_open_read_only(source)) as src, closing(sqlite3.connect(tmp, isolation_level=None)) as out:
            src.backup(out)
        return
    except sqlite3.Error as exc:
        if getattr(exc, "sqlite_errorcode", None) != sqlite3.SQLITE_CANTOPEN:
            raise _unreadable(source, exc) from None
    _remove_database(tmp)
    try:
        _copy_bytes(source, tmp)
        wal = source.with_name(source.name + "-wal")
        if wal.is_file():
            _copy_bytes(wal, tmp.with_name(tmp.name + "-wal"))
    except OSError as exc:
        raise BadInput(f"{source}: cannot read it ({exc.strerror})") from None


def _json_into(source: Path, tmp: Path) -> None:
    """A JSON backup file written into the private database `tmp`, so both kinds restore alike."""
    from app.backup import MAX_BACKUP_BYTES, parse_backup
    from app.input_files import read_bounded
    from app.storage.repository import Repository

    backup = parse_backup(read_bounded(str(source), MAX_BACKUP_BYTES, "Nudge backup"))
    with Repository(tmp) as repo:
        repo.merge(backup)


def _ready(tmp: Path, source: Path) -> Checked:
    """Check the private copy, and upgrade it when it is an older schema, so it matches the live file."""
    try:
        with closing(sqlite3.connect(tmp, isolation_level=None)) as conn:
            conn.execute("PRAGMA journal_mode = DELETE")  # takes in a copied -wal, and writes no new one
            checked = _verify(conn, source)
            if checked.schema < CURRENT_VERSION:
                migrate(conn, None)
                if schema_differences(conn, CURRENT_VERSION):
                    raise StorageError(f"{source} did not upgrade to Nudge's schema; nothing was changed")
    except sqlite3.DatabaseError as exc:
        raise _unreadable(source, exc) from None
    return checked


@contextmanager
def _incoming(source: Path, folder: Path) -> Iterator[tuple[Path, Checked]]:
    """The copy to restore as a private, checked database at the current schema; removed afterwards.

    Working on a private copy means the file checked is the file restored (no
    one can swap it in between), and the user's copy is only ever read.
    """
    tmp = _private_temp(folder, "restore")
    try:
        if source.suffix.lower() == ".json" or _starts_like_json(source):
            _json_into(source, tmp)
        else:
            _snapshot(source, tmp)
        yield tmp, _ready(tmp, source)
    finally:
        _remove_database(tmp)


# The live file -------------------------------------------------------------------------


def _damage(path: Path) -> str | None:
    """Why the file at `path` cannot be restored into as it is (None when it can, or is missing).

    Reads only. A newer Nudge's file or another program's database is no
    damage: those are refused (by `check_compatible`) rather than set aside.
    """
    try:
        if not path.exists() or path.stat().st_size == 0:
            return None
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StorageError(f"cannot read {path}: {exc.strerror or exc}") from None
    if head != SQLITE_HEADER:
        return "not a SQLite file"
    try:
        with closing(_open_read_only(path)) as conn:
            version = check_compatible(conn, path)
            if conn.execute("PRAGMA integrity_check(1)").fetchone()[0] != "ok":
                return "it fails SQLite's integrity check"
            if version and schema_differences(conn, version):
                return "its schema is not Nudge's own"
    except sqlite3.DatabaseError as exc:
        return f"SQLite cannot read it: {exc}"
    return None


def _set_aside(path: Path, folder: Path, base: str) -> Path:
    """Move a damaged file (and its -wal, -shm, -journal) into the backups folder as `base`, untouched."""
    try:
        moved = publish(path, folder, base)
        for side in _SIDE_FILES:
            found = path.with_name(path.name + side)
            if found.exists():
                os.replace(found, moved.with_name(moved.name + side))
    except OSError as exc:
        raise StorageError(f"cannot move the damaged {path} aside: {exc.strerror or exc}") from None
    return moved


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_kept(db_path: Path, folder: Path, base: str) -> Path:
    """Copy what is committed in `db_path` to a new file in `folder`, privately and durably; returns it.

    Called while the caller holds the write lock. The copy is read through a
    second connection: SQLite's backup API refuses a source connection that is
    itself inside a write transaction, and `VACUUM INTO` cannot run inside
    one. Since the caller holds the write lock, what this reader sees is
    exactly what the switch is about to replace.
    """
    tmp = _private_temp(folder, "kept")
    try:
        with closing(_open_read_only(db_path)) as src, closing(sqlite3.connect(tmp, isolation_level=None)) as out:
            src.backup(out)
            out.execute("PRAGMA journal_mode = DELETE")
        _fsync(tmp)
        kept = publish(tmp, folder, base)
        _fsync(folder)
        return kept
    finally:
        _remove_database(tmp)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _switch(conn: sqlite3.Connection, db_path: Path, incoming: Path, folder: Path, keep_as: str | None) -> Path | None:
    """The restore itself, in one write transaction: keep a copy, empty every table, refill it from `incoming`.

    The copy of the current contents goes to `folder` named after `keep_as`
    (none when None); it is returned, and removed again if the switch fails.
    """
    conn.execute("ATTACH DATABASE ? AS incoming", (str(incoming),))
    kept = None
    try:
        with write_transaction(conn):
            if schema_version(conn) != CURRENT_VERSION or schema_differences(conn, CURRENT_VERSION):
                raise StorageError(f"{db_path} changed while restoring; nothing was changed")
            if keep_as is not None:
                kept = _write_kept(db_path, folder, keep_as)
            order = table_order()
            for table in reversed(order):
                conn.execute(f"DELETE FROM main.{_quoted(table)}")
            for table in order:
                names = [row[1] for row in conn.execute(f"PRAGMA main.table_info({_quoted(table)})")]
                columns = ", ".join(map(_quoted, names))
                conn.execute(
                    f"INSERT INTO main.{_quoted(table)} ({columns}) SELECT {columns} FROM incoming.{_quoted(table)}"
                )
            if conn.execute("PRAGMA main.foreign_key_check").fetchone() is not None:
                raise StorageError("the restored rows would break links between them; nothing was changed")
    except BaseException:
        if kept is not None:
            kept.unlink(missing_ok=True)
        raise
    finally:
        conn.execute("DETACH DATABASE incoming")
    return kept


# Restore -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Restored:
    """What a restore did: what it brought in and where the previous contents went."""

    checked: Checked
    kept: Path | None
    """The copy of the previous contents (None when there was no database, or it was damaged)."""
    damaged: Path | None = None
    """Where a damaged previous file was moved, untouched."""
    damage: str | None = None
    """Why it was moved."""


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def restore(db_path: Path, source: Path, now: datetime) -> Restored:
    """Replace the database's contents with the copy at `source` (a database or a JSON backup).

    The copy is checked in full before anything else happens. A damaged
    current file is moved aside untouched and a fresh database takes its
    place; otherwise the current contents are kept as a copy in the backups
    folder within the same write transaction that replaces them.
    """
    if db_path.is_dir():
        raise BadInput(f"{db_path} is a folder, not a database file")
    if _same_file(source, db_path):
        raise BadInput(f"{source} is the database itself; give a backup file")
    folder = backup_dir(db_path)
    live = Path(os.path.realpath(db_path))  # a symlinked database: the file it points to is the one replaced
    with _incoming(source, folder) as (incoming, checked):
        existed = live.exists()
        damage = _damage(live)
        moved = _set_aside(live, folder, f"{db_path.stem}-damaged-{now:{_STAMP}}") if damage else None
        conn = open_database(live, create=True)
        try:
            keep_as = f"{db_path.stem}-before-restore-{now:{_STAMP}}" if existed and moved is None else None
            kept = _switch(conn, live, incoming, folder, keep_as)
        except sqlite3.Error as exc:
            after = f"the damaged file was moved to {moved}" if moved else "nothing was changed"
            raise StorageError(f"restoring {source} failed ({exc}); {after}") from None
        finally:
            conn.close()
    return Restored(Checked(source, CURRENT_VERSION, checked.processes, checked.messages), kept, moved, damage)


def _starts_like_json(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")
    except OSError:
        return False

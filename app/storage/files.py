"""Private files: everything Nudge writes holds a person's job search, so only they may read it.

There is one way to write a file (`write_private_text` / `write_private_bytes`,
and `copy_database` for database copies): a new temporary file in the target's
folder under a name nobody can guess, opened so that it can only be a fresh
file of ours (`O_CREAT | O_EXCL | O_NOFOLLOW`, mode 0600), written, fsynced,
then renamed over the target, and the folder fsynced so the rename survives a
crash. A planted file or symlink at the temporary name cannot redirect or
widen a write, and a crash never leaves half a file where a good one was.

The same writer refuses to overwrite what must never be overwritten: a
database this process has opened, its `-wal`/`-shm`/`-journal` files, and
anything in its backups folder. Files are compared by device and inode
(following symlinks), never by spelling, so `./x.db`, an absolute path, a
symlink, a hard link or `x.db-wal` are all recognised. Opening a database
(`app.storage.connection.open_database`) registers it, and it stays registered
for the life of the process: a command writes its output after closing the
database, and the output must still not land on it.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import stat
from pathlib import Path

from app.errors import DAMAGE_ADVICE, BadInput, NudgeError, StorageError

SQLITE_HEADER = b"SQLite format 3\x00"
_DAMAGED = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
_DATABASE_FILES = ("", "-wal", "-shm", "-journal")
"""A SQLite database's own files: the file itself, the write-ahead log, its index, the rollback journal."""

NEW_FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
"""A file that can only be new and ours: an existing file or symlink at the name is an error, never reused."""

_OPENED: list[Path] = []
"""The databases this process has opened (absolute paths as opened), see `register_database`."""


def register_database(path: Path) -> None:
    """Remember that `path` is a live Nudge database, so no file written by this process replaces it."""
    absolute = Path(os.path.abspath(path))
    if absolute not in _OPENED:
        _OPENED.append(absolute)


def _same_file(a: os.stat_result | None, path: Path) -> bool:
    if a is None:
        return False
    try:
        return os.path.samestat(a, os.stat(path))
    except OSError:
        return False


def protected_reason(target: Path, *, backups_allowed: bool = False) -> str | None:
    """Why `target` must not be written (it is an open database's file, or in its backups folder), or None.

    `backups_allowed` is for the copies Nudge itself keeps in the backups folder.
    """
    real = Path(os.path.realpath(target))
    try:
        found: os.stat_result | None = os.stat(real)
    except OSError:
        found = None
    for database in _OPENED:
        if not os.path.lexists(database):
            continue  # removed since (a test's, a restore's temporary): nothing left to protect
        for base in dict.fromkeys((database, Path(os.path.realpath(database)))):
            for suffix in _DATABASE_FILES:
                own = Path(f"{base}{suffix}")
                if Path(os.path.realpath(own)) == real or _same_file(found, own):
                    return f"{target} is the database {database}" + (f" (its {suffix} file)" if suffix else "")
        if backups_allowed:
            continue
        from app.storage.backups import backup_dir  # here: only writes of files pay for importing it

        for folder in dict.fromkeys((backup_dir(database), backup_dir(Path(os.path.realpath(database))))):
            try:
                kept = os.stat(folder)
            except OSError:
                continue
            for above in real.parents:
                if Path(os.path.realpath(folder)) == above or _same_file(kept, above):
                    return f"{target} is in the database's backups folder {folder}"
    return None


def refuse_protected(target: Path, *, backups_allowed: bool = False) -> None:
    """Raise BadInput (nothing written) when `target` is an open database's file or in its backups."""
    reason = protected_reason(target, backups_allowed=backups_allowed)
    if reason is not None:
        raise BadInput(f"{reason}; choose another file")


def ensure_private_dir(folder: Path) -> None:
    """Create `folder` and every missing parent as 0700, whatever the umask; existing folders are left as is.

    `mkdir`'s mode is masked by the umask (under umask 000 a `parents=True`
    mkdir makes 0777 parents), so each missing level is made here and chmodded.
    """
    if folder.is_dir():
        return
    missing: list[Path] = []
    level = Path(os.path.abspath(folder))
    while not os.path.lexists(level) and level != level.parent:
        missing.append(level)
        level = level.parent
    try:
        for level in reversed(missing):
            try:
                os.mkdir(level, 0o700)
            except FileExistsError:
                if level.is_dir():
                    continue  # made meanwhile by someone else: theirs, left as it is
                raise
            os.chmod(level, 0o700)
    except OSError as exc:
        raise NudgeError(f"cannot create the folder {folder}: {exc.strerror or exc}") from None


def create_private_file(path: Path) -> None:
    """Create `path` empty with mode 0600; an existing file or symlink there is an error (FileExistsError)."""
    os.close(open_new_private(path))


def open_new_private(path: Path) -> int:
    """Open `path` as a brand-new file readable by the owner alone; returns the descriptor.

    Fails (FileExistsError, or ELOOP for a symlink) when anything already sits
    at `path`, so a planted file or link is never written through.
    """
    fd = os.open(path, NEW_FILE_FLAGS, 0o600)
    try:
        os.fchmod(fd, 0o600)  # exact, whatever the umask
    except OSError:
        os.close(fd)
        raise
    return fd


def private_temp(folder: Path, name: str) -> tuple[int, Path]:
    """A new private file in `folder` named after `name` plus a random part nobody can guess."""
    stem = name[:100]
    while True:
        path = folder / f".{stem}.{secrets.token_hex(8)}.tmp"
        try:
            return open_new_private(path), path
        except FileExistsError:
            continue  # 64 random bits taken already: try another


def _fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable; file systems that cannot sync a folder are left to do their best."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_private_text(path: Path, text: str) -> None:
    """Write `text` as UTF-8 (newlines as given) to `path`; see `write_private_bytes`."""
    write_private_bytes(path, text.encode("utf-8"))


def write_private_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically, readable by the owner alone: the one way Nudge writes a file.

    A symlink is followed (the link stays, its target is replaced). A path
    that is not a regular file (``/dev/null``, a pipe, a terminal) is written
    in place: renaming over it would replace the device with a plain file. An
    open database, its side files or its backups folder are refused (BadInput).
    """
    refuse_protected(path)
    real = Path(os.path.realpath(path))
    try:
        mode = os.stat(real).st_mode
    except OSError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise BadInput(f"{path} is a folder; give a file name")
    if mode is not None and not stat.S_ISREG(mode):
        _write_in_place(real, data)
        return
    ensure_private_dir(real.parent)
    try:
        fd, tmp = private_temp(real.parent, real.name)
    except OSError as exc:
        raise NudgeError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, real)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise NudgeError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_folder(real.parent)


def _write_in_place(path: Path, data: bytes) -> None:
    """Write to a device or pipe as it is: there is nothing to replace atomically."""
    try:
        with path.open("wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise NudgeError(f"cannot write {path}: {exc.strerror or exc}") from None


def copy_database(conn: sqlite3.Connection, dest: Path) -> None:
    """Write a consistent, private copy of the open database to `dest` (replaced atomically).

    The same rules as `write_private_bytes`: a private temp file of an
    unguessable name, fsynced and renamed; a symlinked `dest` keeps its link;
    an open database or its side files are refused (its backups folder is
    where copies belong). A copy must be a regular file.
    """
    refuse_protected(dest, backups_allowed=True)
    real = Path(os.path.realpath(dest))
    if real.exists() and not real.is_file():
        raise BadInput(f"{dest} is not a regular file; a copy of the database must go to a file")
    ensure_private_dir(real.parent)
    try:
        fd, tmp = private_temp(real.parent, real.name)  # VACUUM INTO accepts an empty file: the copy is born private
        os.close(fd)
    except OSError as exc:
        raise StorageError(f"cannot write the copy {dest}: {exc.strerror or exc}") from None
    try:
        conn.execute("VACUUM INTO ?", (str(tmp),))
        fd = os.open(tmp, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, real)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, sqlite3.DatabaseError) and exc.sqlite_errorcode in _DAMAGED:
            source = conn.execute("PRAGMA database_list").fetchone()[2]
            raise StorageError(f"{source} is damaged ({exc}); nothing was changed. {DAMAGE_ADVICE}") from None
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise StorageError(f"cannot write the copy {dest}: {reason}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_folder(real.parent)


def looks_like_sqlite(path: Path) -> bool:
    """True for an empty file or one that starts with SQLite's header."""
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_HEADER))
    return head in (b"", SQLITE_HEADER)

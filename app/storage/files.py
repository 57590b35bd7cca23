"""Private files: everything Nudge writes holds a person's job search, so only they may read it."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from app.errors import DAMAGE_ADVICE, NudgeError, StorageError

SQLITE_HEADER = b"SQLite format 3\x00"
_DAMAGED = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def ensure_private_dir(folder: Path) -> None:
    """Create `folder` (and parents) as 0700 when missing; an existing folder is left as is."""
    if folder.is_dir():
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise NudgeError(f"cannot create the folder {folder}: {exc.strerror or exc}") from None


def create_private_file(path: Path) -> None:
    """Create `path` empty with mode 0600 if it does not exist (never truncates)."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)


def write_private_text(path: Path, text: str) -> None:
    """Write `text` to `path` atomically, readable by the owner alone.

    Written to a temporary sibling and renamed, so a crash never leaves half a file
    where a good one was. A symlink is followed (the link stays, its target is
    replaced), and a path that is not a regular file (``/dev/null``, a pipe, a
    terminal) is written in place: renaming over it would replace the device with a
    plain file.
    """
    path = Path(os.path.realpath(path))
    if path.exists() and not path.is_file():
        _write_in_place(path, text)
        return
    ensure_private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise NudgeError(f"cannot write {path}: {exc.strerror or exc}") from None


def _write_in_place(path: Path, text: str) -> None:
    """Write to a device or pipe as it is: there is nothing to replace atomically."""
    try:
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as exc:
        raise NudgeError(f"cannot write {path}: {exc.strerror or exc}") from None


def copy_database(conn: sqlite3.Connection, dest: Path) -> None:
    """Write a consistent, private copy of the open database to `dest` (replaced atomically)."""
    ensure_private_dir(dest.parent)
    tmp = dest.with_name(f".{dest.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        create_private_file(tmp)  # VACUUM INTO accepts an empty file, so the copy is born private
        conn.execute("VACUUM INTO ?", (str(tmp),))
        os.replace(tmp, dest)
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


def looks_like_sqlite(path: Path) -> bool:
    """True for an empty file or one that starts with SQLite's header."""
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_HEADER))
    return head in (b"", SQLITE_HEADER)

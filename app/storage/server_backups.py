"""Copies of a server database: the JSON export, kept privately in the local data folder.

A PostgreSQL database has no file to copy, and copying its pages would need
the server's own tools; what a seeker needs back is the search, which the
backup format holds whole (`export` then `import` gives the same bytes). So
the daily copy and `nudge backup` of a server database write that export,
one private (0600) file a day or a moment, in a folder of the local data
folder named for the server and database (`backups/nudge@db.example-5432/`),
rotated like the SQLite copies; `nudge restore` takes such a file back.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from app.errors import BadInput
from app.storage.dbapi import Connection
from app.storage.location import Server

_STAMP = "%Y-%m-%d-%H%M%S"
_DAILY = re.compile(r"^nudge-(?P<day>\d{4}-\d{2}-\d{2})\.json$")


def server_backup_dir(server: Server) -> Path:
    """The private folder for `server`'s copies, in the local data folder."""
    from app.paths import data_dir

    name = re.sub(r"[^A-Za-z0-9._-]", "_", f"{server.dbname}@{server.host}-{server.port}")
    return data_dir() / "backups" / name


def _export(conn: Connection) -> str:
    from app.backup import Backup, dump_backup
    from app.storage import reader
    from app.storage.connection import read_transaction

    with read_transaction(conn):
        backup = Backup(
            reader.load_settings(conn), tuple(reader.load_processes(conn)), reader.load_custom_templates(conn)
        )
    return dump_backup(backup)


def _write_new(folder: Path, base: str, text: str) -> Path:
    from app.storage.files import ensure_private_dir, write_private_text

    ensure_private_dir(folder)
    for n in range(1, 1000):
        candidate = folder / (f"{base}.json" if n == 1 else f"{base}-{n}.json")
        if not candidate.exists():
            write_private_text(candidate, text)
            return candidate
    raise BadInput(f"cannot find a free name for a copy in {folder}")


def daily_server_backup(conn: Connection, server: Server, today: date, keep: int) -> Path | None:
    """Today's export if there is none yet (and the database holds a process), then the oldest beyond `keep` go."""
    if keep <= 0 or not conn.execute("SELECT EXISTS (SELECT 1 FROM process)").fetchone()[0]:
        return None
    folder = server_backup_dir(server)
    dest = folder / f"nudge-{today.isoformat()}.json"
    if dest.exists():
        return None
    made = _write_new(folder, f"nudge-{today.isoformat()}", _export(conn))
    daily = sorted((p for p in folder.iterdir() if _DAILY.match(p.name)), reverse=True)
    for old in daily[keep:]:
        old.unlink(missing_ok=True)
    return made


def server_backup_now(conn: Connection, server: Server, now: datetime, dest: Path | None = None) -> Path:
    """The export now: to `dest`, else into the server's folder stamped to the second (never rotated away)."""
    text = _export(conn)
    if dest is None:
        return _write_new(server_backup_dir(server), f"nudge-{now:{_STAMP}}", text)
    from app.storage.files import write_private_text

    if dest.is_dir():
        raise BadInput(f"{dest} is a folder; give a file name for the copy")
    write_private_text(dest, text)
    return dest

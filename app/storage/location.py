"""Where a search is kept: a local SQLite file, or a database on a PostgreSQL server.

Everything that names a database (`--db`, `NUDGE_DB`, the config file's
`[database] path`) gives either a path or a URL
`postgresql://user@host:port/dbname?sslmode=require`; `parse_location` tells
them apart, and every command then works the same on either.

A URL never carries a password: a command line is visible to every user of
the machine (`ps`) and lands in shell history, so a URL holding one is
refused without being repeated. The password comes the way libpq looks for it
(`PGPASSWORD`, `~/.pgpass`), or from the config file's
`[database] password_command`, a program that prints it (a keyring, a
password manager). libpq's other parameters (`sslmode`, `options`,
`connect_timeout`...) ride in the query string untouched, so a coach can keep
one schema per seeker with `options=-csearch_path=sam`.

Light on purpose: parsing a location loads no driver.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from app.errors import BadInput, StorageError

SCHEMES = ("postgresql", "postgres")
EXTRA = "pip install 'nudge[postgres]'"
"""How to install the PostgreSQL driver, named wherever it is missing."""


@dataclass(frozen=True)
class Server:
    """A PostgreSQL database, as a URL without a password; `str()` names it without the URL's options."""

    url: str
    host: str
    port: int
    dbname: str
    user: str | None
    password_command: str | None = None
    """A program whose first line of output is the password (from the config file), or None."""

    def __str__(self) -> str:
        return f"database {self.dbname} on {self.host}:{self.port}"

    @property
    def name(self) -> str:
        """A short name for a title bar: `dbname@host`."""
        return f"{self.dbname}@{self.host}"

    def password(self) -> str | None:
        """The password from `password_command`, or None to let libpq find one (PGPASSWORD, ~/.pgpass)."""
        if not self.password_command:
            return None
        try:
            done = subprocess.run(
                shlex.split(self.password_command), capture_output=True, text=True, timeout=60, check=False
            )
        except (OSError, ValueError, subprocess.TimeoutExpired) as exc:
            raise StorageError(f"the password_command for {self} could not run ({type(exc).__name__})") from None
        if done.returncode != 0:
            raise StorageError(f"the password_command for {self} failed (exit status {done.returncode})")
        lines = done.stdout.splitlines()
        return lines[0] if lines else ""


Location = Path | Server
"""A database: a SQLite file or a PostgreSQL database."""


def is_url(text: str) -> bool:
    """Whether `text` names a server database rather than a file."""
    scheme, sep, _ = text.partition("://")
    return bool(sep) and scheme.lower() in SCHEMES


def parse_location(text: str, *, password_command: str | None = None) -> Location:
    """A path (`~` expanded) or a `postgresql://` URL; BadInput for a URL holding a password or no database."""
    if not is_url(text):
        return Path(text).expanduser()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise BadInput("the database URL is not valid (expected postgresql://user@host:port/dbname)") from None
    if parts.password is not None:
        raise BadInput(
            "a password in the database URL is refused (the command line is visible to others); "
            "give it through PGPASSWORD, ~/.pgpass or [database] password_command in the config file"
        )
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    user = unquote(parts.username) if parts.username else query.get("user") or os.environ.get("PGUSER")
    host = parts.hostname or query.get("host") or os.environ.get("PGHOST") or "localhost"
    dbname = unquote(parts.path.lstrip("/")) or query.get("dbname") or os.environ.get("PGDATABASE") or user
    if not dbname:
        raise BadInput("the database URL names no database (expected postgresql://user@host:port/dbname)")
    port = port or int(query.get("port") or os.environ.get("PGPORT") or 5432)
    return Server(text, host, port, dbname, user, password_command)


def describe(location: Location) -> str:
    """The location as shown to the user: the path, or `database D on HOST:PORT` (never a URL's options)."""
    return str(location)

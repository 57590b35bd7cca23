"""The connection the storage layer reads and writes through, whichever engine holds the search.

Nudge's storage code was written against `sqlite3.Connection`, and a
PostgreSQL database is reached through `app.storage.postgres.ServerConnection`,
which offers the same few methods. `Connection` names exactly that subset, so
a function that works on either engine says so in its signature, mypy checks
both against it, and neither needs a cast: `sqlite3.Connection` satisfies it
as it is, and `ServerConnection` is checked against it where it is built.

Code that needs more than this (SQLite's backup API, `iterdump`, its
pragmas' exact answers) keeps taking `sqlite3.Connection`: only a SQLite file
has those.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol, TypeVar


class Cursor(Protocol):
    """What a statement returns: its rows, one at a time, all at once, or iterated."""

    def fetchone(self) -> Any:
        """The next row, or None after the last."""
        ...

    def fetchall(self) -> list[Any]:
        """Every row not yet taken."""
        ...

    def __iter__(self) -> Iterator[Any]:
        """The rows, one by one."""
        ...


class Connection(Protocol):
    """An open database in sqlite3's shape: statements with `?` placeholders, transactions Nudge begins itself.

    The storage code issues its own `BEGIN` / `BEGIN IMMEDIATE` (see
    `app.storage.connection`), reads `PRAGMA data_version` to notice others'
    writes and `PRAGMA table_info(T)` to learn a table's columns; both engines
    answer those.
    """

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is open."""
        ...

    def execute(self, sql: str, parameters: Sequence[Any] | Mapping[str, Any] = ..., /) -> Cursor:
        """Run one statement (`?` placeholders, or `:name` with a mapping)."""
        ...

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Cursor:
        """Run one statement once for each row of `parameters`."""
        ...

    def commit(self) -> None:
        """End the open transaction, keeping its changes (nothing when none is open)."""
        ...

    def rollback(self) -> None:
        """End the open transaction, undoing its changes (nothing when none is open)."""
        ...

    def close(self) -> None:
        """Hang up; an open transaction is rolled back."""
        ...


AnyConnection = TypeVar("AnyConnection", bound=Connection)
"""A `Connection` of whichever concrete kind, kept as that kind (a transaction yields what it was given)."""


def sqlite_file(conn: Connection) -> sqlite3.Connection:
    """`conn` as the SQLite connection it must be where only a file will do (its backup API, a copy).

    The callers have already sent a server database elsewhere, so anything
    else here is a bug, said as one.
    """
    if not isinstance(conn, sqlite3.Connection):
        raise TypeError(f"a SQLite connection was expected here, not {type(conn).__name__}")
    return conn

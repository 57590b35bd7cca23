"""A PostgreSQL database behind the same connection the rest of Nudge reads and writes through.

Nudge's storage code talks to one DB-API connection in the shape of
`sqlite3.Connection` (`app.storage.dbapi.Connection`: `execute`,
`executemany`, `commit`, `rollback`, `in_transaction`). `ServerConnection`
gives a psycopg 3 connection that shape,
so the reader, the stored agenda, the spreadsheet merge and the write path run
unchanged on a server. What it translates is the little that differs between
the two engines, all here:

- placeholders: `?` becomes `%s` (psycopg's), a literal `%` is doubled;
- `BEGIN IMMEDIATE` (a write, holding the write lock from the start) becomes
  `BEGIN` plus `pg_advisory_xact_lock`: every writer of the database queues on
  that one lock, released at COMMIT or ROLLBACK, so two machines never
  interleave a read-then-write and no one ever meets a serialization error;
- a plain `BEGIN` (a consistent read) is a REPEATABLE READ snapshot;
- `PRAGMA data_version` ("did someone else commit?") reads the change counter
  that every write bumps at COMMIT (`nudge_change`), less this connection's
  own commits, which is exactly SQLite's meaning; the same COMMIT sends
  NOTIFY nudge_changes, so a listener hears of it at once;
- `PRAGMA table_info(T)` is answered from the catalog (`pg_attribute`) in
  SQLite's row shape; inside a read transaction every table's columns come in
  one query, on the first ask, kept until the transaction ends (a read of the
  processes asks for four tables); the other pragmas (timeouts, foreign keys,
  sync) have no server meaning and do nothing.

A connection lost between transactions (the server restarted, a network
change) is made again by the next statement, once, before anything of a new
transaction was sent, so an open dashboard or Repository carries on; one lost
inside a transaction is never replayed: the transaction fails whole, in one
line, and the statement after it reconnects.

Waiting is bounded: each session gets `lock_timeout` (the write lock
included), `statement_timeout` and `idle_in_transaction_session_timeout`
(which ends a hung writer's session on the server and so frees the lock), set
only where the server, the URL's `options` or PGOPTIONS left them unset.
A writer queued behind a hung one therefore fails after `LOCK_TIMEOUT` with
one line instead of waiting forever. Where nobody chose otherwise, a session
also runs its queries without parallel workers (`_SERIAL_READS`).

Every server failure leaves as a `ServerError`, one line naming the host and
the database (never the password, never the SQL or its values): it is both a
`StorageError` (so the command line prints it and exits 1) and a
`sqlite3.OperationalError` (so the code that tolerates a database failure,
such as storing the agenda best effort, tolerates this one too).

Only imported for a server location; importing it needs psycopg (the
`postgres` extra), and `driver()` says how to install it when missing.
"""

from __future__ import annotations

import re
import sqlite3
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final, TypeVar

from app.errors import StorageError
from app.storage.location import EXTRA, Server

if TYPE_CHECKING:
    import psycopg

    from app.storage.dbapi import Cursor

WRITE_LOCK: Final = 0x6E75_6467_6531
"""The advisory lock every write transaction takes first ("nudge1"; locks are per database)."""
CHANNEL: Final = "nudge_changes"
"""The NOTIFY channel every committed write announces itself on."""
CONNECT_TIMEOUT: Final = 10
LOCK_TIMEOUT: Final = "15s"
"""How long a statement waits for a lock (the write lock included): SQLite's busy timeout, 15 s."""
STATEMENT_TIMEOUT: Final = "10min"
"""The longest one statement may run (an import of a large search is many short statements)."""
IDLE_IN_TRANSACTION_TIMEOUT: Final = "2min"
"""A session that sits inside a transaction this long (a hung or stopped writer) is ended by the server."""
_LIMITS: Final = (
    ("lock_timeout", LOCK_TIMEOUT),
    ("statement_timeout", STATEMENT_TIMEOUT),
    ("idle_in_transaction_session_timeout", IDLE_IN_TRANSACTION_TIMEOUT),
)
_SERIAL_READS: Final = "max_parallel_workers_per_gather"
"""Set to 0 where nobody chose a value: one search's reads (at most some 100,000 rows) finish sooner in one
backend than by starting parallel workers, which on a small, busy server cost more than they save."""
_COLUMNS: Final = (
    "SELECT c.relname, a.attnum - 1, a.attname, upper(format_type(a.atttypid, a.atttypmod)), a.attnotnull::int, "
    "pg_get_expr(d.adbin, d.adrelid), 0 FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
    "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
    "WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) "
    "AND c.relkind IN ('r', 'p', 'v') AND a.attnum > 0 AND NOT a.attisdropped"
)
"""Every column of the current schema's tables as (table, then SQLite's `table_info` row), from the catalog."""


_T = TypeVar("_T")


class ServerError(StorageError, sqlite3.OperationalError):
    """A PostgreSQL failure, said in one line naming host and database (see the module docstring)."""


def driver() -> Any:
    """The psycopg module, or a one-line StorageError naming the extra that installs it."""
    try:
        import psycopg
    except ImportError:
        raise StorageError(f"a PostgreSQL database needs the psycopg driver: {EXTRA}") from None
    return psycopg


# ---------------------------------------------------------------- failures


_BY_STATE: Final = {
    "28P01": "the server refused the password for {user}",
    "28000": "the server refused {user} (check pg_hba.conf and the user name)",
    "3D000": "there is no such database on the server (create it with createdb, or check the URL)",
    "42501": "permission denied on the server (the user may not change this database)",
    "25006": "the server only allows reading (a read-only transaction or standby)",
    "53100": "the server's disk is full",
    "53300": "the server has too many connections",
    "23505": "a record like this one is already stored (perhaps added elsewhere)",
    "23503": "a linked record is missing (it may have been deleted elsewhere)",
    "23502": "a required value is missing",
    "57014": "the server cancelled the statement (statement_timeout); nothing was changed",
    "55P03": (
        "another Nudge held the write lock too long (lock_timeout; a save hung elsewhere?); nothing was changed, "
        "try again"
    ),
    "57P01": "lost the connection to the server (it was shut down or the session ended)",
    "57P02": "lost the connection to the server (it crashed)",
    "57P03": "the server is starting up or shutting down; try again",
}


def _where(server: Server | None, exc: BaseException) -> str:
    if server is not None:
        return str(server)
    pgconn: Any = getattr(exc, "pgconn", None)
    try:
        host, port, db = (pgconn.host or b"").decode(), (pgconn.port or b"").decode(), (pgconn.db or b"").decode()
    except (AttributeError, UnicodeDecodeError):
        return "the PostgreSQL database"
    return f"database {db} on {host}:{port}" if db else "the PostgreSQL database"


def server_reason(exc: BaseException, server: Server | None = None) -> str:
    """Why a psycopg error happened, as one line naming host and database; its own text is never shown.

    The server's messages can quote a row's values (a unique key's
    `DETAIL: Key (company, role)=(...)`), so only the error's SQLSTATE and kind
    are read, and for a failed connection the few words libpq uses for "no
    server", "no password" and "wrong password".
    """
    where = _where(server, exc)
    user = f"user {server.user}" if server is not None and server.user else "this user"
    state = getattr(exc, "sqlstate", None)
    if state in _BY_STATE:
        return f"{_BY_STATE[state].format(user=user)} ({where})"
    text = str(exc)
    name = type(exc).__name__
    if "password authentication failed" in text:
        return f"the server refused the password for {user} ({where})"
    if "no password supplied" in text or "fe_sendauth" in text:
        return (
            f"the server asks for a password for {user} ({where}): "
            "set PGPASSWORD, add it to ~/.pgpass or set [database] password_command"
        )
    if 'database "' in text and "does not exist" in text:
        return f"there is no such database on the server ({where}; create it with createdb, or check the URL)"
    if "connection is lost" in text or "server closed the connection" in text or "consuming input failed" in text:
        return f"lost the connection to the server ({where})"
    if "connection" in text and ("refused" in text or "failed" in text or "timeout" in text or "timed out" in text):
        return f"cannot reach the PostgreSQL server ({where}: is it running, and is the host and port right?)"
    if name in ("OperationalError", "InterfaceError"):
        return f"the connection to the server failed ({where})"
    return f"the database could not be used ({name}, {where})"


def server_error(exc: BaseException, server: Server | None = None) -> ServerError:
    """`exc` as the one-line `ServerError` to raise instead, always `from None`."""
    return ServerError(server_reason(exc, server))


def is_server_error(exc: BaseException) -> bool:
    """Whether `exc` is psycopg's (told by module, so that nothing imports psycopg to ask)."""
    return type(exc).__module__.partition(".")[0] == "psycopg"


# ---------------------------------------------------------------- the connection


_PRAGMA: Final = re.compile(r"\s*PRAGMA\s+(?:main\.)?(\w+)\s*(?:\((\w+)\)|=\s*(\S+))?\s*;?\s*$", re.IGNORECASE)


@lru_cache(maxsize=512)
def translate(sql: str) -> str:
    """SQLite's placeholders in psycopg's spelling: `?` outside quotes becomes `%s`, a `%` becomes `%%`."""
    out: list[str] = []
    quote: str | None = None
    for ch in sql:
        if quote is not None:
            if ch == quote:
                quote = None
            out.append("%%" if ch == "%" else ch)
        elif ch in "'\"":
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        elif ch == "%":
            out.append("%%")
        else:
            out.append(ch)
    return "".join(out)


class _Rows:
    """A finished result in the cursor's shape: fixed rows (a pragma's answer, or nothing)."""

    def __init__(self, rows: Sequence[tuple[Any, ...]] = ()) -> None:
        self._rows = list(rows)

    def fetchone(self) -> tuple[Any, ...] | None:
        return self._rows.pop(0) if self._rows else None

    def fetchall(self) -> list[tuple[Any, ...]]:
        rows, self._rows = self._rows, []
        return rows

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        while self._rows:
            yield self._rows.pop(0)


class ServerConnection:
    """A psycopg connection (autocommit, so Nudge issues its own BEGIN and COMMIT) in sqlite3's shape."""

    def __init__(self, raw: psycopg.Connection[Any], server: Server) -> None:
        self.raw = raw
        self.server = server
        self._own_commits = 0
        self._writing = False
        self._open = False
        """Whether a transaction of ours is open (what must never be replayed on a new connection)."""
        self._sequences: str | None = None
        self._columns: dict[str, list[tuple[Any, ...]]] | None = None
        """Every table's `table_info` rows, while a read transaction lasts (see `_table_info`)."""
        self._engines: weakref.WeakSet[Any] = weakref.WeakSet()
        self._listener: psycopg.Connection[Any] | None = None
        self.reconnects = 0
        """How many times a lost connection was made again (for the tests and the doctor)."""
        _FACADES[id(raw)] = weakref.ref(self)

    # -- the sqlite3.Connection subset ------------------------------------

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is open (as sqlite3's attribute)."""
        from psycopg.pq import TransactionStatus

        if self.raw.closed:
            return self._open  # a lost connection: ours is over unless we still have to end it
        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = (), /) -> Cursor:
        """Run one statement the way sqlite3 would (see the module docstring for what is translated)."""
        head = sql.lstrip()[:16].upper()
        if head.startswith("PRAGMA"):
            return self._pragma(sql)
        if head.startswith("BEGIN"):
            return self._begin(immediate="IMMEDIATE" in head or "EXCLUSIVE" in head)
        if head.startswith(("COMMIT", "END")):
            self.commit()
            return _Rows()
        if head.startswith("ROLLBACK") and "TO" not in sql.upper():
            self.rollback()
            return _Rows()
        return self._run(lambda: self.raw.execute(translate(sql), params or None))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]], /) -> Cursor:
        """Run one statement for each of `rows`."""

        batch = list(rows)  # once: a retry on a new connection sends the same rows

        def many() -> psycopg.Cursor[Any]:
            cursor = self.raw.cursor()
            cursor.executemany(translate(sql), batch)
            return cursor

        return self._run(many)

    def commit(self) -> None:
        """End the transaction, announcing a write (change counter and NOTIFY) in the same COMMIT."""
        if not self.in_transaction:
            return
        wrote = self._writing
        try:
            if wrote:
                self._run(self._announce)
            self._run(lambda: self.raw.execute("COMMIT"))
        finally:
            self._writing = self._open = False
            self._columns = None
        if wrote:
            self._own_commits += 1

    def rollback(self) -> None:
        """Undo the transaction; a connection already lost has nothing left to undo."""
        self._writing = self._open = False
        self._columns = None
        if self.raw.closed or not self.in_transaction:
            return
        self._run(lambda: self.raw.execute("ROLLBACK"))

    def close(self) -> None:
        """Hang up (an open transaction is rolled back by the server)."""
        _FACADES.pop(id(self.raw), None)
        if self._listener is not None:
            self._listener.close()
        self.raw.close()

    # -- reconnecting, listening ----------------------------------------------

    def adopt_engine(self, engine: Any) -> None:
        """Remember SQLAlchemy's engine on this connection, so a reconnect hands it the new one."""
        self._engines.add(engine)

    def _reconnect(self) -> None:
        """Replace a lost connection with a new one (only ever between transactions)."""
        _FACADES.pop(id(self.raw), None)
        self.raw = _connect_raw(self.server)
        _FACADES[id(self.raw)] = weakref.ref(self)
        for engine in list(self._engines):
            engine.dispose(close=False)  # its pool takes `self.raw` again on next use
        self.reconnects += 1

    def wait_for_change(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for another connection's committed write; whether one came.

        Listens (LISTEN nudge_changes) on a second connection of its own, made
        on first use, so the waiting never blocks this one's statements. Every
        notification waiting is taken at once, so one call answers "anything
        since the last call?"; this connection's own writes are not counted.
        A lost listener is made again on the next call (what was committed
        meanwhile was not heard: the caller compares versions to find it).
        Meant for one thread at a time, which may be another than the one
        running statements: it touches only the listening connection.
        """
        listener = self._listener
        try:
            if listener is None or listener.closed:
                listener = None
                listener = _connect_raw(self.server)
                listener.execute(f"LISTEN {CHANNEL}")
                self._listener = listener
            raw = self.raw
            own = raw.info.backend_pid if not raw.closed else None
            heard = False
            for note in listener.notifies(timeout=timeout):
                if note.pid != own:
                    heard = True
                    break
            while heard and any(True for _ in listener.notifies(timeout=0)):
                pass  # drain the rest: they are the same news
            return heard
        except Exception as exc:
            if listener is not None:  # whatever failed, the next call listens on a new connection
                self._listener = None
                listener.close()
            if is_server_error(exc):
                raise server_error(exc, self.server) from None
            raise

    # -- the translations -------------------------------------------------

    def _begin(self, *, immediate: bool) -> _Rows:
        level = "READ COMMITTED" if immediate else "REPEATABLE READ"
        self._run(lambda: self.raw.execute(f"BEGIN ISOLATION LEVEL {level}"))
        self._open = True
        self._columns = None
        if immediate:
            self._writing = True
            self._run(lambda: self.raw.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,)))
        return _Rows()

    def _announce(self) -> None:
        """Bump the change counter, keep the id sequences past every id given explicitly, and NOTIFY."""
        self.raw.execute("UPDATE nudge_change SET counter = counter + 1 WHERE id = 1")
        if self._sequences is None:
            found = self.raw.execute(
                "SELECT c.table_name, c.column_name FROM information_schema.columns c "
                "WHERE c.table_schema = current_schema() AND c.column_default LIKE 'nextval(%%' "
                "ORDER BY c.table_name"
            ).fetchall()
            self._sequences = ", ".join(
                f"setval(pg_get_serial_sequence('{t}', '{c}'), (SELECT coalesce(max({c}), 0) + 1 FROM {t}), false)"
                for t, c in found
            )
        if self._sequences:
            # merge and undo write ids themselves (under the write lock), as SQLite's rowids allow
            self.raw.execute(f"SELECT {self._sequences}")
        self.raw.execute(f"NOTIFY {CHANNEL}")

    def _pragma(self, sql: str) -> _Rows:
        match = _PRAGMA.match(sql)
        name = match.group(1).lower() if match else ""
        if name == "data_version":
            row = self._run(lambda: self.raw.execute("SELECT counter FROM nudge_change WHERE id = 1").fetchone())
            return _Rows([(int(row[0]) - self._own_commits if row else 0,)])
        if name == "table_info" and match and match.group(2):
            return _Rows(self._table_info(match.group(2)))
        return _Rows()  # busy_timeout, foreign_keys, synchronous, journal_mode: no server meaning

    def _table_info(self, table: str) -> list[tuple[Any, ...]]:
        """SQLite's `table_info` rows for `table`, as the catalog has them now.

        In a read transaction, the first ask fetches every table's columns at
        once and the rest of the transaction is answered from them (nothing can
        change a column under a read). In a write, which may be changing the
        schema itself, and outside a transaction, each ask is its own query.
        """
        if self._open and not self._writing:
            if self._columns is None:
                found: dict[str, list[tuple[Any, ...]]] = {}
                for row in self._run(lambda: self.raw.execute(f"{_COLUMNS} ORDER BY 1, 2").fetchall()):
                    found.setdefault(row[0], []).append(tuple(row[1:]))
                self._columns = found
            return list(self._columns.get(table, ()))
        rows = self._run(lambda: self.raw.execute(f"{_COLUMNS} AND c.relname = %s ORDER BY 2", (table,)).fetchall())
        return [tuple(row[1:]) for row in rows]

    def _run(self, step: Callable[[], _T]) -> _T:
        """Run `step`; outside a transaction, a connection found lost is made again and `step` run once more."""
        between = not self._open
        if between and self.raw.closed:
            self._reconnect()
        try:
            return step()
        except ServerError:
            raise
        except Exception as exc:
            if not is_server_error(exc):
                raise
            if not (between and self.raw.closed):
                raise server_error(exc, self.server) from None
        # lost before anything of a transaction was sent: say it again on a new connection, once
        try:
            self._reconnect()
            return step()
        except ServerError:
            raise
        except Exception as exc:
            if is_server_error(exc):
                raise server_error(exc, self.server) from None
            raise


_FACADES: dict[int, weakref.ref[ServerConnection]] = {}
"""Each psycopg connection's `ServerConnection`, for the write path, which SQLAlchemy hands the bare one."""


def facade_of(raw: object) -> ServerConnection:
    """The `ServerConnection` around psycopg connection `raw`."""
    found = _FACADES.get(id(raw))
    conn = found() if found is not None else None
    if conn is None or conn.raw is not raw:
        raise StorageError("the server connection was closed")
    return conn


def _connect_raw(server: Server) -> psycopg.Connection[Any]:
    """A psycopg connection to `server` with Nudge's time limits where none is set; one line if it cannot."""
    pg = driver()
    try:
        raw: psycopg.Connection[Any] = pg.connect(
            server.url,
            autocommit=True,
            connect_timeout=CONNECT_TIMEOUT,
            password=server.password(),
            application_name="nudge",
        )
        limits = ", ".join(
            [
                *(
                    f"CASE WHEN current_setting('{name}') = '0' THEN set_config('{name}', '{value}', false) END"
                    for name, value in _LIMITS
                ),
                f"CASE WHEN (SELECT source FROM pg_settings WHERE name = '{_SERIAL_READS}') = 'default' "
                f"THEN set_config('{_SERIAL_READS}', '0', false) END",
            ]
        )
        raw.execute(f"SELECT {limits}")
    except pg.Error as exc:
        raise server_error(exc, server) from None
    return raw


def connect_server(server: Server) -> ServerConnection:
    """A connection to `server`, or one line saying why not (no driver, server down, password, no database)."""
    return ServerConnection(_connect_raw(server), server)

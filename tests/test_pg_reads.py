"""What a read costs on a PostgreSQL server: the statements it sends, and how the server runs them.

The agenda and the dashboard read every process through `reader.load_processes`
(four tables' columns, then five queries, in one snapshot). The statements a
read sends are taken from libpq's own protocol trace of the connection (what
really went over the wire). A read asks the catalog for columns once, not
once per table; and the session runs its queries without parallel workers
unless the user or the server chose a number (a worker costs more than it
saves on one search's rows, especially on a small, busy machine).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from engines import server_missing

from app.storage.location import parse_location
from app.storage.postgres import ServerConnection
from app.storage.repository import Repository

pytestmark = pytest.mark.skipif(server_missing() is not None, reason=f"{server_missing()}; server tests skipped")


@contextmanager
def sent(conn: ServerConnection) -> Iterator[list[str]]:
    """The statements `conn` sends to the server inside the block (filled in when it ends)."""
    from psycopg import pq

    statements: list[str] = []
    with tempfile.TemporaryFile() as trace:
        conn.raw.pgconn.trace(trace.fileno())
        conn.raw.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)
        try:
            yield statements
        finally:
            conn.raw.pgconn.untrace()
        trace.seek(0)
        for line in trace.read().decode("utf-8", "replace").splitlines():
            parts = line.split("\t")
            if len(parts) >= 4 and parts[0] == "F" and parts[2] in ("Query", "Parse"):
                statements.append(parts[3].strip())


def _server(repo: Repository) -> ServerConnection:
    assert isinstance(repo.conn, ServerConnection)
    return repo.conn


def test_reading_the_processes_asks_the_catalog_once(pg_url: str) -> None:
    with Repository(parse_location(pg_url)) as repo:
        conn = _server(repo)
        with sent(conn) as statements:
            repo.processes()
    catalog = [s for s in statements if "pg_attribute" in s or "information_schema" in s]
    assert len(catalog) == 1, statements
    assert len(statements) == 8, statements  # BEGIN, the columns, five queries, COMMIT


def test_table_info_outside_a_read_is_asked_each_time_and_matches_the_table(pg_url: str) -> None:
    with Repository(parse_location(pg_url)) as repo:
        rows = repo.conn.execute("PRAGMA table_info(contact)").fetchall()
        names = [row[1] for row in rows]
        assert names[:3] == ["id", "process_id", "name"]
        assert [row[0] for row in rows] == list(range(len(rows)))
        assert repo.conn.execute("PRAGMA table_info(no_such_table)").fetchall() == []


def test_queries_run_without_parallel_workers_unless_someone_chose(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Repository(parse_location(pg_url)) as repo:
        assert repo.conn.execute("SHOW max_parallel_workers_per_gather").fetchone()[0] == "0"
    monkeypatch.setenv("PGOPTIONS", "-c max_parallel_workers_per_gather=3")
    with Repository(parse_location(pg_url)) as repo:
        assert repo.conn.execute("SHOW max_parallel_workers_per_gather").fetchone()[0] == "3"

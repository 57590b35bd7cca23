"""The engines the storage and command-line tests run on: SQLite always, PostgreSQL when a server is at hand.

A test that takes the `database` fixture runs once per engine: it gets a
`Database`, an empty place to keep a search, which it names on the command
line as `str(database)` (a file path or a `postgresql://` URL without the
password) and opens with `database.location`. `database.state()` fingerprints
what is stored, so "a failed command leaves the database as it was" reads the
same on both: a file's bytes on SQLite, every table's rows (and the change
counter) on the server.

The server is the one `.ci/run` started (NUDGE_TEST_PG), else a private
cluster started by the session on first use (tests/pg_server.py). With no
PostgreSQL binaries or no psycopg the suite runs on SQLite alone and says so
once, in pytest's header (`pytest_report_header` in conftest.py).
"""

from __future__ import annotations

import hashlib
import importlib.util
import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pg_server
import pytest

from app.storage.location import Location, parse_location

SQLITE = "sqlite"
POSTGRESQL = "postgresql"


def server_missing() -> str | None:
    """Why the server tests cannot run here (None when they can)."""
    if importlib.util.find_spec("psycopg") is None:
        return "psycopg is not installed (pip install -e '.[dev]')"
    if os.environ.get(pg_server.ENV_URL):
        return None
    if pg_server.find_bin() is None:
        return "PostgreSQL is not installed (Debian: apt-get install postgresql)"
    return None


def engines() -> list[str]:
    """The engines this run covers: SQLite, and PostgreSQL when it can run."""
    return [SQLITE] if server_missing() else [SQLITE, POSTGRESQL]


def header() -> str:
    """The one line pytest prints about the engines."""
    missing = server_missing()
    if missing:
        return f"engines: SQLite only; the PostgreSQL runs are left out ({missing})"
    where = os.environ.get(pg_server.ENV_URL) or "a private cluster started on first use"
    return f"engines: SQLite and PostgreSQL ({where})"


@dataclass(frozen=True)
class Cluster:
    """A running server: its maintenance URL (no password) and the superuser's password."""

    url: str
    password: str
    handle: pg_server.Cluster | None = None
    """The cluster this session started (None when `.ci/run` did)."""

    def sql(self, dbname: str, query: str, *args: Any) -> list[tuple[Any, ...]]:
        """Run one statement in database `dbname` as the superuser; its rows."""
        import psycopg

        with psycopg.connect(self.database_url(dbname), password=self.password, autocommit=True) as conn:
            cursor = conn.execute(query, args or None)
            return cursor.fetchall() if cursor.description is not None else []

    def database_url(self, dbname: str) -> str:
        """The URL of database `dbname` on this server."""
        return f"{self.url.rsplit('/', 1)[0]}/{dbname}"


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """The server for this session; skips, saying why, when there is none."""
    missing = server_missing()
    if missing:
        pytest.skip(f"{missing}; server tests skipped")
    if os.environ.get(pg_server.ENV_URL):
        yield Cluster(os.environ[pg_server.ENV_URL], os.environ.get(pg_server.ENV_PASSWORD, ""))
        return
    try:
        started = pg_server.start()
    except RuntimeError as exc:
        pytest.skip(f"PostgreSQL could not start ({exc}); server tests skipped")
    try:
        yield Cluster(started.url, started.password, started)
    finally:
        started.stop()


_COUNT = itertools.count()


def new_database(cluster: Cluster) -> str:
    """Create an empty database on the server; its name (unique across xdist workers)."""
    name = f"t{os.getpid()}_{next(_COUNT)}"
    cluster.sql("postgres", f"CREATE DATABASE {name}")
    return name


def drop_database(cluster: Cluster, name: str) -> None:
    """Drop a database made by `new_database`, whoever is still connected."""
    cluster.sql("postgres", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def pg_url(pg_cluster: Cluster, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh, empty database on the server; PGPASSWORD set, as a user would."""
    monkeypatch.setenv("PGPASSWORD", pg_cluster.password)
    name = new_database(pg_cluster)
    yield pg_cluster.database_url(name)
    drop_database(pg_cluster, name)


@pytest.fixture(scope="module")
def own_server() -> Iterator[pg_server.Cluster]:
    """A private cluster of the module's own, which its tests may stop and start (the shared one stays up)."""
    if pg_server.find_bin() is None:
        pytest.skip("PostgreSQL is not installed (Debian: apt-get install postgresql); restart tests skipped")
    started = pg_server.start()
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture
def own_url(own_server: pg_server.Cluster, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh database on the module's private cluster, PGPASSWORD set."""
    cluster = Cluster(own_server.url, own_server.password)
    monkeypatch.setenv("PGPASSWORD", own_server.password)
    name = new_database(cluster)
    yield cluster.database_url(name)
    drop_database(cluster, name)


@dataclass(frozen=True)
class Database:
    """An empty place for a search on one engine (see the module docstring)."""

    engine: str
    text: str
    """What `--db` takes: a path or a URL."""
    cluster: Cluster | None = None

    def __str__(self) -> str:
        return self.text

    @property
    def location(self) -> Location:
        """What `Repository` takes."""
        return parse_location(self.text)

    @property
    def shown(self) -> str:
        """How Nudge names it in its messages."""
        return str(self.location)

    @property
    def path(self) -> Path:
        """The file, on SQLite only."""
        assert self.engine == SQLITE, "a server database has no file"
        return Path(self.text)

    @property
    def dbname(self) -> str:
        """The database's name, on the server only."""
        assert self.cluster is not None
        return self.text.rsplit("/", 1)[1]

    def sql(self, query: str, *args: Any) -> list[tuple[Any, ...]]:
        """One statement on the server database, as the superuser, outside Nudge."""
        assert self.cluster is not None
        return self.cluster.sql(self.dbname, query, *args)

    def counts(self) -> dict[str, int]:
        """How many rows each of Nudge's record tables holds, read outside Nudge."""
        tables = ("process", "contact", "interview", "interview_contact", "message", "setting", "template")
        if self.engine == SQLITE:
            import sqlite3
            from contextlib import closing

            with closing(sqlite3.connect(self.text)) as conn:
                return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
        return {t: int(self.sql(f"SELECT count(*) FROM {t}")[0][0]) for t in tables}

    def state(self) -> str:
        """A fingerprint of everything stored: equal before and after means nothing was written."""
        if self.engine == SQLITE:
            path = Path(self.text)
            parts = [p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists()]
            return hashlib.sha256(b"".join(parts)).hexdigest() if parts else "no file"
        tables = [t for (t,) in self.sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")]
        seen = hashlib.sha256()
        for table in tables:
            seen.update(f"{table}\n".encode())
            for row in self.sql(f'SELECT * FROM "{table}" ORDER BY 1'):
                seen.update(repr(row).encode())
        return seen.hexdigest() if tables else "no tables"


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """An empty database on each engine in turn (parametrised by `pytest_generate_tests` in conftest.py)."""
    if request.param == SQLITE:
        yield Database(SQLITE, str(tmp_path / "nudge.db"))
        return
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    monkeypatch.setenv("PGPASSWORD", cluster.password)
    name = new_database(cluster)
    yield Database(POSTGRESQL, cluster.database_url(name), cluster)
    drop_database(cluster, name)

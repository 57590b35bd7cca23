"""Fixtures for the dashboard tests: the app at a fixed day, on a SQLite file or a PostgreSQL database.

Two kinds of fixture give the dashboard a database:

- `demo_path`, `empty_path`, `new_path`: SQLite files in tmp_path. Layout, keys,
  snapshots and file-only failures use them: what they check does not depend
  on the engine, so running them twice would be waste.
- `demo_search`, `empty_search`, `new_search`: the same three, once per engine
  this run covers (`engine`, parametrised below: SQLite, and PostgreSQL when a
  server is at hand, see tests/engines.py). The flows that save, edit, delete,
  undo, send, search and reload take these, and read back what was stored with
  `reopened`, a fresh Repository on the location, as the next start of Nudge
  would, never through a file.

On the server each test gets its own database, copied from a template filled
once per session (CREATE DATABASE ... TEMPLATE, a fraction of a second against
about a second to create the schema and merge the demo anew).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import itertools
import os
from collections.abc import Callable, Coroutine, Iterator
from datetime import date
from pathlib import Path

import engines
import pytest
from engines import POSTGRESQL, SQLITE, Cluster, Database, drop_database

from app.demo import demo_backup
from app.rules.values import Settings
from app.storage.location import Location
from app.storage.repository import Repository
from app.tui.app import NudgeApp

DAY = date(2026, 11, 25)
"""Wed 25 Nov 2026, the day the demo data is dated around."""

SIZE = (140, 42)

Place = Database | Path
"""What the dashboard fixtures give: a SQLite file, or a database on either engine."""


def sync(test: Callable[..., Coroutine[object, object, None]]) -> Callable[..., None]:
    """Run an async test on a fresh event loop (no asyncio pytest plugin is installed)."""

    @functools.wraps(test)
    def run(*args: object, **kwargs: object) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


def location_of(place: Place) -> Location:
    """What `Repository` takes for a fixture's database."""
    return place.location if isinstance(place, Database) else place


def reopened(place: Place) -> Repository:
    """A fresh Repository on the database, as the next start of Nudge reads it (use it in a `with`)."""
    return Repository(location_of(place))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every dashboard test taking `engine` (directly or through the *_search fixtures) runs once per engine."""
    if "engine" in metafunc.fixturenames:
        metafunc.parametrize("engine", engines.engines())


# SQLite files -----------------------------------------------------------------------------


@pytest.fixture
def demo_path(demo_db: Path) -> Path:
    """The shared demo database (named demo.db: the name shows in the header)."""
    return demo_db


def _fill_empty(location: Location) -> None:
    with Repository(location) as repo:
        repo.save_settings(Settings())


def _fill_new(location: Location) -> None:
    Repository(location).close()


def _fill_demo(location: Location) -> None:
    with Repository(location) as repo:
        repo.merge(demo_backup(DAY))


@pytest.fixture
def empty_path(tmp_path: Path) -> Path:
    """An empty database whose settings were saved (its first run's setup done): the dashboard opens on it."""
    path = tmp_path / "empty.db"
    _fill_empty(path)
    return path


@pytest.fixture
def new_path(tmp_path: Path) -> Path:
    """A freshly created database, nothing saved in it: the dashboard's first run opens the setup."""
    path = tmp_path / "new.db"
    _fill_new(path)
    return path


# Either engine ------------------------------------------------------------------------------

_FILLS: dict[str, Callable[[Location], None]] = {"demo": _fill_demo, "empty": _fill_empty, "new": _fill_new}
_COUNT = itertools.count()


class Templates:
    """Server databases filled once per session, each copied for every test that wants one."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self.made: dict[str, str] = {}

    def copy(self, kind: str) -> str:
        """A new database holding what `kind`'s template holds; its name."""
        if kind not in self.made:
            name = f"tui_{kind}_{os.getpid()}"  # one per xdist worker: a template must have no other user
            self.cluster.sql("postgres", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            self.cluster.sql("postgres", f"CREATE DATABASE {name}")
            with pytest.MonkeyPatch.context() as env:
                env.setenv("PGPASSWORD", self.cluster.password)
                _FILLS[kind](Database(POSTGRESQL, self.cluster.database_url(name), self.cluster).location)
            self.made[kind] = name
        copy = f"tui_{os.getpid()}_{next(_COUNT)}"
        self.cluster.sql("postgres", f"CREATE DATABASE {copy} TEMPLATE {self.made[kind]}")
        return copy

    def drop(self) -> None:
        for name in self.made.values():
            drop_database(self.cluster, name)


@pytest.fixture(scope="session")
def pg_templates(pg_cluster: Cluster) -> Iterator[Templates]:
    """The session's template databases on the server, dropped at its end."""
    templates = Templates(pg_cluster)
    yield templates
    templates.drop()


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    """The engine this run of the test is on (parametrised by `pytest_generate_tests`)."""
    return str(request.param)


def _search(kind: str, engine: str, request: pytest.FixtureRequest) -> Iterator[Database]:
    tmp_path: Path = request.getfixturevalue("tmp_path")
    if engine == SQLITE:
        path = tmp_path / f"{kind}.db"
        _FILLS[kind](path)
        yield Database(SQLITE, str(path))
        return
    monkeypatch: pytest.MonkeyPatch = request.getfixturevalue("monkeypatch")
    templates: Templates = request.getfixturevalue("pg_templates")
    monkeypatch.setenv("PGPASSWORD", templates.cluster.password)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))  # the daily JSON copies land here
    name = templates.copy(kind)
    yield Database(POSTGRESQL, templates.cluster.database_url(name), templates.cluster)
    drop_database(templates.cluster, name)


@pytest.fixture
def demo_search(engine: str, request: pytest.FixtureRequest) -> Iterator[Database]:
    """The demo search dated around DAY, on each engine in turn."""
    yield from _search("demo", engine, request)


@pytest.fixture
def empty_search(engine: str, request: pytest.FixtureRequest) -> Iterator[Database]:
    """An empty search whose settings were saved, on each engine in turn."""
    yield from _search("empty", engine, request)


@pytest.fixture
def new_search(engine: str, request: pytest.FixtureRequest) -> Iterator[Database]:
    """A freshly created search, nothing saved in it (the first run's setup opens), on each engine in turn."""
    yield from _search("new", engine, request)


@pytest.fixture
def pg_demo_search(request: pytest.FixtureRequest) -> Iterator[Database]:
    """The demo search on the server alone (skipped, saying why, without one): for the server's own failures."""
    yield from _search("demo", POSTGRESQL, request)


@pytest.fixture
def make_app(tmp_path: Path) -> Iterator[Callable[..., NudgeApp]]:
    """Build a NudgeApp on a fixture's database; its repository is closed after the test."""
    opened: list[Repository] = []

    def make(place: Place, **kwargs: object) -> NudgeApp:
        repo = reopened(place)
        opened.append(repo)
        kwargs.setdefault("export_dir", tmp_path)
        return NudgeApp(repo, DAY, **kwargs)  # type: ignore[arg-type]

    yield make
    for repo in opened:
        with contextlib.suppress(Exception):  # a server database dropped first took its connection along
            repo.close()

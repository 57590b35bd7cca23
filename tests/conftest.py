"""Fixtures for the storage, backup, export and command-line tests: real SQLite files in tmp_path.

A test that takes `database` runs on every engine this run covers (tests/engines.py):
SQLite, and PostgreSQL when a server is at hand.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import engines
import pytest
from engines import database, own_server, own_url, pg_cluster, pg_url  # noqa: F401 (fixtures for every test module)
from support import DEMO_DAY, FIXTURES

from app.demo import demo_backup
from app.storage.repository import Repository

_DATA_HOME = tempfile.mkdtemp(prefix="nudge-test-data-")
os.environ["XDG_DATA_HOME"] = _DATA_HOME
"""The user data folder of every test and every command it starts: daily copies and backups of test databases
(a server database's land there, named by host and port) never reach the real user's folder."""
atexit.register(shutil.rmtree, _DATA_HOME, ignore_errors=True)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Which engines the `database` tests ran on, said once at the end (the header is hidden by -q)."""
    terminalreporter.write_line(engines.header())


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test taking `database` runs once per engine."""
    if "database" in metafunc.fixturenames:
        metafunc.parametrize("database", engines.engines(), indirect=True)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A database path that does not exist yet."""
    return tmp_path / "nudge.db"


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    """A database holding the demo search dated around 2026-11-25."""
    path = tmp_path / "demo.db"
    with Repository(path) as repo:
        repo.merge(demo_backup(DEMO_DAY))
    return path


@pytest.fixture
def example_text() -> str:
    """The backup example of docs/formats.md, as written there."""
    return (FIXTURES / "backup_example.json").read_text(encoding="utf-8")

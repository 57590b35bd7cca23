"""Fixtures for the dashboard tests: real SQLite files in tmp_path, the app at a fixed day."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine, Iterator
from datetime import date
from pathlib import Path

import pytest

from app.rules.values import Settings
from app.storage.repository import Repository
from app.tui.app import NudgeApp

DAY = date(2026, 11, 25)
"""Wed 25 Nov 2026, the day the demo data is dated around."""

SIZE = (140, 42)


def sync(test: Callable[..., Coroutine[object, object, None]]) -> Callable[..., None]:
    """Run an async test on a fresh event loop (no asyncio pytest plugin is installed)."""

    @functools.wraps(test)
    def run(*args: object, **kwargs: object) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


@pytest.fixture
def demo_path(demo_db: Path) -> Path:
    """The shared demo database (named demo.db: the name shows in the header)."""
    return demo_db


@pytest.fixture
def empty_path(tmp_path: Path) -> Path:
    """An empty database whose settings were saved (its first run's setup done): the dashboard opens on it."""
    path = tmp_path / "empty.db"
    with Repository(path) as repo:
        repo.save_settings(Settings())
    return path


@pytest.fixture
def new_path(tmp_path: Path) -> Path:
    """A freshly created database, nothing saved in it: the dashboard's first run opens the setup."""
    path = tmp_path / "new.db"
    Repository(path).close()
    return path


@pytest.fixture
def make_app(tmp_path: Path) -> Iterator[Callable[..., NudgeApp]]:
    """Build a NudgeApp on a database file; its repository is closed after the test."""
    opened: list[Repository] = []

    def make(path: Path, **kwargs: object) -> NudgeApp:
        repo = Repository(path)
        opened.append(repo)
        kwargs.setdefault("export_dir", tmp_path)
        return NudgeApp(repo, DAY, **kwargs)  # type: ignore[arg-type]

    yield make
    for repo in opened:
        repo.close()

"""Schema upgrades: a database of the first schema (tests/fixtures/schema_v1.sql) opens, upgraded, whole."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from support import FIXTURES, TABLES, export_text, mode

from app.errors import StorageError
from app.storage.migrations import CURRENT_VERSION, migrate
from app.storage.repository import Repository

V1_TABLES = tuple(t for t in TABLES if t != "template")


def _load_v1(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / "schema_v1.sql").read_text(encoding="utf-8"))
    conn.close()
    path.chmod(0o600)


def _rows(path: Path, tables: tuple[str, ...] = V1_TABLES) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as conn:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in tables}


def _schema(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    return conn.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name").fetchall()


def _version(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def test_the_fixture_is_the_first_schema_verbatim(tmp_path: Path) -> None:
    """If V1 in migrations.py were ever edited, this fixture (and every user's file) would disagree."""
    _load_v1(tmp_path / "fixture.db")
    fresh = sqlite3.connect(":memory:", isolation_level=None)
    migrate(fresh, None, target=1)
    with sqlite3.connect(tmp_path / "fixture.db") as fixture:
        assert _schema(fixture) == _schema(fresh)
    assert _version(tmp_path / "fixture.db") == 1


def test_opening_a_first_schema_database_upgrades_it_and_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "nudge.db"
    _load_v1(path)
    before = _rows(path)
    assert sum(map(len, before.values())) == 31

    with Repository(path) as repo:
        processes = {p.company: p for p in repo.processes()}
        settings = repo.settings()

    assert _version(path) == CURRENT_VERSION
    assert _rows(path) == before
    assert _rows(path, ("template",)) == {"template": []}
    with sqlite3.connect(path) as conn:
        indexes = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "process_by_status" in indexes

    # The rows read back as the same search.
    acme = processes["Acme Analytics"]
    assert [i.with_ for i in acme.interviews] == [("Rita Ray",), ("Omar Haddad", "Rita Ray")]
    assert [m.contact for m in acme.messages] == ["Rita Ray"] * 3
    assert acme.messages[1].signal == "positive"
    globex = processes["Globex"]
    assert (globex.country, globex.subdivision) == ("GB", "ENG")
    assert [m.contact for m in globex.messages] == ["Tom Whitaker", None]
    assert globex.messages[0].at.timed is False
    assert settings.your_name == "Sam Lee"
    assert [d.isoformat() for d in settings.days_off] == ["2026-12-24"]

    # A copy of the old file is kept beside it, private, still at schema 1, with the same rows.
    copy = tmp_path / "nudge.db.schema1.bak"
    assert copy.exists()
    assert mode(copy) == 0o600
    assert _version(copy) == 1
    assert _rows(copy) == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("nudge.db-")) == [
        "nudge.db",
        "nudge.db.schema1.bak",
    ]


def test_upgraded_schema_equals_a_new_databases(tmp_path: Path) -> None:
    _load_v1(tmp_path / "old.db")
    Repository(tmp_path / "old.db").close()
    Repository(tmp_path / "new.db").close()
    with sqlite3.connect(tmp_path / "old.db") as old, sqlite3.connect(tmp_path / "new.db") as new:
        assert _schema(old) == _schema(new)


def test_an_upgraded_database_exports_what_it_held(tmp_path: Path) -> None:
    path = tmp_path / "nudge.db"
    _load_v1(path)
    exported = export_text(path)
    assert '"company": "Vandelay Industries"' in exported
    assert '"with": [\n            "Omar Haddad",\n            "Rita Ray"\n          ]' in exported
    # Opening again is a no-op: no second upgrade, no new copy.
    copy = tmp_path / "nudge.db.schema1.bak"
    stamp = copy.stat().st_mtime_ns
    assert export_text(path) == exported
    assert copy.stat().st_mtime_ns == stamp


def test_an_empty_old_database_is_upgraded_without_a_copy(tmp_path: Path) -> None:
    path = tmp_path / "nudge.db"
    _load_v1(path)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM process")
    Repository(path).close()
    assert _version(path) == CURRENT_VERSION
    assert not (tmp_path / "nudge.db.schema1.bak").exists()


def test_a_step_that_fails_leaves_the_schema_as_it_was(tmp_path: Path) -> None:
    """V2 creates `template`; if it already exists the step fails, and must fail whole."""
    path = tmp_path / "nudge.db"
    _load_v1(path)
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE template (kind TEXT)")
    before = _rows(path)
    with pytest.raises(StorageError, match="table template already exists"):
        Repository(path)
    assert _version(path) == 1
    assert _rows(path) == before
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'process_by_status'").fetchone() == (0,)

"""Schema upgrades: databases of the first, second and fifth schemas (tests/fixtures/schema_v1.sql,
schema_v2.sql, schema_v5.sql) open, upgraded, whole."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from mail_support import FIXTURES as MAIL
from mail_support import SEEKER, make_maildir
from support import FIXTURES, TABLES, export_text, mode

from app.domain.records import Contact, Process
from app.errors import StorageError
from app.mail import memory
from app.mail.accepting import accept
from app.mail.running import read_source
from app.storage.migrations import CURRENT_VERSION, MIGRATIONS, migrate
from app.storage.repository import Repository

V1_TABLES = tuple(t for t in TABLES if t != "template")


def _load(path: Path, version: int) -> None:
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / f"schema_v{version}.sql").read_text(encoding="utf-8"))
    conn.close()
    path.chmod(0o600)


def _load_v1(path: Path) -> None:
    _load(path, 1)


def _columns(path: Path, tables: tuple[str, ...]) -> dict[str, list[str]]:
    """Each table's columns as the file has them now (before an upgrade adds any)."""
    with sqlite3.connect(path) as conn:
        return {t: [row[1] for row in conn.execute(f"PRAGMA table_info({t})")] for t in tables}


def _rows(
    path: Path, tables: tuple[str, ...] = V1_TABLES, columns: dict[str, list[str]] | None = None
) -> dict[str, list[tuple[object, ...]]]:
    """Every row of `tables`; only the given `columns` of each when given (the ones an older schema had)."""
    with sqlite3.connect(path) as conn:
        return {
            t: conn.execute(f"SELECT {', '.join(columns[t]) if columns else '*'} FROM {t} ORDER BY rowid").fetchall()
            for t in tables
        }


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
    columns = _columns(path, V1_TABLES)
    assert sum(map(len, before.values())) == 31

    with Repository(path) as repo:
        processes = {p.company: p for p in repo.processes()}
        settings = repo.settings()

    assert _version(path) == CURRENT_VERSION
    assert _rows(path, V1_TABLES, columns) == before
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


# The second schema -> the third: the days that move the advice ----------------------


def test_the_second_fixture_is_the_second_schema_verbatim(tmp_path: Path) -> None:
    """If V1 or V2 in migrations.py were ever edited, this fixture (and every user's file) would disagree."""
    _load(tmp_path / "fixture.db", 2)
    fresh = sqlite3.connect(":memory:", isolation_level=None)
    migrate(fresh, None, target=2)
    with sqlite3.connect(tmp_path / "fixture.db") as fixture:
        assert _schema(fixture) == _schema(fresh)
    assert _version(tmp_path / "fixture.db") == 2


def test_a_second_schema_database_upgrades_with_every_row_kept_and_the_new_days_empty(tmp_path: Path) -> None:
    path = tmp_path / "nudge.db"
    _load(path, 2)
    before = _rows(path, TABLES)
    columns = _columns(path, TABLES)
    assert sum(map(len, before.values())) == 38

    with Repository(path) as repo:
        processes = {p.company: p for p in repo.processes()}
        open_ones = [p.company for p in repo.processes(open_only=True)]
        settings, templates = repo.settings(), repo.templates()

    assert _version(path) == CURRENT_VERSION == len(MIGRATIONS)
    assert _rows(path, TABLES, columns) == before
    with sqlite3.connect(path) as conn:
        added = {
            (t, name): conn.execute(f"SELECT count(*) FROM {t} WHERE {name} IS NOT NULL").fetchone()[0]
            for t, name in (
                ("process", "deadline"),
                ("process", "wait_until"),
                ("interview", "expect_by"),
                ("message", "expect_by"),
            )
        }
    assert added == dict.fromkeys(added, 0)

    # The offer the second schema's Nudge hid as closed is open now; nothing else changed meaning.
    assert open_ones == ["Acme Analytics", "Globex", "Soylent"]
    soylent = processes["Soylent"]
    assert (soylent.status, soylent.deadline, soylent.wait_until) == ("offer", None, None)
    assert soylent.messages[0].expect_by is None and soylent.interviews[0].expect_by is None
    assert settings.timing.screen_wait == 4
    assert templates["thank_you"].startswith("Hi {first_name}, thank you for the {interview} today.")

    copy = tmp_path / "nudge.db.schema2.bak"
    assert mode(copy) == 0o600
    assert _version(copy) == 2
    assert _rows(copy, TABLES) == before


def test_an_upgraded_second_schema_database_exports_as_before_and_takes_the_new_days(tmp_path: Path) -> None:
    """No new field shows until it is set; then it is stored, read and exported."""
    path = tmp_path / "nudge.db"
    _load(path, 2)
    exported = export_text(path)
    assert all(f'"{name}":' not in exported for name in ("deadline", "wait_until", "expect_by"))
    with Repository(path) as repo:
        soylent = next(p for p in repo.processes() if p.company == "Soylent")
        repo.update_process(soylent.id, deadline=date(2026, 11, 27))
        again = repo.process(soylent.id)
    assert again is not None and again.deadline == date(2026, 11, 27)
    assert '"deadline": "2026-11-27"' in export_text(path)


# The fifth schema (released) -> the sixth: the invitation an interview came from ----------------------

V5_TABLES = (*TABLES, "judged", "judged_context", "mail_folder", "mail_seen")


def test_the_fifth_fixture_is_the_released_fifth_schema_verbatim(tmp_path: Path) -> None:
    """Made by the released code (461a41d); if V1..V5 were ever edited, it (and every user's file) would disagree."""
    _load(tmp_path / "fixture.db", 5)
    fresh = sqlite3.connect(":memory:", isolation_level=None)
    migrate(fresh, None, target=5)
    with sqlite3.connect(tmp_path / "fixture.db") as fixture:
        assert _schema(fixture) == _schema(fresh)
    assert _version(tmp_path / "fixture.db") == 5


def test_a_fifth_schema_database_upgrades_keeping_every_row_and_the_mail_memory(tmp_path: Path) -> None:
    path = tmp_path / "nudge.db"
    _load(path, 5)
    before = _rows(path, V5_TABLES)
    assert sum(map(len, before.values())) == 86  # every row of the fixture, in all eleven tables

    with Repository(path) as repo:
        assert memory.invitations(repo.conn) == {}
        assert memory.folder_state(repo.conn, "me@imap.example", "INBOX") == (1700000000, 41)
        # A mail decided under schema 5 stays decided.
        scan = read_source(repo, make_maildir(tmp_path / "Mail", [MAIL / "09-invite-google.eml"]), SEEKER).scan
        assert (scan.already, scan.proposals) == (1, [])

    assert _version(path) == CURRENT_VERSION == 6
    assert _rows(path, V5_TABLES) == before
    copy = tmp_path / "nudge.db.schema5.bak"
    assert mode(copy) == 0o600 and _version(copy) == 5
    assert _rows(copy, V5_TABLES) == before
    # The export is the released one's, byte for byte (made by 461a41d's `nudge export` of this file).
    assert export_text(path) == (FIXTURES / "schema_v5.export.json").read_text(encoding="utf-8")


def test_an_invitation_link_stays_local_the_export_is_as_if_typed_in(tmp_path: Path) -> None:
    """The link is the reader's memory, as the decided mails are: not in the export, whose format has no
    field for it. A search with an accepted invitation exports exactly as the same interview typed in."""
    globex = Process(
        company="Globex", role="Data Engineer", contacts=(Contact(name="Gina", email="gina@globex.example"),)
    )
    accepted, typed = tmp_path / "accepted.db", tmp_path / "typed.db"
    for path in (accepted, typed):
        _load(path, 5)
        with Repository(path) as repo:
            repo.add_process(globex)
    with Repository(accepted) as repo:
        invite = MAIL / "invitations" / "screen-invite.eml"
        (proposal,) = read_source(repo, make_maildir(tmp_path / "Mail", [invite]), SEEKER).scan.proposals
        accept(repo, proposal)
        assert [link.sequence for link in memory.invitations(repo.conn).values()] == [0]
        (interview,) = next(
            p for p in repo.processes() if p.role == "Data Engineer" and p.company == "Globex"
        ).interviews
    with Repository(typed) as repo:
        repo.add_interview(
            next(p for p in repo.processes() if p.role == "Data Engineer" and p.company == "Globex").id, interview
        )
    assert export_text(accepted) == export_text(typed)

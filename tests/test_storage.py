"""The storage layer on every engine (tests/engines.py), and what is particular to a SQLite file.

The tests taking `database` run once on a SQLite file and once on a PostgreSQL
database when a server is at hand: the Repository hands out the same plain
values, refuses the same things and writes nothing when it refuses
(`Database.state`), the stored schema is what the SQLModel tables declare, a
newer schema or another program's data is refused untouched, and four writer
processes at once never collide. The rest is about files and stays on SQLite
alone, each section saying why: private file modes and WAL side files,
`write_private_text`, and files that are not a Nudge database.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from contextlib import closing
from datetime import date, datetime
from pathlib import Path

import pytest
from engines import POSTGRESQL, SQLITE, Cluster, Database
from support import DEMO, DEMO_DAY, digest, mode, ok, run_nudge

from app.errors import BadInput, StorageError
from app.rules.values import Contact, Interview, Message, Moment, Process, Settings
from app.storage.files import write_private_text
from app.storage.migrations import CURRENT_VERSION
from app.storage.records import ContactRef, ProcessRef
from app.storage.repository import Repository

DAY = DEMO_DAY.isoformat()


def _acme(repo: Repository) -> int:
    return repo.add_process(
        Process(
            company="Acme",
            role="Data Engineer",
            contacts=(
                Contact(name="Rita Ray", role="recruiter", email="rita@acme.example", direct_ok=True),
                Contact(name="Omar Haddad", role="hiring_manager"),
            ),
        )
    )


def _outside(database: Database, statement: str) -> None:
    """One statement run on the database by another program, not through Nudge."""
    if database.engine == SQLITE:
        with closing(sqlite3.connect(database.path)) as conn:
            conn.execute(statement)
            conn.commit()
    else:
        database.sql(statement)


# Private files -----------------------------------------------------------------------------
# SQLite only: file modes, the WAL side files and a folder made for the database exist on a
# file, not on a server. The three `write_private_text` tests are about the files Nudge writes
# (agendas, exports, backups), whatever the engine.


def test_new_database_and_its_wal_files_are_private(tmp_path: Path) -> None:
    path = tmp_path / "data" / "nudge.db"
    old_umask = os.umask(0o022)  # the usual umask, which alone would give 0644
    try:
        with Repository(path) as repo:
            repo.add_message(
                _acme(repo),
                Message(at=Moment.parse("2026-11-30"), direction="out", contact="Rita Ray", purpose="follow_up"),
            )
            wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
            assert wal.exists()
            assert shm.exists()
            assert (mode(path), mode(wal), mode(shm)) == (0o600, 0o600, 0o600)
    finally:
        os.umask(old_umask)
    assert mode(path.parent) == 0o700


def test_an_empty_file_made_beforehand_becomes_private(tmp_path: Path) -> None:
    path = tmp_path / "touched.db"
    path.touch(mode=0o644)
    path.chmod(0o644)
    with Repository(path) as repo:
        assert repo.count() == 0
    assert mode(path) == 0o600


def test_written_files_are_private_and_replace_atomically(tmp_path: Path) -> None:
    target = tmp_path / "out" / "agenda.md"
    target.parent.mkdir()
    target.write_text("old")
    target.chmod(0o644)
    write_private_text(target, "new\r\nlines\n")
    assert target.read_bytes() == b"new\r\nlines\n"
    assert mode(target) == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == ["agenda.md"]  # no temporary left behind


def test_writing_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_private_text(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"


def test_a_pipe_is_written_in_place_not_replaced(tmp_path: Path) -> None:
    """`-o /dev/null` once turned the device into a plain file; pipes and devices stay what they are."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    write_private_text(fifo, "through the pipe")
    out, _ = reader.communicate(timeout=10)
    assert out == b"through the pipe"
    assert fifo.exists() and not fifo.is_file()


# Files that are not a Nudge database --------------------------------------------------------
# SQLite only: a text file, a folder, a damaged file, journal modes. The same refusals on both
# engines (a newer schema, another program's tables) are in the next section.


def test_a_text_file_is_refused_and_left_byte_identical(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Call Rita on Monday.\n")
    before = digest(path)
    with pytest.raises(BadInput, match=r"is not a Nudge database \(not a SQLite file\); it was left untouched"):
        Repository(path)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="is a folder, not a database file"):
        Repository(tmp_path)


def test_a_damaged_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "damaged.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    before = digest(path)
    with pytest.raises(StorageError, match="The file was left untouched"):
        Repository(path)
    assert digest(path) == before


def _newer_database(path: Path, *, wal: bool) -> None:
    conn = sqlite3.connect(path)
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE process (id INTEGER PRIMARY KEY, company TEXT)")
    conn.execute("INSERT INTO process VALUES (1, 'Acme')")
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("wal", [False, True], ids=["rollback-journal", "wal"])
def test_a_newer_sqlite_file_in_either_journal_mode_is_refused_leaving_no_side_file(tmp_path: Path, wal: bool) -> None:
    path = tmp_path / "newer.db"
    _newer_database(path, wal=wal)
    before = digest(path)
    with pytest.raises(StorageError) as caught:
        Repository(path)
    assert caught.value.exit_code == 1
    assert f"newer Nudge (schema 99, this one knows {CURRENT_VERSION})" in str(caught.value)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["newer.db"]


# Refused untouched, on every engine ----------------------------------------------------------


def test_a_newer_schema_is_refused_without_writing(database: Database) -> None:
    with Repository(database.location) as repo:
        _acme(repo)
    if database.engine == SQLITE:
        _outside(database, "PRAGMA user_version = 99")
    else:
        _outside(database, "UPDATE nudge_schema SET version = 99")
    before = database.state()
    with pytest.raises(StorageError) as caught:
        Repository(database.location)
    assert caught.value.exit_code == 1
    assert f"newer Nudge (schema 99, this one knows {CURRENT_VERSION})" in str(caught.value)
    assert database.state() == before


REFUSED_AS = {SQLITE: "is a SQLite database, but not a Nudge one", "postgresql": "holds other tables, not a Nudge"}


def test_another_programs_database_is_refused_without_writing(database: Database) -> None:
    _outside(database, "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    _outside(database, "INSERT INTO moz_places VALUES (1, 'https://acme.example')")
    before = database.state()
    with pytest.raises(StorageError, match=REFUSED_AS[database.engine]):
        Repository(database.location)
    assert database.state() == before


# The schema the SQLModel tables describe ------------------------------------------------------


def test_sqlmodel_tables_match_the_stored_schema(database: Database) -> None:
    """Same tables, columns in the same order (positional INSERTs and SELECT * agree), NOT NULL, keys, links.

    Read back through SQLAlchemy's inspector, which asks each engine its own way
    (PRAGMAs on SQLite, the catalogue on the server).
    """
    from sqlalchemy import create_engine, inspect

    from app.storage.tables import ALL_TABLES

    Repository(database.location).close()
    if database.engine == SQLITE:
        engine = create_engine(f"sqlite:///{database.path}")
        bookkeeping: set[str] = set()  # the version is SQLite's user_version, the change counter its data_version
    else:
        from app.storage.pg_schema import BOOKKEEPING

        engine = create_engine(database.text.replace("postgresql://", "postgresql+psycopg://", 1))  # PGPASSWORD is set
        bookkeeping = set(BOOKKEEPING)
    try:
        seen = inspect(engine)
        assert set(seen.get_table_names()) == {t.__tablename__ for t in ALL_TABLES} | bookkeeping
        for model in ALL_TABLES:
            table = model.__table__  # type: ignore[attr-defined]
            columns = {c["name"]: c for c in seen.get_columns(table.name)}
            assert [c.name for c in table.columns] == list(columns), table.name
            primary = [c.name for c in table.columns if c.primary_key]
            assert seen.get_pk_constraint(table.name)["constrained_columns"] == primary, table.name
            for column in table.columns:
                if not column.primary_key:
                    assert columns[column.name]["nullable"] == column.nullable, f"{table.name}.{column.name} NOT NULL"
            model_links = {(fk.parent.name, fk.column.table.name, fk.column.name) for fk in table.foreign_keys}
            stored_links = {
                (local, fk["referred_table"], remote)
                for fk in seen.get_foreign_keys(table.name)
                for local, remote in zip(fk["constrained_columns"], fk["referred_columns"], strict=True)
            }
            assert model_links == stored_links, table.name
    finally:
        engine.dispose()


# The repository ----------------------------------------------------------------------------


def test_repository_hands_out_plain_values_in_order(database: Database) -> None:
    with Repository(database.location) as repo:
        pid = _acme(repo)
        repo.add_interview(
            pid, Interview(kind="technical", at=Moment.parse("2026-12-02T14:00"), with_=("Omar Haddad", "Rita Ray"))
        )
        repo.add_interview(
            pid, Interview(kind="recruiter_screen", at=Moment.parse("2026-11-30T10:00"), with_=("Rita Ray",))
        )
        repo.add_message(
            pid,
            Message(
                at=Moment.parse("2026-12-01"), direction="in", contact="Rita Ray", purpose="reply", signal="positive"
            ),
        )
        repo.add_process(Process(company="Globex", role="SRE", status="rejected"))
        process = repo.process(pid)
        assert [p.company for p in repo.processes(open_only=True)] == ["Acme"]
        assert [p.company for p in repo.processes()] == ["Acme", "Globex"]
        assert [p.company for p in repo.processes(closed_only=True)] == ["Globex"]
        assert repo.count() == 2
        assert repo.process(999) is None
    assert process is not None and process.id == pid
    assert [i.kind for i in process.interviews] == ["recruiter_screen", "technical"]
    assert process.interviews[1].with_ == ("Omar Haddad", "Rita Ray")
    assert process.messages[0].contact == "Rita Ray"
    assert process.messages[0].at == Moment(datetime(2026, 12, 1), timed=False)
    assert isinstance(process.contacts, tuple)
    assert process.contacts[0].direct_ok is True and process.contacts[1].direct_ok is False


def test_logging_refuses_what_cannot_be_right_and_writes_nothing(database: Database) -> None:
    with Repository(database.location) as repo:
        pid = _acme(repo)
        screen = Interview(kind="recruiter_screen", at=Moment.parse("2026-11-30T10:00"))
        repo.add_interview(pid, screen)
        before = database.state()
        with pytest.raises(BadInput, match="already has a recruiter screen at 2026-11-30T10:00"):
            repo.add_interview(pid, screen)
        with pytest.raises(BadInput, match="no contact named 'Nobody'"):
            repo.add_message(pid, Message(at=Moment.parse("2026-12-01"), direction="out", contact="Nobody"))
        with pytest.raises(BadInput, match="already tracked"):
            _acme(repo)
        with pytest.raises(BadInput, match="already a contact"):
            repo.add_contact(pid, Contact(name="Rita Ray"))
        assert database.state() == before
    assert database.counts() == {
        "process": 1,
        "contact": 2,
        "interview": 1,
        "interview_contact": 0,
        "message": 0,
        "setting": 0,
        "template": 0,
    }


def test_update_process_checks_like_an_import_and_a_refusal_writes_nothing(database: Database) -> None:
    with Repository(database.location) as repo:
        pid = _acme(repo)
        repo.add_process(Process(company="Globex", role="SRE"))
        repo.update_process(pid, status="ghosted", country="gb", subdivision="sct", notes="Quiet.")
        before = database.state()
        with pytest.raises(BadInput, match="status must be one of active"):
            repo.update_process(pid, status="closed")
        with pytest.raises(BadInput, match="unknown country code 'XX'"):
            repo.update_process(pid, country="XX")
        with pytest.raises(BadInput, match="Globex - SRE is already tracked"):
            repo.update_process(pid, company="Globex", role="SRE")
        with pytest.raises(TypeError, match="unknown fields: colour"):
            repo.update_process(pid, colour="red")
        assert database.state() == before
        process = repo.process(pid)
    assert process is not None
    assert (process.company, process.status, process.country, process.subdivision, process.notes) == (
        "Acme",
        "ghosted",
        "GB",
        "SCT",
        "Quiet.",
    )


def test_deletes_cascade_to_children(database: Database) -> None:
    with Repository(database.location) as repo:
        pid = _acme(repo)
        repo.add_interview(pid, Interview(kind="technical", at=Moment.parse("2026-12-02"), with_=("Rita Ray",)))
        repo.add_message(
            pid, Message(at=Moment.parse("2026-12-01"), direction="out", contact="Rita Ray", purpose="follow_up")
        )
        found = repo.process(pid)
        assert found is not None
        acme = ProcessRef(pid, "Acme", "Data Engineer")
        assert repo.remove(ContactRef(acme, found.contacts[0].id, "Rita Ray"))
        process = repo.process(pid)
        assert process is not None
        assert process.messages[0].contact is None  # the message stays, without its person
        assert process.interviews[0].with_ == ()
        assert repo.remove(acme)
    assert set(database.counts().values()) == {0}


def test_settings_and_templates_round_trip(database: Database) -> None:
    settings = Settings(
        country="GB",
        subdivision="SCT",
        workdays=("mon", "tue", "wed", "thu"),
        days_off=(date(2026, 12, 24),),
        your_name="Sam Lee",
    )
    with Repository(database.location) as repo:
        assert repo.settings() == Settings() and not repo.settings_saved()
        repo.save_settings(settings)
        repo.save_templates({"move_on": "Bye {first_name}."})
        with pytest.raises(BadInput, match="unknown placeholder"):
            repo.save_templates({"move_on": "Bye {name}."})
    with Repository(database.location) as repo:
        assert repo.settings() == settings and repo.settings_saved()
        assert repo.templates()["move_on"] == "Bye {first_name}."
        assert repo.snapshot().templates == {"move_on": "Bye {first_name}."}


def test_reading_changes_nothing(database: Database, tmp_path: Path) -> None:
    ok(run_nudge("demo", "--db", str(database), "--date", DAY, home=tmp_path))
    ok(run_nudge("agenda", "--db", str(database), "--date", DAY, home=tmp_path))  # stores what it judged
    before = database.state()
    with Repository(database.location) as repo:
        assert repo.count() == DEMO["process"]
        repo.processes()
        repo.snapshot()
    ok(run_nudge("export", "--db", str(database), home=tmp_path))
    ok(run_nudge("stats", "--db", str(database), "--date", DAY, home=tmp_path))
    assert database.state() == before


def test_the_demo_is_dated_around_the_given_day(database: Database) -> None:
    from app.demo import demo_backup

    with Repository(database.location) as repo:
        repo.merge(demo_backup(DEMO_DAY))
    with Repository(database.location) as repo:
        processes = repo.processes()
    days = [i.at.day for p in processes for i in p.interviews] + [m.at.day for p in processes for m in p.messages]
    assert min(days) >= date(2026, 10, 1)
    assert max(days) <= date(2026, 12, 31)
    assert any(d == DEMO_DAY for d in days)
    assert len({p.status for p in processes}) >= 3
    assert database.counts()["process"] == DEMO["process"]


# Several processes at once -------------------------------------------------------------------

_WRITER = textwrap.dedent(
    """
    import sys, time
    from datetime import datetime
    from app.rules.values import Message, Moment, Process
    from app.storage.location import parse_location
    from app.storage.repository import Repository

    where, tag, start = parse_location(sys.argv[1]), sys.argv[2], float(sys.argv[3])
    while time.time() < start:  # all begin together, after their imports
        time.sleep(0.001)
    with Repository(where) as repo:
        pid = repo.add_process(Process(company="Acme", role="Role " + tag))
        for i in range(50):
            repo.add_message(pid, Message(at=Moment(datetime(2026, 11, 2, 9, i)), direction="out", text=f"{tag}{i}"))
            repo.processes()
    """
)


WRITERS = ("A", "B", "C", "D")
"""Four writers on two cores: each add and read contends for the lock with three others."""


@pytest.mark.parametrize("fresh", [True, False], ids=["new-database", "existing-database"])
def test_four_processes_writing_at_once_never_collide(database: Database, tmp_path: Path, fresh: bool) -> None:
    """No 'database is locked' on SQLite, no serialization error on the server; a new database is made once.

    The writers inherit PGPASSWORD from the test's environment, as a user's shell would give it.
    """
    if not fresh:
        Repository(database.location).close()
    script = tmp_path / "writer.py"
    script.write_text(_WRITER)
    start = time.time() + 2.5
    runs = [
        subprocess.Popen(
            [sys.executable, str(script), str(database), tag, str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for tag in WRITERS
    ]
    results = [(run.wait(timeout=60), run.stderr.read().decode()) for run in runs]  # type: ignore[union-attr]
    for code, err in results:
        assert "locked" not in err and "serializ" not in err, err
        assert code == 0, err
    counts = database.counts()
    assert counts["message"] == 50 * len(WRITERS)
    assert counts["process"] == len(WRITERS)


def test_a_schema_creation_failing_halfway_leaves_the_server_database_as_it_was(
    pg_cluster: Cluster, pg_url: str
) -> None:
    """Making the schema is one transaction under the write lock, as every migration is: all of it or nothing.

    Server only (a SQLite file is made whole by one transaction of its own). The
    failure is forced: an empty `nudge_schema` table made beforehand is taken for
    a database with no search yet, and the last CREATE fails on it.
    """
    database = Database(POSTGRESQL, pg_url, pg_cluster)
    database.sql("CREATE TABLE nudge_schema (version INTEGER NOT NULL)")
    before = database.state()
    with pytest.raises(StorageError):
        Repository(database.location)
    assert database.state() == before

"""The SQLite file: private modes, refusing what is not ours, plain values out, concurrent writers."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import date, datetime
from pathlib import Path

import pytest
from support import DEMO, DEMO_DAY, digest, mode, row_counts

from app.errors import BadInput, StorageError
from app.rules.values import Contact, Interview, Message, Moment, Process, Settings
from app.storage.files import write_private_text
from app.storage.migrations import CURRENT_VERSION
from app.storage.records import ContactRef, ProcessRef
from app.storage.repository import Repository


def _acme(repo: Repository) -> int:
    return repo.add_process(
        Process(
            company="Acme",
            role="Data Engineer",
            contacts=(
                Contact(name="Rita Ray", role="recruiter", email="rita@acme.example"),
                Contact(name="Omar Haddad", role="hiring_manager"),
            ),
        )
    )


# Private files -------------------------------------------------------------------


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


# Files that are not ours ----------------------------------------------------------


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
def test_a_newer_schema_is_refused_without_writing(tmp_path: Path, wal: bool) -> None:
    path = tmp_path / "newer.db"
    _newer_database(path, wal=wal)
    before = digest(path)
    with pytest.raises(StorageError) as caught:
        Repository(path)
    assert caught.value.exit_code == 1
    assert f"newer Nudge (schema 99, this one knows {CURRENT_VERSION})" in str(caught.value)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["newer.db"]


def test_another_programs_database_is_refused_without_writing(tmp_path: Path) -> None:
    path = tmp_path / "firefox.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    before = digest(path)
    with pytest.raises(StorageError, match="is a SQLite database, but not a Nudge one"):
        Repository(path)
    assert digest(path) == before


# The schema the SQLModel tables describe ---------------------------------------------


def _columns(conn: sqlite3.Connection, table: str) -> dict[str, tuple[bool, int]]:
    rows = conn.execute(f"PRAGMA table_info({table})").fetchall()
    return {name: (bool(notnull), pk) for _, name, _, notnull, _, pk in rows}


def test_sqlmodel_tables_match_the_migrated_schema(db_path: Path) -> None:
    from app.storage.tables import ALL_TABLES

    Repository(db_path).close()
    with sqlite3.connect(db_path) as conn:
        stored = {
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
        assert {t.__tablename__ for t in ALL_TABLES} == stored
        for model in ALL_TABLES:
            table = model.__table__  # type: ignore[attr-defined]
            columns = _columns(conn, table.name)
            # Same columns, in the same order (positional INSERTs and SELECT * agree).
            assert [c.name for c in table.columns] == list(columns), table.name
            primary = [c.name for c in table.columns if c.primary_key]
            assert [name for name, (_, pk) in sorted(columns.items(), key=lambda kv: kv[1][1]) if pk] == primary
            for column in table.columns:
                if not column.primary_key:
                    assert columns[column.name][0] == (not column.nullable), f"{table.name}.{column.name} NOT NULL"
            model_links = {(fk.parent.name, fk.column.table.name, fk.column.name) for fk in table.foreign_keys}
            stored_links = {
                (row[3], row[2], row[4]) for row in conn.execute(f"PRAGMA foreign_key_list({table.name})").fetchall()
            }
            assert model_links == stored_links, table.name


# The repository -------------------------------------------------------------------


def test_repository_hands_out_plain_values_in_order(db_path: Path) -> None:
    with Repository(db_path) as repo:
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
        assert repo.process(999) is None
    assert process is not None
    assert process.id == pid
    assert [i.kind for i in process.interviews] == ["recruiter_screen", "technical"]
    assert process.interviews[1].with_ == ("Omar Haddad", "Rita Ray")
    assert process.messages[0].contact == "Rita Ray"
    assert process.messages[0].at == Moment(datetime(2026, 12, 1), timed=False)
    assert isinstance(process.contacts, tuple)


def test_logging_refuses_what_cannot_be_right(db_path: Path) -> None:
    with Repository(db_path) as repo:
        pid = _acme(repo)
        screen = Interview(kind="recruiter_screen", at=Moment.parse("2026-11-30T10:00"))
        repo.add_interview(pid, screen)
        with pytest.raises(BadInput, match="already has a recruiter screen at 2026-11-30T10:00"):
            repo.add_interview(pid, screen)
        with pytest.raises(BadInput, match="no contact named 'Nobody'"):
            repo.add_message(pid, Message(at=Moment.parse("2026-12-01"), direction="out", contact="Nobody"))
        with pytest.raises(BadInput, match="already tracked"):
            _acme(repo)
        with pytest.raises(BadInput, match="already a contact"):
            repo.add_contact(pid, Contact(name="Rita Ray"))
    assert row_counts(db_path) == {
        "process": 1,
        "contact": 2,
        "interview": 1,
        "interview_contact": 0,
        "message": 0,
        "setting": 0,
        "template": 0,
    }


def test_deletes_cascade_to_children(db_path: Path) -> None:
    with Repository(db_path) as repo:
        pid = _acme(repo)
        repo.add_interview(pid, Interview(kind="technical", at=Moment.parse("2026-12-02"), with_=("Rita Ray",)))
        repo.add_message(
            pid, Message(at=Moment.parse("2026-12-01"), direction="out", contact="Rita Ray", purpose="follow_up")
        )
        rita = repo.process(pid).contacts[0].id  # type: ignore[union-attr]
        acme = ProcessRef(pid, "Acme", "Data Engineer")
        assert repo.remove(ContactRef(acme, rita, "Rita Ray"))
        process = repo.process(pid)
        assert process is not None
        assert process.messages[0].contact is None  # the message stays, without its person
        assert process.interviews[0].with_ == ()
        assert repo.remove(acme)
    assert row_counts(db_path) == dict.fromkeys(row_counts(db_path), 0)


def test_settings_and_templates_round_trip(db_path: Path) -> None:
    settings = Settings(
        country="GB",
        subdivision="SCT",
        workdays=("mon", "tue", "wed", "thu"),
        days_off=(date(2026, 12, 24),),
        your_name="Sam Lee",
    )
    with Repository(db_path) as repo:
        assert repo.settings() == Settings()
        repo.save_settings(settings)
        repo.save_templates({"move_on": "Bye {first_name}."})
        with pytest.raises(BadInput, match="unknown placeholder"):
            repo.save_templates({"move_on": "Bye {name}."})
    with Repository(db_path) as repo:
        assert repo.settings() == settings
        assert repo.templates()["move_on"] == "Bye {first_name}."
        assert repo.snapshot().templates == {"move_on": "Bye {first_name}."}


def test_reading_does_not_change_the_file(demo_db: Path) -> None:
    before = digest(demo_db)
    with Repository(demo_db) as repo:
        assert repo.count() == DEMO["process"]
        repo.processes()
    assert digest(demo_db) == before


# Two processes at once ---------------------------------------------------------------

_WRITER = textwrap.dedent(
    """
    import sys, time
    from datetime import datetime
    from pathlib import Path
    from app.rules.values import Message, Moment, Process
    from app.storage.repository import Repository

    path, tag, start = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])
    while time.time() < start:  # all begin together, after their imports
        time.sleep(0.001)
    with Repository(path) as repo:
        pid = repo.add_process(Process(company="Acme", role="Role " + tag))
        for i in range(50):
            repo.add_message(pid, Message(at=Moment(datetime(2026, 11, 2, 9, i)), direction="out", text=f"{tag}{i}"))
            repo.processes()
    """
)


WRITERS = ("A", "B", "C", "D")
"""Four writers on two cores: each add and read contends for the lock with three others."""


@pytest.mark.parametrize("fresh", [True, False], ids=["new-file", "existing-file"])
def test_four_processes_writing_at_once_never_see_database_is_locked(tmp_path: Path, fresh: bool) -> None:
    path = tmp_path / "shared.db"
    if not fresh:
        Repository(path).close()
    script = tmp_path / "writer.py"
    script.write_text(_WRITER)
    start = time.time() + 2.5
    runs = [
        subprocess.Popen(
            [sys.executable, str(script), str(path), tag, str(start)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for tag in WRITERS
    ]
    results = [(run.wait(timeout=60), run.stderr.read().decode()) for run in runs]  # type: ignore[union-attr]
    for code, err in results:
        assert "locked" not in err
        assert code == 0, err
    assert row_counts(path)["message"] == 50 * len(WRITERS)
    assert row_counts(path)["process"] == len(WRITERS)


def test_the_demo_is_dated_around_the_given_day(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    from app.demo import demo_backup

    with Repository(path) as repo:
        repo.merge(demo_backup(DEMO_DAY))
        processes = repo.processes()
    days = [i.at.day for p in processes for i in p.interviews] + [m.at.day for p in processes for m in p.messages]
    assert min(days) >= date(2026, 10, 1)
    assert max(days) <= date(2026, 12, 31)
    assert any(d == DEMO_DAY for d in days)
    assert len({p.status for p in processes}) >= 3


def test_update_process_checks_like_an_import(db_path: Path) -> None:
    with Repository(db_path) as repo:
        pid = _acme(repo)
        repo.add_process(Process(company="Globex", role="SRE"))
        repo.update_process(pid, status="ghosted", country="gb", subdivision="sct", notes="Quiet.")
        with pytest.raises(BadInput, match="status must be one of active"):
            repo.update_process(pid, status="closed")
        with pytest.raises(BadInput, match="unknown country code 'XX'"):
            repo.update_process(pid, country="XX")
        with pytest.raises(BadInput, match="Globex - SRE is already tracked"):
            repo.update_process(pid, company="Globex", role="SRE")
        with pytest.raises(TypeError, match="unknown fields: colour"):
            repo.update_process(pid, colour="red")
        process = repo.process(pid)
    assert process is not None
    assert (process.company, process.status, process.country, process.subdivision, process.notes) == (
        "Acme",
        "ghosted",
        "GB",
        "SCT",
        "Quiet.",
    )

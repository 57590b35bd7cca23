"""One connection per file, one write transaction, one place for each field list.

Reads and writes share the repository's one sqlite3 connection (SQLModel's
engine is bound to it), every write is one `BEGIN IMMEDIATE ... COMMIT` on it,
and a record's every field goes through the writer and the reader by name.
"""

from __future__ import annotations

import sqlite3
from dataclasses import fields
from datetime import date
from pathlib import Path

import pytest

from app.domain import Contact, Interview, Message, Moment, Process
from app.errors import BadInput
from app.storage.repository import Repository


def _traced(repo: Repository) -> list[str]:
    statements: list[str] = []
    repo.conn.set_trace_callback(statements.append)
    return statements


def _transactions(statements: list[str]) -> list[str]:
    return [s for s in statements if s.split()[0].upper() in ("BEGIN", "COMMIT", "ROLLBACK")]


def test_a_write_is_one_immediate_transaction_on_the_repositorys_own_connection(tmp_path: Path) -> None:
    with Repository(tmp_path / "n.db") as repo:
        repo.count()
        version = repo.conn.execute("PRAGMA data_version").fetchone()[0]
        statements = _traced(repo)
        pid = repo.add_process(Process(company="Acme", role="Data Engineer"))
        repo.add_contact(pid, Contact(name="Rita Ray"))
        assert _transactions(statements) == ["BEGIN IMMEDIATE", "COMMIT"] * 2
        assert any(s.startswith("INSERT INTO process") for s in statements)
        # Written through this very connection: SQLite counts no change from another one.
        assert repo.conn.execute("PRAGMA data_version").fetchone()[0] == version
        assert not repo.conn.in_transaction


def test_a_refused_write_is_rolled_back_whole_on_that_connection(tmp_path: Path) -> None:
    with Repository(tmp_path / "n.db") as repo:
        pid = repo.add_process(Process(company="Acme", role="Data Engineer"))
        statements = _traced(repo)
        interview = Interview(kind="technical", at=Moment.parse("2026-12-02T14:00"), with_=("Rita Ray",))
        with pytest.raises(BadInput, match="no contact named"):
            repo.add_interview(pid, interview)  # the interview row is inserted before the unknown name is found
        assert _transactions(statements) == ["BEGIN IMMEDIATE", "ROLLBACK"]
        assert not repo.conn.in_transaction
        found = repo.process(pid)
        assert found is not None and found.interviews == ()


def test_a_read_inside_a_write_sees_the_write_so_far(tmp_path: Path) -> None:
    """Reads and writes share the connection, so a reader called mid-write joins that transaction."""
    from app.storage import reader
    from app.storage.tables import ProcessRow
    from app.storage.writer import writing

    with Repository(tmp_path / "n.db") as repo:
        with writing(repo.engine) as session:
            session.add(ProcessRow(company="Acme", role="Data Engineer"))
            session.flush()
            assert [p.company for p in reader.load_processes(repo.conn)] == ["Acme"]
        assert repo.count() == 1


def test_every_field_of_every_record_is_written_and_read_back(tmp_path: Path) -> None:
    """No field list to forget a field in: a record with every field set comes back equal."""
    rita = Contact(name="Rita Ray", role="recruiter", email="rita@acme.example", phone="+1 555 0100", direct_ok=True)
    omar = Contact(name="Omar Haddad", role="hiring_manager")
    interview = Interview(
        kind="technical",
        at=Moment.parse("2026-12-02T14:00"),
        with_=("Omar Haddad", "Rita Ray"),
        notes="whiteboard",
        expect_by=date(2026, 12, 9),
    )
    message = Message(
        at=Moment.parse("2026-12-03"),
        direction="in",
        contact="Rita Ray",
        purpose="reply",
        channel="phone",
        signal="positive",
        text="We liked you",
        expect_by=date(2026, 12, 10),
    )
    process = Process(
        company="Acme",
        role="Data Engineer",
        status="offer",
        country="GB",
        subdivision="ENG",
        link="https://acme.example/jobs/1",
        notes="remote ok",
        contacts=(rita, omar),
        deadline=date(2026, 12, 11),
        wait_until=date(2026, 12, 5),
    )
    for record in (process, rita, interview, message):  # every field differs from its default (children aside)
        unset = [f.name for f in fields(record) if getattr(record, f.name) == f.default]
        assert set(unset) <= {"id", "interviews", "messages"}, unset

    with Repository(tmp_path / "n.db") as repo:
        pid = repo.add_process(process)
        iid = repo.add_interview(pid, interview)
        mid = repo.add_message(pid, message)
        found = repo.process(pid)
        assert found is not None
        by_name = {c.name: c.id for c in found.contacts}
        expected = Process(
            **{f.name: getattr(process, f.name) for f in fields(Process) if f.name not in ("id", "contacts")},
            id=pid,
            contacts=(
                Contact(**{**_values(rita), "id": by_name["Rita Ray"]}),
                Contact(**{**_values(omar), "id": by_name["Omar Haddad"]}),
            ),
        )
        expected = _with(expected, interviews=(Interview(**{**_values(interview), "id": iid}),))
        expected = _with(expected, messages=(Message(**{**_values(message), "id": mid}),))
        assert found == expected

        # And the same through the import path, into a second file.
        with Repository(tmp_path / "copy.db") as copy:
            copy.merge(repo.snapshot())
            again = copy.process(pid)
        assert again == found


def _values(record: object) -> dict[str, object]:
    return {f.name: getattr(record, f.name) for f in fields(record)}  # type: ignore[arg-type]


def _with(process: Process, **changes: object) -> Process:
    from dataclasses import replace

    return replace(process, **changes)  # type: ignore[arg-type]


def test_a_column_the_records_do_not_know_is_left_alone_by_the_reader(tmp_path: Path) -> None:
    """The reader asks the database for the columns named like a record's fields: anything else is not read."""
    path = tmp_path / "n.db"
    with Repository(path) as repo:
        repo.add_process(Process(company="Acme", role="Data Engineer"))
    with sqlite3.connect(path) as conn:
        conn.execute("ALTER TABLE process ADD COLUMN salary INTEGER")
    with Repository(path) as repo:
        assert [p.company for p in repo.processes()] == ["Acme"]

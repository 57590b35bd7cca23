"""A small search stored in a real SQLite file, and a way to read a file back whole, for the editing tests.

`stored` (a process read back by a new Repository) lives in support.py, shared with the other storage tests.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

from support import stored

from app.rules.values import Contact, Interview, Message, Moment, Process
from app.storage.records import ContactRef, InterviewRef, MessageRef, contact_ref, interview_ref, message_ref
from app.storage.repository import Repository

__all__ = ["ACME", "BETA", "RECORD_TABLES", "cref", "dump", "iref", "make_search", "mref", "records", "stored"]
"""`stored` comes from support.py, re-exported: the editing tests take everything they need from here."""

RECORD_TABLES = ("process", "contact", "interview", "interview_contact", "message")

ACME = Process(
    company="Acme",
    role="Data Engineer",
    status="active",
    country="US",
    subdivision="CA",
    link="https://acme.example/jobs/1",
    notes="met at the meetup",
    contacts=(
        Contact(name="Rita Ray", role="recruiter", email="rita@acme.example", phone="+1 555 0100"),
        Contact(name="Omar Haddad", role="hiring_manager"),
    ),
    interviews=(
        Interview(kind="recruiter_screen", at=Moment.parse("2026-11-20T10:00"), with_=("Rita Ray",), notes="went well"),
        Interview(
            kind="technical",
            at=Moment.parse("2026-12-08T14:00"),
            with_=("Rita Ray", "Omar Haddad"),
            notes="system design",
        ),
    ),
    messages=(
        Message(
            at=Moment.parse("2026-11-16"),
            direction="out",
            contact="Rita Ray",
            purpose="application",
            text="my cover letter",
        ),
        Message(
            at=Moment.parse("2026-11-23"),
            direction="in",
            contact="Rita Ray",
            purpose="reply",
            signal="positive",
            text="see you tuesday",
        ),
        Message(
            at=Moment.parse("2026-11-24"),
            direction="out",
            contact="Omar Haddad",
            purpose="thank_you",
            text="thanks, Omar",
        ),
    ),
    deadline=None,
    wait_until=date(2026, 12, 1),
)
BETA = Process(
    company="Beta",
    role="Analyst",
    contacts=(Contact(name="Bea Bloom", role="recruiter"),),
    messages=(Message(at=Moment.parse("2026-11-18"), direction="out", contact="Bea Bloom", purpose="application"),),
)


def make_search(path: Path) -> None:
    """Store Acme and Beta, as an import would."""
    from app.backup import Backup

    with Repository(path) as repo:
        repo.merge(Backup(None, (ACME, BETA)))


def dump(path: Path, tables: tuple[str, ...] | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (or of `tables`), ids included, read with plain sqlite3 from the file."""
    with closing(sqlite3.connect(path)) as conn:
        names = tables or tuple(
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        )
        return {name: sorted(conn.execute(f"SELECT * FROM {name}").fetchall(), key=repr) for name in names}


def records(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of the five record tables."""
    return dump(path, RECORD_TABLES)


def cref(p: Process, name: str) -> ContactRef:
    """The reference of the contact named `name`."""
    c = p.contact(name)
    assert c is not None
    return contact_ref(p, c)


def iref(p: Process, kind: str) -> InterviewRef:
    """The reference of the (first) interview of `kind`."""
    return interview_ref(p, next(i for i in p.interviews if i.kind == kind))


def mref(p: Process, purpose: str) -> MessageRef:
    """The reference of the (first) message for `purpose`."""
    return message_ref(p, next(m for m in p.messages if m.purpose == purpose))

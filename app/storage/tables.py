"""The database tables as SQLModel classes: the one definition of Nudge's schema.

Every column of every table is declared here once; the writer takes its field
lists from these classes and the reader its column lists (see `app.storage.columns`).
The migrations in `app.storage.migrations` are the history that brought
each released database to this schema, and a test (tests/test_storage_schema.py)
proves that a database upgraded from every released version is exactly what
these classes declare: column order, types (TEXT, not SQLModel's VARCHAR),
nullability, defaults in the schema itself, keys and indexes. A new column
is therefore one field here, one `ALTER TABLE` step there, and a field of the
same name on the record it fills (`app.rules.values`).

Times (`at`) are stored as ISO text in the seeker's local wall-clock time
(`2026-11-30T10:00`, or `2026-11-30` for a day without a time): the rules only
use the date, text sorts in time order, and a date-only entry stays date-only.
Days (`deadline`, `wait_until`, `expect_by`) are ISO dates, NULL when unset.

Imported only by code that writes (and by tests), so reading the agenda stays light.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Index, Text, UniqueConstraint, false
from sqlalchemy import text as sql
from sqlmodel import Field, SQLModel

_REQUIRED: Any = ...


def _text(default: str | None = _REQUIRED, **options: Any) -> Any:
    """A TEXT column; a text default is also the schema's DEFAULT, so rows written by plain SQL get it too.

    Required when no default is given, nullable when the default is None.
    """
    if isinstance(default, str):
        options.setdefault("sa_column_kwargs", {})["server_default"] = default
    return Field(default=default, sa_type=Text, **options)


def _text_key() -> Any:
    """A TEXT primary key, nullable as the released schemas made it (SQLite, unlike PostgreSQL, lets one be NULL).

    Integer keys stay SQLModel's own (NOT NULL): an INTEGER PRIMARY KEY is the
    rowid, never NULL however it is declared, and SQLAlchemy needs to know that
    to insert many rows at once.
    """
    return Field(primary_key=True, nullable=True, sa_type=Text)


class ProcessRow(SQLModel, table=True):
    """One company + role."""

    __tablename__ = "process"
    __table_args__ = (UniqueConstraint("company", "role"), Index("process_by_status", "status"))

    id: int | None = Field(default=None, primary_key=True)
    company: str = _text()
    role: str = _text()
    status: str = _text("active")
    country: str | None = _text(None)
    subdivision: str | None = _text(None)
    link: str | None = _text(None)
    notes: str = _text("")
    deadline: str | None = _text(None)
    """For an offer: the day the answer is due (ISO date)."""
    wait_until: str | None = _text(None)
    """The seeker chose to wait until this day (ISO date)."""


class ContactRow(SQLModel, table=True):
    """A person on the company's side of a process."""

    __tablename__ = "contact"
    __table_args__ = (UniqueConstraint("process_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    process_id: int = Field(foreign_key="process.id", ondelete="CASCADE")
    name: str = _text()
    role: str = _text("other")
    email: str | None = _text(None)
    phone: str | None = _text(None)
    direct_ok: bool = Field(default=False, sa_column_kwargs={"server_default": false()})


class InterviewRow(SQLModel, table=True):
    """An interview, past or scheduled."""

    __tablename__ = "interview"
    __table_args__ = (UniqueConstraint("process_id", "kind", "at"), Index("interview_by_process", "process_id", "at"))

    id: int | None = Field(default=None, primary_key=True)
    process_id: int = Field(foreign_key="process.id", ondelete="CASCADE")
    kind: str = _text()
    at: str = _text()
    notes: str = _text("")
    expect_by: str | None = _text(None)
    """The day they said they would answer by (ISO date)."""


class InterviewContactRow(SQLModel, table=True):
    """Who an interview was with, in the order given."""

    __tablename__ = "interview_contact"

    interview_id: int = Field(foreign_key="interview.id", primary_key=True, ondelete="CASCADE")
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, ondelete="CASCADE")
    position: int = Field(default=0, sa_column_kwargs={"server_default": sql("0")})


class MessageRow(SQLModel, table=True):
    """A message in or out."""

    __tablename__ = "message"
    __table_args__ = (Index("message_by_process", "process_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    process_id: int = Field(foreign_key="process.id", ondelete="CASCADE")
    at: str = _text()
    direction: str = _text()
    contact_id: int | None = Field(default=None, foreign_key="contact.id", ondelete="SET NULL")
    purpose: str = _text("other")
    channel: str = _text("email")
    signal: str | None = _text(None)
    text: str = _text("")
    expect_by: str | None = _text(None)
    """On an inbound message: the day they said they would answer by (ISO date)."""


class SettingRow(SQLModel, table=True):
    """One setting, its value as JSON."""

    __tablename__ = "setting"

    key: str = _text_key()
    value: str = _text()


class TemplateRow(SQLModel, table=True):
    """A message template the user replaced."""

    __tablename__ = "template"

    kind: str = _text_key()
    body: str = _text()


class JudgedRow(SQLModel, table=True):
    """One open process's stored actions and the days they hold for (see `app.storage.judged`)."""

    __tablename__ = "judged"

    process_id: int | None = Field(default=None, primary_key=True, foreign_key="process.id", ondelete="CASCADE")
    actions: str = _text()
    """The actions as JSON, without what is counted at each read (how late each one is)."""
    valid_from: str | None = _text(None)
    """The first day they hold (ISO date; NULL: since ever)."""
    valid_until: str | None = _text(None)
    """The first day they no longer hold (ISO date; NULL: never)."""


class JudgedContextRow(SQLModel, table=True):
    """What every stored action was judged under (one row, id 1): see `app.storage.judged`."""

    __tablename__ = "judged_context"

    id: int | None = Field(default=None, primary_key=True)
    fingerprint: str = _text()
    """Settings, templates, the `holidays` version and the rules' code, digested."""
    day: str = _text()
    """The day the rows were last judged for (ISO date)."""


class MailFolderRow(SQLModel, table=True):
    """How far one IMAP folder was read (see `app.mail.memory`): its UIDVALIDITY and the last UID seen."""

    __tablename__ = "mail_folder"

    account: str = Field(primary_key=True, sa_type=Text)
    """user@host of the account."""
    folder: str = Field(primary_key=True, sa_type=Text)
    uidvalidity: int
    last_uid: int


class MailSeenRow(SQLModel, table=True):
    """A mail already decided on (accepted or skipped): the SHA-256 of its Message-ID, never the ID itself."""

    __tablename__ = "mail_seen"

    digest: str = Field(primary_key=True, sa_type=Text)
    outcome: str = _text()


class MailInvitationRow(SQLModel, table=True):
    """The calendar invitation an interview came from: the SHA-256 of its iCalendar UID and the SEQUENCE applied.

    An update (same UID, higher SEQUENCE) or a cancellation then names exactly
    its interview. When the interview is deleted the row stays, pointing at
    nothing (`interview_id` NULL), so a later update of that meeting is known
    as one of an interview the seeker removed; undoing the delete links it again.
    """

    __tablename__ = "mail_invitation"
    __table_args__ = (UniqueConstraint("digest"), Index("mail_invitation_by_interview", "interview_id"))

    id: int | None = Field(default=None, primary_key=True)
    digest: str = _text()
    """SHA-256 of the invitation's UID (`app.mail.reading.digest`), never the UID itself."""
    interview_id: int | None = Field(default=None, foreign_key="interview.id", ondelete="SET NULL")
    sequence: int = Field(default=0, sa_column_kwargs={"server_default": sql("0")})
    """The highest SEQUENCE of the invitation accepted so far."""


ALL_TABLES = (
    ProcessRow,
    ContactRow,
    InterviewRow,
    InterviewContactRow,
    MessageRow,
    SettingRow,
    TemplateRow,
    JudgedRow,
    JudgedContextRow,
    MailFolderRow,
    MailSeenRow,
    MailInvitationRow,
)

"""The database tables as SQLModel classes: what writes go through.

They mirror the schema that `migrations` creates (a test compares the two), and
are imported only by code that writes, so reading the agenda stays light.
Times (`at`) are stored as ISO text in the seeker's local wall-clock time
(`2026-11-30T10:00`, or `2026-11-30` for a day without a time): the rules only
use the date, text sorts in time order, and a date-only entry stays date-only.
Days (`deadline`, `wait_until`, `expect_by`) are ISO dates, NULL when unset.
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class ProcessRow(SQLModel, table=True):
    """One company + role."""

    __tablename__ = "process"

    id: int | None = Field(default=None, primary_key=True)
    company: str
    role: str
    status: str = "active"
    country: str | None = None
    subdivision: str | None = None
    link: str | None = None
    notes: str = ""
    deadline: str | None = None
    """For an offer: the day the answer is due (ISO date)."""
    wait_until: str | None = None
    """The seeker chose to wait until this day (ISO date)."""


class ContactRow(SQLModel, table=True):
    """A person on the company's side of a process."""

    __tablename__ = "contact"

    id: int | None = Field(default=None, primary_key=True)
    process_id: int = Field(foreign_key="process.id", ondelete="CASCADE")
    name: str
    role: str = "other"
    email: str | None = None
    phone: str | None = None
    direct_ok: bool = False


class InterviewRow(SQLModel, table=True):
    """An interview, past or scheduled."""

    __tablename__ = "interview"

    id: int | None = Field(default=None, primary_key=True)
    process_id: int = Field(foreign_key="process.id", ondelete="CASCADE")
    kind: str
    at: str
    notes: str = ""
    expect_by: str | None = None
    """The day they said they would answer by (ISO date)."""


class InterviewContactRow(SQLModel, table=True):
    """Who an interview was with, in the order given."""

    __tablename__ = "interview_contact"

    interview_id: int = Field(foreign_key="interview.id", primary_key=True, ondelete="CASCADE")
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, ondelete="CASCADE")
    position: int = 0


class MessageRow(SQLModel, table=True):
    """A message in or out."""

    __tablename__ = "message"

    id: int | None = Field(default=None, primary_key=True)
    process_id: int = Field(foreign_key="process.id", ondelete="CASCADE")
    at: str
    direction: str
    contact_id: int | None = Field(default=None, foreign_key="contact.id", ondelete="SET NULL")
    purpose: str = "other"
    channel: str = "email"
    signal: str | None = None
    text: str = ""
    expect_by: str | None = None
    """On an inbound message: the day they said they would answer by (ISO date)."""


class SettingRow(SQLModel, table=True):
    """One setting, its value as JSON."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True)
    value: str


class TemplateRow(SQLModel, table=True):
    """A message template the user replaced."""

    __tablename__ = "template"

    kind: str = Field(primary_key=True)
    body: str


ALL_TABLES = (ProcessRow, ContactRow, InterviewRow, InterviewContactRow, MessageRow, SettingRow, TemplateRow)

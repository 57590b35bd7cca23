"""The records a job seeker logs: processes, and their contacts, interviews and messages.

Storage, the backup format, the spreadsheet import and the dashboard all hand
these around, so the rules never see an ORM row or a widget. They are frozen
(a change is a new value, which is what makes undo and the stored agenda
simple) and keyword-only (a record built with `Message(at, "out")` would
silently put a value in the wrong field the day a field is added).

Each vocabulary field is typed with its enum (app.domain.vocabulary), so mypy
refuses a misspelt word; at run time a record turns a plain stored string
into its member (and refuses a word that is not one), so `kind.label` always
works, whoever built the record. Whether the values make sense together (a
contact the interview names exists, a signal only on a reply) is checked once,
in app.domain.checks.

Times are the seeker's local wall-clock times (naive `datetime`): the rules
only ever use their calendar date, and a job seeker thinks of "Tuesday 14:00"
in the place where they live, not in UTC.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final, TypeVar

from app.domain.vocabulary import (
    ContactRole,
    Direction,
    InterviewKind,
    Purpose,
    Signal,
    Status,
    lookup,
)

E = TypeVar("E")

_ROLES: Final = lookup(ContactRole)
_KINDS: Final = lookup(InterviewKind)
_DIRECTIONS: Final = lookup(Direction)
_PURPOSES: Final = lookup(Purpose)
_SIGNALS: Final = lookup(Signal)
_STATUSES: Final = lookup(Status)


def _member(table: dict[str, E], value: object, field: str) -> E:
    """The member a stored string names; ValueError (not KeyError) for a word outside the set.

    Records built from members (the reader's lookups, the domain's own code) skip
    this: the check each `__post_init__` makes first is one class comparison.
    """
    try:
        return table[value]  # type: ignore[index]  # anything hashable may be looked up
    except (KeyError, TypeError):
        raise ValueError(f"{field} must be one of {', '.join(table)}; got {value!r}") from None


def _set(record: object, name: str, value: object) -> None:
    object.__setattr__(record, name, value)


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?")


@dataclass(frozen=True, slots=True)
class Moment:
    """A local wall-clock date, with or without a time of day.

    Whether a time was given is kept, so a date-only entry round-trips as a
    date and the dashboard does not invent a "00:00".
    """

    value: datetime
    timed: bool = True

    @property
    def day(self) -> date:
        """The calendar date: the only part the rules look at."""
        return self.value.date()

    def iso(self) -> str:
        """The canonical text form, as stored and exported."""
        if not self.timed:
            return self.value.date().isoformat()
        spec = "minutes" if self.value.second == 0 and self.value.microsecond == 0 else "seconds"
        return self.value.isoformat(timespec=spec)

    @classmethod
    def of(cls, value: date | datetime) -> Moment:
        """Wrap a date (untimed) or a naive datetime (timed)."""
        if isinstance(value, datetime):
            return cls(value.replace(tzinfo=None), True)
        return cls(datetime(value.year, value.month, value.day), False)

    @classmethod
    def parse(cls, text: str) -> Moment:
        """Parse `YYYY-MM-DD` or a local ISO 8601 date-time; raise ValueError otherwise."""
        text = text.strip()
        if _ISO_DAY.fullmatch(text):
            return cls.of(date.fromisoformat(text))
        # Only the extended form with hours and minutes: "20261130" or "2026-11-30T10"
        # would otherwise be read as a midnight that nobody typed.
        if not _ISO_TIME.fullmatch(text):
            raise ValueError("not an ISO date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM)")
        parsed = datetime.fromisoformat(text)
        if parsed.tzinfo is not None:
            raise ValueError("give a local date-time, without a time zone")
        return cls(parsed.replace(microsecond=0), True)


@dataclass(frozen=True, slots=True, kw_only=True)
class Contact:
    """A person on the company's (or agency's) side of one process."""

    name: str
    role: ContactRole = ContactRole.OTHER
    email: str | None = None
    phone: str | None = None
    direct_ok: bool = False
    id: int = 0

    def __post_init__(self) -> None:
        if self.role.__class__ is not ContactRole:
            _set(self, "role", _member(_ROLES, self.role, "role"))

    @property
    def first_name(self) -> str:
        """What a message greets them by."""
        return self.name.split()[0] if self.name.split() else self.name


@dataclass(frozen=True, slots=True, kw_only=True)
class Interview:
    """An interview, past or scheduled; `with_` names contacts of the same process."""

    kind: InterviewKind
    at: Moment
    with_: tuple[str, ...] = ()
    notes: str = ""
    id: int = 0
    expect_by: date | None = None
    """The day they said they would answer by, if they named one."""

    def __post_init__(self) -> None:
        if self.kind.__class__ is not InterviewKind:
            _set(self, "kind", _member(_KINDS, self.kind, "kind"))

    @property
    def label(self) -> str:
        """How a person would say the kind: "recruiter screen", "onsite"."""
        return self.kind.label


@dataclass(frozen=True, slots=True, kw_only=True)
class Message:
    """A message out (the seeker wrote) or in (they wrote)."""

    at: Moment
    direction: Direction
    contact: str | None = None
    purpose: Purpose = Purpose.OTHER
    channel: str = "email"
    signal: Signal | None = None
    text: str = ""
    id: int = 0
    expect_by: date | None = None
    """On an inbound message: the day they said they would answer by, if they named one."""

    def __post_init__(self) -> None:
        if self.direction.__class__ is not Direction:
            _set(self, "direction", _member(_DIRECTIONS, self.direction, "direction"))
        if self.purpose.__class__ is not Purpose:
            _set(self, "purpose", _member(_PURPOSES, self.purpose, "purpose"))
        if self.signal is not None and self.signal.__class__ is not Signal:
            _set(self, "signal", _member(_SIGNALS, self.signal, "signal"))

    @property
    def is_nudge(self) -> bool:
        """An outbound follow-up or check-in: the messages the ladder counts."""
        return self.direction is Direction.OUT and self.purpose.is_nudge

    @property
    def is_application(self) -> bool:
        """An outbound application: what the ladder counts from before any interview."""
        return self.direction is Direction.OUT and self.purpose is Purpose.APPLICATION


@dataclass(frozen=True, slots=True, kw_only=True)
class Process:
    """One company + role and everything logged about it."""

    company: str
    role: str
    status: Status = Status.ACTIVE
    country: str | None = None
    subdivision: str | None = None
    link: str | None = None
    notes: str = ""
    contacts: tuple[Contact, ...] = ()
    interviews: tuple[Interview, ...] = ()
    messages: tuple[Message, ...] = ()
    id: int = 0
    deadline: date | None = None
    """For an offer: the day the answer is due."""
    wait_until: date | None = None
    """The seeker chose to wait until this day ("they said after the holidays")."""

    def __post_init__(self) -> None:
        if self.status.__class__ is not Status:
            _set(self, "status", _member(_STATUSES, self.status, "status"))

    @property
    def is_open(self) -> bool:
        """Still in play: active, or an offer in hand."""
        return self.status.is_open

    def contact(self, name: str | None) -> Contact | None:
        """The contact with this name, if the process has one."""
        if name is None:
            return None
        return next((c for c in self.contacts if c.name == name), None)

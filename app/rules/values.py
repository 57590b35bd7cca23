"""The plain, immutable values the rules work on: what a job seeker has logged.

Storage, the backup format and the dashboard all hand these around, so the rules
never see an ORM row or a widget. Times are the seeker's local wall-clock times
(naive `datetime`): the rules only ever use their calendar date, and a job
seeker thinks of "Tuesday 14:00" in the place where they live, not in UTC.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Final, Literal

Status = Literal["active", "offer", "accepted", "declined", "rejected", "withdrawn", "ghosted"]
ContactRole = Literal["headhunter", "recruiter", "hiring_manager", "interviewer", "coordinator", "referrer", "other"]
InterviewKind = Literal[
    "headhunter_screen", "recruiter_screen", "hiring_manager", "technical", "onsite", "final", "other"
]
Direction = Literal["out", "in"]
Purpose = Literal["follow_up", "check_in", "thank_you", "scheduling", "application", "reply", "other"]
Signal = Literal["positive", "neutral", "negative"]
ActionKind = Literal["prepare", "decide", "thank_you", "follow_up", "check_in", "move_on"]
CloseAs = Literal["ghosted", "rejected"]

STATUSES: Final = ("active", "offer", "accepted", "declined", "rejected", "withdrawn", "ghosted")
OPEN_STATUSES: Final = ("active", "offer")
"""Statuses still in play: listed wherever processes are, never hidden as closed.

An offer in hand is the process that matters most, so it is open; the other
five statuses are closed and get no actions.
"""
CONTACT_ROLES: Final = (
    "headhunter",
    "recruiter",
    "hiring_manager",
    "interviewer",
    "coordinator",
    "referrer",
    "other",
)
INTERVIEW_KINDS: Final = (
    "headhunter_screen",
    "recruiter_screen",
    "hiring_manager",
    "technical",
    "onsite",
    "final",
    "other",
)
SCREEN_KINDS: Final = frozenset({"headhunter_screen", "recruiter_screen"})
DIRECTIONS: Final = ("out", "in")
PURPOSES: Final = ("follow_up", "check_in", "thank_you", "scheduling", "application", "reply", "other")
NUDGE_PURPOSES: Final = frozenset({"follow_up", "check_in"})
SIGNALS: Final = ("positive", "neutral", "negative")
ACTIONS: Final = ("prepare", "decide", "thank_you", "check_in", "follow_up", "move_on")
"""Actions in agenda order: what ties on the due date are sorted by."""
CLOSE_AS: Final = ("ghosted", "rejected")
"""What a move-on suggests closing the process as: silence, or their "no"."""

WEEKDAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

KIND_LABELS: Final = {
    "headhunter_screen": "headhunter screen",
    "recruiter_screen": "recruiter screen",
    "hiring_manager": "hiring manager interview",
    "technical": "technical interview",
    "onsite": "onsite",
    "final": "final interview",
    "other": "interview",
}
ROLE_LABELS: Final = {
    "headhunter": "headhunter",
    "recruiter": "recruiter",
    "hiring_manager": "hiring manager",
    "interviewer": "interviewer",
    "coordinator": "coordinator",
    "referrer": "referrer",
    "other": "contact",
}


def is_open(status: str) -> bool:
    """Whether a process with this status is still in play (and so gets actions)."""
    return status in OPEN_STATUSES


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


@dataclass(frozen=True, slots=True)
class Contact:
    """A person on the company's (or agency's) side of one process."""

    name: str
    role: str = "other"
    email: str | None = None
    phone: str | None = None
    direct_ok: bool = False
    id: int = 0

    @property
    def first_name(self) -> str:
        """What a message greets them by."""
        return self.name.split()[0] if self.name.split() else self.name


@dataclass(frozen=True, slots=True)
class Interview:
    """An interview, past or scheduled; `with_` names contacts of the same process."""

    kind: str
    at: Moment
    with_: tuple[str, ...] = ()
    notes: str = ""
    id: int = 0
    expect_by: date | None = None
    """The day they said they would answer by, if they named one."""

    @property
    def label(self) -> str:
        """How a person would say the kind: "recruiter screen", "onsite"."""
        return KIND_LABELS.get(self.kind, "interview")


@dataclass(frozen=True, slots=True)
class Message:
    """A message out (the seeker wrote) or in (they wrote)."""

    at: Moment
    direction: str
    contact: str | None = None
    purpose: str = "other"
    channel: str = "email"
    signal: str | None = None
    text: str = ""
    id: int = 0
    expect_by: date | None = None
    """On an inbound message: the day they said they would answer by, if they named one."""

    @property
    def is_nudge(self) -> bool:
        """An outbound follow-up or check-in: the messages the ladder counts."""
        return self.direction == "out" and self.purpose in NUDGE_PURPOSES

    @property
    def is_application(self) -> bool:
        """An outbound application: what the ladder counts from before any interview."""
        return self.direction == "out" and self.purpose == "application"


@dataclass(frozen=True, slots=True)
class Process:
    """One company + role and everything logged about it."""

    company: str
    role: str
    status: str = "active"
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

    @property
    def is_open(self) -> bool:
        """Still in play: active, or an offer in hand."""
        return is_open(self.status)

    def contact(self, name: str | None) -> Contact | None:
        """The contact with this name, if the process has one."""
        if name is None:
            return None
        return next((c for c in self.contacts if c.name == name), None)


@dataclass(frozen=True, slots=True)
class Timing:
    """Every number of the timing rules, with a recruiter's defaults; all in business days."""

    screen_wait: int = 5
    """First follow-up after a screen (or after their latest reply)."""
    screen_second_gap: int = 3
    """Second screen follow-up after the first: the start of the recruiter's 3-4 day window."""
    screen_check_in_gap: int = 5
    """Candid check-in after the second screen follow-up."""
    later_wait: int = 5
    """First follow-up after a later-stage interview: about a week."""
    later_check_in_wait: int = 10
    """Candid check-in after a later interview: about two weeks."""
    later_check_in_gap: int = 3
    """...and never sooner than this after the follow-up."""
    move_on_gap: int = 5
    """Suggest letting go this long after the last unanswered nudge."""
    pester_gap: int = 3
    """No follow-up or check-in sooner than this after any outbound message."""
    thank_you_due: int = 1
    """A thank-you is due the business day after the interview..."""
    thank_you_window: int = 3
    """...and is no longer suggested this many business days after it."""
    application_wait: int = 7
    """First follow-up after an application (or their latest reply to it): recruiters sift many."""
    application_move_on_gap: int = 10
    """An application is followed up once; suggest letting go this long after that nudge."""
    rejected_wait: int = 1
    """After a "no": the gracious reply and the suggestion to close are due this long after it."""
    promised_answer_wait: int = 1
    """They said they would answer by a day: no nudge sooner than this long after it."""


@dataclass(frozen=True, slots=True)
class Settings:
    """The seeker's own settings: their calendar and name."""

    country: str = "US"
    subdivision: str | None = None
    workdays: tuple[str, ...] | None = None
    days_off: tuple[date, ...] = ()
    your_name: str = ""
    timing: Timing = field(default_factory=Timing)

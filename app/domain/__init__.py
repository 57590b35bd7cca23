"""What Nudge knows about a job search, in one place: its words, its records, their rules.

- `vocabulary`: every closed set of words (statuses, kinds, roles, purposes,
  signals, actions, weekdays) as a StrEnum, with its labels and its order;
- `records`: the frozen, keyword-only records a seeker logs (Process and its
  Contact, Interview and Message; Moment for their times);
- `settings`: the seeker's Settings and the Timing of the rules;
- `checks`: the one validation of a record, reused by the backup reader, the
  spreadsheet import and the forms (import it as `app.domain.checks`: it needs
  the calendar, which itself is built on these records).
"""

from __future__ import annotations

from app.domain.records import Contact, Interview, Message, Moment, Process
from app.domain.settings import Settings, Timing
from app.domain.vocabulary import (
    ANSWERED_STATUSES,
    CLOSE_AS,
    NUDGE_PURPOSES,
    OPEN_STATUSES,
    SCREEN_KINDS,
    VOCABULARIES,
    ActionKind,
    ContactRole,
    Direction,
    InterviewKind,
    Purpose,
    Signal,
    Status,
    Weekday,
)

__all__ = [
    "ANSWERED_STATUSES",
    "CLOSE_AS",
    "NUDGE_PURPOSES",
    "OPEN_STATUSES",
    "SCREEN_KINDS",
    "VOCABULARIES",
    "ActionKind",
    "Contact",
    "ContactRole",
    "Direction",
    "Interview",
    "InterviewKind",
    "Message",
    "Moment",
    "Process",
    "Purpose",
    "Settings",
    "Signal",
    "Status",
    "Timing",
    "Weekday",
    "is_open",
]


def is_open(status: str) -> bool:
    """Whether a process with this status is still in play (and so gets actions)."""
    return status in OPEN_STATUSES

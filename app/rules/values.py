"""The values the rules work on, kept importable from here while callers move to app.domain.

Every word, record and setting now lives in app.domain (its vocabulary,
records and settings modules); the tuples below are the vocabularies in
their declared order, for the callers that list or test membership in them.
"""

from __future__ import annotations

from typing import Final

from app.domain import (
    CLOSE_AS,
    NUDGE_PURPOSES,
    OPEN_STATUSES,
    SCREEN_KINDS,
    ActionKind,
    Contact,
    ContactRole,
    Direction,
    Interview,
    InterviewKind,
    Message,
    Moment,
    Process,
    Purpose,
    Settings,
    Signal,
    Status,
    Timing,
    Weekday,
    is_open,
)

STATUSES: Final = tuple(Status)
CONTACT_ROLES: Final = tuple(ContactRole)
INTERVIEW_KINDS: Final = tuple(InterviewKind)
DIRECTIONS: Final = tuple(Direction)
PURPOSES: Final = tuple(Purpose)
SIGNALS: Final = tuple(Signal)
ACTIONS: Final[tuple[str, ...]] = tuple(ActionKind)
"""Actions in agenda order: what ties on the due date are sorted by."""
WEEKDAYS: Final = tuple(Weekday)

KIND_LABELS: Final[dict[str, str]] = {kind: kind.label for kind in InterviewKind}
ROLE_LABELS: Final[dict[str, str]] = {role: role.label for role in ContactRole}

__all__ = [
    "ACTIONS",
    "CLOSE_AS",
    "CONTACT_ROLES",
    "DIRECTIONS",
    "INTERVIEW_KINDS",
    "KIND_LABELS",
    "NUDGE_PURPOSES",
    "OPEN_STATUSES",
    "PURPOSES",
    "ROLE_LABELS",
    "SCREEN_KINDS",
    "SIGNALS",
    "STATUSES",
    "WEEKDAYS",
    "Contact",
    "Interview",
    "Message",
    "Moment",
    "Process",
    "Settings",
    "Signal",
    "Timing",
    "is_open",
]

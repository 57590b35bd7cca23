"""Every closed set of words Nudge stores: statuses, kinds, roles, purposes, signals, actions.

Each set is a `StrEnum`, so a member *is* its stored string: the database,
the backup file and the JSON exports keep the same bytes, and code that still
compares with plain strings keeps working. What the enum adds is one place
for each fact about a word:

- its spelling (mypy refuses `Purpose("thank-you")`'s typo as a literal, and
  `Purpose.THANK_YOU` cannot be misspelt at all);
- its order: the order the members are declared in is the order every list,
  picker and sort uses (`tuple(ActionKind)` is the agenda's order of ties);
- its labels: how each screen and export says it, in the maps right under
  each class, which a test checks are complete.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final, TypeVar

E = TypeVar("E", bound=StrEnum)


def members(kind: type[E]) -> tuple[E, ...]:
    """The members of a vocabulary in their declared order (the order lists and pickers show)."""
    return tuple(kind)


def lookup(kind: type[E]) -> dict[str, E]:
    """Stored text -> member: a plain dict, several times faster than calling the enum per row."""
    return {member.value: member for member in kind}


class Status(StrEnum):
    """Where a process stands. Active and offer are open (they get actions); the rest are closed."""

    ACTIVE = "active"
    OFFER = "offer"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    GHOSTED = "ghosted"

    @property
    def is_open(self) -> bool:
        """Still in play: listed wherever processes are, never hidden as closed."""
        return self in OPEN_STATUSES

    @property
    def help(self) -> str:
        """What the status means, as the status picker explains it."""
        return _STATUS_HELP[self]


OPEN_STATUSES: Final = (Status.ACTIVE, Status.OFFER)
"""An offer in hand is the process that matters most, so it is open; the other five are closed."""
ANSWERED_STATUSES: Final = frozenset({Status.OFFER, Status.ACCEPTED, Status.DECLINED, Status.REJECTED})
"""Statuses only the company's answer can lead to."""
CLOSE_AS: Final = (Status.GHOSTED, Status.REJECTED)
"""What a move-on suggests closing the process as: silence, or their "no"."""
_STATUS_HELP: Final = {
    Status.ACTIVE: "still in play: Nudge plans follow-ups",
    Status.OFFER: "an offer is on the table",
    Status.ACCEPTED: "you said yes",
    Status.DECLINED: "you said no",
    Status.REJECTED: "they said no",
    Status.WITHDRAWN: "you stepped back",
    Status.GHOSTED: "no answer after the candid check-in",
}


class ContactRole(StrEnum):
    """Who a contact is on the company's (or agency's) side."""

    HEADHUNTER = "headhunter"
    RECRUITER = "recruiter"
    HIRING_MANAGER = "hiring_manager"
    INTERVIEWER = "interviewer"
    COORDINATOR = "coordinator"
    REFERRER = "referrer"
    OTHER = "other"

    @property
    def label(self) -> str:
        """ "hiring manager"; a contact of no particular role is a "contact"."""
        return _ROLE_LABELS[self]


_ROLE_LABELS: Final = {
    ContactRole.HEADHUNTER: "headhunter",
    ContactRole.RECRUITER: "recruiter",
    ContactRole.HIRING_MANAGER: "hiring manager",
    ContactRole.INTERVIEWER: "interviewer",
    ContactRole.COORDINATOR: "coordinator",
    ContactRole.REFERRER: "referrer",
    ContactRole.OTHER: "contact",
}


class InterviewKind(StrEnum):
    """The stage an interview is, in the order a search usually goes through them."""

    HEADHUNTER_SCREEN = "headhunter_screen"
    RECRUITER_SCREEN = "recruiter_screen"
    HIRING_MANAGER = "hiring_manager"
    TECHNICAL = "technical"
    ONSITE = "onsite"
    FINAL = "final"
    OTHER = "other"

    @property
    def label(self) -> str:
        """How a person says it in a sentence: "recruiter screen", "technical interview"."""
        return _KIND_LABELS[self]

    @property
    def stage(self) -> str:
        """The short stage name of the Interviews table: "screen", "manager"."""
        return _KIND_STAGES[self]

    @property
    def is_screen(self) -> bool:
        """A first screen: its follow-ups come sooner than a later interview's."""
        return self in SCREEN_KINDS


SCREEN_KINDS: Final = frozenset({InterviewKind.HEADHUNTER_SCREEN, InterviewKind.RECRUITER_SCREEN})
_KIND_LABELS: Final = {
    InterviewKind.HEADHUNTER_SCREEN: "headhunter screen",
    InterviewKind.RECRUITER_SCREEN: "recruiter screen",
    InterviewKind.HIRING_MANAGER: "hiring manager interview",
    InterviewKind.TECHNICAL: "technical interview",
    InterviewKind.ONSITE: "onsite",
    InterviewKind.FINAL: "final interview",
    InterviewKind.OTHER: "interview",
}
_KIND_STAGES: Final = {
    InterviewKind.HEADHUNTER_SCREEN: "agency screen",
    InterviewKind.RECRUITER_SCREEN: "screen",
    InterviewKind.HIRING_MANAGER: "manager",
    InterviewKind.TECHNICAL: "technical",
    InterviewKind.ONSITE: "onsite",
    InterviewKind.FINAL: "final",
    InterviewKind.OTHER: "interview",
}


class Direction(StrEnum):
    """Who wrote a message: the seeker (out) or someone at the company (in)."""

    OUT = "out"
    IN = "in"

    @property
    def label(self) -> str:
        """ "out: I wrote", as the message form offers it."""
        return _DIRECTION_LABELS[self]

    @property
    def arrow(self) -> str:
        """→ for a message out, ← for one in, as the timeline marks them."""
        return "→" if self is Direction.OUT else "←"


_DIRECTION_LABELS: Final = {Direction.OUT: "out: I wrote", Direction.IN: "in: they wrote"}


class Purpose(StrEnum):
    """What a message was for."""

    FOLLOW_UP = "follow_up"
    CHECK_IN = "check_in"
    THANK_YOU = "thank_you"
    SCHEDULING = "scheduling"
    APPLICATION = "application"
    REPLY = "reply"
    OTHER = "other"

    @property
    def label(self) -> str:
        """ "follow-up", "thank-you"; a message of no particular purpose is a "message"."""
        return _PURPOSE_LABELS[self]

    @property
    def noun(self) -> str:
        """The label as a reason names what was sent: "since your scheduling message on Mon 30 Nov"."""
        return "scheduling message" if self is Purpose.SCHEDULING else self.label

    @property
    def is_nudge(self) -> bool:
        """A follow-up or check-in (when sent): the messages the follow-up ladder counts."""
        return self in NUDGE_PURPOSES


NUDGE_PURPOSES: Final = frozenset({Purpose.FOLLOW_UP, Purpose.CHECK_IN})
_PURPOSE_LABELS: Final = {
    Purpose.FOLLOW_UP: "follow-up",
    Purpose.CHECK_IN: "check-in",
    Purpose.THANK_YOU: "thank-you",
    Purpose.SCHEDULING: "scheduling",
    Purpose.APPLICATION: "application",
    Purpose.REPLY: "reply",
    Purpose.OTHER: "message",
}


class Signal(StrEnum):
    """How a reply from the company reads."""

    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"

    @property
    def label(self) -> str:
        """The word itself: "positive"."""
        return self.value


class ActionKind(StrEnum):
    """What the agenda can ask of the seeker, declared in agenda order: ties on a date sort by it."""

    PREPARE = "prepare"
    DECIDE = "decide"
    THANK_YOU = "thank_you"
    CHECK_IN = "check_in"
    FOLLOW_UP = "follow_up"
    MOVE_ON = "move_on"

    @property
    def rank(self) -> int:
        """The place in agenda order (0 first)."""
        return _ACTION_RANK[self]

    @property
    def heading(self) -> str:
        """The heading of an agenda item: "Send a thank-you", "Decide on the offer"."""
        return _ACTION_TITLES[self]

    @property
    def short(self) -> str:
        """The title in a narrow column: "Thank-you", "Move on?"."""
        return _ACTION_SHORT[self]

    @property
    def label(self) -> str:
        """The next action in a process's row: "thank-you", "move on?"."""
        return _ACTION_LABELS[self]


_ACTION_RANK: Final = {kind: rank for rank, kind in enumerate(ActionKind)}
_ACTION_TITLES: Final = {
    ActionKind.PREPARE: "Prepare",
    ActionKind.DECIDE: "Decide on the offer",
    ActionKind.THANK_YOU: "Send a thank-you",
    ActionKind.CHECK_IN: "Check in candidly",
    ActionKind.FOLLOW_UP: "Follow up",
    ActionKind.MOVE_ON: "Consider moving on",
}
_ACTION_SHORT: Final = {
    ActionKind.PREPARE: "Prepare",
    ActionKind.DECIDE: "Decide",
    ActionKind.THANK_YOU: "Thank-you",
    ActionKind.CHECK_IN: "Check in",
    ActionKind.FOLLOW_UP: "Follow up",
    ActionKind.MOVE_ON: "Move on?",
}
_ACTION_LABELS: Final = {
    ActionKind.PREPARE: "prepare",
    ActionKind.DECIDE: "decide",
    ActionKind.THANK_YOU: "thank-you",
    ActionKind.CHECK_IN: "check in",
    ActionKind.FOLLOW_UP: "follow up",
    ActionKind.MOVE_ON: "move on?",
}


class Weekday(StrEnum):
    """A day of the week as settings name workdays, Monday first (`date.weekday()` order)."""

    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"


VOCABULARIES: Final[tuple[type[StrEnum], ...]] = (
    Status,
    ContactRole,
    InterviewKind,
    Direction,
    Purpose,
    Signal,
    ActionKind,
    Weekday,
)
"""Every vocabulary, for the tests that check each word has its labels."""

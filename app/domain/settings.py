"""The seeker's own settings and the numbers of the timing rules, as plain values."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True, kw_only=True)
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


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """The seeker's own settings: their calendar and name."""

    country: str = "US"
    subdivision: str | None = None
    workdays: tuple[str, ...] | None = None
    days_off: tuple[date, ...] = ()
    your_name: str = ""
    timing: Timing = field(default_factory=Timing)

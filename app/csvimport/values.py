"""Reading one cell: dates as spreadsheets write them, statuses as people name them.

Both refuse rather than guess. A date that lacks its year or day, or a status
Nudge has no word for, stops the import with the cell's row and value: a
follow-up computed from an invented date is worse than none.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from typing import Final

from dateutil import parser as dateparser

from app.domain import InterviewKind, Moment, Status

_NUMERIC = re.compile(
    r"(?P<a>\d{1,2})[/.\-](?P<b>\d{1,2})[/.\-](?P<year>\d{4}|\d{2})"
    r"(?:[ T,]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?\s*(?P<half>[ap]\.?m\.?)?)?",
    re.IGNORECASE,
)
_YEAR_FIRST = re.compile(r"\d{4}([/.\-]\d{1,2}[/.\-]\d{1,2}|\d{4})(?!\d).*")
_SENTINELS: Final = (datetime(1901, 1, 1, 0, 0), datetime(1902, 2, 2, 1, 1))


def parse_date(text: str, *, dayfirst: bool = False) -> Moment | None:
    """The moment a cell names, None for an empty cell; raise ValueError saying why not.

    Numeric dates ("3/4/2026", "04.03.26") are read by hand, strictly in the
    order asked for, because dateutil quietly swaps day and month when the
    first number is above 12: one file would mix both readings. Year-first
    forms (ISO, "2026/03/04") never depend on `dayfirst`. Dates with a month
    name go to dateutil, parsed twice with two different defaults: a part
    that comes out different was not in the text ("March", "Tuesday", "2026"),
    and a missing time just means the cell is a date.
    """
    text = " ".join(text.split())
    if not text:
        return None
    if text.isdigit() and len(text) == 5:
        raise ValueError("a spreadsheet's serial day number; format the column as a date before saving as CSV")
    numeric = _NUMERIC.fullmatch(text)
    moment = _numeric(numeric, dayfirst) if numeric else _worded(text, dayfirst)
    if not 1900 <= moment.value.year <= 2999:
        raise ValueError("the year is out of range")
    return moment


def _numeric(found: re.Match[str], dayfirst: bool) -> Moment:
    first, second = int(found["a"]), int(found["b"])
    day, month = (first, second) if dayfirst else (second, first)
    year = int(found["year"])
    if len(found["year"]) == 2:
        year += 2000  # a job search happens this century; "3/4/26" is 2026
    if month > 12:
        hint = "day first? (this file is read month first: pass --dayfirst)" if not dayfirst else "month first?"
        raise ValueError(f"there is no month {month}; {hint}")
    try:
        day_value = datetime(year, month, day)
    except ValueError:
        raise ValueError(f"{year}-{month:02}-{day:02} is not a day of the calendar") from None
    if found["hour"] is None:
        return Moment(day_value, False)
    hour, minute, second = int(found["hour"]), int(found["minute"]), int(found["second"] or 0)
    half = (found["half"] or "").lower().replace(".", "")
    if half:
        if not 1 <= hour <= 12:
            raise ValueError(f"{hour} is not an hour of a 12-hour clock")
        hour = hour % 12 + (12 if half == "pm" else 0)
    try:
        return Moment(datetime.combine(day_value.date(), time(hour, minute, second)), True)
    except ValueError:
        raise ValueError(f"{hour}:{minute:02} is not a time of day") from None


def _worded(text: str, dayfirst: bool) -> Moment:
    # dateutil reads "2026-03-04" as 3 April when dayfirst is on; a year in front always means year-month-day.
    dayfirst = dayfirst and not _YEAR_FIRST.fullmatch(text)
    try:
        a, b = (dateparser.parse(text, default=d, dayfirst=dayfirst, fuzzy=False) for d in _SENTINELS)
    except (ValueError, OverflowError, TypeError):
        raise ValueError("not a date") from None
    if a.date() != b.date():
        raise ValueError("not a whole date (a day, a month and a year are all needed)")
    timed = (a.hour, a.minute) == (b.hour, b.minute)
    value = a.replace(tzinfo=None, microsecond=0)
    # A time zone is dropped, not converted: the wall-clock time as written is what the seeker saw.
    return Moment(value, True) if timed else Moment(datetime(value.year, value.month, value.day), False)


# Status words ----------------------------------------------------------------

_STAGES: Final = {
    InterviewKind.RECRUITER_SCREEN: (
        "screen",
        "screening",
        "phone screen",
        "phone screening",
        "phone interview",
        "phone call",
        "recruiter screen",
        "recruiter call",
        "recruiter interview",
        "hr screen",
        "hr interview",
        "hr call",
        "initial call",
        "intro call",
        "initial interview",
        "first interview",
        "1st interview",
    ),
    InterviewKind.HEADHUNTER_SCREEN: ("headhunter screen", "agency screen", "headhunter call", "agency call"),
    InterviewKind.TECHNICAL: (
        "technical",
        "technical interview",
        "tech interview",
        "tech screen",
        "technical screen",
        "coding interview",
        "coding challenge",
        "take home",
        "take home test",
        "assignment",
        "assessment",
        "case study",
    ),
    InterviewKind.HIRING_MANAGER: ("hiring manager", "hiring manager interview", "manager interview", "hm interview"),
    InterviewKind.ONSITE: (
        "onsite",
        "on site",
        "onsite interview",
        "on site interview",
        "virtual onsite",
        "panel",
        "panel interview",
    ),
    InterviewKind.FINAL: ("final", "final round", "final interview", "final interviews", "last round"),
    InterviewKind.OTHER: (
        "interviewing",
        "interview",
        "interviews",
        "interview scheduled",
        "second interview",
        "2nd interview",
        "third interview",
        "3rd interview",
        "second round",
        "next round",
    ),
}
_WAITING: Final = (
    "active",
    "applied",
    "application sent",
    "application submitted",
    "submitted",
    "in progress",
    "pending",
    "waiting",
    "under review",
    "in review",
    "open",
    "new",
    "wishlist",
    "wish list",
    "bookmarked",
    "saved",
    "interested",
    "to apply",
    "applying",
    "planned",
    "prospect",
    "researching",
)
_CLOSED: Final = {
    Status.OFFER: ("offer", "offered", "offer received", "offer made", "negotiating", "negotiation", "verbal offer"),
    Status.ACCEPTED: ("accepted", "offer accepted", "hired", "signed", "accepted offer"),
    Status.DECLINED: ("declined", "offer declined", "i declined", "declined offer"),
    Status.REJECTED: (
        "rejected",
        "rejection",
        "not selected",
        "not moving forward",
        "no offer",
        "unsuccessful",
        "turned down",
        "position filled",
        "role filled",
    ),
    Status.WITHDRAWN: ("withdrawn", "withdrew", "i withdrew", "withdrew application", "not interested", "retracted"),
    Status.GHOSTED: ("ghosted", "no response", "no reply", "no answer", "no news", "no feedback", "never heard back"),
}

STATUS_WORDS: Final[dict[str, tuple[Status, InterviewKind | None]]] = {
    **dict.fromkeys(_WAITING, (Status.ACTIVE, None)),
    **{word: (Status.ACTIVE, kind) for kind, words in _STAGES.items() for word in words},
    **{word: (status, None) for status, words in _CLOSED.items() for word in words},
}
"""Folded status text -> (Nudge status, interview kind the stage names, if any)."""


def fold_status(text: str) -> str:
    """Lower-case words only: "No Response 🔕" and "no-response" both give "no response"."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def parse_status(text: str) -> tuple[Status, InterviewKind | None] | None:
    """(status, stage's interview kind) for a status cell; None for an empty cell; ValueError if unknown."""
    key = fold_status(text)
    if not key:
        return None
    found = STATUS_WORDS.get(key)
    if found is None:
        raise ValueError("not a status Nudge knows")
    return found


def status_help() -> str:
    """The words to suggest when a status is unknown: one per Nudge status or stage, synonyms implied."""
    return (
        "applied, wishlist, phone screen, technical, onsite, final round, interviewing, offer, accepted, "
        "declined, rejected, withdrawn, ghosted, no response and their usual synonyms"
    )

"""Dates as people type them: "today", "tue 14:00", "next fri", "in 3 days", "+2bd", ISO.

Everything is relative to the dashboard's date (never the clock), and business
days count on the calendar given, so "+2bd" skips the hiring team's holidays.
A weekday name means the next such day after today; "next fri" means the
Friday of next week when this week's Friday is still ahead. The dashboard
shows the parsed result live, so the reading is never a surprise.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Final

from app.rules.calendar import BusinessCalendar
from app.rules.values import Moment
from app.supported_dates import out_of_range, supported

_DAY_NAMES: Final = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip
_TIME = re.compile(
    r"(?:^|\s)(?:at\s+)?(?:(?P<h>\d{1,2})[:h.](?P<m>\d{2})\s*(?P<ap>am|pm)?|(?P<h2>\d{1,2})\s*(?P<ap2>am|pm))$"
)
_RELATIVE = re.compile(
    r"^(?:in\s+)?([+-]?\s*\d{1,4})\s*(d|day|days|w|wk|week|weeks|bd|business\s+days?|workdays?)?(?:\s+ago)?$"
)


class NotADate(ValueError):
    """The text could not be read as a date; the message says what is accepted."""


HELP: Final = "try 2026-12-01 14:00, today, tomorrow, tue, next fri 9:30, in 3 days, +2bd"
MAX_LENGTH: Final = 100
"""No date people type is longer; a longer paste is refused before any parsing."""


def _quoted(text: str) -> str:
    """The typed text as a message quotes it: escaped (repr) and cut short, so a paste is not echoed whole."""
    shown = repr(text)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _split_time(text: str) -> tuple[str, time | None]:
    """Separate a trailing "14:00", "9am", "2:30 pm" or "14h30" from the day part.

    A bare number is never a time: "in 3" is a count of days.
    """
    match = _TIME.search(text)
    if match is None:
        return text, None
    if match.group("h") is not None:
        hour, minute, meridiem = int(match.group("h")), int(match.group("m")), match.group("ap")
    else:
        hour, minute, meridiem = int(match.group("h2")), 0, match.group("ap2")
    if meridiem is not None and not 1 <= hour <= 12:
        raise NotADate(f"not a time of day: {match.group(0).strip()!r}")
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise NotADate(f"not a time of day: {match.group(0).strip()!r}")
    return text[: match.start()].strip(), time(hour, minute)


def _weekday(name: str, today: date, *, next_week: bool) -> date:
    target = _DAY_NAMES[name]
    ahead = (target - today.weekday()) % 7 or 7
    day = today + timedelta(days=ahead)
    if next_week and day.isocalendar()[:2] == today.isocalendar()[:2]:
        day += timedelta(days=7)
    return day


def _day_part(text: str, today: date, cal: BusinessCalendar | None) -> date | None:
    if text in ("", "today", "now"):
        return today
    if text == "tomorrow":
        return today + timedelta(days=1)
    if text == "yesterday":
        return today - timedelta(days=1)
    words = text.split()
    if len(words) == 1 and words[0] in _DAY_NAMES:
        return _weekday(words[0], today, next_week=False)
    if len(words) == 2 and words[0] in ("next", "this") and words[1] in _DAY_NAMES:
        return _weekday(words[1], today, next_week=words[0] == "next")
    if len(words) == 2 and words[0] == "last" and words[1] in _DAY_NAMES:
        back = (today.weekday() - _DAY_NAMES[words[1]]) % 7 or 7
        return today - timedelta(days=back)
    match = _RELATIVE.match(text)
    if match:
        n = int(match.group(1).replace(" ", ""))
        if text.endswith("ago"):
            n = -n
        unit = (match.group(2) or "d").replace(" ", "")
        if unit.startswith(("bd", "business", "workday")):
            if n < 0:
                raise NotADate("business days count forward only (+2bd)")
            return (cal or BusinessCalendar("US")).add(today, n)
        return today + timedelta(days=n * 7 if unit.startswith("w") else n)
    return None


def parse_when(text: str, today: date, cal: BusinessCalendar | None = None) -> Moment:
    """Read a typed date (and optional time); raise NotADate with a hint when it cannot."""
    cleaned = " ".join(text.strip().lower().replace(",", " ").split())
    if not cleaned:
        raise NotADate(f"empty; {HELP}")
    if len(cleaned) > MAX_LENGTH:
        raise NotADate(f"too long for a date ({len(cleaned)} characters); {HELP}")
    iso = cleaned.replace(" ", "T", 1) if re.match(r"^\d{4}-\d{2}-\d{2} \d", cleaned) else cleaned
    if re.match(r"^\d{4}-\d{2}-\d{2}", iso):
        try:
            moment = Moment.parse(iso.upper())  # the text was lowered: "2026-12-01t14:00" is ISO too
        except ValueError:
            raise NotADate(f"not a date: {_quoted(text.strip())}; {HELP}") from None
        if not supported(moment.day):
            raise NotADate(out_of_range(_quoted(text.strip())))
        return moment
    day_text, at = _split_time(cleaned)
    try:
        day = _day_part(day_text, today, cal)
    except OverflowError:  # "in 9999 weeks" from a late day
        raise NotADate(out_of_range(_quoted(text.strip()))) from None
    if day is None:
        day = _free_form(day_text, today)
    if not supported(day):
        raise NotADate(out_of_range(_quoted(text.strip())))
    if at is None:
        return Moment.of(day)
    return Moment(datetime.combine(day, at))


def _free_form(text: str, today: date) -> date:
    """ "1 Dec", "Dec 1", "12/01": dateutil, with the dashboard's year as default."""
    from dateutil import parser

    if not re.search(r"[a-z]{3}|\d{1,2}[/.]\d{1,2}", text):
        raise NotADate(f"not a date: {_quoted(text)}; {HELP}")
    try:
        parsed = parser.parse(text, default=datetime.combine(today, time()))
    except (ValueError, OverflowError):
        raise NotADate(f"not a date: {_quoted(text)}; {HELP}") from None
    return parsed.date()


def describe(moment: Moment, today: date) -> str:
    """ "Tue 1 Dec 2026 14:00 (in 4 days)": the live preview beside a date field."""
    day = moment.day
    text = f"{day:%a} {day.day} {day:%b %Y}"
    if moment.timed:
        text += f" {moment.value:%H:%M}"
    delta = (day - today).days
    if delta == 0:
        rel = "today"
    elif delta == 1:
        rel = "tomorrow"
    elif delta == -1:
        rel = "yesterday"
    elif delta > 0:
        rel = f"in {delta} days"
    else:
        rel = f"{-delta} days ago"
    return f"{text} ({rel})"

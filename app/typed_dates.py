"""Dates as people type them: "today", "tue 14:00", "next fri", "in 3 days", "+2bd", ISO.

Everything is relative to the dashboard's date (never the clock), and business
days count on the calendar given, so "+2bd" skips the hiring team's holidays.

- A weekday name means the next such day from today on: "tue" typed on a
  Tuesday is today (a date-only item lasts the whole day), and so is
  "tue 14:00" unless the caller passes `now` and 14:00 has already gone, in
  which case it is next Tuesday.
- "next fri" is the Friday of next week (weeks begin on Monday), the common
  reading; "this fri" is this week's. The reading says which.
- "3/12" is read day first (3 December) unless the process's country writes
  the month first: see MONTH_FIRST. With no country known it is month first,
  as it always was.

The dashboard shows the parsed result live (`preview`), with how it was read
and whether it is in the past, so the reading is never a surprise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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


MONTH_FIRST: Final = frozenset({"US", "PH", "CA", "PR", "GU", "VI", "AS", "MP", "UM", "FM", "MH", "PW"})
"""Countries whose people write 3/12 for March 12: the US and its territories,
the states in free association with it, the Philippines, and Canada (mixed in
practice; month first is what its English-language software shows). Everywhere
else the day comes first."""


def day_first(country: str | None) -> bool:
    """Whether "3/12" is 3 December for this country; no country: month first, as before."""
    return country is not None and country.upper() not in MONTH_FIRST


class NotADate(ValueError):
    """The text could not be read as a date; the message says what is accepted."""


class OutOfRange(NotADate):
    """A date, but outside the dates Nudge can count with."""


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
    ahead = (target - today.weekday()) % 7
    day = today + timedelta(days=ahead)
    if next_week and day.isocalendar()[:2] == today.isocalendar()[:2]:
        day += timedelta(days=7)
    return day


def _day_part(text: str, today: date, cal: BusinessCalendar | None) -> tuple[date, str | None] | None:
    """The day `text` names and, for a weekday, how it was read; None when it is no such word."""
    words = text.split()
    if len(words) == 2 and words[0] in ("next", "this") and words[1] in _DAY_NAMES:
        day = _weekday(words[1], today, next_week=words[0] == "next")
        name = f"{day:%A}"
        return day, f"the {name} of next week" if words[0] == "next" else f"this week's {name}"
    found = _plain_day(text, today, cal)
    return None if found is None else (found, None)


def _plain_day(text: str, today: date, cal: BusinessCalendar | None) -> date | None:
    if text in ("", "today", "now"):
        return today
    if text == "tomorrow":
        return today + timedelta(days=1)
    if text == "yesterday":
        return today - timedelta(days=1)
    words = text.split()
    if len(words) == 1 and words[0] in _DAY_NAMES:
        return _weekday(words[0], today, next_week=False)
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


@dataclass(frozen=True, slots=True)
class Reading:
    """A typed date as read, and a few words on how when the text could mean more than one day."""

    moment: Moment
    note: str | None = None
    """ "the Friday of next week", "day/month"...; None when the text is unambiguous."""


def parse_when(
    text: str,
    today: date,
    cal: BusinessCalendar | None = None,
    *,
    now: datetime | None = None,
    country: str | None = None,
) -> Moment:
    """Read a typed date (and optional time); raise NotADate with a hint when it cannot.

    `now`, the dashboard's current moment, decides "tue 14:00" typed on a Tuesday
    afternoon (next Tuesday); without it, or when it is another day than `today`,
    that is today. `country` decides "3/12" (day or month first); by default the
    calendar's country, and month first when there is neither.
    """
    return read_when(text, today, cal, now=now, country=country).moment


def read_when(
    text: str,
    today: date,
    cal: BusinessCalendar | None = None,
    *,
    now: datetime | None = None,
    country: str | None = None,
) -> Reading:
    """`parse_when`, with how the text was read (for the live preview)."""
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
            raise OutOfRange(out_of_range(_quoted(text.strip())))
        return Reading(moment)
    day_text, at = _split_time(cleaned)
    note: str | None = None
    try:
        found = _day_part(day_text, today, cal)
        if found is None:
            first = day_first(country if country is not None else cal.country if cal is not None else None)
            day, note = _free_form(day_text, today, first=first)
        else:
            day, note = found
            if _gone_today(day_text, day, at, today, now):
                day += timedelta(days=7)
    except OverflowError:  # "in 9999 weeks" from a late day
        raise OutOfRange(out_of_range(_quoted(text.strip()))) from None
    if not supported(day):
        raise OutOfRange(out_of_range(_quoted(text.strip())))
    if at is None:
        return Reading(Moment.of(day), note)
    return Reading(Moment(datetime.combine(day, at)), note)


COMMAND_HELP: Final = "YYYY-MM-DD, or today, tomorrow, fri, next mon, in 3 days"


def day_for_command(text: str, today: date) -> date:
    """A command line's --date or --since: what the forms accept, as a whole day.

    Business days are refused: which calendar they count on depends on a
    process, and a command's date belongs to none. A time of day is refused
    too, since these options name days.
    """
    words = " ".join(text.strip().lower().split())
    if re.search(r"\d\s*(bd|business|workday)", words):
        raise NotADate(f"business days need a process's calendar here; give days or a date ({COMMAND_HELP})")
    try:
        moment = parse_when(text, today, country="US")  # numbers month first, as ISO-less dates were before
    except OutOfRange:
        raise
    except NotADate:
        raise NotADate(f"not a date: {_quoted(text.strip())} (use {COMMAND_HELP})") from None
    if moment.timed:
        raise NotADate(f"a day, without a time: {_quoted(text.strip())} (use {COMMAND_HELP})")
    return moment.day


def _gone_today(day_text: str, day: date, at: time | None, today: date, now: datetime | None) -> bool:
    """A bare weekday naming today, with a time of day that has already gone ("tue 14:00" at 15:00)."""
    if at is None or now is None or day != today or now.date() != today or day_text not in _DAY_NAMES:
        return False
    return datetime.combine(today, at) < now.replace(second=0, microsecond=0)


def is_past(moment: Moment, now: date | datetime) -> bool:
    """Whether `moment` is already over at `now`: the forms ask before scheduling it.

    A date-only moment lasts its whole day, and a time on today is past only
    when `now` carries a time of day later than it.
    """
    if isinstance(now, datetime):
        if moment.timed and moment.day == now.date():
            return moment.value < now.replace(second=0, microsecond=0)
        return moment.day < now.date()
    return moment.day < now


def preview(
    text: str,
    today: date,
    cal: BusinessCalendar | None = None,
    *,
    now: datetime | None = None,
    country: str | None = None,
) -> str:
    """ "Fri 11 Dec 2026 (in 10 days; the Friday of next week)": the live line under a date field.

    Says "in the past" when the moment is over at `now` (or before `today`); raises NotADate.
    """
    reading = read_when(text, today, cal, now=now, country=country)
    notes = [reading.note] if reading.note else []
    if is_past(reading.moment, now if now is not None and now.date() == today else today):
        notes.append("in the past")
    return describe(reading.moment, today, *notes)


def _free_form(text: str, today: date, *, first: bool) -> tuple[date, str | None]:
    """ "1 Dec", "Dec 1", "3/12": dateutil, with the dashboard's year as default.

    Numbers are read day first or month first as `first` says, never the other
    way round as a fallback ("12/25" is no date in GB); the note says which.
    """
    from dateutil import parser

    text = text.rstrip(".")  # "3.12." as written in Germany
    numeric = re.search(r"\d{1,2}[/.]\d{1,2}", text) is not None
    if not (numeric or re.search(r"[a-z]{3}", text)):
        raise NotADate(f"not a date: {_quoted(text)}; {HELP}")
    order = "day/month" if first else "month/day"
    if numeric and not re.search(r"[a-z]{3}", text):
        parts = [int(p) for p in re.findall(r"\d+", text)[:2]]
        if (parts[1] if first else parts[0]) > 12:
            raise NotADate(f"not a date: {_quoted(text)} (read as {order}); {HELP}")
    try:
        parsed = parser.parse(text, default=datetime.combine(today, time()), dayfirst=first)
    except (ValueError, OverflowError):
        raise NotADate(f"not a date: {_quoted(text)}; {HELP}") from None
    return parsed.date(), order if numeric else None


def describe(moment: Moment, today: date, *notes: str) -> str:
    """ "Tue 1 Dec 2026 14:00 (in 4 days)": the live preview beside a date field; `notes` join the brackets."""
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
    return f"{text} ({'; '.join((rel, *notes))})"

"""Reading a pasted reply: its signal and the date it promises an answer by; suggestions, never stored silently.

A recruiter's reading: being encouraged to keep looking elsewhere is a polite
no; "very interested, needs a bit more time" is a good sign. Negative phrases
win over positive ones, since a kind rejection is usually wrapped in praise,
and a negated good sign ("won't be moving forward", "unable to offer") is a no.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Final

from dateutil.parser import parse as parse_date
from dateutil.relativedelta import relativedelta

NEGATIVE: Final = (
    r"\b(continue|keep) (looking|exploring|pursuing|searching)",
    r"\bother (opportunities|options|roles|positions)\b",
    r"(\bnot|n['’]t) (be )?mov(e|ing) forward\b",
    r"\b(unable to|not able to|cannot|can['’]t|can not) (offer|extend an offer)\b",
    r"\bdecided to (go|move|proceed) (with|in) (another|a different|other)",
    r"\b(unfortunately|regret to)\b",
    r"\bnot (a|the right) (fit|match)\b",
    r"\bposition (has been|was) filled\b",
    r"\bon hold\b",
    r"\b(another|other|a different) candidate",
)
POSITIVE: Final = (
    r"\bvery (interested|keen|impressed)\b",
    r"\b(a bit|a little|some) more time\b",
    r"\bnext (step|steps|round|stage)\b",
    r"\b(move|moving) (you )?forward\b",
    r"\b(excited|pleased|happy) to\b",
    r"\b(schedule|set up|arrange) (a|an|the) (call|interview|meeting|onsite)",
    r"\boffer\b",
    r"\bstrong (candidate|interest)\b",
)
_NEG = [re.compile(p, re.IGNORECASE) for p in NEGATIVE]
_POS = [re.compile(p, re.IGNORECASE) for p in POSITIVE]


def suggest_signal(text: str) -> str | None:
    """ "negative", "positive", or None when the text gives no clear sign."""
    if any(p.search(text) for p in _NEG):
        return "negative"
    if any(p.search(text) for p in _POS):
        return "positive"
    return None


# Promised answer dates ("we will decide by Friday"), read from the message's own date.

_WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WD = r"(?P<wd>mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)"
_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_NUMBER_WORDS: Final = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
_ANSWER = re.compile(
    r"\b(get(ting)? back|come back|circle back|revert|decid\w*|decision|update|hear|answer|respond|response"
    r"|reply|let you know|be in touch|get in touch|feedback|news|confirm|outcome|follow up|reach out)\b",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(will|shall|going to|expect\w*|plan\w*|aim\w*|hop(e|ing)|intend\w*|should)\b|['’]ll\b", re.IGNORECASE
)
_ASKS_YOU = re.compile(
    r"\b(your (answer|response|decision|reply|feedback|confirmation|availability)|from you|let us know"
    r"|get back to us|back to me|respond to us|reply to us)\b",
    re.IGNORECASE,
)
"""A sentence asking the seeker for an answer: its date is their deadline, not a promise."""
_FAR_AHEAD = 120
"""Days after the message beyond which a read date is more likely a misreading than a promise."""


def suggest_expect_by(text: str, sent_on: date) -> date | None:
    """The day a pasted reply says they will answer by, read relative to `sent_on`; None when unsure.

    Only a sentence that promises an answer in the future ("we will get back
    to you", "expect a decision", "you'll hear from us") is read, and only
    plain date words: a weekday, "tomorrow", "end of (next) week", "early /
    mid / next week", "end of the month", "the 12th", "12 December",
    "December 12", an ISO date, "within N days / weeks / business days".
    Choices: a bare weekday is the next one after the message's day; "next
    Friday" counts only when it can only mean the coming one (the weekday is
    already past in the message's week), else None; "early next week" is its
    Tuesday, "mid next week" its Wednesday, "next week" and "end of next week"
    its Friday; business days skip weekends but not holidays (the result is
    shown for the seeker to confirm, never stored silently). Two different
    dates, a date before the message, or one months away give None.
    """
    found: set[date] = set()
    for sentence in re.split(r"[.!?;\n]+", text):
        if not _ANSWER.search(sentence) or not _FUTURE.search(sentence) or _ASKS_YOU.search(sentence):
            continue
        rest = sentence.lower()
        for pattern, resolve in _DATE_PATTERNS:
            for match in pattern.finditer(rest):
                day = resolve(match, sent_on)
                if day is None:
                    return None
                found.add(day)
            rest = pattern.sub(" ", rest)
    if len(found) != 1:
        return None
    (day,) = found
    return day if sent_on <= day <= sent_on + timedelta(days=_FAR_AHEAD) else None


def _weekday(match: re.Match[str]) -> int:
    return _WEEKDAYS.index(next(w for w in _WEEKDAYS if w.startswith(match["wd"][:3])))


def _week_start(day: date, weeks: int = 0) -> date:
    """The Monday of `day`'s week, `weeks` weeks on."""
    return day - timedelta(days=day.weekday()) + timedelta(weeks=weeks)


def _in_next_week(offset: int) -> _Resolver:
    return lambda _m, sent: _week_start(sent, 1) + timedelta(days=offset)


def _this_week_friday(_m: re.Match[str], sent: date) -> date | None:
    return _week_start(sent) + timedelta(days=4) if sent.weekday() <= 4 else None


def _weekday_next_week(match: re.Match[str], sent: date) -> date:
    return _week_start(sent, 1) + timedelta(days=_weekday(match))


def _next_weekday(match: re.Match[str], sent: date) -> date | None:
    """ "next Friday": only when the coming Friday is in the following week anyway."""
    wd = _weekday(match)
    return sent + relativedelta(days=1, weekday=wd) if wd <= sent.weekday() else None


def _this_weekday(match: re.Match[str], sent: date) -> date | None:
    wd = _weekday(match)
    return sent + relativedelta(days=1, weekday=wd) if wd > sent.weekday() else None


def _bare_weekday(match: re.Match[str], sent: date) -> date:
    return sent + relativedelta(days=1, weekday=_weekday(match))


def _eod(match: re.Match[str], sent: date) -> date:
    if match["wd"]:
        return _bare_weekday(match, sent)
    return sent + timedelta(days=1) if match["tomorrow"] else sent


def _month_end(months: int) -> _Resolver:
    return lambda _m, sent: sent + relativedelta(months=months, day=31)


def _ordinal_day(match: re.Match[str], sent: date) -> date | None:
    """ "the 12th": the next 12th on or after the message's day."""
    wanted = int(match["d"])
    if not 1 <= wanted <= 31:
        return None
    for months in range(3):
        candidate = sent + relativedelta(months=months, day=wanted)
        if candidate.day == wanted and candidate >= sent:
            return candidate
    return None


def _month_day(match: re.Match[str], sent: date) -> date | None:
    """ "12 December", "December 12th, 2026": that day, this year or (when passed) the next."""
    year = int(match["y"]) if match["y"] else sent.year
    try:
        parsed = parse_date(f"{match['d']} {match['mon']} {year}", dayfirst=True).date()
    except (ValueError, OverflowError):
        return None
    if parsed < sent and not match["y"]:
        parsed = parsed.replace(year=parsed.year + 1) if not (parsed.month == 2 and parsed.day == 29) else parsed
    return parsed


def _iso(match: re.Match[str], _sent: date) -> date | None:
    try:
        return date.fromisoformat(match[0])
    except ValueError:
        return None


def _within(match: re.Match[str], sent: date) -> date | None:
    count = _NUMBER_WORDS.get(match["n"]) or (int(match["n"]) if match["n"].isdigit() else 0)
    if not count:
        return None
    unit = match["unit"]
    if unit.startswith("week"):
        return sent + timedelta(weeks=count)
    if match["business"]:
        day = sent
        while count:
            day += timedelta(days=1)
            count -= day.weekday() < 5
        return day
    return sent + timedelta(days=count)


_Resolver = Callable[[re.Match[str], date], date | None]
_NUM = r"(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten)"
_DATE_PATTERNS: Final[tuple[tuple[re.Pattern[str], _Resolver], ...]] = tuple(
    (re.compile(pattern), resolve)
    for pattern, resolve in (
        (r"\b\d{4}-\d{2}-\d{2}\b", _iso),
        (rf"\b(?P<d>\d{{1,2}})(st|nd|rd|th)?( of)? {_MONTH}(,? (?P<y>\d{{4}}))?\b", _month_day),
        (rf"\b{_MONTH} (?P<d>\d{{1,2}})(st|nd|rd|th)?(,? (?P<y>\d{{4}}))?\b", _month_day),
        (
            rf"\b(end of (the )?day|close of business|cob|eod)( (on )?({_WD}|(?P<tomorrow>tomorrow)))?\b",
            _eod,
        ),
        (rf"\b{_WD} (of )?next week\b", _weekday_next_week),
        (rf"\bnext week,? (on )?{_WD}\b", _weekday_next_week),
        (rf"\bnext {_WD}\b", _next_weekday),
        (rf"\bthis (coming )?{_WD}\b", _this_weekday),
        (r"\b(early|beginning of|start of) next week\b", _in_next_week(1)),
        (r"\b(mid|middle of|midway through)[- ]next week\b", _in_next_week(2)),
        (r"\b((the )?end of|late|later) next week\b|\bnext week\b", _in_next_week(4)),
        (r"\b(the )?end of (the|this) week\b|\blater this week\b|\bthis week\b", _this_week_friday),
        (r"\b(the )?end of (the|this) month\b", _month_end(0)),
        (r"\b(the )?end of next month\b", _month_end(1)),
        (r"\btomorrow\b", lambda _m, sent: sent + timedelta(days=1)),
        (r"\bthe (?P<d>\d{1,2})(st|nd|rd|th)\b", _ordinal_day),
        (
            rf"\b(within|in) (the next )?{_NUM} (?P<business>(business|working) )?(?P<unit>days?|weeks?)\b",
            _within,
        ),
        (rf"\b(by|before|on|until|till) {_WD}\b", _bare_weekday),
        (r"\b(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", _bare_weekday),
    )
)

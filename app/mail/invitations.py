"""Calendar invitations (a `text/calendar` part): just enough iCalendar to read one meeting, safely.

Only METHOD, and of the first VEVENT its UID, SEQUENCE, SUMMARY, DTSTART and
ATTENDEEs are read; lines are unfolded (RFC 5545 section 3.1) and bounded, and
anything unexpected yields None rather than an error. Times are turned into
the seeker's local wall-clock time, as Nudge stores them: a UTC time ("Z") or
one with a TZID (an IANA name, or one of Outlook's Windows names below); a
time with an unknown TZID, or a floating one, is taken as local.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.domain.vocabulary import InterviewKind

MAX_LINES: Final = 5_000

WINDOWS_ZONES: Final = {
    "w. europe standard time": "Europe/Berlin",
    "romance standard time": "Europe/Paris",
    "central europe standard time": "Europe/Budapest",
    "gmt standard time": "Europe/London",
    "eastern standard time": "America/New_York",
    "central standard time": "America/Chicago",
    "mountain standard time": "America/Denver",
    "pacific standard time": "America/Los_Angeles",
    "tokyo standard time": "Asia/Tokyo",
    "india standard time": "Asia/Kolkata",
    "aus eastern standard time": "Australia/Sydney",
    "utc": "UTC",
}
"""Outlook writes Windows zone names in TZID; the common ones, as IANA names."""

_KINDS: Final = (
    (r"\bhead ?hunter|\bagency\b", InterviewKind.HEADHUNTER_SCREEN),
    (r"\bhiring manager\b", InterviewKind.HIRING_MANAGER),
    (r"\bfinal\b", InterviewKind.FINAL),
    (r"\bon-?site\b|\bloop\b|\bpanel\b", InterviewKind.ONSITE),
    (r"\btechnical\b|\bcoding\b|\bsystem design\b|\btech\b|\bpair(ing)?\b", InterviewKind.TECHNICAL),
    (r"\b(recruiter|phone|intro|introductory)\b|\bscreen", InterviewKind.RECRUITER_SCREEN),
)


@dataclass(frozen=True)
class Invitation:
    """One meeting from a calendar part: a request (new or moved) or a cancellation."""

    method: str
    """REQUEST or CANCEL."""
    uid: str
    sequence: int
    summary: str
    start: datetime | date
    """Local wall-clock time (naive), or a date for an all-day event."""
    attendees: tuple[tuple[str, str], ...]
    """(name, address) of each attendee and the organizer; name may be empty."""

    @property
    def kind(self) -> InterviewKind:
        """The interview kind its title suggests ("Technical interview" -> technical); other when unsure."""
        return guess_kind(self.summary)


def guess_kind(title: str) -> InterviewKind:
    """The interview kind a meeting's title names, most specific first; other when none."""
    for pattern, kind in _KINDS:
        if re.search(pattern, title, re.IGNORECASE):
            return kind
    return InterviewKind.OTHER


def _unfold(text: str) -> list[str]:
    lines: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] += raw[1:]
        else:
            lines.append(raw)
        if len(lines) > MAX_LINES:
            break
    return lines


def _split(line: str) -> tuple[str, dict[str, str], str]:
    """NAME;PARAM=V;...:VALUE -> (NAME, params, VALUE); quoted parameter values may hold ':' and ';'."""
    head, value, params = "", "", {}
    match = re.match(r'^((?:[^:";]|"[^"]*")*(?:;(?:[^:";]|"[^"]*")*)*):(.*)$', line)
    if not match:
        return "", {}, ""
    head, value = match[1], match[2]
    parts = re.findall(r'(?:[^;"]|"[^"]*")+', head)
    name = parts[0].upper() if parts else ""
    for part in parts[1:]:
        key, _, val = part.partition("=")
        params[key.strip().upper()] = val.strip().strip('"')
    return name, params, value


def _text(value: str) -> str:
    return re.sub(r"\\([,;\\nN])", lambda m: "\n" if m[1] in "nN" else m[1], value).strip()[:500]


def _zone(name: str | None) -> tzinfo | None:
    if not name:
        return None
    name = name.strip().strip("/")
    try:
        return ZoneInfo(WINDOWS_ZONES.get(name.lower(), name))
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def _start(value: str, params: dict[str, str], local: tzinfo | None) -> datetime | date | None:
    value = value.strip()
    try:
        if params.get("VALUE", "").upper() == "DATE" or re.fullmatch(r"\d{8}", value):
            return datetime.strptime(value, "%Y%m%d").date()
        moment = datetime.strptime(value.rstrip("Zz"), "%Y%m%dT%H%M%S")
    except ValueError:
        return None
    zone = UTC if value[-1:] in "Zz" else _zone(params.get("TZID"))
    if zone is None:
        return moment  # floating or unknown zone: as written, the seeker's local time
    return moment.replace(tzinfo=zone).astimezone(local).replace(tzinfo=None)


def read_invitation(text: str, local: tzinfo | None = None) -> Invitation | None:
    """The meeting in an iCalendar text, in `local` time (None: the machine's zone); None when there is none."""
    method, uid, sequence, summary = "", "", 0, ""
    start: datetime | date | None = None
    attendees: list[tuple[str, str]] = []
    in_event = False
    for line in _unfold(text):
        name, params, value = _split(line)
        if name == "METHOD" and not in_event:
            method = value.strip().upper()
        elif name == "BEGIN" and value.strip().upper() == "VEVENT":
            if in_event or start is not None:
                break  # only the first event
            in_event = True
        elif name == "END" and value.strip().upper() == "VEVENT":
            in_event = False
            break
        elif in_event and name == "UID":
            uid = value.strip()[:300]
        elif in_event and name == "SEQUENCE":
            sequence = int(value) if value.strip().isdigit() and len(value) < 6 else 0
        elif in_event and name == "SUMMARY":
            summary = _text(value)
        elif in_event and name == "DTSTART":
            start = _start(value, params, local)
        elif in_event and name in ("ATTENDEE", "ORGANIZER"):
            address = re.sub(r"^mailto:", "", value.strip(), flags=re.IGNORECASE)[:300]
            if "@" in address:
                attendees.append((params.get("CN", "")[:200], address.lower()))
    if method not in ("REQUEST", "CANCEL") or start is None:
        return None
    return Invitation(method, uid, sequence, summary, start, tuple(attendees))

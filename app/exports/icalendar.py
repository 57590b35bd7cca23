"""The agenda as iCalendar: one all-day VEVENT an item, each with a reminder.

Events, not VTODOs, because the big calendar apps ignore tasks. Each UID is
derived from the process (company + role) and what the action counts from, so
importing tomorrow's export updates today's events instead of duplicating them;
DTSTAMP is the agenda date, so the same agenda always gives the same bytes.
Items already due are placed on the agenda date (a reminder in the past helps
nobody); upcoming ones on their due date, so a `decide` sits on the offer's
deadline, with a first reminder the morning before. A move-on's description
says what it suggests closing the process as.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from app.exports.common import ACTION_TITLES, clean, closing, who
from app.plural import plural
from app.rules.agenda import Action, Agenda


def escape(text: str) -> str:
    """RFC 5545 TEXT escaping: backslash, semicolon, comma and newlines."""
    text = clean(text, keep_newlines=True)
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    out: list[str] = []
    current = ""
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def uid(action: Action) -> str:
    """Stable for the same action of the same process."""
    digest = hashlib.sha256(f"{action.company}\x1f{action.role}\x1f{action.key}".encode()).hexdigest()
    return f"{digest[:32]}@nudge"


def _event(action: Action, agenda: Agenda) -> list[str]:
    day = max(action.due, agenda.date)
    summary = f"{ACTION_TITLES[action.action]}: {action.company} - {action.role}"
    details = [action.reason, f"Contact: {who(action)}", f"Due: {action.due.isoformat()}"]
    if action.overdue:
        details.append(f"Overdue by {plural(action.overdue, 'business day')}")
    then = closing(action)
    if then:
        details.append(f"Then: {then}")
    if action.message:
        details += ["", action.message]
    # An offer's answer is due on its deadline: the event sits on that day, and a first
    # reminder comes the morning before, while there is still time to weigh it.
    early = [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{escape(summary)}",
        "TRIGGER;RELATED=START:-PT15H",
        "END:VALARM",
    ]
    return [
        "BEGIN:VEVENT",
        f"UID:{uid(action)}",
        f"DTSTAMP:{agenda.date:%Y%m%d}T000000Z",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape(summary)}",
        f"DESCRIPTION:{escape(chr(10).join(details))}",
        "TRANSP:TRANSPARENT",
        *(early if action.action == "decide" and action.due > agenda.date else []),
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{escape(summary)}",
        "TRIGGER;RELATED=START:PT9H",
        "END:VALARM",
        "END:VEVENT",
    ]


def render(agenda: Agenda) -> str:
    """A whole VCALENDAR, CRLF line endings, folded lines."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Nudge//Nudge agenda//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Nudge",
    ]
    for action in (*agenda.due, *agenda.upcoming):
        lines += _event(action, agenda)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)

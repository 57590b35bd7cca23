"""Whom to contact.

A recruiter's advice in one function: an agency's headhunter owns the process;
otherwise talk to the recruiter you have worked with most; a hiring manager
only when they said it is fine; never go around the recruiter.
"""

from __future__ import annotations

from datetime import date

from app.rules.values import Contact, Process

GATEKEEPERS = frozenset({"headhunter", "recruiter"})
"""Roles that carry communication for the company."""

NEEDS_PERMISSION = frozenset({"hiring_manager", "interviewer"})
"""Roles not to write to unless they said so (`direct_ok`)."""


def route(process: Process, today: date) -> Contact | None:
    """The person to send a follow-up, check-in or move-on note to, or None."""
    for contact in process.contacts:
        if contact.role == "headhunter":
            return contact
    recruiters = [c for c in process.contacts if c.role == "recruiter"]
    if recruiters:
        exchanged = {c.name: 0 for c in recruiters}
        for message in process.messages:
            if message.contact in exchanged and message.at.day <= today:
                exchanged[message.contact] += 1
        # max() keeps the first of equals, and contacts are in the order they were added.
        return max(recruiters, key=lambda c: exchanged[c.name])
    for contact in process.contacts:
        if contact.role == "hiring_manager" and contact.direct_ok:
            return contact
    return None


def goes_around_recruiter(process: Process, contact: Contact | None) -> Contact | None:
    """The recruiter or headhunter bypassed by writing to `contact`, or None if it is fine."""
    if contact is None or contact.role not in NEEDS_PERMISSION or contact.direct_ok:
        return None
    gatekeepers = [c for c in process.contacts if c.role in GATEKEEPERS]
    if not gatekeepers:
        return None
    headhunters = [c for c in gatekeepers if c.role == "headhunter"]
    return (headhunters or gatekeepers)[0]

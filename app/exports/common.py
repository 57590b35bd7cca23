"""What every agenda format shares: action names, dates, safe text."""

from __future__ import annotations

import re
from typing import Final

from app.domain import ActionKind
from app.plural import plural
from app.rules.agenda import Action, Agenda, contact_label
from app.rules.ladder import say_date
from app.safe_text import CONTROL_CHARACTERS

ACTION_TITLES: Final = {kind.value: kind.heading for kind in ActionKind}
"""Action -> its heading ("Send a thank-you"), as ActionKind says it."""

_CONTROL = re.compile(f"[{CONTROL_CHARACTERS}\r\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: str, *, keep_newlines: bool = False) -> str:
    """Text with control and bidi-override characters removed, so a name cannot repaint a terminal.

    Tabs and (optionally) newlines survive; everything else invisible is dropped.
    """
    text = _CONTROL.sub("", text.replace("\r\n", "\n"))
    return text if keep_newlines else " ".join(text.split())


def when(action: Action, agenda: Agenda) -> str:
    """ "today", "Tue 1 Dec", or "since Mon 30 Nov, 2 business days overdue".

    An item due before a day off (Friday's, read on Saturday) is not overdue
    yet, but is still past: it says "since Fri 27 Nov", not a bare date that
    reads like an upcoming one.
    """
    if action.due == agenda.date:
        return "today"
    if action.overdue:
        return f"since {say_date(action.due)}, {plural(action.overdue, 'business day')} overdue"
    if action.due < agenda.date:
        return f"since {say_date(action.due)}"
    return say_date(action.due)


def who(action: Action) -> str:
    """The contact with role and email, in one line."""
    label = contact_label(action.contact)
    if action.contact is not None and action.contact.email:
        label += f" <{action.contact.email}>"
    return clean(label)


def closing(action: Action) -> str | None:
    """ "close as rejected" for a move-on (what it suggests the process be closed as); None otherwise.

    A suggestion only: nothing is closed until the seeker says so.
    """
    return f"close as {action.close_as}" if action.action == "move_on" and action.close_as else None


def headline(action: Action) -> str:
    """ "Follow up: Acme - Data Engineer"."""
    return f"{ACTION_TITLES[action.action]}: {clean(action.company)} - {clean(action.role)}"


def long_date(agenda: Agenda) -> str:
    """ "Mon 7 Dec 2026"."""
    return f"{say_date(agenda.date)} {agenda.date.year}"

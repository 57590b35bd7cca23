"""The agenda as JSON, exactly the shape of the agenda format.

Text is written as stored, but never a raw control character: `json` already
escapes C0 controls (ESC is written `\\u001b`), and DEL, the C1 controls
(U+0080..U+009F, which some terminals obey as escape sequences) and U+2028/9
are escaped here too. An escape keeps the value exact for a program reading
the file and is inert on a terminal showing it.
"""

from __future__ import annotations

import re
from typing import Any, Final

from app.exports import pretty_json
from app.rules.agenda import Action, Agenda

_RAW: Final = re.compile("[\x7f-\x9f\u2028\u2029]")


def action_json(action: Action) -> dict[str, Any]:
    """One item of `due` or `upcoming`; a move-on also says what it suggests closing as (`close_as`)."""
    contact = None
    if action.contact is not None:
        contact = {"name": action.contact.name, "role": action.contact.role, "email": action.contact.email}
    item: dict[str, Any] = {
        "process_id": action.process_id,
        "company": action.company,
        "role": action.role,
        "action": action.action,
        "due": action.due.isoformat(),
        "overdue": action.overdue,
        "contact": contact,
        "reason": action.reason,
        "message": action.message,
    }
    if action.action == "move_on":
        item["close_as"] = action.close_as or "ghosted"
    return item


def agenda_json(agenda: Agenda) -> dict[str, Any]:
    """The whole agenda as a JSON-ready dict."""
    return {
        "date": agenda.date.isoformat(),
        "due": [action_json(a) for a in agenda.due],
        "upcoming": [action_json(a) for a in agenda.upcoming],
    }


def render(agenda: Agenda) -> str:
    """Indented, UTF-8, newline-terminated."""
    text = pretty_json.dumps(agenda_json(agenda)) + "\n"
    # Outside strings JSON has only ASCII punctuation, so every match is inside a string.
    return _RAW.sub(lambda found: f"\\u{ord(found[0]):04x}", text)

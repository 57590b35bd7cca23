"""The agenda as JSON, exactly the shape interchange.md fixes."""

from __future__ import annotations

import json
from typing import Any

from app.rules.agenda import Action, Agenda


def action_json(action: Action) -> dict[str, Any]:
    """One item of `due` or `upcoming`."""
    contact = None
    if action.contact is not None:
        contact = {"name": action.contact.name, "role": action.contact.role, "email": action.contact.email}
    return {
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


def agenda_json(agenda: Agenda) -> dict[str, Any]:
    """The whole agenda as a JSON-ready dict."""
    return {
        "date": agenda.date.isoformat(),
        "due": [action_json(a) for a in agenda.due],
        "upcoming": [action_json(a) for a in agenda.upcoming],
    }


def render(agenda: Agenda) -> str:
    """Indented, UTF-8, newline-terminated."""
    return json.dumps(agenda_json(agenda), indent=2, ensure_ascii=False) + "\n"

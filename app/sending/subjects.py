"""The subject line of each kind of suggested message, defined once.

Keyed by template kind (which covers every action that carries a message), so
a follow-up on an application and a move-on after their "no" get subjects
that match their text. A subject names the role and the company, as a person
would when writing about one application among several.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from app.rules.agenda import Action
from app.rules.templates import template_kind
from app.safe_text import safe_text

SUBJECTS: Final[Mapping[str, str]] = {
    "follow_up": "Following up: {role} at {company}",
    "application_follow_up": "Following up on my application: {role} at {company}",
    "check_in": "Checking in: {role} at {company}",
    "thank_you": "Thank you: {role} at {company}",
    "move_on": "Closing the loop: {role} at {company}",
    "rejected": "Thanks for letting me know: {role} at {company}",
}
"""One subject per template kind; `{role}` and `{company}` are filled in."""

FALLBACK_SUBJECT: Final = "{role} at {company}"
"""For an action without a template of its own (a prepare or a decide, should one ever be sent)."""

_SPACES: Final = re.compile(r"\s+")


def one_line(text: str) -> str:
    """Text fit for a subject: line breaks and runs of spaces as one space, controls replaced."""
    return safe_text(_SPACES.sub(" ", text), one_line=True).strip()


def subject(kind: str, role: str, company: str) -> str:
    """The subject for a message of template (or action) `kind` about `role` at `company`."""
    pattern = SUBJECTS.get(kind, FALLBACK_SUBJECT)
    return one_line(pattern.format(role=one_line(role), company=one_line(company)))


def subject_for(action: Action) -> str:
    """The subject for an agenda action's suggested message.

    An `Action` does not say whether a follow-up counts from an application,
    so a follow-up gets the plain "Following up" subject, which fits both.
    """
    return subject(template_kind(action.action, None, action.close_as), action.role, action.company)

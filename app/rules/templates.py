"""Suggested messages: editable templates and their filling.

Templates are data, not code: the defaults below are written for Nudge, the
user can replace any of them, and the backup carries the replacements. Filling
never fails: a placeholder the user misspelt is left as typed, so the message
still shows and the mistake is visible; `check_template` reports it up front.

`{interview}` is the kind as a person says it without an article ("onsite",
"recruiter screen"), so a template writes "the {interview}"; when an action
counts from an application it is "application", and `{interview_date}` is then
the application's date.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Final

from app.errors import BadInput

TEMPLATE_KINDS: Final = ("follow_up", "application_follow_up", "check_in", "thank_you", "move_on", "rejected")

PLACEHOLDERS: Final = ("first_name", "role", "company", "interview", "interview_date", "your_name")

_DEFAULTS: Final = {
    "follow_up": (
        "Hi {first_name},\n\n"
        "I hope your week is going well. I wanted to check where things stand on the {role} "
        "role at {company} after the {interview} on {interview_date}. I am still very keen on "
        "the position and happy to share anything else that would help.\n\n"
        "Thank you,\n{your_name}"
    ),
    "check_in": (
        "Hi {first_name},\n\n"
        "I am writing to ask, openly, whether a decision has been reached on the {role} role at "
        "{company}. If the team is still weighing things up, any feedback on my application "
        "would help me a great deal, and so would knowing whether I should keep other options "
        "open. I remain very interested either way.\n\n"
        "Many thanks,\n{your_name}"
    ),
    "thank_you": (
        "Hi {first_name},\n\n"
        "Thank you for taking the time to talk with me on {interview_date} about the {role} "
        "role. I enjoyed learning how the team works, and our conversation made me even more "
        "interested in joining {company}.\n\n"
        "Best regards,\n{your_name}"
    ),
    "move_on": (
        "Hi {first_name},\n\n"
        "Since I have not heard back about the {role} role, I will assume {company} has moved "
        "forward with other candidates, and I will focus my search elsewhere. Thank you for "
        "your time and consideration; I would be glad to stay in touch for future openings.\n\n"
        "All the best,\n{your_name}"
    ),
    "application_follow_up": (
        "Hi {first_name},\n\n"
        "I recently applied for the {role} role at {company} and wanted to follow up briefly. "
        "I would welcome the chance to talk about how I could help the team, and I am happy "
        "to send anything else that would be useful.\n\n"
        "Thank you for your time,\n{your_name}"
    ),
    "rejected": (
        "Hi {first_name},\n\n"
        "Thank you for letting me know, and for considering me for the {role} role. I would "
        "be glad if you kept me in mind for future openings at {company}, and I wish you and "
        "the team all the best.\n\n"
        "Kind regards,\n{your_name}"
    ),
}

DEFAULT_TEMPLATES: Final[Mapping[str, str]] = {kind: _DEFAULTS[kind] for kind in TEMPLATE_KINDS}
"""The default of every kind, in the order of `TEMPLATE_KINDS`."""


def template_kind(action: str, timing: str | None, close_as: str | None) -> str:
    """Which template an action's message comes from.

    A follow-up on an application asks about the application, not an
    interview; a move-on after their "no" thanks them rather than assuming
    silence. Every other action has the template of its own name.
    """
    if action == "follow_up" and timing == "application":
        return "application_follow_up"
    if action == "move_on" and close_as == "rejected":
        return "rejected"
    return action


def placeholders_in(template: str) -> list[str]:
    """The placeholder names a template uses, in order; raise ValueError on broken braces."""
    return [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]


def check_template(kind: str, template: str) -> None:
    """Raise BadInput unless `template` is a known kind with only known placeholders."""
    if kind not in TEMPLATE_KINDS:
        raise BadInput(f"unknown template {kind!r} (one of {', '.join(TEMPLATE_KINDS)})")
    try:
        names = placeholders_in(template)
    except ValueError as exc:
        raise BadInput(f"broken placeholder braces ({exc}); write {{{{ or }}}} for a literal brace") from None
    unknown = sorted({n for n in names if n not in PLACEHOLDERS})
    if unknown:
        raise BadInput(f"unknown placeholder {{{unknown[0]}}} (use {', '.join('{' + p + '}' for p in PLACEHOLDERS)})")


class _KeepUnknown(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, values: Mapping[str, str]) -> str:
    """Fill a template; unknown placeholders stay as typed, a trailing empty signature goes."""
    try:
        text = string.Formatter().vformat(template, (), _KeepUnknown(values))
    except (ValueError, IndexError, AttributeError, KeyError):
        text = template
    return "\n".join(line.rstrip() for line in text.strip().splitlines()).strip()

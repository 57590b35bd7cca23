"""The agenda as Markdown, for notes apps: names escaped so they cannot break the layout."""

from __future__ import annotations

import re

from app.exports.common import clean, closing, headline, long_date, when, who
from app.rules.agenda import Action, Agenda

_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~=&$])")
"""Every ASCII character that can start markup: `=` (a setext heading underline),
`&` (an entity such as `&amp;`) and `$` (math in GitHub and Obsidian) included."""


def escape(text: str) -> str:
    """Markdown-inert text: every character with a meaning is backslash-escaped."""
    return _SPECIAL.sub(r"\\\1", clean(text))


def _item(lines: list[str], action: Action, agenda: Agenda) -> None:
    lines.append(f"### {escape(headline(action))}")
    lines.append("")
    lines.append(f"- **When:** {escape(when(action, agenda))}")
    lines.append(f"- **To:** {escape(who(action))}")
    lines.append(f"- **Why:** {escape(action.reason)}")
    then = closing(action)
    if then:
        lines.append(f"- **Then:** {escape(then)}")
    if action.message:
        lines.append("")
        lines.extend(f"> {escape(line)}".rstrip() for line in clean(action.message, keep_newlines=True).splitlines())
    lines.append("")


def render(agenda: Agenda) -> str:
    """Markdown with a section for today and one for the days ahead."""
    lines = [f"# Nudge agenda for {escape(long_date(agenda))}", "", "## To do today", ""]
    if not agenda.due:
        lines += ["Nothing is due today.", ""]
    for action in agenda.due:
        _item(lines, action, agenda)
    lines += [f"## Coming up in the next {agenda.days} business days", ""]
    if not agenda.upcoming:
        lines += ["Nothing else coming up.", ""]
    for action in agenda.upcoming:
        _item(lines, action, agenda)
    return "\n".join(lines).rstrip("\n") + "\n"

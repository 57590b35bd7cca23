"""The agenda for a terminal: readable at a glance, messages indented under their item."""

from __future__ import annotations

from app.exports.common import clean, closing, headline, long_date, when, who
from app.rules.agenda import Action, Agenda, why


def _item(lines: list[str], n: int, action: Action, agenda: Agenda) -> None:
    lines.append(f"{n:>2}. {headline(action)}  [{when(action, agenda)}]")
    lines.append(f"    To:  {who(action)}")
    lines.append(f"    Why: {clean(why(action))}")
    then = closing(action)
    if then:
        lines.append(f"    Then: {then}")
    if action.message:
        lines.append("    Message:")
        lines.extend(f"      {clean(line)}".rstrip() for line in clean(action.message, keep_newlines=True).splitlines())
    lines.append("")


def render(agenda: Agenda) -> str:
    """Plain text, one block per item."""
    lines = [f"Nudge agenda for {long_date(agenda)}", ""]
    if agenda.due:
        lines += [f"To do today ({len(agenda.due)})", ""]
        for n, action in enumerate(agenda.due, 1):
            _item(lines, n, action, agenda)
    else:
        lines += ["Nothing is due today.", ""]
    if agenda.upcoming:
        lines += [f"Coming up in the next {agenda.days} business days ({len(agenda.upcoming)})", ""]
        for n, action in enumerate(agenda.upcoming, 1):
            _item(lines, n, action, agenda)
    else:
        lines += [f"Nothing else in the next {agenda.days} business days.", ""]
    return "\n".join(lines).rstrip("\n") + "\n"

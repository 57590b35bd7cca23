"""The agenda for a date: what is due, most urgent first, then what is coming.

This is the single place the dashboard, `nudge agenda` and every export get
their items from, so they can never disagree.

Open processes (active, or an offer in hand) get actions: a `prepare` for
each scheduled interview, a `decide` for an offer with a deadline, a timely
thank-you; only active ones climb the follow-up ladder. Ties on a date are
ordered by action, then company, then role, compared case-insensitively first
and as written only to break what is still tied (so "Acme" and "acme" are
treated as one company, ordered by role).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from app.plural import plural
from app.rules.calendar import BusinessCalendar, CalendarBook
from app.rules.ladder import Anchor, History, Step, ladder_step, say_date, thank_you_step
from app.rules.routing import route
from app.rules.templates import DEFAULT_TEMPLATES, fill, template_kind
from app.rules.values import ACTIONS, ROLE_LABELS, Contact, Interview, Process, Settings

DEFAULT_HORIZON = 5
_ACTION_RANK = {name: rank for rank, name in enumerate(ACTIONS)}


@dataclass(frozen=True, slots=True)
class Action:
    """One thing to do for one process, with whom, why, and what to write."""

    process_id: int
    company: str
    role: str
    action: str
    due: date
    overdue: int
    contact: Contact | None
    reason: str
    message: str | None
    key: str
    """Stable identity of the action (what it counts from), for calendar UIDs."""
    close_as: str | None = None
    """For a move-on: the status it suggests closing as, "ghosted" or "rejected"; else None."""

    def sort_key(self) -> tuple[int, str, str, str, str]:
        """Action, then company, then role (case-insensitive first, exact to break ties)."""
        return (_ACTION_RANK[self.action], self.company.casefold(), self.role.casefold(), self.company, self.role)


@dataclass(frozen=True, slots=True)
class Agenda:
    """The agenda for `date`: due items (due <= date) and upcoming ones within `days` bd."""

    date: date
    days: int
    due: tuple[Action, ...]
    upcoming: tuple[Action, ...]


def _first_met(process: Process, interview: Interview) -> Contact | None:
    for name in interview.with_:
        contact = process.contact(name)
        if contact is not None:
            return contact
    return None


def _prepare(process: Process, interview: Interview, routed: Contact | None) -> tuple[str, Contact | None]:
    met = [process.contact(n) for n in interview.with_]
    names = [c.name for c in met if c is not None]
    when = say_date(interview.at.day)
    if interview.at.timed:
        when += f" at {interview.at.value:%H:%M}"
    who = f" with {', '.join(names)}" if names else ""
    return f"{interview.label} on {when}{who}", _first_met(process, interview) or routed


def actions_for(
    process: Process,
    today: date,
    cal: BusinessCalendar,
    settings: Settings,
    templates: Mapping[str, str] = DEFAULT_TEMPLATES,
) -> list[Action]:
    """Every action an open process has as of `today`, whatever its due date."""
    if not process.is_open:
        return []
    history = History.of(process, today)
    routed = route(process, today)
    actions: list[Action] = []

    def add(
        kind: str,
        due: date,
        reason: str,
        contact: Contact | None,
        anchor: Anchor | None,
        key: str,
        close_as: str | None = None,
    ) -> None:
        message = None
        if kind not in ("prepare", "decide"):
            tkind = template_kind(kind, anchor.timing if anchor else None, close_as)
            message = fill(
                templates.get(tkind) or DEFAULT_TEMPLATES[tkind],
                {
                    "first_name": contact.first_name if contact else "there",
                    "role": process.role,
                    "company": process.company,
                    "interview": anchor.label if anchor else "interview",
                    "interview_date": say_date(anchor.day) if anchor else "",
                    "your_name": settings.your_name,
                },
            )
        actions.append(
            Action(
                process.id,
                process.company,
                process.role,
                kind,
                due,
                cal.between(due, today),
                contact,
                _with_contact_note(reason, kind, contact),
                message,
                key,
                close_as,
            )
        )

    for interview in history.scheduled:
        reason, contact = _prepare(process, interview, routed)
        add("prepare", interview.at.day, reason, contact, None, f"prepare:{interview.kind}@{interview.at.iso()}")
    if process.status == "offer" and process.deadline is not None:
        reason = f"your answer to the offer is due by {say_date(process.deadline)}"
        add("decide", process.deadline, reason, routed, None, "decide")
    thanks: Step | None = thank_you_step(history, today, cal, settings.timing)
    if thanks is not None and thanks.interview is not None:
        met = _first_met(process, thanks.interview) or routed
        add(thanks.kind, thanks.due, thanks.reason, met, thanks.anchor, thanks.key)
    step = ladder_step(history, cal, settings.timing)
    if step is not None:
        add(step.kind, step.due, step.reason, routed, step.anchor, step.key, step.close_as)
    return actions


def _with_contact_note(reason: str, kind: str, contact: Contact | None) -> str:
    """Say plainly when nobody can be written to, rather than hiding the action."""
    if contact is None and kind in ("follow_up", "check_in", "move_on"):
        return f"{reason}; no one to contact yet: add the recruiter"
    return reason


def why(action: Action) -> str:
    """The "Why:" line every view shows: the reason, and for an overdue item how late it now is.

    "5 business days since your check-in on Tue 10 Nov (now 10 business days late)":
    the reason alone reads as if only 5 had passed. The reason itself (as exported
    in JSON) is left as it is.
    """
    if action.overdue <= 0:
        return action.reason
    return f"{action.reason} (now {plural(action.overdue, 'business day')} late)"


def contact_label(contact: Contact | None) -> str:
    """ "Rita Ray (recruiter)" or "no contact"."""
    if contact is None:
        return "no contact"
    return f"{contact.name} ({ROLE_LABELS.get(contact.role, contact.role)})"


def arrange(
    groups: Iterable[tuple[BusinessCalendar, Iterable[Action]]], today: date, days: int = DEFAULT_HORIZON
) -> Agenda:
    """Split actions into due and upcoming (each group's horizon on its own calendar) and order them."""
    due: list[Action] = []
    upcoming: list[Action] = []
    for cal, actions in groups:
        horizon = cal.add(today, days)
        for action in actions:
            if action.due <= today:
                due.append(action)
            elif action.due <= horizon:
                upcoming.append(action)
    due.sort(key=lambda a: (-a.overdue, *a.sort_key(), a.due, a.process_id))
    upcoming.sort(key=lambda a: (a.due, *a.sort_key(), a.process_id))
    return Agenda(today, days, tuple(due), tuple(upcoming))


def build_agenda(
    processes: Iterable[Process],
    today: date,
    settings: Settings,
    templates: Mapping[str, str] = DEFAULT_TEMPLATES,
    days: int = DEFAULT_HORIZON,
    book: CalendarBook | None = None,
) -> Agenda:
    """The agenda for `today`: each process counted on its own hiring team's calendar."""
    calendars = book or CalendarBook(settings)
    groups = (
        (cal, actions_for(process, today, cal, settings, templates))
        for process in processes
        if process.is_open
        for cal in (calendars.for_process(process),)
    )
    return arrange(groups, today, days)

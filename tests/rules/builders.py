"""Concise builders for the rules' values, so a test reads like the story it checks.

Dates are ISO strings ("2026-11-30", or "2026-11-30T14:00" for a timed moment);
every builder returns the real frozen dataclasses the rules work on.
"""

from __future__ import annotations

from datetime import date

from app.rules.agenda import Action, Agenda, actions_for, build_agenda
from app.rules.calendar import BusinessCalendar, CalendarBook
from app.rules.ladder import History, Step, ladder_step, thank_you_step
from app.rules.values import Contact, Interview, Message, Moment, Process, Settings

SEEKER = "Sam Seeker"
SETTINGS = Settings(your_name=SEEKER)


def day(text: str) -> date:
    """A date from its ISO text."""
    return date.fromisoformat(text)


def recruiter(name: str = "Rita Ray") -> Contact:
    """A corporate recruiter, with an email address made from the first name."""
    return Contact(name=name, role="recruiter", email=f"{name.split(maxsplit=1)[0].lower()}@example.com")


def headhunter(name: str = "Hugo Hunt") -> Contact:
    """An agency's headhunter."""
    return Contact(name=name, role="headhunter")


def hiring_manager(name: str = "Mia Manager", *, direct_ok: bool = False) -> Contact:
    """A hiring manager; `direct_ok` when they said writing to them directly is fine."""
    return Contact(name=name, role="hiring_manager", direct_ok=direct_ok)


def interviewer(name: str = "Ivan Inter", *, direct_ok: bool = False) -> Contact:
    """An interviewer on the hiring team."""
    return Contact(name=name, role="interviewer", direct_ok=direct_ok)


def interview(kind: str, when: str, *with_: str, iid: int = 0, expect_by: str | None = None) -> Interview:
    """An interview of `kind` on `when`, with the named contacts; `expect_by` when they promised an answer."""
    return Interview(kind=kind, at=Moment.parse(when), with_=tuple(with_), id=iid, expect_by=_day(expect_by))


def screen(when: str, *with_: str, expect_by: str | None = None) -> Interview:
    """A recruiter screen: the usual first interview."""
    return interview("recruiter_screen", when, *with_, expect_by=expect_by)


def onsite(when: str, *with_: str, expect_by: str | None = None) -> Interview:
    """An onsite: a later-stage interview."""
    return interview("onsite", when, *with_, expect_by=expect_by)


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def sent(when: str, purpose: str = "follow_up", to: str | None = "Rita Ray") -> Message:
    """An outbound message (a nudge by default) to `to`."""
    return Message(at=Moment.parse(when), direction="out", contact=to, purpose=purpose)


def applied(when: str, to: str | None = None) -> Message:
    """An application sent on `when` (through a careers page by default: to nobody)."""
    return Message(at=Moment.parse(when), direction="out", contact=to, purpose="application")


def received(
    when: str,
    purpose: str = "reply",
    sender: str | None = "Rita Ray",
    text: str = "",
    *,
    signal: str | None = None,
    expect_by: str | None = None,
) -> Message:
    """An inbound message (a reply by default) from `sender`; `expect_by` when it promised an answer."""
    return Message(
        at=Moment.parse(when),
        direction="in",
        contact=sender,
        purpose=purpose,
        signal=signal,
        text=text,
        expect_by=_day(expect_by),
    )


def said_no(when: str, sender: str | None = "Rita Ray") -> Message:
    """Their "no": an inbound reply with signal negative."""
    return received(
        when, sender=sender, text="We have decided to move forward with another candidate.", signal="negative"
    )


def process(
    company: str = "Acme",
    role: str = "Data Engineer",
    *,
    contacts: tuple[Contact, ...] | None = None,
    interviews: tuple[Interview, ...] = (),
    messages: tuple[Message, ...] = (),
    status: str = "active",
    country: str | None = None,
    subdivision: str | None = None,
    pid: int = 1,
    deadline: str | None = None,
    wait_until: str | None = None,
) -> Process:
    """A process; by default with one recruiter, Rita Ray."""
    return Process(
        company=company,
        role=role,
        status=status,
        country=country,
        subdivision=subdivision,
        contacts=(recruiter(),) if contacts is None else contacts,
        interviews=interviews,
        messages=messages,
        id=pid,
        deadline=_day(deadline),
        wait_until=_day(wait_until),
    )


def calendar_of(proc: Process, settings: Settings = SETTINGS) -> BusinessCalendar:
    """The calendar the rules count this process's days on."""
    return CalendarBook(settings).for_process(proc)


def ladder(proc: Process, today: str, settings: Settings = SETTINGS) -> Step | None:
    """The ladder's next step for `proc` as of `today`."""
    return ladder_step(History.of(proc, day(today)), calendar_of(proc, settings), settings.timing)


def thank_you(proc: Process, today: str, settings: Settings = SETTINGS) -> Step | None:
    """The thank-you step for `proc` as of `today`, if any."""
    return thank_you_step(History.of(proc, day(today)), day(today), calendar_of(proc, settings), settings.timing)


def actions(proc: Process, today: str, settings: Settings = SETTINGS) -> list[Action]:
    """Every action `proc` has as of `today`, whatever its due date."""
    return actions_for(proc, day(today), calendar_of(proc, settings), settings)


def kinds(proc: Process, today: str, settings: Settings = SETTINGS) -> list[tuple[str, date]]:
    """(action, due) pairs of `proc` as of `today`, sorted by due date then action."""
    return sorted(((a.action, a.due) for a in actions(proc, today, settings)), key=lambda p: (p[1], p[0]))


def agenda(today: str, *procs: Process, settings: Settings = SETTINGS, days: int = 5) -> Agenda:
    """The agenda for `today` over `procs`."""
    return build_agenda(procs, day(today), settings, days=days)

"""The one set of rules a record must meet before it is stored, whoever made it.

A backup file, a spreadsheet row and a form all end up as the same records
(app.domain.records), and all are checked here, on the records themselves:
the backup reader turns JSON into records and checks them, the spreadsheet
import builds records from cells and checks them (no JSON in between), and
the forms check what is typed with the same text rule. So a spreadsheet can
hold nothing a backup file could not, and the same bad value is refused with
the same words everywhere.

A problem says where it is as a path inside the record, in the backup
format's own names (`interviews[0].at`, `contacts[1]`); each caller puts its
own place in front: `processes[2].` for a file, `FILE, row 7 (...)` for a
spreadsheet. The first problem found is raised; its message quotes no
personal data beyond the value the person has to fix.

Checking also normalises, so what is stored has one form: names and
one-line fields trimmed, an empty optional field is None, CRLF is LF,
country and subdivision codes canonical, interviews and messages in time
order, a contact named twice in an interview's `with` kept once.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import replace
from datetime import date
from enum import StrEnum
from functools import cache
from typing import Any, Final, TypeVar

from app.domain.records import Contact, Interview, Message, Moment, Process
from app.domain.vocabulary import Direction, lookup
from app.errors import BadInput
from app.rules.calendar import check_place
from app.safe_text import MAX_TEXT, check_text, text_problem
from app.supported_dates import out_of_range, supported

E = TypeVar("E", bound=StrEnum)
R = TypeVar("R", Contact, Interview, Message, Process)
Part = str | int
"""A step of a path: a field name, or an index into a list."""

__all__ = [
    "MAX_TEXT",
    "Invalid",
    "check_contact",
    "check_day",
    "check_interview",
    "check_message",
    "check_moment",
    "check_process",
    "check_processes",
    "choose",
    "path_text",
    "text_problem",
    "tidy",
]

_MAX_SHOWN: Final = 60


def path_text(path: Sequence[Part]) -> str:
    """ "interviews[0].at": a path as messages and the backup format write it."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


class Invalid(BadInput):
    """A record's value is refused: `problem` says why, `path` where in the record.

    It is a BadInput, so a caller that lets it through still gets one clear line;
    `within` puts the caller's own place (a list index, a field) in front.
    """

    def __init__(self, problem: str, *path: Part) -> None:
        self.path: tuple[Part, ...] = path
        super().__init__(problem, path_text(path) or None)

    def within(self, *prefix: Part) -> Invalid:
        """The same problem, located one level further out."""
        return Invalid(self.problem, *prefix, *self.path)


def show(value: object) -> str:
    """A value as a message quotes it: on one line, invisible characters escaped, cut short."""
    shown = repr(str(value)) if isinstance(value, str) else repr(value)
    return shown if len(shown) <= _MAX_SHOWN else shown[: _MAX_SHOWN - 3] + "..."


def choose(kind: type[E], value: object, *path: Part) -> E:
    """The member of a vocabulary that `value` names; Invalid listing the words when it names none."""
    if isinstance(value, str):
        member: E | None = _members(kind).get(value)
        if member is not None:
            return member
    words = ", ".join(member.value for member in kind)
    raise Invalid(f"must be one of {words}; got {show(value)}", *path)


@cache
def _members(kind: type[E]) -> dict[str, E]:
    """Text -> member, once per vocabulary: a backup names a word 300,000 times."""
    return lookup(kind)


def _renewed(record: R, **checked: Any) -> R:
    """`record` with its checked values: itself when checking changed none (the usual case).

    Rebuilding every record of a 10,000-process backup (`dataclasses.replace`
    runs the whole constructor) cost as much as reading the file.
    """
    for name, value in checked.items():
        old = getattr(record, name)
        if old is not value and old != value:
            return replace(record, **checked)
    return record


def text(value: str, *path: Part, one_line: bool = True, blank: bool = True) -> str:
    """A text field by the one rule for all text (app.safe_text), CRLF read as LF."""
    try:
        value = check_text(value, one_line=one_line)
    except BadInput as exc:
        raise Invalid(exc.problem, *path) from None
    if not blank and not value.strip():
        raise Invalid("must not be empty", *path)
    return value


def _name(value: str, *path: Part) -> str:
    """A required one-line text (a company, a role, a contact's name), trimmed."""
    return text(value, *path, blank=False).strip()


def _optional(value: str | None, *path: Part) -> str | None:
    """An optional one-line text: trimmed, and None when it holds nothing."""
    if value is None:
        return None
    value = text(value, *path)
    return value if value.strip() else None


def check_day(day: date | None, *path: Part) -> date | None:
    """A day Nudge can count with (app.supported_dates), or None."""
    if day is not None and not supported(day):
        raise Invalid(out_of_range(show(day.isoformat())), *path)
    return day


def check_moment(moment: Moment, *path: Part) -> Moment:
    """A moment whose day Nudge can count with."""
    if not supported(moment.day):
        raise Invalid(out_of_range(show(moment.iso())), *path)
    return moment


def check_contact(contact: Contact) -> Contact:
    """A contact with a name, and one-line email and phone."""
    return _renewed(
        contact,
        name=_name(contact.name, "name"),
        email=_optional(contact.email, "email"),
        phone=_optional(contact.phone, "phone"),
    )


def _known(name: str, known: set[str], *path: Part) -> str:
    name = text(name, *path).strip()
    if name not in known:
        raise Invalid(f"no contact named {show(name)} in this process", *path)
    return name


def check_interview(interview: Interview, known: set[str]) -> Interview:
    """An interview on a day Nudge counts with, naming only contacts of its process (`known`)."""
    names: list[str] = []
    for i, given in enumerate(interview.with_):
        name = _known(given, known, "with", i)
        if name not in names:
            names.append(name)
    return _renewed(
        interview,
        at=check_moment(interview.at, "at"),
        with_=tuple(names),
        notes=text(interview.notes, "notes", one_line=False),
        expect_by=check_day(interview.expect_by, "expect_by"),
    )


def check_message(message: Message, known: set[str]) -> Message:
    """A message naming only a contact of its process; only one from them carries a signal or a promise."""
    contact = None if message.contact is None else _known(message.contact, known, "contact")
    if message.signal is not None and message.direction is not Direction.IN:
        raise Invalid("only a message from them (direction 'in') carries a signal", "signal")
    if message.expect_by is not None and message.direction is not Direction.IN:
        raise Invalid("only a message they sent can promise an answer", "expect_by")
    return _renewed(
        message,
        at=check_moment(message.at, "at"),
        contact=contact,
        channel=text(message.channel, "channel").strip() or "email",
        text=text(message.text, "text", one_line=False),
        expect_by=check_day(message.expect_by, "expect_by"),
    )


def _place(country: str | None, subdivision: str | None) -> tuple[str | None, str | None]:
    country, subdivision = _optional(country, "country"), _optional(subdivision, "subdivision")
    if country is None:
        if subdivision is not None:
            raise Invalid("a subdivision needs a country", "subdivision")
        return None, None
    try:
        return check_place(country, subdivision)
    except BadInput as exc:
        where = "subdivision" if "subdivision" in exc.problem else "country"
        raise Invalid(tidy(exc.problem), where) from None


def tidy(problem: str) -> str:
    """A problem from a shared check, which may quote the value whole: one line, kept short.

    Invisible characters are escaped (a template's `{a<newline>b}` is quoted as typed),
    and a long quote keeps its start and the hint at its end.
    """
    problem = "".join(c if c.isprintable() else repr(c)[1:-1] for c in problem)
    return problem if len(problem) <= 240 else f"{problem[:120]}...{problem[-100:]}"


def _no_repeats(keys: Sequence[Hashable], what: str, *path: Part) -> None:
    seen: dict[Hashable, int] = {}
    for i, key in enumerate(keys):
        if key in seen:
            raise Invalid(f"repeats {what} (first at [{seen[key]}])", *path, i)
        seen[key] = i


def check_process(process: Process) -> Process:
    """A process that may be stored: every field checked, in the order a backup file lists them."""
    company = _name(process.company, "company")
    role = _name(process.role, "role")
    country, subdivision = _place(process.country, process.subdivision)
    contacts: list[Contact] = []
    for i, contact in enumerate(process.contacts):
        try:
            contacts.append(check_contact(contact))
        except Invalid as exc:
            raise exc.within("contacts", i) from None
    _no_repeats([c.name for c in contacts], "a contact with this name", "contacts")
    known = {c.name for c in contacts}
    interviews: list[Interview] = []
    for i, interview in enumerate(process.interviews):
        try:
            interviews.append(check_interview(interview, known))
        except Invalid as exc:
            raise exc.within("interviews", i) from None
    _no_repeats([(i.kind, i.at.iso()) for i in interviews], "an interview of this kind at this time", "interviews")
    # Two messages may share time, direction, contact and purpose (two same-day replies
    # logged without a time): both are kept, and the writer matches them by order.
    messages: list[Message] = []
    for i, message in enumerate(process.messages):
        try:
            messages.append(check_message(message, known))
        except Invalid as exc:
            raise exc.within("messages", i) from None
    return _renewed(
        process,
        company=company,
        role=role,
        country=country,
        subdivision=subdivision,
        link=_optional(process.link, "link"),
        notes=text(process.notes, "notes", one_line=False),
        contacts=tuple(contacts),
        interviews=tuple(sorted(interviews, key=lambda i: i.at.value)),
        messages=tuple(sorted(messages, key=lambda m: m.at.value)),
        # Any status may carry a deadline (an application can have a closing date); only an
        # offer's gets a `decide`, so one kept from an offer taken back to active is harmless.
        deadline=check_day(process.deadline, "deadline"),
        wait_until=check_day(process.wait_until, "wait_until"),
    )


def check_processes(processes: Iterable[Process], *path: Part) -> tuple[Process, ...]:
    """Every process checked (located by its index under `path`), and no company and role given twice."""
    checked: list[Process] = []
    for i, process in enumerate(processes):
        try:
            checked.append(check_process(process))
        except Invalid as exc:
            raise exc.within(*path, i) from None
    _no_repeats([(p.company, p.role) for p in checked], "a process with this company and role", *path)
    return tuple(checked)

"""The dashboard's changes to the database, each with what to say and how to take it back and make it again.

Each function returns the `do` a save worker runs with the lock held: it
writes, and hands back a `Done` wrapping the storage's own change
(`app.storage.records.Changed`): the rows it touched as they were and as it
left them, so `u` undoes it and `ctrl+y` redoes it exactly, and neither
touches a record that a restore or an import put in its place.

Additions become changes through `Repository.added`; a status or a
wait-until day is an edit of the process (`Repository.edit_process`), so
every change redoes the same way. The sentences are what the notice says:
"Logged your follow-up to Rita Ray (Acme)".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from app.domain import Purpose
from app.rules.ladder import say_date
from app.rules.values import Contact, Interview, Message, Process
from app.storage.records import (
    Changed,
    Changes,
    ContactRef,
    InterviewRef,
    MessageRef,
    ProcessRef,
    Record,
    contact_ref,
    interview_ref,
    listing,
    message_ref,
    process_ref,
)
from app.storage.repository import Repository
from app.tui.undo import Done

if TYPE_CHECKING:
    from app.tui.forms import Edited, InterviewCancelled, NewInterview

Change = Callable[[Repository], Done]
"""A change, run by a save worker with the database lock held."""


def ref(process: Process) -> ProcessRef:
    """What a process is, for undo: its id together with its company and role."""
    return process_ref(process)


def entry_key(record: Interview | Message) -> str:
    """The Timeline row of an interview or a message, as the pane keys it."""
    return f"{'interview' if isinstance(record, Interview) else 'message'}:{record.id}"


def said_interview(interview: Interview, company: str, today: date) -> str:
    """ "Booked the onsite with Omar Haddad on Thu 10 Dec (Acme)"; "Logged" for one already held."""
    verb = "Booked" if interview.at.day >= today else "Logged"
    with_ = f" with {listing(interview.with_)}" if interview.with_ else ""
    return f"{verb} the {interview.label}{with_} on {say_date(interview.at.day)} ({company})"


def said_message(message: Message, company: str) -> str:
    """ "Logged your follow-up to Rita Ray (Acme)", "Logged their reply from Rita Ray (Acme)"."""
    purpose = Purpose(message.purpose)
    label = purpose.noun if purpose is not Purpose.OTHER else "message"
    whose, arrow = ("your", "to") if message.direction == "out" else ("their", "from")
    who = f" {arrow} {message.contact}" if message.contact else ""
    return f"Logged {whose} {label}{who} ({company})"


# Additions ------------------------------------------------------------------------------------


def add_process(process: Process) -> Change:
    """A new process (with the people typed with it); undo removes it while it is still as added."""

    def do(repo: Repository) -> Done:
        added = ProcessRef(repo.add_process(process), process.company, process.role)
        return Done.of(repo.added(added))

    return do


def add_contact(process: Process, contact: Contact) -> Change:
    """A person added to a process."""

    def do(repo: Repository) -> Done:
        added = ContactRef(ref(process), repo.add_contact(process.id, contact), contact.name)
        return Done.of(repo.added(added))

    return do


def _new_contacts(repo: Repository, process: Process, contacts: tuple[Contact, ...]) -> list[Changed]:
    """People first met at an interview, added to the process, each as a change."""
    owner = ref(process)
    return [repo.added(ContactRef(owner, repo.add_contact(process.id, c), c.name)) for c in contacts]


def add_interview(process: Process, result: NewInterview, today: date) -> Change:
    """An interview and the people first met at it; undo removes them all, redo puts them all back."""
    interview = result.interview

    def do(repo: Repository) -> Done:
        people = _new_contacts(repo, process, result.new_contacts)
        made = InterviewRef(ref(process), repo.add_interview(process.id, interview), interview.kind, interview.at.iso())
        change = Changes((*people, repo.added(made)))
        return Done.of(change, said_interview(interview, process.company, today), entry=f"interview:{made.id}")

    return do


def add_message(process: Process, message: Message) -> Change:
    """A message in or out, said back with its purpose and whom it was to or from."""

    def do(repo: Repository) -> Done:
        mid = repo.add_message(process.id, message)
        made = MessageRef(ref(process), mid, message.at.iso(), message.direction, message.contact, message.purpose)
        return Done.of(repo.added(made), said_message(message, process.company), entry=f"message:{mid}")

    return do


# The process's own fields: status, wait until, any edit ---------------------------------------


def _edit_stored(repo: Repository, process: Process, **fields: object) -> Changed:
    """Edit the process as it is stored now (not as the screen last saw it), changing only `fields`."""
    now = repo.process(process.id)
    if now is None or (now.company, now.role) != (process.company, process.role):
        from app.storage.editing import Gone  # with SQLAlchemy: kept off the first frame's imports

        raise Gone
    return repo.edit_process(ref(now), replace(now, **fields))  # type: ignore[arg-type]


def set_status(process: Process, current: Process, status: str, **dates: date | None) -> Change:
    """A new status (and `deadline` with an offer); undo puts back the status and those dates as they were."""

    def do(repo: Repository) -> Done:
        change = _edit_stored(repo, current, status=status, **dates)
        due = dates.get("deadline")
        said = f", answer due {say_date(due)}" if due else ""
        return Done.of(change, f"{process.company} · {process.role} is now {status}{said}")

    return do


def set_wait(process: Process, old: date | None, day: date | None) -> Change:
    """The day the process waits until (None clears it); undo puts back `old`."""

    def do(repo: Repository) -> Done:
        change = _edit_stored(repo, process, wait_until=day)
        said = f"waits until {say_date(day)}" if day else "no longer waits"
        return Done.of(change, f"{process.company} · {process.role} {said}")

    return do


def set_notes(process: Process, notes: str) -> Change:
    """New notes for the process (from the editor, or the notes box)."""

    def do(repo: Repository) -> Done:
        change = _edit_stored(repo, process, notes=notes)
        return Done.of(change, f"Saved the notes of {process.company} · {process.role}")

    return do


def edit_process(edited: Edited[Process]) -> Change:
    """The process's own fields as typed in its edit form; AlreadyTracked for a company + role taken."""

    def do(repo: Repository) -> Done:
        return Done.of(repo.edit_process(ref(edited.before), edited.after))

    return do


# Its parts --------------------------------------------------------------------------------------


def edit_contact(process: Process, edited: Edited[Contact]) -> Change:
    """A person's name, role, email, phone, as typed in their edit form."""

    def do(repo: Repository) -> Done:
        return Done.of(repo.edit_contact(contact_ref(process, edited.before), edited.after))

    return do


def edit_interview(process: Process, edited: Edited[Interview]) -> Change:
    """An interview as typed in its edit form (another time is a reschedule), with any new people it names."""

    def do(repo: Repository) -> Done:
        people = _new_contacts(repo, process, edited.new_contacts)
        change = repo.edit_interview(interview_ref(process, edited.before), edited.after)
        key = entry_key(edited.before)
        if not people:
            return Done.of(change, entry=key)
        return Done.of(Changes((*people, change)), change.describe(), entry=key)

    return do


def cancel_interview(process: Process, cancelled: InterviewCancelled, near: int = -1) -> Change:
    """A cancelled interview: kept in the timeline with a note, or deleted."""

    def do(repo: Repository) -> Done:
        record = interview_ref(process, cancelled.interview)
        if not cancelled.keep:
            change = repo.delete(record)
            return Done.of(change, f"Cancelled: {change.describe()}", entry=entry_key(cancelled.interview), near=near)
        kept = repo.edit_interview(record, cancelled.kept)
        day = say_date(cancelled.interview.at.day)
        said = f"Noted the {cancelled.interview.label} of {day} as cancelled ({process.company})"
        return Done.of(kept, said, entry=entry_key(cancelled.interview))

    return do


def edit_message(process: Process, edited: Edited[Message]) -> Change:
    """A logged message as typed in its edit form."""

    def do(repo: Repository) -> Done:
        return Done.of(
            repo.edit_message(message_ref(process, edited.before), edited.after), entry=entry_key(edited.before)
        )

    return do


def delete(
    process: Process, record: Process | Contact | Interview | Message, *, near: int = -1, neighbour: int | None = None
) -> Change:
    """Delete a record with what goes with it (a process: its people, interviews and messages)."""
    target: Record
    entry: str | None = None
    if isinstance(record, Process):
        target = ref(record)
    elif isinstance(record, Contact):
        target = contact_ref(process, record)
    elif isinstance(record, Interview):
        target, entry = interview_ref(process, record), entry_key(record)
    else:
        target, entry = message_ref(process, record), entry_key(record)

    def do(repo: Repository) -> Done:
        return Done.of(repo.delete(target), entry=entry, near=near, neighbour=neighbour)

    return do

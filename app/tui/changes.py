"""The dashboard's changes to the database, each with what to say and how to take it back.

Each function returns the `do` a save worker runs with the lock held: it
writes, and hands back a `Done` naming the records by what they are, so an
undo after a restore or an import cannot remove someone else's record.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from app.rules.ladder import say_date
from app.rules.values import Contact, Message, Process
from app.storage.records import ContactRef, InterviewRef, MessageRef, ProcessRef
from app.storage.repository import Repository
from app.tui.undo import Done

if TYPE_CHECKING:
    from app.tui.forms import NewInterview

Change = Callable[[Repository], Done]
"""A change, run by a save worker with the database lock held."""


def ref(process: Process) -> ProcessRef:
    """What a process is, for undo: its id together with its company and role."""
    return ProcessRef(process.id, process.company, process.role)


def put_back(repo: Repository, ref: ProcessRef, **dates: date | None) -> bool:
    """Undo a date change (deadline, wait until), only while the process under that id is still `ref`."""
    now = repo.process(ref.id)
    if now is None or (now.company, now.role) != (ref.company, ref.role):
        return False
    repo.update_process(ref.id, **dates)
    return True


def add_process(process: Process) -> Change:
    """A new process; undo removes it while it is still that company and role."""

    def do(repo: Repository) -> Done:
        added = ProcessRef(repo.add_process(process), process.company, process.role)
        return Done(f"Added {process.company} · {process.role}", lambda r: r.remove(added), added.id)

    return do


def add_contact(process: Process, contact: Contact) -> Change:
    """A person added to a process."""

    def do(repo: Repository) -> Done:
        added = ContactRef(ref(process), repo.add_contact(process.id, contact), contact.name)
        return Done(f"Added {contact.name} to {process.company}", lambda r: r.remove(added))

    return do


def add_interview(process: Process, result: NewInterview, today: date) -> Change:
    """An interview and the people first met at it; undo removes them all."""
    interview, new_contacts = result.interview, result.new_contacts

    def do(repo: Repository) -> Done:
        owner = ref(process)
        added = [ContactRef(owner, repo.add_contact(process.id, c), c.name) for c in new_contacts]
        made = InterviewRef(owner, repo.add_interview(process.id, interview), interview.kind, interview.at.iso())

        def undo(r: Repository) -> bool:
            found = r.remove(made)
            for contact in added:
                found = r.remove(contact) and found
            return found

        verb = "Booked" if interview.at.day >= today else "Logged"
        return Done(f"{verb} {interview.label} on {say_date(interview.at.day)} with {process.company}", undo)

    return do


def add_message(process: Process, message: Message) -> Change:
    """A message in or out, said back with its purpose and whom it was to or from."""

    def do(repo: Repository) -> Done:
        mid = repo.add_message(process.id, message)
        made = MessageRef(ref(process), mid, message.at.iso(), message.direction, message.contact, message.purpose)
        arrow = "to" if message.direction == "out" else "from"
        who = f" {arrow} {message.contact}" if message.contact else ""
        purpose = message.purpose.replace("_", "-")
        return Done(f"Logged {purpose}{who} ({process.company})", lambda r: r.remove(made))

    return do


def set_status(process: Process, current: Process, status: str, **dates: date | None) -> Change:
    """A new status (and `deadline` with an offer); undo puts back the status and those dates as `current` had them."""
    old = current.status
    before = {key: getattr(current, key) for key in dates}

    def do(repo: Repository) -> Done:
        repo.update_process(process.id, status=status, **dates)
        owner = ref(process)

        def undo(r: Repository) -> bool:
            return r.put_back_status(owner, status, old) and (not before or put_back(r, owner, **before))

        due = dates.get("deadline")
        said = f", answer due {say_date(due)}" if due else ""
        return Done(f"{process.company} · {process.role} is now {status}{said}", undo)

    return do


def set_wait(process: Process, old: date | None, day: date | None) -> Change:
    """The day the process waits until (None clears it); undo puts back `old`."""

    def do(repo: Repository) -> Done:
        repo.update_process(process.id, wait_until=day)
        owner = ref(process)
        said = f"waits until {say_date(day)}" if day else "no longer waits"
        return Done(f"{process.company} · {process.role} {said}", lambda r: put_back(r, owner, wait_until=old))

    return do

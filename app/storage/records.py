"""What a stored record is, for taking a change back (the dashboard's undo).

A bare row id names a slot, not a record: after a restore from an older copy,
or an import elsewhere, id 10 may be another process altogether, and deleting
"process 10" would delete that one with its contacts and messages. A reference
here holds the id *and* the natural key the backup matches records by (company
and role for a process; a contact's name within its process; an interview's
kind and time; a message's time, direction, contact and purpose). Taking a
change back touches a row only when both still agree; otherwise nothing at all.

An edit or a delete (see `app.storage.editing`) hands back a `Change`: the rows
it touched as they were and as it left them, ids included, so it can be undone
and redone exactly, and only while those rows are still as it left them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from app.plural import plural

if TYPE_CHECKING:
    from app.rules.values import Contact, Interview, Message, Process
    from app.storage.repository import Repository


@dataclass(frozen=True, slots=True)
class ProcessRef:
    """A process: its id and its company + role."""

    id: int
    company: str
    role: str


@dataclass(frozen=True, slots=True)
class ContactRef:
    """A contact: its id and its name, within its process."""

    process: ProcessRef
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class InterviewRef:
    """An interview: its id, kind and time (ISO text, as stored), within its process."""

    process: ProcessRef
    id: int
    kind: str
    at: str


@dataclass(frozen=True, slots=True)
class MessageRef:
    """A message: its id, time, direction, contact name (None: nobody named) and purpose."""

    process: ProcessRef
    id: int
    at: str
    direction: str
    contact: str | None
    purpose: str


Record = ProcessRef | ContactRef | InterviewRef | MessageRef


def process_ref(process: Process) -> ProcessRef:
    """What a loaded process is: its id with its company and role."""
    return ProcessRef(process.id, process.company, process.role)


def contact_ref(process: Process, contact: Contact) -> ContactRef:
    """What a loaded contact is, within its process."""
    return ContactRef(process_ref(process), contact.id, contact.name)


def interview_ref(process: Process, interview: Interview) -> InterviewRef:
    """What a loaded interview is, within its process."""
    return InterviewRef(process_ref(process), interview.id, interview.kind, interview.at.iso())


def message_ref(process: Process, message: Message) -> MessageRef:
    """What a loaded message is, within its process."""
    return MessageRef(
        process_ref(process), message.id, message.at.iso(), message.direction, message.contact, message.purpose
    )


# Changes that can be undone and redone ----------------------------------------------------------


class Change(Protocol):
    """A saved change the dashboard can take back (`u`) and make again (`ctrl+y`).

    Both return False, touching nothing, when a record the change touched is
    no longer as the change left it (edited, deleted or replaced elsewhere);
    a database failure raises `StorageError`, also touching nothing.
    """

    def undo(self, repo: Repository) -> bool:
        """Put back what was there before the change."""
        ...

    def redo(self, repo: Repository) -> bool:
        """Make the change again, after it was undone."""
        ...

    def describe(self) -> str:
        """What was done, as a sentence: "Deleted the technical interview with Rita Ray on Tue 8 Dec (Acme)"."""
        ...


Row = tuple[tuple[str, Any], ...]
"""A stored row, every column with its value as stored (ids included)."""


@dataclass(frozen=True, slots=True)
class RowEdit:
    """One row of one table before and after a change: None before is an insert, None after a delete."""

    table: str
    key: tuple[int, ...]
    """The row's primary key: its id, or (interview id, contact id) for who an interview was with."""
    before: Row | None
    after: Row | None

    def reversed(self) -> RowEdit:
        """The same row going the other way (for undo)."""
        return RowEdit(self.table, self.key, self.after, self.before)


@dataclass(frozen=True, slots=True)
class Changed:
    """A change made of row edits, applied in order; undone in reverse order, each row checked first."""

    what: str
    process_id: int
    """The process touched: what the dashboard reloads after the change, its undo or its redo."""
    rows: tuple[RowEdit, ...]

    @property
    def changed(self) -> bool:
        """Whether anything was written at all (an edit that kept every value writes nothing)."""
        return bool(self.rows)

    def undo(self, repo: Repository) -> bool:
        """Put every row back as it was, all or nothing."""
        return repo.replay(tuple(edit.reversed() for edit in reversed(self.rows)))

    def redo(self, repo: Repository) -> bool:
        """Write every row again as the change left it, all or nothing."""
        return repo.replay(self.rows)

    def describe(self) -> str:
        """What was done, in one sentence."""
        return self.what


@dataclass(frozen=True, slots=True)
class Changes:
    """Several changes saved as one (an interview with the new contacts it named), taken back as one.

    Undo and redo replay every part's rows in one transaction: all of it, or nothing.
    """

    parts: Sequence[Changed]

    @property
    def process_id(self) -> int:
        """The process the first part touched."""
        return self.parts[0].process_id

    def undo(self, repo: Repository) -> bool:
        """Undo every part, last first, all or nothing."""
        return repo.replay(tuple(e.reversed() for part in reversed(self.parts) for e in reversed(part.rows)))

    def redo(self, repo: Repository) -> bool:
        """Redo every part in order, all or nothing."""
        return repo.replay(tuple(e for part in self.parts for e in part.rows))

    def describe(self) -> str:
        """The parts' sentences, in order."""
        return "; ".join(part.describe() for part in self.parts)


def goes_with(process: Process) -> str:
    """What deleting `process` takes with it, for the confirmation: "2 contacts, 2 interviews and 3 messages".

    Empty when it has none of them; the deleted change says it the same way.
    """
    counts = ((process.contacts, "contact"), (process.interviews, "interview"), (process.messages, "message"))
    return listing(plural(len(records), word) for records, word in counts if records)


def listing(parts: Iterable[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    items = list(parts)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}" if items else ""

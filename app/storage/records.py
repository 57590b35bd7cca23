"""What a stored record is, for taking a change back (the dashboard's undo).

A bare row id names a slot, not a record: after a restore from an older copy,
or an import elsewhere, id 10 may be another process altogether, and deleting
"process 10" would delete that one with its contacts and messages. A reference
here holds the id *and* the natural key the backup matches records by (company
and role for a process; a contact's name within its process; an interview's
kind and time; a message's time, direction, contact and purpose). Taking a
change back touches a row only when both still agree; otherwise nothing at all.
"""

from __future__ import annotations

from dataclasses import dataclass


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

"""Accepting a proposal: the one place a mail becomes stored data, as a change undo can take back.

Accepting writes the proposal's entry (through the Repository, checked as
any entry typed by hand) and remembers the mail as decided, so no later run
proposes it again. The change returned undoes both: the entry goes, and the
mail may be proposed again; redo makes both again. `skip` remembers a mail
the seeker turned down, so it is not proposed again either.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.mail import memory
from app.mail.proposals import CancelInterview, LogMessage, MoveInterview, Proposal, ScheduleInterview
from app.storage.records import Change, InterviewRef, MessageRef

if TYPE_CHECKING:
    from app.storage.repository import Repository


@dataclass(frozen=True)
class Accepted:
    """An accepted proposal: the entry's own change, plus the mail marked as decided."""

    change: Change
    key: str
    process_id: int

    def undo(self, repo: Repository) -> bool:
        """Take the entry back; the mail becomes a proposal again."""
        if not self.change.undo(repo):
            return False
        memory.forget(repo.conn, [self.key])
        return True

    def redo(self, repo: Repository) -> bool:
        """Write the entry again and mark the mail decided again."""
        if not self.change.redo(repo):
            return False
        memory.remember(repo.conn, [self.key], memory.ACCEPTED)
        return True

    def describe(self) -> str:
        """The entry's own sentence, saying it came from mail."""
        return f"{self.change.describe()} (from mail)"


def accept(repo: Repository, proposal: Proposal) -> Accepted:
    """Write what `proposal` proposes and remember its mail; an undoable change.

    BadInput (naming the field) when the entry is refused, Gone when the record
    it changes was changed elsewhere; either way nothing is written.
    """
    process = repo.process(proposal.process.id)
    if process is None or (process.company, process.role) != (proposal.process.company, proposal.process.role):
        from app.storage.editing import Gone

        raise Gone
    entry = proposal.entry
    change: Change
    if isinstance(entry, LogMessage):
        m = entry.message
        new_id = repo.add_message(process.id, m)
        change = repo.added(MessageRef(proposal.process, new_id, m.at.iso(), m.direction, m.contact, m.purpose))
    elif isinstance(entry, ScheduleInterview):
        i = entry.interview
        new_id = repo.add_interview(process.id, i)
        change = repo.added(InterviewRef(proposal.process, new_id, i.kind, i.at.iso()))
    elif isinstance(entry, MoveInterview):
        change = repo.edit_interview(entry.ref, entry.interview)
    elif isinstance(entry, CancelInterview):
        change = repo.delete(entry.ref)
    else:  # pragma: no cover - every entry kind is handled above
        raise TypeError(type(entry).__name__)
    try:
        memory.remember(repo.conn, [proposal.origin.key], memory.ACCEPTED)
    except BaseException:
        change.undo(repo)
        raise
    return Accepted(change, proposal.origin.key, process.id)


def skip(repo: Repository, key: str) -> None:
    """Remember a mail the seeker turned down (a proposal or an ambiguous one): never proposed again."""
    memory.remember(repo.conn, [key], memory.SKIPPED)

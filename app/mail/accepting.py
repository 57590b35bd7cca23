"""Accepting a proposal: the one place a mail becomes stored data, as a change undo can take back.

Accepting writes the proposal's entry (through the Repository, checked as
any entry typed by hand) and remembers the mail as decided, so no later run
proposes it again. The change returned undoes both: the entry goes, and the
mail may be proposed again; redo makes both again. `skip` remembers a mail
the seeker turned down, so it is not proposed again either.

A calendar invitation accepted also links its UID (a digest) and SEQUENCE to
the interview it schedules or moves, as a row of the same change: a later
update then moves exactly that interview, a cancellation removes exactly it,
and undo takes the link back with the entry (or points it at nothing again).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.mail import memory
from app.mail.proposals import CancelInterview, LogMessage, MoveInterview, Proposal, ScheduleInterview, Stamp
from app.storage.records import Changed, InterviewRef, MessageRef, Row, RowEdit

if TYPE_CHECKING:
    from app.storage.repository import Repository


@dataclass(frozen=True)
class Accepted:
    """An accepted proposal: the entry's own change, plus the mail marked as decided."""

    change: Changed
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
    change: Changed
    interview_id: int | None = None
    if isinstance(entry, LogMessage):
        m = entry.message
        new_id = repo.add_message(process.id, m)
        change = repo.added(MessageRef(proposal.process, new_id, m.at.iso(), m.direction, m.contact, m.purpose))
    elif isinstance(entry, ScheduleInterview):
        i = entry.interview
        new_id = repo.add_interview(process.id, i)
        change = repo.added(InterviewRef(proposal.process, new_id, i.kind, i.at.iso()))
        interview_id = new_id
    elif isinstance(entry, MoveInterview):
        change = repo.edit_interview(entry.ref, entry.interview)
        interview_id = entry.ref.id
    elif isinstance(entry, CancelInterview):
        change = repo.delete(entry.ref)
    else:  # pragma: no cover - every entry kind is handled above
        raise TypeError(type(entry).__name__)
    try:
        if proposal.origin.invitation is not None and not isinstance(entry, LogMessage):
            change = _linked(repo, change, proposal.origin.invitation, interview_id)
        memory.remember(repo.conn, [proposal.origin.key], memory.ACCEPTED)
    except BaseException:
        change.undo(repo)
        raise
    return Accepted(change, proposal.origin.key, process.id)


_LINK_COLUMNS = ("id", "digest", "interview_id", "sequence")


def _link_row(link: memory.InvitationLink) -> Row:
    return tuple(zip(_LINK_COLUMNS, (link.id, link.digest, link.interview_id, link.sequence), strict=True))


def _linked(repo: Repository, change: Changed, stamp: Stamp, interview_id: int | None) -> Changed:
    """`change` with the invitation's link made to name `interview_id` (None: a cancellation) at its SEQUENCE.

    Written at once (Gone when another window wrote the same link meanwhile) and
    kept as one more row of the change, so undo and redo take it with the entry.
    """
    stored = memory.invitations(repo.conn).get(stamp.digest)
    link_id = stored.id if stored is not None else memory.next_invitation_id(repo.conn)
    sequence = max(stamp.sequence, stored.sequence) if stored is not None else stamp.sequence
    after = memory.InvitationLink(link_id, stamp.digest, interview_id, sequence)
    if stored == after:
        return change
    edit = RowEdit("mail_invitation", (link_id,), _link_row(stored) if stored else None, _link_row(after))
    if not repo.replay((edit,)):
        from app.storage.editing import Gone

        raise Gone
    return Changed(change.what, change.process_id, (*change.rows, edit))


def skip(repo: Repository, key: str) -> None:
    """Remember a mail the seeker turned down (a proposal or an ambiguous one): never proposed again."""
    memory.remember(repo.conn, [key], memory.SKIPPED)

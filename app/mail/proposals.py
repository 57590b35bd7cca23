"""What a mail would change, for the seeker to accept, edit or skip: one proposal per mail, never written alone.

A proposal names its process, the entry it would add or remove, the mail it
comes from (where, when, who, subject) and the reason it was matched. An
ambiguous one holds the candidate processes instead of a process; choosing
one (`Ambiguous.choose`) makes it a proposal. A skip says why a mail is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from app.domain.records import Interview, Message, Process
from app.domain.vocabulary import Direction
from app.mail.matching import Basis
from app.rules.ladder import say_date
from app.storage.records import InterviewRef, ProcessRef, process_ref


@dataclass(frozen=True)
class LogMessage:
    """Log a message in or out."""

    message: Message

    def says(self) -> str:
        """What accepting writes, in a few words."""
        m = self.message
        if m.direction is Direction.IN:
            signal = f", reads {m.signal}" if m.signal else ""
            answer = f", they answer by {say_date(m.expect_by)}" if m.expect_by else ""
            who = f" from {m.contact}" if m.contact else ""
            return f"log a {m.purpose.noun}{who} on {say_date(m.at.day)}{signal}{answer}"
        who = f" to {m.contact}" if m.contact else ""
        return f"log your {m.purpose.noun}{who} on {say_date(m.at.day)}"


@dataclass(frozen=True)
class ScheduleInterview:
    """Add a scheduled interview."""

    interview: Interview

    def says(self) -> str:
        """What accepting writes, in a few words."""
        i = self.interview
        with_ = f" with {', '.join(i.with_)}" if i.with_ else ""
        article = "an" if i.label[:1] in "aeiou" else "a"
        return f"schedule {article} {i.label}{with_} at {_when(i.at.value)}"


@dataclass(frozen=True)
class MoveInterview:
    """Reschedule a stored interview (a new time in an updated invitation)."""

    ref: InterviewRef
    interview: Interview

    def says(self) -> str:
        """What accepting writes, in a few words."""
        return f"move the {self.interview.label} of {_when_iso(self.ref.at)} to {_when(self.interview.at.value)}"


@dataclass(frozen=True)
class CancelInterview:
    """Remove a stored interview the invitation cancels."""

    ref: InterviewRef
    label: str

    def says(self) -> str:
        """What accepting writes, in a few words."""
        return f"remove the {self.label} of {_when_iso(self.ref.at)} (cancelled)"


Entry = LogMessage | ScheduleInterview | MoveInterview | CancelInterview


def _when(moment: datetime) -> str:
    return f"{say_date(moment.date())} {moment:%H:%M}"


def _when_iso(at: str) -> str:
    try:
        return _when(datetime.fromisoformat(at))
    except ValueError:
        return at


@dataclass(frozen=True)
class Stamp:
    """The calendar invitation a mail carries, as it is remembered once accepted: a digest of its UID
    (`reading.digest`, never the UID itself) and its SEQUENCE (higher: a later version of the meeting)."""

    digest: str
    sequence: int


@dataclass(frozen=True)
class Origin:
    """The mail a proposal comes from: enough to show it, nothing of its body but the kept text."""

    key: str
    where: str
    folder: str
    uid: int
    sent_at: datetime
    party: str
    """The other side's address (the sender of a reply, the recipient of a sent mail)."""
    subject: str
    invitation: Stamp | None = None
    """The invitation it carries, if any: accepting links it to the interview it schedules, moves or removes."""


@dataclass(frozen=True)
class Proposal:
    """One entry a mail would add to (or remove from) one process."""

    origin: Origin
    process: ProcessRef
    entry: Entry
    basis: Basis
    reason: str

    @property
    def exact(self) -> bool:
        """Matched by a contact's exact address alone: what `nudge mail --yes` accepts."""
        return self.basis is Basis.ADDRESS

    def with_entry(self, entry: Entry) -> Proposal:
        """The same proposal with an edited entry (the review screen's edit)."""
        return replace(self, entry=entry)

    def describe(self) -> str:
        """One line: the process, what would change and why."""
        return f"{self.process.company} · {self.process.role}: {self.entry.says()} ({self.reason})"


@dataclass(frozen=True)
class Ambiguous:
    """A mail that fits several processes equally: shown with the candidates, never guessed."""

    origin: Origin
    candidates: tuple[Process, ...]
    entries: tuple[Entry, ...]
    """The entry each candidate would get, in the same order (contacts differ by process)."""
    basis: Basis
    reason: str

    def choose(self, process_id: int) -> Proposal:
        """The proposal for the candidate the seeker picked; KeyError for one not among them."""
        for process, entry in zip(self.candidates, self.entries, strict=True):
            if process.id == process_id:
                return Proposal(self.origin, process_ref(process), entry, self.basis, f"chosen by you; {self.reason}")
        raise KeyError(process_id)

    def describe(self) -> str:
        """One line: the candidates and why each fits."""
        names = "; ".join(f"{p.company} · {p.role}" for p in self.candidates)
        return f"fits {len(self.candidates)} processes ({names}): {self.reason}"


@dataclass(frozen=True)
class Skipped:
    """A mail left alone, and why."""

    where: str
    reason: str
    subject: str = ""

"""From mails to proposals: read each one, skip what is not about a process, match it, say what it would change.

Inbound mail becomes a reply with the signal and the promised answer date
`app.rules.signals` suggests, read from the mail's own date. Mail the seeker
sent (from one of `[mail] address`, or in the sent folder) becomes a
follow-up, check-in, thank-you, application or other message, by its words.
A calendar REQUEST becomes a scheduled interview (or moves the one it
updates); a CANCEL proposes removing the interview at its time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo
from typing import Final

from app.domain.records import Interview, Message, Moment, Process
from app.domain.vocabulary import Direction, Purpose, Signal
from app.mail.account import MailSettings
from app.mail.invitations import Invitation
from app.mail.matching import Match, Matcher
from app.mail.proposals import (
    Ambiguous,
    CancelInterview,
    Entry,
    LogMessage,
    MoveInterview,
    Origin,
    Proposal,
    ScheduleInterview,
    Skipped,
)
from app.mail.reading import Mail, read_mail
from app.mail.sources import Raw
from app.rules.signals import suggest_expect_by, suggest_signal
from app.storage.records import interview_ref, process_ref

_PURPOSES: Final = (
    (r"\bthank(s| you)\b.{0,60}\b(time|interview|call|chat|meeting|speaking|conversation)\b", Purpose.THANK_YOU),
    (r"\b(check(ing)? in|touch(ing)? base)\b", Purpose.CHECK_IN),
    (r"\b(follow(ing)?[- ]up|any (update|news)|wanted to ask (about|whether))\b", Purpose.FOLLOW_UP),
    (r"\b(availab(le|ility)|time slots?|reschedul\w*|works? for me)\b", Purpose.SCHEDULING),
    (r"\b(appl(y|ying|ied|ication))\b", Purpose.APPLICATION),
)  # fmt: skip


@dataclass
class Scan:
    """Everything one run found, in the order the mails came."""

    proposals: list[Proposal] = field(default_factory=list)
    ambiguous: list[Ambiguous] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    already: int = 0
    """Mails accepted or skipped on an earlier run: not proposed again."""
    read: int = 0
    pending_uids: dict[str, int] = field(default_factory=dict)
    """Per IMAP folder, the lowest UID still waiting for a decision (the reading memory stops below it)."""

    def keep_pending(self, folder: str, uid: int) -> None:
        """Note a mail of `folder` that waits for a decision, so the reading memory stays below it."""
        if uid:
            self.pending_uids[folder] = min(uid, self.pending_uids.get(folder, uid))


def outbound_purpose(text: str, subject: str) -> Purpose:
    """What the seeker's own mail was, by its words; other when none fits."""
    words = f"{subject}\n{text}"
    for pattern, purpose in _PURPOSES:
        if re.search(pattern, words, re.IGNORECASE | re.DOTALL):
            return purpose
    return Purpose.OTHER


def _message_entry(mail: Mail, outbound: bool, contact: str | None) -> LogMessage:
    assert mail.sent_at is not None
    at = Moment.of(mail.sent_at)
    if outbound:
        purpose = outbound_purpose(mail.text, mail.subject)
        return LogMessage(Message(at=at, direction=Direction.OUT, contact=contact, purpose=purpose, text=mail.text))
    signal = suggest_signal(mail.text)
    return LogMessage(
        Message(
            at=at,
            direction=Direction.IN,
            contact=contact,
            purpose=Purpose.REPLY,
            signal=Signal(signal) if signal else None,
            text=mail.text,
            expect_by=suggest_expect_by(mail.text, mail.sent_at.date()),
        )
    )


def _invitation_entry(invitation: Invitation, process: Process, own: MailSettings, sent: datetime) -> Entry | str:
    """The interview entry an invitation gives for `process`, or why it gives none."""
    start = invitation.start
    at = Moment.of(start)
    kind = invitation.kind
    by_address = {c.email.strip().lower(): c.name for c in process.contacts if c.email}
    with_ = tuple(dict.fromkeys(by_address[a] for _, a in invitation.attendees if a in by_address))
    others = [n or a for n, a in invitation.attendees if a not in by_address and not own.is_own(a)]
    notes = invitation.summary + (f"\nAlso invited: {', '.join(others)}" if others else "")
    scheduled = [i for i in process.interviews if i.at.iso() == at.iso()]
    if invitation.method == "CANCEL":
        if not scheduled:
            return "cancels an interview that is not stored"
        found = scheduled[0]
        return CancelInterview(interview_ref(process, found), found.label)
    if any(i.kind == kind for i in scheduled):
        return "the interview is already stored"
    interview = Interview(kind=kind, at=at, with_=with_, notes=notes[:2000])
    if invitation.sequence > 0:
        same_kind = [i for i in process.interviews if i.kind == kind and i.at.day >= sent.date()]
        if len(same_kind) == 1:
            old = same_kind[0]
            return MoveInterview(interview_ref(process, old), replace(old, at=at))
    return ScheduleInterview(interview)


class Scanner:
    """Turns mails into proposals for one set of processes; one per run."""

    def __init__(self, processes: Iterable[Process], settings: MailSettings, decided: dict[str, str]) -> None:
        self.matcher = Matcher(processes)
        self.settings = settings
        self.decided = decided
        self.scan = Scan()
        self.keys: set[str] = set()

    def add_raw(self, raw: Raw, local: tzinfo | None = None) -> None:
        """Read one message as found in a source, and take it in."""
        self.scan.read += 1
        if raw.data is None:
            self.scan.skipped.append(Skipped(raw.where, f"larger than {raw.size // (1024 * 1024)} MB, not read"))
            return
        self.add(read_mail(raw.data, raw.where, raw.folder, raw.uid, local))

    def add(self, mail: Mail) -> None:
        """Take in one read mail: skip it, or propose what it would change."""
        scan = self.scan
        if mail.skip is not None:
            scan.skipped.append(Skipped(mail.where, mail.skip, mail.subject))
            return
        if mail.key in self.decided or mail.key in self.keys:
            scan.already += 1
            return
        self.keys.add(mail.key)
        outbound = self.settings.is_own(mail.sender) or self.settings.is_sent_folder(mail.folder)
        parties = [a for a in mail.recipients if not self.settings.is_own(a)] if outbound else [mail.sender]
        found = self.matcher.match(parties, mail.subject)
        if found is None:
            scan.skipped.append(Skipped(mail.where, "no process matches its addresses or subject", mail.subject))
            return
        assert mail.sent_at is not None
        origin = Origin(mail.key, mail.where, mail.folder, mail.uid, mail.sent_at, parties[0] if parties else "",
                        mail.subject)  # fmt: skip
        entries: list[Entry] = []
        for process in found.processes:
            entry = self._entry(mail, outbound, process, found)
            if isinstance(entry, str):
                scan.skipped.append(Skipped(mail.where, entry, mail.subject))
                return
            entries.append(entry)
        scan.keep_pending(mail.folder, mail.uid)
        if found.ambiguous:
            scan.ambiguous.append(Ambiguous(origin, found.processes, tuple(entries), found.basis, found.reason))
        else:
            scan.proposals.append(
                Proposal(origin, process_ref(found.processes[0]), entries[0], found.basis, found.reason)
            )

    def _entry(self, mail: Mail, outbound: bool, process: Process, found: Match) -> Entry | str:
        if mail.invitation is not None:
            assert mail.sent_at is not None
            return _invitation_entry(mail.invitation, process, self.settings, mail.sent_at)
        contact = found.contact if not found.ambiguous else None
        if contact is None:
            wanted = set(mail.recipients) if outbound else {mail.sender}
            names = [c.name for c in process.contacts if c.email and c.email.strip().lower() in wanted]
            contact = names[0] if len(names) == 1 else None
        if not mail.text.strip():
            return "no readable text of its own (only quoted history, attachments or broken MIME)"
        return _message_entry(mail, outbound, contact)

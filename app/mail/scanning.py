"""From mails to proposals: read each one, skip what is not about a process, match it, say what it would change.

Inbound mail becomes a reply with the signal and the promised answer date
`app.rules.signals` suggests, read from the mail's own date. Mail the seeker
sent (from one of `[mail] address`, or in the sent folder) becomes a
follow-up, check-in, thank-you, application or other message, by its words.
A calendar REQUEST becomes a scheduled interview (or moves the one it
updates); a CANCEL proposes removing the interview it cancels. An invitation
whose UID is stored (one accepted before, see `app.mail.memory`) names its
interview exactly, and an older version than the one applied is skipped;
only for interviews entered by hand (no UID stored) is the interview found
by inference: at the same time for a CANCEL, the one upcoming interview of
the same kind for an update.

Versions of one meeting not accepted yet that come in the same run (an
invitation and its update) give one proposal, whatever order they arrive
in: what the oldest version would do, at the newest version's time. Taken
one by one they would make two interviews of one meeting, or move an
interview typed in by hand that is another one. A version decided before
(skipped) still counts, so an older one is not proposed in its place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo
from typing import Final

from app.domain.records import Interview, Message, Moment, Process
from app.domain.vocabulary import Direction, Purpose, Signal
from app.mail.account import MailSettings
from app.mail.invitations import Invitation
from app.mail.matching import Match, Matcher
from app.mail.memory import InvitationLink
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
    Stamp,
)
from app.mail.reading import Mail, digest, read_mail
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


OLDER: Final = "an older version of an invitation already applied"
SAME: Final = "this version of the invitation was already applied"
SUPERSEDED: Final = "a newer version of this invitation came in the same run"


@dataclass(frozen=True)
class _Version:
    """One version of a meeting in this run: what it gives on its own (None: decided on an earlier run)."""

    sequence: int
    invitation: Invitation
    own: tuple[Entry | str, Origin, Process, Match] | None


@dataclass
class _Meeting:
    """The versions of one invitation whose UID is not stored, as they came."""

    versions: list[_Version] = field(default_factory=list)

    def outcome(self, settings: MailSettings) -> list[Proposal | Skipped]:
        """The one proposal (or skip) the versions come to, and a skip for each version it stands for."""
        newest = max(self.versions, key=lambda v: v.sequence)  # of equals, the first to come stands
        oldest = min(self.versions, key=lambda v: v.sequence)
        shown: list[Proposal | Skipped] = [
            Skipped(other.own[1].where, SUPERSEDED, other.own[1].subject)
            for other in self.versions
            if other is not newest and other.own is not None
        ]
        if newest.own is not None:
            entry, origin, process, found = newest.own
            if oldest is not newest and oldest.own is not None:
                entry = _folded(oldest.own[0], newest.invitation, entry, process, settings)
            shown.append(
                Skipped(origin.where, entry, origin.subject)
                if isinstance(entry, str)
                else Proposal(origin, process_ref(process), entry, found.basis, found.reason)
            )
        return shown


def stamp_of(invitation: Invitation) -> Stamp | None:
    """How the invitation is remembered once accepted (None without a UID: it can only be inferred)."""
    return Stamp(digest(invitation.uid), invitation.sequence) if invitation.uid else None


def _new_interview(invitation: Invitation, process: Process, own: MailSettings) -> Interview | str:
    """The interview an invitation schedules in `process`, or why there is none to add."""
    at = Moment.of(invitation.start)
    kind = invitation.kind
    if any(i.kind == kind and i.at.iso() == at.iso() for i in process.interviews):
        return "the interview is already stored"
    by_address = {c.email.strip().lower(): c.name for c in process.contacts if c.email}
    with_ = tuple(dict.fromkeys(by_address[a] for _, a in invitation.attendees if a in by_address))
    others = [n or a for n, a in invitation.attendees if a not in by_address and not own.is_own(a)]
    notes = invitation.summary + (f"\nAlso invited: {', '.join(others)}" if others else "")
    return Interview(kind=kind, at=at, with_=with_, notes=notes[:2000])


def _invitation_entry(
    invitation: Invitation, process: Process, own: MailSettings, sent: datetime, linked: frozenset[int] = frozenset()
) -> Entry | str:
    """The interview entry an invitation whose UID is not stored gives for `process`, or why it gives none.

    The interview it cancels or moves is inferred, among those entered by hand
    only: an interview `linked` to another invitation belongs to that one.
    """
    at = Moment.of(invitation.start)
    by_hand = [i for i in process.interviews if i.id not in linked]
    if invitation.method == "CANCEL":
        scheduled = [i for i in by_hand if i.at.iso() == at.iso()]
        if not scheduled:
            return "cancels an interview that is not stored"
        found = scheduled[0]
        return CancelInterview(interview_ref(process, found), found.label)
    interview = _new_interview(invitation, process, own)
    if isinstance(interview, str):
        return interview
    if invitation.sequence > 0:
        same_kind = [i for i in by_hand if i.kind == interview.kind and i.at.day >= sent.date()]
        if len(same_kind) == 1:
            old = same_kind[0]
            return MoveInterview(interview_ref(process, old), replace(old, at=at))
    return ScheduleInterview(interview)


def _linked_entry(
    invitation: Invitation, link: InvitationLink, held: Interview | None, process: Process, own: MailSettings
) -> Entry | str:
    """The entry an invitation whose UID is stored gives: for exactly its interview (`held`, None once deleted).

    A newer version of a meeting whose interview the seeker deleted is proposed
    as a new interview: the meeting still stands and was moved, which the
    seeker should see (skipping it is one key); the same version again, or a
    cancellation of it, is left alone.
    """
    sequence = invitation.sequence
    if held is None:
        if invitation.method == "CANCEL":
            return "cancels an interview already removed"
        if sequence <= link.sequence:
            return SAME
        interview = _new_interview(invitation, process, own)
        return interview if isinstance(interview, str) else ScheduleInterview(interview)
    ref = interview_ref(process, held)
    if invitation.method == "CANCEL":
        return CancelInterview(ref, held.label)
    if sequence <= link.sequence:
        return SAME
    at = Moment.of(invitation.start)
    if held.at.iso() == at.iso():
        return "the interview is already at this time"
    return MoveInterview(ref, replace(held, at=at))


def _folded(
    basis: Entry | str, newest: Invitation, own: Entry | str, process: Process, settings: MailSettings
) -> Entry | str:
    """What a meeting seen in several versions in one run comes to: the oldest version's act, at the newest's time.

    A new interview stays new (rather than moving an interview typed in by
    hand), at the newest time, or nothing once the newest cancels it; a move
    of an interview typed in by hand moves (or cancels) that one; where the
    oldest version gives nothing else, the newest is judged on its own (`own`).
    """
    if isinstance(basis, ScheduleInterview):
        if newest.method == "CANCEL":
            return "cancelled by a newer version in the same run: nothing to add"
        fresh = _new_interview(newest, process, settings)
        return fresh if isinstance(fresh, str) else ScheduleInterview(fresh)
    if isinstance(basis, MoveInterview):
        if newest.method == "CANCEL":
            return CancelInterview(basis.ref, basis.interview.label)
        return MoveInterview(basis.ref, replace(basis.interview, at=Moment.of(newest.start)))
    return own


def read_raw(raw: Raw, local: tzinfo | None = None) -> Mail:
    """One message as found in a source, read (never raises); one too large to read is a skipped `Mail`.

    Needs nothing from the database, so the dashboard reads and parses the
    mail without holding its lock; only matching (`Scanner.add`) needs the
    processes and the mails already decided.
    """
    if raw.data is None:
        too_large = f"larger than {raw.size // (1024 * 1024)} MB, not read"
        return Mail(digest(raw.where), raw.where, raw.folder, raw.uid, skip=too_large)
    return read_mail(raw.data, raw.where, raw.folder, raw.uid, local)


class Scanner:
    """Turns mails into proposals for one set of processes; one per run."""

    def __init__(
        self,
        processes: Iterable[Process],
        settings: MailSettings,
        decided: dict[str, str],
        invitations: Mapping[str, InvitationLink] | None = None,
    ) -> None:
        self.matcher = Matcher(processes)
        self.settings = settings
        self.decided = decided
        self.invitations = dict(invitations or {})
        """Digest of a UID -> its stored link (`memory.invitations`)."""
        self.held = {i.id: (p, i) for p in self.matcher.processes for i in p.interviews}
        self.linked = frozenset(link.interview_id for link in self.invitations.values() if link.interview_id)
        self.scan = Scan()
        self.keys: set[str] = set()
        self.meetings: dict[str, _Meeting] = {}
        """Digest of a UID not stored -> its versions in this run (see the module's docstring)."""

    def add_raw(self, raw: Raw, local: tzinfo | None = None) -> None:
        """Read one message as found in a source, and take it in."""
        self.add(read_raw(raw, local))

    def add(self, mail: Mail) -> None:
        """Take in one read mail (counted as read): skip it, or propose what it would change."""
        scan = self.scan
        scan.read += 1
        if mail.skip is not None:
            scan.skipped.append(Skipped(mail.where, mail.skip, mail.subject))
            return
        if mail.key in self.decided or mail.key in self.keys:
            scan.already += 1
            if mail.key in self.decided and mail.invitation is not None and (key := self._unstored(mail)):
                self._version(key, _Version(mail.invitation.sequence, mail.invitation, None))
            return
        self.keys.add(mail.key)
        outbound = self.settings.is_own(mail.sender) or self.settings.is_sent_folder(mail.folder)
        parties = [a for a in mail.recipients if not self.settings.is_own(a)] if outbound else [mail.sender]
        found = self.matcher.match(parties, mail.subject)
        if found is None:
            scan.skipped.append(Skipped(mail.where, "no process matches its addresses or subject", mail.subject))
            return
        assert mail.sent_at is not None
        stamp = stamp_of(mail.invitation) if mail.invitation is not None else None
        if stamp is not None and (link := self.invitations.get(stamp.digest)) is not None:
            narrowed = self._narrowed(found, link)
            if isinstance(narrowed, str):
                scan.skipped.append(Skipped(mail.where, narrowed, mail.subject))
                return
            found = narrowed
        origin = Origin(mail.key, mail.where, mail.folder, mail.uid, mail.sent_at, parties[0] if parties else "",
                        mail.subject, stamp)  # fmt: skip
        if (
            mail.invitation is not None
            and stamp is not None
            and stamp.digest not in self.invitations
            and not found.ambiguous
        ):
            process = found.processes[0]
            own = (self._entry(mail, outbound, process, found), origin, process, found)
            scan.keep_pending(mail.folder, mail.uid)
            self._version(stamp.digest, _Version(mail.invitation.sequence, mail.invitation, own))
            return
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

    def _unstored(self, mail: Mail) -> str | None:
        """The digest of the mail's invitation UID when no version of it was accepted (None otherwise)."""
        stamp = stamp_of(mail.invitation) if mail.invitation is not None else None
        return stamp.digest if stamp is not None and stamp.digest not in self.invitations else None

    def _version(self, key: str, version: _Version) -> None:
        """Take in one version of a meeting; `finish` folds each meeting's versions once all mails are in."""
        self.meetings.setdefault(key, _Meeting()).versions.append(version)

    def finish(self) -> Scan:
        """The scan, once every mail is in: each meeting's versions added as its one proposal (or skip).

        Folding waits for the last mail because a later one may be an older
        version that says what the meeting is; done at once, it is linear in
        the mails (a mailbox may hold hundreds of copies of one invitation).
        """
        for meeting in self.meetings.values():
            for shown in meeting.outcome(self.settings):
                if isinstance(shown, Skipped):
                    self.scan.skipped.append(shown)
                else:
                    self.scan.proposals.append(shown)
        self.meetings.clear()
        return self.scan

    def _narrowed(self, found: Match, link: InvitationLink) -> Match | str:
        """The match for an invitation whose UID is stored: the process holding its interview, or why none."""
        if link.interview_id is None or link.interview_id not in self.held:
            return replace(found, reason=f"{found.reason}; you deleted the interview it made")
        owner = self.held[link.interview_id][0]
        if all(p.id != owner.id for p in found.processes):
            return "its invitation belongs to an interview of another process"
        return replace(found, processes=(owner,), reason=f"{found.reason}; its invitation names this interview")

    def _entry(self, mail: Mail, outbound: bool, process: Process, found: Match) -> Entry | str:
        if mail.invitation is not None:
            assert mail.sent_at is not None
            stamp = stamp_of(mail.invitation)
            link = self.invitations.get(stamp.digest) if stamp is not None else None
            if link is None:
                return _invitation_entry(mail.invitation, process, self.settings, mail.sent_at, self.linked)
            if mail.invitation.sequence < link.sequence:
                return OLDER
            held = self.held.get(link.interview_id) if link.interview_id is not None else None
            return _linked_entry(mail.invitation, link, held[1] if held else None, process, self.settings)
        contact = found.contact if not found.ambiguous else None
        if contact is None:
            wanted = set(mail.recipients) if outbound else {mail.sender}
            names = [c.name for c in process.contacts if c.email and c.email.strip().lower() in wanted]
            contact = names[0] if len(names) == 1 else None
        if not mail.text.strip():
            return "no readable text of its own (only quoted history, attachments or broken MIME)"
        return _message_entry(mail, outbound, contact)

"""What the inbox reader remembers between runs, in the database: how far each IMAP folder was read,
which mails were already decided on (accepted, or skipped by the seeker), and which calendar invitation
each interview accepted from mail came from.

Only digests of Message-IDs and of iCalendar UIDs are kept (`reading.digest`),
never an address, a subject or a body. An invitation's link is written as
part of the accepted change (`app.mail.accepting`), so undo takes it back
with the interview; deleting the interview leaves it pointing at nothing.
Plain SQL on the repository's connection, on either engine, each write in
one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from app.storage.connection import write_transaction
from app.storage.dbapi import Connection

ACCEPTED: Final = "accepted"
SKIPPED: Final = "skipped"


def decided(conn: Connection) -> dict[str, str]:
    """Digest -> outcome of every mail already accepted or skipped."""
    return dict(conn.execute("SELECT digest, outcome FROM mail_seen").fetchall())


def remember(conn: Connection, keys: Iterable[str], outcome: str) -> None:
    """Mark mails as decided (kept when already marked)."""
    rows = [(key, outcome) for key in keys]
    if not rows:
        return
    with write_transaction(conn):
        for row in rows:
            conn.execute("DELETE FROM mail_seen WHERE digest = ?", (row[0],))
            conn.execute("INSERT INTO mail_seen (digest, outcome) VALUES (?, ?)", row)


def forget(conn: Connection, keys: Iterable[str]) -> None:
    """Take the marks back (an accepted mail undone becomes a proposal again)."""
    listed = list(keys)
    if listed:
        with write_transaction(conn):
            for key in listed:
                conn.execute("DELETE FROM mail_seen WHERE digest = ?", (key,))


def folder_state(conn: Connection, account: str, folder: str) -> tuple[int, int] | None:
    """(UIDVALIDITY, last UID read) of a folder, or None when it was never read."""
    row = conn.execute(
        "SELECT uidvalidity, last_uid FROM mail_folder WHERE account = ? AND folder = ?", (account, folder)
    ).fetchone()
    return (int(row[0]), int(row[1])) if row else None


def save_folder_state(conn: Connection, account: str, states: dict[str, tuple[int, int]]) -> None:
    """Store how far each folder was read, all in one transaction."""
    if not states:
        return
    with write_transaction(conn):
        for folder, (validity, last) in states.items():
            conn.execute("DELETE FROM mail_folder WHERE account = ? AND folder = ?", (account, folder))
            conn.execute(
                "INSERT INTO mail_folder (account, folder, uidvalidity, last_uid) VALUES (?, ?, ?, ?)",
                (account, folder, validity, last),
            )


@dataclass(frozen=True, slots=True)
class InvitationLink:
    """The stored link of one invitation: its row, the interview it made (None once deleted), the SEQUENCE applied."""

    id: int
    digest: str
    interview_id: int | None
    sequence: int


def invitations(conn: Connection) -> dict[str, InvitationLink]:
    """Digest of the UID -> its link, for every invitation ever accepted."""
    rows = conn.execute("SELECT id, digest, interview_id, sequence FROM mail_invitation").fetchall()
    return {
        str(digest): InvitationLink(int(id_), str(digest), None if interview is None else int(interview), int(seq))
        for id_, digest, interview, seq in rows
    }


def next_invitation_id(conn: Connection) -> int:
    """An id no invitation link has (the next after the highest)."""
    return int(conn.execute("SELECT coalesce(max(id), 0) + 1 FROM mail_invitation").fetchone()[0])

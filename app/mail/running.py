"""One run of the inbox reader: read a source (a Maildir, an mbox file or the IMAP account), return the scan.

A run has three steps, so that the dashboard holds its database lock only
for the quick ones and never while a slow server answers:

1. `known_folders` (database): how far each IMAP folder was read before;
2. `fetch` (no database): download or read the messages and parse them;
3. `match` (database): match them to the processes as stored now, against
   the mails decided as of now, so a mail another window or `nudge mail`
   accepted while step 2 ran is not proposed again.

`read_source` runs the three in a row (the command line, which has no lock
to share). Reading changes nothing. `save_progress` then stores how far each
IMAP folder was read: up to just below the first mail still waiting for a
decision, so a proposal not yet accepted or skipped is fetched again next
time, and everything before it never is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from app.mail import memory
from app.mail.account import MailSettings
from app.mail.scanning import Scan, Scanner, read_raw
from app.mail.sources import file_messages

if TYPE_CHECKING:
    from app.mail.reading import Mail
    from app.storage.repository import Repository

Known = Mapping[str, tuple[int, int] | None]
"""Per IMAP folder, (UIDVALIDITY, last UID read) from the reading memory, or None when never read."""

Progress = Callable[[int], None]
"""Told how many messages were read so far (the review screen shows it while a slow server answers)."""

PROGRESS_EVERY = 50


@dataclass(frozen=True)
class FolderMark:
    """What one IMAP folder said: its UIDVALIDITY, its highest UID, and the last UID read before (0: none)."""

    validity: int
    highest: int
    start: int


@dataclass
class Fetched:
    """The messages of one read, parsed but not yet matched; built without the database."""

    mails: list[Mail] = field(default_factory=list)
    account: str | None = None
    """user@host:port for an IMAP account, None for a file source."""
    folders: dict[str, FolderMark] = field(default_factory=dict)


@dataclass
class Run:
    """A scan and, for an IMAP account, the reading memory it would leave."""

    scan: Scan
    account: str | None = None
    progress: dict[str, tuple[int, int]] = field(default_factory=dict)


def known_folders(repo: Repository, source: Path | None, settings: MailSettings) -> dict[str, tuple[int, int] | None]:
    """How far each folder of the IMAP account was read (nothing for a file source); a quick database read."""
    if source is not None:
        return {}
    return {folder: memory.folder_state(repo.conn, settings.account, folder) for folder in settings.all_folders()}


def fetch(
    source: Path | None,
    settings: MailSettings,
    known: Known,
    local: tzinfo | None = None,
    progress: Progress | None = None,
) -> Fetched:
    """Read and parse SOURCE (a Maildir or mbox path), or the IMAP account when None; touches no database."""
    fetched = Fetched()

    def take(raw_count: int) -> None:
        if progress is not None and raw_count % PROGRESS_EVERY == 0:
            progress(raw_count)

    if source is not None:
        for raw in file_messages(source):
            fetched.mails.append(read_raw(raw, local))
            take(len(fetched.mails))
        return fetched
    from app.mail.imap import ImapAccount

    fetched.account = settings.account
    with ImapAccount(settings) as account:
        for folder in settings.all_folders():
            before = known.get(folder)
            read = account.read(folder, before)
            for raw in read.messages:
                fetched.mails.append(read_raw(raw, local))
                take(len(fetched.mails))
            start = before[1] if before is not None and before[0] == read.validity else 0
            fetched.folders[folder] = FolderMark(read.validity, read.highest, start)
    return fetched


def match(repo: Repository, fetched: Fetched, settings: MailSettings) -> Run:
    """Match the fetched mails to the processes as stored now; what was decided meanwhile is not proposed."""
    scanner = Scanner(repo.processes(), settings, memory.decided(repo.conn), memory.invitations(repo.conn))
    for mail in fetched.mails:
        scanner.add(mail)
    scanner.finish()
    progress: dict[str, tuple[int, int]] = {}
    for folder, mark in fetched.folders.items():
        pending = scanner.scan.pending_uids.get(folder)
        last = mark.highest if pending is None else pending - 1
        progress[folder] = (mark.validity, max(mark.start, last))
    return Run(scanner.scan, fetched.account, progress)


def read_source(repo: Repository, source: Path | None, settings: MailSettings, local: tzinfo | None = None) -> Run:
    """Scan SOURCE (a Maildir or mbox path), or the configured IMAP account when None; writes nothing."""
    return match(repo, fetch(source, settings, known_folders(repo, source, settings), local), settings)


def save_progress(repo: Repository, run: Run) -> None:
    """Remember how far each IMAP folder was read (nothing for a file source)."""
    if run.account is not None:
        memory.save_folder_state(repo.conn, run.account, run.progress)

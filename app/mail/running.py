"""One run of the inbox reader: read a source (a Maildir, an mbox file or the IMAP account), return the scan.

Reading changes nothing. `save_progress` then stores how far each IMAP folder
was read: up to just below the first mail still waiting for a decision, so
a proposal not yet accepted or skipped is fetched again next time, and
everything before it never is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from app.mail import memory
from app.mail.account import MailSettings
from app.mail.scanning import Scan, Scanner
from app.mail.sources import file_messages

if TYPE_CHECKING:
    from app.storage.repository import Repository


@dataclass
class Run:
    """A scan and, for an IMAP account, the reading memory it would leave."""

    scan: Scan
    account: str | None = None
    progress: dict[str, tuple[int, int]] = field(default_factory=dict)


def read_source(repo: Repository, source: Path | None, settings: MailSettings, local: tzinfo | None = None) -> Run:
    """Scan SOURCE (a Maildir or mbox path), or the configured IMAP account when None; writes nothing."""
    scanner = Scanner(repo.processes(), settings, memory.decided(repo.conn), memory.invitations(repo.conn))
    if source is not None:
        for raw in file_messages(source):
            scanner.add_raw(raw, local)
        return Run(scanner.scan)
    from app.mail.imap import ImapAccount

    progress: dict[str, tuple[int, int]] = {}
    with ImapAccount(settings) as account:
        for folder in settings.all_folders():
            known = memory.folder_state(repo.conn, settings.account, folder)
            read = account.read(folder, known)
            for raw in read.messages:
                scanner.add_raw(raw, local)
            pending = scanner.scan.pending_uids.get(folder)
            start = known[1] if known is not None and known[0] == read.validity else 0
            last = read.highest if pending is None else pending - 1
            progress[folder] = (read.validity, max(start, last))
    return Run(scanner.scan, settings.account, progress)


def save_progress(repo: Repository, run: Run) -> None:
    """Remember how far each IMAP folder was read (nothing for a file source)."""
    if run.account is not None:
        memory.save_folder_state(repo.conn, run.account, run.progress)

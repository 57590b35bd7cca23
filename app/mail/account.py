"""The `[mail]` account of the config file: where the IMAP server is, which folders to read, who "you" are.

The password is never in the file nor on the command line: `password_command`
is a program that prints it (a keyring, `pass`, a secret manager), as mbsync's
PassCmd or aerc's source-cred-cmd, run each time the account is read.
"""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import BadInput

DEFAULT_PORT = 993
SENT_NAMES = ("sent", "sent items", "sent messages", "sent mail", "[gmail]/sent mail", "inbox.sent", "gesendet")
"""Folder names that hold what the seeker sent, when `[mail] sent` does not name the folder."""


@dataclass(frozen=True)
class MailSettings:
    """What `[mail]` says; every field None or empty where the file is silent."""

    host: str | None = None
    port: int = DEFAULT_PORT
    user: str | None = None
    folders: tuple[str, ...] = ("INBOX",)
    sent: str | None = None
    """The folder of sent mail (read for follow-ups and thank-yous)."""
    address: tuple[str, ...] = ()
    """The seeker's own addresses: a message from one of them is outbound."""
    password_command: str | None = None
    cafile: Path | None = None
    """A certificate authority to trust besides the system's (a private server)."""
    source: Path | None = None
    """A Maildir folder or an mbox file to read instead of the IMAP account (`nudge mail`, the review screen)."""

    @property
    def account(self) -> str:
        """How the account is named in the reading memory and in messages: user@host:port."""
        return f"{self.user}@{self.host}:{self.port}"

    def all_folders(self) -> tuple[str, ...]:
        """The folders to read: `folders`, then the sent folder when it is not among them."""
        if self.sent and self.sent not in self.folders:
            return (*self.folders, self.sent)
        return self.folders

    def is_sent_folder(self, folder: str) -> bool:
        """Whether `folder` holds what the seeker sent."""
        if self.sent:
            return folder == self.sent
        return folder.strip().lower().lstrip(".") in SENT_NAMES

    def is_own(self, address: str) -> bool:
        """Whether `address` is one of the seeker's."""
        return address.lower() in {a.lower() for a in self.address}

    def password(self) -> str:
        """Run `password_command` and return its first line; BadInput (naming no secret) when it cannot."""
        if not self.password_command:
            raise BadInput("[mail] needs password_command, a program that prints the password", None)
        try:
            done = subprocess.run(
                shlex.split(self.password_command), capture_output=True, text=True, timeout=60, check=False
            )
        except (OSError, ValueError, subprocess.TimeoutExpired) as exc:
            raise BadInput(f"the [mail] password_command could not run ({type(exc).__name__})", None) from None
        if done.returncode != 0:
            raise BadInput(f"the [mail] password_command failed (exit status {done.returncode})", None)
        lines = done.stdout.splitlines()
        if not lines or not lines[0]:
            raise BadInput("the [mail] password_command printed no password", None)
        return lines[0]


Check = Callable[[str, object, Callable[[object], Any]], Any]
"""The config reader's check: (dotted key, value, reader) -> the value read, or one error naming the key's line."""


def _texts(value: object) -> tuple[str, ...]:
    from app.config import layout

    items = value if isinstance(value, list) else [value]
    if not items:
        raise layout.Problem("must name at least one")
    return tuple(layout.text(item, blank=False, limit=300).strip() for item in items)


def _addresses(value: object) -> tuple[str, ...]:
    from app.config import layout

    found = _texts(value)
    for address in found:
        if "@" not in address or any(c.isspace() for c in address):
            raise layout.Problem(f"must be an email address like you@example.org, got {layout.show(address)}")
    return found


def settings_from(table: Mapping[str, object], base: Path, check: Check) -> MailSettings:
    """`[mail]` read into MailSettings, each key checked (a password key does not exist: see the module)."""
    from app.config import layout

    values: dict[str, Any] = {}
    readers: dict[str, Callable[[object], Any]] = {
        "host": lambda v: layout.text(v, blank=False, limit=253).strip(),
        "port": lambda v: layout.whole(v, 1, 65535),
        "user": lambda v: layout.text(v, blank=False, limit=300),
        "folders": _texts,
        "sent": lambda v: layout.text(v, blank=False, limit=300).strip(),
        "address": _addresses,
        "password_command": layout.command,
        "cafile": lambda v: layout.folder(v, base),
        "source": lambda v: layout.folder(v, base),
    }
    for key, reader in readers.items():
        if key in table:
            values[key] = check(f"mail.{key}", table[key], reader)
    return MailSettings(**values)

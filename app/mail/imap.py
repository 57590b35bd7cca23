"""Reading an IMAP account: over TLS with the certificate checked, read-only, and only what is new.

Each folder is opened with EXAMINE (read-only: the server changes no flag)
and messages are fetched with BODY.PEEK[] (which, unlike BODY[], does not set
\\Seen). The folder's UIDVALIDITY and the last UID read are remembered (see
`app.mail.memory`), so a re-run asks only for UIDs above it, and starts over
when the server says the UIDs were renumbered. Sizes are asked first, so a
message larger than `reading.MAX_BYTES` is never downloaded.

Certificates are checked as a browser would (`ssl.create_default_context`:
the system's authorities, host name checked); `[mail] cafile` trusts a
private authority instead. There is no way to turn the check off.
"""

from __future__ import annotations

import contextlib
import imaplib
import re
import socket
import ssl
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Final

from app.errors import NudgeError
from app.mail.account import MailSettings
from app.mail.reading import MAX_BYTES
from app.mail.sources import Raw

BATCH: Final = 200
TIMEOUT: Final = 60.0


class MailServerError(NudgeError):
    """The mail server could not be reached, refused the login or a folder; exit status 1."""

    exit_code = 1


def tls_context(settings: MailSettings) -> ssl.SSLContext:
    """The TLS context: certificates and host name verified, by the system's or the configured authority."""
    cafile = str(settings.cafile) if settings.cafile is not None else None
    try:
        context = ssl.create_default_context(cafile=cafile)
    except (OSError, ssl.SSLError) as exc:
        raise MailServerError(f"[mail] cafile cannot be used ({type(exc).__name__})") from None
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass
class FolderRead:
    """What one folder gave: its UIDVALIDITY, the highest UID it holds, and the new messages."""

    folder: str
    validity: int
    highest: int
    messages: list[Raw] = field(default_factory=list)


class ImapAccount:
    """One logged-in, read-only session with the configured server."""

    def __init__(self, settings: MailSettings) -> None:
        if not settings.host or not settings.user:
            raise MailServerError("no mail account: set host and user in the [mail] section of the config file")
        self.settings = settings
        self.where = where = f"{settings.host}:{settings.port}"
        """How messages name the server: host and port, never the user or the password."""
        password = settings.password()
        try:
            self.imap = imaplib.IMAP4_SSL(
                settings.host, settings.port, ssl_context=tls_context(settings), timeout=TIMEOUT
            )
        except ssl.SSLCertVerificationError as exc:
            raise MailServerError(
                f"the mail server {where} has a certificate that is not trusted ({exc.verify_message})"
            ) from None
        except (OSError, ssl.SSLError, imaplib.IMAP4.error) as exc:
            raise MailServerError(f"could not connect to the mail server {where} ({type(exc).__name__})") from None
        try:
            self.imap.login(settings.user, password)
        except (imaplib.IMAP4.error, OSError):
            self.close()
            raise MailServerError(f"the mail server {where} refused the login for the [mail] user") from None

    def close(self) -> None:
        """Log out (no EXPUNGE: EXAMINE'd folders are never changed)."""
        with contextlib.suppress(imaplib.IMAP4.error, OSError, socket.error):
            self.imap.logout()

    def __enter__(self) -> ImapAccount:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read(self, folder: str, known: tuple[int, int] | None) -> FolderRead:
        """The messages of `folder` newer than `known` (UIDVALIDITY, last UID); all of them when renumbered."""
        try:
            status, _ = self.imap.select(_quote(folder), readonly=True)  # EXAMINE
            if status != "OK":
                raise MailServerError(f"the mail server {self.where} has no folder {folder!r} (see [mail] folders)")
            validity = int(self.imap.response("UIDVALIDITY")[1][0] or 0)
            start = known[1] + 1 if known is not None and known[0] == validity else 1
            status, data = self.imap.uid("SEARCH", f"UID {start}:*")
            uids = sorted(int(u) for u in (data[0] or b"").split() if int(u) >= start)
            result = FolderRead(folder, validity, max(uids) if uids else (start - 1))
            for chunk in _chunks(uids, BATCH):
                sizes = self._sizes(chunk)
                small = [uid for uid in chunk if sizes.get(uid, 0) <= MAX_BYTES]
                bodies = dict(self._bodies(small)) if small else {}
                for uid in chunk:
                    big = sizes.get(uid, 0) > MAX_BYTES
                    result.messages.append(
                        Raw(None if big else bodies.get(uid, b""), f"{folder} #{uid}", folder, uid, sizes.get(uid, 0))
                    )
            return result
        except imaplib.IMAP4.error as exc:
            raise MailServerError(
                f"the mail server {self.where} failed reading a folder ({type(exc).__name__})"
            ) from None
        except OSError as exc:
            raise MailServerError(
                f"the connection to the mail server {self.where} broke ({type(exc).__name__})"
            ) from None

    def _sizes(self, uids: Sequence[int]) -> dict[int, int]:
        _, data = self.imap.uid("FETCH", ",".join(map(str, uids)), "(RFC822.SIZE)")
        sizes: dict[int, int] = {}
        for item in data:
            line = item[0] if isinstance(item, tuple) else item
            if isinstance(line, bytes):
                uid, size = _UID.search(line), _SIZE.search(line)
                if uid and size:
                    sizes[int(uid[1])] = int(size[1])
        return sizes

    def _bodies(self, uids: Sequence[int]) -> Iterator[tuple[int, bytes]]:
        _, data = self.imap.uid("FETCH", ",".join(map(str, uids)), "(BODY.PEEK[])")
        for item in data:
            if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], bytes):
                uid = _UID.search(item[0])
                if uid:
                    yield int(uid[1]), bytes(item[1])


_UID: Final = re.compile(rb"\bUID (\d+)")
_SIZE: Final = re.compile(rb"\bRFC822\.SIZE (\d+)")


def _chunks(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]

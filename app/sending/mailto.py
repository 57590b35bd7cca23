"""A `mailto:` draft URL: recipient, subject and body, percent-encoded so nothing can add a header.

The URL goes to whatever mail client the desktop picks, and each client splits
it its own way, so every character that means something in a URL or a mail
header is encoded: the recipient keeps only `@` as written, header names and
values keep only unreserved characters. Spaces are `%20` (never `+`, which
clients read as a plus), line breaks in the body are `%0D%0A`, other text is
UTF-8. A recipient is used only when it is one plausible address: text such as
`rita@acme.com?cc=eve@evil.example` or two addresses with a comma is left out,
and the draft opens with the To field empty for the user to fill in.
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import quote

from app.rules.agenda import Action
from app.safe_text import safe_text
from app.sending.subjects import one_line, subject_for

_ATEXT: Final = r"[^\s@,;:<>()\[\]\\\".\x00-\x1f\x7f-\x9f]"
"""A character of an address's local part: RFC 5322 atext, plus any non-ASCII letter (RFC 6531)."""
_LABEL: Final = r"[^\W_](?:[^\W_-]|-(?=[^.]))*"
"""A domain label: letters and digits (any script), hyphens inside."""
_ADDRESS: Final = re.compile(rf"{_ATEXT}+(?:\.{_ATEXT}+)*@{_LABEL}(?:\.{_LABEL})*")
MAX_ADDRESS: Final = 254
"""The longest address mail can carry (RFC 5321's path limit less its angle brackets)."""
_SURROGATE: Final = re.compile(r"[\ud800-\udfff]")
_LINE_BREAK: Final = re.compile(r"\r\n?|\n")


def recipient(email: str | None) -> str | None:
    """The address a draft may be sent to, or None when `email` is not one plausible address."""
    if email is None:
        return None
    address = email.strip()
    return address if len(address) <= MAX_ADDRESS and _ADDRESS.fullmatch(address) else None


def _utf8(text: str) -> str:
    """Text that encodes as UTF-8: an unpaired surrogate (no character at all) becomes U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def _body(text: str) -> str:
    """The body as a mail client expects it: controls replaced, every line break CRLF."""
    lines = _LINE_BREAK.split(safe_text(_utf8(text)).rstrip())
    return "\r\n".join(line.rstrip() for line in lines)


def mailto_url(to: str | None, subject: str, body: str) -> str:
    """A `mailto:` URL for a draft to `to` (left out unless it is one address) with `subject` and `body`.

    Empty fields are left out; a URL with neither recipient nor fields is
    `mailto:`, which opens an empty draft.
    """
    address = recipient(to)
    fields = [("subject", one_line(_utf8(subject))), ("body", _body(body))]
    query = "&".join(f"{name}={quote(value, safe='')}" for name, value in fields if value)
    return "mailto:" + (quote(address, safe="@") if address else "") + (f"?{query}" if query else "")


def draft_url(action: Action, body: str | None = None) -> str:
    """The draft for an agenda action: its contact's address, its subject, `body` or its suggested message."""
    email = action.contact.email if action.contact is not None else None
    return mailto_url(email, subject_for(action), body if body is not None else action.message or "")

"""Which URLs Nudge hands to a browser or mail client: web links and mail drafts, nothing else.

A process's link comes from whatever the user typed or a spreadsheet held, so
it may be `javascript:`, `file:///etc/passwd`, a `data:` page or a custom
scheme that starts a program. Only `http`, `https` (with a host) and `mailto`
are opened; any other is refused with the reason, and the URL itself is never
repeated in a message (it may hold a person's address or a private token).
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import urlsplit

OPENABLE_SCHEMES: Final = ("http", "https", "mailto")

MAX_URL: Final = 64_000
"""Longer than any draft Nudge makes; below what one program argument may hold on Linux (128 KiB)."""

_BARE_HOST: Final = re.compile(r"(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}(?::\d{1,5})?(?:[/?#].*)?", re.DOTALL)
"""A link typed without its scheme: `acme.com/careers/42`, `jobs.acme.co.uk:8443/x`."""
_UNSAFE: Final = re.compile(r"[\x00-\x20\x7f-\x9f\u2028\u2029]")
"""Controls, spaces and line breaks: a well-formed URL has them percent-encoded, never raw."""


def url_problem(url: str) -> str | None:
    """Why `url` must not be opened, or None when it is a web link or a mail draft."""
    if not url.strip():
        return "there is no link to open"
    if len(url) > MAX_URL:
        return f"the link is too long to open ({len(url)} characters; at most {MAX_URL}); copy it instead"
    if _UNSAFE.search(url):
        return "the link contains spaces or control characters; only a plain web address can be opened"
    try:
        parts = urlsplit(url)
    except ValueError:
        return "the link is not a valid web address"
    scheme = parts.scheme.lower()
    if not scheme:
        return "the link has no scheme; only http://, https:// and mailto: links can be opened"
    if scheme not in OPENABLE_SCHEMES:
        shown = scheme if len(scheme) <= 20 else scheme[:20] + "…"
        return f"only http://, https:// and mailto: links can be opened, not {shown}:"
    if scheme != "mailto" and not parts.hostname:
        return "the web link has no host name"
    return None


def web_link(link: str) -> str:
    """The link as it can be opened: trimmed, and `https://` put before a bare `acme.com/careers/42`.

    People paste links without their scheme; such text is unmistakably a web
    address, and a browser would read it the same way. Anything else is
    returned trimmed, for `url_problem` to judge.
    """
    text = link.strip()
    if "://" not in text and len(text) <= 2048 and _BARE_HOST.fullmatch(text):
        return "https://" + text
    return text

"""The new part of a message: what the sender wrote this time, without the thread below it or a signature.

Mail clients quote in a few recognisable ways: lines starting with ">", an
"On <date>, <name> wrote:" line (Gmail, Apple Mail, Thunderbird; it may wrap
onto a second line), Outlook's "From: ... Sent: ..." header block or its
"-----Original Message-----" and underscore dividers. Everything from the first
of these on is history. A line of "-- " starts the signature (RFC 3676).
"""

from __future__ import annotations

import re
from typing import Final

MAX_KEPT: Final = 20_000
"""Characters of new text kept at most: a reply is a few paragraphs; the rest is not what the seeker reads."""

_WROTE: Final = re.compile(
    r"^\s*(on\b.{0,300}\bwrote|am\b.{0,300}\bschrieb|le\b.{0,300}\ba écrit|el\b.{0,300}\bescribió)\s*:\s*$",
    re.IGNORECASE,
)
_DIVIDER: Final = re.compile(
    r"^\s*(-{2,}\s*(original message|forwarded message|ursprüngliche nachricht)\s*-{2,}|_{10,})\s*$", re.IGNORECASE
)
_HEADER_FROM: Final = re.compile(r"^\s*\*?(from|von|de)\s*:\*?\s+\S", re.IGNORECASE)
_HEADER_NEXT: Final = re.compile(r"^\s*\*?(sent|date|gesendet|envoyé|to|an|subject|betreff)\s*:", re.IGNORECASE)
_SIGNATURE: Final = re.compile(r"^-- ?$")


def new_part(text: str) -> str:
    """`text` cut before its quoted history and signature, quoted lines dropped, trimmed and bounded."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for i, line in enumerate(lines):
        joined = line + " " + lines[i + 1] if i + 1 < len(lines) else line
        if _SIGNATURE.match(line) or _DIVIDER.match(line) or _WROTE.match(line):
            break
        if not line.rstrip().endswith(":") and _WROTE.match(joined) and len(line) > 20:
            break  # "On Tue, 1 Dec 2026 at 10:00, Rita Ray <" / "rita@acme.example> wrote:"
        if _HEADER_FROM.match(line) and any(_HEADER_NEXT.match(nxt) for nxt in lines[i + 1 : i + 4]):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line.rstrip())
    result = "\n".join(kept).strip()
    result = re.sub(r"\n{3,}", "\n\n", result)
    return result[:MAX_KEPT]

"""Whether an email address or a phone number looks like one, and if not, why in a few words.

One check for every place a person's details are typed, so the contact form
and the edit form refuse the same things for the same reasons. The checks are
what a person expects, not the RFC: an email is one `@` between a name and a
domain with a dot, without spaces; a phone number is mostly digits, written
with the usual `+ ( ) - .` and spaces. Anything stricter would refuse real
addresses (plus signs, subdomains, extensions).
"""

from __future__ import annotations

import re
from typing import Final

_EMAIL: Final = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
_PHONE_CHARACTERS: Final = re.compile(r"\+?[\d\s().\-/]+((ext\.?|x)\s*\d+)?", re.IGNORECASE)
MIN_PHONE_DIGITS: Final = 5
MAX_PHONE_DIGITS: Final = 20


def email_problem(email: str) -> str | None:
    """Why `email` is not an email address, or None when it looks like one (blank is fine: none)."""
    text = email.strip()
    if not text:
        return None
    if any(c.isspace() for c in text):
        return "an email address has no spaces"
    if text.count("@") != 1:
        return "an email address has one @, as in rita@acme.example"
    if not _EMAIL.fullmatch(text):
        return "an email address needs a name and a domain, as in rita@acme.example"
    return None


def phone_problem(phone: str) -> str | None:
    """Why `phone` is not a phone number, or None when it looks like one (blank is fine: none)."""
    text = phone.strip()
    if not text:
        return None
    if not _PHONE_CHARACTERS.fullmatch(text):
        return "a phone number is digits, with + ( ) - and spaces if you like"
    digits = sum(c.isdigit() for c in text)
    if digits < MIN_PHONE_DIGITS:
        return f"a phone number has at least {MIN_PHONE_DIGITS} digits"
    if digits > MAX_PHONE_DIGITS:
        return f"a phone number has at most {MAX_PHONE_DIGITS} digits"
    return None

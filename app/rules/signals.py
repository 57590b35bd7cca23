"""Reading a pasted reply for its signal (rules.md section 8): a suggestion, never stored silently.

The seed's reading: being encouraged to keep looking elsewhere is a polite
no; "very interested, needs a bit more time" is a good sign. Negative phrases
win over positive ones, since a kind rejection is usually wrapped in praise,
and a negated good sign ("won't be moving forward", "unable to offer") is a no.
"""

from __future__ import annotations

import re
from typing import Final

NEGATIVE: Final = (
    r"\b(continue|keep) (looking|exploring|pursuing|searching)",
    r"\bother (opportunities|options|roles|positions)\b",
    r"(\bnot|n['’]t) (be )?mov(e|ing) forward\b",
    r"\b(unable to|not able to|cannot|can['’]t|can not) (offer|extend an offer)\b",
    r"\bdecided to (go|move|proceed) (with|in) (another|a different|other)",
    r"\b(unfortunately|regret to)\b",
    r"\bnot (a|the right) (fit|match)\b",
    r"\bposition (has been|was) filled\b",
    r"\bon hold\b",
    r"\b(another|other|a different) candidate",
)
POSITIVE: Final = (
    r"\bvery (interested|keen|impressed)\b",
    r"\b(a bit|a little|some) more time\b",
    r"\bnext (step|steps|round|stage)\b",
    r"\b(move|moving) (you )?forward\b",
    r"\b(excited|pleased|happy) to\b",
    r"\b(schedule|set up|arrange) (a|an|the) (call|interview|meeting|onsite)",
    r"\boffer\b",
    r"\bstrong (candidate|interest)\b",
)
_NEG = [re.compile(p, re.IGNORECASE) for p in NEGATIVE]
_POS = [re.compile(p, re.IGNORECASE) for p in POSITIVE]


def suggest_signal(text: str) -> str | None:
    """ "negative", "positive", or None when the text gives no clear sign."""
    if any(p.search(text) for p in _NEG):
        return "negative"
    if any(p.search(text) for p in _POS):
        return "positive"
    return None

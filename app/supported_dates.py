"""The dates Nudge can count with: from 1900-01-01 to 2200-12-31.

Business-day arithmetic, holiday tables and the stats' week maps step days
beyond the date they are given; near the ends of Python's calendar (year 1 or
9999) that overflows. Every date that comes in (the command line's --date and
--since, a backup file, a date typed in the dashboard) is checked against this
one range, so a date outside it is a clear "bad input", never a crash later.
"""

from __future__ import annotations

from datetime import date
from typing import Final

FIRST_DAY: Final = date(1900, 1, 1)
LAST_DAY: Final = date(2200, 12, 31)
RANGE_TEXT: Final = f"from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}"
"""How messages state the range: "dates go from 1900-01-01 to 2200-12-31"."""


def supported(day: date) -> bool:
    """Whether `day` lies in the range Nudge counts with."""
    return FIRST_DAY <= day <= LAST_DAY


def out_of_range(shown: str) -> str:
    """The message for a date outside the range; `shown` is the date as the user wrote it (quoted)."""
    return f"date out of range: {shown} (Nudge works with dates {RANGE_TEXT})"

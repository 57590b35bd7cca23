"""Which processes a period of the stats looks at.

A period is a cohort: the processes *begun* in it, followed to wherever they
are today. Counting events inside a window instead would cut a process in two
(its screen in October, its offer in November) and make conversions meaningless.
A process begins on the day the seeker applied (its earliest outbound
`application` message); without one, on its earliest logged interview or
message. A process with nothing logged has no start and only shows under "all".
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Final

from app.rules.values import Process

PERIODS: Final = ("30d", "90d", "year", "all")
"""The periods the Stats screen switches between, in key order (1, 2, 3, 4)."""
PERIOD_LABELS: Final = {"30d": "last 30 days", "90d": "last 90 days", "year": "this year", "all": "all time"}


def period_start(period: str, today: date) -> date | None:
    """The first day of a period ending `today`; None for "all".

    "Last 30 days" is the 30 calendar days ending today, today included, so
    it starts 29 days back; "this year" starts on 1 January.
    """
    if period == "30d":
        return today - timedelta(days=29)
    if period == "90d":
        return today - timedelta(days=89)
    if period == "year":
        return date(today.year, 1, 1)
    if period == "all":
        return None
    raise ValueError(f"unknown period {period!r} (one of {', '.join(PERIODS)})")


def began(process: Process) -> date | None:
    """The day a process began: its application, else its first logged interview or message."""
    applied = [m.at.day for m in process.messages if m.direction == "out" and m.purpose == "application"]
    if applied:
        return min(applied)
    days = [m.at.day for m in process.messages] + [i.at.day for i in process.interviews]
    return min(days) if days else None


def in_period(processes: Iterable[Process], since: date | None) -> list[Process]:
    """The processes begun on or after `since` (all of them when `since` is None)."""
    if since is None:
        return list(processes)
    chosen = []
    for process in processes:
        start = began(process)
        if start is not None and start >= since:
            chosen.append(process)
    return chosen

"""All the figures of `nudge stats` and the Stats screen, from one pure function."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from app.rules.calendar import CalendarBook
from app.rules.values import Process, Settings
from app.stats.activity import Activity, activity
from app.stats.funnel import Funnel, funnel
from app.stats.health import Health, pipeline_health
from app.stats.periods import in_period
from app.stats.waiting import Waits, waits


@dataclass(frozen=True, slots=True)
class Stats:
    """Everything the stats show, as of `today`.

    The funnel and the waits are about the processes begun since `since` (see
    `app.stats.periods`); activity always covers the last twelve weeks and
    health the present, whatever the period.
    """

    today: date
    since: date | None
    processes: int
    """How many processes the period holds."""
    funnel: Funnel
    waits: Waits
    activity: Activity
    health: Health


def compute_stats(
    processes: Iterable[Process],
    settings: Settings,
    today: date,
    since: date | None = None,
    *,
    book: CalendarBook | None = None,
) -> Stats:
    """Compute every figure; pass a CalendarBook to reuse calendars already built."""
    everything = list(processes)
    chosen = in_period(everything, since)
    return Stats(
        today,
        since,
        len(chosen),
        funnel(chosen, today),
        waits(chosen, settings, today, book),
        activity(everything, settings, today),
        pipeline_health(everything, today),
    )

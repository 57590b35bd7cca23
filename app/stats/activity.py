"""Twelve weeks of activity, day by day, for a contribution-style heatmap.

Weeks run Monday to Sunday; the last one holds `today`, and its days after
`today` are left out rather than shown as idle. A day's activity counts the
interviews that took place (today's included: it is on the seeker's mind) and
the messages sent and received. Holidays are the seeker's own (the settings'
country, subdivision and days off), not each company's: the heatmap is about
the seeker's weeks. A holiday is a public holiday or a day off, whatever
weekday it falls on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from app.rules.calendar import BusinessCalendar
from app.rules.values import Process, Settings

WEEKS: Final = 12
LEVELS: Final = (0, 1, 2, 3, 5)
"""The lowest count of each heatmap level: none, 1, 2, 3-4, 5 and more.

Fixed rather than relative to the busiest day, so a quiet week looks quiet
and two heatmaps can be compared."""


@dataclass(frozen=True, slots=True)
class Day:
    """One cell of the heatmap."""

    day: date
    interviews: int
    sent: int
    received: int
    holiday: bool

    @property
    def total(self) -> int:
        """Everything that happened that day."""
        return self.interviews + self.sent + self.received

    @property
    def level(self) -> int:
        """0 (nothing) to 4 (busy), by LEVELS."""
        return max(n for n, low in enumerate(LEVELS) if self.total >= low)


@dataclass(frozen=True, slots=True)
class Activity:
    """Day cells in weeks (columns), Monday first; the last week stops at `today`."""

    weeks: tuple[tuple[Day, ...], ...]
    country: str
    subdivision: str | None

    @property
    def days(self) -> tuple[Day, ...]:
        """Every day, oldest first."""
        return tuple(d for week in self.weeks for d in week)

    @property
    def start(self) -> date:
        """The Monday the heatmap starts on."""
        return self.weeks[0][0].day

    @property
    def end(self) -> date:
        """The last day shown: `today`."""
        return self.weeks[-1][-1].day

    def totals(self) -> tuple[int, int, int]:
        """Interviews, messages sent, messages received over the whole span."""
        days = self.days
        return sum(d.interviews for d in days), sum(d.sent for d in days), sum(d.received for d in days)

    def per_week(self) -> tuple[int, ...]:
        """Everything that happened, week by week."""
        return tuple(sum(d.total for d in week) for week in self.weeks)


def holidays_of(settings: Settings) -> BusinessCalendar:
    """A calendar whose only days off are the seeker's holidays: every weekday is a workday in it."""
    return BusinessCalendar(settings.country, settings.subdivision, frozenset(range(7)), settings.days_off)


def activity(processes: Iterable[Process], settings: Settings, today: date, weeks: int = WEEKS) -> Activity:
    """Count interviews and messages per day over the `weeks` weeks ending with today's."""
    start = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    interviews: Counter[date] = Counter()
    sent: Counter[date] = Counter()
    received: Counter[date] = Counter()
    for process in processes:
        for interview in process.interviews:
            interviews[interview.at.day] += 1
        for message in process.messages:
            (sent if message.direction == "out" else received)[message.at.day] += 1
    off = holidays_of(settings)
    columns = []
    for week in range(weeks):
        monday = start + timedelta(days=7 * week)
        days = [monday + timedelta(days=n) for n in range(7)]
        columns.append(
            tuple(Day(d, interviews[d], sent[d], received[d], not off.is_business_day(d)) for d in days if d <= today)
        )
    return Activity(tuple(columns), off.country, off.subdivision)

"""Business-day arithmetic on the hiring team's calendar .

A recruiter counts "5 business days" on their own calendar: their weekend and
their public holidays, not the seeker's. Calendars are therefore built per
(country, subdivision), once, and each year's holidays are computed once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from typing import Protocol

from app.errors import BadInput
from app.rules.values import WEEKDAYS, Process, Settings

_ONE_DAY = timedelta(days=1)


class HolidaySource(Protocol):
    """Where public holidays and weekends come from; the `holidays` package unless told otherwise."""

    def supported(self) -> dict[str, tuple[str, ...]]:
        """Every country code with its subdivision codes."""
        ...

    def public(self, country: str, subdivision: str | None, year: int) -> frozenset[date]:
        """The public holidays (observed days included) of a place in a year."""
        ...

    def weekend(self, country: str) -> frozenset[int]:
        """The weekday numbers (Monday 0) of a country's weekend."""
        ...


class LiveHolidays:
    """Computes everything with the `holidays` package (imported on first use)."""

    def supported(self) -> dict[str, tuple[str, ...]]:
        """See `HolidaySource.supported`."""
        import holidays

        return {code: tuple(subdivs) for code, subdivs in holidays.list_supported_countries().items()}

    def public(self, country: str, subdivision: str | None, year: int) -> frozenset[date]:
        """See `HolidaySource.public`."""
        import holidays

        return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=year))

    def weekend(self, country: str) -> frozenset[int]:
        """See `HolidaySource.weekend`."""
        import holidays

        return frozenset(holidays.country_holidays(country).weekend)


_source: HolidaySource = LiveHolidays()


def use_holiday_source(source: HolidaySource) -> None:
    """Answer holiday questions from `source` from now on (the command line's disk cache).

    The answers must be the same as the `holidays` package's; only where they
    come from changes, so the rules stay free of files and clocks.
    """
    global _source  # noqa: PLW0603 (one switch, set once at start-up)
    _source = source
    _supported.cache_clear()
    _public_holidays.cache_clear()
    _weekend.cache_clear()


@lru_cache(maxsize=1)
def _supported() -> dict[str, tuple[str, ...]]:
    return _source.supported()


def check_place(country: str, subdivision: str | None) -> tuple[str, str | None]:
    """Return the canonical (country, subdivision) codes, or raise BadInput.

    Codes are matched without regard to case ("us", "ca" -> "US", "CA"), since a
    typed code should not fail on capitals alone; the message lists what exists.
    """
    supported = _supported()
    code = country.strip().upper()
    if code not in supported:
        raise BadInput(f"unknown country code {country!r} (use an ISO 3166 code such as US, GB, DE)")
    if subdivision is None or not subdivision.strip():
        return code, None
    wanted = subdivision.strip().casefold()
    for sub in supported[code]:
        if sub.casefold() == wanted:
            return code, sub
    known = ", ".join(supported[code][:12]) or "none"
    more = ", ..." if len(supported[code]) > 12 else ""
    raise BadInput(f"unknown subdivision {subdivision!r} for {code} (known: {known}{more})")


@lru_cache(maxsize=4096)
def _public_holidays(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    return _source.public(country, subdivision, year)


@lru_cache(maxsize=256)
def _weekend(country: str) -> frozenset[int]:
    return _source.weekend(country)


def parse_workdays(names: Iterable[str]) -> frozenset[int]:
    """Turn `["mon", ..., "fri"]` into weekday numbers; raise BadInput on a bad name."""
    days: set[int] = set()
    for name in names:
        key = str(name).strip().lower()[:3]
        if key not in WEEKDAYS:
            raise BadInput(f"not a weekday: {name!r} (use mon, tue, wed, thu, fri, sat, sun)")
        days.add(WEEKDAYS.index(key))
    if not days:
        raise BadInput("workdays must name at least one day")
    return frozenset(days)


class BusinessCalendar:
    """The working days of one place: its weekend, its public holidays, extra days off."""

    __slots__ = ("_days_off", "_workdays", "country", "subdivision")

    def __init__(
        self,
        country: str = "US",
        subdivision: str | None = None,
        workdays: frozenset[int] | None = None,
        days_off: Iterable[date] = (),
    ) -> None:
        self.country, self.subdivision = check_place(country, subdivision)
        if workdays is None:
            workdays = frozenset(range(7)) - _weekend(self.country)
        self._workdays = workdays
        self._days_off = frozenset(days_off)

    def is_business_day(self, day: date) -> bool:
        """A workday that is neither a public holiday (observed days included) nor a day off."""
        return (
            day.weekday() in self._workdays
            and day not in self._days_off
            and day not in _public_holidays(self.country, self.subdivision, day.year)
        )

    def add(self, start: date, n: int) -> date:
        """`start + n bd`: the n-th business day after `start`; `start` itself never counts."""
        day = start
        while n > 0:
            day += _ONE_DAY
            if self.is_business_day(day):
                n -= 1
        return day

    def between(self, a: date, b: date) -> int:
        """How many business days `x` satisfy `a < x <= b` (0 when `b <= a`)."""
        count = 0
        day = a
        while day < b:
            day += _ONE_DAY
            if self.is_business_day(day):
                count += 1
        return count


class CalendarBook:
    """Hands out one calendar per place, built once, with the seeker's settings applied."""

    def __init__(self, settings: Settings) -> None:
        self._workdays = parse_workdays(settings.workdays) if settings.workdays is not None else None
        self._days_off = frozenset(settings.days_off)
        self._default = (settings.country, settings.subdivision)
        self._cache: dict[tuple[str, str | None], BusinessCalendar] = {}

    def get(self, country: str | None, subdivision: str | None) -> BusinessCalendar:
        """The calendar of a place; a process without a country uses the settings' place."""
        key = (country, subdivision) if country else self._default
        found = self._cache.get(key)
        if found is None:
            found = BusinessCalendar(key[0], key[1], self._workdays, self._days_off)
            self._cache[key] = found
        return found

    def for_process(self, process: Process) -> BusinessCalendar:
        """The hiring team's calendar for this process."""
        return self.get(process.country, process.subdivision)

"""Properties of business-day arithmetic, for many places and dates."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import BadInput
from app.rules.calendar import BusinessCalendar, check_place

PLACES = [("US", None), ("US", "MA"), ("GB", "SCT"), ("GB", "ENG"), ("DE", "BY"), ("IL", None), ("JP", None)]
calendars = st.sampled_from(PLACES).map(lambda place: BusinessCalendar(*place))
days = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))
counts = st.integers(min_value=1, max_value=30)
PROPERTY = settings(max_examples=150, deadline=None)


@PROPERTY
@given(calendars, days, counts)
def test_result_is_a_business_day_after_D(cal: BusinessCalendar, start: date, n: int) -> None:
    end = cal.add(start, n)
    assert end > start
    assert cal.is_business_day(end)


@PROPERTY
@given(calendars, days, counts)
def test_between_undoes_add(cal: BusinessCalendar, start: date, n: int) -> None:
    end = cal.add(start, n)
    assert cal.between(start, end) == n
    # The n-th business day is the first day that many are reached.
    assert cal.between(start, end - timedelta(days=1)) == n - 1


@PROPERTY
@given(calendars, days, days, counts)
def test_add_is_monotonic_in_the_start(cal: BusinessCalendar, a: date, b: date, n: int) -> None:
    a, b = min(a, b), max(a, b)
    assert cal.add(a, n) <= cal.add(b, n)


@PROPERTY
@given(calendars, days, counts, counts)
def test_add_is_strictly_monotonic_in_n(cal: BusinessCalendar, start: date, m: int, n: int) -> None:
    if m != n:
        assert (cal.add(start, m) < cal.add(start, n)) == (m < n)


@PROPERTY
@given(calendars, days, counts, counts)
def test_add_composes(cal: BusinessCalendar, start: date, a: int, b: int) -> None:
    assert cal.add(cal.add(start, a), b) == cal.add(start, a + b)


@PROPERTY
@given(calendars, days, days, days)
def test_between_is_additive_and_zero_backwards(cal: BusinessCalendar, a: date, b: date, c: date) -> None:
    a, b, c = sorted((a, b, c))
    if (c - a).days > 120:
        c = a + timedelta(days=120)
        b = min(b, c)
    assert cal.between(a, b) + cal.between(b, c) == cal.between(a, c)
    assert cal.between(c, a) == 0
    assert cal.between(b, b) == 0


@PROPERTY
@given(st.sampled_from(PLACES), days, st.integers(min_value=0, max_value=40))
def test_business_days_match_the_holidays_package(place: tuple[str, str | None], start: date, span: int) -> None:
    """An independent count: the package's own weekend and holiday list, day by day."""
    country, subdivision = place
    listed = holidays.country_holidays(country, subdiv=subdivision)
    end = start + timedelta(days=span)
    expected = sum(
        1
        for offset in range(1, span + 1)
        if (d := start + timedelta(days=offset)).weekday() not in listed.weekend and d not in listed
    )
    assert BusinessCalendar(country, subdivision).between(start, end) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=6), st.one_of(st.none(), st.text(max_size=6)))
def test_any_code_is_accepted_or_bad_input(country: str, subdivision: str | None) -> None:
    try:
        code, sub = check_place(country, subdivision)
    except BadInput:
        return
    assert code == code.strip()
    assert sub is None or sub == sub.strip()


@pytest.mark.parametrize("code", ["us", "Us", "uS", "US"])
def test_case_never_matters(code: str) -> None:
    assert check_place(code, None) == ("US", None)

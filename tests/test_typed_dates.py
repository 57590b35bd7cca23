"""Typed dates read as people mean them, at fixed dates (never the clock)."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from app.rules.calendar import BusinessCalendar
from app.rules.values import Moment
from app.typed_dates import (
    NotADate,
    OutOfRange,
    day_first,
    day_for_command,
    describe,
    is_past,
    parse_when,
    preview,
    read_when,
)

TUESDAY = date(2026, 12, 1)  # a Tuesday
FRIDAY = date(2026, 12, 4)
SATURDAY = date(2026, 12, 5)
MORNING = datetime(2026, 12, 1, 9, 30)
AFTERNOON = datetime(2026, 12, 1, 15, 0)


@pytest.mark.parametrize(
    ("text", "today", "now", "expected"),
    [
        # the same weekday, with a time still ahead today: today
        ("tue 14:00", TUESDAY, MORNING, datetime(2026, 12, 1, 14, 0)),
        # ... with a time already gone: next week's
        ("tue 14:00", TUESDAY, AFTERNOON, datetime(2026, 12, 8, 14, 0)),
        ("tue 15:00", TUESDAY, AFTERNOON, datetime(2026, 12, 1, 15, 0)),  # this very minute is not gone
        # no time of day known (the caller gave only the date): today
        ("tue 14:00", TUESDAY, None, datetime(2026, 12, 1, 14, 0)),
        # a bare weekday on that weekday: today (a date-only item lasts the whole day)
        ("tue", TUESDAY, AFTERNOON, date(2026, 12, 1)),
        ("this tue", TUESDAY, AFTERNOON, date(2026, 12, 1)),
        ("wed", TUESDAY, MORNING, date(2026, 12, 2)),
        ("mon", TUESDAY, MORNING, date(2026, 12, 7)),
        # "next fri": the Friday of next week
        ("next fri", TUESDAY, None, date(2026, 12, 11)),
        ("fri", TUESDAY, None, date(2026, 12, 4)),
        ("next fri", FRIDAY, None, date(2026, 12, 11)),
        ("fri", FRIDAY, None, date(2026, 12, 4)),
        ("next fri", SATURDAY, None, date(2026, 12, 11)),
        ("next tue 9:30", TUESDAY, MORNING, datetime(2026, 12, 8, 9, 30)),
        ("last tue", TUESDAY, None, date(2026, 11, 24)),
        ("tomorrow 9am", TUESDAY, None, datetime(2026, 12, 2, 9, 0)),
        ("2026-12-03 10:00", TUESDAY, None, datetime(2026, 12, 3, 10, 0)),
    ],
)
def test_weekdays_and_times(text: str, today: date, now: datetime | None, expected: date) -> None:
    assert parse_when(text, today, now=now) == Moment.of(expected)


@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [
        ("3/12 10:00", "GB", datetime(2026, 12, 3, 10, 0)),
        ("3/12 10:00", "DE", datetime(2026, 12, 3, 10, 0)),
        ("3/12 10:00", "US", datetime(2026, 3, 12, 10, 0)),
        ("3/12", "GB", date(2026, 12, 3)),
        ("3.12.", "DE", date(2026, 12, 3)),
        ("12/3", "US", date(2026, 12, 3)),
        ("25/12", "GB", date(2026, 12, 25)),
        ("3 Dec", "US", date(2026, 12, 3)),
        ("Dec 3", "GB", date(2026, 12, 3)),
    ],
)
def test_numeric_dates_follow_the_process_country(text: str, country: str, expected: date) -> None:
    cal = BusinessCalendar(country)
    assert parse_when(text, TUESDAY, cal) == Moment.of(expected)


def test_a_day_that_cannot_be_read_the_country_way_is_refused() -> None:
    with pytest.raises(NotADate):
        parse_when("12/25", TUESDAY, BusinessCalendar("GB"))  # no 25th month; never read month-first


def test_month_first_countries_are_a_small_documented_set() -> None:
    assert [c for c in ("US", "PH", "CA", "GB", "DE", "IL", "AU", "IN", "FR") if not day_first(c)] == ["US", "PH", "CA"]
    assert day_first(None) is False  # no country known: as before, month first


def test_without_a_calendar_or_country_numbers_read_month_first_as_before() -> None:
    assert parse_when("3/12", TUESDAY) == Moment.of(date(2026, 3, 12))


@pytest.mark.parametrize(
    ("text", "country", "note"),
    [
        ("next fri", "US", "the Friday of next week"),
        ("this fri", "US", "this week's Friday"),
        ("3/12 10:00", "GB", "day/month"),
        ("3/12 10:00", "US", "month/day"),
        ("tomorrow", "US", None),
    ],
)
def test_the_reading_says_how_it_was_read(text: str, country: str, note: str | None) -> None:
    assert read_when(text, TUESDAY, BusinessCalendar(country)).note == note


def test_preview_shows_the_day_and_the_reading() -> None:
    assert preview("next fri", TUESDAY) == "Fri 11 Dec 2026 (in 10 days; the Friday of next week)"
    assert preview("3/12 10:00", TUESDAY, BusinessCalendar("GB")) == "Thu 3 Dec 2026 10:00 (in 2 days; day/month)"
    assert preview("tomorrow", TUESDAY) == describe(parse_when("tomorrow", TUESDAY), TUESDAY)


def test_a_past_reading_is_flagged_in_the_preview() -> None:
    shown = preview("3/12 10:00", TUESDAY, BusinessCalendar("US"))
    assert shown == "Thu 12 Mar 2026 10:00 (264 days ago; month/day; in the past)"
    assert preview("today 9:00", TUESDAY, now=MORNING).endswith("(today; in the past)")
    assert preview("tue 9:00", TUESDAY, now=MORNING) == "Tue 8 Dec 2026 09:00 (in 7 days)"  # gone: next week


@pytest.mark.parametrize(
    ("moment", "now", "past"),
    [
        (Moment.of(date(2026, 11, 30)), MORNING, True),
        (Moment.of(date(2026, 12, 1)), AFTERNOON, False),  # a date-only item lasts all day
        (Moment.of(datetime(2026, 12, 1, 9, 0)), MORNING, True),
        (Moment.of(datetime(2026, 12, 1, 9, 30)), MORNING, False),
        (Moment.of(datetime(2026, 12, 1, 10, 0)), MORNING, False),
        (Moment.of(datetime(2026, 12, 1, 9, 0)), TUESDAY, False),  # only the day known: not past yet
        (Moment.of(datetime(2026, 11, 30, 23, 0)), TUESDAY, True),
    ],
)
def test_is_past(moment: Moment, now: datetime | date, past: bool) -> None:
    assert is_past(moment, now) is past


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-07", date(2026, 12, 7)),
        ("today", TUESDAY),
        ("tomorrow", date(2026, 12, 2)),
        ("fri", date(2026, 12, 4)),
        ("next mon", date(2026, 12, 7)),
        ("in 3 days", date(2026, 12, 4)),
        ("30 days ago", date(2026, 11, 1)),
        ("last mon", date(2026, 11, 30)),
        ("1 Sep", date(2026, 9, 1)),
    ],
)
def test_a_command_date_reads_like_a_form_date(text: str, expected: date) -> None:
    assert day_for_command(text, TUESDAY) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("+2bd", "business days need a process's calendar here"),
        ("in 2 business days", "business days need a process's calendar here"),
        ("tomorrow 9:00", "a day, without a time: 'tomorrow 9:00'"),
        ("2026-13-01", "not a date: '2026-13-01' (use YYYY-MM-DD, or today, tomorrow, fri, next mon, in 3 days)"),
        ("someday", "not a date: 'someday' (use YYYY-MM-DD"),
    ],
)
def test_a_command_date_refuses_with_one_line(text: str, message: str) -> None:
    with pytest.raises(NotADate, match=re.escape(message)):
        day_for_command(text, TUESDAY)


def test_a_command_date_keeps_the_supported_range() -> None:
    with pytest.raises(OutOfRange, match="date out of range"):
        day_for_command("1800-01-01", TUESDAY)

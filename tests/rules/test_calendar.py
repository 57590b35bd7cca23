"""Business days on the hiring team's calendar, as tables of dates.

Every expected date below was worked out by hand from the public holiday lists
(and checked against the `holidays` package on its own), not copied from the code.
"""

from __future__ import annotations

from datetime import date

import pytest

from app.errors import BadInput
from app.rules.calendar import BusinessCalendar, CalendarBook, check_place, parse_workdays
from app.rules.values import Settings

from .builders import day, process

US = BusinessCalendar("US")


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Weekends: Saturday and Sunday never count.
        pytest.param("2026-11-06", 1, "2026-11-09", id="fri+1=mon"),
        pytest.param("2026-11-07", 1, "2026-11-09", id="sat+1=mon"),
        pytest.param("2026-11-08", 1, "2026-11-09", id="sun+1=mon"),
        pytest.param("2026-11-09", 1, "2026-11-10", id="mon+1=tue"),
        pytest.param("2026-11-06", 5, "2026-11-16", id="fri+5-over-veterans-day"),
        pytest.param("2026-11-10", 1, "2026-11-12", id="veterans-day-wed-11-11-off"),
        # Thanksgiving, Thu 26 Nov 2026: off; the Friday after is not a federal holiday.
        pytest.param("2026-11-25", 5, "2026-12-03", id="rules-example-wed-thanksgiving"),
        pytest.param("2026-11-30", 5, "2026-12-07", id="rules-example-mon"),
        pytest.param("2026-11-25", 1, "2026-11-27", id="wed+1=black-friday"),
        pytest.param("2026-11-26", 1, "2026-11-27", id="from-thanksgiving-itself"),
        pytest.param("2026-11-28", 1, "2026-11-30", id="sat-after-thanksgiving"),
        # Christmas and New Year, on the day and observed.
        pytest.param("2026-12-24", 1, "2026-12-28", id="christmas-fri-2026"),
        pytest.param("2026-12-31", 1, "2027-01-04", id="new-year-fri-2027"),
        pytest.param("2026-12-30", 3, "2027-01-05", id="across-year-end"),
        pytest.param("2021-12-23", 1, "2021-12-27", id="christmas-sat-2021-observed-fri-24"),
        pytest.param("2021-12-30", 1, "2022-01-03", id="new-year-sat-2022-observed-fri-2021-12-31"),
        pytest.param("2022-12-23", 1, "2022-12-27", id="christmas-sun-2022-observed-mon-26"),
        pytest.param("2027-12-23", 1, "2027-12-27", id="christmas-sat-2027-observed-fri-24"),
        pytest.param("2027-12-30", 1, "2028-01-03", id="new-year-sat-2028-observed-fri-2027-12-31"),
        # Month ends and leap years.
        pytest.param("2026-01-30", 1, "2026-02-02", id="january-end"),
        pytest.param("2027-02-26", 1, "2027-03-01", id="february-end"),
        pytest.param("2028-02-25", 2, "2028-02-29", id="leap-day"),
        pytest.param("2026-04-30", 1, "2026-05-01", id="april-end-weekday"),
        pytest.param("2026-04-17", 1, "2026-04-20", id="patriots-day-is-not-federal"),
    ],
)
def test_add_us(start: str, n: int, expected: str) -> None:
    assert US.add(day(start), n) == day(expected)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        pytest.param("2026-11-09", 1, "2026-11-10", id="D-a-business-day"),
        pytest.param("2026-11-26", 1, "2026-11-27", id="D-a-holiday"),
        pytest.param("2026-11-07", 1, "2026-11-09", id="D-a-saturday"),
        pytest.param("2026-11-30", 1, "2026-12-01", id="D-a-monday"),
    ],
)
def test_D_itself_never_counts(start: str, n: int, expected: str) -> None:
    assert US.add(day(start), n) == day(expected)
    assert US.add(day(start), n) != day(start)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        pytest.param("2026-11-30", "2026-11-30", 0, id="same-day"),
        pytest.param("2026-12-07", "2026-11-30", 0, id="b-before-a"),
        pytest.param("2026-11-27", "2026-11-30", 1, id="fri-to-mon-counts-mon-only"),
        pytest.param("2026-11-29", "2026-11-30", 1, id="b-counts-when-business"),
        pytest.param("2026-11-30", "2026-12-01", 1, id="a-never-counts"),
        pytest.param("2026-11-28", "2026-11-29", 0, id="sat-to-sun"),
        pytest.param("2026-11-25", "2026-11-27", 1, id="over-thanksgiving"),
        pytest.param("2026-11-25", "2026-12-03", 5, id="rules-example-wed"),
        pytest.param("2026-11-30", "2026-12-07", 5, id="rules-example-mon"),
        pytest.param("2026-12-24", "2027-01-04", 5, id="christmas-to-new-year"),
        pytest.param("2026-11-23", "2026-11-30", 4, id="thanksgiving-week"),
    ],
)
def test_between_us(a: str, b: str, expected: int) -> None:
    assert US.between(day(a), day(b)) == expected


@pytest.mark.parametrize(
    ("subdivision", "start", "n", "expected"),
    [
        # Massachusetts keeps Patriots' Day (third Monday of April, 20 Apr 2026); the nation does not.
        pytest.param(None, "2026-04-17", 1, "2026-04-20", id="US"),
        pytest.param("MA", "2026-04-17", 1, "2026-04-21", id="US-MA-patriots-day"),
        pytest.param("MA", "2026-11-25", 5, "2026-12-03", id="US-MA-keeps-federal-thanksgiving"),
    ],
)
def test_add_us_state(subdivision: str | None, start: str, n: int, expected: str) -> None:
    assert BusinessCalendar("US", subdivision).add(day(start), n) == day(expected)


@pytest.mark.parametrize(
    ("subdivision", "start", "n", "expected"),
    [
        # No Thanksgiving in Britain.
        pytest.param(None, "2026-11-25", 5, "2026-12-02", id="GB-no-thanksgiving"),
        pytest.param("ENG", "2026-11-25", 5, "2026-12-02", id="ENG-no-thanksgiving"),
        # Christmas Fri 25, Boxing Day Sat 26 observed Mon 28 Dec 2026.
        pytest.param(None, "2026-12-24", 1, "2026-12-29", id="GB-boxing-day-observed"),
        pytest.param("SCT", "2026-12-24", 1, "2026-12-29", id="SCT-boxing-day-observed"),
        # Scotland: 2 January and St Andrew's Day (Mon 30 Nov 2026) are bank holidays; England's are not.
        pytest.param("ENG", "2025-12-31", 1, "2026-01-02", id="ENG-2-january-works"),
        pytest.param("SCT", "2025-12-31", 1, "2026-01-05", id="SCT-2-january-off"),
        pytest.param("ENG", "2026-11-27", 1, "2026-11-30", id="ENG-st-andrews-works"),
        pytest.param("SCT", "2026-11-27", 1, "2026-12-01", id="SCT-st-andrews-off"),
        pytest.param("SCT", "2026-11-25", 5, "2026-12-03", id="SCT-5bd-over-st-andrews"),
        # Summer bank holiday: first Monday of August in Scotland, last in England.
        pytest.param("SCT", "2026-07-31", 1, "2026-08-04", id="SCT-summer-first-monday"),
        pytest.param("ENG", "2026-07-31", 1, "2026-08-03", id="ENG-works-first-monday"),
        pytest.param("ENG", "2026-08-28", 1, "2026-09-01", id="ENG-summer-last-monday"),
        pytest.param("SCT", "2026-08-28", 1, "2026-08-31", id="SCT-works-last-monday"),
    ],
)
def test_add_gb(subdivision: str | None, start: str, n: int, expected: str) -> None:
    assert BusinessCalendar("GB", subdivision).add(day(start), n) == day(expected)


@pytest.mark.parametrize(
    ("subdivision", "start", "n", "expected"),
    [
        # Epiphany, Tue 6 Jan 2026: a holiday in Bavaria, not in Berlin nor nationally.
        pytest.param(None, "2026-01-05", 1, "2026-01-06", id="DE-epiphany-works"),
        pytest.param("BY", "2026-01-05", 1, "2026-01-07", id="BY-epiphany-off"),
        pytest.param("BE", "2026-01-05", 1, "2026-01-06", id="BE-epiphany-works"),
        # Corpus Christi, Thu 4 Jun 2026.
        pytest.param("BY", "2026-06-03", 1, "2026-06-05", id="BY-corpus-christi-off"),
        pytest.param("BE", "2026-06-03", 1, "2026-06-04", id="BE-corpus-christi-works"),
        # German holidays are not moved off weekends: Christmas 2027 is Sat/Sun, Fri 24 works.
        pytest.param("BY", "2027-12-23", 1, "2027-12-24", id="DE-no-observed-days"),
        pytest.param("BY", "2027-12-23", 2, "2027-12-27", id="DE-christmas-weekend"),
        pytest.param(None, "2026-12-24", 1, "2026-12-28", id="DE-second-christmas-day"),
    ],
)
def test_add_de(subdivision: str | None, start: str, n: int, expected: str) -> None:
    assert BusinessCalendar("DE", subdivision).add(day(start), n) == day(expected)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Israel works Sunday to Thursday: Friday and Saturday are the weekend.
        pytest.param("2026-07-09", 1, "2026-07-12", id="thu+1=sun"),
        pytest.param("2026-07-10", 1, "2026-07-12", id="fri+1=sun"),
        pytest.param("2026-07-11", 1, "2026-07-12", id="sat+1=sun"),
        pytest.param("2026-07-12", 5, "2026-07-19", id="sun+5=next-sun"),
        pytest.param("2026-07-12", 4, "2026-07-16", id="sun+4=thu"),
        # Yom Kippur, Mon 21 Sep 2026.
        pytest.param("2026-09-20", 1, "2026-09-22", id="yom-kippur-off"),
    ],
)
def test_add_israel(start: str, n: int, expected: str) -> None:
    assert BusinessCalendar("IL").add(day(start), n) == day(expected)


def test_israel_weekend_is_friday_saturday() -> None:
    il = BusinessCalendar("IL")
    assert not il.is_business_day(day("2026-07-10"))  # Friday
    assert not il.is_business_day(day("2026-07-11"))  # Saturday
    assert il.is_business_day(day("2026-07-12"))  # Sunday
    assert il.between(day("2026-07-09"), day("2026-07-12")) == 1


@pytest.mark.parametrize(
    ("workdays", "country", "start", "n", "expected"),
    [
        pytest.param(("mon", "tue", "wed", "thu"), "US", "2026-11-05", 1, "2026-11-09", id="four-day-week"),
        pytest.param(("Monday", "TUE", "wed", "thu", "fri", "sat"), "US", "2026-11-06", 1, "2026-11-07", id="sat"),
        # Explicit workdays replace the country's weekend, not its holidays.
        pytest.param(("mon", "tue", "wed", "thu", "fri", "sat"), "US", "2026-11-25", 1, "2026-11-27", id="hol"),
        pytest.param(("mon", "tue", "wed", "thu", "fri"), "IL", "2026-07-09", 1, "2026-07-10", id="IL-mon-fri"),
        pytest.param(("mon", "tue", "wed", "thu", "fri"), "IL", "2026-07-10", 1, "2026-07-13", id="IL-no-sun"),
    ],
)
def test_explicit_workdays(workdays: tuple[str, ...], country: str, start: str, n: int, expected: str) -> None:
    book = CalendarBook(Settings(workdays=workdays))
    assert book.get(country, None).add(day(start), n) == day(expected)


def test_days_off_apply_to_every_calendar() -> None:
    leave = (day("2026-11-30"), day("2026-12-01"))
    book = CalendarBook(Settings(days_off=leave))
    assert book.get(None, None).add(day("2026-11-27"), 1) == day("2026-12-02")
    assert book.get("GB", "ENG").add(day("2026-11-27"), 1) == day("2026-12-02")
    assert book.get("US", None).between(day("2026-11-25"), day("2026-12-03")) == 3
    # A day off on a weekend changes nothing.
    weekend = CalendarBook(Settings(days_off=(day("2026-11-28"),))).get("US", None)
    assert weekend.add(day("2026-11-27"), 1) == day("2026-11-30")


def test_process_calendar_is_its_own_else_the_settings() -> None:
    book = CalendarBook(Settings(country="GB", subdivision="SCT"))
    # A process without a country counts on the seeker's calendar: St Andrew's Day is off.
    assert book.for_process(process()).add(day("2026-11-27"), 1) == day("2026-12-01")
    # A process in the US counts on the US calendar, subdivision and all, not on Scotland's.
    us = book.for_process(process(country="US"))
    assert us.add(day("2026-11-27"), 1) == day("2026-11-30")
    assert us.add(day("2026-11-25"), 5) == day("2026-12-03")
    ma = book.for_process(process(country="US", subdivision="MA"))
    assert ma.add(day("2026-04-17"), 1) == day("2026-04-21")


def test_default_settings_calendar_is_us() -> None:
    cal = CalendarBook(Settings()).for_process(process())
    assert (cal.country, cal.subdivision) == ("US", None)
    assert cal.add(day("2026-11-25"), 5) == day("2026-12-03")


def test_calendar_is_built_once_per_place() -> None:
    book = CalendarBook(Settings())
    assert book.get("GB", "SCT") is book.get("GB", "SCT")
    assert book.for_process(process(country="DE", subdivision="BY")) is book.get("DE", "BY")


@pytest.mark.parametrize(
    ("country", "subdivision", "expected"),
    [
        ("us", None, ("US", None)),
        (" gb ", "sct", ("GB", "SCT")),
        ("De", "by", ("DE", "BY")),
        ("US", "ma", ("US", "MA")),
        ("il", "", ("IL", None)),
    ],
)
def test_codes_are_case_insensitive(country: str, subdivision: str | None, expected: tuple[str, str | None]) -> None:
    assert check_place(country, subdivision) == expected
    cal = BusinessCalendar(country, subdivision)
    assert (cal.country, cal.subdivision) == expected


def test_lower_case_codes_count_the_same_days() -> None:
    assert BusinessCalendar("gb", "sct").add(day("2026-11-27"), 1) == day("2026-12-01")


@pytest.mark.parametrize(
    ("country", "subdivision"),
    [
        ("XX", None),
        ("ZZZ", None),
        ("U.S.", None),
        ("US", "ZZ"),
        ("GB", "Scotland-ish"),
        ("DE", "SCT"),
        ("IL", "TLV"),
    ],
)
def test_unknown_place_is_bad_input(country: str, subdivision: str | None) -> None:
    with pytest.raises(BadInput):
        BusinessCalendar(country, subdivision)
    with pytest.raises(BadInput):
        CalendarBook(Settings()).for_process(process(country=country, subdivision=subdivision))


def test_empty_country_is_bad_input_for_a_calendar() -> None:
    with pytest.raises(BadInput):
        BusinessCalendar("  ")


def test_unknown_settings_place_is_bad_input_when_used() -> None:
    book = CalendarBook(Settings(country="QQ"))
    with pytest.raises(BadInput, match="QQ"):
        book.for_process(process())


@pytest.mark.parametrize("workdays", [("mon", "funday"), (), ("",)])
def test_bad_workdays_are_bad_input(workdays: tuple[str, ...]) -> None:
    with pytest.raises(BadInput):
        CalendarBook(Settings(workdays=workdays))


def test_parse_workdays() -> None:
    assert parse_workdays(["Mon", "tuesday", "SUN"]) == frozenset({0, 1, 6})


def test_is_business_day() -> None:
    assert US.is_business_day(date(2026, 11, 27))
    assert not US.is_business_day(date(2026, 11, 26))
    assert not US.is_business_day(date(2021, 12, 31))  # New Year's Day 2022, observed
    assert not US.is_business_day(date(2026, 11, 28))

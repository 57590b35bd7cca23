"""Moment: the only time format the backup and the database accept."""

from datetime import datetime

import pytest

from app.rules.values import Moment


@pytest.mark.parametrize(
    ("text", "iso", "timed"),
    [
        ("2026-11-30", "2026-11-30", False),
        ("2026-11-30T10:00", "2026-11-30T10:00", True),
        ("2026-11-30 10:00", "2026-11-30T10:00", True),
        ("2026-11-30T10:00:05", "2026-11-30T10:00:05", True),
        (" 2026-11-30T09:30:00 ", "2026-11-30T09:30", True),
    ],
)
def test_parse_keeps_whether_a_time_was_given(text: str, iso: str, timed: bool) -> None:
    moment = Moment.parse(text)
    assert moment.iso() == iso
    assert moment.timed is timed


@pytest.mark.parametrize(
    "text",
    ["20261130", "2026-11-30T10", "2026-W48-1", "2026-13-01", "2026-11-30T25:00", "30/11/2026", ""],
)
def test_parse_refuses_forms_that_would_invent_a_time_or_date(text: str) -> None:
    with pytest.raises(ValueError):
        Moment.parse(text)


@pytest.mark.parametrize("text", ["2026-11-30T10:00+01:00", "2026-11-30T10:00Z"])
def test_parse_refuses_time_zones_with_a_hint(text: str) -> None:
    with pytest.raises(ValueError, match="time zone"):
        Moment.parse(text)


def test_of_a_datetime_is_timed_and_of_a_date_is_not() -> None:
    assert Moment.of(datetime(2026, 11, 30, 14, 0)).iso() == "2026-11-30T14:00"
    assert Moment.of(datetime(2026, 11, 30).date()).iso() == "2026-11-30"

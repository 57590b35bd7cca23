"""Reading a pasted reply: a suggested signal and a promised answer date, or None when unclear."""

from __future__ import annotations

from datetime import date

import pytest

from app.rules.signals import suggest_expect_by, suggest_signal


@pytest.mark.parametrize(
    "text",
    [
        "We encourage you to continue looking at other opportunities.",
        "Thank you for your time. We'd encourage you to keep looking at other opportunities that fit your skills.",
        "We were impressed, but we encourage you to continue looking at other opportunities.",
        "We have decided to move forward with another candidate.",
        "Unfortunately we will not be moving forward with your application.",
        "We won't be moving forward at this time.",
        "We won\u2019t be moving forward with your application.",
        "The team aren't moving forward with the role this quarter.",
        "The position has been filled.",
        "We are unable to offer you the position.",
        "ENCOURAGE YOU TO CONTINUE LOOKING AT OTHER OPPORTUNITIES",
    ],
)
def test_negative(text: str) -> None:
    assert suggest_signal(text) == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "The team is very interested but needs a bit more time.",
        "We are very interested but need a bit more time to decide.",
        "Very interested! The hiring manager needs a little more time.",
        "We'd like to schedule an onsite next week.",
        "Happy to share that you are moving to the next round.",
    ],
)
def test_positive(text: str) -> None:
    assert suggest_signal(text) == "positive"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Thanks for your note, I'll get back to you.",
        "Got it, thank you.",
        "The hiring manager is out of office until Monday.",
    ],
)
def test_neutral_gives_no_suggestion(text: str) -> None:
    assert suggest_signal(text) is None


def test_kind_words_around_a_no_still_read_negative() -> None:
    text = "We were very interested in your profile, but we encourage you to continue looking at other opportunities."
    assert suggest_signal(text) == "negative"


# Promised answer dates, read from the message's own date: Mon 7 Dec 2026 unless said.

MONDAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We will decide by Friday.", "2026-12-11"),
        ("We'll get back to you by the 12th.", "2026-12-12"),
        ("We will reply by the 3rd.", "2027-01-03"),
        ("You will hear from us by end of next week.", "2026-12-18"),
        ("We expect to have an update early next week.", "2026-12-15"),
        ("We should have news mid next week.", "2026-12-16"),
        ("We'll have news later this week.", "2026-12-11"),
        ("We will let you know by 18 December.", "2026-12-18"),
        ("We will let you know by December 18th, 2026.", "2026-12-18"),
        ("We will get back to you by 2026-12-15.", "2026-12-15"),
        ("We will get back to you within 5 business days.", "2026-12-14"),
        ("We will get back to you in two weeks.", "2026-12-21"),
        ("We will decide tomorrow.", "2026-12-08"),
        ("We will update you by end of day Wednesday.", "2026-12-09"),
        ("We will get back to you on Monday next week.", "2026-12-14"),
        ("We'll get back to you next Monday.", "2026-12-14"),
        ("We will decide by the end of the month.", "2026-12-31"),
        ("Thanks for meeting on Monday; we will get back to you by Friday.", "2026-12-11"),
        ("WE WILL DECIDE BY FRIDAY", "2026-12-11"),
    ],
)
def test_expect_by_suggestions(text: str, expected: str) -> None:
    assert suggest_expect_by(text, MONDAY) == date.fromisoformat(expected)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Thanks, got it.",
        "We will get back to you soon.",
        "We will be in touch after the holidays.",
        "The hiring manager is out of office until Monday.",
        "Please confirm your availability by Friday.",
        "We will need your answer by Friday.",
        "We'll get back to you next Friday.",  # this week's or next week's: unsure
        "We will decide by Friday or Monday at the latest.",  # two dates
        "Thanks for meeting on Monday, we will get back to you by Friday.",  # two dates in one sentence
        "We decided on Friday to pause hiring.",  # past, not a promise
        "We will let you know by 31 February.",
        "We will get back to you by 2026-12-01.",  # before the message
    ],
)
def test_no_expect_by_when_unsure(text: str) -> None:
    assert suggest_expect_by(text, MONDAY) is None


def test_expect_by_reads_from_the_message_date() -> None:
    # "By Friday" on a Friday is the next Friday; "this Friday" once Friday has passed is unclear.
    assert suggest_expect_by("We will decide by Friday.", date(2026, 12, 11)) == date(2026, 12, 18)
    assert suggest_expect_by("We will decide this Friday.", date(2026, 12, 12)) is None
    assert suggest_expect_by("We will decide by 5 January.", date(2026, 12, 28)) == date(2027, 1, 5)

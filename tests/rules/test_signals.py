"""Reading a pasted reply (rules.md section 8): a suggested signal, or None when unclear."""

from __future__ import annotations

import pytest

from app.rules.signals import suggest_signal


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

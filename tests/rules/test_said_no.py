"""A "no" ends the ladder: one move-on the business day after it, closing as rejected, never held back.

- Tue 8 Dec + 1 bd = Wed 9 Dec everywhere.
- Thu 24 Dec + 1 bd: US and DE Mon 28 Dec (Christmas Fri 25); GB Tue 29 Dec (Boxing Day observed Mon 28).
- Thu 31 Dec + 1 bd: Mon 4 Jan 2027 everywhere (New Year Fri 1 Jan).
- Wed 25 Nov + 1 bd: US Fri 27 Nov (Thanksgiving); GB and DE Thu 26 Nov.
"""

from __future__ import annotations

import pytest

from app.rules.values import Message

from .builders import actions, applied, day, ladder, onsite, process, received, said_no, screen, sent

FAR = "2027-03-01"


@pytest.mark.parametrize(
    ("country", "no_on", "due"),
    [
        ("US", "2026-12-08", "2026-12-09"),
        ("GB", "2026-12-08", "2026-12-09"),
        ("DE", "2026-12-08", "2026-12-09"),
        ("US", "2026-12-24", "2026-12-28"),
        ("GB", "2026-12-24", "2026-12-29"),
        ("DE", "2026-12-24", "2026-12-28"),
        ("US", "2026-12-31", "2027-01-04"),
        ("GB", "2026-12-31", "2027-01-04"),
        ("DE", "2026-12-31", "2027-01-04"),
        ("US", "2026-11-25", "2026-11-27"),
        ("GB", "2026-11-25", "2026-11-26"),
        ("DE", "2026-11-25", "2026-11-26"),
    ],
)
def test_one_move_on_the_business_day_after_the_no(country: str, no_on: str, due: str) -> None:
    step = ladder(process(country=country, interviews=(screen("2026-11-23"),), messages=(said_no(no_on),)), FAR)
    assert step is not None
    assert (step.kind, step.due, step.close_as, step.rule) == ("move_on", day(due), "rejected", "no")
    assert step.reason.startswith("they said no on ")


def test_reason_names_the_no_and_its_day() -> None:
    step = ladder(process(interviews=(screen("2026-11-30"),), messages=(said_no("2026-12-08"),)), FAR)
    assert step is not None
    assert step.reason == "they said no on Tue 8 Dec; thank them, ask to be kept in mind, and close it as rejected"


def test_a_no_to_an_application_ends_its_ladder_too() -> None:
    step = ladder(process(messages=(applied("2026-11-16"), said_no("2026-11-20")), contacts=()), FAR)
    assert step is not None
    assert (step.kind, step.due, step.close_as) == ("move_on", day("2026-11-23"), "rejected")


def test_floors_do_not_move_the_no() -> None:
    # They promised an answer by Fri 18 Dec, the seeker chose to wait until mid-January and wrote the same
    # evening: none of it holds back the gracious close the business day after the "no".
    messages = (
        received("2026-12-08T09:00", signal="negative", expect_by="2026-12-20"),
        sent("2026-12-08T17:00", "other"),
    )
    proc = process(
        interviews=(onsite("2026-11-30", expect_by="2026-12-18"),), messages=messages, wait_until="2027-01-15"
    )
    step = ladder(proc, FAR)
    assert step is not None
    assert (step.kind, step.due, step.close_as) == ("move_on", day("2026-12-09"), "rejected")


def test_nudges_after_the_no_change_nothing() -> None:
    proc = process(interviews=(screen("2026-11-30"),), messages=(said_no("2026-12-08"), sent("2026-12-10")))
    assert [(a.action, a.due, a.close_as) for a in actions(proc, FAR)] == [("move_on", day("2026-12-09"), "rejected")]


def test_a_later_message_from_them_lifts_the_no() -> None:
    # "Actually, another team would like to talk": the ladder resumes from that reply, Thu 10 Dec + 5 bd.
    proc = process(interviews=(screen("2026-11-30"),), messages=(said_no("2026-12-08"), received("2026-12-10")))
    step = ladder(proc, FAR)
    assert step is not None
    assert (step.kind, step.due, step.close_as) == ("follow_up", day("2026-12-17"), None)


def test_of_two_messages_at_the_same_time_the_one_listed_last_decides() -> None:
    no, fine = said_no("2026-12-08T09:00"), received("2026-12-08T09:00", signal="positive")
    ended = ladder(process(interviews=(screen("2026-11-30"),), messages=(fine, no)), FAR)
    resumed = ladder(process(interviews=(screen("2026-11-30"),), messages=(no, fine)), FAR)
    assert ended is not None and ended.close_as == "rejected"
    assert resumed is not None and resumed.kind == "follow_up"


def test_the_latest_by_time_decides_on_one_day() -> None:
    messages: tuple[Message, ...] = (said_no("2026-12-08T15:00"), received("2026-12-08T09:00"))
    step = ladder(process(interviews=(screen("2026-11-30"),), messages=messages), FAR)
    assert step is not None and step.close_as == "rejected"


def test_a_no_before_the_anchor_is_past_history() -> None:
    # Turned down for another role in the spring; a new screen since: the usual ladder.
    proc = process(interviews=(screen("2026-11-30"),), messages=(said_no("2026-11-02"),))
    step = ladder(proc, FAR)
    assert step is not None and (step.kind, step.close_as) == ("follow_up", None)


def test_a_no_dated_after_D_has_not_happened() -> None:
    proc = process(interviews=(screen("2026-11-30"),), messages=(said_no("2026-12-08"),))
    step = ladder(proc, "2026-12-07")
    assert step is not None and step.kind == "follow_up"


def test_no_move_on_while_an_interview_is_scheduled() -> None:
    proc = process(interviews=(screen("2026-11-30"), onsite("2026-12-15")), messages=(said_no("2026-12-08"),))
    assert [a.action for a in actions(proc, "2026-12-09")] == ["prepare"]


def test_the_gracious_close_thanks_and_never_says_still_keen() -> None:
    proc = process(interviews=(screen("2026-11-30"),), messages=(said_no("2026-12-08"),))
    (action,) = actions(proc, "2026-12-09")
    assert action.message is not None
    text = action.message.lower()
    assert "thank you" in text
    assert "keep me in mind" in text or "kept me in mind" in text
    assert "keen" not in text
    assert "assume" not in text  # not the silence note


def test_every_other_move_on_is_ghosted() -> None:
    nudges = (sent("2026-12-07"), sent("2026-12-10"), sent("2026-12-17", "check_in"))
    (action,) = actions(process(interviews=(screen("2026-11-30"),), messages=nudges), FAR)
    assert (action.action, action.close_as) == ("move_on", "ghosted")
    assert action.message is not None and "not heard back" in action.message

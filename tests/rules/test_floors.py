"""The floors after the table: never pester, a promised answer, waiting by choice; each only pushes later.

Dates worked out by hand:
- Screen Mon 21 Dec + 5 bd: US Tue 29 Dec; GB Wed 30 Dec (25 and 28 off); DE Tue 29 Dec.
- Thu 24 Dec + 3 bd: US and DE Wed 30 Dec; GB Thu 31 Dec.
- Thu 24 Dec + 1 bd: US and DE Mon 28 Dec; GB Tue 29 Dec. Thu 31 Dec + 1 bd: Mon 4 Jan everywhere.
- The first business day on or after Fri 25 Dec: US and DE Mon 28 Dec; GB Tue 29 Dec.
- Wed 25 Nov + 1 bd: US Fri 27 Nov (Thanksgiving); GB and DE Thu 26 Nov.
"""

from __future__ import annotations

import pytest

from .builders import applied, day, ladder, onsite, process, received, screen, sent

FAR = "2027-03-01"


# Never pester.


@pytest.mark.parametrize(("country", "due"), [("US", "2026-12-30"), ("GB", "2026-12-31"), ("DE", "2026-12-30")])
def test_never_pester_across_christmas(country: str, due: str) -> None:
    proc = process(country=country, interviews=(screen("2026-12-21"),), messages=(sent("2026-12-24", "other"),))
    step = ladder(proc, FAR)
    assert step is not None
    assert (step.kind, step.due, step.rule) == ("follow_up", day(due), "pester")
    assert step.reason == "3 business days since your message on Thu 24 Dec"


def test_never_pester_names_the_message_by_its_purpose() -> None:
    # The seeker's application on Wed 9 Dec, after the screen: the follow-up waits until Mon 14 Dec.
    proc = process(interviews=(screen("2026-11-30"),), messages=(applied("2026-12-09"),))
    step = ladder(proc, FAR)
    assert step is not None
    assert step.due == day("2026-12-14")
    assert step.reason == "3 business days since your application on Wed 9 Dec"


def test_never_pester_keeps_the_check_in_tail() -> None:
    # Later k = 1: B + 10 bd = Mon 14 Dec, but a note on Fri 11 Dec holds it to Wed 16 Dec.
    step = ladder(
        process(interviews=(onsite("2026-11-30"),), messages=(sent("2026-12-07"), sent("2026-12-11", "other"))), FAR
    )
    assert step is not None
    assert step.reason == "3 business days since your message on Fri 11 Dec; time to ask candidly where things stand"


# A promised answer: nothing on the ladder before the business day after it.


@pytest.mark.parametrize(
    ("country", "promised", "due"),
    [
        ("US", "2026-12-24", "2026-12-28"),
        ("GB", "2026-12-24", "2026-12-29"),
        ("DE", "2026-12-24", "2026-12-28"),
        ("US", "2026-12-31", "2027-01-04"),
        ("GB", "2026-12-31", "2027-01-04"),
        ("DE", "2026-12-31", "2027-01-04"),
    ],
)
def test_promised_answer_on_the_interview(country: str, promised: str, due: str) -> None:
    step = ladder(process(country=country, interviews=(onsite("2026-11-30", expect_by=promised),)), FAR)
    assert step is not None
    assert (step.kind, step.due, step.rule) == ("follow_up", day(due), "promised")


@pytest.mark.parametrize(("country", "due"), [("US", "2026-11-27"), ("GB", "2026-11-26"), ("DE", "2026-11-26")])
def test_promised_answer_across_thanksgiving(country: str, due: str) -> None:
    # Applied Mon 9 Nov; their note on Tue 10 Nov says "we reply by Wed 25 Nov": later than 10 Nov + 7 bd.
    proc = process(country=country, messages=(applied("2026-11-09"), received("2026-11-10", expect_by="2026-11-25")))
    step = ladder(proc, FAR)
    assert step is not None
    assert (step.due, step.rule) == (day(due), "promised")
    assert step.reason == "they said they would answer by Wed 25 Nov"


def test_promised_answer_reason_names_their_date() -> None:
    step = ladder(process(interviews=(onsite("2026-11-30", expect_by="2026-12-11"),)), FAR)
    assert step is not None
    assert step.due == day("2026-12-14")
    assert step.reason == "they said they would answer by Fri 11 Dec"


def test_a_later_promise_replaces_an_earlier_one() -> None:
    # They first said Fri 18 Dec; their message on Tue 1 Dec says Wed 2 Dec: the floor is Thu 3 Dec,
    # before the table's 1 Dec + 5 bd = Tue 8 Dec.
    proc = process(
        interviews=(onsite("2026-11-30", expect_by="2026-12-18"),),
        messages=(received("2026-12-01", expect_by="2026-12-02"),),
    )
    step = ladder(proc, FAR)
    assert step is not None
    assert (step.due, step.rule) == (day("2026-12-08"), "table")


def test_on_one_day_the_message_counts_over_the_interview() -> None:
    # A message at 09:00 before the 10:00 onsite, on the same day: its date (Wed 2 Dec) counts, not 18 Dec.
    proc = process(
        interviews=(onsite("2026-11-30T10:00", expect_by="2026-12-18"),),
        messages=(received("2026-11-30T09:00", expect_by="2026-12-02"),),
    )
    step = ladder(proc, FAR)
    assert step is not None
    assert step.due == day("2026-12-07")


def test_of_two_messages_the_later_at_counts() -> None:
    messages = (
        received("2026-12-01T15:00", expect_by="2026-12-15"),
        received("2026-12-01T09:00", expect_by="2026-12-03"),
    )
    step = ladder(process(interviews=(onsite("2026-11-30"),), messages=messages), FAR)
    assert step is not None
    assert (step.due, step.rule) == (day("2026-12-16"), "promised")


def test_a_promise_older_than_the_anchor_does_not_count() -> None:
    # Promised at the screen; the onsite since has no promise: the table decides.
    proc = process(interviews=(screen("2026-11-16", expect_by="2026-12-18"), onsite("2026-11-30")))
    step = ladder(proc, FAR)
    assert step is not None
    assert (step.due, step.rule) == (day("2026-12-07"), "table")


def test_a_promise_also_holds_back_a_move_on() -> None:
    # Later k = 2: move-on at 14 Dec + 5 bd = Mon 21 Dec; their note promised an answer by Wed 23 Dec.
    messages = (sent("2026-12-07"), sent("2026-12-14", "check_in"))
    proc = process(interviews=(onsite("2026-11-30", expect_by="2026-12-23"),), messages=messages)
    step = ladder(proc, FAR)
    assert step is not None
    assert (step.kind, step.due, step.close_as) == ("move_on", day("2026-12-24"), "ghosted")
    assert step.reason == "they said they would answer by Wed 23 Dec; consider closing it as ghosted"


# Waiting by choice.


@pytest.mark.parametrize(("country", "due"), [("US", "2026-12-28"), ("GB", "2026-12-29"), ("DE", "2026-12-28")])
def test_waiting_until_a_holiday_means_the_first_business_day_after(country: str, due: str) -> None:
    proc = process(country=country, interviews=(screen("2026-11-30"),), wait_until="2026-12-25")
    step = ladder(proc, FAR)
    assert step is not None
    assert (step.due, step.rule) == (day(due), "waiting")
    assert step.reason == "you chose to wait until Fri 25 Dec"


@pytest.mark.parametrize("country", ["US", "GB", "DE"])
def test_waiting_until_new_year(country: str) -> None:
    proc = process(country=country, messages=(applied("2026-12-14"),), wait_until="2027-01-01")
    step = ladder(proc, FAR)
    assert step is not None
    assert step.due == day("2027-01-04")


def test_waiting_until_a_business_day_is_that_day() -> None:
    step = ladder(process(interviews=(screen("2026-11-30"),), wait_until="2026-12-14"), FAR)
    assert step is not None
    assert (step.due, step.reason) == (day("2026-12-14"), "you chose to wait until Mon 14 Dec")


def test_waiting_in_the_past_changes_nothing() -> None:
    step = ladder(process(interviews=(screen("2026-11-30"),), wait_until="2026-12-01"), FAR)
    assert step is not None
    assert (step.due, step.rule) == (day("2026-12-07"), "table")


# The order: table, never pester, promised answer, waiting by choice; the last that pushed names the reason.


def test_each_floor_in_turn() -> None:
    held = (screen("2026-11-30"),)
    # Table: 7 Dec. Pester (note Mon 7 Dec): Thu 10 Dec. Promise (Fri 11 Dec): Mon 14 Dec. Wait: Tue 15 Dec.
    note = (sent("2026-12-07", "scheduling"),)
    promise = (received("2026-11-30T16:00", expect_by="2026-12-11"),)
    steps = [
        ladder(process(interviews=held), FAR),
        ladder(process(interviews=held, messages=note), FAR),
        ladder(process(interviews=held, messages=note + promise), FAR),
        ladder(process(interviews=held, messages=note + promise, wait_until="2026-12-15"), FAR),
    ]
    assert [(s.due.isoformat(), s.rule) for s in steps if s is not None] == [
        ("2026-12-07", "table"),
        ("2026-12-10", "pester"),
        ("2026-12-14", "promised"),
        ("2026-12-15", "waiting"),
    ]


def test_a_floor_that_ties_does_not_take_the_reason() -> None:
    # Promise Fri 4 Dec: + 1 bd = Mon 7 Dec, the table's own date; the table keeps its reason.
    step = ladder(process(interviews=(screen("2026-11-30", expect_by="2026-12-04"),)), FAR)
    assert step is not None
    assert (step.due, step.rule) == (day("2026-12-07"), "table")
    assert step.reason == "5 business days since the recruiter screen on Mon 30 Nov"


def test_an_earlier_floor_never_pulls_a_date_back() -> None:
    # Waiting until Tue 1 Dec would be sooner than the promise's Mon 14 Dec: the promise stands.
    proc = process(interviews=(onsite("2026-11-30", expect_by="2026-12-11"),), wait_until="2026-12-01")
    step = ladder(proc, FAR)
    assert step is not None
    assert (step.due, step.rule) == (day("2026-12-14"), "promised")

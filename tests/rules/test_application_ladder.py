"""The application ladder: before any interview, one follow-up at 7 bd, then one move-on 10 bd after it.

Dates worked out by hand on each hiring team's calendar:
- Wed 18 Nov + 7 bd: US Mon 30 Nov (Thanksgiving 26 Nov off); GB and DE Fri 27 Nov.
- Fri 18 Dec + 7 bd: US and DE Wed 30 Dec (Christmas 25 Dec off); GB Thu 31 Dec (Boxing Day observed Mon 28).
- Mon 2 Nov + 7 bd: US Thu 12 Nov (Veterans Day 11 Nov off); GB and DE Wed 11 Nov.
- Mon 22 Mar 2027 + 7 bd: US Wed 31 Mar; GB Thu 1 Apr (Good Friday); DE Fri 2 Apr (Good Friday, Easter Monday).
- Wed 30 Dec + 10 bd: Thu 14 Jan 2027 everywhere (New Year 1 Jan off); Thu 31 Dec + 10 bd: Fri 15 Jan.
"""

from __future__ import annotations

import pytest

from .builders import actions, applied, day, kinds, ladder, process, received, screen, sent

FAR = "2027-06-01"


@pytest.mark.parametrize(
    ("country", "applied_on", "due"),
    [
        ("US", "2026-11-18", "2026-11-30"),
        ("GB", "2026-11-18", "2026-11-27"),
        ("DE", "2026-11-18", "2026-11-27"),
        ("US", "2026-12-18", "2026-12-30"),
        ("GB", "2026-12-18", "2026-12-31"),
        ("DE", "2026-12-18", "2026-12-30"),
        ("US", "2026-11-02", "2026-11-12"),
        ("GB", "2026-11-02", "2026-11-11"),
        ("DE", "2026-11-02", "2026-11-11"),
        ("US", "2027-03-22", "2027-03-31"),
        ("GB", "2027-03-22", "2027-04-01"),
        ("DE", "2027-03-22", "2027-04-02"),
    ],
)
def test_follow_up_7_business_days_after_the_application(country: str, applied_on: str, due: str) -> None:
    step = ladder(process(country=country, messages=(applied(applied_on),)), FAR)
    assert step is not None
    assert (step.kind, step.due) == ("follow_up", day(due))
    assert step.anchor.timing == "application"


@pytest.mark.parametrize(
    ("country", "nudged_on", "due"),
    [
        ("US", "2026-12-30", "2027-01-14"),
        ("GB", "2026-12-31", "2027-01-15"),
        ("DE", "2026-12-30", "2027-01-14"),
    ],
)
def test_then_one_move_on_10_business_days_after_the_follow_up(country: str, nudged_on: str, due: str) -> None:
    step = ladder(process(country=country, messages=(applied("2026-12-18"), sent(nudged_on))), FAR)
    assert step is not None
    assert (step.kind, step.due, step.close_as) == ("move_on", day(due), "ghosted")


def test_move_on_stays_10_days_after_the_latest_nudge() -> None:
    # A second follow-up the seeker sent anyway (Mon 4 Jan): 4 Jan + 10 bd = Tue 19 Jan (US: MLK Day 18 Jan).
    step = ladder(process(messages=(applied("2026-12-18"), sent("2026-12-30"), sent("2027-01-04"))), FAR)
    assert step is not None
    assert (step.kind, step.due) == ("move_on", day("2027-01-19"))
    assert step.reason == (
        "10 business days since your second follow-up on Mon 4 Jan and 2 nudges unanswered; "
        "consider closing it as ghosted"
    )


def test_reason_names_the_application_and_its_day() -> None:
    step = ladder(process(messages=(applied("2026-11-16"),)), FAR)
    assert step is not None
    assert step.reason == "7 business days since your application on Mon 16 Nov"


def test_the_latest_application_is_the_anchor() -> None:
    # Applied twice (a referral after the careers page): counted from Mon 16 Nov, + 7 bd = Wed 25 Nov.
    step = ladder(process(messages=(applied("2026-11-02"), applied("2026-11-16"))), FAR)
    assert step is not None
    assert step.due == day("2026-11-25")


def test_an_application_dated_after_D_has_not_happened() -> None:
    assert ladder(process(messages=(applied("2026-11-16"),)), "2026-11-13") is None


def test_a_reply_to_the_application_restarts_the_wait() -> None:
    # "Thanks, we received it" on Thu 19 Nov: 19 Nov + 7 bd = Tue 1 Dec (Thanksgiving skipped).
    step = ladder(process(messages=(applied("2026-11-16"), received("2026-11-19"))), FAR)
    assert step is not None
    assert (step.kind, step.due) == ("follow_up", day("2026-12-01"))
    assert step.reason == "7 business days since their reply on Thu 19 Nov"


def test_a_past_interview_replaces_the_application_as_anchor() -> None:
    proc = process(interviews=(screen("2026-11-30"),), messages=(applied("2026-11-02"),))
    step = ladder(proc, FAR)
    assert step is not None
    assert (step.kind, step.due, step.anchor.timing) == ("follow_up", day("2026-12-07"), "screen")


def test_application_follow_up_uses_its_own_template_and_names_no_interview() -> None:
    (action,) = actions(process(messages=(applied("2026-11-16"),)), "2026-11-25")
    assert action.action == "follow_up"
    assert action.message is not None
    assert "applied for the Data Engineer role at Acme" in action.message
    assert "interview" not in action.message


def test_a_spreadsheet_of_applications_gets_a_follow_up_each() -> None:
    # Seven imported applications, active for 3 to 19 calendar days on Wed 25 Nov: those at 7 bd or more are due.
    dates = ["2026-11-06", "2026-11-09", "2026-11-12", "2026-11-16", "2026-11-17", "2026-11-19", "2026-11-22"]
    procs = [process(f"Co{i}", "Engineer", contacts=(), messages=(applied(d),), pid=i) for i, d in enumerate(dates)]
    due = {p.company: kinds(p, "2026-11-25") for p in procs}
    assert due == {
        "Co0": [("follow_up", day("2026-11-18"))],  # 11 Nov is Veterans Day
        "Co1": [("follow_up", day("2026-11-19"))],
        "Co2": [("follow_up", day("2026-11-23"))],
        "Co3": [("follow_up", day("2026-11-25"))],
        "Co4": [("follow_up", day("2026-11-27"))],
        "Co5": [("follow_up", day("2026-12-01"))],
        "Co6": [("follow_up", day("2026-12-02"))],
    }

"""Stats under the second edition: offers are open, an application is where a process starts."""

from __future__ import annotations

from datetime import date

import pytest

from app.rules.calendar import BusinessCalendar
from app.rules.values import Message, Moment, Process, Settings
from app.stats import compute_stats, pipeline_health
from app.stats.funnel import STAGES, furthest_stage
from app.stats.waiting import prompts, waits

US = BusinessCalendar("US")
APPLIED = "2026-11-16T09:00"
"""A Monday; 7 business days later is Wed 25 Nov (no holiday in between)."""


def applied(*more: Message, status: str = "active", company: str = "Acme") -> Process:
    return Process(
        company=company,
        role="Engineer",
        status=status,
        messages=(Message(at=Moment.parse(APPLIED), direction="out", contact=None, purpose="application"), *more),
    )


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 11, 24), "pending"),  # 6 business days: the ladder has not nudged yet
        (date(2026, 11, 25), "silent"),  # the 7th: the follow-up is due, no answer is silence
    ],
)
def test_an_application_is_a_prompt_waited_on_as_long_as_the_ladder_waits(today: date, expected: str) -> None:
    (found,) = prompts(applied(), US, today, 5, 7)
    assert (found.after, found.outcome) == ("application", expected)


def test_an_answer_to_an_application_is_counted_with_its_wait() -> None:
    reply = Message(at=Moment.parse("2026-11-19T11:00"), direction="in", contact=None, purpose="reply")
    (found,) = prompts(applied(reply), US, date(2026, 12, 14), 5, 7)
    assert (found.outcome, found.days) == ("replied", 3)
    tallied = waits([applied(reply)], Settings(), date(2026, 12, 14))
    assert (tallied.after[0].key, tallied.after[0].replied) == ("application", 1)
    assert tallied.interviews.asked == 0 and tallied.nudges.asked == 0  # neither an interview nor a nudge
    assert tallied.companies == ()


def test_a_follow_up_claims_the_answer_to_an_application_that_came_after_it() -> None:
    nudge = Message(at=Moment.parse("2026-11-25T09:00"), direction="out", contact=None, purpose="follow_up")
    reply = Message(at=Moment.parse("2026-11-26T09:00"), direction="in", contact=None, purpose="reply")
    found = prompts(applied(nudge, reply), US, date(2026, 12, 14), 5, 7)
    assert [(p.after, p.outcome) for p in found] == [("application", "silent"), ("first_follow_up", "replied")]


def test_an_offer_in_hand_is_open_and_quiets_keep_options_open() -> None:
    offer = Process(company="Soylent", role="Engineer", status="offer")
    health = pipeline_health([offer, applied()], date(2026, 11, 20))
    assert (health.active, health.open_processes, health.offer_in_hand, health.warning) == (1, 2, True, None)
    assert health.awaiting_reply == 1  # the application waits on the company; the offer waits on the seeker
    alone = pipeline_health([applied(status="rejected"), applied(company="Globex")], date(2026, 11, 20))
    assert alone.open_processes == 1 and alone.warning is not None and "Only one" in alone.warning


def test_the_funnel_starts_every_process_at_applied_and_counts_an_open_offer() -> None:
    stats = compute_stats(
        [applied(), Process(company="Soylent", role="Engineer", status="offer")], Settings(), date(2026, 11, 20)
    )
    assert [s.reached for s in stats.funnel.stages] == [2, 1, 1, 1, 1, 0]
    assert STAGES[furthest_stage(applied(), date(2026, 11, 20))] == "applied"

"""Warnings when logging: said plainly, never a refusal."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from app.rules.values import Message, Process
from app.rules.warnings import logging_warnings, with_message

from .builders import (
    SETTINGS,
    calendar_of,
    headhunter,
    hiring_manager,
    interviewer,
    onsite,
    process,
    received,
    recruiter,
    said_no,
    screen,
    sent,
)


def warn(proc: Process, message: Message) -> list[str]:
    return logging_warnings(proc, message, calendar_of(proc), SETTINGS.timing)


SCREENED = process(interviews=(screen("2026-11-30"),))
"""A recruiter screen on Mon 30 Nov: the first follow-up is due Mon 7 Dec."""


def test_no_warning_in_the_normal_case() -> None:
    assert warn(SCREENED, sent("2026-12-07")) == []
    assert warn(SCREENED, sent("2026-12-09")) == []
    assert warn(SCREENED, sent("2026-12-01", "thank_you")) == []
    assert warn(SCREENED, received("2026-12-02")) == []


def test_too_early_says_so_with_the_due_date() -> None:
    assert warn(SCREENED, sent("2026-12-03")) == [
        "too early: the recruiter usually needs about 5 business days; due Mon 7 Dec"
    ]


def test_too_early_for_a_check_in_too() -> None:
    (warning,) = warn(SCREENED, sent("2026-12-04T17:00", "check_in"))
    assert "too early" in warning
    assert "due Mon 7 Dec" in warning


def test_too_early_for_the_second_follow_up() -> None:
    proc = with_message(SCREENED, sent("2026-12-07"))
    assert warn(proc, sent("2026-12-08")) == [
        "too early: the recruiter usually needs about 3 business days; due Thu 10 Dec"
    ]
    assert warn(proc, sent("2026-12-10")) == []


def test_too_early_names_the_headhunter_when_there_is_one() -> None:
    proc = process(contacts=(headhunter(),), interviews=(screen("2026-11-30"),))
    (warning,) = warn(proc, sent("2026-12-02", to="Hugo Hunt"))
    assert warning.startswith("too early: the headhunter usually needs")
    assert "due Mon 7 Dec" in warning


def test_too_early_counts_on_the_process_calendar() -> None:
    # Screen Wed 25 Nov: due Thu 3 Dec in the US (Thanksgiving), Wed 2 Dec in Britain.
    us = process(interviews=(screen("2026-11-25"),))
    gb = process(country="GB", interviews=(screen("2026-11-25"),))
    assert warn(gb, sent("2026-12-02")) == []
    (warning,) = warn(us, sent("2026-12-02"))
    assert "due Thu 3 Dec" in warning


def test_too_early_while_the_next_interview_is_booked() -> None:
    proc = process(interviews=(screen("2026-11-30"), onsite("2026-12-10")))
    (warning,) = warn(proc, sent("2026-12-08"))
    assert "too early" in warning
    assert "Thu 10 Dec" in warning


def test_a_thank_you_is_never_too_early() -> None:
    assert warn(SCREENED, sent("2026-11-30T18:00", "thank_you")) == []


def test_writing_to_a_hiring_manager_goes_around_the_recruiter() -> None:
    proc = process(contacts=(recruiter(), hiring_manager()), interviews=(screen("2026-11-30"),))
    (warning,) = warn(proc, sent("2026-12-07", to="Mia Manager"))
    assert "goes around the recruiter" in warning
    assert "Mia Manager (hiring manager)" in warning
    assert "Rita Ray should carry it" in warning


def test_writing_to_an_interviewer_goes_around_the_headhunter() -> None:
    proc = process(contacts=(recruiter(), headhunter(), interviewer()), interviews=(screen("2026-11-30"),))
    (warning,) = warn(proc, sent("2026-12-07", "other", "Ivan Inter"))
    assert "goes around the headhunter" in warning
    assert "Hugo Hunt should carry it" in warning


def test_no_around_warning_when_allowed_or_nobody_to_go_around() -> None:
    allowed = process(contacts=(recruiter(), hiring_manager(direct_ok=True)), interviews=(screen("2026-11-30"),))
    assert warn(allowed, sent("2026-12-07", to="Mia Manager")) == []
    alone = process(contacts=(hiring_manager(),), interviews=(screen("2026-11-30"),))
    assert warn(alone, sent("2026-12-07", to="Mia Manager")) == []
    inbound = process(contacts=(recruiter(), hiring_manager()), interviews=(screen("2026-11-30"),))
    assert warn(inbound, received("2026-12-07", sender="Mia Manager")) == []


def test_both_warnings_at_once() -> None:
    proc = process(contacts=(recruiter(), hiring_manager()), interviews=(screen("2026-11-30"),))
    found = warn(proc, sent("2026-12-02", to="Mia Manager"))
    assert len(found) == 2
    assert found[0].startswith("too early")
    assert "goes around the recruiter" in found[1]


TWO_NUDGES = process(interviews=(screen("2026-11-30"),), messages=(sent("2026-12-07"), sent("2026-12-10")))
"""Two unanswered follow-ups: the candid check-in is due Thu 17 Dec."""


def test_third_nudge_in_a_row_without_a_reply() -> None:
    (warning,) = warn(TWO_NUDGES, sent("2026-12-17", "check_in"))
    assert "nudge number 3 in a row without a reply" in warning


def test_second_nudge_in_a_row_is_fine() -> None:
    proc = process(interviews=(screen("2026-11-30"),), messages=(sent("2026-12-07"),))
    assert warn(proc, sent("2026-12-10")) == []


def test_a_reply_breaks_the_row() -> None:
    proc = with_message(TWO_NUDGES, received("2026-12-11"))
    # After their reply on Fri 11 Dec the wait restarts: 11 Dec + 5 bd = Fri 18 Dec.
    assert warn(proc, sent("2026-12-18")) == []


def test_a_nudge_on_the_day_of_the_reply_was_before_it() -> None:
    # Only dates count: the 8 Dec nudge came before that day's reply, so 10 Dec is the first after it.
    messages = (sent("2026-12-07"), received("2026-12-08"), sent("2026-12-08T11:00"), sent("2026-12-10"))
    proc = process(interviews=(screen("2026-11-30"),), messages=messages)
    assert warn(proc, sent("2026-12-15")) == []


def test_an_interview_breaks_the_row() -> None:
    # Two follow-ups on the application, then a screen: the first follow-up after it is not the third in a row.
    proc = process(interviews=(screen("2026-11-30"),), messages=(sent("2026-11-10"), sent("2026-11-13")))
    assert warn(proc, sent("2026-12-07")) == []


def test_fourth_nudge_warns_without_a_misleading_due_date() -> None:
    # Later class, follow-up then check-in unanswered: the ladder says move on, no nudge is due any more.
    proc = process(interviews=(onsite("2026-11-30"),), messages=(sent("2026-12-07"), sent("2026-12-14", "check_in")))
    (warning,) = warn(proc, sent("2026-12-16", "check_in"))
    assert "nudge number 3 in a row without a reply" in warning


def test_other_outbound_messages_are_not_nudges() -> None:
    proc = with_message(TWO_NUDGES, sent("2026-12-11", "scheduling"))
    assert not any("in a row" in w for w in warn(proc, sent("2026-12-17", "thank_you")))
    assert not any("in a row" in w for w in warn(proc, sent("2026-12-17", "other")))


def test_with_message_adds_without_changing_the_original() -> None:
    message = sent("2026-12-07")
    proc = with_message(SCREENED, message)
    assert proc.messages == (message,)
    assert SCREENED.messages == ()


# Second edition: the thank-you exemption and the nudge after a "no".


def test_a_thank_you_to_the_interviewer_met_does_not_go_around_the_recruiter() -> None:
    proc = process(contacts=(recruiter(), interviewer()), interviews=(onsite("2026-11-30T10:00", "Ivan Inter"),))
    assert warn(proc, sent("2026-11-30T18:00", "thank_you", "Ivan Inter")) == []
    assert warn(proc, sent("2026-12-01", "thank_you", "Ivan Inter")) == []


def test_a_thank_you_to_someone_not_met_still_warns() -> None:
    proc = process(contacts=(recruiter(), interviewer()), interviews=(onsite("2026-11-30", "Rita Ray"),))
    (warning,) = warn(proc, sent("2026-12-01", "thank_you", "Ivan Inter"))
    assert "goes around the recruiter" in warning


def test_a_follow_up_to_the_interviewer_met_still_warns() -> None:
    proc = process(contacts=(recruiter(), interviewer()), interviews=(onsite("2026-11-30", "Ivan Inter"),))
    (warning,) = warn(proc, sent("2026-12-07", "follow_up", "Ivan Inter"))
    assert "goes around the recruiter" in warning


def test_a_nudge_after_a_no_warns_once() -> None:
    proc = process(interviews=(screen("2026-11-30"),), messages=(said_no("2026-12-08"),))
    assert warn(proc, sent("2026-12-10")) == [
        'this follows their "no" on Tue 8 Dec: a gracious thank-you and closing it as rejected fit better than a nudge'
    ]
    assert warn(proc, sent("2026-12-09", "thank_you")) == []


def test_too_early_names_a_promised_answer() -> None:
    proc = process(interviews=(onsite("2026-11-30", expect_by="2026-12-11"),))
    assert warn(proc, sent("2026-12-08")) == ["too early: they said they would answer by Fri 11 Dec; due Mon 14 Dec"]


def test_too_early_names_the_chosen_wait() -> None:
    proc = replace(SCREENED, wait_until=date(2026, 12, 14))
    assert warn(proc, sent("2026-12-08")) == ["too early: you chose to wait until Mon 14 Dec; due Mon 14 Dec"]


def test_too_early_names_never_pester() -> None:
    proc = with_message(SCREENED, sent("2026-12-07", "scheduling"))
    assert warn(proc, sent("2026-12-08")) == [
        "too early: give it 3 business days since your scheduling message on Mon 7 Dec; due Thu 10 Dec"
    ]

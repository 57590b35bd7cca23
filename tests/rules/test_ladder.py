"""The ladder and the thank-you, one test per cell of both tables.

The interview is on Mon 30 Nov 2026 (US calendar, Thanksgiving just before) unless
said otherwise. Worked out by hand: 30 Nov + 5 bd = Mon 7 Dec, + 10 bd = Mon 14 Dec;
7 Dec + 3 bd = Thu 10 Dec; 10 Dec + 5 bd = Thu 17 Dec; 17 Dec + 5 bd = Thu 24 Dec;
14 Dec + 5 bd = Mon 21 Dec.
"""

from __future__ import annotations

import pytest

from app.rules.values import INTERVIEW_KINDS, SCREEN_KINDS, STATUSES, Message, Settings, Timing

from .builders import actions, day, interview, kinds, ladder, onsite, process, received, screen, sent, thank_you

FAR = "2027-02-01"
"""An agenda date long after every due date below: the ladder step does not expire."""


def step_of(kind: str, *messages: Message, today: str = FAR) -> tuple[str, str] | None:
    """(action, due) of the ladder for one interview of `kind` on 30 Nov with `messages`."""
    found = ladder(process(interviews=(interview(kind, "2026-11-30T10:00"),), messages=messages), today)
    return None if found is None else (found.kind, found.due.isoformat())


# The screen row.


@pytest.mark.parametrize("kind", sorted(SCREEN_KINDS))
def test_screen_k0_follow_up_at_B_plus_5(kind: str) -> None:
    assert step_of(kind) == ("follow_up", "2026-12-07")


@pytest.mark.parametrize("kind", sorted(SCREEN_KINDS))
def test_screen_k1_follow_up_at_L_plus_3(kind: str) -> None:
    assert step_of(kind, sent("2026-12-07")) == ("follow_up", "2026-12-10")


@pytest.mark.parametrize("kind", sorted(SCREEN_KINDS))
def test_screen_k2_check_in_at_L_plus_5(kind: str) -> None:
    assert step_of(kind, sent("2026-12-07"), sent("2026-12-10")) == ("check_in", "2026-12-17")


@pytest.mark.parametrize("kind", sorted(SCREEN_KINDS))
def test_screen_k3_move_on_at_L_plus_5(kind: str) -> None:
    nudges = (sent("2026-12-07"), sent("2026-12-10"), sent("2026-12-17", "check_in"))
    assert step_of(kind, *nudges) == ("move_on", "2026-12-24")


def test_screen_k4_still_move_on_at_L_plus_5() -> None:
    nudges = (sent("2026-12-07"), sent("2026-12-10"), sent("2026-12-17", "check_in"), sent("2026-12-21", "check_in"))
    # 21 Dec + 5 bd: 22, 23, 24, (25 off), 28, 29.
    assert step_of("recruiter_screen", *nudges) == ("move_on", "2026-12-29")


# The later row.

LATER_KINDS = sorted(set(INTERVIEW_KINDS) - SCREEN_KINDS)


@pytest.mark.parametrize("kind", LATER_KINDS)
def test_later_k0_follow_up_at_B_plus_5(kind: str) -> None:
    assert step_of(kind) == ("follow_up", "2026-12-07")


@pytest.mark.parametrize("kind", LATER_KINDS)
def test_later_k1_check_in_at_B_plus_10_when_later(kind: str) -> None:
    assert step_of(kind, sent("2026-12-07")) == ("check_in", "2026-12-14")


def test_later_k1_check_in_at_L_plus_3_when_later() -> None:
    # A late follow-up on Fri 11 Dec: L + 3 bd = Wed 16 Dec beats B + 10 bd = Mon 14 Dec.
    assert step_of("onsite", sent("2026-12-11")) == ("check_in", "2026-12-16")


@pytest.mark.parametrize("kind", LATER_KINDS)
def test_later_k2_move_on_at_L_plus_5(kind: str) -> None:
    assert step_of(kind, sent("2026-12-07"), sent("2026-12-14", "check_in")) == ("move_on", "2026-12-21")


def test_later_k3_move_on_at_L_plus_5() -> None:
    nudges = (sent("2026-12-07"), sent("2026-12-14", "check_in"), sent("2026-12-21", "check_in"))
    # 21 Dec + 5 bd: 22, 23, 24, (25 off), 28, 29.
    assert step_of("final", *nudges) == ("move_on", "2026-12-29")


@pytest.mark.parametrize("kind", INTERVIEW_KINDS)
def test_timing_class_of_each_kind(kind: str) -> None:
    expected = "follow_up" if kind in ("headhunter_screen", "recruiter_screen") else "check_in"
    step = step_of(kind, sent("2026-12-07"))
    assert step is not None
    assert step[0] == expected


def test_only_outbound_follow_ups_and_check_ins_are_nudges() -> None:
    others = (
        sent("2026-12-07", "scheduling"),
        sent("2026-12-07", "other"),
        sent("2026-12-07", "application"),
        sent("2026-12-07", "reply"),
        sent("2026-12-01", "thank_you"),
    )
    step = ladder(process(interviews=(screen("2026-11-30"),), messages=others), FAR)
    assert step is not None
    # k stays 0; only the never-pester rule moves the due date (7 Dec + 3 bd).
    assert (step.kind, step.due) == ("follow_up", day("2026-12-10"))


def test_the_latest_past_interview_sets_the_class() -> None:
    proc = process(interviews=(screen("2026-11-16"), onsite("2026-11-30")), messages=(sent("2026-12-07"),))
    step = ladder(proc, FAR)
    assert step is not None
    assert (step.kind, step.due) == ("check_in", day("2026-12-14"))


# Replies restart the wait.


def test_reply_restarts_the_wait() -> None:
    # A reply on Tue 8 Dec: B = 8 Dec, no nudge after it, follow-up at 8 Dec + 5 bd = Tue 15 Dec.
    step = ladder(
        process(interviews=(screen("2026-11-30"),), messages=(sent("2026-12-07"), received("2026-12-08"))), FAR
    )
    assert step is not None
    assert (step.kind, step.due) == ("follow_up", day("2026-12-15"))
    assert "their reply on Tue 8 Dec" in step.reason


def test_any_inbound_message_is_a_reply() -> None:
    messages = (sent("2026-12-07"), received("2026-12-08", "scheduling"))
    assert step_of("onsite", *messages) == ("follow_up", "2026-12-15")


def test_reply_before_the_interview_does_not_move_B() -> None:
    assert step_of("recruiter_screen", received("2026-11-27", "scheduling")) == ("follow_up", "2026-12-07")


def test_reply_on_the_interview_day_keeps_B() -> None:
    assert step_of("recruiter_screen", received("2026-11-30T16:00")) == ("follow_up", "2026-12-07")


def test_nudge_on_the_reply_day_does_not_count() -> None:
    # A nudge sent on the day of the reply was before it: k = 0 after B = 8 Dec.
    messages = (received("2026-12-08T09:00"), sent("2026-12-08T17:00"))
    assert step_of("recruiter_screen", *messages) == ("follow_up", "2026-12-15")


def test_nudge_the_day_after_the_reply_counts() -> None:
    # k = 1 after B = 8 Dec: L = Wed 9 Dec, + 3 bd = Mon 14 Dec.
    assert step_of("recruiter_screen", received("2026-12-08"), sent("2026-12-09")) == ("follow_up", "2026-12-14")


def test_later_k1_counts_ten_days_from_the_reply() -> None:
    # B = Tue 8 Dec, + 10 bd = Tue 22 Dec; L = 9 Dec + 3 bd = 14 Dec.
    assert step_of("onsite", received("2026-12-08"), sent("2026-12-09")) == ("check_in", "2026-12-22")


# Never pester.


def test_never_pester_pushes_the_first_follow_up() -> None:
    # A scheduling note on Fri 4 Dec holds the follow-up until 4 Dec + 3 bd = Wed 9 Dec.
    step = ladder(process(interviews=(screen("2026-11-30"),), messages=(sent("2026-12-04", "scheduling"),)), FAR)
    assert step is not None
    assert (step.kind, step.due) == ("follow_up", day("2026-12-09"))
    assert step.reason == "3 business days since your scheduling message on Fri 4 Dec"
    assert step.rule == "pester"


def test_a_thank_you_does_not_hold_a_nudge_back() -> None:
    assert step_of("recruiter_screen", sent("2026-12-04", "thank_you")) == ("follow_up", "2026-12-07")


def test_never_pester_pushes_a_check_in() -> None:
    # Later k = 1: B + 10 bd = Mon 14 Dec, but a note on Fri 11 Dec holds it to Wed 16 Dec.
    messages = (sent("2026-12-07"), sent("2026-12-11", "other"))
    assert step_of("onsite", *messages) == ("check_in", "2026-12-16")


def test_never_pester_pushes_a_second_screen_follow_up() -> None:
    # L + 3 bd = Thu 10 Dec, but a note on Wed 9 Dec holds it to Mon 14 Dec.
    messages = (sent("2026-12-07"), sent("2026-12-09", "scheduling"))
    assert step_of("recruiter_screen", *messages) == ("follow_up", "2026-12-14")


def test_never_pester_counts_an_outbound_reply_on_the_reply_day() -> None:
    # They wrote and the seeker answered on Tue 8 Dec: 8 Dec + 5 bd = 15 Dec is later than + 3 bd.
    messages = (received("2026-12-08"), sent("2026-12-08", "reply"))
    assert step_of("recruiter_screen", *messages) == ("follow_up", "2026-12-15")


def test_move_on_is_not_held_back() -> None:
    # Later k = 2: move-on at 14 Dec + 5 bd = 21 Dec, whatever was sent since.
    messages = (sent("2026-12-07"), sent("2026-12-14", "check_in"), sent("2026-12-18", "other"))
    assert step_of("onsite", *messages) == ("move_on", "2026-12-21")


# When there is no ladder.


def test_no_ladder_without_a_past_interview_or_an_application() -> None:
    proc = process(messages=(sent("2026-11-02", "other"), sent("2026-11-20"), received("2026-11-23")))
    assert ladder(proc, FAR) is None
    assert actions(proc, FAR) == []


def test_no_ladder_while_an_interview_is_scheduled() -> None:
    proc = process(interviews=(screen("2026-11-30"), onsite("2026-12-10T14:00")))
    assert ladder(proc, "2026-12-08") is None
    assert kinds(proc, "2026-12-08") == [("prepare", day("2026-12-10"))]


def test_an_interview_dated_D_is_scheduled_not_past() -> None:
    proc = process(interviews=(screen("2026-11-30"), onsite("2026-12-10T09:00")))
    assert ladder(proc, "2026-12-10") is None
    assert kinds(proc, "2026-12-10") == [("prepare", day("2026-12-10"))]
    # The next day it is the latest past interview: thank-you, and a follow-up counted from it.
    assert kinds(proc, "2026-12-11") == [("thank_you", day("2026-12-11")), ("follow_up", day("2026-12-17"))]


def test_first_interview_dated_D_gives_only_prepare() -> None:
    proc = process(interviews=(screen("2026-11-30"),))
    assert kinds(proc, "2026-11-30") == [("prepare", day("2026-11-30"))]


def test_prepare_one_per_scheduled_interview_due_on_its_date() -> None:
    proc = process(interviews=(onsite("2026-12-15T09:00"), screen("2026-12-09"), onsite("2026-11-02")))
    found = [(a.action, a.due) for a in actions(proc, "2026-12-07") if a.action == "prepare"]
    assert sorted(found) == [("prepare", day("2026-12-09")), ("prepare", day("2026-12-15"))]


@pytest.mark.parametrize("status", [s for s in STATUSES if s not in ("active", "offer")])
def test_only_open_processes_get_actions(status: str) -> None:
    proc = process(status=status, interviews=(screen("2026-11-30"), onsite("2026-12-10")))
    assert actions(proc, "2026-12-01") == []
    assert actions(proc, FAR) == []


def test_active_process_gets_its_actions() -> None:
    proc = process(interviews=(screen("2026-11-30"), onsite("2026-12-10")))
    assert kinds(proc, "2026-12-01") == [("thank_you", day("2026-12-01")), ("prepare", day("2026-12-10"))]


# Messages dated after D have not happened.


def test_a_reply_dated_after_D_is_ignored() -> None:
    proc = process(interviews=(screen("2026-11-30"),), messages=(received("2026-12-09"),))
    step = ladder(proc, "2026-12-08")
    assert step is not None
    assert (step.kind, step.due) == ("follow_up", day("2026-12-07"))


def test_nudges_dated_after_D_are_ignored() -> None:
    proc = process(interviews=(screen("2026-11-30"),), messages=(sent("2026-12-07"), sent("2026-12-10")))
    step = ladder(proc, "2026-12-08")
    assert step is not None
    assert (step.kind, step.due) == ("follow_up", day("2026-12-10"))


def test_a_nudge_dated_D_has_happened() -> None:
    proc = process(interviews=(screen("2026-11-30"),), messages=(sent("2026-12-07T08:00"),))
    step = ladder(proc, "2026-12-07")
    assert step is not None
    assert (step.kind, step.due) == ("follow_up", day("2026-12-10"))


# Reasons name the rule and the day it counts from.


def test_reasons() -> None:
    first = ladder(process(interviews=(screen("2026-11-30"),)), FAR)
    assert first is not None
    assert first.reason == "5 business days since the recruiter screen on Mon 30 Nov"
    second = ladder(process(interviews=(screen("2026-11-30"),), messages=(sent("2026-12-07"),)), FAR)
    assert second is not None
    assert second.reason.startswith("3 business days since your follow-up on Mon 7 Dec")
    check_in = ladder(process(interviews=(onsite("2026-11-30"),), messages=(sent("2026-12-07"),)), FAR)
    assert check_in is not None
    assert check_in.reason.startswith("10 business days since the onsite on Mon 30 Nov")
    nudges = (sent("2026-12-07"), sent("2026-12-10"), sent("2026-12-17", "check_in"))
    move_on = ladder(process(interviews=(screen("2026-11-30"),), messages=nudges), FAR)
    assert move_on is not None
    assert move_on.reason.startswith("5 business days since your check-in on Thu 17 Dec")
    assert "ghosted" in move_on.reason


# The thank-you. Interview on Wed 25 Nov (US): + 1 bd = Fri 27 Nov, + 3 bd = Tue 1 Dec.


def thanks_due(*messages: Message, today: str = "2026-11-27") -> str | None:
    step = thank_you(process(interviews=(screen("2026-11-25T15:00"),), messages=messages), today)
    return None if step is None else step.due.isoformat()


def test_thank_you_due_one_business_day_after() -> None:
    assert thanks_due(today="2026-11-26") == "2026-11-27"
    step = thank_you(process(interviews=(screen("2026-11-25"),)), "2026-11-26")
    assert step is not None
    assert step.kind == "thank_you"


@pytest.mark.parametrize(
    ("today", "due"),
    [
        pytest.param("2026-11-25", None, id="on-the-interview-day-it-is-scheduled"),
        pytest.param("2026-11-26", "2026-11-27", id="the-next-day"),
        pytest.param("2026-12-01", "2026-11-27", id="last-day-I+3bd"),
        pytest.param("2026-12-02", None, id="too-late"),
    ],
)
def test_thank_you_window(today: str, due: str | None) -> None:
    assert thanks_due(today=today) == due


def test_thank_you_window_counts_on_the_process_calendar() -> None:
    # In Britain 25 Nov + 3 bd = Mon 30 Nov, so Tue 1 Dec is too late.
    proc = process(country="GB", interviews=(screen("2026-11-25"),))
    assert thank_you(proc, "2026-11-30") is not None
    assert thank_you(proc, "2026-12-01") is None


def test_no_thank_you_once_sent() -> None:
    assert thanks_due(sent("2026-11-26", "thank_you")) is None


def test_a_thank_you_sent_on_the_interview_day_counts() -> None:
    assert thanks_due(sent("2026-11-25T18:00", "thank_you")) is None


def test_a_thank_you_for_an_earlier_interview_does_not_count() -> None:
    assert thanks_due(sent("2026-11-20", "thank_you")) == "2026-11-27"


@pytest.mark.parametrize(
    "message",
    [
        pytest.param(received("2026-11-26"), id="their-reply"),
        pytest.param(sent("2026-11-26", "scheduling"), id="our-scheduling-note"),
        pytest.param(sent("2026-11-27", "follow_up"), id="a-nudge"),
    ],
)
def test_no_thank_you_after_any_message_dated_after_the_interview(message: Message) -> None:
    assert thanks_due(message) is None


def test_a_message_on_the_interview_day_does_not_stop_the_thank_you() -> None:
    assert thanks_due(received("2026-11-25T09:00", "scheduling"), sent("2026-11-25T08:00", "other")) == "2026-11-27"


def test_a_message_dated_after_D_does_not_stop_the_thank_you() -> None:
    assert thanks_due(received("2026-11-30"), today="2026-11-27") == "2026-11-27"


def test_thank_you_is_for_the_latest_past_interview() -> None:
    proc = process(interviews=(screen("2026-11-16"), onsite("2026-11-25")), messages=(sent("2026-11-17", "thank_you"),))
    step = thank_you(proc, "2026-11-27")
    assert step is not None
    assert step.interview is not None
    assert step.interview.kind == "onsite"
    assert step.reason == "1 business day after the onsite on Wed 25 Nov; worth sending by Tue 1 Dec"


def test_thank_you_alongside_a_scheduled_interview() -> None:
    proc = process(interviews=(screen("2026-11-25"), onsite("2026-12-03")))
    assert kinds(proc, "2026-11-26") == [("thank_you", day("2026-11-27")), ("prepare", day("2026-12-03"))]


# Every number is a setting.


def test_timing_settings_are_honoured() -> None:
    quick = Settings(timing=Timing(screen_wait=3, pester_gap=1))
    step = ladder(process(interviews=(screen("2026-11-30"),)), FAR, quick)
    assert step is not None
    assert step.due == day("2026-12-03")
    assert step.reason == "3 business days since the recruiter screen on Mon 30 Nov"


def test_later_check_in_gap_is_its_own_setting() -> None:
    # Follow-up Wed 9 Dec: + 4 bd = Tue 15 Dec, later than B + 10 bd = Mon 14 Dec and than + 3 bd (never pester).
    timing = Settings(timing=Timing(later_check_in_gap=4))
    step = ladder(process(interviews=(onsite("2026-11-30"),), messages=(sent("2026-12-09"),)), FAR, timing)
    assert step is not None
    assert (step.kind, step.due) == ("check_in", day("2026-12-15"))
    assert step.reason == "4 business days since your follow-up on Wed 9 Dec, no reply yet"

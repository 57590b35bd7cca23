"""The agenda for a date: due and upcoming, ordered, on each process's calendar."""

from __future__ import annotations

from datetime import date

import pytest

from app.rules.agenda import Action, build_agenda, contact_label, why
from app.rules.values import Settings

from .builders import (
    SEEKER,
    SETTINGS,
    agenda,
    day,
    hiring_manager,
    interview,
    onsite,
    process,
    recruiter,
    screen,
    sent,
)


def rows(items: tuple[object, ...]) -> list[tuple[str, str, str, str, int]]:
    return [(a.company, a.role, a.action, a.due.isoformat(), a.overdue) for a in items]  # type: ignore[attr-defined]


def test_due_order_most_overdue_then_action_then_company_then_role() -> None:
    procs = [
        # Screen Mon 23 Nov: follow-up Tue 1 Dec, 4 business days overdue on Mon 7 Dec.
        process("Zeta", "SRE", interviews=(screen("2026-11-23"),), pid=1),
        process("Acme", "Data Engineer", interviews=(screen("2026-11-30"),), pid=2),
        process("acme", "Analyst", interviews=(screen("2026-11-30"),), pid=3),
        # Onsite Fri 4 Dec: thank-you Mon 7 Dec; an interview today: prepare.
        process("Beta", "PM", interviews=(onsite("2026-12-04"), interview("final", "2026-12-07T15:00")), pid=4),
        # Onsite Fri 20 Nov + 10 bd = Mon 7 Dec; the follow-up of 30 Nov + 3 bd is sooner.
        process("Gamma", "Dev", interviews=(onsite("2026-11-20"),), messages=(sent("2026-11-30"),), pid=5),
        # Three unanswered nudges, the last on Mon 30 Nov: move on at 7 Dec.
        process(
            "Alpha",
            "QA",
            interviews=(screen("2026-11-09"),),
            messages=(sent("2026-11-16"), sent("2026-11-19"), sent("2026-11-30", "check_in")),
            pid=6,
        ),
    ]
    result = agenda("2026-12-07", *procs)
    assert rows(result.due) == [
        ("Zeta", "SRE", "follow_up", "2026-12-01", 4),
        ("Beta", "PM", "prepare", "2026-12-07", 0),
        ("Beta", "PM", "thank_you", "2026-12-07", 0),
        ("Gamma", "Dev", "check_in", "2026-12-07", 0),
        ("acme", "Analyst", "follow_up", "2026-12-07", 0),
        ("Acme", "Data Engineer", "follow_up", "2026-12-07", 0),
        ("Alpha", "QA", "move_on", "2026-12-07", 0),
    ]
    assert result.upcoming == ()
    # The input order does not matter.
    assert agenda("2026-12-07", *reversed(procs)).due == result.due


def test_overdue_counts_business_days_since_due() -> None:
    procs = [
        process("A", "r", interviews=(screen("2026-11-16"),), pid=1),  # due Mon 23 Nov
        process("B", "r", interviews=(screen("2026-11-18"),), pid=2),  # due Wed 25 Nov
        process("C", "r", interviews=(screen("2026-11-19"),), pid=3),  # due Fri 27 Nov (Thanksgiving skipped)
    ]
    result = agenda("2026-11-30", *procs)
    assert rows(result.due) == [
        ("A", "r", "follow_up", "2026-11-23", 4),
        ("B", "r", "follow_up", "2026-11-25", 2),
        ("C", "r", "follow_up", "2026-11-27", 1),
    ]


def test_upcoming_order_due_date_then_action_then_company() -> None:
    procs = [
        # Follow-ups Fri 11 Dec and Wed 9 Dec; the thank-yous were sent on the day.
        process("Foxtrot", "r", interviews=(screen("2026-12-04"),), messages=(sent("2026-12-04", "thank_you"),), pid=1),
        process("Able", "r", interviews=(screen("2026-12-02"),), messages=(sent("2026-12-02", "thank_you"),), pid=2),
        process("Delta", "r", interviews=(screen("2026-12-09"),), pid=3),  # prepare Wed 9 Dec
        process("Hotel", "r", interviews=(onsite("2026-12-14T09:00"),), pid=4),  # prepare Mon 14 Dec = D + 5 bd
        process("India", "r", interviews=(onsite("2026-12-15"),), pid=5),  # prepare Tue 15 Dec: beyond
    ]
    result = agenda("2026-12-07", *procs)
    assert result.due == ()
    assert rows(result.upcoming) == [
        ("Delta", "r", "prepare", "2026-12-09", 0),
        ("Able", "r", "follow_up", "2026-12-09", 0),
        ("Foxtrot", "r", "follow_up", "2026-12-11", 0),
        ("Hotel", "r", "prepare", "2026-12-14", 0),
    ]


def test_due_and_upcoming_split_at_D() -> None:
    proc = process(interviews=(screen("2026-11-30"),))
    assert [a.action for a in agenda("2026-12-04", proc).upcoming] == ["follow_up"]
    assert agenda("2026-12-04", proc).due == ()
    assert [a.action for a in agenda("2026-12-07", proc).due] == ["follow_up"]
    assert agenda("2026-12-07", proc).upcoming == ()


def test_horizon_is_a_setting() -> None:
    proc = process(interviews=(screen("2026-11-30"),))  # follow-up Mon 7 Dec = Tue 1 Dec + 4 bd
    assert agenda("2026-12-01", proc, days=3).upcoming == ()
    assert [a.action for a in agenda("2026-12-01", proc, days=4).upcoming] == ["follow_up"]
    assert agenda("2026-12-01", proc).days == 5


def test_horizon_counts_on_each_process_calendar() -> None:
    # Wed 25 Nov + 5 bd: Thu 3 Dec in the US (Thanksgiving), Wed 2 Dec in Britain.
    us = process("Us Corp", "r", country="US", interviews=(onsite("2026-12-03"),), pid=1)
    gb = process("Gb Ltd", "r", country="GB", interviews=(onsite("2026-12-03"),), pid=2)
    gb_sooner = process("Gb Two", "r", country="GB", interviews=(onsite("2026-12-02"),), pid=3)
    result = agenda("2026-11-25", us, gb, gb_sooner)
    assert [(a.company, a.due.isoformat()) for a in result.upcoming] == [
        ("Gb Two", "2026-12-02"),
        ("Us Corp", "2026-12-03"),
    ]


def test_overdue_counts_on_each_process_calendar() -> None:
    # Screen Mon 16 Nov: follow-up Mon 23 Nov everywhere. On Mon 30 Nov it is overdue by
    # 4 bd in the US (Thanksgiving), 5 in England, 4 in Scotland (St Andrew's Day, 30 Nov).
    procs = [
        process("England", "r", country="GB", subdivision="ENG", interviews=(screen("2026-11-16"),), pid=1),
        process("Scotland", "r", country="GB", subdivision="SCT", interviews=(screen("2026-11-16"),), pid=2),
        process("States", "r", country="US", interviews=(screen("2026-11-16"),), pid=3),
    ]
    result = agenda("2026-11-30", *procs)
    assert rows(result.due) == [
        ("England", "r", "follow_up", "2026-11-23", 5),
        ("Scotland", "r", "follow_up", "2026-11-23", 4),
        ("States", "r", "follow_up", "2026-11-23", 4),
    ]


def test_process_without_country_counts_on_the_settings_calendar() -> None:
    proc = process(interviews=(screen("2026-11-25"),))
    gb = Settings(country="GB", your_name=SEEKER)
    for settings, due in ((gb, "2026-12-02"), (SETTINGS, "2026-12-03")):
        result = agenda("2026-11-26", proc, settings=settings)
        assert [a.due for a in result.upcoming if a.action == "follow_up"] == [day(due)]


@pytest.mark.parametrize("status", ["accepted", "declined", "rejected", "withdrawn", "ghosted"])
def test_closed_processes_are_left_out(status: str) -> None:
    proc = process(status=status, interviews=(screen("2026-11-30"), onsite("2026-12-08")))
    result = agenda("2026-12-07", proc)
    assert result.due == () and result.upcoming == ()


def test_reason_names_the_rule_and_the_date_it_counts_from() -> None:
    (action,) = agenda("2026-12-07", process(interviews=(screen("2026-11-30"),))).due
    assert action.reason == "5 business days since the recruiter screen on Mon 30 Nov"


def test_prepare_reason_names_when_and_whom() -> None:
    proc = process(
        contacts=(recruiter(), hiring_manager()),
        interviews=(interview("hiring_manager", "2026-12-09T14:30", "Mia Manager"),),
    )
    (action,) = agenda("2026-12-07", proc).upcoming
    assert action.reason == "hiring manager interview on Wed 9 Dec at 14:30 with Mia Manager"
    assert action.contact == hiring_manager()


def test_each_action_carries_what_the_dashboard_shows() -> None:
    proc = process("Acme", "Data Engineer", interviews=(screen("2026-11-30", "Rita Ray"),), pid=42)
    (action,) = agenda("2026-12-09", proc).due
    assert (action.process_id, action.company, action.role, action.action) == (42, "Acme", "Data Engineer", "follow_up")
    assert (action.due, action.overdue) == (day("2026-12-07"), 2)
    assert action.contact is not None
    assert (action.contact.name, action.contact.role, action.contact.email) == (
        "Rita Ray",
        "recruiter",
        "rita@example.com",
    )
    assert contact_label(action.contact) == "Rita Ray (recruiter)"
    assert contact_label(None) == "no contact"


def test_message_none_for_prepare_and_filled_for_the_others() -> None:
    procs = [
        process("Prep", "Designer", interviews=(onsite("2026-12-08"),), pid=1),
        process("Thanks", "Designer", interviews=(onsite("2026-12-04", "Rita Ray"),), pid=2),
        process("Follow", "Designer", interviews=(screen("2026-11-30"),), pid=3),
        process("Check", "Designer", interviews=(onsite("2026-11-20"),), messages=(sent("2026-11-30"),), pid=4),
        process(
            "Move",
            "Designer",
            interviews=(onsite("2026-11-09"),),
            messages=(sent("2026-11-16"), sent("2026-11-30", "check_in")),
            pid=5,
        ),
    ]
    result = agenda("2026-12-07", *procs)
    listed = {(a.company, a.action): a for a in (*result.due, *result.upcoming)}
    pairs = [("Prep", "prepare"), ("Thanks", "thank_you"), ("Follow", "follow_up"), ("Check", "check_in")]
    found = {kind: listed[company, kind] for company, kind in [*pairs, ("Move", "move_on")]}
    assert found["prepare"].message is None
    for kind in ("thank_you", "follow_up", "check_in", "move_on"):
        message = found[kind].message
        assert message is not None, kind
        assert message.startswith("Hi Rita,"), kind
        assert "Designer" in message, kind
        assert found[kind].company in message, kind
        assert message.endswith(SEEKER), kind
        assert "{" not in message and "}" not in message, kind
    follow_up = found["follow_up"].message
    assert follow_up is not None
    assert "recruiter screen on Mon 30 Nov" in follow_up


def test_user_templates_replace_the_defaults() -> None:
    proc = process(interviews=(screen("2026-11-30"),))
    templates = {"follow_up": "Dear {first_name}, any news on {role} ({oops})? {your_name}"}
    result = build_agenda([proc], day("2026-12-07"), SETTINGS, templates=templates)
    assert result.due[0].message == "Dear Rita, any news on Data Engineer ({oops})? Sam Seeker"
    # A kind the user did not write falls back to the default.
    move_on = process(interviews=(screen("2026-11-09"),), messages=tuple(sent(f"2026-11-{d}") for d in (16, 19, 30)))
    result = build_agenda([move_on], day("2026-12-07"), SETTINGS, templates=templates)
    message = result.due[0].message
    assert message is not None
    assert message.startswith("Hi Rita,")


def test_no_name_in_settings_leaves_no_dangling_signature() -> None:
    (action,) = agenda("2026-12-07", process(interviews=(screen("2026-11-30"),)), settings=Settings()).due
    assert action.message is not None
    assert action.message.endswith("Thank you,")


# The "why" line: the reason, and how late an overdue item is ---------------------------


def _action(overdue: int, reason: str = "5 business days since your check-in on Tue 10 Nov") -> Action:
    return Action(1, "Hooli", "Analyst", "check_in", date(2026, 11, 17), overdue, None, reason, None, "k")


@pytest.mark.parametrize(
    ("overdue", "line"),
    [
        (0, "5 business days since your check-in on Tue 10 Nov"),
        (1, "5 business days since your check-in on Tue 10 Nov (now 1 business day late)"),
        (10, "5 business days since your check-in on Tue 10 Nov (now 10 business days late)"),
    ],
)
def test_why_says_how_late_an_overdue_item_is(overdue: int, line: str) -> None:
    action = _action(overdue)
    assert why(action) == line
    assert action.reason == "5 business days since your check-in on Tue 10 Nov"  # the JSON reason keeps its shape

"""Offers are open: listed, given a `decide` on their deadline and a timely thank-you, never chased."""

from __future__ import annotations

import pytest

from app.rules.values import OPEN_STATUSES, STATUSES, is_open

from .builders import actions, agenda, day, kinds, onsite, process, received, screen, sent

FAR = "2027-03-01"


def test_open_statuses_are_active_and_offer() -> None:
    assert OPEN_STATUSES == ("active", "offer")
    assert [s for s in STATUSES if is_open(s)] == ["active", "offer"]
    assert process(status="offer").is_open


def test_an_offer_with_a_deadline_gets_decide_due_that_day() -> None:
    proc = process(status="offer", interviews=(onsite("2026-11-16"),), deadline="2026-12-11")
    (action,) = actions(proc, "2026-12-07")
    assert (action.action, action.due, action.message, action.close_as) == ("decide", day("2026-12-11"), None, None)
    assert action.reason == "your answer to the offer is due by Fri 11 Dec"
    assert action.contact is not None and action.contact.name == "Rita Ray"


def test_decide_is_overdue_after_the_deadline() -> None:
    proc = process(status="offer", interviews=(onsite("2026-11-16"),), deadline="2026-12-11")
    (action,) = agenda("2026-12-15", proc).due
    assert (action.action, action.overdue) == ("decide", 2)


def test_an_offer_without_a_deadline_has_no_decide() -> None:
    assert actions(process(status="offer", interviews=(onsite("2026-11-16"),)), "2026-12-07") == []


def test_decide_only_for_an_offer() -> None:
    proc = process(interviews=(onsite("2026-11-30"),), deadline="2026-12-11")
    assert "decide" not in [a.action for a in actions(proc, "2026-12-02")]


@pytest.mark.parametrize(
    "messages",
    [
        pytest.param((), id="silence"),
        pytest.param((sent("2026-12-07"), sent("2026-12-14", "check_in")), id="two-nudges"),
        pytest.param((received("2026-12-01", signal="negative"),), id="a-no"),
    ],
)
def test_an_offer_is_never_chased(messages: tuple[object, ...]) -> None:
    proc = process(status="offer", interviews=(onsite("2026-11-30"),), messages=messages, deadline="2026-12-18")  # type: ignore[arg-type]
    assert {a.action for a in actions(proc, FAR)} == {"decide"}


def test_an_offer_gets_its_thank_you_and_its_prepare() -> None:
    # The final on Wed 2 Dec; a call about the package booked for Wed 9 Dec.
    proc = process(status="offer", interviews=(onsite("2026-12-02"), screen("2026-12-09")), deadline="2026-12-18")
    assert kinds(proc, "2026-12-03") == [
        ("thank_you", day("2026-12-03")),
        ("prepare", day("2026-12-09")),
        ("decide", day("2026-12-18")),
    ]


@pytest.mark.parametrize("status", [s for s in STATUSES if s not in OPEN_STATUSES])
def test_closed_processes_get_nothing(status: str) -> None:
    proc = process(status=status, interviews=(onsite("2026-12-02"), screen("2026-12-09")), deadline="2026-12-18")
    assert actions(proc, "2026-12-03") == []
    assert agenda("2026-12-03", proc).due == agenda("2026-12-03", proc).upcoming == ()


def test_decide_sorts_after_prepare_and_before_thank_you() -> None:
    procs = [
        process("Alpha", "r", interviews=(onsite("2026-12-04"),), pid=1),  # thank-you Mon 7 Dec
        process("Zeta", "r", status="offer", deadline="2026-12-07", pid=2),
        process("Zulu", "r", interviews=(onsite("2026-12-07T16:00"),), pid=3),  # prepare today
    ]
    assert [(a.company, a.action) for a in agenda("2026-12-07", *procs).due] == [
        ("Zulu", "prepare"),
        ("Zeta", "decide"),
        ("Alpha", "thank_you"),
    ]

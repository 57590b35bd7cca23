"""Whom to contact: first match wins, never around the recruiter."""

from __future__ import annotations

import pytest

from app.rules.routing import goes_around_recruiter, route
from app.rules.values import Contact

from .builders import (
    actions,
    applied,
    day,
    headhunter,
    hiring_manager,
    interview,
    interviewer,
    process,
    received,
    recruiter,
    said_no,
    screen,
    sent,
)

D = day("2026-12-07")


def test_headhunter_comes_first_even_over_a_busier_recruiter() -> None:
    proc = process(
        contacts=(recruiter("Rita Ray"), hiring_manager(direct_ok=True), headhunter("Hugo Hunt")),
        messages=(sent("2026-11-20", "other", "Rita Ray"), received("2026-11-21", sender="Rita Ray")),
    )
    found = route(proc, D)
    assert found is not None
    assert found.name == "Hugo Hunt"


def test_recruiter_with_most_messages_either_way_wins() -> None:
    proc = process(
        contacts=(recruiter("Rita Ray"), recruiter("Rob Roy")),
        messages=(
            sent("2026-11-20", "application", "Rita Ray"),
            received("2026-11-21", "scheduling", "Rob Roy"),
            sent("2026-11-22", "scheduling", "Rob Roy"),
        ),
    )
    assert route(proc, D) == recruiter("Rob Roy")


def test_inbound_messages_count_as_exchanged() -> None:
    proc = process(
        contacts=(recruiter("Rita Ray"), recruiter("Rob Roy")),
        messages=(received("2026-11-21", sender="Rob Roy"),),
    )
    assert route(proc, D) == recruiter("Rob Roy")


def test_messages_dated_after_D_do_not_count() -> None:
    proc = process(
        contacts=(recruiter("Rita Ray"), recruiter("Rob Roy")),
        messages=(
            sent("2026-11-20", "other", "Rita Ray"),
            sent("2026-12-08", "other", "Rob Roy"),
            received("2026-12-09", sender="Rob Roy"),
        ),
    )
    assert route(proc, D) == recruiter("Rita Ray")
    # ...but they do once they have happened.
    assert route(proc, day("2026-12-09")) == recruiter("Rob Roy")


def test_messages_dated_D_count() -> None:
    proc = process(
        contacts=(recruiter("Rita Ray"), recruiter("Rob Roy")),
        messages=(sent("2026-12-07T18:30", "other", "Rob Roy"),),
    )
    assert route(proc, D) == recruiter("Rob Roy")


@pytest.mark.parametrize("first", ["Rita Ray", "Rob Roy"])
def test_tied_recruiters_go_to_the_first_added(first: str) -> None:
    second = "Rob Roy" if first == "Rita Ray" else "Rita Ray"
    proc = process(
        contacts=(recruiter(first), recruiter(second)),
        messages=(sent("2026-11-20", "other", second), received("2026-11-21", sender=first)),
    )
    assert route(proc, D) == recruiter(first)


def test_messages_to_others_do_not_make_a_recruiter_closest() -> None:
    proc = process(
        contacts=(recruiter("Rita Ray"), hiring_manager(direct_ok=True), recruiter("Rob Roy")),
        messages=(sent("2026-11-20", "other", "Mia Manager"), sent("2026-11-21", "other", None)),
    )
    assert route(proc, D) == recruiter("Rita Ray")


def test_recruiter_comes_before_a_hiring_manager_with_direct_ok() -> None:
    proc = process(contacts=(hiring_manager(direct_ok=True), recruiter("Rita Ray")))
    assert route(proc, D) == recruiter("Rita Ray")


def test_hiring_manager_only_with_direct_ok() -> None:
    allowed = hiring_manager("Mia Manager", direct_ok=True)
    proc = process(contacts=(hiring_manager("Max Boss"), allowed))
    assert route(proc, D) == allowed


@pytest.mark.parametrize(
    "contacts",
    [
        pytest.param((), id="nobody"),
        pytest.param((hiring_manager(),), id="hiring-manager-without-direct-ok"),
        pytest.param((interviewer(),), id="interviewer"),
        pytest.param((interviewer(direct_ok=True),), id="interviewer-even-with-direct-ok"),
        pytest.param((Contact(name="Cora Coord", role="coordinator"),), id="coordinator"),
        pytest.param((Contact(name="Ref Erral", role="referrer", direct_ok=True),), id="referrer"),
        pytest.param((Contact(name="Oz Other", role="other", direct_ok=True),), id="other"),
    ],
)
def test_no_one_to_route_to(contacts: tuple[Contact, ...]) -> None:
    proc = process(contacts=contacts, messages=tuple(sent("2026-11-20", "other", c.name) for c in contacts))
    assert route(proc, D) is None


def test_without_a_contact_the_action_still_appears_and_asks_for_the_recruiter() -> None:
    proc = process(contacts=(hiring_manager(), interviewer()), interviews=(screen("2026-11-30", "Ivan Inter"),))
    (follow_up,) = [a for a in actions(proc, "2026-12-07") if a.action == "follow_up"]
    assert follow_up.contact is None
    assert "no one to contact" in follow_up.reason
    assert "add the recruiter" in follow_up.reason
    assert follow_up.message is not None
    assert "Hi there," in follow_up.message


@pytest.mark.parametrize("kind", ["follow_up", "check_in", "move_on"])
def test_ladder_actions_never_go_to_a_hiring_manager_without_direct_ok(kind: str) -> None:
    nudges = {
        "follow_up": (),
        "check_in": (sent("2026-12-07", to=None), sent("2026-12-10", to=None)),
        "move_on": (sent("2026-12-07", to=None), sent("2026-12-10", to=None), sent("2026-12-17", "check_in", None)),
    }[kind]
    proc = process(
        contacts=(hiring_manager(), interviewer()),
        interviews=(screen("2026-11-30", "Mia Manager", "Ivan Inter"),),
        messages=nudges,
    )
    (found,) = [a for a in actions(proc, "2026-12-28") if a.action == kind]
    assert found.contact is None


def test_thank_you_goes_to_whom_the_interview_was_with() -> None:
    proc = process(
        contacts=(recruiter("Rita Ray"), interviewer("Ivan Inter"), hiring_manager("Mia Manager")),
        interviews=(interview("technical", "2026-11-30T10:00", "Mia Manager", "Ivan Inter"),),
    )
    (thanks,) = [a for a in actions(proc, "2026-12-01") if a.action == "thank_you"]
    assert thanks.contact == hiring_manager("Mia Manager")
    assert thanks.message is not None
    assert thanks.message.startswith("Hi Mia,")


def test_thank_you_falls_back_to_the_routed_contact() -> None:
    proc = process(
        contacts=(recruiter("Rita Ray"), headhunter("Hugo Hunt")),
        interviews=(screen("2026-11-30", "Somebody Unlisted"),),
    )
    (thanks,) = [a for a in actions(proc, "2026-12-01") if a.action == "thank_you"]
    assert thanks.contact == headhunter("Hugo Hunt")


@pytest.mark.parametrize(
    ("contacts", "to", "bypassed"),
    [
        pytest.param((recruiter(), hiring_manager()), "Mia Manager", "Rita Ray", id="hm-around-recruiter"),
        pytest.param((recruiter(), interviewer()), "Ivan Inter", "Rita Ray", id="interviewer"),
        pytest.param((recruiter(), headhunter(), hiring_manager()), "Mia Manager", "Hugo Hunt", id="headhunter"),
        pytest.param((recruiter(), hiring_manager(direct_ok=True)), "Mia Manager", None, id="direct-ok"),
        pytest.param((hiring_manager(),), "Mia Manager", None, id="no-recruiter-to-go-around"),
        pytest.param(
            (recruiter(), Contact(name="Cora Coord", role="coordinator")), "Cora Coord", None, id="coordinator"
        ),
        pytest.param((recruiter(),), "Rita Ray", None, id="the-recruiter"),
        pytest.param((recruiter(),), "Not A Contact", None, id="unknown-name"),
    ],
)
def test_goes_around_recruiter(contacts: tuple[Contact, ...], to: str, bypassed: str | None) -> None:
    proc = process(contacts=contacts)
    found = goes_around_recruiter(proc, proc.contact(to))
    assert (found.name if found else None) == bypassed


def test_an_application_without_contacts_still_gets_its_follow_up() -> None:
    (action,) = actions(process(contacts=(), messages=(applied("2026-11-16"),)), "2026-11-25")
    assert (action.action, action.due.isoformat(), action.contact) == ("follow_up", "2026-11-25", None)
    assert (
        action.reason
        == "7 business days since your application on Mon 16 Nov; no one to contact yet: add the recruiter"
    )
    assert action.message is not None and action.message.startswith("Hi there,")


def test_a_no_to_an_application_without_contacts_still_gets_its_close() -> None:
    proc = process(contacts=(), messages=(applied("2026-11-16"), said_no("2026-11-20", sender=None)))
    (action,) = actions(proc, "2026-11-25")
    assert (action.action, action.close_as, action.contact) == ("move_on", "rejected", None)
    assert "no one to contact yet" in action.reason

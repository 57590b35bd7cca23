"""The import's work per record: checked records are not rebuilt when checking changes nothing.

A 10,000-process backup holds 155,000 records; rebuilding each one after its
check (a full constructor run) cost as much as reading the file.
"""

from __future__ import annotations

from datetime import date

from app.domain import Contact, ContactRole, Direction, Interview, InterviewKind, Message, Moment, Process, Purpose
from app.domain.checks import check_processes


def _process() -> Process:
    return Process(
        company="Acme",
        role="Engineer",
        contacts=(Contact(name="Rita Ray", role=ContactRole.RECRUITER, email="rita@acme.example"),),
        interviews=(Interview(kind=InterviewKind.ONSITE, at=Moment.of(date(2026, 11, 2)), with_=("Rita Ray",)),),
        messages=(
            Message(
                at=Moment.of(date(2026, 11, 3)), direction=Direction.OUT, contact="Rita Ray", purpose=Purpose.REPLY
            ),
        ),
    )


def test_a_record_already_in_its_stored_form_is_kept_as_it_is() -> None:
    process = _process()
    (checked,) = check_processes([process])
    assert checked is process
    assert checked.contacts[0] is process.contacts[0]
    assert checked.interviews[0] is process.interviews[0]
    assert checked.messages[0] is process.messages[0]


def test_a_record_that_checking_normalises_is_a_new_one() -> None:
    process = _process()
    untidy = Process(
        company=" Acme ",
        role="Engineer",
        contacts=(Contact(name="Rita Ray ", email=""),),
        messages=(Message(at=Moment.of(date(2026, 11, 3)), direction=Direction.OUT, text="a\r\nb"),),
    )
    (checked,) = check_processes([untidy])
    assert checked.company == "Acme"
    assert checked.contacts[0].name == "Rita Ray" and checked.contacts[0].email is None
    assert checked.messages[0].text == "a\nb"
    assert untidy.company == " Acme " and process.company == "Acme"

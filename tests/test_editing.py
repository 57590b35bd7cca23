"""Editing and deleting every record kind, and taking each change back and forth, read back from the file.

Each test works on a real SQLite file and checks it through a new Repository
(or plain sqlite3) opened after the change, so nothing is only in memory.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from editing_support import cref, dump, iref, make_search, mref, records, stored

from app.rules.values import Contact, Interview, Message, Moment, Process
from app.storage.records import Change, process_ref
from app.storage.repository import Repository


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """A database holding Acme (2 contacts, 2 interviews, 3 messages) and Beta."""
    db = tmp_path / "nudge.db"
    make_search(db)
    return db


def _undo(path: Path, change: Change) -> bool:
    with Repository(path) as repo:
        return change.undo(repo)


def _redo(path: Path, change: Change) -> bool:
    with Repository(path) as repo:
        return change.redo(repo)


def _round_trip(path: Path, change: Change, before: dict[str, list[object]]) -> None:
    """Undo gives back exactly the rows of `before`; redo exactly the rows after the change; and again."""
    after = records(path)
    assert after != before
    assert _undo(path, change)
    assert records(path) == before
    assert _redo(path, change)
    assert records(path) == after
    assert _undo(path, change)
    assert records(path) == before


# Processes ---------------------------------------------------------------------------------


def test_edit_every_field_of_a_process(path: Path) -> None:
    acme = stored(path)
    before = records(path)
    edited = Process(
        company=" Acme Corp ",
        role="Senior Data Engineer",
        status="offer",
        country="GB",
        subdivision="SCT",
        link="https://acme.example/jobs/2",
        notes="line one\r\nline two",
        deadline=date(2026, 12, 11),
        wait_until=None,
    )
    with Repository(path) as repo:
        change = repo.edit_process(process_ref(acme), edited)
    assert change.describe() == (
        "Edited Acme Corp · Senior Data Engineer: company, role, status, link, place, notes, deadline, wait until"
    )
    now = stored(path, "Acme Corp")
    assert now.id == acme.id
    assert (now.company, now.role, now.status, now.country, now.subdivision) == (
        "Acme Corp",
        "Senior Data Engineer",
        "offer",
        "GB",
        "SCT",
    )
    assert (now.link, now.notes, now.deadline, now.wait_until) == (
        "https://acme.example/jobs/2",
        "line one\nline two",
        date(2026, 12, 11),
        None,
    )
    assert now.contacts == acme.contacts
    assert now.interviews == acme.interviews
    assert now.messages == acme.messages
    _round_trip(path, change, before)


def test_delete_a_process_takes_its_records_and_undo_brings_them_back_with_their_ids(path: Path) -> None:
    acme = stored(path)
    before = records(path)
    with Repository(path) as repo:
        change = repo.delete(process_ref(acme))
    assert change.describe() == "Deleted Acme · Data Engineer with 2 contacts, 2 interviews and 3 messages"
    with Repository(path) as repo:
        assert [p.company for p in repo.processes()] == ["Beta"]
    left = records(path)
    assert [len(left[t]) for t in ("process", "contact", "interview", "interview_contact", "message")] == [
        1,
        1,
        0,
        0,
        1,
    ]
    _round_trip(path, change, before)
    assert stored(path) == acme  # same ids, same everything


# Contacts ----------------------------------------------------------------------------------


def test_edit_a_contact(path: Path) -> None:
    acme = stored(path)
    before = records(path)
    with Repository(path) as repo:
        change = repo.edit_contact(
            cref(acme, "Rita Ray"),
            Contact(name="Rita Ray-Smith", role="headhunter", email="rita@agency.example", phone=None, direct_ok=True),
        )
    assert change.describe() == "Edited Rita Ray-Smith (Acme): name, role, email, phone, direct contact"
    now = stored(path)
    rita = now.contact("Rita Ray-Smith")
    assert rita is not None
    assert (rita.id, rita.role, rita.email, rita.phone, rita.direct_ok) == (
        acme.contacts[0].id,
        "headhunter",
        "rita@agency.example",
        None,
        True,
    )
    # Messages and interviews name her by id, so they follow the new name.
    assert [m.contact for m in now.messages] == ["Rita Ray-Smith", "Rita Ray-Smith", "Omar Haddad"]
    assert [i.with_ for i in now.interviews] == [("Rita Ray-Smith",), ("Rita Ray-Smith", "Omar Haddad")]
    _round_trip(path, change, before)


def test_delete_a_contact_keeps_their_messages_and_interviews(path: Path) -> None:
    acme = stored(path)
    before = records(path)
    with Repository(path) as repo:
        change = repo.delete(cref(acme, "Rita Ray"))
    assert change.describe() == "Deleted Rita Ray from Acme (2 messages and 2 interviews kept)"
    now = stored(path)
    assert [c.name for c in now.contacts] == ["Omar Haddad"]
    assert [(m.text, m.contact) for m in now.messages] == [
        ("my cover letter", None),
        ("see you tuesday", None),
        ("thanks, Omar", "Omar Haddad"),
    ]
    assert [i.with_ for i in now.interviews] == [(), ("Omar Haddad",)]
    _round_trip(path, change, before)
    assert stored(path) == acme


# Interviews --------------------------------------------------------------------------------


def test_reschedule_an_interview_and_change_everything_else(path: Path) -> None:
    acme = stored(path)
    before = records(path)
    moved = Interview(
        kind="final",
        at=Moment.parse("2026-12-10T09:30"),
        with_=("Omar Haddad",),
        notes="bring the slides",
        expect_by=date(2026, 12, 14),
    )
    with Repository(path) as repo:
        change = repo.edit_interview(iref(acme, "technical"), moved)
    assert change.describe() == (
        "Edited the final interview with Omar Haddad on Thu 10 Dec (Acme): kind, when, with, notes, answer by"
    )
    now = stored(path)
    final = next(i for i in now.interviews if i.kind == "final")
    assert final.id == iref(acme, "technical").id
    assert (final.at.iso(), final.with_, final.notes, final.expect_by) == (
        "2026-12-10T09:30",
        ("Omar Haddad",),
        "bring the slides",
        date(2026, 12, 14),
    )
    _round_trip(path, change, before)


def test_moving_only_the_time_says_moved(path: Path) -> None:
    acme = stored(path)
    technical = next(i for i in acme.interviews if i.kind == "technical")
    with Repository(path) as repo:
        change = repo.edit_interview(
            iref(acme, "technical"),
            Interview(kind="technical", at=Moment.parse("2026-12-10"), with_=technical.with_, notes=technical.notes),
        )
    assert change.describe() == "Moved the technical interview with Rita Ray and Omar Haddad to Thu 10 Dec (Acme)"
    assert next(i for i in stored(path).interviews if i.kind == "technical").at.iso() == "2026-12-10"


def test_delete_an_interview(path: Path) -> None:
    acme = stored(path)
    before = records(path)
    with Repository(path) as repo:
        change = repo.delete(iref(acme, "technical"))
    assert change.describe() == "Deleted the technical interview with Rita Ray and Omar Haddad on Tue 8 Dec (Acme)"
    now = stored(path)
    assert [i.kind for i in now.interviews] == ["recruiter_screen"]
    assert [c.name for c in now.contacts] == ["Rita Ray", "Omar Haddad"]
    _round_trip(path, change, before)


# Messages ----------------------------------------------------------------------------------


def test_edit_a_message(path: Path) -> None:
    acme = stored(path)
    before = records(path)
    fixed = Message(
        at=Moment.parse("2026-11-23T16:05"),
        direction="in",
        contact="Omar Haddad",
        purpose="scheduling",
        channel="phone",
        signal="neutral",
        text="can we move it?",
        expect_by=date(2026, 11, 27),
    )
    with Repository(path) as repo:
        change = repo.edit_message(mref(acme, "reply"), fixed)
    assert change.describe() == (
        "Edited the scheduling message from Omar Haddad of Mon 23 Nov (Acme): "
        "when, contact, purpose, channel, signal, text, answer by"
    )
    now = stored(path)
    message = next(m for m in now.messages if m.id == mref(acme, "reply").id)
    assert message == Message(
        at=Moment.parse("2026-11-23T16:05"),
        direction="in",
        contact="Omar Haddad",
        purpose="scheduling",
        channel="phone",
        signal="neutral",
        text="can we move it?",
        id=message.id,
        expect_by=date(2026, 11, 27),
    )
    _round_trip(path, change, before)


def test_a_message_can_lose_its_contact(path: Path) -> None:
    acme = stored(path)
    with Repository(path) as repo:
        repo.edit_message(
            mref(acme, "thank_you"),
            Message(at=Moment.parse("2026-11-24"), direction="out", contact=None, purpose="thank_you"),
        )
    message = next(m for m in stored(path).messages if m.purpose == "thank_you")
    assert (message.contact, message.text) == (None, "")


def test_delete_a_message(path: Path) -> None:
    acme = stored(path)
    before = records(path)
    with Repository(path) as repo:
        change = repo.delete(mref(acme, "application"))
    assert change.describe() == "Deleted the application to Rita Ray of Mon 16 Nov (Acme)"
    assert [m.purpose for m in stored(path).messages] == ["reply", "thank_you"]
    _round_trip(path, change, before)


# Additions, as changes too -----------------------------------------------------------------


def test_an_addition_becomes_a_change_that_undoes_and_redoes(path: Path) -> None:
    acme = stored(path)
    before = records(path)
    with Repository(path) as repo:
        mid = repo.add_message(
            acme.id, Message(at=Moment.parse("2026-11-30"), direction="out", contact="Rita Ray", purpose="follow_up")
        )
        change = repo.added(mref(repo.process(acme.id), "follow_up"))  # type: ignore[arg-type]
    assert change.describe() == "Logged the follow-up to Rita Ray of Mon 30 Nov (Acme)"
    assert any(m.id == mid for m in stored(path).messages)
    _round_trip(path, change, before)


def test_an_added_process_comes_back_on_redo_with_its_id(path: Path) -> None:
    before = records(path)
    with Repository(path) as repo:
        pid = repo.add_process(Process(company="Gamma", role="Engineer", contacts=(Contact(name="Gil Gray"),)))
        change = repo.added(process_ref(repo.process(pid)))  # type: ignore[arg-type]
    assert change.describe() == "Added Gamma · Engineer"
    _round_trip(path, change, before)
    assert _redo(path, change)
    assert stored(path, "Gamma").id == pid


def test_a_change_group_undoes_in_reverse(path: Path) -> None:
    from app.storage.records import Changes

    acme = stored(path)
    before = records(path)
    with Repository(path) as repo:
        first = repo.delete(mref(acme, "thank_you"))
        second = repo.delete(cref(acme, "Omar Haddad"))  # his message is gone already: only the interview keeps him
    group = Changes((first, second))
    assert group.describe() == (
        "Deleted the thank-you to Omar Haddad of Tue 24 Nov (Acme); Deleted Omar Haddad from Acme (1 interview kept)"
    )
    _round_trip(path, group, before)


def test_nothing_changed_is_a_change_that_does_nothing(path: Path) -> None:
    acme = stored(path)
    before = dump(path)
    with Repository(path) as repo:
        change = repo.edit_process(process_ref(acme), acme)
    assert not change.changed
    assert change.describe() == "Nothing changed in Acme · Data Engineer"
    assert dump(path) == before
    assert _undo(path, change)
    assert _redo(path, change)


def test_an_interview_added_with_a_new_contact_is_one_change(path: Path) -> None:
    """The dashboard's interview form may add the person too: both are taken back, and made again, as one."""
    from app.storage.records import Changes, contact_ref, interview_ref

    acme = stored(path)
    before = records(path)
    with Repository(path) as repo:
        repo.add_contact(acme.id, Contact(name="Ivy Iger", role="interviewer"))
        interview = Interview(kind="onsite", at=Moment.parse("2026-12-15T09:00"), with_=("Ivy Iger", "Rita Ray"))
        repo.add_interview(acme.id, interview)
        now = repo.process(acme.id)
        assert now is not None
        ivy = now.contact("Ivy Iger")
        assert ivy is not None
        onsite = next(i for i in now.interviews if i.kind == "onsite")
        group = Changes((repo.added(contact_ref(now, ivy)), repo.added(interview_ref(now, onsite))))
    assert (
        group.describe() == "Added Ivy Iger to Acme; Added the onsite with Ivy Iger and Rita Ray on Tue 15 Dec (Acme)"
    )
    assert group.process_id == acme.id
    _round_trip(path, group, before)

"""Edits that must not happen: refused whole, the file left exactly as it was, and said without personal data.

A rename onto a process already tracked, values an addition would refuse, a
record changed elsewhere since the change was made (undo and redo check it
under the write lock), and a write that fails half-way (a trigger aborts it).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from editing_support import ACME, cref, dump, iref, make_search, mref, records, stored

from app.errors import BadInput, StorageError
from app.rules.values import Contact, Interview, Message, Moment, Process
from app.storage.editing import AlreadyTracked, Duplicate, Gone
from app.storage.records import ProcessRef, process_ref
from app.storage.repository import Repository

PERSONAL = ("Acme", "Beta", "Analyst", "Data Engineer", "Rita", "Omar", "Bea", "cover letter")


def _plain(exc: BaseException) -> str:
    text = str(exc)
    assert "\n" not in text
    for word in PERSONAL:
        assert word not in text, text
    return text


@pytest.fixture
def path(tmp_path: Path) -> Path:
    db = tmp_path / "nudge.db"
    make_search(db)
    return db


def _sql(path: Path, *statements: str) -> None:
    """Change the file behind Nudge's back, as another program (or a restore) would."""
    with closing(sqlite3.connect(path)) as conn:
        for statement in statements:
            conn.execute(statement)
        conn.commit()


# Refused edits -----------------------------------------------------------------------------


def test_renaming_a_process_onto_one_already_tracked_is_refused(path: Path) -> None:
    acme = stored(path)
    before = dump(path)
    with Repository(path) as repo, pytest.raises(AlreadyTracked) as caught:
        repo.edit_process(process_ref(acme), Process(company="Beta", role=" Analyst ", notes="typed"))
    assert isinstance(caught.value, BadInput)
    _plain(caught.value)
    assert caught.value.problem == "another process already has this company and role"
    assert caught.value.where == "company"
    assert dump(path) == before


def test_duplicate_contacts_and_interviews_are_refused(path: Path) -> None:
    acme = stored(path)
    before = dump(path)
    with Repository(path) as repo:
        with pytest.raises(Duplicate) as contact:
            repo.edit_contact(cref(acme, "Omar Haddad"), Contact(name="Rita Ray"))
        screen = next(i for i in acme.interviews if i.kind == "recruiter_screen")
        with pytest.raises(Duplicate) as interview:
            repo.edit_interview(iref(acme, "technical"), Interview(kind="recruiter_screen", at=screen.at))
    _plain(contact.value)
    _plain(interview.value)
    assert (contact.value.problem, contact.value.where) == ("this process already has a contact with this name", "name")
    assert interview.value.problem == "this process already has an interview of this kind at this time"
    assert dump(path) == before


@pytest.mark.parametrize(
    ("edit", "where"),
    [
        (lambda repo, p: repo.edit_process(process_ref(p), Process(company="  ", role="Data Engineer")), "company"),
        (
            lambda repo, p: repo.edit_process(
                process_ref(p), Process(company="Acme", role="Data Engineer", country="XX")
            ),
            "country",
        ),
        (
            lambda repo, p: repo.edit_process(
                process_ref(p), Process(company="Acme", role="Data Engineer", subdivision="CA")
            ),
            "subdivision",
        ),
        (
            lambda repo, p: repo.edit_process(process_ref(p), Process(company="Acme\x00", role="Data Engineer")),
            "company",
        ),
        (lambda repo, p: repo.edit_contact(cref(p, "Rita Ray"), Contact(name="")), "name"),
        (
            lambda repo, p: repo.edit_interview(
                iref(p, "technical"), Interview(kind="technical", at=Moment.parse("2026-12-08"), with_=("Zed Zero",))
            ),
            "with",
        ),
        (
            lambda repo, p: repo.edit_message(
                mref(p, "reply"),
                Message(at=Moment.parse("2026-11-23"), direction="in", contact="Zed Zero", purpose="reply"),
            ),
            "contact",
        ),
        (
            lambda repo, p: repo.edit_message(
                mref(p, "reply"),
                Message(
                    at=Moment.parse("2026-11-23"), direction="out", contact=None, purpose="reply", signal="positive"
                ),
            ),
            "signal",
        ),
        (
            lambda repo, p: repo.edit_message(
                mref(p, "reply"), Message(at=Moment.parse("9999-11-23"), direction="in", contact=None, purpose="reply")
            ),
            "at",
        ),
    ],
)
def test_values_an_addition_would_refuse_are_refused(path: Path, edit: object, where: str) -> None:
    acme = stored(path)
    before = dump(path)
    with Repository(path) as repo, pytest.raises(BadInput) as caught:
        edit(repo, acme)  # type: ignore[operator]
    assert caught.value.where == where
    assert "Zed" not in str(caught.value)
    assert dump(path) == before


def test_editing_a_record_changed_elsewhere_is_refused(path: Path) -> None:
    acme = stored(path)
    _sql(path, "UPDATE process SET company = 'Acme Inc' WHERE company = 'Acme'")
    before = dump(path)
    with Repository(path) as repo:
        with pytest.raises(Gone) as process:
            repo.edit_process(process_ref(acme), Process(company="Acme Corp", role="Data Engineer"))
        with pytest.raises(Gone) as message:
            repo.edit_message(
                mref(acme, "reply"),
                Message(at=Moment.parse("2026-11-23"), direction="in", contact=None, purpose="reply"),
            )
        with pytest.raises(Gone):
            repo.delete(cref(acme, "Rita Ray"))
    assert _plain(process.value) == "this record was changed or deleted elsewhere; nothing was saved"
    _plain(message.value)
    assert dump(path) == before


# Undo and redo refused after a change elsewhere --------------------------------------------


def test_undo_of_an_edit_is_refused_once_the_record_changed_elsewhere(path: Path) -> None:
    acme = stored(path)
    with Repository(path) as repo:
        change = repo.edit_message(
            mref(acme, "reply"),
            Message(
                at=Moment.parse("2026-11-23"), direction="in", contact="Rita Ray", purpose="reply", text="fixed typo"
            ),
        )
    _sql(path, "UPDATE message SET text = 'edited on another machine' WHERE text = 'fixed typo'")
    before = dump(path)
    with Repository(path) as repo:
        assert not change.undo(repo)
        assert not change.redo(repo)
    assert dump(path) == before


def test_undo_of_a_process_delete_is_refused_when_another_process_took_its_id(path: Path) -> None:
    with Repository(path) as repo:
        beta = next(p for p in repo.processes() if p.company == "Beta")
        change = repo.delete(process_ref(beta))
        new_id = repo.add_process(Process(company="Gamma", role="Engineer"))
    assert new_id == beta.id, "the test needs SQLite to give the freed id again"
    before = dump(path)
    with Repository(path) as repo:
        assert not change.undo(repo)
    assert dump(path) == before


def test_undo_of_a_contact_delete_is_all_or_nothing(path: Path) -> None:
    acme = stored(path)
    with Repository(path) as repo:
        change = repo.delete(cref(acme, "Rita Ray"))
    _sql(path, "UPDATE message SET text = 'changed since' WHERE text = 'see you tuesday'")
    before = dump(path)
    with Repository(path) as repo:
        assert not change.undo(repo)
    assert dump(path) == before  # Rita is not back either: her messages no longer are what the delete left


def test_redo_of_a_process_delete_never_takes_a_record_added_since(path: Path) -> None:
    acme = stored(path)
    with Repository(path) as repo:
        change = repo.delete(process_ref(acme))
        assert change.undo(repo)
        repo.add_message(
            acme.id,
            Message(at=Moment.parse("2026-11-30"), direction="out", contact=None, purpose="follow_up", text="new"),
        )
    before = dump(path)
    with Repository(path) as repo:
        assert not change.redo(repo)
    assert dump(path) == before


def test_undo_after_a_restore_put_another_process_under_the_id(path: Path) -> None:
    acme = stored(path)
    with Repository(path) as repo:
        change = repo.edit_process(process_ref(acme), Process(company="Acme", role="Data Engineer", notes="edited"))
    _sql(path, f"UPDATE process SET company = 'Keep Co', role = 'Other', notes = 'edited' WHERE id = {acme.id}")
    before = dump(path)
    with Repository(path) as repo:
        assert not change.undo(repo)
    assert dump(path) == before


# A write that fails half-way ---------------------------------------------------------------


def test_a_delete_that_fails_half_way_leaves_the_file_as_it_was(path: Path) -> None:
    acme = stored(path)
    _sql(path, "CREATE TRIGGER no_message_delete BEFORE DELETE ON message BEGIN SELECT RAISE(ABORT, 'no'); END")
    before = dump(path)
    with Repository(path) as repo, pytest.raises(StorageError) as caught:
        repo.delete(process_ref(acme))
    _plain(caught.value)
    assert dump(path) == before


def test_an_edit_that_fails_leaves_the_file_as_it_was(path: Path) -> None:
    acme = stored(path)
    _sql(path, "CREATE TRIGGER no_link_insert BEFORE INSERT ON interview_contact BEGIN SELECT RAISE(ABORT, 'no'); END")
    before = dump(path)
    with Repository(path) as repo, pytest.raises(StorageError) as caught:
        repo.edit_interview(
            iref(acme, "recruiter_screen"),
            Interview(
                kind="recruiter_screen", at=Moment.parse("2026-11-21T10:00"), with_=("Omar Haddad",), notes="moved"
            ),
        )
    _plain(caught.value)
    assert dump(path) == before


def test_an_undo_that_fails_leaves_the_file_as_it_was(path: Path) -> None:
    acme = stored(path)
    with Repository(path) as repo:
        change = repo.delete(process_ref(acme))
    _sql(path, "CREATE TRIGGER no_message_insert BEFORE INSERT ON message BEGIN SELECT RAISE(ABORT, 'no'); END")
    before = dump(path)
    with Repository(path) as repo, pytest.raises(StorageError) as caught:
        change.undo(repo)
    _plain(caught.value)
    assert dump(path) == before
    assert records(path)["process"] == before["process"]


def test_a_reference_to_another_database_changes_nothing(path: Path, tmp_path: Path) -> None:
    """A change carries rows, not a file: replayed on another database it finds nothing to match."""
    acme = stored(path)
    with Repository(path) as repo:
        change = repo.delete(process_ref(acme))
    other = tmp_path / "other.db"
    with Repository(other) as repo:
        repo.add_process(Process(company=ACME.company, role=ACME.role))
    before = dump(other)
    with Repository(other) as repo:
        assert not change.undo(repo)
    assert dump(other) == before
    assert ProcessRef(acme.id, "Acme", "Data Engineer") == process_ref(acme)


def test_undo_of_a_rename_is_refused_once_the_old_name_is_taken_again(path: Path) -> None:
    acme = stored(path)
    with Repository(path) as repo:
        change = repo.edit_process(process_ref(acme), Process(company="Acme Corp", role="Data Engineer"))
        repo.add_process(Process(company="Acme", role="Data Engineer"))
    before = dump(path)
    with Repository(path) as repo:
        assert not change.undo(repo)
    assert dump(path) == before


def test_undo_of_a_message_delete_is_refused_once_its_contact_is_gone(path: Path) -> None:
    acme = stored(path)
    with Repository(path) as repo:
        change = repo.delete(mref(acme, "thank_you"))
    _sql(path, "DELETE FROM contact WHERE name = 'Omar Haddad'")
    before = dump(path)
    with Repository(path) as repo:
        assert not change.undo(repo)
    assert dump(path) == before


def test_a_change_group_is_undone_whole_or_not_at_all(path: Path) -> None:
    from app.storage.records import Changes

    acme = stored(path)
    with Repository(path) as repo:
        first = repo.delete(mref(acme, "application"))
        second = repo.edit_process(process_ref(acme), Process(company="Acme", role="Data Engineer", notes="later"))
    _sql(path, "UPDATE process SET notes = 'edited elsewhere' WHERE company = 'Acme'")
    before = dump(path)
    with Repository(path) as repo:
        assert not Changes((first, second)).undo(repo)  # the second part is refused: the first is not undone either
    assert dump(path) == before


def test_a_locked_database_refuses_the_edit_and_its_undo_in_one_line(path: Path) -> None:
    acme = stored(path)
    with Repository(path) as repo:
        change = repo.delete(mref(acme, "application"))
    before = dump(path)
    with closing(sqlite3.connect(path, isolation_level=None)) as other, Repository(path) as repo:
        repo.conn.execute("PRAGMA busy_timeout = 50")  # another program holds the write lock: do not wait 15 s
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(StorageError) as edit:
            repo.edit_process(process_ref(acme), Process(company="Acme", role="Data Engineer", notes="locked"))
        with pytest.raises(StorageError) as undo:
            change.undo(repo)
        other.execute("ROLLBACK")
    assert "busy" in _plain(edit.value)
    assert "busy" in _plain(undo.value)
    assert dump(path) == before
    with Repository(path) as repo:
        assert change.undo(repo)  # once the lock is free, the same undo goes through

"""Edits, deletes and their undo and redo move the stored agenda at once, like any other write.

The stored agenda keeps each open process's actions between starts; a change
to a process must make it judged again. These changes go through the one
write path, so whatever keeps the stored agenda right for an addition keeps it
right for them: checked by comparing the stored agenda with one built afresh.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from editing_support import iref, make_search, mref, stored
from support import agenda_of

from app.rules.values import Interview, Moment, Process
from app.storage.judged import stored_agenda
from app.storage.records import Change, process_ref
from app.storage.repository import Repository

DAY = date(2026, 11, 25)


def _both(path: Path) -> tuple[object, object]:
    """The stored agenda (judged rows, kept in the file) and one built afresh from the records, for DAY."""
    with Repository(path) as repo:
        kept = stored_agenda(repo.conn, DAY, repo.settings(), repo.templates(), 5)
    return kept, agenda_of(path, DAY)


def test_every_change_and_its_undo_and_redo_re_judge_the_process(tmp_path: Path) -> None:
    path = tmp_path / "nudge.db"
    make_search(path)
    kept, fresh = _both(path)
    assert kept == fresh
    acme = stored(path)
    technical = next(i for i in acme.interviews if i.kind == "technical")
    with Repository(path) as repo:
        changes: list[Change] = [
            repo.edit_process(
                process_ref(acme), Process(company="Acme", role="Data Engineer", status="active", notes="no wait")
            ),
            repo.edit_interview(
                iref(acme, "recruiter_screen"),
                Interview(kind="recruiter_screen", at=Moment.parse("2026-11-24T10:00"), with_=("Rita Ray",)),
            ),
            repo.delete(mref(acme, "thank_you")),
            repo.edit_interview(
                iref(acme, "technical"),
                Interview(kind="technical", at=Moment.parse("2026-11-26"), with_=technical.with_),
            ),
        ]
    moved, _ = _both(path)
    assert moved == agenda_of(path, DAY)
    assert moved != kept, "the changes should move the agenda"
    with Repository(path) as repo:
        for change in reversed(changes):
            assert change.undo(repo)
    assert _both(path) == (kept, kept)
    with Repository(path) as repo:
        for change in changes:
            assert change.redo(repo)
    assert _both(path) == (moved, moved)
    with Repository(path) as repo:
        gone = repo.delete(process_ref(stored(path)))
    assert _both(path)[0] == agenda_of(path, DAY)
    with Repository(path) as repo:
        assert gone.undo(repo)
    assert _both(path) == (moved, moved)

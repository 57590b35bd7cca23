"""Undo takes back the dashboard's own change, never a record a restore put under the same id.

The reproduction: the dashboard adds a process (id 10); `nudge restore` brings
back an older copy whose process 10 is another one, with contacts and messages;
`u` used to delete "process 10" with all of that. Now the undo entry names the
record by what it is, the check under the lock sees the outside change, and the
history is dropped with a notice.
"""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from pathlib import Path

from support import run_nudge, stored

from app.rules.values import Contact, Message, Moment, Process
from app.storage.records import ContactRef, MessageRef, ProcessRef
from app.storage.repository import Repository
from app.tui.app import NudgeApp
from tests.tui.conftest import DAY, SIZE
from tests.tui.driving import save_process, settle

KEEP = Process(
    company="Keep Co",
    role="Analyst",
    status="active",
    contacts=(Contact(name="Kim Keep", role="recruiter"),),
    messages=(
        Message(
            at=Moment.parse("2026-11-20"),
            direction="out",
            contact="Kim Keep",
            purpose="application",
            text="my cover letter",
        ),
        Message(
            at=Moment.parse("2026-11-23"),
            direction="in",
            contact="Kim Keep",
            purpose="reply",
            text="thanks, we will be in touch",
        ),
    ),
)


def older_copy_with_another_process_10(demo: Path, dest: Path) -> int:
    """A copy of `demo` with one more process (Keep Co), as a backup taken on another day would be."""
    with closing(sqlite3.connect(demo)) as src, closing(sqlite3.connect(dest)) as out:
        src.backup(out)
    with Repository(dest) as repo:
        pid = repo.add_process(KEEP)
        for message in KEEP.messages:
            repo.add_message(pid, message)
    return pid


def test_undo_after_a_restore_leaves_the_restored_process_alone(demo_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "older.db"
    keep_id = older_copy_with_another_process_10(demo_db, copy)

    async def run() -> None:
        with Repository(demo_db) as repo:
            app = NudgeApp(repo, DAY, export_dir=tmp_path)
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot)
                await save_process(pilot, "Idle Co", "Watcher")
                await settle(pilot)
                added = next(p for p in app.model.processes.values() if p.company == "Idle Co")
                assert added.id == keep_id, "the reproduction needs both processes to get the same id"

                done = run_nudge("restore", copy, "--db", demo_db, home=tmp_path)
                assert done.returncode == 0, done.stderr.decode()

                await pilot.press("u")  # before any poll has seen the restore
                await settle(pilot)
                assert len(app.main.history) == 0
                assert any(p.company == "Keep Co" for p in app.model.processes.values()), "not reloaded"

    asyncio.run(run())

    keep = stored(demo_db, "Keep Co")
    assert keep.id == keep_id
    assert [c.name for c in keep.contacts] == ["Kim Keep"]
    assert [m.text for m in keep.messages] == ["my cover letter", "thanks, we will be in touch"]


def test_a_reference_removes_only_the_record_it_names(demo_db: Path) -> None:
    with Repository(demo_db) as repo:
        pid = repo.add_process(KEEP)
        keep = next(p for p in repo.processes() if p.id == pid)
        mid = repo.add_message(
            pid, Message(at=Moment.parse("2026-11-24"), direction="out", contact="Kim Keep", purpose="follow_up")
        )
        contact_id = int(repo.conn.execute("SELECT id FROM contact WHERE process_id = ?", (pid,)).fetchone()[0])

        # Same ids, other records: nothing is touched.
        assert not repo.remove(ProcessRef(pid, "Idle Co", "Watcher"))
        assert not repo.remove(ContactRef(ProcessRef(pid, "Keep Co", "Analyst"), contact_id, "Someone Else"))
        assert not repo.remove(ContactRef(ProcessRef(pid, "Idle Co", "Watcher"), contact_id, "Kim Keep"))
        other = MessageRef(ProcessRef(pid, "Keep Co", "Analyst"), mid, "2026-11-24", "out", "Kim Keep", "reply")
        assert not repo.remove(other)
        assert not repo.put_back_status(ProcessRef(pid, "Idle Co", "Watcher"), "active", "rejected")
        assert repo.process(pid) == next(p for p in repo.processes() if p.id == pid)
        assert len(repo.process(pid).messages) == len(keep.messages) + 1  # type: ignore[union-attr]

        # The records themselves: taken back.
        mine = MessageRef(ProcessRef(pid, "Keep Co", "Analyst"), mid, "2026-11-24", "out", "Kim Keep", "follow_up")
        assert repo.remove(mine)
        assert repo.put_back_status(ProcessRef(pid, "Keep Co", "Analyst"), "active", "rejected")
        assert repo.remove(ProcessRef(pid, "Keep Co", "Analyst"))
        assert repo.process(pid) is None

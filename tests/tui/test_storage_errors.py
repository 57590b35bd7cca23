"""A failing database is said in one line without stored values, and the dashboard stays up.

Real failures, provoked for real: the database's `-wal` file made immutable
(`chattr +i`, which holds even for root) so every write is refused by SQLite
as read-only; a file whose table pages are overwritten (damaged at start).

SQLite only, by design: both failures are a file's. A server database fails
its own ways (a connection killed in the middle of a save, a server
restarted), provoked for real in tests/test_pg_resilience.py and
tests/tui/test_pg_dashboard.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import sqlite3
import subprocess
from collections.abc import Awaitable, Callable, Iterator
from datetime import date
from pathlib import Path

import engines
import pytest
from support import run_nudge
from textual.pilot import Pilot
from textual.widgets import Static

from app.errors import StorageError
from app.rules.values import Process
from app.storage.repository import Repository
from app.tui.app import NudgeApp
from app.tui.database import Database
from app.tui.forms import FormScreen

from .conftest import DAY, SIZE, reopened, sync
from .driving import save, save_contact, save_interview, save_message, save_process, save_status, settle, type_text

MakeApp = Callable[..., NudgeApp]

PERSONAL = ("Acme", "Globex", "Hooli", "Rita", "Data Engineer", "SQL", "parameters", "sqlalche.me", "INSERT")
"""Text that must never be in an error: demo companies, names, roles, and SQLAlchemy's SQL dump."""


def _chattr(flag: str, path: Path) -> bool:
    if shutil.which("chattr") is None:
        return False
    return subprocess.run(["chattr", flag, str(path)], capture_output=True, check=False).returncode == 0


@contextlib.contextmanager
def immutable_wal(db: Path) -> Iterator[None]:
    """Make the database's -wal file immutable (writes fail as read-only); undone on the way out."""
    wal = db.with_name(db.name + "-wal")
    if not wal.exists():
        wal.touch()
    if not _chattr("+i", wal):
        pytest.skip("chattr +i is not available here")
    try:
        yield
    finally:
        _chattr("-i", wal)


def one_clean_line(text: str) -> None:
    assert "\n" not in text.strip(), text
    assert "Traceback" not in text
    for word in PERSONAL:
        assert word not in text, (word, text)


def backup_file(tmp_path: Path) -> Path:
    source = tmp_path / "one.json"
    source.write_text(
        '{"format": "nudge-backup", "version": 1, "processes": [{"company": "Acme", "role": "Data Engineer",'
        ' "status": "active", "contacts": [{"name": "Rita Ray", "role": "recruiter"}], "interviews": [],'
        ' "messages": []}]}',
        encoding="utf-8",
    )
    return source


def test_a_refused_write_is_one_storage_error_without_values(demo_db: Path, tmp_path: Path) -> None:
    from app.backup import parse_backup

    backup = parse_backup(backup_file(tmp_path).read_bytes())
    with Repository(demo_db) as repo, immutable_wal(demo_db), pytest.raises(StorageError) as caught:
        repo.merge(backup)
    error = caught.value
    assert "read-only" in str(error)
    one_clean_line(str(error))
    assert error.__cause__ is None and error.__suppress_context__


def test_import_into_a_read_only_database_says_one_line(demo_db: Path, tmp_path: Path) -> None:
    source = backup_file(tmp_path)
    with immutable_wal(demo_db):
        done = run_nudge("import", source, "--db", demo_db, home=tmp_path)
    stderr = done.stderr.decode()
    assert done.returncode == 1
    assert "read-only" in stderr
    one_clean_line(stderr)
    assert done.stdout == b""


def notices(app: NudgeApp) -> list[tuple[str, str]]:
    return [(n.title, n.message) for n in app._notifications]


async def save_a_rejection(pilot: Pilot[None]) -> None:
    await save_status(pilot, "rejected")


SAVES: dict[str, Callable[[Pilot[None]], Awaitable[None]]] = {
    "process": save_process,
    "contact": save_contact,
    "interview": save_interview,
    "message": save_message,
    "status": save_a_rejection,
}


@pytest.mark.parametrize("kind", [*SAVES, "undo"])
@sync
async def test_a_failed_save_is_said_and_the_dashboard_stays(kind: str, demo_path: Path, make_app: MakeApp) -> None:
    before = demo_path.with_name("before.db")
    with contextlib.closing(sqlite3.connect(demo_path)) as src, contextlib.closing(sqlite3.connect(before)) as out:
        src.backup(out)
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        if kind == "undo":
            await save_contact(pilot)
            await settle(pilot)
            assert len(app.main.history)
        with immutable_wal(demo_path):
            if kind == "undo":
                await pilot.press("u")
            else:
                await SAVES[kind](pilot)
            await settle(pilot)
            assert app.is_running and app.return_code is None
            failed = [(t, m) for t, m in notices(app) if t in ("Not saved", "Could not undo")]
            assert failed, notices(app)
            _title, message = failed[-1]
            assert "read-only" in message
            one_clean_line(message)
            if kind in FORMS:  # the form stays, with what was typed and the reason in it
                form = app.screen
                assert isinstance(form, FormScreen)
                said = str(form.query_one("#form-status", Static).render())
                assert said.startswith("Not saved:") and "read-only" in said, said
                one_clean_line(said)
            else:
                assert app.screen is app.screen_stack[0]
        if kind in FORMS:  # the disk takes writes again: the same form saves what was typed, and closes
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is app.screen_stack[0]
    assert app.return_code in (None, 0)
    if kind in FORMS:
        with Repository(demo_path) as repo:
            after = repo.processes()
        assert (
            sum(1 + len(p.contacts) + len(p.interviews) + len(p.messages) for p in after)
            == sum(1 + len(p.contacts) + len(p.interviews) + len(p.messages) for p in processes_of(before)) + 1
        )


FORMS = ("process", "contact", "interview", "message")
"""The saves typed into a form (the status is picked in a dialog, undo has none)."""


def processes_of(path: Path) -> list[Process]:
    with Repository(path) as repo:
        return repo.processes()


def damage(path: Path) -> None:
    """Overwrite every page after the schema page with noise: the file opens, its tables cannot be read."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
        page = int(conn.execute("PRAGMA page_size").fetchone()[0])
    data = bytearray(path.read_bytes())
    for at in range(page * 2, len(data)):
        data[at] = 0xA5
    path.write_bytes(bytes(data))


@sync
async def test_a_damaged_file_is_said_in_the_dashboard(demo_path: Path, make_app: MakeApp) -> None:
    damage(demo_path)
    try:
        app = make_app(demo_path)
    except StorageError:
        pytest.skip("this damage is already caught when the file is opened")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.is_running and app.return_code is None
        said = [m for t, m in notices(app) if t == "Cannot read the database"]
        assert said, notices(app)
        one_clean_line(said[0])
        assert "nudge doctor" in said[0] and "nudge restore" in said[0]
        app.main.poll()  # retried on every poll, said once
        await settle(pilot)
        assert len([m for t, m in notices(app) if t == "Cannot read the database"]) == 1


class BuggyDatabase(Database):
    """A database whose settings read has a bug, holding personal data in its locals."""

    def settings(self):  # type: ignore[no-untyped-def]
        secret = "Acme · Data Engineer · Rita"  # noqa: F841 - a local Textual's traceback would show
        raise KeyError("Acme")


class Buggy(NudgeApp):
    """A dashboard with a bug in its load."""

    CSS_PATH = str(Path(__import__("app.tui.app").tui.app.__file__).with_name("app.tcss"))

    def __init__(self, repo: Repository, today: date) -> None:
        super().__init__(repo, today)
        self.main.db = BuggyDatabase(repo)


def test_a_bug_stops_the_dashboard_with_one_line_and_status_1(
    demo_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    from textual.worker import WorkerFailed

    async def run() -> NudgeApp:
        with Repository(demo_path) as repo:
            app = Buggy(repo, DAY)
            with pytest.raises(WorkerFailed):
                async with app.run_test(size=SIZE) as pilot:
                    await pilot.pause()
                    await app.workers.wait_for_complete()
                    await pilot.pause()
        return app

    capfd.readouterr()
    app = asyncio.run(run())
    printed = capfd.readouterr()
    assert app.return_code == 1
    assert app.stopped_on == (  # what run_dashboard prints, alone
        "the dashboard stopped on an unexpected error (KeyError); "
        "everything saved before it is kept (set NUDGE_DEBUG=1 for details)"
    )
    assert "Traceback" not in printed.err and "locals" not in printed.err
    assert "Acme" not in printed.out + printed.err


@sync
async def test_a_form_saved_after_the_server_cut_the_connection_is_stored_once(
    pg_demo_search: engines.Database, make_app: MakeApp
) -> None:
    """The server's own failure: the dashboard's connections killed while a form is open (pg_terminate_backend).

    Between two operations nothing is lost: the save opens a new connection and goes through, once.
    """
    app = make_app(pg_demo_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "Cut Co")
        await pilot.press("tab")
        await type_text(pilot, "Data Engineer")
        cut = pg_demo_search.sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            pg_demo_search.dbname,
        )
        assert cut and all(done for (done,) in cut)
        await save(pilot)
        assert app.is_running and app.return_code is None
        assert app.screen is app.screen_stack[0], "saved at the first ctrl+s: the connection was opened again"
        assert ("Saved", "Added Cut Co · Data Engineer. (u undoes)") in notices(app)
        assert app.repo.conn.reconnects >= 1  # type: ignore[attr-defined]
    with reopened(pg_demo_search) as repo:
        assert [p.company for p in repo.processes()].count("Cut Co") == 1

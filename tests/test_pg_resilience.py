"""A PostgreSQL server that restarts, a writer that hangs, a change made elsewhere: Nudge carries on, or says so.

The restart tests run on a private cluster of their own (tests/pg_server.py),
so stopping it never disturbs the other server tests; the others use the
shared one. Nothing is timed: each wait is for a fact (a lock queued, a
version seen), with a generous bound that only a hang would reach.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pg_server
import pytest
from engines import server_missing
from support import DEMO_DAY

from app.demo import demo_backup
from app.errors import StorageError
from app.rules.values import Process
from app.storage.connection import write_transaction
from app.storage.location import parse_location
from app.storage.repository import Repository

pytestmark = pytest.mark.skipif(server_missing() is not None, reason=f"{server_missing()}; server tests skipped")
NUDGE = str(Path(sys.executable).with_name("nudge"))


def _server_of(repo: Repository) -> Any:
    return repo.conn


# ---------------------------------------------------------------- restarts


def test_a_restart_between_operations_reconnects_and_carries_on(own_server: pg_server.Cluster, own_url: str) -> None:
    with Repository(parse_location(own_url)) as repo:
        repo.merge(demo_backup(DEMO_DAY))
        count = repo.count()
        repo.add_process(Process(company="Before", role="Restart"))  # the write path is made, then the restart
        own_server.restart()
        assert repo.count() == count + 1  # a read: reconnected
        repo.add_process(Process(company="After", role="Restart"))  # a write through SQLModel: its engine follows
        assert {"Before", "After"} <= {p.company for p in repo.processes()}
        assert _server_of(repo).reconnects == 1


def test_while_the_server_is_down_each_operation_is_one_line_then_it_carries_on(
    own_server: pg_server.Cluster, own_url: str
) -> None:
    location = parse_location(own_url)
    with Repository(location) as repo:
        repo.merge(demo_backup(DEMO_DAY))
        own_server.halt()
        try:
            for _ in range(2):
                with pytest.raises(StorageError) as caught:
                    repo.count()
                line = str(caught.value)
                assert "\n" not in line and location.dbname in line and "127.0.0.1" in line
                assert "cannot reach" in line or "lost the connection" in line or "shutting down" in line, line
        finally:
            own_server.resume()
        assert repo.count() == len(demo_backup(DEMO_DAY).processes)


def test_a_save_cut_by_a_restart_leaves_nothing_and_the_next_one_reconnects(
    own_server: pg_server.Cluster, own_url: str
) -> None:
    with Repository(parse_location(own_url)) as repo:
        repo.merge(demo_backup(DEMO_DAY))
        count = repo.count()
        with pytest.raises(StorageError, match=r"lost the connection|shut down"), write_transaction(repo.conn):
            repo.conn.execute("INSERT INTO process (company, role) VALUES (?, ?)", ("Half", "Written"))
            own_server.restart()
            repo.conn.execute("INSERT INTO process (company, role) VALUES (?, ?)", ("Never", "Seen"))
        assert repo.count() == count  # the cut transaction is gone whole; this read reconnected
        repo.add_process(Process(company="Next", role="Save"))
        assert repo.count() == count + 1


def test_the_dashboard_keeps_running_across_a_restart_and_sees_the_next_change(
    own_server: pg_server.Cluster, own_url: str
) -> None:
    location = parse_location(own_url)
    with Repository(location) as repo:
        repo.merge(demo_backup(DEMO_DAY))
        asyncio.run(_dashboard_across_restart(repo, own_server, own_url))


async def _dashboard_across_restart(repo: Repository, server: pg_server.Cluster, url: str) -> None:
    from app.tui.app import NudgeApp

    app: Any = NudgeApp(repo, DEMO_DAY)
    async with app.run_test(size=(140, 42)) as pilot:
        for _ in range(600):
            if app.loaded:
                break
            await pilot.pause(0.05)
        assert app.loaded
        seen = app.main.db.seen
        server.restart()
        with Repository(parse_location(url)) as other:
            other.add_process(Process(company="Elsewhere", role="Machine"))
        for _ in range(1200):  # wait for the fact, not for a time (None: it saw the server down, not the change)
            if app.main.db.seen not in (seen, None):
                break
            await pilot.pause(0.05)
        assert app.main.db.seen not in (seen, None)  # it reconnected, noticed the change and reloaded
        assert app.is_running and app.stopped_on is None
        assert repo.conn.reconnects >= 1  # type: ignore[attr-defined]


# ---------------------------------------------------------------- time limits


def test_every_session_gets_time_limits_unless_the_user_set_them(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.storage.postgres import IDLE_IN_TRANSACTION_TIMEOUT, LOCK_TIMEOUT, STATEMENT_TIMEOUT

    def limits() -> list[str]:
        with Repository(parse_location(pg_url)) as repo:
            names = ("lock_timeout", "statement_timeout", "idle_in_transaction_session_timeout")
            return [repo.conn.execute(f"SHOW {name}").fetchone()[0] for name in names]

    assert limits() == [LOCK_TIMEOUT, STATEMENT_TIMEOUT, IDLE_IN_TRANSACTION_TIMEOUT]
    monkeypatch.setenv("PGOPTIONS", "-c lock_timeout=3s")
    assert limits()[0] == "3s"  # the user's own setting wins


def test_a_writer_behind_a_hung_one_gives_up_in_one_line_and_changes_nothing(pg_url: str, tmp_path: Path) -> None:
    from app.backup import dump_backup

    location = parse_location(pg_url)
    backup = tmp_path / "b.json"
    backup.write_text(dump_backup(demo_backup(DEMO_DAY)), encoding="utf-8")
    with Repository(location) as hung:
        hung.add_process(Process(company="Held", role="Lock"))
        with write_transaction(hung.conn):  # a writer that took the lock and stopped
            hung.conn.execute("UPDATE process SET notes = ? WHERE company = ?", ("held", "Held"))
            done = subprocess.run(
                [NUDGE, "import", "--db", pg_url, str(backup)],
                capture_output=True,
                text=True,
                timeout=120,
                env={**os.environ, "PGOPTIONS": "-c lock_timeout=1s"},  # the default is 15 s
                check=False,
            )
        assert done.returncode == 1
        line = done.stderr.strip()
        assert len(line.splitlines()) == 1, line
        assert "write lock" in line and location.dbname in line and "nothing was changed" in line, line
        assert hung.count() == 1  # the import left nothing


# ---------------------------------------------------------------- hearing of changes


def test_wait_for_change_hears_another_connections_commit_not_its_own(pg_url: str) -> None:
    location = parse_location(pg_url)
    with Repository(location) as watcher, Repository(location) as other:
        conn: Any = watcher.conn
        assert conn.wait_for_change(0) is False  # listening from now on; nothing yet
        watcher.add_process(Process(company="Own", role="Write"))
        assert conn.wait_for_change(0.5) is False  # its own commit is not news
        other.add_process(Process(company="Other", role="Write"))
        other.add_process(Process(company="Other", role="Again"))
        assert conn.wait_for_change(60) is True  # returns as the notification arrives
        assert conn.wait_for_change(0) is False  # both were taken by that one call

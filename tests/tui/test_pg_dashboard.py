"""The dashboard on PostgreSQL hears of other machines' changes through LISTEN/NOTIFY, and carries on across a restart.

Each test opens the real dashboard (`run_test`) on a real server database and
changes it from other processes: the real `nudge import`, or a Repository in
another Python. The safety poll is set far longer than any wait here
(`SAFETY_POLL`), so what arrives can only have come through the listener;
each wait is for a fact (a process shown, a notification said) with a
generous bound that only a failure would reach, never a time measured.

The restart test stops a private cluster of its own (tests/pg_server.py), so
the shared server the other tests use is never disturbed. The last test runs
without a server: on SQLite the dashboard keeps polling, and starts no listener.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pg_server
import pytest
from engines import Cluster, server_missing
from support import base_env
from textual.pilot import Pilot
from textual.widgets import DataTable

from app.backup import Backup, dump_backup
from app.rules.values import Contact, Process
from app.storage.location import parse_location
from app.storage.repository import Repository
from app.tui import changes, main_screen
from app.tui.app import NudgeApp
from app.tui.listening import BACKOFF

from .conftest import DAY, SIZE

needs_server = pytest.mark.skipif(server_missing() is not None, reason=f"{server_missing()}; server tests skipped")
NUDGE = str(Path(sys.executable).with_name("nudge"))
NEVER = 3600.0
"""The safety poll's interval in these tests: it never runs, so only NOTIFY can bring a change."""
BOUND = 60.0
"""The longest any fact is waited for; reached only when something is broken."""


@pytest.fixture(autouse=True)
def no_safety_poll(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(main_screen, "SAFETY_POLL", NEVER)


def _sheet(company: str, count: int, *, with_contacts: bool = False) -> str:
    processes = tuple(
        Process(
            company=company,
            role=f"Role {n}",
            contacts=(Contact(name=f"Person {n}", email=f"p{n}@example.com"),) if with_contacts else (),
        )
        for n in range(count)
    )
    return dump_backup(Backup(None, processes, {}))


def _import(url: str, sheet: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """The real console script imports `sheet` (PGPASSWORD comes from the environment the fixture set)."""
    return subprocess.run(
        [NUDGE, "import", "--db", url, str(sheet)],
        capture_output=True,
        text=True,
        env=base_env(home),
        timeout=120,
        check=False,
    )


def _shown(app: NudgeApp) -> list[str]:
    """The companies in the Interviews table, as drawn."""
    table = app.main.query_one("#processes", DataTable)
    return [str(table.get_row_at(n)[0]).strip() for n in range(table.row_count)]


def _said(app: NudgeApp) -> list[tuple[str, str]]:
    return [(n.title, n.message) for n in app._notifications]


async def _until(pilot: Pilot[None], fact: Callable[[], bool], bound: float = BOUND) -> bool:
    """Let the app run until `fact()` holds (True) or `bound` seconds passed (False)."""
    deadline = time.monotonic() + bound
    while time.monotonic() < deadline:
        if fact():
            return True
        await pilot.pause(0.05)
    return fact()


async def _opened(pilot: Pilot[None]) -> NudgeApp:
    """The app once loaded and listening."""
    app: Any = pilot.app
    hearing = app.main.hearing
    assert hearing is not None, "on PostgreSQL the dashboard listens"
    assert await _until(pilot, lambda: app.loaded and hearing.waits > 0)
    assert app.main.poll_every == NEVER  # the safety poll will not run while the test waits
    return app  # type: ignore[no-any-return]


@needs_server
def test_a_change_from_another_process_arrives_through_notify(pg_url: str, tmp_path: Path) -> None:
    sheet = tmp_path / "outside.json"
    sheet.write_text(_sheet("Outside Co", 2), encoding="utf-8")

    async def session() -> None:
        with Repository(parse_location(pg_url)) as repo:
            repo.add_process(Process(company="Own Co", role="First"))
            app = NudgeApp(repo, DAY, export_dir=tmp_path)
            async with app.run_test(size=SIZE) as pilot:
                await _opened(pilot)
                assert await _until(pilot, lambda: _shown(app) == ["Own Co"])  # the table fills after the load
                done = _import(pg_url, sheet, tmp_path)
                assert done.returncode == 0, done.stderr
                assert await _until(pilot, lambda: _shown(app).count("Outside Co") == 2), _shown(app)
                hearing = app.main.hearing
                assert hearing is not None and hearing.heard >= 1 and hearing.failures == 0
                assert not [s for s in _said(app) if s[0] == "Cannot read the database"]

    asyncio.run(session())


@needs_server
def test_the_dashboards_own_save_is_not_heard_as_a_change(pg_url: str, tmp_path: Path) -> None:
    async def session() -> None:
        with Repository(parse_location(pg_url)) as repo:
            repo.add_process(Process(company="Own Co", role="First"))
            app = NudgeApp(repo, DAY, export_dir=tmp_path)
            async with app.run_test(size=SIZE) as pilot:
                await _opened(pilot)
                hearing = app.main.hearing
                assert hearing is not None
                app.main.save(changes.add_process(Process(company="Saved Here", role="Here")), None)
                assert await _until(pilot, lambda: "Saved Here" in _shown(app))
                waits = hearing.waits
                assert await _until(pilot, lambda: hearing.waits >= waits + 3)  # several waits since the save
                assert hearing.heard == 0  # its own commit is not news: no reload,
                assert len(app.main.history) == 1  # so the undo history is kept
                assert not [s for s in _said(app) if s[0] == "Changed elsewhere"]

    asyncio.run(session())


WRITER = """
import sys
from app.rules.values import Process
from app.storage.location import parse_location
from app.storage.repository import Repository

url, me, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
with Repository(parse_location(url)) as repo:
    for n in range(count):
        pid = repo.add_process(Process(company=f"Writer {me}", role=f"Role {n}"))
        print("added", pid, flush=True)
        repo.update_process(pid, notes=f"changed by {me}")
        print("changed", pid, flush=True)
"""
REPOSITORY_WRITERS, IMPORT_WRITERS = 3, 3
PER_WRITER, IMPORTS, PER_IMPORT = 20, 2, 5


@needs_server
def test_six_writers_with_the_dashboard_open(pg_url: str, tmp_path: Path) -> None:
    total = REPOSITORY_WRITERS * PER_WRITER + IMPORT_WRITERS * IMPORTS * PER_IMPORT
    groups: list[list[Path]] = []
    for writer in range(IMPORT_WRITERS):
        groups.append([])
        for part in range(IMPORTS):
            path = tmp_path / f"import-{writer}-{part}.json"
            path.write_text(_sheet(f"Importer {writer}-{part}", PER_IMPORT, with_contacts=True), encoding="utf-8")
            groups[-1].append(path)
    reported: list[int] = []

    async def session() -> None:
        with Repository(parse_location(pg_url)) as repo:
            assert repo.count() == 0
            app = NudgeApp(repo, DAY, export_dir=tmp_path)
            async with app.run_test(size=SIZE) as pilot:
                await _opened(pilot)
                env = base_env(tmp_path)
                writers = [
                    subprocess.Popen(
                        [sys.executable, "-c", WRITER, pg_url, str(n), str(PER_WRITER)],
                        stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE,
                        text=True,
                        env=env,
                    )
                    for n in range(REPOSITORY_WRITERS)
                ]
                importers = [
                    subprocess.Popen(
                        ["/bin/sh", "-c", " && ".join(f"'{NUDGE}' import --db '{pg_url}' '{p}'" for p in group)],
                        stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE,
                        text=True,
                        env=env,
                    )
                    for group in groups
                ]
                for proc in writers + importers:
                    while proc.poll() is None:  # the dashboard keeps running (and reloading) meanwhile
                        await pilot.pause(0.1)
                    out, err = proc.communicate()
                    if proc in writers:
                        assert proc.returncode == 0 and err == "", err
                        added = [int(line.split()[1]) for line in out.splitlines() if line.startswith("added")]
                        changed = [int(line.split()[1]) for line in out.splitlines() if line.startswith("changed")]
                        assert sorted(added) == sorted(changed) and len(added) == PER_WRITER
                        reported.extend(added)
                    else:
                        lines = err.strip().splitlines()
                        assert proc.returncode == 0 and len(lines) == IMPORTS, err
                        assert all(f"{PER_IMPORT} processes added, 0 already there" in x for x in lines), err
                assert await _until(pilot, lambda: len(app.main.model.processes) == total)
                processes = app.main.model.processes
                for pid in reported:
                    assert processes[pid].notes == f"changed by {processes[pid].company.split()[-1]}"
                assert await _until(pilot, lambda: len(_shown(app)) == total)
                hearing = app.main.hearing
                assert hearing is not None and hearing.heard >= 1 and hearing.failures == 0
                assert not [s for s in _said(app) if s[0] == "Cannot read the database"]
                assert app.stopped_on is None
        with Repository(parse_location(pg_url)) as repo:
            stored = {p.id: p for p in repo.processes()}
        assert len(stored) == total and len(set(reported)) == REPOSITORY_WRITERS * PER_WRITER
        for pid in reported:
            assert stored[pid].notes == f"changed by {stored[pid].company.split()[-1]}"

    asyncio.run(session())


@needs_server
def test_a_restart_while_open_is_said_then_the_next_change_shows(
    own_server: pg_server.Cluster, own_url: str, tmp_path: Path
) -> None:
    async def session() -> None:
        with Repository(parse_location(own_url)) as repo:
            repo.add_process(Process(company="Before", role="Restart"))
            app = NudgeApp(repo, DAY, export_dir=tmp_path)
            async with app.run_test(size=SIZE) as pilot:
                await _opened(pilot)
                hearing = app.main.hearing
                assert hearing is not None
                own_server.halt()
                try:
                    assert await _until(pilot, lambda: "Cannot read the database" in [t for t, _ in _said(app)])
                    failures, down_since = hearing.failures, time.monotonic()
                    await pilot.pause(3)  # down a while: the listener retries, backing off
                    down = time.monotonic() - down_since
                    tries = hearing.failures - failures
                    # At most one attempt per BACKOFF (a spinning loop would make thousands); counted, not timed.
                    assert 1 <= tries <= down / BACKOFF + 2, (tries, down)
                finally:
                    own_server.resume()
                with Repository(parse_location(own_url)) as other:
                    other.add_process(Process(company="After", role="Restart"))
                assert await _until(pilot, lambda: "After" in _shown(app)), _shown(app)
                assert await _until(pilot, lambda: ("Reloaded", "The database can be read again.") in _said(app))
                assert app.is_running and app.stopped_on is None
                assert await _until(pilot, lambda: sorted(_shown(app)) == ["After", "Before"])

    asyncio.run(session())


@needs_server
def test_a_listener_cut_alone_listens_again_without_a_word(pg_cluster: Cluster, pg_url: str, tmp_path: Path) -> None:
    dbname = pg_url.rsplit("/", 1)[1]

    async def session() -> None:
        with Repository(parse_location(pg_url)) as repo:
            repo.add_process(Process(company="Own Co", role="First"))
            app = NudgeApp(repo, DAY, export_dir=tmp_path)
            async with app.run_test(size=SIZE) as pilot:
                await _opened(pilot)
                hearing = app.main.hearing
                assert hearing is not None
                cut = pg_cluster.sql(
                    "postgres",
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND query LIKE 'LISTEN%%'",
                    dbname,
                )
                assert cut == [(True,)]  # the listener's session, not the dashboard's own
                assert await _until(pilot, lambda: hearing.failures >= 1)
                with Repository(parse_location(pg_url)) as other:
                    other.add_process(Process(company="Later Co", role="Second"))
                assert await _until(pilot, lambda: "Later Co" in _shown(app)), _shown(app)
                assert not [s for s in _said(app) if s[0] == "Cannot read the database"]  # the dashboard could read

    asyncio.run(session())


@needs_server
def test_quitting_with_the_listener_running_returns_promptly(pg_url: str, tmp_path: Path) -> None:
    quit_at: list[float] = []

    async def session() -> None:
        with Repository(parse_location(pg_url)) as repo:
            app = NudgeApp(repo, DAY, export_dir=tmp_path)
            async with app.run_test(size=SIZE) as pilot:
                await _opened(pilot)
                await pilot.pause(0.3)  # the listener is inside a wait now
                quit_at.append(time.monotonic())
                await pilot.press("q")

    asyncio.run(session())  # returns once every worker thread has ended (asyncio joins its executor)
    took = time.monotonic() - quit_at[0]
    assert took < 15, took  # a wait that ignored the quit would block on the server for ever


def test_on_sqlite_the_dashboard_polls_and_does_not_listen(empty_path: Path, tmp_path: Path) -> None:
    async def session() -> None:
        with Repository(empty_path) as repo:
            app = NudgeApp(repo, DAY, export_dir=tmp_path)
            async with app.run_test(size=SIZE) as pilot:
                assert await _until(pilot, lambda: app.loaded)
                assert app.main.hearing is None and app.main.poll_every == main_screen.POLL
                assert not [w for w in app.workers if w.group == "listen"]

    asyncio.run(session())

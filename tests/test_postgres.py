"""Nudge on a real PostgreSQL server: the same commands, the same bytes, clear failures.

A private cluster (tests/pg_server.py) is started once per test session, or
taken from NUDGE_TEST_PG when `.ci/run` started one; each test gets a fresh
database on it (the `pg_url` fixture, tests/engines.py). Without PostgreSQL binaries these tests skip, saying so.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pg_server
import pytest
from support import DEMO_DAY

from app.cli import main
from app.demo import demo_backup
from app.storage.location import parse_location

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[dev]')")

NUDGE = str(Path(sys.executable).with_name("nudge"))


def _sql(url: str, query: str, *args: Any) -> list[tuple[Any, ...]]:
    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(query, args or None)
        return cursor.fetchall() if cursor.description is not None else []


def nudge(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The installed console script, for real."""
    return subprocess.run(
        [NUDGE, *argv], capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})}, check=False
    )


# ---------------------------------------------------------------- same behaviour, same bytes


def test_every_format_and_the_export_are_the_same_bytes_on_both_engines(pg_url: str, tmp_path: Path) -> None:
    lite = str(tmp_path / "n.db")
    day = DEMO_DAY.isoformat()
    for db in (lite, pg_url):
        done = nudge("demo", "--db", db, "--date", day)
        assert done.returncode == 0, done.stderr
    outputs: dict[str, list[str]] = {}
    for db in (lite, pg_url):
        outs = [nudge("export", "--db", db).stdout]
        for fmt in ("text", "md", "json", "ics", "csv"):
            got = nudge("agenda", "--db", db, "--date", day, "--format", fmt)
            assert got.returncode == 0, got.stderr
            outs.append(got.stdout)
        outs.append(nudge("stats", "--db", db, "--date", day, "--format", "json").stdout)
        outputs[db] = outs
    assert outputs[lite] == outputs[pg_url]
    assert '"nudge-backup"' in outputs[pg_url][0]


def test_import_then_export_round_trips_byte_for_byte(pg_url: str, tmp_path: Path) -> None:
    from app.backup import dump_backup

    text = dump_backup(demo_backup(DEMO_DAY))
    (tmp_path / "b.json").write_text(text, encoding="utf-8")
    assert nudge("import", "--db", pg_url, str(tmp_path / "b.json")).returncode == 0
    again = nudge("import", "--db", pg_url, str(tmp_path / "b.json"))
    assert again.returncode == 0 and "0 processes added" in again.stderr  # idempotent
    assert nudge("export", "--db", pg_url).stdout == text


def test_copy_moves_a_search_between_engines_and_checks_it(pg_url: str, tmp_path: Path) -> None:
    lite, back = tmp_path / "from.db", tmp_path / "back.db"
    assert nudge("demo", "--db", str(lite), "--date", DEMO_DAY.isoformat()).returncode == 0
    done = nudge("copy", "--db", str(lite), "--to", pg_url)
    assert done.returncode == 0, done.stderr
    assert "read back the same" in done.stderr
    assert nudge("copy", "--db", pg_url, "--to", str(back)).returncode == 0
    assert nudge("export", "--db", str(back)).stdout == nudge("export", "--db", str(lite)).stdout
    refused = nudge("copy", "--db", str(lite), "--to", pg_url)  # not empty any more
    assert refused.returncode == 2 and "already holds a search" in refused.stderr


def test_repository_writes_and_ids_follow_explicit_ones(pg_url: str) -> None:
    from app.rules.values import Contact, Process
    from app.storage.repository import Repository

    with Repository(parse_location(pg_url)) as repo:
        repo.merge(demo_backup(DEMO_DAY))  # ids given by the merge itself
        pid = repo.add_process(Process(company="Zeta", role="Analyst"))  # ids from the sequence
        cid = repo.add_contact(pid, Contact(name="Ann"))
        assert pid == repo.count() and repo.process(pid) is not None
        assert cid > 0
        repo.update_process(pid, status="rejected")
        found = repo.process(pid)
        assert found is not None and found.status == "rejected"
        assert [p.company for p in repo.processes(closed_only=True)].count("Zeta") == 1


def test_stored_agenda_follows_every_change(pg_url: str) -> None:
    from app.rules.agenda import build_agenda
    from app.rules.values import Message, Moment
    from app.storage.judged import stored_agenda
    from app.storage.repository import Repository

    with Repository(parse_location(pg_url)) as repo:
        repo.merge(demo_backup(DEMO_DAY))
        settings, templates = repo.settings(), repo.templates()
        assert stored_agenda(repo.conn, DEMO_DAY, settings, templates, 5).due
        assert _sql(pg_url, "SELECT count(*) FROM judged")[0][0] > 0
        target = next(p for p in repo.processes(open_only=True) if p.contacts)
        repo.add_message(
            target.id,
            Message(at=Moment.parse("2026-11-25T09:00"), direction="out", contact=target.contacts[0].name),
        )
        after = stored_agenda(repo.conn, DEMO_DAY, settings, templates, 5)
        fresh = build_agenda(repo.processes(), DEMO_DAY, settings, templates, 5)
        assert after == fresh


# ---------------------------------------------------------------- writers


OUR_LOCKS = (
    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
    " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
)
"""This test database's advisory locks: pg_locks lists the whole cluster's, other tests' writers included."""


def test_a_write_takes_the_advisory_lock_up_front_and_the_next_writer_waits(pg_url: str) -> None:
    from app.storage.connection import write_transaction
    from app.storage.postgres import WRITE_LOCK
    from app.storage.repository import Repository

    location = parse_location(pg_url)
    with Repository(location) as one, Repository(location) as two:
        second_done = threading.Event()

        def second() -> None:
            with write_transaction(two.conn):
                two.conn.execute("UPDATE nudge_change SET counter = counter WHERE id = 1")
            second_done.set()

        with write_transaction(one.conn):
            held = _sql(pg_url, f"{OUR_LOCKS} AND granted")
            assert held[0][0] == 1
            worker = threading.Thread(target=second)
            worker.start()
            while not _sql(pg_url, f"{OUR_LOCKS} AND NOT granted")[0][0]:
                assert not second_done.is_set()
            assert not second_done.is_set()  # queued behind the first writer's lock
        worker.join(60)
        assert second_done.is_set()
    assert WRITE_LOCK > 0


def test_a_connection_killed_during_a_save_leaves_nothing_behind(pg_url: str) -> None:
    from app.errors import StorageError
    from app.storage.connection import write_transaction
    from app.storage.repository import Repository

    location = parse_location(pg_url)
    with Repository(location) as repo:
        repo.merge(demo_backup(DEMO_DAY))
        before = _sql(pg_url, "SELECT count(*) FROM process")[0][0]
        pid = repo.conn.execute("SELECT pg_backend_pid()").fetchone()[0]
        with pytest.raises(StorageError) as caught, write_transaction(repo.conn):
            repo.conn.execute("INSERT INTO process (company, role) VALUES (?, ?)", ("Half", "Written"))
            _sql(pg_url, "SELECT pg_terminate_backend(%s)", pid)
            repo.conn.execute("INSERT INTO process (company, role) VALUES (?, ?)", ("Never", "Seen"))
    message = str(caught.value)
    assert "lost the connection" in message and location.dbname in message and "127.0.0.1" in message
    assert "\n" not in message
    assert _sql(pg_url, "SELECT count(*) FROM process")[0][0] == before


# ---------------------------------------------------------------- schema


def test_a_newer_schema_is_refused_without_writing(pg_url: str) -> None:
    assert nudge("demo", "--db", pg_url, "--date", DEMO_DAY.isoformat()).returncode == 0
    _sql(pg_url, "UPDATE nudge_schema SET version = 99")
    counter = _sql(pg_url, "SELECT counter FROM nudge_change")
    done = nudge("demo", "--db", pg_url)
    assert done.returncode == 1
    assert "newer Nudge" in done.stderr and "Nothing was changed" in done.stderr
    assert _sql(pg_url, "SELECT counter FROM nudge_change") == counter


def test_a_reading_command_on_an_empty_database_makes_no_schema(pg_url: str) -> None:
    done = nudge("agenda", "--db", pg_url)
    assert done.returncode == 2 and "holds no Nudge search yet" in done.stderr
    assert _sql(pg_url, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")[0][0] == 0


def test_a_database_holding_other_tables_is_refused(pg_url: str) -> None:
    _sql(pg_url, "CREATE TABLE invoices (id INTEGER)")
    done = nudge("demo", "--db", pg_url)
    assert done.returncode == 1 and "holds other tables" in done.stderr


def test_the_schema_is_the_sqlmodel_tables_and_every_later_version_has_a_server_step(pg_url: str) -> None:
    from app.storage.migrations import CURRENT_VERSION
    from app.storage.pg_schema import FIRST_VERSION, UPGRADES
    from app.storage.tables import ALL_TABLES

    assert set(UPGRADES) == set(range(FIRST_VERSION, CURRENT_VERSION))
    assert nudge("demo", "--db", pg_url).returncode == 0
    for model in ALL_TABLES:
        table = model.__table__  # type: ignore[attr-defined]
        found = _sql(
            pg_url,
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position",
            table.name,
        )
        assert [c for (c,) in found] == [c.name for c in table.columns]
    assert _sql(pg_url, "SELECT version FROM nudge_schema") == [(CURRENT_VERSION,)]
    doctor = nudge("doctor", "--db", pg_url)
    assert doctor.returncode == 0 and "all good" in doctor.stdout, doctor.stdout


# ---------------------------------------------------------------- passwords and failures


def test_a_url_holding_a_password_is_refused_without_repeating_it() -> None:
    done = nudge("agenda", "--db", "postgresql://sam:s3cret-pw@127.0.0.1:1/nudge")
    assert done.returncode == 2
    assert "password in the database URL is refused" in done.stderr
    assert "s3cret-pw" not in done.stderr + done.stdout
    assert len(done.stderr.strip().splitlines()) == 1


def test_wrong_password_names_host_and_database_never_the_password(pg_url: str) -> None:
    done = nudge("agenda", "--db", pg_url, env={"PGPASSWORD": "not-the-password-123"})
    assert done.returncode == 1
    line = done.stderr.strip()
    assert len(line.splitlines()) == 1
    assert "refused the password" in line and "127.0.0.1" in line and parse_location(pg_url).dbname in line
    assert "not-the-password-123" not in line


def test_a_password_command_from_the_config_file(pg_url: str, tmp_path: Path) -> None:
    password = os.environ["PGPASSWORD"]
    script = tmp_path / "pw.sh"
    script.write_text(f"#!/bin/sh\necho {password}\n")
    script.chmod(0o700)
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\npath = "{pg_url}"\npassword_command = "{script}"\n')
    env = {"NUDGE_CONFIG": str(config), "PGPASSWORD": ""}
    done = nudge("demo", env=env)
    assert done.returncode == 0, done.stderr
    assert password not in done.stderr + nudge("config", env=env).stdout


def test_server_down_and_missing_database_are_one_line(pg_url: str) -> None:
    location = parse_location(pg_url)
    down = f"postgresql://{location.user}@127.0.0.1:{pg_server._free_port()}/nudge"
    done = nudge("agenda", "--db", down)
    assert done.returncode == 1 and "cannot reach the PostgreSQL server" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    missing = pg_url.rsplit("/", 1)[0] + "/no_such_db"
    done = nudge("agenda", "--db", missing)
    assert done.returncode == 1 and "no such database" in done.stderr and "no_such_db" in done.stderr


def test_a_missing_driver_names_the_extra(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['psycopg'] = None\n"
        "from app.cli import main\n"
        "sys.exit(main(['agenda', '--db', 'postgresql://sam@127.0.0.1:1/nudge']))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert "pip install 'nudge[postgres]'" in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_backup_of_a_server_database_is_a_private_json_export(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path))
    assert main(["demo", "--db", pg_url, "--date", DEMO_DAY.isoformat()]) == 0
    out = tmp_path / "copy.json"
    assert main(["backup", "--db", pg_url, "-o", str(out)]) == 0
    assert out.stat().st_mode & 0o777 == 0o600
    assert out.read_text(encoding="utf-8") == nudge("export", "--db", pg_url).stdout


def test_the_dashboard_opens_on_a_server_database_and_shows_the_agenda(pg_url: str) -> None:
    import asyncio

    from app.storage.repository import Repository

    with Repository(parse_location(pg_url)) as repo:
        repo.merge(demo_backup(DEMO_DAY))
        asyncio.run(_dashboard(repo, pg_url))


async def _dashboard(repo: Any, pg_url: str) -> None:
    from app.tui.app import NudgeApp

    app: Any = NudgeApp(repo, DEMO_DAY)
    async with app.run_test(size=(140, 42)) as pilot:
        for _ in range(300):
            await pilot.pause()
            if app.loaded:
                break
        assert app.loaded
        first = app.selected_action()
        assert first is not None and (first.company, first.action) == ("Hooli", "move_on")  # as on SQLite
        assert parse_location(pg_url).name in app.sub_title


# ---------------------------------------------------------------- restore


def test_a_restore_killed_halfway_leaves_the_database_as_it_was(
    pg_url: str, pg_cluster: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The restore is held on a table lock after it has kept the old contents and emptied the child tables,
    then its connection is killed: nothing of it stays, the kept export it wrote included."""
    from engines import POSTGRESQL, Database

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    database = Database(POSTGRESQL, pg_url, pg_cluster)
    assert nudge("demo", "--db", pg_url, "--date", DEMO_DAY.isoformat()).returncode == 0
    copy = tmp_path / "copy.json"
    assert nudge("export", "--db", pg_url, "-o", str(copy)).returncode == 0
    assert (
        nudge("import-csv", str(Path(__file__).parent / "fixtures/csv/teal_export.csv"), "--db", pg_url).returncode == 0
    )
    before = database.state()
    folder = tmp_path / "data" / "nudge" / "backups"
    files = sorted(p.name for p in folder.rglob("*") if p.is_file())  # the day's copy
    with psycopg.connect(pg_url) as holder:  # a transaction of its own, held open
        holder.execute("LOCK TABLE process IN SHARE MODE")
        restoring = subprocess.Popen(
            [NUDGE, "restore", "--db", pg_url, str(copy)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        waiting = (
            "SELECT l.pid FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE c.relname = 'process' AND NOT l.granted"
        )
        while not (found := _sql(pg_url, waiting)):
            assert restoring.poll() is None, restoring.communicate()
        assert _sql(pg_url, "SELECT count(*) FROM message")[0][0] > 0  # its deletes are not visible to anyone else
        assert any("before-restore" in p.name for p in folder.rglob("*"))  # the old contents kept, first
        _sql(pg_url, "SELECT pg_terminate_backend(%s)", found[0][0])
        _, err = restoring.communicate(timeout=60)
    assert restoring.returncode == 1
    assert len(err.strip().splitlines()) == 1 and "lost the connection" in err, err
    assert database.state() == before
    assert sorted(p.name for p in folder.rglob("*") if p.is_file()) == files  # the kept export went with it

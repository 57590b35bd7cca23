"""Restore as one transaction: nothing committed is lost, no copy is overwritten, no foreign schema gets in.

Real SQLite files and the real command line throughout: the race runs two
processes that loop `app.cli.main` (restores in one, imports in the other)
against one file, and counts what they reported.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest
from support import base_env, digest, export_text, fails, nudge_script, ok, run_nudge

from app.backup import Backup, dump_backup
from app.errors import BadInput
from app.rules.values import Process, Settings
from app.storage.backups import backup_dir, restore
from app.storage.migrations import expected_schema
from app.storage.repository import Repository

RACE = int(os.environ.get("NUDGE_RACE", "40"))
"""Restores in the race test; the imports beside them are three times as many. A soak run raises it."""

KILLS = int(os.environ.get("NUDGE_KILLS", "20"))
"""Rounds of the restore-kill test; a soak run can raise it."""

NOW = datetime(2026, 12, 1, 11, 30)


def _companies(path: Path) -> set[str]:
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        return {name for (name,) in conn.execute("SELECT company FROM process")}


def _kept(db: Path) -> list[Path]:
    folder = backup_dir(db)
    return sorted(folder.glob(f"{db.stem}-before-restore-*.db")) if folder.is_dir() else []


def _copy_of(demo_db: Path, tmp_path: Path, name: str = "copy.db") -> Path:
    copy = tmp_path / name
    ok(run_nudge("backup", "--db", demo_db, "-o", copy, home=tmp_path))
    return copy


# The race ------------------------------------------------------------------------------

_DRIVER = """
import sys
from app.cli import main

db, what, *files = sys.argv[1:]
for name in files:
    if main([what, "--db", db, name]) == 0:
        print(name, flush=True)
"""


@pytest.mark.slow
def test_restores_racing_imports_lose_no_reported_import(tmp_path: Path, demo_db: Path) -> None:
    copy = _copy_of(demo_db, tmp_path)
    imports = []
    for n in range(RACE * 3):
        file = tmp_path / f"race-{n}.json"
        file.write_text(
            dump_backup(Backup(Settings(), (Process(company=f"Race {n}", role="Engineer"),), {})), encoding="utf-8"
        )
        imports.append(str(file))
    env = base_env(tmp_path)
    driver = [sys.executable, "-c", _DRIVER, str(demo_db)]
    restorer = subprocess.Popen(
        [*driver, "restore", *[str(copy)] * RACE], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    importer = subprocess.Popen([*driver, "import", *imports], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    imported_out, imported_err = importer.communicate(timeout=600)
    restored_out, restored_err = restorer.communicate(timeout=600)

    restored = restored_out.decode().splitlines()
    reported = {f"Race {Path(line).stem.removeprefix('race-')}" for line in imported_out.decode().splitlines()}
    assert len(restored) == RACE, restored_err.decode()[-2000:]
    assert len(reported) == RACE * 3, imported_err.decode()[-2000:]
    kept = _kept(demo_db)
    found = _companies(demo_db).union(*(_companies(k) for k in kept))
    lost = reported - found
    assert not lost, f"{len(lost)} of {len(reported)} reported imports lost: {sorted(lost)[:5]}"
    assert len(kept) == RACE, "every restore keeps its own copy of what it replaced"
    between = sum(1 for k in kept if _companies(k) & reported)
    assert between, "no import landed between two restores: the loops did not overlap, the test proves nothing"
    print(f"{RACE} restores, {len(reported)} reported imports, none lost ({between} kept copies hold imports)")


@pytest.mark.slow
def test_a_restore_killed_at_any_moment_leaves_the_old_or_the_new_contents(tmp_path: Path, demo_db: Path) -> None:
    copy = _copy_of(demo_db, tmp_path)
    restored = _companies(copy)
    rng = random.Random(20261201)
    killed = switched = 0
    for round_no in range(KILLS):
        with Repository(demo_db) as repo:
            repo.add_process(Process(company=f"Round {round_no}", role="Role"))
        before = _companies(demo_db)
        run = subprocess.Popen(
            [nudge_script(), "restore", "--db", str(demo_db), str(copy)],
            env=base_env(tmp_path),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            run.wait(timeout=rng.uniform(0.05, 1.0))
        except subprocess.TimeoutExpired:
            run.send_signal(signal.SIGKILL)
            run.wait()
            killed += 1
        after = _companies(demo_db)
        assert after in (before, restored), f"round {round_no}: half a restore"
        if after == restored:
            switched += 1
            assert any(f"Round {round_no}" in _companies(k) for k in _kept(demo_db)), f"round {round_no}: lost"
    with closing(sqlite3.connect(demo_db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    for kept in _kept(demo_db):
        assert kept.stat().st_size > 0 and _companies(kept), f"{kept.name} is not a whole copy"
    print(f"{KILLS} restores, {killed} killed, {switched} switched: each left the old or the new contents, none lost")


# Kept copies ---------------------------------------------------------------------------


def test_two_restores_in_one_second_keep_two_copies(tmp_path: Path, demo_db: Path) -> None:
    copy = _copy_of(demo_db, tmp_path)
    with Repository(demo_db) as repo:
        repo.add_process(Process(company="Before The First", role="Role"))
    first = restore(demo_db, copy, NOW)
    with Repository(demo_db) as repo:
        repo.add_process(Process(company="Before The Second", role="Role"))
    second = restore(demo_db, copy, NOW)

    assert first.kept is not None and second.kept is not None
    assert first.kept.name == "demo-before-restore-2026-12-01-113000.db"
    assert second.kept.name == "demo-before-restore-2026-12-01-113000-2.db"
    assert "Before The First" in _companies(first.kept)
    assert "Before The Second" in _companies(second.kept)
    assert "Before The First" not in _companies(second.kept)
    assert oct(first.kept.stat().st_mode & 0o777) == oct(0o600)


def test_two_backups_in_one_second_keep_two_copies(tmp_path: Path, demo_db: Path) -> None:
    from app.storage.backups import backup_now

    with Repository(demo_db) as repo:
        one = backup_now(repo.conn, demo_db, NOW)
        repo.add_process(Process(company="Between", role="Role"))
        two = backup_now(repo.conn, demo_db, NOW)
    assert one != two
    assert "Between" not in _companies(one) and "Between" in _companies(two)


def test_a_dashboard_open_on_the_file_sees_the_restore(tmp_path: Path, demo_db: Path) -> None:
    copy = _copy_of(demo_db, tmp_path)
    with Repository(demo_db) as dashboard:
        dashboard.add_process(Process(company="Only Before", role="Role"))
        seen = dashboard.conn.execute("PRAGMA data_version").fetchone()[0]
        restore(demo_db, copy, NOW)
        assert dashboard.conn.execute("PRAGMA data_version").fetchone()[0] != seen
        assert "Only Before" not in {p.company for p in dashboard.processes()}


# A damaged current file ----------------------------------------------------------------


def _damage(path: Path, how: str) -> None:
    if how == "text":
        path.write_text("a shopping list, not a database\n")
    elif how == "truncated":
        path.write_bytes(path.read_bytes()[:5000])
    elif how == "clobbered":
        with path.open("r+b") as handle:
            handle.seek(4096 * 2)
            handle.write(b"\xff" * 4096 * 3)
    else:  # a SQLite header over garbage: not a database at all
        path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)


@pytest.mark.parametrize("how", ["text", "truncated", "clobbered", "not-a-database"])
def test_restore_over_a_damaged_file_moves_it_aside_untouched(tmp_path: Path, demo_db: Path, how: str) -> None:
    copy = _copy_of(demo_db, tmp_path)
    expected = export_text(copy)
    _damage(demo_db, how)
    before = digest(demo_db)

    run = run_nudge("restore", "--db", demo_db, copy, home=tmp_path)
    ok(run)
    (moved,) = backup_dir(demo_db).glob("demo-damaged-*.db")
    assert digest(moved) == before
    assert str(moved) in run.stderr.decode()
    assert export_text(demo_db) == expected


# Copies of another make ----------------------------------------------------------------


def test_restore_of_a_copy_with_another_page_size(tmp_path: Path, demo_db: Path) -> None:
    copy = _copy_of(demo_db, tmp_path)
    with closing(sqlite3.connect(copy, isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA page_size = 1024")
        conn.execute("VACUUM")
        assert conn.execute("PRAGMA page_size").fetchone()[0] == 1024
    expected = export_text(copy)
    with Repository(demo_db) as repo:
        repo.add_process(Process(company="Replaced", role="Role"))
    ok(run_nudge("restore", "--db", demo_db, copy, home=tmp_path))
    assert export_text(demo_db) == expected


def _wal_copy(demo_db: Path, folder: Path) -> Path:
    """A WAL database copied file by file while open: its newest committed rows are only in the -wal."""
    folder.mkdir()
    with Repository(demo_db) as repo:
        repo.conn.execute("PRAGMA wal_autocheckpoint = 0")
        repo.add_process(Process(company="Only In The WAL", role="Role"))
        assert demo_db.with_name("demo.db-wal").stat().st_size > 0
        shutil.copyfile(demo_db, folder / "wal.db")
        shutil.copyfile(demo_db.with_name("demo.db-wal"), folder / "wal.db-wal")
    with closing(sqlite3.connect(f"{(folder / 'wal.db').as_uri()}?immutable=1", uri=True)) as main_file_only:
        assert "Only In The WAL" not in {c for (c,) in main_file_only.execute("SELECT company FROM process")}
    return folder / "wal.db"


def test_restore_of_a_wal_copy_brings_the_rows_still_in_its_wal(tmp_path: Path, demo_db: Path) -> None:
    copy = _wal_copy(demo_db, tmp_path / "media")
    target = tmp_path / "target.db"
    with Repository(target) as repo:
        repo.add_process(Process(company="Replaced", role="Role"))
    ok(run_nudge("restore", "--db", target, copy, home=tmp_path))
    assert "Only In The WAL" in _companies(target)
    assert "Replaced" not in _companies(target)


def _read_only_mount_works() -> bool:
    """Root writes into a 0555 folder anyway; a read-only bind mount in a private mount namespace does not."""
    if os.geteuid() != 0:
        return True
    unshare = shutil.which("unshare")
    if unshare is None:
        return False
    with tempfile.TemporaryDirectory() as folder:
        script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && ! touch "$1/x" 2>/dev/null'
        probe = subprocess.run([unshare, "-m", "sh", "-c", script, "sh", folder], capture_output=True, check=False)
    return probe.returncode == 0


@pytest.mark.skipif(not _read_only_mount_works(), reason="running as root, and no read-only mount can be made here")
def test_restore_of_a_wal_copy_on_read_only_media(tmp_path: Path, demo_db: Path) -> None:
    copy = _wal_copy(demo_db, tmp_path / "media")
    target = tmp_path / "target.db"
    Repository(target).close()
    media = copy.parent
    media.chmod(0o555)
    try:
        if os.geteuid() == 0:
            script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && exec "$2" restore --db "$3" "$4"'
            command = ["unshare", "-m", "sh", "-c", script, "sh", media, nudge_script(), target, copy]
            run = subprocess.run(command, capture_output=True, env=base_env(tmp_path), cwd=tmp_path, check=False)
        else:
            run = run_nudge("restore", "--db", target, copy, home=tmp_path)
        ok(run)
        assert sorted(p.name for p in media.iterdir()) == ["wal.db", "wal.db-wal"]
    finally:
        media.chmod(0o755)
    assert "Only In The WAL" in _companies(target)


_FOREIGN = {
    "trigger": "CREATE TRIGGER wipe AFTER INSERT ON process BEGIN DELETE FROM process; END",
    "view": "CREATE VIEW everyone AS SELECT name, email FROM contact",
    "extra table": "CREATE TABLE stash (x TEXT)",
    "extra column": "ALTER TABLE process ADD COLUMN salary INTEGER",
    "extra index": "CREATE INDEX by_company ON process (company)",
}


@pytest.mark.parametrize("kind", sorted(_FOREIGN))
def test_a_copy_carrying_its_own_schema_is_refused(tmp_path: Path, demo_db: Path, kind: str) -> None:
    copy = _copy_of(demo_db, tmp_path)
    with closing(sqlite3.connect(copy, isolation_level=None)) as conn:
        conn.execute(_FOREIGN[kind])
    with Repository(demo_db) as repo:
        repo.add_process(Process(company="Still Here", role="Role"))
    before = export_text(demo_db)

    err = fails(run_nudge("restore", "--db", demo_db, copy, home=tmp_path), 2)
    assert "schema" in err and "nothing was changed" in err
    assert kind.removeprefix("extra ") in err
    assert export_text(demo_db) == before
    assert not _kept(demo_db)
    with closing(sqlite3.connect(demo_db)) as conn:
        assert _triggers_and_views(conn) == _OWN_TRIGGERS


def test_an_older_schema_copy_is_upgraded_then_restored(tmp_path: Path, demo_db: Path) -> None:
    from support import FIXTURES

    old = tmp_path / "v1.db"
    with closing(sqlite3.connect(old)) as conn:
        conn.executescript((FIXTURES / "schema_v1.sql").read_text(encoding="utf-8"))
    before = digest(old)
    ok(run_nudge("restore", "--db", demo_db, old, home=tmp_path))
    assert "Acme Analytics" in _companies(demo_db)
    assert digest(old) == before  # the copy itself is only read


def test_an_older_schema_copy_with_a_trigger_is_refused(tmp_path: Path, demo_db: Path) -> None:
    from support import FIXTURES

    old = tmp_path / "v1.db"
    with closing(sqlite3.connect(old)) as conn:
        conn.executescript((FIXTURES / "schema_v1.sql").read_text(encoding="utf-8"))
        conn.execute(_FOREIGN["trigger"])
    before = export_text(demo_db)
    assert "trigger" in fails(run_nudge("restore", "--db", demo_db, old, home=tmp_path), 2)
    assert export_text(demo_db) == before


def test_a_json_backup_restores_through_the_same_path(tmp_path: Path, demo_db: Path) -> None:
    exported = tmp_path / "all.json"
    ok(run_nudge("export", "--db", demo_db, "-o", exported, home=tmp_path))
    target = tmp_path / "other.db"
    with Repository(target) as repo:
        repo.add_process(Process(company="Replaced", role="Role"))
    done = restore(target, exported, NOW)
    assert export_text(target) == export_text(demo_db)
    assert done.kept is not None and _companies(done.kept) == {"Replaced"}
    assert sorted(p.name for p in backup_dir(target).iterdir()) == [done.kept.name]


def test_restore_into_itself_is_refused_by_file_not_by_spelling(tmp_path: Path, demo_db: Path) -> None:
    link = tmp_path / "link.db"
    link.symlink_to(demo_db)
    for spelling in (demo_db, link, tmp_path / "." / "demo.db"):
        with pytest.raises(BadInput, match="the database itself"):
            restore(demo_db, spelling, NOW)


# The live database carrying a schema of its own ----------------------------------------


def test_doctor_reports_a_trigger_in_the_live_database(tmp_path: Path, demo_db: Path) -> None:
    with closing(sqlite3.connect(demo_db, isolation_level=None)) as conn:
        conn.execute(_FOREIGN["trigger"])
    run = run_nudge("doctor", "--db", demo_db, home=tmp_path)
    assert run.returncode == 1
    report = run.stdout.decode()
    assert "PROBLEM" in report and "trigger" in report


@pytest.mark.parametrize("kind", ["view", "extra table"])
def test_doctor_reports_views_and_extra_tables(tmp_path: Path, demo_db: Path, kind: str) -> None:
    with closing(sqlite3.connect(demo_db, isolation_level=None)) as conn:
        conn.execute(_FOREIGN[kind])
    run = run_nudge("doctor", "--db", demo_db, home=tmp_path)
    assert run.returncode == 1
    assert kind.removeprefix("extra ") in run.stdout.decode()


_OWN_TRIGGERS = {name for kind, name in expected_schema().objects if kind == "trigger"}
"""Nudge's own triggers (the stored agenda's, made by the migrations): the only ones a file may hold."""


def _triggers_and_views(conn: sqlite3.Connection) -> set[str]:
    return {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('trigger', 'view')")}


def test_restore_over_a_live_database_with_a_trigger_sets_it_aside(tmp_path: Path, demo_db: Path) -> None:
    copy = _copy_of(demo_db, tmp_path)
    with closing(sqlite3.connect(demo_db, isolation_level=None)) as conn:
        conn.execute(_FOREIGN["trigger"])
    before = digest(demo_db)
    ok(run_nudge("restore", "--db", demo_db, copy, home=tmp_path))
    (moved,) = backup_dir(demo_db).glob("demo-damaged-*.db")
    assert digest(moved) == before
    with closing(sqlite3.connect(demo_db)) as conn:
        assert _triggers_and_views(conn) == _OWN_TRIGGERS
    assert ok(run_nudge("doctor", "--db", demo_db, home=tmp_path)).rstrip().endswith("all good")


def test_an_oversized_json_backup_is_refused_before_it_is_read(tmp_path: Path, demo_db: Path) -> None:
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:
        handle.write(b"{")
        handle.truncate(300 * 2**20)  # sparse: costs no disk, would cost 300 MB of memory
    before = export_text(demo_db)
    with pytest.raises(BadInput, match="larger than 256 MB"):
        restore(demo_db, huge, datetime(2026, 12, 1, 9, 0))
    assert export_text(demo_db) == before

"""Nothing a user logged is lost: kills mid-commit, copies, restore, doctor, damaged files."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from support import DEMO, DEMO_DAY, digest, export_text, fails, mode, ok, row_counts, run_nudge

from app.backup import Backup
from app.errors import BadInput, StorageError
from app.rules.values import Message, Moment, Process, Settings
from app.storage.backups import backup_dir, check_copy, daily_backup, daily_backups, restore
from app.storage.repository import Repository

DAY = DEMO_DAY.isoformat()
KILLS = int(os.environ.get("NUDGE_KILLS", "40"))
"""Kill rounds in the crash test; CI runs the default, a soak run can raise it."""


# Crash safety --------------------------------------------------------------------------


def _writer(path: Path, out: int, round_no: int) -> None:
    """Child of the crash test: commit as fast as it can, reporting each commit once it returned.

    Alternates single adds with multi-row merges, so kills land inside both
    small and large transactions.
    """
    with Repository(path) as repo:
        n = 0
        while True:
            name = f"r{round_no}-{n}"
            if n % 3 == 2:
                messages = tuple(
                    Message(
                        at=Moment(date(2026, 11, 2), None),
                        direction="out",
                        contact="follow_up",
                        purpose=f"{name} part {i}",
                    )
                    for i in range(20)
                )
                repo.merge(Backup(Settings(), (Process(company=name, role="Batch", messages=messages),), {}))
            else:
                repo.add_process(Process(company=name, role="Single"))
            os.write(out, f"{name}\n".encode())
            n += 1


@pytest.mark.slow
def test_killing_a_writer_mid_commit_never_loses_a_reported_change(tmp_path: Path) -> None:
    import app.storage.writer  # noqa: F401  (loaded once here, so each forked writer starts at once)

    path = tmp_path / "crash.db"
    Repository(path).close()
    rng = random.Random(20261126)
    reported: set[str] = set()
    for round_no in range(KILLS):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child never returns into pytest
            os.close(read_end)
            try:
                _writer(path, write_end, round_no)
            finally:
                os._exit(0)
        os.close(write_end)
        time.sleep(rng.uniform(0.02, 0.25))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with os.fdopen(read_end, "rb") as pipe:
            reported.update(pipe.read().decode().split())  # pipe writes this small are atomic
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        stored = {name for (name,) in conn.execute("SELECT company FROM process")}
        batches = conn.execute(
            "SELECT p.company, count(m.id) FROM process p LEFT JOIN message m ON m.process_id = p.id "
            "WHERE p.role = 'Batch' GROUP BY p.id"
        ).fetchall()
    finally:
        conn.close()
    assert reported, "the writer never got to commit: the test proves nothing"
    assert reported <= stored, f"lost: {sorted(reported - stored)[:5]}"
    assert all(count == 20 for _, count in batches), "a merge was half applied"
    print(f"{KILLS} kills, {len(reported)} reported commits, none lost")


# Daily copies --------------------------------------------------------------------------


def test_one_copy_a_day_rotated_to_the_newest(demo_db: Path) -> None:
    with Repository(demo_db) as repo:
        for offset in range(6):
            made = daily_backup(repo.conn, demo_db, DEMO_DAY + timedelta(days=offset), keep=3)
            assert made is not None and mode(made) == 0o600
        assert daily_backup(repo.conn, demo_db, DEMO_DAY + timedelta(days=5), keep=3) is None  # once a day
    copies = daily_backups(demo_db)
    assert [c.name for c in copies] == [f"demo-2026-11-{d}.db" for d in (30, 29, 28)]
    assert mode(backup_dir(demo_db)) == 0o700
    assert export_text(copies[0]) == export_text(demo_db)


def test_an_empty_database_gets_no_daily_copy(db_path: Path) -> None:
    with Repository(db_path) as repo:
        assert daily_backup(repo.conn, db_path, DEMO_DAY) is None
    assert daily_backups(db_path) == []


def test_a_copy_of_a_wal_database_holds_what_is_still_in_the_wal(tmp_path: Path) -> None:
    path = tmp_path / "live.db"
    with Repository(path) as repo:
        repo.add_process(Process(company="Only In WAL", role="Role"))
        assert path.with_name("live.db-wal").stat().st_size > 0
        made = daily_backup(repo.conn, path, DEMO_DAY)
    assert made is not None
    assert [p.company for p in Repository(made).processes()] == ["Only In WAL"]


def test_import_takes_the_daily_copy_before_it_writes(tmp_path: Path, demo_db: Path, example_text: str) -> None:
    before = export_text(demo_db)
    backup_file = tmp_path / "in.json"
    backup_file.write_text(example_text)
    ok(run_nudge("import", "--db", demo_db, backup_file, home=tmp_path))
    (copy,) = daily_backups(demo_db)
    assert export_text(copy) == before


# Backup and restore through the command line --------------------------------------------


def test_backup_then_restore_brings_everything_back_and_keeps_the_current(tmp_path: Path, demo_db: Path) -> None:
    original = export_text(demo_db)
    copy = tmp_path / "copy.db"
    ok(run_nudge("backup", "--db", demo_db, "-o", copy, home=tmp_path))
    assert mode(copy) == 0o600
    with Repository(demo_db) as repo:
        repo.add_process(Process(company="Logged After The Copy", role="Role"))
    changed = export_text(demo_db)

    run = run_nudge("restore", "--db", demo_db, copy, home=tmp_path)
    ok(run)
    assert export_text(demo_db) == original
    kept = next(backup_dir(demo_db).glob("demo-before-restore-*.db"))
    assert export_text(kept) == changed
    assert str(kept) in run.stderr.decode()


def test_restore_from_a_json_export(tmp_path: Path, demo_db: Path) -> None:
    exported = tmp_path / "all.json"
    ok(run_nudge("export", "--db", demo_db, "-o", exported, home=tmp_path))
    target = tmp_path / "other.db"
    with Repository(target) as repo:
        repo.add_process(Process(company="Replaced", role="Role"))
    ok(run_nudge("restore", "--db", target, exported, home=tmp_path))
    assert export_text(target) == export_text(demo_db)
    assert not list(backup_dir(target).glob(".restore-*"))  # the temporary database is gone


@pytest.mark.parametrize(
    ("content", "expected", "code"),
    [
        (b"just some text\n", "not a Nudge database copy", 2),
        (b'{"format": "nudge-backup", "version": 9}', "version", 2),
        (b"SQLite format 3\x00" + b"\x00" * 200, "cannot be read as a database", 1),
    ],
)
def test_restore_refuses_a_bad_copy_and_changes_nothing(
    tmp_path: Path, demo_db: Path, content: bytes, expected: str, code: int
) -> None:
    bad = tmp_path / ("bad.json" if content.startswith(b"{") else "bad.db")
    bad.write_bytes(content)
    before = digest(demo_db)
    err = fails(run_nudge("restore", "--db", demo_db, bad, home=tmp_path), code)
    assert expected in err
    assert digest(demo_db) == before
    assert not list(backup_dir(demo_db).glob("*before-restore*"))


def test_restore_refuses_a_damaged_database_copy(tmp_path: Path, demo_db: Path) -> None:
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(demo_db.read_bytes())
    _clobber(damaged)
    with pytest.raises(StorageError, match=r"damaged|cannot be read"):
        check_copy(damaged)


def test_restore_into_itself_is_refused(demo_db: Path) -> None:
    with pytest.raises(BadInput, match="the database itself"):
        restore(demo_db, demo_db, datetime(2026, 11, 26, 9))


def test_backup_list_shows_the_copies(tmp_path: Path, demo_db: Path) -> None:
    ok(run_nudge("backup", "--db", demo_db, home=tmp_path))
    listing = ok(run_nudge("backup", "--db", demo_db, "--list", home=tmp_path))
    assert str(backup_dir(demo_db)) in listing
    assert listing.count("\n") == 1


# Doctor and damaged files ---------------------------------------------------------------


def _clobber(path: Path) -> None:
    """Overwrite pages in the middle of the file, as a failing disk or a stray write would."""
    with path.open("r+b") as handle:
        handle.seek(4096 * 2)
        handle.write(b"\xff" * 4096 * 3)


def test_doctor_on_a_healthy_database(tmp_path: Path, demo_db: Path) -> None:
    report = ok(run_nudge("doctor", "--db", demo_db, home=tmp_path))
    assert "PROBLEM" not in report
    assert "processs" not in report and f"{DEMO['process']} processes" in report
    assert report.rstrip().endswith("all good")


def test_doctor_reports_damage_without_touching_the_file(tmp_path: Path, demo_db: Path) -> None:
    _clobber(demo_db)
    before = digest(demo_db)
    run = run_nudge("doctor", "--db", demo_db, home=tmp_path)
    assert run.returncode == 1
    report = run.stdout.decode()
    assert "PROBLEM" in report and "nudge restore" in report
    assert b"Traceback" not in run.stderr
    assert digest(demo_db) == before


def test_doctor_flags_files_others_can_read(tmp_path: Path, demo_db: Path) -> None:
    demo_db.chmod(0o644)
    run = run_nudge("doctor", "--db", demo_db, home=tmp_path)
    assert run.returncode == 1
    assert "chmod go=" in run.stdout.decode()


@pytest.mark.parametrize("damage", ["text", "truncated", "clobbered"])
@pytest.mark.parametrize("command", [("agenda", "--date", DAY), ("export",), ("import", "-")])
def test_damaged_files_give_one_clear_line_and_stay_untouched(
    tmp_path: Path, demo_db: Path, damage: str, command: tuple[str, ...], example_text: str
) -> None:
    if damage == "text":
        demo_db.write_text("a shopping list, not a database\n")
    elif damage == "truncated":
        demo_db.write_bytes(demo_db.read_bytes()[:5000])
    else:
        _clobber(demo_db)
    before = digest(demo_db)
    run = run_nudge(*command, "--db", demo_db, home=tmp_path, stdin=example_text.encode())
    err = fails(run, 2 if damage == "text" else 1)
    assert str(demo_db) in err
    assert ("restore" in err) or ("not a Nudge database" in err)
    assert digest(demo_db) == before


def test_a_folder_that_cannot_be_made_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    err = fails(run_nudge("demo", "--db", blocker / "sub" / "n.db", "--date", DAY, home=tmp_path), 1)
    assert str(blocker / "sub") in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders anyway")
def test_a_read_only_folder_is_a_clear_message(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        err = fails(run_nudge("demo", "--db", folder / "n.db", "--date", DAY, home=tmp_path), 1)
    finally:
        folder.chmod(0o700)
    assert str(folder / "n.db") in err


def test_doctor_reads_json_free_and_never_creates_a_database(tmp_path: Path) -> None:
    missing = tmp_path / "nothing-here.db"
    err = fails(run_nudge("doctor", "--db", missing, home=tmp_path), 2)
    assert f"no database at {missing}" in err
    assert not missing.exists()


def test_row_counts_survive_a_backup_round_trip(tmp_path: Path, demo_db: Path) -> None:
    copy = tmp_path / "c.db"
    ok(run_nudge("backup", "--db", demo_db, "-o", copy, home=tmp_path))
    assert row_counts(copy) == row_counts(demo_db)
    assert json.loads(ok(run_nudge("export", "--db", copy, home=tmp_path)))["format"] == "nudge-backup"

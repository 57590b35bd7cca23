"""The maintenance commands, the same on every engine (tests/engines.py): backup, restore, doctor.

Each test runs once on a SQLite file and once on a PostgreSQL database (when
a server is at hand). A refused restore leaves either database as it was
(`Database.state`). The Repository's own tests on both engines are in
test_storage.py, the other commands' in test_cli.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from engines import SQLITE, Database
from support import DEMO, DEMO_DAY, fails, mode, ok, run_nudge

from app.rules.values import Process
from app.storage.repository import Repository

DAY = DEMO_DAY.isoformat()


# backup, restore, doctor -------------------------------------------------------------------


def test_backup_then_restore_gives_back_what_was_there_and_keeps_what_it_replaced(
    database: Database, tmp_path: Path
) -> None:
    db = str(database)
    ok(run_nudge("demo", "--db", db, "--date", DAY, home=tmp_path))
    exported = ok(run_nudge("export", "--db", db, home=tmp_path))
    copy = tmp_path / "copy.json"
    ok(run_nudge("export", "--db", db, "-o", copy, home=tmp_path))
    # change the search, then restore the export over it
    with Repository(database.location) as repo:
        repo.add_process(Process(company="Zeta", role="Analyst"))
        changed = ok(run_nudge("export", "--db", db, home=tmp_path))
    run = run_nudge("restore", "--db", db, copy, home=tmp_path)
    ok(run)
    said = run.stderr.decode().strip()
    assert said.startswith(f"restored {copy} into {database.shown}: {DEMO['process']} processes,")
    assert ok(run_nudge("export", "--db", db, home=tmp_path)) == exported
    kept = Path(said.rsplit("the previous contents are kept in ", 1)[1])
    assert mode(kept) == 0o600
    # what was replaced restores in turn (a .db copy on SQLite, a JSON export on the server)
    ok(run_nudge("restore", "--db", db, kept, home=tmp_path))
    assert ok(run_nudge("export", "--db", db, home=tmp_path)) == changed
    doctor = run_nudge("doctor", "--db", db, home=tmp_path)
    assert "all good" in ok(doctor), doctor.stdout.decode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda data: data["processes"][0].update(status="closed"), "processes[0].status"),
        (lambda data: data.update(version=9), "written by a newer Nudge"),
    ],
)
def test_a_refused_restore_leaves_the_database_as_it_was(
    database: Database, tmp_path: Path, change: object, message: str
) -> None:
    db = str(database)
    ok(run_nudge("demo", "--db", db, "--date", DAY, home=tmp_path))
    data = json.loads(ok(run_nudge("export", "--db", db, home=tmp_path)))
    change(data)  # type: ignore[operator]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    before = database.state()
    assert message in fails(run_nudge("restore", "--db", db, bad, home=tmp_path), 2)
    assert database.state() == before
    backups = tmp_path / "xdg-data" / "nudge" / "backups"
    leftovers = [p for p in backups.rglob("*") if p.is_file()] if backups.exists() else []
    if database.engine == SQLITE:
        leftovers = [p for p in (Path(db).parent / "backups").glob("*") if "before-restore" in p.name]
    assert leftovers == []  # no kept copy of a restore that did not happen, no temporary left


def test_restore_into_an_empty_database_makes_it(database: Database, tmp_path: Path) -> None:
    source = tmp_path / "source.db"
    ok(run_nudge("demo", "--db", source, "--date", DAY, home=tmp_path))
    copy = tmp_path / "copy.json"
    ok(run_nudge("export", "--db", source, "-o", copy, home=tmp_path))
    run = run_nudge("restore", "--db", str(database), copy, home=tmp_path)
    assert "there was no database before" in ok(run) + run.stderr.decode()
    assert ok(run_nudge("export", "--db", str(database), home=tmp_path)) == copy.read_text(encoding="utf-8")

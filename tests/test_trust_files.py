"""Files and paths Nudge must never get wrong: its own database, planted temp files, devices, typos.

Every test runs the real console script (or `app.cli.main`) on real files in a
temporary folder, at fixed dates.
"""

from __future__ import annotations

import asyncio
import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from support import (
    DEMO,
    DEMO_DAY,
    base_env,
    digest,
    export_text,
    fails,
    mode,
    nudge_script,
    ok,
    row_counts,
    run_nudge,
)

from app.errors import BadInput
from app.holiday_store import StoredHolidays
from app.rules.calendar import LiveHolidays
from app.storage.files import open_new_private, private_temp, write_private_text
from app.storage.repository import Repository
from app.supported_dates import FIRST_DAY, LAST_DAY
from app.typed_dates import NotADate, parse_when

DAY = DEMO_DAY.isoformat()


def _spellings(demo_db: Path, cwd: Path) -> dict[str, str]:
    """The database (and its files) as a user might spell it; `cwd` is where the command runs."""
    link = cwd / "alias.db"
    if not link.exists():
        link.symlink_to(demo_db)
    backups = demo_db.parent / "backups"
    backups.mkdir(mode=0o700, exist_ok=True)
    kept = backups / "demo-2026-11-24.db"
    if not kept.exists():
        kept.write_bytes(b"a kept copy")
    return {
        "relative": os.path.relpath(demo_db, cwd),
        "dot-slash": "./" + os.path.relpath(demo_db, cwd),
        "absolute": str(demo_db),
        "symlink": str(link),
        "wal": f"{demo_db}-wal",
        "shm": f"{demo_db}-shm",
        "backup copy": str(kept),
        "new file in backups": str(backups / "new.md"),
    }


def _state(demo_db: Path) -> tuple[str, dict[str, int], list[str]]:
    backups = demo_db.parent / "backups"
    return digest(demo_db), row_counts(demo_db), sorted(p.name + ":" + digest(p) for p in backups.iterdir())


# 4. -o onto the open database ------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ("agenda", "--date", DAY),
        ("agenda", "--date", DAY, "--format", "json"),
        ("stats", "--date", DAY),
        ("export",),
    ],
    ids=" ".join,
)
def test_output_onto_the_database_is_refused_however_it_is_spelled(
    tmp_path: Path, demo_db: Path, command: tuple[str, ...]
) -> None:
    for name, target in _spellings(demo_db, tmp_path).items():
        before = _state(demo_db)
        run = run_nudge(*command, "--db", demo_db, "-o", target, home=tmp_path)
        err = fails(run, 2)  # one line, exit 2
        assert "choose another file" in err, (name, err)
        assert _state(demo_db) == before, name
        assert not (demo_db.parent / "backups" / "new.md").exists()
    assert ok(run_nudge("agenda", "--db", demo_db, "--date", DAY, home=tmp_path))


def test_the_writer_refuses_every_open_database_in_the_process(
    tmp_path: Path, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rule lives in the one writer, so the dashboard, config saves and caches share it."""
    monkeypatch.chdir(tmp_path)  # the relative spellings are relative to here
    with Repository(demo_db):
        pass  # closed again: the process still knows it as its database
    before = digest(demo_db)
    for target in _spellings(demo_db, tmp_path).values():
        with pytest.raises(BadInput, match="choose another file"):
            write_private_text(Path(target), "replaced?")
    assert digest(demo_db) == before
    write_private_text(tmp_path / "elsewhere.md", "fine")  # any other file is written as ever


def test_the_dashboards_export_dialog_cannot_overwrite_the_database(tmp_path: Path, demo_db: Path) -> None:
    from textual.widgets import Input

    from app.tui.app import NudgeApp
    from app.tui.dialogs import ExportDialog

    before = export_text(demo_db)  # the search itself: the dashboard may store its judged actions

    async def drive() -> list[str]:
        with Repository(demo_db) as repo:
            app = NudgeApp(repo, DEMO_DAY, export_dir=tmp_path)
            said: list[str] = []
            original = app.notify

            def notify(message: str, **kwargs: object) -> None:
                said.append(str(message))
                original(message, **kwargs)  # type: ignore[arg-type]

            app.notify = notify  # type: ignore[method-assign]
            async with app.run_test(size=(140, 42)) as pilot:
                await app.workers.wait_for_complete()
                await pilot.pause()
                for target in (str(demo_db), f"{demo_db}-wal", os.path.relpath(demo_db)):
                    await pilot.press("e")
                    await pilot.pause()
                    assert isinstance(app.screen, ExportDialog)
                    app.screen.query_one("#path", Input).value = target
                    await pilot.press("ctrl+s")
                    await app.workers.wait_for_complete()
                    await pilot.pause()
                    if isinstance(app.screen, ExportDialog):
                        await pilot.press("escape")
                        await pilot.pause()
            return said

    said = asyncio.run(drive())
    assert sum("choose another file" in line for line in said) == 3, said
    assert export_text(demo_db) == before
    assert row_counts(demo_db)["process"] == DEMO["process"]


def test_a_backup_onto_the_database_or_its_wal_is_refused(tmp_path: Path, demo_db: Path) -> None:
    link = tmp_path / "link.db"
    link.symlink_to(demo_db)
    before = digest(demo_db)
    for target in (demo_db, link, f"{demo_db}-wal", os.path.relpath(demo_db, tmp_path)):
        fails(run_nudge("backup", "--db", demo_db, "-o", target, home=tmp_path), 2)
    assert digest(demo_db) == before


# 10. The temporary file -----------------------------------------------------------------


def test_planted_files_at_the_old_temp_name_do_not_matter(tmp_path: Path, demo_db: Path) -> None:
    """`.{name}.tmp-{pid}` was guessable: a symlink there redirected the export, a 0666 file kept its mode."""
    from app.cli import main

    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out = tmp_path / "out"
    out.mkdir()
    pid = os.getpid()  # main() runs in this process, so this is the pid the old name used
    (out / f".agenda.md.tmp-{pid}").symlink_to(victim)
    planted = out / f".stats.md.tmp-{pid}"
    planted.touch()
    planted.chmod(0o666)
    (out / f".export.json.tmp-{pid}").symlink_to(victim)
    for name, command in (("agenda.md", ["agenda", "--date", DAY]), ("stats.md", ["stats", "--date", DAY])):
        assert main([*command, "--db", str(demo_db), "-o", str(out / name)]) == 0
        assert mode(out / name) == 0o600
        assert not (out / name).is_symlink()
    assert main(["export", "--db", str(demo_db), "-o", str(out / "export.json")]) == 0
    assert mode(out / "export.json") == 0o600
    assert victim.read_text() == "precious"


def test_the_temp_file_is_new_private_and_never_a_followed_link(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    link = tmp_path / "planted-link"
    link.symlink_to(victim)
    dangling = tmp_path / "planted-dangling"
    dangling.symlink_to(tmp_path / "would-be-created")
    wide = tmp_path / "planted-0666"
    wide.touch()
    wide.chmod(0o666)
    for planted in (link, dangling, wide):
        with pytest.raises(OSError):
            os.close(open_new_private(planted))
    assert victim.read_text() == "precious"
    assert not (tmp_path / "would-be-created").exists()
    assert mode(wide) == 0o666

    old = os.umask(0)
    try:
        names = set()
        for _ in range(20):
            fd, path = private_temp(tmp_path, "agenda.md")
            os.close(fd)
            names.add(path.name)
            assert path.parent == tmp_path
            assert stat.S_ISREG(os.lstat(path).st_mode)
            assert mode(path) == 0o600
            assert path.name.startswith(".agenda.md.")
            assert str(os.getpid()) not in path.name
    finally:
        os.umask(old)
    assert len(names) == 20


# 11. Devices as the database -----------------------------------------------------------


@pytest.mark.parametrize(
    "command", [("agenda", "--date", DAY), ("stats", "--date", DAY), ("export",), ("doctor",), ("demo",), ()]
)
def test_a_device_as_the_database_is_refused_and_never_chmodded(tmp_path: Path, command: tuple[str, ...]) -> None:
    null = Path("/dev/null")
    recorded = null.stat().st_mode
    try:
        null.chmod(0o666) if os.geteuid() == 0 else None
        wanted = stat.S_IMODE(null.stat().st_mode)
        config = tmp_path / "config.toml"
        config.write_text('[database]\npath = "/dev/null"\n')
        for how in ("--db", "NUDGE_DB", "config"):
            args = (*command, "--db", str(null)) if how == "--db" else command
            env = {"NUDGE_DB": str(null)} if how == "NUDGE_DB" else {}
            if how == "config":
                env = {"NUDGE_CONFIG": str(config)}
            run = run_nudge(*args, home=tmp_path, env=env)
            err = fails(run, 2)
            assert "not a regular file" in err, err
            assert "chmod" not in err + run.stdout.decode()
            assert stat.S_IMODE(null.stat().st_mode) == wanted
            assert stat.S_ISCHR(null.stat().st_mode)
    finally:
        if os.geteuid() == 0:
            os.chmod(null, stat.S_IMODE(recorded))


LATER = "2026-12-03"
"""A day after the demo's: the actions stored when the demo was written no longer all hold."""


# 19. Read-only commands on a missing database ------------------------------------------


@pytest.mark.parametrize(
    "command", [("agenda", "--date", DAY), ("stats", "--date", DAY), ("export",), ("doctor",), ("backup",)]
)
def test_a_reading_command_on_a_missing_database_creates_nothing(tmp_path: Path, command: tuple[str, ...]) -> None:
    typo = tmp_path / "no-such-folder" / "nuge.db"
    err = fails(run_nudge(*command, "--db", typo, home=tmp_path), 2)
    assert err == f"nudge: no database at {typo}; check the path, or start one with 'nudge' or 'nudge demo'"
    assert not typo.parent.exists()
    flat = tmp_path / "nuge.db"
    fails(run_nudge(*command, "--db", flat, home=tmp_path), 2)
    assert not flat.exists()
    # The default place, before any use: the same answer, and the data folder is not made either.
    err = fails(run_nudge(*command, home=tmp_path), 2)
    assert "no database at" in err and "'nudge demo'" in err
    assert not (tmp_path / "xdg-data").exists()


@pytest.mark.parametrize(
    "command",
    [
        ("agenda", "--date", LATER),
        ("agenda", "--date", LATER, "--format", "json"),
        ("stats", "--date", LATER),
        ("export",),
    ],
)
def test_a_reading_command_leaves_the_file_byte_for_byte(tmp_path: Path, command: tuple[str, ...]) -> None:
    """Reading commands judge what is not stored yet without storing it: the file stays as it was."""
    made = tmp_path / "n.db"
    ok(run_nudge("demo", "--db", made, "--date", DAY, home=tmp_path))
    before = digest(made)
    ok(run_nudge(*command, "--db", made, home=tmp_path))
    assert digest(made) == before


def test_writing_commands_still_create_the_database(tmp_path: Path) -> None:
    made = tmp_path / "new" / "n.db"
    ok(run_nudge("demo", "--db", made, "--date", DAY, home=tmp_path))
    assert made.is_file()
    assert ok(run_nudge("agenda", "--db", made, "--date", DAY, home=tmp_path))


# 18. Folders under umask 000 -----------------------------------------------------------


def test_every_folder_nudge_creates_is_private_under_umask_000(tmp_path: Path) -> None:
    env = base_env(tmp_path)
    deep = tmp_path / "a" / "b" / "c" / "n.db"
    export = tmp_path / "x" / "y" / "agenda.md"

    def run(*args: str) -> None:
        done = subprocess.run(
            [nudge_script(), *args],
            capture_output=True,
            env=env,
            cwd=tmp_path,
            check=False,
            timeout=60,
            preexec_fn=lambda: os.umask(0),
        )
        assert done.returncode == 0, done.stderr.decode()

    run("demo", "--date", DAY)  # the default place: ~/.local/share-like parents, all made by Nudge
    run("demo", "--db", str(deep), "--date", DAY)
    run("agenda", "--db", str(deep), "--date", DAY, "-o", str(export))
    run("backup", "--db", str(deep))
    made = [
        tmp_path / "xdg-data",
        tmp_path / "xdg-data" / "nudge",
        tmp_path / "a",
        tmp_path / "a" / "b",
        tmp_path / "a" / "b" / "c",
        tmp_path / "a" / "b" / "c" / "backups",
        tmp_path / "x",
        tmp_path / "x" / "y",
        tmp_path / "xdg-cache",
        tmp_path / "xdg-cache" / "nudge",
    ]
    assert {str(p): oct(mode(p)) for p in made} == {str(p): oct(0o700) for p in made}
    assert mode(export) == 0o600
    assert mode(deep) == 0o600


# 15. Holiday cache of the wrong shape ----------------------------------------------------


BAD_SHAPES = [
    "[]",
    "[1, 2]",
    "null",
    "5",
    '"text"',
    '{"public": [], "weekend": {}}',
    '{"public": {}, "weekend": []}',
    '{"public": {}}',
    '{"public": {}, "weekend": {"US": "56"}}',
    '{"public": {}, "weekend": {"US": ["5", "6"]}}',
    '{"public": {}, "weekend": {"US": [5, 99]}}',
    '{"public": {}, "weekend": {"US": []}, "supported": {}}',
    '{"public": {"US||2026": [1, 2]}, "weekend": {}}',
    '{"public": {"US||2026": ["not a day"]}, "weekend": {}}',
    '{"public": {"US||2026": ["2026-13-01"]}, "weekend": {}}',
    '{"public": {}, "weekend": {}, "supported": []}',
    '{"public": {}, "weekend": {}, "supported": {"US": "CA"}}',
    '{"public": {}, "weekend": {}, "supported": {"US": [1, 2]}}',
    '{"public": {}, "weekend": {}, "supported": {"1": null}}',
]


@pytest.mark.parametrize("content", BAD_SHAPES)
def test_a_cache_of_the_wrong_shape_is_ignored_and_rebuilt(tmp_path: Path, content: str) -> None:
    live = LiveHolidays()
    path = tmp_path / "holidays.json"
    path.write_text(content)
    store = StoredHolidays(path)
    assert store.weekend("US") == live.weekend("US") == frozenset({5, 6})
    assert store.public("US", None, 2026) == live.public("US", None, 2026)
    assert store.supported() == live.supported()
    store.save()
    again = StoredHolidays(path)
    assert again.weekend("US") == frozenset({5, 6})
    assert again.public("US", None, 2026) == live.public("US", None, 2026)


@pytest.mark.parametrize("content", ["[]", '{"public": {}}', '{"public": {}, "weekend": {"US": ["5", "6"]}}'])
def test_the_command_line_runs_with_a_cache_of_the_wrong_shape(tmp_path: Path, demo_db: Path, content: str) -> None:
    good = ok(run_nudge("agenda", "--db", demo_db, "--date", DAY, "--format", "json", home=tmp_path))
    (cache,) = (tmp_path / "xdg-cache" / "nudge").glob("holidays-*.json")
    cache.write_text(content)
    again = ok(run_nudge("agenda", "--db", demo_db, "--date", DAY, "--format", "json", home=tmp_path))
    assert again == good
    assert ok(run_nudge("stats", "--db", demo_db, "--date", DAY, "--format", "json", home=tmp_path))


# 16. Dates at the extremes -------------------------------------------------------------


def test_the_supported_range_is_defined_once() -> None:
    assert date(1900, 1, 1) == FIRST_DAY
    assert date(2200, 12, 31) == LAST_DAY


@pytest.mark.parametrize(
    "command",
    [
        ("agenda", "--date", "9999-12-31"),
        ("agenda", "--date", "2201-01-01"),
        ("agenda", "--date", "1899-12-31"),
        ("stats", "--date", "9999-12-31"),
        ("stats", "--date", "0001-01-01"),
        ("stats", "--since", "0001-01-01", "--date", DAY),
        ("stats", "--since", "9999-12-31", "--date", DAY),
        ("demo", "--date", "9999-12-31"),
        ("--date", "9999-12-31"),
    ],
    ids=" ".join,
)
def test_dates_outside_the_range_are_bad_input(tmp_path: Path, demo_db: Path, command: tuple[str, ...]) -> None:
    err = fails(run_nudge(*command, "--db", demo_db, home=tmp_path), 2)
    assert "from 1900-01-01 to 2200-12-31" in err
    assert "unexpected" not in err


@pytest.mark.parametrize("day", ["1900-01-01", "2200-12-31"])
def test_the_edges_of_the_range_work(tmp_path: Path, demo_db: Path, day: str) -> None:
    ok(run_nudge("agenda", "--db", demo_db, "--date", day, home=tmp_path))
    ok(run_nudge("agenda", "--db", demo_db, "--date", day, "--days", "260", "--format", "ics", home=tmp_path))
    ok(run_nudge("stats", "--db", demo_db, "--date", day, "--since", day, home=tmp_path))


def test_backups_and_typed_dates_share_the_range(tmp_path: Path, example_text: str) -> None:
    from app.backup import parse_backup

    for day in ("2201-01-01", "1899-12-31", "9999-12-31"):
        for planted in (f"{day}T09:00", day):
            document = example_text.replace("2026-12-07T09:00", planted)
            with pytest.raises(BadInput, match="from 1900-01-01 to 2200-12-31"):
                parse_backup(document.encode())
        with pytest.raises(BadInput, match="from 1900-01-01 to 2200-12-31"):
            parse_backup(example_text.replace('"2026-12-24"', f'"{day}"').encode())
        with pytest.raises(NotADate, match="from 1900-01-01 to 2200-12-31"):
            parse_when(day, DEMO_DAY)
    assert parse_when("2200-12-31", DEMO_DAY).day == LAST_DAY
    with pytest.raises(NotADate, match="from 1900-01-01 to 2200-12-31"):
        parse_when("in 9999 weeks", DEMO_DAY)


# 8. What main() says about an unexpected error ------------------------------------------


def test_an_unexpected_error_names_its_type_only(tmp_path: Path, demo_db: Path) -> None:
    """The exception's text can hold a company or a note: it stays out of the message."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import sqlite3, sys\n"
        "import app.cli as cli\n"
        "def boom(args):\n"
        "    raise ValueError('Acme Corp salary notes')\n"
        "def sql(args):\n"
        "    from sqlalchemy.exc import IntegrityError\n"
        "    conn = sqlite3.connect(':memory:')\n"
        "    conn.executescript('PRAGMA foreign_keys = ON; CREATE TABLE p (id INTEGER PRIMARY KEY);"
        " CREATE TABLE c (p REFERENCES p (id));')\n"
        "    try:\n"
        "        conn.execute('INSERT INTO c VALUES (99)')\n"
        "    except sqlite3.IntegrityError as exc:\n"
        "        raise IntegrityError('INSERT INTO process VALUES (?)', ('Acme Corp',), exc) from exc\n"
        "cli.COMMANDS['agenda'] = boom if sys.argv[1] == 'plain' else sql\n"
        "sys.exit(cli.main(['agenda', '--db', sys.argv[2]]))\n"
    )
    said: dict[str, str] = {}
    for kind in ("plain", "sql"):
        env = base_env(tmp_path)
        run = subprocess.run(
            [sys.executable, str(probe), kind, str(demo_db)],
            capture_output=True,
            env=env,
            cwd=Path(__file__).resolve().parent.parent,
            check=False,
            timeout=60,
        )
        err = run.stderr.decode()
        assert run.returncode == 1, err
        assert err.count("\n") == 1, err
        assert "Acme" not in err and "INSERT" not in err and "http" not in err, err
        assert err.startswith("nudge: ")
        said[kind] = err
    assert said["plain"] == "nudge: unexpected error: ValueError (set NUDGE_DEBUG=1 for details)\n"
    assert said["sql"] == f"nudge: {demo_db} could not be used (FOREIGN KEY constraint failed); nothing was changed\n"
